"""The Python API that the command line, CI systems and batch engines call.

    >>> import mtcheck
    >>> report = mtcheck.check_text("Please enter your comment!\\n")
    >>> [f.rule for f in report.findings]
    ['MT101']
"""
from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .config import Config, discover
from . import suppress
from .documents import Document, make_document
from .documents.codec import decode_bytes
from .errors import InputError, MtcheckError
from .linter import Linter
from .model import Finding

MAX_BYTES = 50 * 1024 * 1024  # default for config `max-file-size`


@dataclass
class Report:
    """The outcome of checking one file or text."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    document: Document | None = None
    error: str | None = None
    #: pieces of output made ahead of rendering, by format name (mtcheck.render.PARTS):
    #: with --jobs, the worker that checked the file makes them, in parallel with the others.
    #: They are made from the report as checked: code that changes a report clears them.
    parts: dict[str, object] = field(default_factory=dict, repr=False, compare=False)

    @cached_property
    def stats(self) -> dict:
        from .stats import document_stats

        return document_stats(self.document) if self.document is not None else {}

    @property
    def score(self) -> float | None:
        """The MQM-style quality score, 0-100 (see mtcheck.score); None when not checked."""
        from .score import article_score

        return article_score(self).score


_linters: dict[Config, Linter] = {}
_grammars: dict[tuple, object] = {}


def grammar_for(config: Config):
    """The LanguageTool connection for this configuration, or None when grammar is off."""
    from .grammar import Grammar, settings_from

    # The command folds its options and the environment over the config file's values
    # (mtcheck.options.config_overrides), so the configuration's values come first here;
    # the environment fills in what nothing set (Config() from the Python API).
    settings = settings_from(config.grammar, config.languagetool_url)
    if settings.mode == "off":
        return None
    key = (settings.mode, settings.url)
    if key not in _grammars:
        _grammars[key] = Grammar(settings)
    return _grammars[key]


def used_linters() -> list[Linter]:
    """The linters built so far in this process (one per configuration seen)."""
    return list(_linters.values())


def linter_for(config: Config) -> Linter:
    """One Linter per distinct configuration, built on first use."""
    if config not in _linters:
        _linters[config] = Linter(config)
    return _linters[config]


def check_text(text: str, *, path: str | None = None, config: Config | None = None) -> Report:
    """Check an article held in memory; `path` only chooses the format (.md, .html) and
    the name in reports."""
    config = config or Config()
    doc = make_document(text, path or "<text>")
    return Report(doc.path, findings_for(doc, config), doc)


def findings_for(doc: Document, config: Config) -> list[Finding]:
    """Run the configured rules (and LanguageTool, when there is one) over a document,
    then its suppressions and ignores."""
    suppress.mask_directives(doc)
    linter = linter_for(config)
    findings = linter.check(doc)
    grammar = grammar_for(config)
    if grammar is not None:
        known = linter.gazetteer.vocab if linter.needs_gazetteer else frozenset()
        findings = sorted(findings + grammar.check(doc, findings, known), key=Finding.sort_key)
    ignores = suppress.per_file_ignores(doc.path, config.per_file_ignores)
    return suppress.apply(findings, doc, ignores, config.report_unused_suppressions)


def check_bytes(data: bytes, path: str, config: Config) -> Report:
    try:
        decoded = decode_bytes(data, path, config.encoding)
    except InputError as exc:
        return Report(path, error=exc.message)
    doc = make_document(decoded.text, path)
    return Report(path, findings_for(doc, config), doc)


def check_file(path: Path, config: Config) -> Report:
    """Check one file. Problems reading it (missing, a broken or looping symbolic link,
    no permission, over `max-file-size`) come back as a Report with an error, never as
    an exception, so that the other files of a run are still checked."""
    try:
        data = read_file(path, config)
    except InputError as exc:
        return Report(str(path), error=exc.message)
    return check_bytes(data, str(path), config)


def read_file(path: Path, config: Config) -> bytes:
    """A file's bytes, at most `max-file-size` of them: a larger file is an InputError
    decided from its size alone, and a read problem is an InputError saying why."""
    import errno
    import stat

    limit = config.max_file_size if config.max_file_size is not None else MAX_BYTES

    def size(n: int) -> str:
        for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
            if n >= scale:
                return f"{n / scale:.1f} {unit}".replace(".0 ", " ")
        return f"{n} byte{'s' if n != 1 else ''}"

    def too_big(actual: int | None) -> InputError:
        exact = f" ({limit} bytes)" if limit >= 1024 else ""
        if actual is None:
            what = "file is over"
        else:  # exact when rounding would make the two sizes read the same
            what = f"file is {size(actual) if size(actual) != size(limit) else f'{actual} bytes'}, over"
        return InputError(f"{what} the limit of {size(limit)}{exact}; not checked "
                          "(raise `max-file-size`, in bytes, in mtcheck.toml or [tool.mtcheck] to check it)",
                          str(path))

    try:
        with open(path, "rb") as f:
            info = os.fstat(f.fileno())
            regular = stat.S_ISREG(info.st_mode)
            if regular and info.st_size > limit:
                raise too_big(info.st_size)  # decided from the size alone: nothing is read
            # never more than limit + 1 bytes, so a file that grows meanwhile, or a pipe, stops there
            want = min(info.st_size, limit) + 1 if regular else limit + 1
            data = f.read(want)
            if len(data) == want and want <= limit:  # grew since fstat
                data += f.read(limit + 1 - want)
            if len(data) > limit:
                raise too_big(None)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        if exc.errno == errno.ELOOP:
            reason = "symbolic link loop (too many levels of symbolic links)"
        elif exc.errno == errno.ENOENT and os.path.islink(path):
            try:
                reason = f"broken symbolic link (its target {os.readlink(path)!r} does not exist)"
            except OSError:
                pass
        raise InputError(f"cannot read: {reason}", str(path)) from None
    return data


def iter_files(paths: list[Path], config: Config) -> Iterator[Path | MtcheckError]:
    """Files to check, in a fixed order: given files as they are, directories walked for
    the configured extensions (sorted; hidden folders skipped; symbolic links to folders
    not followed, so a link loop cannot trap the walk), minus `exclude` patterns.

    A path that cannot be checked (missing, a broken or looping symbolic link, a folder
    that cannot be listed, a pipe or device met while walking) comes out as an InputError
    in its place, so the caller reports it and goes on with the rest."""

    import errno
    import stat

    def status(file: Path) -> os.stat_result | InputError:
        try:
            return os.stat(file)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                return InputError("cannot read: symbolic link loop (too many levels of symbolic links)", str(file))
            if exc.errno == errno.ENOENT and os.path.islink(file):
                try:
                    target = os.readlink(file)
                except OSError:
                    target = "?"
                return InputError(f"cannot read: broken symbolic link (its target {target!r} does not exist)",
                                  str(file))
            if exc.errno in (errno.ENOENT, errno.ENOTDIR):
                return InputError("no such file or directory", str(file))
            return InputError(f"cannot read: {exc.strerror or exc}", str(file))

    for path in paths:
        info = status(path)
        if isinstance(info, InputError):
            yield info
            continue
        if not stat.S_ISDIR(info.st_mode):
            yield path  # named on purpose: a pipe (e.g. <(command)) is read too, up to max-file-size
            continue
        folders = [path]  # walked depth first without recursion, however deep the tree
        while folders:
            folder = folders.pop()
            try:
                with os.scandir(folder) as listing:
                    entries = sorted(listing, key=lambda entry: entry.name)
            except OSError as exc:
                yield InputError(f"cannot read folder: {exc.strerror or exc}", str(folder))
                continue
            subfolders = []
            for entry in entries:
                item = Path(folder, entry.name)
                try:
                    real_folder = entry.is_dir(follow_symlinks=False)
                except OSError:
                    real_folder = False
                if real_folder:
                    if not entry.name.startswith(".") and not _excluded(item, config):
                        subfolders.append(item)
                    continue
                if not entry.name.lower().endswith(config.extensions) or _excluded(item, config):
                    continue
                info = status(item)
                if isinstance(info, InputError):
                    yield info
                elif stat.S_ISREG(info.st_mode):
                    yield item
                elif not stat.S_ISDIR(info.st_mode):  # a link to a folder is not followed
                    # reading a named pipe or device found in a folder could block for ever
                    yield InputError("not a regular file (a pipe, socket or device); not checked", str(item))
            folders.extend(reversed(subfolders))


def _excluded(path: Path, config: Config) -> bool:
    """True when an `exclude` glob matches the path, its last part, or its tail (so
    "drafts/*" excludes any drafts folder's files, as per-file-ignores globs do)."""
    text = path.as_posix()
    return any(fnmatch.fnmatch(text, pat) or fnmatch.fnmatch(path.name, pat) or fnmatch.fnmatch(text, f"*/{pat}")
               for pat in config.exclude)


def config_for(path: Path, base: Config | None, overrides: dict) -> Config:
    """The configuration for a file: `base` if given (--config), else the one discovered
    from the file's folder, with command-line overrides on top."""
    found = base if base is not None else discover(path.resolve().parent)
    return found.merged(**overrides)


class ConfigFinder:
    """config_for over the files of one run, looking each folder up once: a run over
    thousands of files in a few folders does a few discoveries, not thousands."""

    def __init__(self, base: Config | None, overrides: dict):
        self.base, self.overrides = base, overrides
        self._folders: dict[str, Config] = {}

    def __call__(self, path: Path) -> Config:
        # a linked file takes the configuration of the folder its target is in
        folder = path.resolve().parent if os.path.islink(path) else path.parent
        return self.in_folder(os.fspath(folder))

    def in_folder(self, folder: str) -> Config:
        """The configuration of the files in `folder` ("" for the current one)."""
        config = self._folders.get(folder or ".")
        if config is None:
            config = self._folders[folder or "."] = config_for(Path(folder, "-"), self.base, self.overrides)
        return config
