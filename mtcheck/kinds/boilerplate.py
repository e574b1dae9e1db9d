"""Kind `boilerplate`: whole lines left over from the web page (comment forms, share
bars, "Read also" links, cookie banners), matched as whole lines so that a real sentence
that merely contains the same words is never flagged. The fix deletes the line."""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
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
_SEPARATOR = re.compile(r"\s*[:|»›–—：\"]|\s+-")


def normalise_line(line: str, folded: str | None = None) -> str:
    """The comparable form of a line: folded, spaces collapsed, frame punctuation and
    leading/trailing counters ("0 Comments", "Share 12") removed. Pass `folded`
    (= fold(line)) when the caller has it."""
    text = " ".join((fold(line) if folded is None else folded).split()).strip(_FRAME)
    for _ in range(2):
        # a counter starts with a digit or ends with a digit, "," or ")": skip the
        # regular expression (which tries every position) on the many lines without one
        if not text or not (text[0].isdigit() or text[-1].isdigit() or text[-1] in ",)"):
            break
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
        if opts["max_line_words"] > MAX_WORDS:
            raise self.error(f"max_line_words can be at most {MAX_WORDS}", "max_line_words")
        self.lines = {normalise_line(p) for p in opts["lines"]} - {""}
        self.prefixes = {normalise_line(p) for p in opts["prefixes"]} - {""}
        # the longest line opening worth collecting (see normalised_lines)
        self.head_limit = max(map(len, self.prefixes), default=0)
        for p in opts["patterns"]:
            try:
                compile_re2(p)
            except ValueError as exc:
                raise self.error(f"pattern {p!r} does not compile: {exc}", "patterns") from None
        # All patterns in one multi-line expression, run once over the document's lines.
        self.source = "(?m)^(?:" + "|".join(f"(?:{p})" for p in opts["patterns"]) + ")$" if opts["patterns"] else ""
        self.pattern = compile_re2(self.source) if self.source else None
        self.gate: tuple[PatternGate, int] | None = None

    @classmethod
    def share(cls, kinds: list["Kind"]) -> None:
        """Rules loaded together first ask one RE2 set, in one pass over the lines, which
        of their patterns match at all; most documents match none, and then no rule
        needs its own pass."""
        mine = [k for k in kinds if isinstance(k, BoilerplateKind)]
        head_limit = max((k.head_limit for k in mine), default=0)
        for k in mine:  # one line view serves them all
            k.head_limit = head_limit
        chosen = [k for k in mine if k.pattern is not None]
        if len(chosen) > 1:
            gate = PatternGate([k.source for k in chosen])
            for slot, k in enumerate(chosen):
                k.gate = (gate, slot)

    def check(self, doc: "Document") -> Iterator[Finding]:
        view = normalised_lines(doc, self.head_limit)
        limit = self.options["max_line_words"]
        hits: set[int] = set()
        for key in self.lines & view.by_text.keys():  # set operations: no loop over lines per rule
            hits.update(view.by_text[key])
        for key in self.prefixes & view.by_head.keys():
            hits.update(view.by_head[key])
        hits = {row for row in hits if view.rows[row][3] <= limit}
        if self.pattern is not None and (self.gate is None or self.gate[1] in self.gate[0].matching(view.joined)):
            for m in self.pattern.finditer(view.joined):
                row = bisect.bisect_right(view.starts, m.start()) - 1
                if view.rows[row][3] <= limit:
                    hits.add(row)
        lines = doc.lines
        for row in sorted(hits):
            i = view.rows[row][0]
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


MAX_WORDS = 60


class PatternGate:
    """Which of many RE2 patterns match somewhere in a text, in one pass (an RE2 set);
    the answer for the last text asked about is kept."""

    def __init__(self, sources: list[str]):
        self.sources = sources
        self._set = None
        self._last: tuple[str, frozenset[int]] | None = None

    def matching(self, text: str) -> frozenset[int]:
        if self._last is None or self._last[0] is not text:
            if self._set is None:
                self._set = _compile_set(self.sources)
            self._last = (text, frozenset(self._set.Match(text) or ()))
        return self._last[1]

    def __getstate__(self) -> dict:  # an RE2 set cannot be pickled: built again on first use
        return {"sources": self.sources, "_set": None, "_last": None}


def _compile_set(sources: list[str]):
    import re2

    options = re2.Options()
    options.log_errors = False
    gate = re2.Set.SearchSet(options)
    for source in sources:
        gate.Add(source)
    gate.Compile()
    return gate


@dataclass
class LineView:
    """The document's short lines, normalised once and shared by every boilerplate rule:
    rows of (line index, normalised text, text before each separator, word count), and
    the normalised lines joined by newlines for the multi-line patterns."""

    rows: list[tuple[int, str, frozenset[str], int]]
    joined: str
    starts: list[int]
    by_text: dict[str, list[int]]  # normalised line -> rows
    by_head: dict[str, list[int]]  # text before a separator -> rows


def normalised_lines(doc: "Document", head_limit: int) -> LineView:
    """The document's line view; `by_head` holds the openings of up to `head_limit`
    characters (no rule's prefix is longer, so longer ones would never be looked up)."""
    key = ("boilerplate.lines", head_limit)
    if key not in doc.cache:
        rows, starts, offset = [], [], 0
        prose, folded = doc.prose, doc.folded
        for ln in doc.lines:
            raw = prose[ln.start:ln.end]
            words = raw.count(" ") + 1
            if words > MAX_WORDS or not raw.strip():
                continue
            norm = normalise_line(raw, folded[ln.start:ln.end])
            if norm:
                # spaces in `norm` are single, so a separator match is at most two
                # characters long and searching up to head_limit + 2 finds every opening
                # that short (the same matches as a search of the whole line)
                heads = frozenset(norm[:m.start()] for m in _SEPARATOR.finditer(norm, 0, head_limit + 2)
                                  if m.start() <= head_limit)
                rows.append((ln.index, norm, heads, words))
                starts.append(offset)
                offset += len(norm) + 1
        by_text: dict[str, list[int]] = {}
        by_head: dict[str, list[int]] = {}
        for n, (_, norm, heads, _) in enumerate(rows):
            by_text.setdefault(norm, []).append(n)
            for head in heads:
                by_head.setdefault(head, []).append(n)
        doc.cache[key] = LineView(rows, "\n".join(r[1] for r in rows), starts, by_text, by_head)
    return doc.cache[key]
