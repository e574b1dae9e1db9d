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
_SEPARATOR = re.compile(r"\s*[:|»›\-–—：]")


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
        "max_line_words": Param("int", default=12, doc="lines of more words are never boilerplate"),
    }

    def setup(self) -> None:
        opts = self.options
        if not (opts["lines"] or opts["prefixes"] or opts["patterns"]):
            raise self.error("give at least one of 'lines', 'prefixes' or 'patterns'")
        self.lines = {normalise_line(p) for p in opts["lines"]} - {""}
        self.prefixes = {normalise_line(p) for p in opts["prefixes"]} - {""}
        for p in opts["patterns"]:
            try:
                compile_re2(p)
            except ValueError as exc:
                raise self.error(f"pattern {p!r} does not compile: {exc}", "patterns") from None
        self.pattern = compile_re2("^(?:" + "|".join(f"(?:{p})" for p in opts["patterns"]) + ")$") \
            if opts["patterns"] else None

    def matches(self, norm: str, heads: tuple[str, ...]) -> bool:
        if norm in self.lines:
            return True
        if self.prefixes and not self.prefixes.isdisjoint(heads):
            return True
        return self.pattern is not None and self.pattern.search(norm) is not None

    def check(self, doc: "Document") -> Iterator[Finding]:
        lines = doc.lines
        for i, norm, heads in normalised_lines(doc, self.options["max_line_words"]):
            if not self.matches(norm, heads):
                continue
            ln = lines[i]
            raw = doc.prose[ln.start:ln.end]
            start = ln.start + len(raw) - len(raw.lstrip())
            end = ln.end - (len(raw) - len(raw.rstrip()))
            # delete the line with its line break (or the break before it, on the last line)
            cut_start, cut_end = ln.start, lines[i + 1].start if i + 1 < len(lines) else ln.end
            if i + 1 == len(lines) and i > 0:
                cut_start = lines[i - 1].end
            fix = Fix((Edit(cut_start, cut_end, ""),), self.rule.fix or Applicability.SAFE)
            yield self.finding(doc, start, end, suggestions=[""], fix=fix)


def normalised_lines(doc: "Document", max_words: int) -> list[tuple[int, str, tuple[str, ...]]]:
    """(line index, normalised text, the text before each separator) of the document's
    short non-blank lines, computed once per document and shared by every boilerplate rule."""
    key = ("boilerplate.lines", max_words)
    if key not in doc.cache:
        out = []
        for ln in doc.lines:
            raw = doc.prose[ln.start:ln.end]
            if raw.strip() and raw.count(" ") < max_words:
                norm = normalise_line(raw)
                if norm:
                    heads = tuple(norm[:m.start()] for m in _SEPARATOR.finditer(norm))
                    out.append((ln.index, norm, heads))
        doc.cache[key] = out
    return doc.cache[key]
