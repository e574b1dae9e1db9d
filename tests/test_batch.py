"""`mtcheck batch` and mtcheck.checker.Checker: every engine gives the same records, a
killed run resumes to the same output, one failing article does not stop the batch."""
from __future__ import annotations

import argparse
import json
import os
import pickle
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mtcheck.api import linter_for
from mtcheck.checker import Checker
from mtcheck.config import Config
from mtcheck.errors import MtcheckError

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
ARTICLES = 2000
LINES_PER_ARTICLE = 10
COMMON = ("--grammar", "off")  # the same records whether or not LanguageTool is around

# Runs `mtcheck batch` in a child process, as the command line would (no __main__ file,
# so the worker processes of the local engine do not import this test module).
CHILD = """
import argparse, sys
from mtcheck import batch
from mtcheck.errors import MtcheckError
parser = argparse.ArgumentParser(prog="mtcheck")
batch.add_parser(parser.add_subparsers(dest="command"))
try:
    sys.exit(batch.run(parser.parse_args(sys.argv[1:])))
except MtcheckError as exc:
    print(f"mtcheck: error: {exc}", file=sys.stderr)
    sys.exit(2)
"""


def _cli_has_batch() -> bool:
    from mtcheck.cli import build_parser

    for action in build_parser()._actions:
        if isinstance(action, argparse._SubParsersAction):
            return "batch" in action.choices
    return False


def run_batch(*args: str) -> int:
    """`mtcheck batch ARGS` in this process: through the CLI once it has the command."""
    argv = ["batch", *map(str, args), *COMMON]
    if _cli_has_batch():
        from mtcheck.cli import main

        return main(argv)
    from mtcheck import batch

    parser = argparse.ArgumentParser(prog="mtcheck")
    batch.add_parser(parser.add_subparsers(dest="command"))
    try:
        return batch.run(parser.parse_args(argv))
    except MtcheckError as exc:
        print(f"mtcheck: error: {exc}", file=sys.stderr)
        return 2


def corpus_lines() -> list[str]:
    mqm = CORPORA / "mqm_ted_zhen.jsonl"
    clean = [CORPORA / "clean_human_ted.txt", CORPORA / "clean_mt_ted.txt"]
    if not mqm.is_file() and not any(p.is_file() for p in clean):
        pytest.skip(f"the development corpora are not in {CORPORA}")
    lines: list[str] = []
    if mqm.is_file():
        with mqm.open(encoding="utf-8") as file:
            lines += [json.loads(raw)["text"] for raw in file]
    for path in clean:
        if path.is_file():
            lines += path.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip()]


def articles(count: int) -> list[dict]:
    """`count` articles of ten segments each, windows moving six segments at a time."""
    lines = corpus_lines()
    out = []
    for i in range(count):
        first = (i * 6) % len(lines)
        text = "\n".join(lines[(first + k) % len(lines)] for k in range(LINES_PER_ARTICLE)) + "\n"
        out.append({"id": f"art-{i:05d}", "text": text, "first_segment": first})
    return out


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def lines_of(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    return write_jsonl(tmp_path_factory.mktemp("archive") / "articles.jsonl", articles(ARTICLES))


@pytest.fixture(scope="module")
def reference(archive, tmp_path_factory) -> list[str]:
    """The serial run over the whole archive: what every other run must reproduce."""
    out = tmp_path_factory.mktemp("serial") / "records.jsonl"
    assert run_batch(archive, "-o", out, "--engine", "serial") == 0
    lines = lines_of(out)
    ids = [json.loads(line)["id"] for line in lines]
    assert ids == [f"art-{i:05d}" for i in range(ARTICLES)]  # one each, in input order
    return lines


@pytest.fixture(scope="module")
def dask_address():
    distributed = pytest.importorskip("distributed", reason="Dask is not installed (pip install -e '.[dask]')")
    import logging

    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None, silence_logs=logging.ERROR)
    yield cluster.scheduler_address
    cluster.close()


def test_records_follow_the_json_contract(reference):
    record = json.loads(reference[0])
    assert list(record)[:2] == ["id", "first_segment"]
    assert {"findings", "stats"} <= set(record) and "error" not in record
    assert record["stats"]["words"] > 0
    with_findings = [json.loads(line) for line in reference if '"rule"' in line]
    assert with_findings, "the corpus should give some findings"
    finding = with_findings[0]["findings"][0]
    assert list(finding) == ["rule", "name", "category", "severity", "start", "end", "line", "column",
                             "end_line", "end_column", "message", "suggestions"]


def test_local_engine_gives_identical_records(archive, reference, tmp_path):
    out = tmp_path / "local.jsonl"
    assert run_batch(archive, "-o", out, "--engine", "local", "--jobs", "2") == 0
    assert lines_of(out) == reference


