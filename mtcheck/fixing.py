"""--fix and --diff: apply fixes to files without touching anything else.

The text is decoded once, fixed in converging passes (each pass re-checks the text, so a
fix skipped because it overlapped another gets its turn), encoded back with the file's
own codec and byte-order mark, and written atomically: a temporary file in the same
folder, flushed to disk, then renamed over the original. A file is either fully old or
fully new, whatever happens to the process; files without fixes are not written at all.
"""
from __future__ import annotations

import codecs
import difflib
import errno
import os
import re
import stat
import tempfile
import time
from contextlib import suppress
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from .api import Report, findings_for, read_file
from .config import Config
from .documents import make_document
from .documents.codec import decode_bytes
from .errors import InputError
from .fixes import fix_until_stable
from .model import Finding


@dataclass
class FixResult:
    report: Report  # the findings that remain after fixing
    original: str
    fixed: str
    applied: int

    @property
    def changed(self) -> bool:
        return self.fixed != self.original


def fix_file(path: Path, config: Config, unsafe: bool = False, write: bool = True) -> FixResult | Report:
    """Fix one file; returns a Report with an error when it cannot be read or decoded."""
    shown = str(path)
    try:
        decoded = decode_bytes(read_file(path, config), shown, config.encoding)
    except InputError as exc:
        return Report(shown, error=exc.message)

    last: list = [None, None, None]  # the text checked last, its document and findings

    def check(text: str):
        doc = make_document(text, shown)
        last[:] = [text, doc, encodable_fixes(findings_for(doc, config), decoded.encoding)]
        return last[2]

    fixed, applied = fix_until_stable(decoded.text, check, unsafe)
    if last[0] != fixed:  # stopped by the pass limit: the final text was not checked yet
        check(fixed)
    report = Report(shown, last[2], last[1])  # the last pass already checked the final text
    result = FixResult(report, decoded.text, fixed, applied)
    if write and result.changed:
        try:
            write_atomically(path, decoded.encode(fixed))
        except OSError as exc:
            return Report(shown, error=f"cannot write the fixed file: {exc.strerror or exc}")
    return result


def encodable_fixes(findings: list[Finding], encoding: str) -> list[Finding]:
    """The findings, less the fixes whose new text the file's codec cannot write (a
    curly quote in a Latin-1 file): those stay findings, for a person to fix."""
    if codecs.lookup(encoding).name.startswith("utf"):  # every character has bytes
        return findings
    out = []
    for f in findings:
        if f.fix is not None and not all(_encodes(e.replacement, encoding) for e in f.fix.edits):
            f = replace(f, fix=None)
        out.append(f)
    return out


def _encodes(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


#: a temporary file untouched this long belongs to a run that died (killed, power cut)
STALE_SECONDS = 60
_TEMPORARY = re.compile(r"\.(.+)\.[a-z0-9_]{8}\.mtcheck-tmp")


def write_atomically(path: Path, data: bytes) -> None:
    """Replace the file at `path` with `data`, all at once: readers and a crash see the old
    bytes or the new, never a mix. A symbolic link is written through (the link stays, its
    target changes); a device, pipe or terminal (/dev/null, /dev/stdout) is written to
    directly, as nothing can replace it atomically. A read-only file is refused, not
    replaced behind its owner's back. Errors name `path`, not the temporary file."""
    target = Path(os.path.realpath(path))
    try:
        info: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    if info is not None:
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, "is a folder, not a file", str(path))
        if not stat.S_ISREG(info.st_mode):
            with open(target, "wb") as f:
                f.write(data)
            return
        if not info.st_mode & 0o222 or not os.access(target, os.W_OK):
            raise PermissionError(errno.EACCES, "the file is read-only", str(path))
    _remove_stale_temporaries(target)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".mtcheck-tmp", dir=target.parent)
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if info is not None:
            mode = info.st_mode & 0o7777
            if (info.st_uid, info.st_gid) != (os.getuid(), os.getgid()):
                with suppress(OSError):  # keep the owner where allowed (root fixing a user's file)
                    os.chown(tmp, info.st_uid, info.st_gid)
        else:  # a new file: the usual permissions
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException as exc:
        with suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise OSError(exc.errno, exc.strerror, str(path)) from None
        raise


def _remove_stale_temporaries(path: Path) -> None:
    """Delete what a killed run left of an earlier write of this file: its hidden
    `.NAME.XXXXXXXX.mtcheck-tmp` files not written to for STALE_SECONDS (a fresh one may
    be another run's write in progress)."""
    now = time.time()
    for name in _temporaries_in(path.parent).get(path.name, ()):
        try:
            if now - os.lstat(path.parent / name).st_mtime > STALE_SECONDS:
                os.unlink(path.parent / name)
        except OSError:
            pass


@lru_cache(maxsize=64)
def _temporaries_in(folder: Path) -> dict[str, list[str]]:
    """Leftover temporary files in a folder by the file they were for; listed once per
    folder and process, so fixing a folder of many files stays linear."""
    out: dict[str, list[str]] = {}
    try:
        names = os.listdir(folder)
    except OSError:
        return out
    for name in names:
        m = _TEMPORARY.fullmatch(name)
        if m:
            out.setdefault(m[1], []).append(name)
    return out


def unified_diff(result: FixResult) -> str:
    path = result.report.path
    lines = difflib.unified_diff(result.original.splitlines(keepends=True), result.fixed.splitlines(keepends=True),
                                 fromfile=f"a/{path.lstrip('/')}", tofile=f"b/{path.lstrip('/')}")
    out = "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)
    return out
