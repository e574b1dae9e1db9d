"""Where mtcheck keeps files it can rebuild (the compiled gazetteer, parsed rule packs,
the syllable table for readability), and how it writes them: a cache is only ever a
speed-up, so a read-only or missing home directory must cost time, never a crash."""
from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

T = TypeVar("T")


def cache_dir() -> Path:
    """$MTCHECK_CACHE_DIR, else $XDG_CACHE_HOME/mtcheck, else ~/.cache/mtcheck."""
    if os.environ.get("MTCHECK_CACHE_DIR"):
        return Path(os.environ["MTCHECK_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "mtcheck"


def write_atomic(path: Path, write: Callable[[BinaryIO], object]) -> bool:
    """Write `path` through `write(file)` so that readers never see a half-written file:
    the bytes go to a file of this process's own next to it, which then replaces `path`
    in one step (parallel workers building the same cache each write whole files).
    Returns False, leaving no temporary file behind, when the directory is unwritable."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as f:
            write(f)
        tmp.replace(path)
        return True
    except OSError:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
        return False


def cache_file(*parts: str) -> Path | None:
    """A file in the cache directory, or None when there is none (no home directory to
    be found, as for some service accounts): then nothing is cached."""
    try:
        return cache_dir().joinpath(*parts)
    except RuntimeError:
        return None


def read_or_build(path: Path | None, load: Callable[[bytes], T | None], build: Callable[[], T],
                  dump: Callable[[T], bytes | None]) -> T:
    """`load(bytes of path)` when that gives a value (not None); else `build()`, stored
    with `dump(value)` unless that is None. A missing, unreadable, damaged or foreign file
    (whatever `load` raises on it) is built again; an unwritable one only costs the
    build next time."""
    if path is not None:
        try:
            data = path.read_bytes()  # whole: marshal.load(f) reads in small pieces, slower
            value = load(data)
        except Exception:  # noqa: BLE001 - a cache is only ever a speed-up
            value = None
        if value is not None:
            return value
    value = build()
    blob = dump(value) if path is not None else None
    if path is not None and blob is not None:
        write_atomic(path, lambda f: f.write(blob))
    return value


def cached_build(kind: str, source: str, build: Callable[[], T], check: Callable[[Any], bool]) -> T:
    """`build()`'s value for this source text (a data file's contents), kept as a marshal
    file named by a hash of `kind` and the text: an edited file gets a new entry, an
    unchanged one is read back in about a millisecond. `check` vets what was read back
    (a damaged or foreign file is rebuilt); a value marshal cannot hold is not cached."""
    import hashlib
    import marshal

    key = hashlib.blake2b(source.encode("utf-8", "surrogatepass"), digest_size=16,
                          person=kind.encode("utf-8")[:16]).hexdigest()

    def load(data: bytes) -> Any:
        value = marshal.loads(data)
        return value if check(value) else None

    def dump(value: T) -> bytes | None:
        try:
            return marshal.dumps(value)
        except ValueError:  # e.g. a YAML date
            return None

    return read_or_build(cache_file("data", f"{key}.marshal"), load, build, dump)
