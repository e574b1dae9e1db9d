"""Kind `boilerplate`: whole lines left over from the web page (comment forms, share
bars, "Read also" links, cookie banners), matched as whole lines so that a real sentence
that merely contains the same words is never flagged. The fix deletes the line."""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..model import Applicability, Edit, Finding, Fix
from ..textutil import fold
from .base import Kind, Param
from .pattern import compile_re2

if TYPE_CHECKING:
    from ..documents import Document

# Punctuation and symbols that frame boilerplate lines ("• Share this:", "- Advertisement -").
_FRAME = "\t •·|-–—:!?.…*#>\"'“”«»()[]{}‹›/\\+=~_،؛؟。：！？、"
_COUNTER = re.compile(r"^(?:\d[\d,.]*\s+)|(?:\s+\(?\d[\d,.]*\)?)$")
_SEPARATORS = (":", "|", "»", "-", "–", "—", "：", "›")


def normalise_line(line: str) -> str:
    """The comparable form of a line: folded, spaces collapsed, frame punctuation and
    leading/trailing counters ("0 Comments", "Share 12") removed."""
    text = " ".join(fold(line).split()).strip(_FRAME)
    for _ in range(2):
        text = _COUNTER.sub("", text).strip(_FRAME)
    return text


class BoilerplateKind(Kind):
    """Flags lines that are exactly a known boilerplate phrase (`lines`), that start with
    one followed by a separator (`prefixes`, e.g. "Read also: ..."), or that match a
    full-line RE2 pattern on the normalised line (`patterns`)."""

    name = "boilerplate"
    shadows_inner = True
    params = {
        "lines": Param("list[str]", default=[], doc="phrases that make up a whole line"),
        "prefixes": Param("list[str]", default=[], doc="phrases that open a line, then a separator"),
        "patterns": Param("list[str]", default=[], doc="RE2 patterns matched against the whole normalised line"),
        "max_line_words": Param("int", default=40, doc="lines longer than this are never boilerplate"),
    }

    def setup(self) -> None:
        opts = self.options
        if not (opts["lines"] or opts["prefixes"] or opts["patterns"]):
            raise self.error("give at least one of 'lines', 'prefixes' or 'patterns'")
        self.lines = {normalise_line(p) for p in opts["lines"]} - {""}
        self.prefixes = tuple(sorted({normalise_line(p) for p in opts["prefixes"]} - {""}, key=len, reverse=True))
        self.patterns = []
        for p in opts["patterns"]:
            try:
                self.patterns.append(compile_re2(f"^(?:{p})$"))
            except ValueError as exc:
                raise self.error(f"pattern {p!r} does not compile: {exc}", "patterns") from None

    def matches_line(self, line: str) -> bool:
        if len(line.split()) > self.options["max_line_words"]:
            return False
        norm = normalise_line(line)
        if not norm:
            return False
        if norm in self.lines:
            return True
        for prefix in self.prefixes:
            if norm.startswith(prefix):
                rest = norm[len(prefix):].lstrip()
                if rest[:1] in _SEPARATORS or rest.startswith(("»", "›")):
                    return True
        return any(p.search(norm) for p in self.patterns)

    def check(self, doc: "Document") -> Iterator[Finding]:
        text = doc.prose
        lines = doc.lines
        for i, ln in enumerate(lines):
            if ln.end == ln.start or not self.matches_line(text[ln.start:ln.end]):
                continue
            start = ln.start + (len(text[ln.start:ln.end]) - len(text[ln.start:ln.end].lstrip()))
            end = ln.end - (len(text[ln.start:ln.end]) - len(text[ln.start:ln.end].rstrip()))
            # delete the line with its line break (or the break before it, on the last line)
            cut_start, cut_end = ln.start, lines[i + 1].start if i + 1 < len(lines) else ln.end
            if i + 1 == len(lines) and i > 0:
                cut_start = lines[i - 1].end
            fix = Fix((Edit(cut_start, cut_end, ""),), self.rule.fix or Applicability.SAFE)
            yield self.finding(doc, start, end, suggestions=[""], fix=fix)
