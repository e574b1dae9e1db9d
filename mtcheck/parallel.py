"""Checking many files: in this process, or in worker processes with --jobs N.

Results come back in the order of the files, so the output is the same as a serial
run. Each worker builds its rules and gazetteer once (the Linter cache in mtcheck.api)
and returns slim reports: the document without its derived data (sentences, the
gazetteer index), which the parent recomputes only if a renderer asks.
"""
from __future__ import annotations

import gc
import os
import signal
import sys
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .api import Report, check_file
from .config import Config
from .documents import Document
from .fixing import FixResult, fix_file
from .linter import FAILURES
from .notices import NOTICES


@dataclass(frozen=True)
class Task:
    path: Path
    config: Config
    fix: bool = False
    unsafe: bool = False
    write: bool = True
    stats: bool = False  # compute the report's statistics in the worker
    part: str | None = None  # the output format whose per-file part (render.PARTS) the worker makes


def run_task(task: Task) -> Report | FixResult:
    if task.fix:
        result = fix_file(task.path, task.config, unsafe=task.unsafe, write=task.write)
    else:
        result = check_file(task.path, task.config)
    report = result.report if isinstance(result, FixResult) else result
    if task.stats and report.document is not None:
        report.stats  # noqa: B018 - computed here, carried back with the report
    if task.part:
        from .render import PARTS

        report.parts[task.part] = PARTS[task.part](report)
    if report.document is not None:
        doc = report.document
        slim = Document(doc.text, path=doc.path, prose=doc.prose, heading_spans=doc.heading_spans,
                        blocks=doc.blocks)
        if "word_count" in vars(doc):  # small, and the score needs it: not counted twice
            slim.word_count = doc.word_count
        report.document = slim
    return result


def start_worker(grammar_server: str | None = None) -> None:
    """What every worker process (check --jobs, batch) does first: its notices go to the
    parent, which says each once; it uses the parent's local LanguageTool, if any
    (local_grammar_server); and it sets Ctrl-C aside."""
    # NOTICES.defer called here, not passed as the initializer: a started (not forked)
    # worker would unpickle a bound method onto a copy of NOTICES and defer that copy's notices
    NOTICES.defer()
    if grammar_server is not None:  # the parent's local LanguageTool, instead of one of its own
        from .grammar import share_local_server

        share_local_server(grammar_server)
    # Ctrl-C reaches the whole process group; it is the parent's to handle (it drops the
    # files not yet handed out), so that no worker dies in the middle of the pool's traffic.
    # The worker starts with it blocked (sigint_held): ignored first, then unblocked, so a
    # Ctrl-C already pending is dropped and programs the worker starts get the usual mask.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


@contextmanager
def sigint_held() -> Iterator[None]:
    """Hold Ctrl-C back while worker processes (and a fork server) start: they inherit it
    blocked, so none can die of it, with a traceback, before its initializer has set it
    aside. This process gets it when the block ends: blocking covers this thread only, so
    in the main thread a handler also keeps a Ctrl-C that another thread took for later."""
    main = threading.current_thread() is threading.main_thread()
    caught: list[int] = []
    before_handler = signal.signal(signal.SIGINT, lambda signum, _frame: caught.append(signum)) if main else None
    before_mask = (signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
                   if hasattr(signal, "pthread_sigmask") else None)
    try:
        yield
    finally:
        if before_mask is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, before_mask)  # a blocked Ctrl-C lands here, in the handler
        if main:
            signal.signal(signal.SIGINT, _handler_or_default(before_handler))
            if caught:
                signal.raise_signal(signal.SIGINT)  # now, to whatever handled it before


@contextmanager
def _sigint_ignored() -> Iterator[None]:
    """Ignore Ctrl-C pressed again while the workers finish the files they are on (a
    KeyboardInterrupt in the middle of the pool's shutdown would leave its threads for
    the interpreter's exit to wait on, with a traceback)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    before = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, _handler_or_default(before))


def _handler_or_default(handler):
    """A handler signal.signal() takes back: None (one not set from Python) means the default."""
    return signal.SIG_DFL if handler is None else handler


def _run_in_worker(task: Task) -> tuple[Report | FixResult, list[str], list[str]]:
    """A task's result, with the notices and rule failures it gave, for the parent."""
    before = len(FAILURES)
    result = run_task(task)
    failures = FAILURES[before:]
    del FAILURES[before:]
    return result, NOTICES.take(), failures


# The tasks of the run, for workers forked from this process: they read a task by its
# index, so the parent sends small ints instead of pickling every task's configuration.
_forked_tasks: list[Task] = []


def _run_forked(index: int) -> tuple[Report | FixResult, list[str], list[str]]:
    return _run_in_worker(_forked_tasks[index])


