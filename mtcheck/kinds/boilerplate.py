"""Kind `boilerplate`: whole lines left over from the web page (comment forms, share
bars, "Read also" links, cookie banners), matched as whole lines so that a real sentence
that merely contains the same words is never flagged. The fix deletes the line."""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate, compress, repeat
from operator import and_, getitem, itemgetter, not_, or_
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
    (= fold(line)) when the caller has it. (LineIndex.view does the same for all the
    lines of a document at once.)"""
    return _drop_counters(" ".join((fold(line) if folded is None else folded).split()).strip(_FRAME))


def _drop_counters(text: str) -> str:
    """`text` (spaces collapsed, frame stripped) without its leading/trailing counters."""
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
        for p in opts["patterns"]:
            try:
                compile_re2(p)
            except ValueError as exc:
                raise self.error(f"pattern {p!r} does not compile: {exc}", "patterns") from None
        # All patterns in one multi-line expression, run once over the document's lines.
        self.source = "(?m)^(?:" + "|".join(f"(?:{p})" for p in opts["patterns"]) + ")$" if opts["patterns"] else ""
        self.pattern = compile_re2(self.source) if self.source else None
        self.gate: tuple[PatternGate, int] | None = None
        # a rule on its own looks up its own phrases; share() gives the rules of a load one index
        self.index, self.slot = LineIndex([self]), 0

    @classmethod
    def share(cls, kinds: list["Kind"]) -> None:
        """The rules loaded together look up the phrases and prefixes of them all in one
        pass over each document's lines (LineIndex), and first ask one RE2 set, in one
        pass over the lines, which of their patterns match at all; most documents match
        none, and then no rule needs its own pass."""
        mine = [k for k in kinds if isinstance(k, BoilerplateKind)]
        index = LineIndex(mine)
        for slot, k in enumerate(mine):
            k.index, k.slot = index, slot
        chosen = [k for k in mine if k.pattern is not None]
        if len(chosen) > 1:
            gate = PatternGate([k.source for k in chosen])
            for slot, k in enumerate(chosen):
                k.gate = (gate, slot)

    def check(self, doc: "Document") -> Iterator[Finding]:
        view = self.index.view(doc)
        rows = view.found.get(self.slot, ())
        if self.pattern is not None and (self.gate is None or self.gate[1] in self.gate[0].matching(view.joined)):
            starts = view.starts
            rows = {*rows, *(bisect.bisect_right(starts, m.start()) - 1 for m in self.pattern.finditer(view.joined))}
        if not rows:  # the usual case: over before a finding is made
            return
        limit = self.options["max_line_words"]
        lines = doc.lines
        for row in sorted(row for row in rows if view.words(row) <= limit):
            i = view.lines[row]
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
    the answer for the last text asked about is kept. The answer may name a pattern
    that does not match (see _loosened), never leave out one that does."""

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
        gate.Add(_loosened(source))
    gate.Compile()
    return gate


# An escape, a character class (a "]" first in it, [:alpha:] and escapes inside it), a
# counted repetition of a dot, any other character.
_TOKEN = re.compile(r"\\.|\[\^?\]?(?:\[:[^:\]]*:\]|\\.|[^\]])*\]|\.\{\d+(?:,\d*)?\}|.", re.DOTALL)


def _loosened(source: str) -> str:
    """`source` with each counted repetition of a dot (".{0,120}") made ".*": it matches
    all that `source` matches, and more, so it can only widen a gate. RE2 compiles a dot
    once per count, so the set of the rules' patterns compiled in a tenth of the time,
    and ran twice as fast (its automaton had fewer states to build)."""
    if "\\Q" in source:  # quoted text (\Q...\E): a dot in it is a dot, no wildcard
        return source
    loose = "".join(".*" if tok.startswith(".{") else tok for tok in _TOKEN.findall(source))
    if loose != source:
        try:
            compile_re2(loose)
        except ValueError:  # not expected; the exact pattern is always right
            return source
    return loose


@dataclass
class LineView:
    """The rows of a document: its lines of up to MAX_WORDS words whose normalised text
    is not empty, normalised once for every boilerplate rule of a load."""

    lines: list[int]  # the line index of each row
    texts: list[str]  # the normalised text of each row
    spaces: list[int]  # the spaces in each row's line as written (its words, less one)
    joined: str  # the texts joined by newlines, for the multi-line patterns
    found: dict[int, set[int]]  # rule slot -> rows that are one of its lines or open with a prefix

    def words(self, row: int) -> int:
        return self.spaces[row] + 1

    @cached_property
    def starts(self) -> list[int]:
        """Where each row starts in `joined` (needed only when a pattern matched)."""
        return list(accumulate(map((1).__add__, map(len, self.texts)), initial=0))[:-1]


