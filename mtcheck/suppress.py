"""Suppressions: comments in the article that silence findings, and per-file ignores.

    <!-- mtcheck-disable MT201 MT401 -->  ...  <!-- mtcheck-enable -->
    <!-- mtcheck-disable-next-line garbled-name -->
    <!-- mtcheck-disable-file MT7 -->

The same comment syntax works in plain-text, Markdown and HTML articles; in plain text
the directive stands on a line of its own. Rules are named by id, name or id prefix;
no rule means all rules. The directives themselves are not prose: rules never see them.
"""
from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field
from pathlib import PurePath

from .documents import Document
from .model import Finding, Severity

_DIRECTIVE = re.compile(r"<!--\s*mtcheck-(disable-next-line|disable-file|disable|enable)\b(?P<ids>[^>]*?)\s*-->")


@dataclass
class Directive:
    kind: str
    rules: tuple[str, ...]  # empty: every rule
    start: int
    end: int
    line: int
    used: bool = False
    lines: tuple[int, int] = (0, 0)  # the 1-based line range it covers, inclusive

    def covers(self, finding: Finding, line: int) -> bool:
        return self.lines[0] <= line <= self.lines[1] and (
            not self.rules or any(_matches(r, finding) for r in self.rules))


@dataclass
class Suppressions:
    directives: list[Directive] = field(default_factory=list)


def _matches(selector: str, f: Finding) -> bool:
    return selector in (f.rule, f.name) or (selector.isalnum() and f.rule.startswith(selector))


def parse(doc: Document) -> Suppressions:
    directives: list[Directive] = []
    last_line = len(doc.lines)
    open_ranges: list[Directive] = []
    for m in _DIRECTIVE.finditer(doc.text):
        rules = tuple(r for r in re.split(r"[\s,]+", m.group("ids")) if r)
        line = doc.line_col(m.start())[0]
        d = Directive(m.group(1), rules, m.start(), m.end(), line)
        if d.kind == "disable-file":
            d.lines = (1, last_line)
        elif d.kind == "disable-next-line":
            nxt = line + 1
            while nxt <= last_line and not doc.text[doc.lines[nxt - 1].start:doc.lines[nxt - 1].end].strip():
                nxt += 1
            d.lines = (nxt, nxt)
        elif d.kind == "disable":
            d.lines = (line, last_line)
            open_ranges.append(d)
        else:  # enable: closes the matching open ranges
            for o in open_ranges:
                if o.lines[1] == last_line and (not rules or set(rules) & set(o.rules) or not o.rules):
                    o.lines = (o.lines[0], line)
            continue
        directives.append(d)
    return Suppressions(directives)


def mask_directives(doc: Document) -> None:
    """Blank the directives out of the prose (call before any rule reads the document)."""
    if "mtcheck-" not in doc.text:
        return
    prose = doc.prose
    for m in _DIRECTIVE.finditer(doc.text):
        prose = prose[:m.start()] + " " * (m.end() - m.start()) + prose[m.end():]
    doc.prose = prose


def apply(findings: list[Finding], doc: Document, ignores: tuple[str, ...] = (),
          report_unused: bool = False) -> list[Finding]:
    """Findings left after the document's directives and the per-file ignores."""
    sup = parse(doc) if "mtcheck-" in doc.text else Suppressions()
    kept = []
    for f in findings:
        if any(_matches(sel, f) for sel in ignores):
            continue
        line = doc.line_col(f.start)[0]
        hit = next((d for d in sup.directives if d.covers(f, line)), None)
        if hit is not None:
            hit.used = True
            continue
        kept.append(f)
    if report_unused:
        for d in sup.directives:
            if not d.used:
                what = " ".join(d.rules) or "all rules"
                kept.append(Finding("MT001", "unused-suppression", "Other", Severity.MINOR, d.start, d.end,
                                    f"Unused suppression of {what}: nothing here is flagged any more; delete it",
                                    suggestions=[""]))
        kept.sort(key=Finding.sort_key)
    return kept


def per_file_ignores(path: str, table: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[str, ...]:
    """The rules ignored for `path` by the config's per-file-ignores globs."""
    posix = PurePath(path).as_posix()
    out: list[str] = []
    for pattern, rules in table:
        if fnmatch.fnmatch(posix, pattern) or fnmatch.fnmatch(PurePath(path).name, pattern) or \
                fnmatch.fnmatch(posix, f"*/{pattern}"):
            out.extend(rules)
    return tuple(out)