def test_local_engine_workers_say_a_notice_once(tmp_path):
    rows = [{"id": i, "text": "The talks ended early, officials said on Wednesday evening."} for i in range(8)]
    source = write_jsonl(tmp_path / "in.jsonl", rows)
    argv = [sys.executable, "-c", CHILD, "batch", str(source), "-o", str(tmp_path / "out.jsonl"),
            "--engine", "local", "--jobs", "2", "--chunk-size", "2", "--languagetool-url", "http://127.0.0.1:9"]
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    assert [line for line in proc.stderr.splitlines() if "grammar checks off" in line] == [
        ("mtcheck: grammar checks off: LanguageTool at http://127.0.0.1:9/v2 is not reachable "
         "([Errno 111] Connection refused).")]
    assert len(lines_of(tmp_path / "out.jsonl")) == 8


def test_dask_engine_gives_identical_records(archive, reference, dask_address, tmp_path):
    out = tmp_path / "dask.jsonl"
    assert run_batch(archive, "-o", out, "--engine", "dask", "--scheduler", dask_address) == 0
    assert lines_of(out) == reference


def test_resume_after_kill_gives_the_uninterrupted_output(reference, tmp_path):
    count = 300
    source = write_jsonl(tmp_path / "part.jsonl", articles(count))
    out = tmp_path / "out.jsonl"
    argv = [sys.executable, "-c", CHILD, "batch", str(source), "-o", str(out), "--engine", "local",
            "--jobs", "2", "--chunk-size", "10", *COMMON]
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and child.poll() is None:
            if out.exists() and out.read_bytes().count(b"\n") >= 60:
                break
            time.sleep(0.02)
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)  # the run and its worker processes
        child.wait()
        child.stderr.close()
    assert child.returncode == -signal.SIGKILL, "the run ended before it could be killed"
    kept = lines_of(out)
    assert 60 <= len(kept) < count
    assert kept == reference[:len(kept)]
    with out.open("ab") as file:  # as if the kill had torn a record in half
        file.write(reference[len(kept)].encode("utf-8")[:40])
    assert run_batch(source, "-o", out, "--engine", "serial", "--resume") == 0
    assert lines_of(out) == reference[:count]  # same records, same order, no duplicate


def test_existing_output_needs_resume_or_overwrite(tmp_path, capsys):
    source = write_jsonl(tmp_path / "a.jsonl", [{"id": "x", "text": "A short and clean sentence.\n"}])
    out = tmp_path / "out.jsonl"
    assert run_batch(source, "-o", out, "--engine", "serial") == 0
    assert run_batch(source, "-o", out, "--engine", "serial") == 2
    assert "--resume" in capsys.readouterr().err
    assert run_batch(source, "-o", out, "--engine", "serial", "--resume") == 0
    assert len(lines_of(out)) == 1
    assert run_batch(source, "-o", out, "--engine", "serial", "--overwrite") == 0
    assert len(lines_of(out)) == 1


def test_a_failing_file_is_an_error_record(tmp_path):
    root = tmp_path / "archive"
    (root / "2024").mkdir(parents=True)
    (root / "a.txt").write_text("The talks ended early, officials said.\nPlease enter your comment!\n")
    (root / "b.txt").write_bytes(b"The caf\xe9 opened on Monday.\n")  # Latin-1, not UTF-8
    (root / "2024" / "c.md").write_text("# Title\n\nThe ministers met in Geneva.\n")
    out = tmp_path / "out.jsonl"
    assert run_batch(root, "-o", out, "--engine", "serial") == 0
    records = [json.loads(line) for line in lines_of(out)]
    assert [r["id"] for r in records] == ["a.txt", "b.txt", "2024/c.md"]  # as `mtcheck check` walks
    bad = records[1]
    assert "not valid UTF-8" in bad["error"] and bad["findings"] == [] and bad["path"] == str(root / "b.txt")
    assert "error" not in records[0] and "error" not in records[2]
    assert [f["rule"] for f in records[0]["findings"]] == ["MT101"]


