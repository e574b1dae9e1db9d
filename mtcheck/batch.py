"""`mtcheck batch`: check a whole archive, on this machine's cores or a Dask cluster.

Input: directories (walked for the configured extensions, minus `exclude`), globs
("archive/**/*.html"), single article files, and JSON Lines (.jsonl, .ndjson, optionally
.gz) or Parquet files of articles with an `id`, a `text` and any metadata columns.
A file article's id is its path relative to the directory (or the glob's fixed part)
it was found under; a collection row without an id gets "FILE:N" (N counted from 1).
A file or folder met while walking a directory that cannot be read (or is a pipe or
device) is an error record, as an article file that cannot be read is. A collection that
cannot be read on (not gzip, or a .gz cut short) stops the run there with an error: the
articles read before it are checked and kept, so --resume goes on once it is fixed.

Output: one record per article, in input order (see mtcheck.checker for its fields),
as JSON Lines or Parquet (chosen by the suffix, or --format).

Resuming: records are appended to JSON Lines output chunk by chunk, each chunk flushed
and fsynced, so a killed run leaves every finished chunk on disk; `--resume` skips the
articles whose id is already in the output (a torn last line is cut off) and appends
the rest, which gives the same file as a run that was never interrupted. Parquet output
is journalled the same way in FILE.partial.jsonl beside it and written to FILE in one
atomic step when the run ends; `--resume` continues from the journal (and from a
finished FILE, whose rows are kept). Parquet holds one type per column: a metadata
column whose values differ in type is written as strings.

Engines: `serial` (this process), `local` (a pool of --jobs processes, the default) and
`dask` (an existing cluster at --scheduler, or a local one of --jobs processes; needs
`pip install mtcheck[dask]`, and mtcheck installed on the cluster's workers). Articles
travel in chunks of --chunk-size; each worker loads the rules and the gazetteer once.

Exit codes: 0 the batch finished (articles that failed are error records in the
output); 2 usage, configuration or input error, or a run cut short (finished chunks are
kept; run again with --resume).
"""
from __future__ import annotations

import argparse
import glob as globlib
import gzip
import json
import os
import sys
import time
import zlib
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .api import config_for, iter_files, linter_for, read_file
from .options import add_config_options, config_overrides, jobs_count
from .checker import Checker
from .config import Config, load_config_file
from .errors import InputError, MtcheckError
from .notices import NOTICES
from .parallel import local_grammar_server, sigint_held, start_worker, usable_cpus

ENGINES = ("serial", "local", "dask")
OUTPUT_FORMATS = ("jsonl", "parquet")
COLLECTION_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz", ".parquet", ".pq")
WORST = 10
MAX_NESTING = 100  # deeper JSON in an input row is an error record, not a RecursionError later on
DASK_MISSING = "the dask engine needs Dask: pip install mtcheck[dask]"
PYARROW_MISSING = "Parquet needs pyarrow: pip install mtcheck[dask] (or pip install pyarrow)"


# ----------------------------------------------------------------------------- command line

def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {value!r}")
    return number


