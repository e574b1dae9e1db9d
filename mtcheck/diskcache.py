"""Where mtcheck keeps files it can rebuild (the compiled gazetteer, parsed rule packs,
the syllable table for readability), and how it writes them: a cache is only ever a
speed-up, so a read-only or missing home directory must cost time, never a crash."""
from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


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
