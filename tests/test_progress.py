"""The progress display of `mtcheck check` (mtcheck.parallel._Progress: a count on
stderr when it is a terminal and there are at least 50 files) and of `mtcheck batch`
(mtcheck.batch.Progress: tqdm, or a counter without it, when stderr is a terminal).

Real runs of `python -m mtcheck` in child processes, stderr on a pseudo-terminal or a
pipe: the progress shows on a terminal only, never reaches stdout or the output file,
and a run's results are the same with or without it.
"""
from __future__ import annotations

import fcntl
import json
import os
import re
import select
import struct
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

pty = pytest.importorskip("pty")  # POSIX only
termios = pytest.importorskip("termios")
tty = pytest.importorskip("tty")

ROOT = Path(__file__).resolve().parent.parent  # the project under test: the children import it
SEED = ROOT / "fixtures" / "articles" / "geneva-summit.txt"
MANY = 60  # at least 50: the check command's threshold for a progress count
THRESHOLD = 50
TIMEOUT = 60.0

CHECK_COUNT = re.compile(rb"mtcheck: (\d+)/(\d+) files")
# the check command's "mtcheck: N/M files", tqdm's "| N/M [", the batch fallback's "N/M articles"
ANY_COUNT = re.compile(rb"\d+/\d+")
CLEAR = b"\r" + b" " * 40 + b"\r"  # what _Progress.done() writes


@dataclass
class Run:
    returncode: int
    stdout: bytes
    stderr: bytes


def _env(extra_path: Path | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TQDM_")}  # no outside tqdm settings
    paths = [str(extra_path)] if extra_path else []
    env["PYTHONPATH"] = os.pathsep.join([*paths, str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])
    env.pop("NO_COLOR", None)
    return env


def mtcheck(args: list[str], *, tty_stderr: bool, tmp: Path, env: dict[str, str] | None = None) -> Run:
    """`python -m mtcheck ARGS` with stdout to a file and stderr to a pseudo-terminal
    (raw, 24x100, so the bytes arrive as written) or to a pipe."""
    out_path = tmp / f"stdout-{time.monotonic_ns()}"
    cmd = [sys.executable, "-m", "mtcheck", *args]
    with out_path.open("wb") as out:
        if not tty_stderr:
            proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.PIPE,
                                  cwd=ROOT, env=env or _env(), timeout=TIMEOUT, check=False)
            return Run(proc.returncode, out_path.read_bytes(), proc.stderr)
        master, slave = os.openpty()
        try:
            tty.setraw(slave)
            fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=slave,
                                    cwd=ROOT, env=env or _env())
        finally:
            os.close(slave)
        try:
            err = _read_until_done(master, proc)
        finally:
            os.close(master)
    return Run(proc.returncode, out_path.read_bytes(), err)


def _read_until_done(master: int, proc: subprocess.Popen) -> bytes:
    """Everything written to the terminal until EOF/EIO, or until the child has exited
    and nothing more is waiting (its worker processes may hold the terminal a moment longer)."""
    deadline = time.monotonic() + TIMEOUT
    chunks: list[bytes] = []
    while True:
        if time.monotonic() > deadline:
            proc.kill()
            proc.wait()
            pytest.fail(f"mtcheck did not finish in {TIMEOUT:.0f} s; stderr so far: {b''.join(chunks)!r}")
        ready, _, _ = select.select([master], [], [], 0.05)
        if ready:
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: every writer has closed the terminal
                break
            if not data:
                break
            chunks.append(data)
        elif proc.poll() is not None:
            break
    proc.wait(timeout=TIMEOUT)
    return b"".join(chunks)