class LineIndex:
    """The phrases and prefixes of a load's boilerplate rules, each with the slots of the
    rules that list it, and the line view of each document they read.

    A document has thousands of lines and hardly any boilerplate. The view therefore
    handles all the lines at once, with map() and set lookups that run in C: a Python
    loop that normalised each line and collected its openings cost several times more."""

    def __init__(self, kinds: list[BoilerplateKind]):
        self.phrases: dict[str, list[int]] = {}
        self.prefixes: dict[str, list[int]] = {}
        for slot, k in enumerate(kinds):
            for phrase in k.lines:
                self.phrases.setdefault(phrase, []).append(slot)
            for prefix in k.prefixes:
                self.prefixes.setdefault(prefix, []).append(slot)
        # the longest line opening worth collecting
        self.head_limit = max(map(len, self.prefixes), default=0)
        # a line can open with a prefix only if its first `opening` characters are those
        # of one: a set lookup that rules out nearly every line without a regular expression
        self.opening = min(map(len, self.prefixes), default=0)
        self.openings = {p[:self.opening] for p in self.prefixes}
        self.key = ("boilerplate.lines", self)  # the index itself: two loads never share a view

    def view(self, doc: "Document") -> LineView:
        view = doc.cache.get(self.key)
        if view is None:
            view = doc.cache[self.key] = self._view(doc)
        return view

    def _view(self, doc: "Document") -> LineView:
        pieces = _folded_lines(doc)
        if "\xa0" in doc.prose:  # fold() makes no-break spaces spaces: count those as written
            lines = doc.lines
            spaces = list(map(doc.prose.count, repeat(" "), map(itemgetter(0), lines), map(itemgetter(1), lines)))
        else:
            spaces = list(map(str.count, pieces, repeat(" ")))
        # normalise_line for every line: stripping the frame is all most lines need; the
        # few with odd whitespace have it collapsed, the few with a digit or a comma at an
        # end lose their counters (the test that normalise_line makes, inlined)
        texts = list(map(str.strip, pieces, repeat(_FRAME)))
        for i in _odd_spaces(pieces):
            texts[i] = " ".join(pieces[i].split()).strip(_FRAME)
        for i in [i for i, t in enumerate(texts) if t and (t[0].isdigit() or t[-1].isdigit() or t[-1] in ",)")]:
            texts[i] = _drop_counters(texts[i])
        # the rows: up to MAX_WORDS words (spaces + 1), a text left
        if max(spaces, default=0) < MAX_WORDS:
            kept: list = texts
        else:
            kept = list(map(and_, map(MAX_WORDS.__gt__, spaces), map(bool, texts)))
        row_texts = list(compress(texts, kept))
        return LineView(list(compress(range(len(texts)), kept)), row_texts, list(compress(spaces, kept)),
                        "\n".join(row_texts), self._found(row_texts))

    def _found(self, texts: list[str]) -> dict[int, set[int]]:
        """Rule slot -> the rows (of `texts`, normalised) that are one of its lines or
        open with one of its prefixes followed by a separator."""
        found: dict[int, set[int]] = {}
        for row in compress(range(len(texts)), map(self.phrases.__contains__, texts)):
            for slot in self.phrases[texts[row]]:
                found.setdefault(slot, set()).add(row)
        if not self.prefixes:
            return found
        cut = repeat(slice(0, self.opening))
        limit = self.head_limit
        for row in compress(range(len(texts)), map(self.openings.__contains__, map(getitem, texts, cut))):
            text = texts[row]
            # spaces in `text` are single, so a separator match is at most two characters
            # long and searching up to limit + 2 finds every opening that short
            for m in _SEPARATOR.finditer(text, 0, limit + 2):
                if m.start() <= limit:
                    for slot in self.prefixes.get(text[:m.start()], ()):
                        found.setdefault(slot, set()).add(row)
        return found


def _folded_lines(doc: "Document") -> list[str]:
    """The folded text of each of the document's lines, without its line break."""
    folded = doc.folded
    if doc.prose is doc.text:  # plain text: split as Document splits its lines, but in C
        if "\r" not in folded:
            return folded.split("\n")
        if folded.count("\r") == folded.count("\r\n"):
            return list(map(str.removesuffix, folded.split("\n"), repeat("\r")))
    lines = doc.lines
    return list(map(folded.__getitem__, map(slice, map(itemgetter(0), lines), map(itemgetter(1), lines))))


# The ASCII whitespace other than a space (the rest of str.split's whitespace is not ASCII)
_ASCII_SPACES = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f"


def _odd_spaces(pieces: list[str]) -> list[int]:
    """The indices of the pieces whose whitespace is not all single spaces: a double
    space, a tab, a no-break or other Unicode space, a line break of the prose view.
    " ".join(piece.split()) changes only those (and leading and trailing spaces, which
    _FRAME strips). Most documents have none, which a few searches of all the pieces
    at once show (memchr, if ASCII); else str.isprintable finds the lines, in C."""
    text = "".join(pieces)
    double = "  " in text
    if not double and text.isascii() and not any(c in text for c in _ASCII_SPACES):
        return []
    odd = map(not_, map(str.isprintable, pieces))  # only a space is whitespace and printable
    if double:
        odd = map(or_, odd, map(str.__contains__, pieces, repeat("  ")))
    return list(compress(range(len(pieces)), odd))