def test_bad_rows_and_a_crashing_rule_are_error_records(tmp_path, monkeypatch):
    rule = next(r for r in linter_for(Config(grammar="off")).rules if r.id != "MT101")
    real = rule.checker.check

    def check(doc):
        if "BOOM" in doc.text:
            raise RuntimeError("boom")
        return real(doc)

    monkeypatch.setattr(rule.checker, "check", check)
    source = tmp_path / "rows.jsonl"
    source.write_bytes(b'{"id": 1, "text": "The first article is fine.\\n"}\n'
                       b'{"id": 2, "text": "The second says BOOM.\\n"}\n'
                       b'{"id": 3, "text": \n'
                       b'{"id": 4, "text": 17}\n'
                       b'{"text": "No id here.\\nPlease enter your comment!\\n"}\n')
    out = tmp_path / "out.jsonl"
    assert run_batch(source, "-o", out, "--engine", "serial") == 0
    records = [json.loads(line) for line in lines_of(out)]
    assert [r["id"] for r in records] == [1, 2, f"{source}:3", 4, f"{source}:5"]
    assert [bool(r.get("error")) for r in records] == [False, True, True, True, False]
    assert f"rule {rule.id}" in records[1]["error"] and "RuntimeError: boom" in records[1]["error"]
    assert records[1]["score"] is None and records[1]["stats"]["words"] == 4  # other rules did run
    assert "not a JSON record" in records[2]["error"]
    assert "not a string" in records[3]["error"]
    assert [f["rule"] for f in records[4]["findings"]] == ["MT101"]


def test_glob_input_ids_are_relative_to_the_fixed_part(tmp_path):
    for name in ("x/one.txt", "x/deep/two.txt", "x/skip.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("The ministers met in Geneva on Monday.\n")
    out = tmp_path / "out.jsonl"
    assert run_batch(f"{tmp_path}/x/**/*.txt", "-o", out, "--engine", "serial") == 0
    assert [json.loads(line)["id"] for line in lines_of(out)] == ["deep/two.txt", "one.txt"]


def test_parquet_input_gives_the_same_records(reference, tmp_path):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    rows = articles(40)
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "in.parquet", row_group_size=16)
    out = tmp_path / "out.jsonl"
    assert run_batch(tmp_path / "in.parquet", "-o", out, "--engine", "serial") == 0
    assert lines_of(out) == reference[:40]


def test_parquet_output_and_its_resume(reference, tmp_path):
    pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    source = write_jsonl(tmp_path / "in.jsonl", articles(40))
    whole = tmp_path / "whole.parquet"
    assert run_batch(source, "-o", whole, "--engine", "serial") == 0
    assert not (tmp_path / "whole.parquet.partial.jsonl").exists()
    table = pq.read_table(whole)
    expected = [json.loads(line) for line in reference[:40]]
    got = table.to_pylist()
    assert [r["id"] for r in got] == [r["id"] for r in expected]
    assert [r["findings"] for r in got] == [r["findings"] for r in expected]
    assert [r["stats"]["words"] for r in got] == [r["stats"]["words"] for r in expected]
    assert [r.get("score") for r in got] == [r.get("score") for r in expected]

    # A run killed after 15 articles (its last record torn) leaves the journal; --resume finishes it.
    resumed = tmp_path / "resumed.parquet"
    journal = tmp_path / "resumed.parquet.partial.jsonl"
    journal.write_text("\n".join(reference[:15]) + "\n" + reference[15][:30], encoding="utf-8")
    assert run_batch(source, "-o", resumed, "--engine", "serial", "--resume") == 0
    assert not journal.exists()
    assert pq.read_table(resumed).equals(table)
    # Resuming a finished output with nothing new keeps it as it is.
    assert run_batch(source, "-o", resumed, "--engine", "serial", "--resume") == 0
    assert pq.read_table(resumed).equals(table)


def test_checker_pickles_to_its_config():
    checker = Checker(Config(grammar="off"))
    checker.warm_up()
    state = checker.__getstate__()
    assert state == {"config": checker.config}
    clone = pickle.loads(pickle.dumps(checker))
    record = clone.check_record({"id": "a", "text": "Please enter your comment!\n", "site": "x.example"})
    assert list(record)[:2] == ["id", "site"]
    assert [f["rule"] for f in record["findings"]] == ["MT101"]
    assert clone.check_text("Please enter your comment!\n").findings[0].rule == "MT101"


