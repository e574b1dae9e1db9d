"""--fix loses no data, whenever the process dies: after SIGKILL at any moment, including
in the middle of writing a file, every article is byte for byte either the original or
the fully fixed file, none is missing, and what is left over is at most a hidden
temporary file (`.NAME.XXXXXXXX.mtcheck-tmp`) that no directory walk checks. A later
--fix run finishes the job and removes the temporary files once they are stale.

The articles are long (about 400 KB: the seed article, a long appendix that costs little
to check, the seed article again), so that writing one takes a while, and their fixes
sit near the start and near the end, so that a file written only in part, or old at one
end and new at the other, is neither the original nor the fixed file. The kills are
timed by watching the folder: the moment an article starts to change (a temporary file
appears for it, or its size, time, inode or very existence changes) the run is killed,
at once or a little later, so kills land inside writes, not only between files."""
from __future__ import annotations

import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import SEED

ARTICLES = 4
SEED_BYTES = SEED.read_bytes()
NAMES = [f"a{i:02d}.txt" for i in range(ARTICLES)]
TEMP = re.compile(r"^\.(?P<name>a\d\d\.txt)\.[a-z0-9_]{8}\.mtcheck-tmp$")


def article(i: int) -> bytes:
    """Article `i`: about 400 KB, each one different (the appendix length)."""
    head = SEED_BYTES.rstrip(b"\n")
    appendix = b"x" * 79 + b"\n"
    return head + b"\n\n" + appendix * (5000 + 7 * i) + b"\n" + head + b"\n"


ORIGINALS = {name: article(i) for i, name in enumerate(NAMES)}


def make_articles(folder: Path) -> None:
    folder.mkdir()
    for name, data in ORIGINALS.items():
        path = folder / name
        path.write_bytes(data)
        path.chmod(0o640)


