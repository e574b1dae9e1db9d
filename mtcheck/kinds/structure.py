"""Kinds about the shape of the text: headings that lost their formatting and sentence
fragments left by translation or by a misplaced full stop."""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..model import Applicability, Edit, Finding, Fix
from .base import Kind, Param
from .matching import PhraseMatcher

if TYPE_CHECKING:
    from ..documents import Document, Paragraph, Sentence

_END = ".!?…:;"
_CLOSE = "\"'”’»)]"
_WORDS = re.compile(r"[^\W\d_][\w'’.\-]*")
# A capitalised word, an initial, or a particle that sits inside names (al-, bin, de ...).
_NAME_WORD = re.compile(r"(?:[A-Z][\w'’\-]*|[A-Z]\.|al-|el-|bin|ibn|de|da|van|von|der|la|le|du|di)$")


def ends_sentence(text: str) -> bool:
    text = text.rstrip().rstrip(_CLOSE)
    return bool(text) and text[-1] in _END


def _ends_like_heading(text: str) -> bool:
    """Headings end in a letter, digit, closing quote or bracket; a line ending in a comma
    or dash is a sentence broken across lines, and one ending in . ! ? is a sentence."""
    last = text.rstrip().rstrip(_CLOSE)[-1:]
    return last.isalnum()


def word_count(text: str) -> int:
    return len(_WORDS.findall(text))


class OrphanHeadingKind(Kind):
    """Flags a short line without end punctuation standing alone between two prose
    paragraphs: a sub-heading that lost its formatting, or a stray fragment. The first
    paragraph (the headline) and markup headings are never flagged."""

    name = "orphan-heading"
    params = {
        "max_words": Param("int", default=8, doc="longest line that counts as a heading"),
        "min_neighbour_words": Param("int", default=12, doc="the paragraphs around it must be at least this long"),
    }

    def _is_prose(self, doc: "Document", para: "Paragraph") -> bool:
        text = doc.prose[para.start:para.end]
        return not para.heading and ends_sentence(text) and word_count(text) >= self.options["min_neighbour_words"]

    def check(self, doc: "Document") -> Iterator[Finding]:
        paras = doc.paragraphs
        for i in range(1, len(paras) - 1):
            para = paras[i]
            text = doc.prose[para.start:para.end]
            if para.heading or len(para.lines) != 1 or not _ends_like_heading(text):
                continue
            if not 1 <= word_count(text) <= self.options["max_words"]:
                continue
            if self._is_prose(doc, paras[i - 1]) and self._is_prose(doc, paras[i + 1]):
                yield self.finding(doc, para.start, para.end, suggestions=[])


class FragmentKind(Kind):
    """Flags sentences that cannot stand alone: ones that open with a participle cue
    that machine translation leaves behind ("Pointing out that ...", "In reference to
    ..."), and, with `names_only`, a run of proper names that a misplaced full stop cut
    off ("... to the United States. Moscow John Sullivan."). Where the sentence before
    ends in a full stop, joining the two is suggested."""

    name = "fragment"
    fields = ("previous",)
    params = {
        "cues": Param("list[str]", default=[], doc="sentence openings that make a fragment"),
        "names_only": Param("bool", default=False, doc="flag sentences made only of capitalised names"),
        "max_name_words": Param("int", default=6),
    }

    def setup(self) -> None:
        if not self.options["cues"] and not self.options["names_only"]:
            raise self.error("give 'cues' or set 'names_only: true'")
        self.cues = PhraseMatcher((c, None) for c in self.options["cues"])

    def check(self, doc: "Document") -> Iterator[Finding]:
        sentences = doc.sentences
        cue_starts = {start for start, *_ in self.cues.find(doc.prose, doc.folded)}
        for i, sent in enumerate(sentences):
            prev = sentences[i - 1] if i and sentences[i - 1].paragraph == sent.paragraph else None
            text = doc.prose[sent.start:sent.end]
            first = sent.start + len(text) - len(text.lstrip("\"'“‘«( "))
            if first in cue_starts and not _has_main_clause(text):
                yield self._finding(doc, sent, prev)
            elif self.options["names_only"] and prev is not None and self._names_only(text):
                yield self._finding(doc, sent, prev)

    def _names_only(self, text: str) -> bool:
        if not text.endswith("."):
            return False
        words = text[:-1].replace(",", " ").split()
        if not 2 <= len(words) <= self.options["max_name_words"]:
            return False
        return all(_NAME_WORD.match(w) for w in words) and any(len(w) > 2 for w in words)

    def _finding(self, doc: "Document", sent: "Sentence", prev: "Sentence | None") -> Finding:
        fix = None
        if prev is not None and doc.prose[prev.end - 1] == ".":
            head = doc.text[sent.start]
            joined = ", " + (head if _is_name_start(doc, sent) else head.lower())
            fix = Fix((Edit(prev.end - 1, sent.start + 1, joined),), self.rule.fix or Applicability.UNSAFE)
        previous = doc.text[prev.start:prev.end] if prev else ""
        return self.finding(doc, sent.start, sent.end, fix=fix, previous=previous)


# Words that, after a comma, continue a dependent clause rather than start the main one.
_CONTINUERS = frozenset("""that which who whom whose where when while whereas and or but nor as
    including such especially notably in on at of for with to from by into about after before
    amid despite since until than like""".split())


def _has_main_clause(sentence: str) -> bool:
    """A participle opener followed by ", <subject> ..." ("Noting that prices had risen,
    the bank raised rates.") is a full sentence; one followed only by more dependent
    material ("..., adding that ...") is not."""
    for part in sentence.split(",")[1:]:
        words = part.split()
        if not words:
            continue
        head = words[0].strip("\"'“”‘’()").lower()
        if head and head not in _CONTINUERS and not head.endswith("ing"):
            return True
    return False


def _is_name_start(doc: "Document", sent: "Sentence") -> bool:
    """Whether the sentence opens with a proper name (keep its capital when joining)."""
    words = doc.prose[sent.start:sent.end].split()
    return len(words) > 1 and words[1][:1].isupper()