def _articles() -> list[str]:
    """Small articles cut from the seed: some with findings, some without."""
    paragraphs = [p for p in SEED.read_text(encoding="utf-8").splitlines() if len(p) > 80]
    assert len(paragraphs) >= 5
    return paragraphs + ["A clean sentence about the weather in the mountains."]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("articles")
    texts = _articles()
    for i in range(MANY):
        (folder / f"a{i:03}.txt").write_text(texts[i % len(texts)] + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def check_runs(corpus, tmp_path_factory):
    """`mtcheck check --grammar off` over the corpus, each (TTY?, jobs) run once for the module."""
    tmp = tmp_path_factory.mktemp("check")
    done: dict[tuple[bool, int], Run] = {}

    def get(tty_stderr: bool, jobs: int) -> Run:
        if (tty_stderr, jobs) not in done:
            run = mtcheck(["check", "--grammar", "off", "--jobs", str(jobs), str(corpus)],
                          tty_stderr=tty_stderr, tmp=tmp)
            assert run.returncode in (0, 1), run
            done[tty_stderr, jobs] = run
        return done[tty_stderr, jobs]

    return get


def _assert_no_progress(stderr: bytes) -> None:
    """Only whole one-line notices ("mtcheck: ..."), if any: no carriage return, no count."""
    assert b"\r" not in stderr, stderr
    assert not ANY_COUNT.search(stderr), stderr
    for line in stderr.decode("utf-8", "replace").splitlines():
        assert line.startswith("mtcheck: "), stderr


# ----------------------------------------------------------------------------- mtcheck check

@pytest.mark.parametrize("jobs", [1, 2])
def test_check_counts_the_files_on_a_terminal(check_runs, jobs):
    run = check_runs(True, jobs)
    counts = [(int(n), int(total)) for n, total in CHECK_COUNT.findall(run.stderr)]
    # every tenth file, and the last one, each on the same line (\r), in order
    assert counts == [(n, MANY) for n in range(10, MANY + 1, 10)], run.stderr
    assert b"\rmtcheck: 10/60 files" in run.stderr and b"\n" not in run.stderr
    assert run.stdout.strip(), "the report is still written"


@pytest.mark.parametrize("jobs", [1, 2])
def test_check_clears_the_count_at_the_end(check_runs, jobs):
    run = check_runs(True, jobs)
    assert run.stderr.endswith(b"mtcheck: 60/60 files" + CLEAR), run.stderr


@pytest.mark.parametrize("jobs", [1, 2])
def test_check_without_a_terminal_shows_no_progress_and_the_same_report(check_runs, jobs):
    piped, on_tty = check_runs(False, jobs), check_runs(True, jobs)
    _assert_no_progress(piped.stderr)
    assert piped.returncode == on_tty.returncode
    assert piped.stdout == on_tty.stdout  # the count never reaches stdout
    assert not ANY_COUNT.search(piped.stdout) and b"\r" not in piped.stdout
    assert b"60 files" in piped.stdout and b"MT" in piped.stdout, piped.stdout  # a real report, with findings
    # and --jobs gives the serial report, byte for byte
    assert check_runs(False, 1).stdout == check_runs(False, 2).stdout


def test_check_shows_no_progress_for_a_short_run_on_a_terminal(corpus, tmp_path):
    files = sorted(str(p) for p in corpus.iterdir())
    short = mtcheck(["check", "--grammar", "off", *files[:THRESHOLD - 1]], tty_stderr=True, tmp=tmp_path)
    assert short.returncode in (0, 1), short
    _assert_no_progress(short.stderr)
    assert f"{THRESHOLD - 1} files".encode() in short.stdout, short.stdout
    # the threshold itself: 50 files get the count
    enough = mtcheck(["check", "--grammar", "off", *files[:THRESHOLD]], tty_stderr=True, tmp=tmp_path)
    assert b"mtcheck: 50/50 files" in enough.stderr, enough.stderr


# ----------------------------------------------------------------------------- mtcheck batch

def _batch(inputs: list[str], output: Path, *, tty_stderr: bool, jobs: int, tmp: Path,
           env: dict[str, str] | None = None) -> Run:
    run = mtcheck(["batch", *inputs, "-o", str(output), "--jobs", str(jobs), "--grammar", "off"],
                  tty_stderr=tty_stderr, tmp=tmp, env=env)
    assert run.returncode == 0, run
    return run


def _summary(run: Run, output: Path) -> bytes:
    """The summary on stdout with the output's name and the timing line taken out."""
    text = run.stdout.decode("utf-8")
    assert text.startswith(f"{output}: {MANY} articles, 0 errors, "), text
    lines = text.replace(str(output), "OUTPUT").splitlines()
    assert re.fullmatch(rf"{MANY} articles checked in [\d.]+ s \([\d.]+/s\)", lines[-1]), text
    return "\n".join(lines[:-1]).encode()


def _assert_batch_progress(stderr: bytes) -> None:
    assert f"{MANY}/{MANY}".encode() in stderr, stderr  # the count reached the end
    assert b"article" in stderr and b"\r" in stderr, stderr  # tqdm's "article/s" or the counter's "articles"
    assert stderr.endswith(b"\n"), stderr  # the bar is closed: what follows starts on a line of its own


@pytest.mark.parametrize("jobs", [1, 2], ids=["serial", "local-2"])
def test_batch_progress_on_a_terminal_only_and_the_same_output(corpus, tmp_path, jobs):
    on_tty, piped = tmp_path / "tty.jsonl", tmp_path / "pipe.jsonl"
    shown = _batch([str(corpus)], on_tty, tty_stderr=True, jobs=jobs, tmp=tmp_path)
    silent = _batch([str(corpus)], piped, tty_stderr=False, jobs=jobs, tmp=tmp_path)
    _assert_batch_progress(shown.stderr)
    _assert_no_progress(silent.stderr)
    assert on_tty.read_bytes() == piped.read_bytes()
    records = [json.loads(line) for line in piped.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == [f"a{i:03}.txt" for i in range(MANY)]
    assert any(r["findings"] for r in records) and any(not r["findings"] for r in records)
    assert _summary(shown, on_tty) == _summary(silent, piped)  # nothing of the bar on stdout


def test_batch_counter_without_tqdm_on_a_terminal_only(tmp_path):
    """A JSON Lines input, and the plain counter used when tqdm cannot be imported."""
    source = tmp_path / "articles.jsonl"
    texts = _articles()
    source.write_text("".join(json.dumps({"id": f"n{i}", "text": texts[i % len(texts)]}) + "\n"
                              for i in range(MANY)), encoding="utf-8")
    blocker = tmp_path / "no-tqdm" / "tqdm"
    blocker.mkdir(parents=True)
    (blocker / "__init__.py").write_text("raise ImportError('tqdm is hidden by the test')\n", encoding="utf-8")
    env = _env(blocker.parent)
    on_tty, piped = tmp_path / "tty.jsonl", tmp_path / "pipe.jsonl"
    shown = _batch([str(source)], on_tty, tty_stderr=True, jobs=1, tmp=tmp_path, env=env)
    silent = _batch([str(source)], piped, tty_stderr=False, jobs=1, tmp=tmp_path, env=env)
    _assert_batch_progress(shown.stderr)
    assert re.search(rb"\r60/60 articles \(\d+/s\)\n$", shown.stderr), shown.stderr  # the counter, not tqdm
    _assert_no_progress(silent.stderr)
    assert on_tty.read_bytes() == piped.read_bytes()
    assert [json.loads(line)["id"] for line in piped.read_text(encoding="utf-8").splitlines()] == [
        f"n{i}" for i in range(MANY)]
    assert _summary(shown, on_tty) == _summary(silent, piped)
