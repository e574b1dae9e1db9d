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

MAX_BYTES = 50 * 1024 * 1024


@dataclass
class Report:
    """The outcome of checking one file or text."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    document: Document | None = None
    error: str | None = None

    @cached_property
    def stats(self) -> dict:
        from .stats import document_stats

        return document_stats(self.document) if self.document is not None else {}


_linters: dict[Config, Linter] = {}
_grammars: dict[tuple, object] = {}


def grammar_for(config: Config):
    """The LanguageTool connection for this configuration, or None when grammar is off."""
    from .grammar import Grammar, settings_from

    settings = settings_from(None, None, config.grammar, config.languagetool_url)
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
    shown = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return Report(shown, error=f"file is {size / 1e6:.0f} MB, over the {MAX_BYTES // 1_000_000} MB limit")
        data = path.read_bytes()
    except OSError as exc:
        return Report(shown, error=f"cannot read: {exc.strerror or exc}")
    return check_bytes(data, shown, config)


def iter_files(paths: list[Path], config: Config) -> Iterator[Path | MtcheckError]:
    """Files to check: given files as they are, directories walked for the configured
    extensions (sorted, symlink loops not followed), minus `exclude` patterns."""
    for path in paths:
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not _excluded(Path(root, d), config))
                for name in sorted(files):
                    file = Path(root, name)
                    if name.lower().endswith(config.extensions) and not _excluded(file, config):
                        yield file
        elif path.exists():
            yield path
        else:
            yield InputError("no such file or directory", str(path))


def _excluded(path: Path, config: Config) -> bool:
    text = path.as_posix()
    return any(fnmatch.fnmatch(text, pat) or fnmatch.fnmatch(path.name, pat) for pat in config.exclude)


def config_for(path: Path, base: Config | None, overrides: dict) -> Config:
    """The configuration for a file: `base` if given (--config), else the one discovered
    from the file's folder, with command-line overrides on top."""
    found = base if base is not None else discover(path.resolve().parent)
    return found.merged(**overrides)
