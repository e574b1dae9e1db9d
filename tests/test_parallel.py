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


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="workers inherit memory only when forked")
def test_workers_are_forked_from_a_warmed_up_parent(tasks, monkeypatch):
    monkeypatch.setattr(api, "_linters", {})
    list(run_tasks(tasks, 2))
    linter = api._linters[Config()]
    assert linter.needs_gazetteer and linter._gazetteer is not None  # loaded before the fork