def add_parser(sub) -> None:
    batch = sub.add_parser("batch", help="check a whole archive into JSON Lines or Parquet, resumably",
                           description="Check every article of an archive; one result record per article.")
    batch.add_argument("inputs", nargs="+", metavar="INPUT",
                       help="directory, glob, article file, or .jsonl/.parquet file of articles (id, text, ...)")
    batch.add_argument("--output", "-o", type=Path, required=True, metavar="FILE",
                       help="where the records go: .jsonl or .parquet")
    batch.add_argument("--format", choices=OUTPUT_FORMATS, help="output format (default: from the suffix)")
    existing = batch.add_mutually_exclusive_group()
    existing.add_argument("--resume", action="store_true",
                          help="skip the articles already in the output and add the rest")
    existing.add_argument("--overwrite", action="store_true", help="replace an existing output")
    batch.add_argument("--engine", choices=ENGINES,
                       help="serial, local processes (default) or dask (default when --scheduler is given)")
    batch.add_argument("--jobs", "-j", type=jobs_count, metavar="N",
                       help="worker processes (default: auto, one a usable CPU); 1 checks in this process")
    batch.add_argument("--scheduler", metavar="ADDRESS",
                       help="a running Dask scheduler, e.g. tcp://10.0.0.5:8786 (default: start a local cluster)")
    batch.add_argument("--chunk-size", type=_positive, default=32, metavar="N",
                       help="articles sent to a worker at a time (default 32)")
    add_config_options(batch)


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    fmt = _output_format(args)
    engine, jobs = _engine(args)
    if engine == "dask":
        _dask()  # missing Dask is an error before any output is touched
    sources = collect_sources(args.inputs)
    if any(s.path is not None and s.path.resolve() == args.output.resolve() for s in sources):
        raise InputError("the output is also an input", str(args.output))
    config = _config(args, sources)
    linter_for(config)  # configuration errors surface before any work
    checker = Checker(config)
    sink = JsonlSink(args.output) if fmt == "jsonl" else ParquetSink(args.output)
    summary = Summary()
    done = sink.open(resume=args.resume, overwrite=args.overwrite, seen=summary.add)
    already = summary.articles
    progress = Progress(_total(sources, config) - already if sys.stderr.isatty() else None)
    inputs = _StopAtInputError(iter_articles(sources, config))
    items = _skip_done(inputs, done)
    try:
        # closing(): a failed write stops the workers now, not when the generator is collected
        with closing(run_engine(engine, checker, _chunks(items, args.chunk_size), jobs, args.scheduler)) as results:
            for records in results:
                with sigint_held():  # written and counted as one step: Ctrl-C reports what the file holds
                    sink.write(records)
                    for record in records:
                        summary.add(record)
                progress.update(len(records))
        progress.close()
        if inputs.error is not None:  # what was written stays, as for any run cut short (below)
            raise _cut_short(inputs.error, summary.articles)
        sink.close()
    except KeyboardInterrupt:
        progress.close()
        sink.abandon()
        if summary.articles:
            print(f"mtcheck: interrupted: {summary.articles} records kept in {args.output}; "
                  "run again with --resume to go on", file=sys.stderr)
        else:
            print(f"mtcheck: interrupted before the first record: nothing written to {args.output}",
                  file=sys.stderr)
        raise
    except BaseException:
        progress.close()
        sink.abandon()
        raise
    elapsed = time.perf_counter() - started
    sys.stdout.write(summary.render(args.output, already, elapsed))
    return 0


class _StopAtInputError:
    """The articles of the inputs until one cannot be read on (a damaged collection):
    the error is kept in `error` and the input ends there, so the articles read before
    it are still checked and written, not lost with the chunk they were in."""

    def __init__(self, items: Iterator[dict | Failed]):
        self.items = items
        self.error: InputError | None = None

    def __iter__(self) -> Iterator[dict | Failed]:
        try:
            yield from self.items
        except InputError as exc:
            self.error = exc


def _cut_short(error: InputError, kept: int) -> InputError:
    if not kept:
        return type(error)(f"{error.message}; the run stopped there, before any record was written",
                           error.path, error.line)
    records = f"{kept} record{'s' if kept != 1 else ''}"
    return type(error)(f"{error.message}; the run stopped there, keeping the {records} before it "
                       "(fix or leave out that input, then run again with --resume)", error.path, error.line)


def _output_format(args: argparse.Namespace) -> str:
    if args.format:
        return args.format
    name = args.output.name.lower()
    if name.endswith((".parquet", ".pq")):
        return "parquet"
    if name.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    raise MtcheckError("cannot tell the output format from its name; end it in .jsonl or .parquet, "
                       "or give --format", str(args.output))


def _engine(args: argparse.Namespace) -> tuple[str, int]:
    engine = args.engine or ("dask" if args.scheduler else "local")
    if args.scheduler and engine != "dask":
        raise MtcheckError(f"--scheduler needs --engine dask, not --engine {engine}")
    jobs = args.jobs or usable_cpus()
    if engine == "local" and jobs == 1:
        engine = "serial"
    return engine, jobs


