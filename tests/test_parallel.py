"""--jobs: worker processes give the serial results, in order, and are forked from a
parent that has already loaded what every check needs."""
from __future__ import annotations

import multiprocessing

import pytest

from mtcheck import api
from mtcheck.config import Config
from mtcheck.parallel import Task, run_tasks

ARTICLES = [
    "Please enter your comment!\nThe minister met Victoria Noland in Geneva.\n",
    "The talks went on. The talks went on.\n",
    "A clean sentence about the weather in the mountains.\n",
]


@pytest.fixture
def tasks(tmp_path):
    out = []
    for i, text in enumerate(ARTICLES * 4):
        path = tmp_path / f"a{i:02}.txt"
        path.write_text(text, encoding="utf-8")
        out.append(Task(path, Config(), stats=True))
    return out


def test_parallel_results_equal_serial_ones_in_order(tasks):
    serial = [(r.path, list(r.findings), r.stats) for r in run_tasks(tasks, 1)]
    parallel = [(r.path, list(r.findings), r.stats) for r in run_tasks(tasks, 2)]
    assert parallel == serial
    assert any(fs for _, fs, _ in serial) and any(not fs for _, fs, _ in serial)


def test_auto_jobs_counts_bytes_and_cpus(tmp_path, monkeypatch):
    import os

    from mtcheck import parallel

    assert 1 <= parallel.usable_cpus() <= (os.cpu_count() or 1)
    monkeypatch.setattr(parallel, "AUTO_PARALLEL_BYTES", 1000)
    monkeypatch.setattr(parallel, "usable_cpus", lambda: 4)
    files = []
    for i, size in enumerate((400, 400, 100, 300)):
        files.append(tmp_path / f"{i}.txt")
        files[-1].write_text("x" * size)
    tasks = [Task(path, Config()) for path in files]
    assert parallel.auto_jobs(tasks[:3]) == 1  # 900 bytes
    assert parallel.auto_jobs(tasks) == 4  # 1,200 bytes, 4 files
    assert parallel.auto_jobs([tasks[0], Task(tmp_path / "gone.txt", Config()), *tasks[2:]]) == 1  # 800 bytes
    files[0].write_text("x" * 5000)
    assert parallel.auto_jobs(tasks[:2]) == 2  # no more workers than files
    monkeypatch.setattr(parallel, "usable_cpus", lambda: 1)
    assert parallel.auto_jobs(tasks) == 1


def test_workers_make_the_json_parts_the_parent_would(tasks):
    from mtcheck.render import RENDERERS
    from mtcheck.render.json import file_part

    tasks = [Task(t.path, t.config, stats=True, part="json") for t in tasks]
    parallel = list(run_tasks(tasks, 2))
    assert all(set(r.parts) == {"json"} for r in parallel)
    serial = list(run_tasks([Task(t.path, t.config, stats=True) for t in tasks], 1))
    assert [r.parts["json"] for r in parallel] == [file_part(r) for r in serial]
    assert RENDERERS["json"](parallel) == RENDERERS["json"](serial)


def test_workers_started_afresh_give_the_serial_results_too(tasks, monkeypatch, capfd):
    # spawn (and forkserver, the default from Python 3.14): tasks travel pickled, nothing is inherited
    spawn = multiprocessing.get_context("spawn")
    monkeypatch.setattr(multiprocessing, "get_context", lambda method=None: spawn)
    tasks = [Task(t.path, t.config.merged(languagetool_url="http://127.0.0.1:9"), stats=True) for t in tasks[:4]]
    serial = [(r.path, list(r.findings), r.stats) for r in run_tasks(tasks, 1)]
    capfd.readouterr()
    assert [(r.path, list(r.findings), r.stats) for r in run_tasks(tasks, 2)] == serial
    # and a notice each worker meets (LanguageTool unreachable) is said by the parent, once
    err = capfd.readouterr().err
    assert err.count("grammar checks off") <= 1, err


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="workers inherit memory only when forked")
def test_workers_are_forked_from_a_warmed_up_parent(tasks, monkeypatch):
    monkeypatch.setattr(api, "_linters", {})
    list(run_tasks(tasks, 2))
    linter = api._linters[Config()]
    assert linter.needs_gazetteer and linter._gazetteer is not None  # loaded before the fork


def test_reports_keep_what_renderers_read_after_the_derived_data_is_dropped(tmp_path):
    path = tmp_path / "story.md"
    path.write_text("# Talks in Geneva\n\nThe talks went on\nfor three hours.\n\nNo deal was reached.\n",
                    encoding="utf-8")
    (report,) = run_tasks([Task(path, Config(), stats=True)], 1)
    doc = report.document
    assert doc.blocks and [doc.prose[p.start:p.end] for p in doc.paragraphs] == [
        "Talks in Geneva", "The talks went on\nfor three hours.", "No deal was reached."]
    assert vars(doc).get("word_count") == report.stats["words"] == 14  # carried, not recounted