#: files adding up to less than this are checked in one process by default: below it, the
#: workers' start (about 0.05 s) costs more than they save (bench/peers.py, 2 CPUs: even
#: at 250 KB, 1.2x at 500 KB, 1.3x at 1 MB, 1.7x at 8 MB)
AUTO_PARALLEL_BYTES = 512 * 1024


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity mask, where the system has one)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def auto_jobs(tasks: list[Task]) -> int:
    """--jobs auto: a worker a usable CPU (no more than there are files) once the files
    add up to AUTO_PARALLEL_BYTES, else 1."""
    cpus = min(usable_cpus(), len(tasks))
    if cpus < 2:
        return 1
    total = 0
    for task in tasks:
        try:
            total += os.stat(task.path).st_size
        except OSError:  # unreadable or gone: its check will say so
            continue
        if total >= AUTO_PARALLEL_BYTES:
            return cpus
    return 1


def run_tasks(tasks: list[Task], jobs: int = 1) -> Iterator[Report | FixResult]:
    """Results in task order; a progress count on a terminal for long runs."""
    progress = _Progress(len(tasks)) if sys.stderr.isatty() and len(tasks) >= 50 else None
    pool, forked = None, False
    if jobs > 1 and len(tasks) > 1:
        # only when there are workers
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        grammar_server = local_grammar_server(task.config for task in tasks)
        context = multiprocessing.get_context()
        forked = context.get_start_method() == "fork"
        if forked:
            _warm_up(tasks)
            _forked_tasks[:] = tasks
            gc.freeze()  # a worker's collections then leave the inherited objects' pages unwritten
        pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=start_worker,
                                   initargs=(grammar_server,))
    try:
        # small chunks: the workers finish together instead of one waiting on the other's
        # last big chunk; the cost of a chunk's round trip is far below a file's check
        chunk = max(1, min(8, len(tasks) // (jobs * 16)))
        if pool is None:
            results = ((run_task(t), (), ()) for t in tasks)
        else:
            with sigint_held():  # map() starts the workers
                if forked:
                    results = pool.map(_run_forked, range(len(tasks)), chunksize=chunk)
                else:
                    results = pool.map(_run_in_worker, tasks, chunksize=chunk)
        for r, notices, failures in results:
            for text in notices:
                NOTICES.once(text)
            FAILURES.extend(failures)
            if progress:
                progress.step()
            yield r
    except BaseException:  # Ctrl-C, or the caller stopped reading (GeneratorExit): the rest is not wanted
        if pool:
            # Files not yet sent to a worker are dropped; the few a worker has are finished.
            # Killing a worker instead could cut a result short in the pipe, and the pool's
            # reader would wait for its end for ever.
            with _sigint_ignored():
                pool.shutdown(wait=True, cancel_futures=True)
        raise
    finally:
        if pool:
            pool.shutdown(wait=True, cancel_futures=True)  # at once when done or already shut down
            if forked:
                _forked_tasks.clear()
                gc.unfreeze()
        if progress:  # also when the run is cut short: the report must not start mid-line
            progress.done()


def local_grammar_server(configs: Iterable[Config]) -> str | None:
    """For worker processes to share: the address of a local LanguageTool server started
    here when these configurations call for one (each worker would otherwise start a Java
    server of its own: seconds, and a gigabyte of memory, each); "" when it was to be
    started here and failed (the workers then do not try again); None when none is
    called for (grammar off, or a server named by URL)."""
    from .api import grammar_for

    seen: set[int] = set()  # by identity: the files of a folder share one configuration object
    for config in configs:
        if id(config) in seen:
            continue
        seen.add(id(config))
        grammar = grammar_for(config)
        if grammar is None:
            continue
        url = grammar.local_server()
        if url or grammar.failed:
            return url or ""
    return None


def _warm_up(tasks: list[Task], most: int = 4) -> None:
    """Load in this process what a first check loads (rules, gazetteer, word lists,
    with stats the syllable table, the output format's module) before the workers are
    forked from it: they inherit it all instead of each loading it again. A local
    LanguageTool is started before this (local_grammar_server), a remote one is left to
    the workers."""
    from .api import linter_for
    from .checker import WARM_UP_TEXT
    from .render import PARTS
    from .stats import document_stats

    configs: list[Config] = []
    failures = len(FAILURES)
    for task in tasks:
        if task.config in configs:
            continue
        configs.append(task.config)
        doc = Document(WARM_UP_TEXT)
        linter = linter_for(task.config)
        errors = len(linter.errors)
        with NOTICES.discarded():  # a rule that fails here fails on the articles too, and is reported there
            findings = linter.check(doc)
        del linter.errors[errors:]
        if task.stats:
            document_stats(doc)
        if task.part:  # the format's module, and what its part needs
            PARTS[task.part](Report(doc.path, findings, doc))
        if len(configs) == most:
            break
    del FAILURES[failures:]


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