def start_fix(*folders: Path, extra: tuple[str, ...] = ()) -> subprocess.Popen:
    # its own process group, so that worker processes (--jobs) can be killed with it
    return subprocess.Popen([sys.executable, "-m", "mtcheck", "check", "--fix", "--grammar", "off", "--quiet",
                             *extra, *map(str, folders)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)


@pytest.fixture(scope="module")
def fixed_articles(tmp_path_factory) -> tuple[dict[str, bytes], float]:
    """The fully fixed articles, from one --fix run left alone, and how long it took."""
    folder = tmp_path_factory.mktemp("reference") / "articles"
    make_articles(folder)
    started = time.monotonic()
    proc = start_fix(folder)
    assert proc.wait(timeout=120) in (0, 1)
    elapsed = time.monotonic() - started
    assert sorted(os.listdir(folder)) == NAMES
    fixed = {name: (folder / name).read_bytes() for name in NAMES}
    for name, data in fixed.items():
        old = ORIGINALS[name]
        # a fix in the first and in the last kilobyte: a file written in part, or new at
        # one end and old at the other, is neither the original nor the fixed file
        assert data[:1000] != old[:1000] and data[-1000:] != old[-1000:], name
    return fixed, elapsed


def inventory(folder: Path, fixed: dict[str, bytes]) -> dict[str, int]:
    """Check the folder after a kill; count old, new and leftover temporary files, and
    the temporary files cut short (the kill landed while their bytes were written)."""
    counts = {"old": 0, "new": 0, "temp": 0, "cut": 0}
    names = sorted(os.listdir(folder))
    articles = [n for n in names if not n.startswith(".")]
    assert articles == NAMES, f"articles missing or added: {names}"
    for name in articles:
        data = (folder / name).read_bytes()
        if data == ORIGINALS[name]:
            counts["old"] += 1
        else:
            new = data == fixed[name]
            assert new, (f"{folder.name}/{name} is neither the original nor the fixed file "
                         f"({len(data)} bytes; the original has {len(ORIGINALS[name])}, the fixed {len(fixed[name])})")
            assert (folder / name).stat().st_mode & 0o777 == 0o640, "the fixed file lost its permissions"
            counts["new"] += 1
    for name in names:
        if name.startswith("."):
            m = TEMP.match(name)
            assert m, f"unexpected file {name}"
            data = (folder / name).read_bytes()
            part_of_fix = fixed[m["name"]].startswith(data)
            assert part_of_fix, f"{name} holds something other than the fix"
            article_old = (folder / m["name"]).read_bytes() == ORIGINALS[m["name"]]
            assert article_old, f"{name} was left behind although its article was replaced"
            counts["temp"] += 1
            counts["cut"] += len(data) < len(fixed[m["name"]])
    return counts


def changing(folder: Path, before: dict[str, tuple[int, int, int]]) -> set[str]:
    """The articles that have started to change: a temporary file of theirs exists, or
    their inode, size or modification time differs from `before`, or they are gone."""
    out = set()
    for name in os.listdir(folder):
        m = TEMP.match(name)
        if m:
            out.add(m["name"])
    for name, was in before.items():
        if name not in out:
            try:
                st = os.stat(folder / name)
            except FileNotFoundError:
                out.add(name)
                continue
            if (st.st_ino, st.st_size, st.st_mtime_ns) != was:
                out.add(name)
    return out


def kill_when_writing(proc: subprocess.Popen, folder: Path, nth: int, delay: float, timeout: float = 60) -> bool:
    """Kill the run `delay` seconds after the `nth` article starts to change; False if
    the run ended first."""
    before = {}
    for name in NAMES:
        st = os.stat(folder / name)
        before[name] = (st.st_ino, st.st_size, st.st_mtime_ns)
    deadline = time.monotonic() + timeout
    while len(changing(folder, before)) < nth:
        if proc.poll() is not None:
            return False
        assert time.monotonic() < deadline, "the run wrote nothing"
    end = time.perf_counter() + delay
    while time.perf_counter() < end:  # a busy wait: sleep() is too coarse for this
        pass
    kill_group(proc)
    return True


def kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:  # it had already finished
        pass
    proc.wait(timeout=30)
    time.sleep(0.05)  # let killed workers (not our children) go before looking


def test_sigkill_at_any_moment_leaves_every_file_old_or_new(tmp_path, fixed_articles):
    fixed, reference_seconds = fixed_articles
    rng = random.Random(20240613)
    # Kills the moment the nth article starts to be written (the ones before it are
    # replaced by then): most at once, inside the write, some a random instant up to
    # 3 ms later (the flush, around the rename); with worker processes too; and one at a
    # random time over the whole run, start-up included.
    plans = [("write", rng.randint(1, ARTICLES), 0.0, ()) for _ in range(5)]
    plans += [("write", rng.randint(1, ARTICLES), rng.uniform(0.0002, 0.003), ()) for _ in range(2)]
    plans += [("write", rng.randint(1, ARTICLES), 0.0, ("--jobs", "2")),
              ("write", rng.randint(2, ARTICLES), rng.uniform(0.0002, 0.003), ("--jobs", "2"))]
    plans += [("time", 0, rng.uniform(0.05, reference_seconds), ())]
    runs = []

    def kill_round(how: str, nth: int, when: float, extra: tuple[str, ...]) -> None:
        i = len(runs)
        folder = tmp_path / f"run{i}"
        make_articles(folder)
        proc = start_fix(folder, extra=extra)
        if how == "time":
            time.sleep(when)
            kill_group(proc)
        else:
            assert kill_when_writing(proc, folder, nth, when), f"run {i} ended before its kill"
        counts = inventory(folder, fixed)  # every article old or new, or the test fails here
        runs.append((i, how, nth, f"{when * 1000:.2f} ms", extra, counts))

    for plan in plans:
        kill_round(*plan)
    # Proof that kills land while an article is being written: its temporary file is
    # left. (A writer without one is caught by inventory(), the article being neither
    # old nor new.) A machine too busy for the timing gets a few more tries.
    while sum(c["temp"] > 0 for *_, c in runs) < 2 and len(runs) < len(plans) + 8:
        kill_round("write", rng.randint(1, ARTICLES), 0.0, ())
    print("\nkill runs (run, how, nth article, delay, options, files):", *runs, sep="\n  ")
    assert any(0 < c["new"] < ARTICLES for *_, c in runs), f"no kill landed between two articles: {runs}"
    assert sum(c["temp"] > 0 for *_, c in runs) >= 2, f"too few kills landed inside a write: {runs}"

    # A later run completes the job: every article fixed, nothing visible left behind.
    # The temporary files are removed once stale (untouched for a while: their run
    # died), and kept while fresh (they could be another run's write in progress).
    stale, fresh = [tmp_path / f"run{i}" for i, *_, c in runs if c["temp"]][:2]
    hour_ago = time.time() - 3600
    for name in os.listdir(stale):
        if name.startswith("."):
            os.utime(stale / name, (hour_ago, hour_ago))
    fresh_temporaries = sorted(n for n in os.listdir(fresh) if n.startswith("."))
    proc = start_fix(stale, fresh)
    assert proc.wait(timeout=120) in (0, 1)
    assert inventory(stale, fixed) == {"old": 0, "new": ARTICLES, "temp": 0, "cut": 0}
    assert sorted(n for n in os.listdir(fresh) if n.startswith(".")) == fresh_temporaries
    for name in fresh_temporaries:
        os.unlink(fresh / name)
    assert inventory(fresh, fixed) == {"old": 0, "new": ARTICLES, "temp": 0, "cut": 0}


def test_fixed_run_is_stable(tmp_path, fixed_articles):
    """Running --fix on the fixed files writes nothing: their inodes stay."""
    fixed, _ = fixed_articles
    folder = tmp_path / "articles"
    folder.mkdir()
    for name in NAMES[:3]:
        (folder / name).write_bytes(fixed[name])
    inodes = {p.name: p.stat().st_ino for p in folder.iterdir()}
    proc = start_fix(folder)
    assert proc.wait(timeout=120) in (0, 1)
    assert {p.name: p.stat().st_ino for p in folder.iterdir()} == inodes
    assert all(p.read_bytes() == fixed[p.name] for p in folder.iterdir())
    shutil.rmtree(folder)


def test_next_fix_run_removes_stale_temporary_files(tmp_path, fixed_articles):
    fixed, _ = fixed_articles
    folder = tmp_path / "articles"
    make_articles(folder)
    stale = folder / ".a00.txt.k1ll3d_x.mtcheck-tmp"  # what a run killed mid-write leaves
    stale.write_bytes(fixed["a00.txt"][:100])
    hour_ago = time.time() - 3600
    os.utime(stale, (hour_ago, hour_ago))
    fresh = folder / ".a01.txt.wr1t1ng_.mtcheck-tmp"  # another run's write in progress: not ours
    fresh.write_bytes(fixed["a01.txt"][:100])
    proc = start_fix(folder)
    assert proc.wait(timeout=120) in (0, 1)
    assert fresh.exists()
    fresh.unlink()
    assert not stale.exists()
    assert inventory(folder, fixed) == {"old": 0, "new": ARTICLES, "temp": 0, "cut": 0}