def _config(args: argparse.Namespace, sources: list[Source]) -> Config:
    base = load_config_file(args.config) if args.config else None
    overrides = config_overrides(args)
    # One configuration for the whole batch: the one that applies in the first input's folder.
    return config_for(sources[0].root / "article", base, overrides)


# ----------------------------------------------------------------------------- inputs

@dataclass(frozen=True)
class Source:
    """One input: article files under a root, or one JSON Lines or Parquet collection."""

    kind: str  # "files", "jsonl" or "parquet"
    root: Path  # the folder ids are relative to (files); the collection's folder otherwise
    path: Path | None = None  # the collection file, or the directory to walk
    files: tuple[Path, ...] = ()  # article files found by a glob or named one by one


@dataclass(frozen=True)
class Failed:
    """An input that could not even be read as an article: its record is ready."""

    record: dict


def _collection_kind(path: Path) -> str | None:
    name = path.name.lower()
    if not name.endswith(COLLECTION_SUFFIXES):
        return None
    return "parquet" if name.endswith((".parquet", ".pq")) else "jsonl"


def _glob_root(pattern: str) -> Path:
    parts = Path(pattern).parts
    fixed = []
    for part in parts:
        if globlib.has_magic(part):
            break
        fixed.append(part)
    return Path(*fixed) if fixed else Path(".")


def collect_sources(inputs: Iterable[str]) -> list[Source]:
    """What each INPUT names, checked before any work starts."""
    sources: list[Source] = []
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            sources.append(Source("files", path, path))
        elif path.is_file():
            kind = _collection_kind(path)
            sources.append(Source(kind, path.parent, path) if kind else Source("files", path.parent, None, (path,)))
        elif globlib.has_magic(raw):
            matches = sorted(Path(m) for m in globlib.glob(raw, recursive=True) if Path(m).is_file())
            if not matches:
                raise InputError("the pattern matches no files", raw)
            loose = tuple(m for m in matches if _collection_kind(m) is None)
            if loose:
                sources.append(Source("files", _glob_root(raw), None, loose))
            sources.extend(Source(_collection_kind(m), m.parent, m) for m in matches if _collection_kind(m))
        elif path.exists():  # a named pipe, socket or device: a collection is read more than once
            raise InputError("is a pipe, socket or device, not a file or folder: save it to a file first", raw)
        else:
            raise InputError("no such file or directory", raw)
    return sources


def iter_articles(sources: list[Source], config: Config) -> Iterator[dict | Failed]:
    """Every article of every source, in order."""
    for source in sources:
        if source.kind == "jsonl":
            yield from _jsonl_articles(source.path)
        elif source.kind == "parquet":
            yield from _parquet_articles(source.path)
        else:
            for file in source.files or iter_files([source.path], config):
                if isinstance(file, MtcheckError):  # an unreadable folder, a pipe or device, a broken link
                    yield _walk_failure(file, source.root)
                else:
                    yield _file_article(file, source.root, config)


def _walk_failure(error: MtcheckError, root: Path) -> Failed:
    path = error.path or str(root)
    article_id = Path(os.path.relpath(path, root)).as_posix()
    return Failed(_error_record(path if article_id == "." else article_id, error.message, path))


def _file_article(file: Path, root: Path, config: Config) -> dict | Failed:
    article_id = Path(os.path.relpath(file, root)).as_posix()
    try:
        data = read_file(file, config)
    except InputError as exc:
        return Failed(_error_record(article_id, exc.message, str(file)))
    # Bytes travel to the worker, which decodes them: a bad file fails there like any article.
    return {"id": article_id, "path": str(file), "text": data}


def _error_record(article_id: Any, message: str, path: str | None = None) -> dict:
    record: dict = {"id": article_id}
    if path is not None:
        record["path"] = path
    record.update({"findings": [], "stats": {}})
    if _has_score():
        record["score"] = None
    record["error"] = message
    return record


def _has_score() -> bool:
    from . import checker

    return checker.article_score is not None


def _open_text_lines(path: Path):
    return gzip.open(path, "rb") if path.name.lower().endswith(".gz") else path.open("rb")


_READ_ERRORS = (OSError, EOFError, zlib.error)  # gzip.BadGzipFile is an OSError


