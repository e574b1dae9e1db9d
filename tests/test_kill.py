"""--fix loses no data, whenever the process dies: after SIGKILL at any moment every
article is byte for byte either the original or the fully fixed file, none is missing,
and what is left over is at most a hidden temporary file (`.NAME.*.mtcheck-tmp`) that
no directory walk checks. A later --fix run finishes the job."""
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

COPIES = 30
SEED_BYTES = SEED.read_bytes()
TEMP = re.compile(r"^\.(?P<name>a\d\d\.txt)\..+\.mtcheck-tmp$")


def make_copies(folder: Path) -> None:
    folder.mkdir()
    for i in range(COPIES):
        path = folder / f"a{i:02d}.txt"
        path.write_bytes(SEED_BYTES)
        path.chmod(0o640)


def start_fix(folder: Path, *extra: str) -> subprocess.Popen:
    # its own process group, so that worker processes (--jobs) can be killed with it
    return subprocess.Popen([sys.executable, "-m", "mtcheck", "check", "--fix", "--grammar", "off", "--quiet",
                             *extra, str(folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)


@pytest.fixture(scope="module")
def fixed_bytes(tmp_path_factory) -> tuple[bytes, float]:
    """The fully fixed article, from a --fix run that is left alone, and how long it took."""
    folder = tmp_path_factory.mktemp("reference") / "articles"
    make_copies(folder)
    started = time.monotonic()
    proc = start_fix(folder)
    assert proc.wait(timeout=120) in (0, 1)
    elapsed = time.monotonic() - started
    results = {p.read_bytes() for p in folder.iterdir()}
    assert len(results) == 1 and sorted(p.name for p in folder.iterdir()) == [f"a{i:02d}.txt" for i in range(COPIES)]
    fixed = results.pop()
    assert fixed != SEED_BYTES  # the article has safe fixes, so --fix writes every copy
    return fixed, elapsed


def inventory(folder: Path, fixed: bytes) -> dict[str, int]:
    """Check the folder after a kill; count old, new and leftover temporary files."""
    counts = {"old": 0, "new": 0, "temp": 0}
    names = sorted(os.listdir(folder))
    articles = [n for n in names if not n.startswith(".")]
    assert articles == [f"a{i:02d}.txt" for i in range(COPIES)], f"articles missing or added: {names}"
    for name in articles:
        data = (folder / name).read_bytes()
        assert data in (SEED_BYTES, fixed), f"{name} is neither the original nor the fixed file"
        counts["old" if data == SEED_BYTES else "new"] += 1
        if data == fixed:
            assert (folder / name).stat().st_mode & 0o777 == 0o640, "the fixed file lost its permissions"
    for name in names:
        if name.startswith("."):
            m = TEMP.match(name)
            assert m, f"unexpected file {name}"
            assert fixed.startswith((folder / name).read_bytes()), f"{name} holds something other than the fix"
            counts["temp"] += 1
    return counts


def wait_for_new_files(folder: Path, count: int, timeout: float) -> None:
    """Wait until `count` articles have been replaced (a replaced file has a new inode)."""
    inodes = {p.name: p.stat().st_ino for p in folder.iterdir()}
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        replaced = 0
        for name, ino in inodes.items():
            try:
                replaced += os.stat(folder / name).st_ino != ino
            except FileNotFoundError:
                pass
        if replaced >= count:
            return
        time.sleep(0.002)


def kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:  # it had already finished
        pass
    proc.wait(timeout=30)
    time.sleep(0.05)  # let killed workers (not our children) go before looking


def test_sigkill_at_any_moment_leaves_every_file_old_or_new(tmp_path, fixed_bytes):
    fixed, reference_seconds = fixed_bytes
    rng = random.Random(20240613)
    runs = []
    # Kills at random times over the whole run (start-up included), then kills timed to
    # land mid-way through the writes, then the same with worker processes.
    plans = [("time", rng.uniform(0.05, 1.5), ()) for _ in range(3)]
    plans += [("time", rng.uniform(0.05, max(1.5, reference_seconds)), ()) for _ in range(2)]
    plans += [("after", rng.randint(1, COPIES - 2), ()) for _ in range(3)]
    plans += [("after", rng.randint(1, COPIES - 2), ("--jobs", "2")) for _ in range(2)]
    for i, (how, when, extra) in enumerate(plans):
        folder = tmp_path / f"run{i}"
        make_copies(folder)
        proc = start_fix(folder, *extra)
        if how == "time":
            time.sleep(when)
        else:
            wait_for_new_files(folder, when, timeout=60)
            time.sleep(rng.uniform(0, 0.02))
        kill_group(proc)
        counts = inventory(folder, fixed)
        runs.append((how, round(when, 2) if how == "time" else when, extra, counts))
    print("\nkill runs (how, when, options, files):", *runs, sep="\n  ")
    assert any(0 < c["new"] < COPIES for how, *_, c in runs if how == "after"), \
        f"no kill landed between the first and the last write: {runs}"
    leftovers = sum(c["temp"] for *_, c in runs)
    print(f"  temporary files left by {len(runs)} kills: {leftovers}")

    # A later run completes the job: every article fixed, nothing visible left behind.
    folder = next(tmp_path / f"run{i}" for i, (*_, c) in enumerate(runs) if c["old"])
    proc = start_fix(folder)
    assert proc.wait(timeout=120) in (0, 1)
    counts = inventory(folder, fixed)
    assert counts["new"] == COPIES and counts["old"] == 0


def test_fixed_run_is_stable(tmp_path, fixed_bytes):
    """Running --fix on the fixed files writes nothing: their inodes stay."""
    fixed, _ = fixed_bytes
    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(3):
        (folder / f"a{i:02d}.txt").write_bytes(fixed)
    inodes = {p.name: p.stat().st_ino for p in folder.iterdir()}
    proc = start_fix(folder)
    assert proc.wait(timeout=120) in (0, 1)
    assert {p.name: p.stat().st_ino for p in folder.iterdir()} == inodes
    assert all(p.read_bytes() == fixed for p in folder.iterdir())
    shutil.rmtree(folder)


def test_next_fix_run_removes_stale_temporary_files(tmp_path, fixed_bytes):
    fixed, _ = fixed_bytes
    folder = tmp_path / "articles"
    make_copies(folder)
    stale = folder / ".a00.txt.k1ll3d_x.mtcheck-tmp"  # what a run killed mid-write leaves
    stale.write_bytes(fixed[:100])
    hour_ago = time.time() - 3600
    os.utime(stale, (hour_ago, hour_ago))
    fresh = folder / ".a01.txt.wr1t1ng_.mtcheck-tmp"  # another run's write in progress: not ours
    fresh.write_bytes(fixed[:100])
    proc = start_fix(folder)
    assert proc.wait(timeout=120) in (0, 1)
    assert fresh.exists()
    fresh.unlink()
    assert not stale.exists()
    assert inventory(folder, fixed) == {"old": 0, "new": COPIES, "temp": 0}