def test_missing_dask_is_a_clear_error(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import fails as if not installed
    source = write_jsonl(tmp_path / "a.jsonl", [{"id": "x", "text": "A clean sentence.\n"}])
    assert run_batch(source, "-o", tmp_path / "out.jsonl", "--engine", "dask") == 2
    assert "pip install mtcheck[dask]" in capsys.readouterr().err


# -- bad inputs: reported, never a traceback or lost records ------------------------------------

def test_an_unreadable_folder_and_a_pipe_in_a_folder_are_error_records(tmp_path, monkeypatch):
    root = tmp_path / "archive"
    (root / "locked").mkdir(parents=True)
    (root / "locked" / "story.txt").write_text("The ministers met in Geneva.\n")
    (root / "good.txt").write_text("The ministers met in Geneva on Monday.\n")
    os.mkfifo(root / "pipe.txt")
    (root / "locked").chmod(0)
    if os.geteuid() == 0:  # root lists any folder: make this one fail as it would for anyone else
        real_scandir = os.scandir

        def scandir(path="."):
            if Path(path) == root / "locked":
                raise PermissionError(13, "Permission denied", str(path))
            return real_scandir(path)

        monkeypatch.setattr(os, "scandir", scandir)
    out = tmp_path / "out.jsonl"
    try:
        assert run_batch(root, "-o", out, "--engine", "serial") == 0
    finally:
        (root / "locked").chmod(0o755)
    records = {r["id"]: r for r in map(json.loads, lines_of(out))}
    assert set(records) == {"good.txt", "locked", "pipe.txt"}  # as `mtcheck check` reports them
    assert "error" not in records["good.txt"]
    assert records["locked"]["error"] == "cannot read folder: Permission denied"
    assert records["locked"]["path"] == str(root / "locked")
    assert records["pipe.txt"]["error"] == "not a regular file (a pipe, socket or device); not checked"


def _gzipped_rows(count: int) -> bytes:
    import gzip

    return gzip.compress(b"".join(json.dumps({"id": f"z{i}", "text": "The ministers met in Geneva.\n"}).encode()
                                  + b"\n" for i in range(count)))


def test_a_truncated_gzip_input_is_a_clear_error_and_earlier_records_are_kept(tmp_path, capsys):
    from mtcheck import batch

    good = write_jsonl(tmp_path / "good.jsonl", [{"id": "g", "text": "The ministers met in Geneva.\n"}])
    truncated = tmp_path / "cut.jsonl.gz"
    truncated.write_bytes(_gzipped_rows(3)[:-12])  # the end of the stream is missing
    out = tmp_path / "out.jsonl"
    assert run_batch(good, truncated, "-o", out, "--engine", "serial") == 2
    err = capsys.readouterr().err
    assert err.startswith(f"mtcheck: error: {truncated}: the gzip data ends early") and "truncated" in err
    assert "Traceback" not in err and len(err.splitlines()) == 1
    ids = [json.loads(line)["id"] for line in lines_of(out)]
    assert ids[0] == "g" and ids[1:] == [f"z{i}" for i in range(len(ids) - 1)]  # nothing lost before the cut
    # the progress bar's counting pass does not trip over it either
    config = Config(grammar="off")
    assert batch._total(batch.collect_sources([str(good), str(truncated)]), config) >= 1
    # once the file is whole, --resume checks the rest
    truncated.write_bytes(_gzipped_rows(3))
    assert run_batch(good, truncated, "-o", out, "--engine", "serial", "--resume") == 0
    assert [json.loads(line)["id"] for line in lines_of(out)] == ["g", "z0", "z1", "z2"]


def test_a_gz_input_that_is_not_gzip_names_the_file(tmp_path, capsys):
    fake = write_jsonl(tmp_path / "rows.jsonl.gz", [{"id": "x", "text": "The ministers met.\n"}])
    out = tmp_path / "out.jsonl"
    assert run_batch(fake, "-o", out, "--engine", "serial") == 2
    err = capsys.readouterr().err
    assert err.startswith(f"mtcheck: error: {fake}: not a gzip file") and len(err.splitlines()) == 1


def test_a_named_pipe_as_input_is_a_clear_error_not_a_missing_file(tmp_path, capsys):
    fifo = tmp_path / "rows.jsonl"
    os.mkfifo(fifo)
    assert run_batch(fifo, "-o", tmp_path / "out.jsonl", "--engine", "serial") == 2
    err = capsys.readouterr().err
    assert err == f"mtcheck: error: {fifo}: is a pipe, socket or device, not a file or folder: save it to a file first\n"
    assert not (tmp_path / "out.jsonl").exists()


def test_deeply_nested_json_rows_are_error_records(tmp_path):
    source = tmp_path / "rows.jsonl"
    source.write_text("[" * 100000 + "]" * 100000 + "\n"
                      + json.dumps({"id": "meta", "text": "The ministers met.\n"})[:-1]
                      + ', "meta": ' + "[" * 900 + "]" * 900 + "}\n"
                      + json.dumps({"id": "fine", "text": "The ministers met.\n", "meta": [[["ok"]]]}) + "\n")
    out = tmp_path / "out.jsonl"
    assert run_batch(source, "-o", out, "--engine", "serial") == 0
    records = [json.loads(line) for line in lines_of(out)]
    assert [r["id"] for r in records] == [f"{source}:1", f"{source}:2", "fine"]
    assert "line 1 is not a JSON record" in records[0]["error"] and "nested too deeply" in records[0]["error"]
    assert "line 2" in records[1]["error"] and "more than 100 levels deep" in records[1]["error"]
    assert "error" not in records[2] and records[2]["meta"] == [[["ok"]]]