def _read_problem(exc: BaseException, path: Path, lines_read: int) -> InputError:
    """Why a collection cannot be read on, as an InputError naming the file."""
    gzipped = path.name.lower().endswith(".gz")
    after = f" after line {lines_read}" if lines_read else ""
    if isinstance(exc, EOFError):
        reason = f"the gzip data ends early{after}: the file is cut short (truncated)"
    elif gzipped and isinstance(exc, gzip.BadGzipFile) and not lines_read:
        reason = "not a gzip file, though its name ends in .gz"
    elif gzipped and isinstance(exc, (gzip.BadGzipFile, zlib.error)):
        reason = f"damaged gzip data{after} ({exc})"
    else:
        reason = f"cannot read{after}: {getattr(exc, 'strerror', None) or exc}"
    return InputError(reason, str(path))


def _numbered_lines(path: Path) -> Iterator[tuple[int, bytes]]:
    """The lines of a collection, numbered from 1; a read problem is an InputError."""
    number = 0
    try:
        with _open_text_lines(path) as lines:
            for number, raw in enumerate(lines, 1):
                yield number, raw
    except _READ_ERRORS as exc:
        raise _read_problem(exc, path, number) from None


def _loads(raw: bytes | str) -> Any:
    """json.loads, with a value nested too deeply to decode a ValueError like any bad JSON."""
    try:
        return json.loads(raw)
    except RecursionError:
        raise ValueError("a value is nested too deeply") from None


def _too_deep(value: Any, limit: int = MAX_NESTING) -> bool:
    """True when lists and objects are nested more than `limit` levels deep (counted
    without recursion, so that any depth can be measured)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is None:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def _jsonl_articles(path: Path) -> Iterator[dict | Failed]:
    name = str(path)
    for number, raw in _numbered_lines(path):
        if not raw.strip():
            continue
        fallback = f"{name}:{number}"
        try:
            row = _loads(raw)
        except ValueError as exc:  # invalid JSON, invalid UTF-8, or nested too deeply
            yield Failed(_error_record(fallback, f"line {number} is not a JSON record: {exc}"))
            continue
        if not isinstance(row, dict):
            yield Failed(_error_record(fallback, f"line {number} is not a JSON object"))
            continue
        if _too_deep(row):
            yield Failed(_error_record(fallback, f"line {number}: the record nests lists or objects more than "
                                                 f"{MAX_NESTING} levels deep; not checked"))
            continue
        yield _with_id(row, fallback)


def _with_id(row: dict, fallback: str) -> dict:
    if row.get("id") is None:
        row = {"id": fallback, **{k: v for k, v in row.items() if k != "id"}}
    return row


def _pyarrow_parquet():
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise MtcheckError(PYARROW_MISSING) from None
    return pq


def _parquet_articles(path: Path) -> Iterator[dict]:
    pq = _pyarrow_parquet()
    try:
        file = pq.ParquetFile(path)
    except Exception as exc:  # noqa: BLE001 - pyarrow raises several kinds
        raise InputError(f"not a readable Parquet file: {exc}", str(path)) from None
    if "text" not in file.schema_arrow.names:
        raise InputError(f"has no 'text' column (columns: {', '.join(file.schema_arrow.names)})", str(path))
    number = 0
    batches = file.iter_batches(batch_size=1024)
    while True:
        try:
            batch = next(batches, None)
        except Exception as exc:  # noqa: BLE001 - pyarrow raises several kinds
            raise InputError(f"damaged Parquet data after row {number}: {exc}", str(path)) from None
        if batch is None:
            return
        for row in batch.to_pylist():
            number += 1
            yield _with_id(row, f"{path}:{number}")


def _total(sources: list[Source], config: Config) -> int:
    """How many articles there are, for the progress bar (a cheap pass, TTY only)."""
    total = 0
    for source in sources:
        try:
            if source.kind == "jsonl":
                with _open_text_lines(source.path) as lines:
                    total += sum(1 for raw in lines if raw.strip())
            elif source.kind == "parquet":
                total += _pyarrow_parquet().ParquetFile(source.path).metadata.num_rows
            elif source.files:
                total += len(source.files)
            else:
                total += sum(1 for _ in iter_files([source.path], config))  # errors are records too
        except (*_READ_ERRORS, MtcheckError):
            pass  # the real pass reports it
    return total


def _id_key(value: Any) -> Any:
    return value if isinstance(value, str) else json.dumps(value, sort_keys=True, default=str)


def _skip_done(items: Iterable[dict | Failed], done: Counter) -> Iterator[dict | Failed]:
    """Items whose id is not in the output yet. Ids are counted, so an id that occurs
    twice in the input and once in the output is checked once more."""
    for item in items:
        key = _id_key(item.record["id"] if isinstance(item, Failed) else item.get("id"))
        if done[key] > 0:
            done[key] -= 1
            continue
        yield item


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# ----------------------------------------------------------------------------- engines

def check_chunk(checker: Checker, chunk: list[dict | Failed]) -> list[dict]:
    """The records of one chunk, in order: the task every engine runs."""
    return [item.record if isinstance(item, Failed) else checker.check_record(item) for item in chunk]


_worker_checker: Checker | None = None


def _start_worker(checker: Checker, grammar_server: str | None = None) -> None:
    global _worker_checker
    start_worker(grammar_server)
    _worker_checker = checker
    with suppress(Exception):  # a failure here shows in each article's own record
        checker.warm_up()


def _check_in_worker(chunk: list[dict | Failed]) -> tuple[list[dict], list[str]]:
    assert _worker_checker is not None
    records = check_chunk(_worker_checker, chunk)
    return records, NOTICES.take()


def _records_said(done: tuple[list[dict], list[str]]) -> list[dict]:
    """A worker's records, after saying the notices it sent with them."""
    records, notices = done
    for text in notices:
        NOTICES.once(text)
    return records


