"""The Document every rule reads: text, lines, paragraphs, sentences and words.

`text` is the decoded file. `prose` has the same length, with everything that is not
prose (markup, code, front matter) blanked out, so an offset into `prose` is an offset
into the file: positions never need mapping back. Plain text is all prose.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from itertools import accumulate, compress, count, repeat
from operator import add, itemgetter, sub
from typing import NamedTuple

from ..textutil import fold
from .sentences import sentence_bounds

TERMINAL = ".!?…:;"
CLOSERS = "\"'”’»)]"
_BREAK = re.compile(r"\r\n|\r|\n")
_BREAK_KEPT = re.compile(r"(\r\n|\r|\n)")
_WORD = re.compile(r"[^\W_]+(?:['’.\-]+[^\W_]+)*")


@dataclass(frozen=True)
class Span:
    start: int
    end: int


# Lines, paragraphs and sentences are built by the ten thousand for every document. As
# tuples they are made in C (`_build`), where a frozen dataclass ran a Python __init__
# with an object.__setattr__ per field. They compare as the dataclasses did: equal only
# to an instance of the same class with the same fields (not to a plain tuple of those
# values, either way round), and hashed by those fields.
def _same_class_eq(self: tuple, other: object) -> bool:
    if other.__class__ is self.__class__:
        return tuple.__eq__(self, other)
    return False if isinstance(other, tuple) else NotImplemented


def _same_class_ne(self: tuple, other: object) -> bool:
    if other.__class__ is self.__class__:
        return tuple.__ne__(self, other)
    return True if isinstance(other, tuple) else NotImplemented


class Line(NamedTuple):
    start: int
    end: int
    index: int  # 0-based line number

    __eq__, __ne__, __hash__ = _same_class_eq, _same_class_ne, tuple.__hash__


class Paragraph(NamedTuple):
    """A run of prose; `heading` marks text the markup says is a heading or title."""

    start: int
    end: int
    lines: tuple[int, ...] = ()
    heading: bool = False

    __eq__, __ne__, __hash__ = _same_class_eq, _same_class_ne, tuple.__hash__


class Sentence(NamedTuple):
    start: int
    end: int
    paragraph: int  # index into Document.paragraphs
    position: int  # index of the sentence within its paragraph

    __eq__, __ne__, __hash__ = _same_class_eq, _same_class_ne, tuple.__hash__


def _build(cls: type, rows: Iterable[tuple]) -> list:
    """Instances of a NamedTuple class, one per row of field values, made in C (the
    class's own __new__ is a Python function)."""
    return list(map(tuple.__new__, repeat(cls), rows))


@dataclass(frozen=True)
class Word(Span):
    text: str


@dataclass
class Document:
    text: str
    path: str = "<text>"
    prose: str = ""
    heading_spans: list[Span] = field(default_factory=list)
    #: the markup's blocks (Markdown paragraphs, HTML block elements), in order and apart:
    #: each is one paragraph, whatever its line breaks; None for plain text
    blocks: list[Span] | None = None
    #: derived data that several rules share, computed by the first that needs it
    cache: dict = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if not self.prose:
            self.prose = self.text
        if len(self.prose) != len(self.text):
            raise ValueError("prose view must have the same length as the text")

    @cached_property
    def folded(self) -> str:
        """`prose` folded for case-insensitive search, same length."""
        return fold(self.prose)

    # -- lines -------------------------------------------------------------------
    @cached_property
    def _line_bounds(self) -> tuple[list[int], list[int]]:
        """Start and end (before the line break) of every line of `text`."""
        return _line_bounds(self.text)

    @cached_property
    def line_starts(self) -> list[int]:
        return self._line_bounds[0]

    @cached_property
    def lines(self) -> list[Line]:
        starts, ends = self._line_bounds
        return _build(Line, zip(starts, ends, count()))

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in code points) of an offset."""
        i = bisect.bisect_right(self.line_starts, offset) - 1
        return i + 1, offset - self.line_starts[i] + 1

    def line_of(self, offset: int) -> Line:
        return self.lines[bisect.bisect_right(self.line_starts, offset) - 1]

    # -- paragraphs -----------------------------------------------------------------
    @cached_property
    def paragraphs(self) -> list[Paragraph]:
        """Runs of non-blank prose lines. Each line is its own paragraph (scraped and
        translated articles put one paragraph per line) unless the line was hard-wrapped:
        it ends mid-sentence and the next line carries on in lower case, or the whole
        block looks wrapped at a fixed width. Markup says where its paragraphs are (`blocks`)."""
        if self.blocks is not None:
            return [p for p in (self._paragraph(b.start, b.end) for b in self.blocks) if p.start < p.end]
        prose = self.prose
        line_starts, line_ends = self._line_bounds
        # Line by line work is done by map() over lists, in C: these are the lines of
        # every document, and a Python loop over them cost more than the splitting.
        every = _split_lines(prose) if prose is self.text else None  # plain text: quicker than slices
        if every is None:
            every = list(map(prose.__getitem__, map(slice, line_starts, line_ends)))
        trimmed = list(map(str.strip, every))
        kept = list(compress(range(len(every)), trimmed))  # the non-blank lines ...
        texts = list(compress(every, trimmed))
        starts = list(compress(line_starts, trimmed))
        stripped = list(filter(None, trimmed))  # ... their text, and that trimmed
        # each line its own paragraph, blanks trimmed ...
        if texts == stripped:  # no blanks to trim (strip() returns the string itself): a quick test
            first, last = starts, list(compress(line_ends, trimmed))
        else:
            first = list(map(add, starts, map(sub, map(len, texts), map(len, map(str.lstrip, texts)))))
            last = list(map(add, first, map(len, stripped)))
        headings = map(self._is_heading, first, last) if self.heading_spans else repeat(False)
        paragraphs = _build(Paragraph, zip(first, last, zip(kept), headings))
        # ... then the hard-wrapped ones joined. A line carries on the one before only if
        # it starts in lower case, or if the text looks wrapped: few lines need a look.
        wrapped = _looks_wrapped(texts)
        if wrapped:
            candidates = range(1, len(kept))
        else:
            candidates = compress(range(len(kept)), map(str.islower, map(itemgetter(0), stripped)))
        joined = [k for k in candidates if k and _continues(prose, texts[k - 1], line_ends[kept[k - 1]],
                                                              starts[k], stripped[k], wrapped)]
        for a, b in reversed(_runs(joined)):  # from the end, so that earlier indices stay valid
            paragraphs[a:b + 1] = [self._paragraph(starts[a], line_ends[kept[b]], kept[a])]
        return paragraphs

    def _is_heading(self, start: int, end: int) -> bool:
        return any(h.start <= start and end <= h.end for h in self.heading_spans)

    def _paragraph(self, start: int, end: int, first: int | None = None) -> Paragraph:
        """The paragraph of prose[start:end], blanks trimmed; `first` is the index of its
        first line when the caller knows it."""
        segment = self.prose[start:end]
        trimmed = segment.strip()
        if trimmed:
            start += len(segment) - len(segment.lstrip())
            end = start + len(trimmed)
        else:
            start = end
        heading = bool(self.heading_spans) and self._is_heading(start, end)
        starts = self.line_starts
        if first is None or not (starts[first] <= start):
            first = bisect.bisect_right(starts, start) - 1  # the line of `start`
        last = max(first, bisect.bisect_left(starts, end) - 1)  # the last line starting before `end`
        return Paragraph(start, end, tuple(range(first, last + 1)), heading)

    # -- sentences and words -----------------------------------------------------------
    @cached_property
    def sentences(self) -> list[Sentence]:
        """Sentences of every paragraph. The splitter runs once over the whole prose (one
        native call per document, not per paragraph); its spans are then cut at paragraph
        boundaries, since a heading without end punctuation must not run into the next line."""
        paras = self.paragraphs
        if not paras:
            return []
        prose = self.prose.replace("\r", " ").replace("\n", " ")
        return _build(Sentence, _sentence_rows(prose, paras, *sentence_bounds(prose)))

    def words(self, start: int = 0, end: int | None = None) -> list[Word]:
        prose = self.prose
        return [Word(m.start(), m.end(), m.group()) for m in _WORD.finditer(prose, start, len(prose) if end is None else end)]

    @cached_property
    def word_count(self) -> int:
        return count_words(self.prose)


def _line_bounds(text: str) -> tuple[list[int], list[int]]:
    """Start and end (before the line break) of every line: lengths summed in C."""
    if _breaks_end_in_newline(text):  # str.split is many times faster than the regex
        parts = text.split("\n")
        starts = list(accumulate(map(add, map(len, parts[:-1]), repeat(1)), initial=0))
        lines = map(str.removesuffix, parts, repeat("\r")) if "\r" in text else parts
        return starts, list(map(add, starts, map(len, lines)))
    pieces = _BREAK_KEPT.split(text)  # line, break, line, ..., line
    lengths = list(map(len, pieces[0::2]))
    starts = list(accumulate(map(add, lengths[:-1], map(len, pieces[1::2])), initial=0))
    return starts, list(map(add, starts, lengths))


def _split_lines(text: str) -> list[str] | None:
    r"""The lines of `text`, without their breaks, if every break ends in "\n" (else None)."""
    if "\r" not in text:
        return text.split("\n")
    if _breaks_end_in_newline(text):
        return list(map(str.removesuffix, text.split("\n"), repeat("\r")))
    return None


def _breaks_end_in_newline(text: str) -> bool:
    r"""Every line break is "\n" or "\r\n", none a lone "\r": then splitting at "\n" finds
    the lines (the "\r" of a "\r\n" left at the end of one)."""
    return "\r" not in text or text.count("\r") == text.count("\r\n")


def _sentence_rows(prose: str, paras: list[Paragraph], starts: list[int], ends: list[int]) -> list[tuple]:
    """(start, end, paragraph, position) of each sentence: the splitter's spans (trimmed)
    cut at paragraph boundaries and trimmed again."""
    para_starts, para_ends = list(map(itemgetter(0), paras)), list(map(itemgetter(1), paras))
    n = len(paras)
    position = [0] * n
    rows = []
    for a, b in zip(starts, ends):
        pi = bisect.bisect_right(para_ends, a)
        if pi < n and para_starts[pi] <= a < b <= para_ends[pi]:  # nearly always: within one paragraph
            rows.append((a, b, pi, position[pi]))
            position[pi] += 1
            continue
        for start, end, pi in _cut(prose, para_starts, para_ends, a, b):
            rows.append((start, end, pi, position[pi]))
            position[pi] += 1
    return rows


def _cut(prose: str, para_starts: list[int], para_ends: list[int], a: int, b: int) -> list[tuple[int, int, int]]:
    """The parts of span [a, b) in each paragraph it meets, trimmed: (start, end, paragraph)."""
    out = []
    pi = bisect.bisect_right(para_ends, a)
    while pi < len(para_ends) and para_starts[pi] < b:
        start, end = max(a, para_starts[pi]), min(b, para_ends[pi])
        while start < end and prose[start].isspace():
            start += 1
        while end > start and prose[end - 1].isspace():
            end -= 1
        if start < end:
            out.append((start, end, pi))
        if para_ends[pi] >= b:
            break
        pi += 1
    return out


def _runs(indices: list[int]) -> list[tuple[int, int]]:
    """Runs of joined lines: (first, last) for each run of consecutive `indices`, each
    index joining line k to line k - 1."""
    runs: list[tuple[int, int]] = []
    for k in indices:
        if runs and runs[-1][1] == k - 1:
            runs[-1] = (runs[-1][0], k)
        else:
            runs.append((k - 1, k))
    return runs


def count_words(text: str) -> int:
    """len(_WORD.findall(text)) without the regex, which took as long as the sentence
    splitter. A word is letters and digits joined by ' ’ . or -: with the joiners deleted
    and every other character that is not a letter or digit made a space, each word is
    one run of letters and digits, and counting where runs start counts the words. The
    text is mapped to "a"s and spaces by bytes.translate, after a str.replace for each
    distinct character outside ASCII."""
    ascii_text = text if text.isascii() else _ascii_word_shape(text)
    if ascii_text is None:
        return len(_WORD.findall(text))
    shape = ascii_text.encode("ascii").translate(_WORD_SHAPE, b"'.-")
    return shape.count(b" a") + shape.startswith(b"a")


#: ASCII letters and digits -> "a", everything else -> " " (the joiners ' . - are deleted)
_WORD_SHAPE = bytes.maketrans(bytes(range(256)),
                              bytes(97 if c < 128 and chr(c).isalnum() else 32 for c in range(256)))
_ASCII = bytes(range(128))


def _ascii_word_shape(text: str) -> str | None:
    """`text` with each character outside ASCII replaced by one that counts the same
    way: "a" for a letter or digit, "'" for ’, " " for anything else. None if there
    are too many distinct ones for a replace each (then the regex is cheaper)."""
    others = set(text.encode("utf-8", "surrogatepass").translate(None, _ASCII).decode("utf-8", "surrogatepass"))
    if len(others) > 64:
        return None
    for ch in others:
        text = text.replace(ch, "a" if ch.isalnum() else "'" if ch == "’" else " ")
    return text


def ends_sentence(text: str) -> bool:
    """Whether the text ends as a sentence does (end punctuation, then any closing quote
    or bracket)."""
    text = text.rstrip().rstrip(CLOSERS)
    return bool(text) and text[-1] in TERMINAL


def _looks_wrapped(texts: list[str]) -> bool:
    """Hard-wrapped text: most lines (`texts`, the non-blank ones) are near one width and
    many end mid-sentence."""
    if len(texts) < 4:
        return False
    lengths = sorted(map(len, texts))
    width = lengths[int(len(lengths) * 0.9) - 1]
    if width > 120:
        return False
    near = len(lengths) - bisect.bisect_left(lengths, 0.6 * width)
    # ends_sentence of every line, in C: the last character of each, less blanks and closers
    ending = map(_TERMINAL.__contains__, map(_LAST, map(str.rstrip, map(str.rstrip, texts), repeat(CLOSERS))))
    open_ended = len(texts) - sum(ending)
    return near >= 0.6 * len(texts) and open_ended >= 0.4 * len(texts)


_TERMINAL = frozenset(TERMINAL)  # not the string: "" is in every string
_LAST = itemgetter(slice(-1, None))


def _continues(prose: str, prev: str, prev_end: int, start: int, stripped: str, wrapped: bool) -> bool:
    """Whether the line starting at `start` (`stripped` is its text, blanks trimmed)
    carries on the previous non-blank line (`prev`, ending at `prev_end`)."""
    if len(_BREAK.findall(prose, prev_end, start)) > 1:  # a blank line between
        return False
    if ends_sentence(prev):
        return False
    if stripped[:1].islower():
        return True
    return wrapped and len(prev) >= 40
