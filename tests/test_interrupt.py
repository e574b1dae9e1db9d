"""Ctrl-C during a run with worker processes: the run stops within seconds with exit 130,
says nothing but one line (no worker's traceback), leaves no process behind, and every
file being fixed is whole, old or new. Ctrl-C reaches the whole process group, workers
included, as a terminal sends it; the moments are spread over the run (workers starting,
checking, the parent collecting), since the failures this guards against were races."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import SEED

pytestmark = pytest.mark.skipif(not hasattr(os, "killpg"), reason="process groups are POSIX")

SEED_TEXT = SEED.read_text(encoding="utf-8")
FILES = 480  # about 2.4 MB: long enough a run (1 s or more with 2 workers) to be interrupted anywhere in it


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("interrupt")
    for i in range(FILES):
        (folder / f"a{i:03}.txt").write_text(f"Article {i}.\n\n{SEED_TEXT}", encoding="utf-8")
    return folder


def children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
        return True
    except ProcessLookupError:
        return False


def interrupt(args: list[str], delay: float) -> tuple[int, str, str]:
    """Run mtcheck in a process group of its own, and Ctrl-C the group `delay` seconds after
    the run has two child processes: check's two workers, or batch's resource tracker and
    fork server (then still loading)."""
    proc = subprocess.Popen([sys.executable, "-m", "mtcheck", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        end = time.monotonic() + 30
        while len(children(proc.pid)) < 2 and proc.poll() is None and time.monotonic() < end:
            time.sleep(0.002)
        time.sleep(delay)
        os.killpg(proc.pid, signal.SIGINT)
        out, err = proc.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail(f"still running 20 s after Ctrl-C ({args}, {delay} s after its children started)")
    end = time.monotonic() + 10
    while group_alive(proc.pid) and time.monotonic() < end:
        time.sleep(0.05)
    assert not group_alive(proc.pid), "a worker or the fork server outlived the run"
    return proc.returncode, out, err


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="finds the workers through /proc")
@pytest.mark.parametrize("delay", [0.0, 0.05, 0.2, 0.4])
def test_ctrl_c_stops_a_parallel_check_at_once_and_quietly(corpus, delay):
    rc, out, err = interrupt(["check", "--grammar", "off", "--format", "json", "--jobs", "2", str(corpus)], delay)
    if rc == 0 or rc == 1:  # finished before the signal landed: nothing to judge
        pytest.skip("the run ended before Ctrl-C")
    assert rc == 130, err
    assert "Traceback" not in err and "Error" not in err, err
    assert out == ""  # no half report


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="finds the workers through /proc")
@pytest.mark.parametrize("delay", [0.05, 0.4])
def test_ctrl_c_during_a_parallel_fix_leaves_every_file_old_or_new(tmp_path, delay):
    text = SEED_TEXT
    for i in range(FILES):
        (tmp_path / f"a{i:03}.txt").write_text(text, encoding="utf-8")
    fixed = tmp_path / "fixed"
    fixed.mkdir()
    (fixed / "a.txt").write_text(text, encoding="utf-8")
    subprocess.run([sys.executable, "-m", "mtcheck", "check", "--fix", "--grammar", "off", "--quiet", str(fixed)],
                   capture_output=True, timeout=120, check=False)
    new = (fixed / "a.txt").read_text(encoding="utf-8")
    assert new != text
    rc, _, err = interrupt(["check", "--fix", "--grammar", "off", "--quiet", "--jobs", "2", str(tmp_path)], delay)
    assert rc in (0, 1, 130), err
    assert "Traceback" not in err, err
    names = sorted(p.name for p in tmp_path.iterdir() if p.is_file())
    assert names == [f"a{i:03}.txt" for i in range(FILES)]  # nothing lost, no temporary file left
    assert {(tmp_path / n).read_text(encoding="utf-8") for n in names} <= {text, new}


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="finds the fork server through /proc")
@pytest.mark.parametrize("delay", [0.0, 0.03, 0.15, 0.5])
def test_ctrl_c_stops_a_batch_keeping_whole_records(corpus, tmp_path, delay):
    # batch's workers come from a fork server started at the first chunk: Ctrl-C can land
    # while it loads, while the workers start, or while they check
    output = tmp_path / "out.jsonl"
    rc, _, err = interrupt(["batch", str(corpus), "-o", str(output), "--jobs", "2", "--grammar", "off"], delay)
    assert "Traceback" not in err, err
    if rc == 0:
        pytest.skip("the batch ended before Ctrl-C")
    assert rc == 130, err
    kept = output.read_text(encoding="utf-8").splitlines() if output.exists() else []
    records = [json.loads(line) for line in kept]  # whole records only
    if records:
        assert f"interrupted: {len(records)} records kept in {output}; run again with --resume" in err
    else:
        assert "interrupted before the first record: nothing written to" in err
    assert len(records) < FILES and all(r["path"].startswith(str(corpus)) for r in records)


def test_ctrl_c_while_the_command_loads_is_exit_130_without_a_traceback(monkeypatch, capsys):
    import mtcheck.__main__ as entry
    from mtcheck import cli

    def interrupted(*_args, **_kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "build_parser", interrupted)  # Ctrl-C before main's own handling
    assert entry.run() == 130
    monkeypatch.delitem(sys.modules, "mtcheck.cli")

    class Interrupting:  # Ctrl-C in the middle of importing the command's modules
        def find_spec(self, name, *_args):  # None, for any other module: the usual finders find it
            if name == "mtcheck.cli":
                raise KeyboardInterrupt

    monkeypatch.setattr(sys, "meta_path", [Interrupting(), *sys.meta_path])
    assert entry.run() == 130
    assert capsys.readouterr().err == ""


def test_ctrl_c_is_held_back_while_workers_start_even_with_other_threads():
    import threading

    from mtcheck.parallel import sigint_held

    stop = threading.Event()
    other = threading.Thread(target=stop.wait)  # the kernel may hand the signal to this thread
    other.start()
    reached = False
    try:
        with pytest.raises(KeyboardInterrupt), sigint_held():
            os.kill(os.getpid(), signal.SIGINT)
            for _ in range(200):
                time.sleep(0.001)  # room for the interpreter to run signal handlers
            reached = True
    finally:
        stop.set()
        other.join()
    assert reached  # not raised inside the block, but as it ended
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    if hasattr(signal, "pthread_sigmask"):
        assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, set())