def run_engine(engine: str, checker: Checker, chunks: Iterator[list], jobs: int,
               scheduler: str | None = None) -> Iterator[list[dict]]:
    """The records of each chunk, chunk by chunk in input order."""
    if engine == "serial":
        for chunk in chunks:
            yield check_chunk(checker, chunk)
    elif engine == "local":
        yield from _run_local(checker, chunks, jobs)
    elif engine == "dask":
        yield from _run_dask(checker, chunks, jobs, scheduler)
    else:
        raise MtcheckError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")


def _in_order(submit: Callable[[list], Any], result: Callable[[Any], list[dict]],
              chunks: Iterator[list], window: int) -> Iterator[list[dict]]:
    """Keep up to `window` chunks in flight; hand results back in submission order."""
    pending: deque = deque()
    for chunk in chunks:
        pending.append(submit(chunk))
        if len(pending) >= window:
            yield result(pending.popleft())
    while pending:
        yield result(pending.popleft())


def _run_local(checker: Checker, chunks: Iterator[list], jobs: int) -> Iterator[list[dict]]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # Not fork: the parent may hold threads (a progress bar) and forking those is unsafe.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if context.get_start_method() == "forkserver":
        context.set_forkserver_preload(["mtcheck.checker", "mtcheck.batch"])
    grammar_server = local_grammar_server([checker.config])  # one local LanguageTool for all the workers
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context,
                               initializer=_start_worker, initargs=(checker, grammar_server))

    def submit(chunk: list) -> Any:
        with sigint_held():  # a submit may start the fork server or a worker
            return pool.submit(_check_in_worker, chunk)

    try:
        yield from _in_order(submit, lambda f: _records_said(f.result()), chunks, window=3 * jobs)
    except BrokenProcessPool:
        raise MtcheckError("a worker process died (out of memory?); finished chunks are kept: "
                           "run again with --resume") from None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _dask():
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise MtcheckError(DASK_MISSING) from None
    return Client, LocalCluster


