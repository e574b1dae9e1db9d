"""The Document every rule reads: text, lines, paragraphs, sentences and words.

`text` is the decoded file. `prose` has the same length, with everything that is not
prose (markup, code, front matter) blanked out, so an offset into `prose` is an offset
into the file: positions never need mapping back. Plain text is all prose.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property

from ..textutil import fold
from .sentences import split_sentences

TERMINAL = ".!?…:;"
CLOSERS = "\"'”’»)]"
_BREAK = re.compile(r"\r\n|\r|\n")
_WORD = re.compile(r"[^\W_]+(?:['’.\-]+[^\W_]+)*")


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class Line(Span):
    index: int  # 0-based line number


@dataclass(frozen=True)
class Paragraph(Span):
    """A run of prose; `heading` marks text the markup says is a heading or title."""

    lines: tuple[int, ...] = ()
    heading: bool = False


@dataclass(frozen=True)
class Sentence(Span):
    paragraph: int  # index into Document.paragraphs
    position: int  # index of the sentence within its paragraph


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
    def line_starts(self) -> list[int]:
        starts = [0]
        text = self.text
        for m in _BREAK.finditer(text):
            starts.append(m.end())
        return starts

    @cached_property
    def lines(self) -> list[Line]:
        out = []
        text = self.text
        for i, start in enumerate(self.line_starts):
            end = self.line_starts[i + 1] if i + 1 < len(self.line_starts) else len(text)
            while end > start and text[end - 1] in "\r\n":
                end -= 1
            out.append(Line(start, end, i))
        return out

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
        lines = [ln for ln in self.lines if prose[ln.start:ln.end].strip()]
        paragraphs: list[Paragraph] = []
        group: list[Line] = []
        wrapped = _looks_wrapped(prose, lines)
        for ln in lines:
            if group and _continues(prose, group[-1], ln, wrapped):
                group.append(ln)
                continue
            if group:
                paragraphs.append(self._paragraph(group[0].start, group[-1].end, group[0].index))
            group = [ln]
        if group:
            paragraphs.append(self._paragraph(group[0].start, group[-1].end, group[0].index))
        return paragraphs

    def _paragraph(self, start: int, end: int, first: int | None = None) -> Paragraph:
        """The paragraph of prose[start:end], blanks trimmed; `first` is the index of its
        first line when the caller knows it."""
        prose = self.prose
        while start < end and prose[start].isspace():
            start += 1
        while end > start and prose[end - 1].isspace():
            end -= 1
        heading = bool(self.heading_spans) and any(h.start <= start and end <= h.end for h in self.heading_spans)
        if first is None or not (self.line_starts[first] <= start):
            first = self.line_of(start).index
        last = first
        starts = self.line_starts
        while last + 1 < len(starts) and starts[last + 1] < end:  # paragraphs span few lines
            last += 1
        return Paragraph(start, end, tuple(range(first, last + 1)), heading)

    # -- sentences and words -----------------------------------------------------------
    @cached_property
    def sentences(self) -> list[Sentence]:
        """Sentences of every paragraph. The splitter runs once over the whole prose (one
        native call per document, not per paragraph); its spans are then cut at paragraph
        boundaries, since a heading without end punctuation must not run into the next line."""
        out: list[Sentence] = []
        paras = self.paragraphs
        if not paras:
            return out
        prose = self.prose.replace("\r", " ").replace("\n", " ")
        ends = [p.end for p in paras]
        position = [0] * len(paras)
        for a, b in split_sentences(prose):
            pi = bisect.bisect_right(ends, a)
            while pi < len(paras) and paras[pi].start < b:
                para = paras[pi]
                start, end = max(a, para.start), min(b, para.end)
                while start < end and prose[start].isspace():
                    start += 1
                while end > start and prose[end - 1].isspace():
                    end -= 1
                if start < end:
                    out.append(Sentence(start, end, pi, position[pi]))
                    position[pi] += 1
                if para.end >= b:
                    break
                pi += 1
        return out

    def words(self, start: int = 0, end: int | None = None) -> list[Word]:
        prose = self.prose
        return [Word(m.start(), m.end(), m.group()) for m in _WORD.finditer(prose, start, len(prose) if end is None else end)]

    @cached_property
    def word_count(self) -> int:
        return len(_WORD.findall(self.prose))  # a list built in C beats a Python generator 3x


def ends_sentence(text: str) -> bool:
    """Whether the text ends as a sentence does (end punctuation, then any closing quote
    or bracket)."""
    text = text.rstrip().rstrip(CLOSERS)
    return bool(text) and text[-1] in TERMINAL


def _looks_wrapped(prose: str, lines: list[Line]) -> bool:
    """Hard-wrapped text: most lines are near one width and many end mid-sentence."""
    if len(lines) < 4:
        return False
    lengths = sorted(ln.end - ln.start for ln in lines)
    width = lengths[int(len(lengths) * 0.9) - 1]
    if width > 120:
        return False
    near = sum(1 for n in lengths if n >= 0.6 * width)
    open_ended = sum(1 for ln in lines if not ends_sentence(prose[ln.start:ln.end]))
    return near >= 0.6 * len(lines) and open_ended >= 0.4 * len(lines)


def _continues(prose: str, prev: Line, line: Line, wrapped: bool) -> bool:
    if len(_BREAK.findall(prose, prev.end, line.start)) > 1:  # a blank line between
        return False
    if ends_sentence(prose[prev.start:prev.end]):
        return False
    if prose[line.start:line.end].lstrip()[:1].islower():
        return True
    return wrapped and (prev.end - prev.start) >= 40
