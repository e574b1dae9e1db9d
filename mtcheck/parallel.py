"""Checking many files: in this process, or in worker processes with --jobs N.

Results come back in the order of the files, so the output is the same as a serial
run. Each worker builds its rules and gazetteer once (the Linter cache in mtcheck.api)
and returns slim reports: the document without its derived data (sentences, the
gazetteer index), which the parent recomputes only if a renderer asks.
"""
from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .api import Report, check_file
from .config import Config
from .documents import Document
from .fixing import FixResult, fix_file


@dataclass(frozen=True)
class Task:
    path: Path
    config: Config
    fix: bool = False
    unsafe: bool = False
    write: bool = True
    stats: bool = False  # compute the report's statistics in the worker


def run_task(task: Task) -> Report | FixResult:
    if task.fix:
        result = fix_file(task.path, task.config, unsafe=task.unsafe, write=task.write)
    else:
        result = check_file(task.path, task.config)
    report = result.report if isinstance(result, FixResult) else result
    if task.stats and report.document is not None:
        report.stats  # noqa: B018 - computed here, carried back with the report
    if report.document is not None:
        doc = report.document
        report.document = Document(doc.text, path=doc.path, prose=doc.prose, heading_spans=doc.heading_spans)
    return result


def run_tasks(tasks: list[Task], jobs: int = 1) -> Iterator[Report | FixResult]:
    """Results in task order; a progress count on a terminal for long runs."""
    progress = _Progress(len(tasks)) if sys.stderr.isatty() and len(tasks) >= 50 else None
    pool = None
    if jobs > 1 and len(tasks) > 1:
        from concurrent.futures import ProcessPoolExecutor  # only when there are workers

        pool = ProcessPoolExecutor(max_workers=jobs)
    try:
        chunk = max(1, min(32, len(tasks) // (jobs * 4)))
        results = pool.map(run_task, tasks, chunksize=chunk) if pool else map(run_task, tasks)
        for r in results:
            if progress:
                progress.step()
            yield r
    finally:
        if pool:
            pool.shutdown()
    if progress:
        progress.done()


class _Progress:
    def __init__(self, total: int):
        self.total, self.count = total, 0

    def step(self) -> None:
        self.count += 1
        if self.count == self.total or self.count % 10 == 0:
            sys.stderr.write(f"\rmtcheck: {self.count}/{self.total} files")
            sys.stderr.flush()

    def done(self) -> None:
        sys.stderr.write("\r" + " " * 40 + "\r")
        sys.stderr.flush()