def _run_dask(checker: Checker, chunks: Iterator[list], jobs: int, scheduler: str | None) -> Iterator[list[dict]]:
    Client, LocalCluster = _dask()
    import logging

    cluster = None
    try:
        if scheduler:
            try:
                client = Client(scheduler, timeout="20s")
            except (OSError, TimeoutError) as exc:
                raise MtcheckError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
        else:
            cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=logging.ERROR)
            client = Client(cluster)
    except MtcheckError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise MtcheckError(f"cannot start Dask: {type(exc).__name__}: {exc}") from None
    try:
        threads = sum(client.nthreads().values()) or jobs
        yield from _in_order(lambda chunk: client.submit(check_chunk, checker, chunk, pure=False),
                             _dask_result, chunks, window=3 * threads)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _dask_result(future) -> list[dict]:
    try:
        return future.result()
    except Exception as exc:  # noqa: BLE001 - e.g. KilledWorker after repeated worker deaths
        raise MtcheckError(f"a Dask task failed ({type(exc).__name__}: {exc}); finished chunks are kept: "
                           "run again with --resume") from None
    finally:
        future.release()


# ----------------------------------------------------------------------------- outputs

def dumps(record: dict) -> str:
    """One JSON Lines record (U+2028/U+2029 escaped, as in mtcheck.render.jsonl)."""
    text = json.dumps(record, ensure_ascii=False, default=str)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def read_journal(path: Path, seen: Callable[[dict], None]) -> Counter:
    """Ids (counted) of the records in a JSON Lines output, each record passed to `seen`;
    a torn last line, left by a run killed while writing, is cut off the file."""
    done: Counter = Counter()
    good = 0  # end of the last whole record
    with path.open("rb") as file:
        for number, raw in enumerate(file, 1):
            if not raw.endswith(b"\n"):
                break  # torn by a kill: dropped below
            try:
                record = _loads(raw)
            except ValueError:
                if file.read(1):  # damage in the middle is not a torn write
                    raise InputError(f"line {number} is not a JSON record; the output is damaged, "
                                     "so it cannot be resumed", str(path)) from None
                break
            done[_id_key(record.get("id"))] += 1
            seen(record)
            good += len(raw)
    if good != path.stat().st_size:
        with path.open("r+b") as file:
            file.truncate(good)
            os.fsync(file.fileno())
    return done


class JsonlSink:
    """Records appended to a JSON Lines file, each chunk flushed and fsynced. The file is
    opened at the first write (a run that fails to start leaves nothing behind) and made,
    empty if need be, when the run ends."""

    def __init__(self, path: Path):
        self.path = path
        self.file = None

    def open(self, *, resume: bool, overwrite: bool, seen: Callable[[dict], None]) -> Counter:
        done: Counter = Counter()
        if self.path.exists() and not self.path.is_file():
            raise InputError("the output is not a file", str(self.path))
        if self.path.exists():
            if resume:
                done = read_journal(self.path, seen)
            elif not overwrite:
                raise InputError("the output exists: add --resume to go on with it, or --overwrite "
                                 "to replace it", str(self.path))
            else:
                self.path.unlink()
        return done

    def write(self, records: list[dict]) -> None:
        if self.file is None:
            self.file = self.path.open("ab")
        self.file.write("".join(dumps(r) + "\n" for r in records).encode("utf-8"))
        self.file.flush()
        os.fsync(self.file.fileno())

    def close(self) -> None:
        if self.file is None:
            self.path.touch()
        self.abandon()

    def abandon(self) -> None:
        if self.file is not None:
            self.file.close()
            self.file = None


class ParquetSink:
    """Records journalled as JSON Lines beside the output, then written to Parquet in one
    atomic step at the end (with the rows of a finished output that is being resumed)."""

    def __init__(self, path: Path):
        self.path = path
        self.journal = JsonlSink(path.with_name(path.name + ".partial.jsonl"))
        self.temporary = path.with_name(f".{path.name}.tmp")
        self.keep_old = False

    def open(self, *, resume: bool, overwrite: bool, seen: Callable[[dict], None]) -> Counter:
        pq = _pyarrow_parquet()
        existing = [p for p in (self.path, self.journal.path) if p.exists()]
        if existing and not resume and not overwrite:
            raise InputError("the output (or its journal) exists: add --resume to go on with it, or "
                             "--overwrite to replace it", str(existing[0]))
        if self.temporary.exists():
            self.temporary.unlink()  # left by a run killed while finishing: its journal is still there
        done: Counter = Counter()
        if resume and self.path.exists():
            self.keep_old = True
            for batch in pq.ParquetFile(self.path).iter_batches(batch_size=4096):
                for record in _strip_nulls(batch.to_pylist()):
                    done[_id_key(record.get("id"))] += 1
                    seen(record)
        if not resume and overwrite:
            for p in existing:
                p.unlink()
        done.update(self.journal.open(resume=resume, overwrite=overwrite, seen=seen))
        return done

    def write(self, records: list[dict]) -> None:
        self.journal.write(records)

    def abandon(self) -> None:
        self.journal.abandon()

    def close(self) -> None:
        self.journal.close()
        if self.keep_old and self.journal.path.stat().st_size == 0:
            self.journal.path.unlink()  # nothing new: the finished output stays as it is
            return
        write_parquet(self._batches, self.temporary)
        # Journal gone before the rename: a kill in between loses the journal's work (done
        # again on --resume), never duplicates it.
        self.journal.path.unlink()
        os.replace(self.temporary, self.path)

    def _batches(self) -> Iterator[list[dict]]:
        if self.keep_old:
            pq = _pyarrow_parquet()
            for batch in pq.ParquetFile(self.path).iter_batches(batch_size=4096):
                yield _strip_nulls(batch.to_pylist())
        with self.journal.path.open("rb") as file:
            for chunk in _chunks(file, 4096):
                yield [json.loads(raw) for raw in chunk]


def _strip_nulls(rows: list[dict]) -> list[dict]:
    """Parquet rows as records: columns a record did not have (null) left out."""
    return [{k: v for k, v in row.items() if v is not None or k == "score"} for row in rows]


def _result_types(pa) -> dict:
    finding = pa.struct([("rule", pa.string()), ("name", pa.string()), ("category", pa.string()),
                         ("severity", pa.string()), ("start", pa.int64()), ("end", pa.int64()),
                         ("line", pa.int64()), ("column", pa.int64()), ("end_line", pa.int64()),
                         ("end_column", pa.int64()), ("message", pa.string()),
                         ("suggestions", pa.list_(pa.string()))])
    return {"findings": pa.list_(finding), "score": pa.float64(), "error": pa.string()}


def _stats_type(pa):
    from .stats import READABILITY

    return pa.struct([("words", pa.int64()), ("sentences", pa.int64()), ("paragraphs", pa.int64()),
                      ("characters", pa.int64()), ("words_per_sentence", pa.float64()),
                      ("readability", pa.struct([(name, pa.float64()) for name in READABILITY]))])


def write_parquet(batches: Callable[[], Iterator[list[dict]]], path: Path) -> None:
    """Write records to Parquet: one pass to find each column's type, one to write."""
    import pyarrow as pa

    pq = _pyarrow_parquet()
    fixed = _result_types(pa)
    types: dict[str, Any] = {"id": pa.null()}
    stringify: set[str] = set()
    for rows in batches():
        for name in dict.fromkeys(k for row in rows for k in row):
            if name in fixed or name in stringify:
                continue
            try:
                found = pa.array([row.get(name) for row in rows]).type
            except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
                found = None
            before = types.get(name, pa.null())
            if name == "stats":
                before = _unify(pa, before, _stats_type(pa)) or before
            merged = None if found is None else _unify(pa, before, found)
            if merged is None:  # mixed types: the column is written as strings
                stringify.add(name)
                merged = pa.string()
            types[name] = merged
    names = [n for n in ("id", "path") if n in types] + [n for n in types if n not in ("id", "path", "stats")]
    names += ["findings", "stats", "score", "error"]
    types.update(fixed)
    types.setdefault("stats", _stats_type(pa))
    schema = pa.schema([(n, pa.string() if types[n] == pa.null() else types[n]) for n in names])
    try:
        with pq.ParquetWriter(path, schema) as writer:
            for rows in batches():
                writer.write_table(pa.Table.from_pylist(_prepared(rows, stringify), schema=schema))
        with path.open("rb") as file:
            os.fsync(file.fileno())
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def _unify(pa, a, b):
    try:
        return pa.unify_schemas([pa.schema([("x", a)]), pa.schema([("x", b)])],
                                promote_options="permissive").field("x").type
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        return None


def _prepared(rows: list[dict], stringify: set[str]) -> list[dict]:
    if not stringify:
        return rows
    return [{k: (v if v is None or k not in stringify or isinstance(v, str) else json.dumps(v, ensure_ascii=False))
             for k, v in row.items()} for row in rows]


# ----------------------------------------------------------------------------- progress, summary

class Progress:
    """A progress bar on stderr (tqdm when installed, else a counter); None total = off."""

    def __init__(self, total: int | None):
        self.enabled = total is not None
        self.total = total or 0
        self.done = 0
        self.bar = None
        self.started = time.monotonic()
        self.shown = 0.0
        if self.enabled:
            try:
                from tqdm import tqdm
            except ImportError:
                return
            self.bar = tqdm(total=self.total, unit="article", file=sys.stderr, dynamic_ncols=True)

    def update(self, n: int) -> None:
        self.done += n
        if not self.enabled:
            return
        if self.bar is not None:
            self.bar.update(n)
            return
        now = time.monotonic()
        if now - self.shown >= 0.2 or self.done >= self.total:
            self.shown = now
            rate = self.done / max(now - self.started, 1e-9)
            sys.stderr.write(f"\r{self.done}/{self.total} articles ({rate:.0f}/s)")
            sys.stderr.flush()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
        elif self.enabled and self.done:
            sys.stderr.write("\n")
        self.enabled = False


class Summary:
    """Counts over every record of the output (those kept from a resumed run included)."""

    def __init__(self):
        self.articles = self.errors = self.findings = 0
        self.by_category: Counter = Counter()
        self.by_severity: Counter = Counter()
        self.scored = False
        self._worst: list[tuple] = []

    def add(self, record: dict) -> None:
        self.articles += 1
        findings = record.get("findings") or []
        self.findings += len(findings)
        self.by_category.update(f.get("category") for f in findings)
        self.by_severity.update(f.get("severity") for f in findings)
        if record.get("error"):
            self.errors += 1
            return
        severe = sum(1 for f in findings if f.get("severity") in ("critical", "major"))
        score = record.get("score")
        if score is not None:
            self.scored = True
        self._worst.append((score if score is not None else float("inf"), -severe, str(record.get("id")),
                            severe, len(findings)))
        if len(self._worst) > 2000:
            self._worst = self.worst()

    def worst(self) -> list[tuple]:
        key = (lambda w: w[:3]) if self.scored else (lambda w: (w[1], -w[4], w[2]))
        return sorted(self._worst, key=key)[:WORST]

    def render(self, output: Path, already: int, seconds: float) -> str:
        checked = self.articles - already
        rate = checked / seconds if seconds > 0 else 0.0
        lines = [f"{output}: {self.articles} article{'s' if self.articles != 1 else ''}"
                 + (f" ({already} from before, {checked} checked now)" if already else "")
                 + f", {self.errors} error{'s' if self.errors != 1 else ''}, "
                 f"{self.findings} finding{'s' if self.findings != 1 else ''}"]
        if self.findings:
            lines.append("by severity: " + ", ".join(f"{s} {self.by_severity[s]}"
                                                     for s in ("critical", "major", "minor") if self.by_severity[s]))
            lines.append("by category:")
            lines += [f"  {n:6}  {c}" for c, n in sorted(self.by_category.items(), key=lambda kv: (-kv[1], kv[0]))]
        worst = [w for w in self.worst() if (w[0] < 100.0 if self.scored else w[3] > 0)]
        if worst:
            lines.append("worst articles" + (" (by score):" if self.scored else " (by critical + major findings):"))
            for score, _, ident, severe, count in worst:
                shown = f"{score:6.1f}  " if self.scored else ""
                lines.append(f"  {shown}{ident}  ({severe} critical or major of {count} finding"
                             f"{'s' if count != 1 else ''})")
        lines.append(f"{checked} article{'s' if checked != 1 else ''} checked in {seconds:.1f} s ({rate:.1f}/s)")
        return "\n".join(lines) + "\n"


__all__ = ["Checker", "add_parser", "check_chunk", "collect_sources", "iter_articles", "run", "run_engine"]
