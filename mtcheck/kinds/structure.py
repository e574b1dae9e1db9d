"""Kinds about the shape of the text: headings that lost their formatting and sentence
fragments left by translation or by a misplaced full stop."""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..documents.model import CLOSERS, ends_sentence
from ..model import Applicability, Edit, Finding, Fix
from .base import Kind, Param
from .matching import PhraseMatcher

if TYPE_CHECKING:
    from ..documents import Document, Paragraph, Sentence

_WORDS = re.compile(r"[^\W\d_][\w'’.\-]*")
# A capitalised word, an initial, or a particle that sits inside names (al-, bin, de ...).
_NAME_WORD = re.compile(r"(?:[A-Z][\w'’\-]*|[A-Z]\.|al-|el-|bin|ibn|de|da|van|von|der|la|le|du|di)$")


def _ends_like_heading(text: str) -> bool:
    """Headings end in a letter, digit, closing quote or bracket; a line ending in a comma
    or dash is a sentence broken across lines, and one ending in . ! ? is a sentence."""
    last = text.rstrip().rstrip(CLOSERS)[-1:]
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


_SUBORDINATORS = frozenset("""that which who whom whose where when while whereas because although though if
    unless since before after until whether whenever wherever""".split())
_NOT_PARTICIPLES = frozenset("""thing nothing something anything everything during morning evening king ring
    spring string bring sing""".split())
_DETERMINERS = frozenset("""a an the this that these those his her its their our my your some any no every each
    another such many several few more most other""".split())
_PREPOSITIONS = frozenset("""in of to for with on at by from about into onto over under between among against
    during without within through across toward towards upon per via like""".split())
_ADVERBS = frozenset("""still also never not just only already often always longer really even then now
    usually largely mostly rarely sometimes soon again ever hardly barely simply merely further""".split())
_ALWAYS_FINITE = frozenset("""is are was were am has have had does did will would can could shall should may
    might must""".split())
_ADJECTIVE_LIKE = re.compile(r"(?:ed|ing|al|ian|ive|ful|ous|ic|ary|ble|less|ish|est|two|three|four|five)$")
_AUX_OR_PARTICIPLE = re.compile(r"^[a-z]+(?:ing)$")
# "we're", "don't", "it's": a contracted verb
_CONTRACTED = re.compile(r"['’](?:re|ve|ll|m|d)$|n['’]t$|^(?:it|he|she|that|there|here|what|who|where|how|let)['’]s$")


class VerblessSentenceKind(Kind):
    """Flags a sentence with no finite verb outside its subordinate parts: "A useful
    step, pointing out that the United States is trying to …". The sentence is cut at
    commas; parts that open with a participle or a subordinating word (that, which,
    while, before …) are set aside, and the rest must hold a finite verb form
    (lemminflect's lexicon of past and present forms), not counting words in a noun's
    place (after "a", "the", "his" …). Short sentences, questions, exclamations and
    quotations are left alone."""

    name = "verbless-sentence"
    params = {
        "min_words": Param("int", default=8, doc="shorter sentences are never flagged"),
    }

    def setup(self) -> None:
        from ..lexicons import lexicon

        self.finite = lexicon("finite-verbs")
        self.adjectives = lexicon("adjectives")

    def check(self, doc: "Document") -> Iterator[Finding]:
        for sent in doc.sentences:
            text = doc.prose[sent.start:sent.end]
            if not text.endswith(".") or text[:1] in "\"'“‘«(" or word_count(text) < self.options["min_words"]:
                continue
            if self._has_main_verb(text):
                continue
            yield self.finding(doc, sent.start, sent.end)

    def _has_main_verb(self, sentence: str) -> bool:
        clause_before = False  # "Therefore, collecting ... has": a lone adverb is no clause
        for n, part in enumerate(re.split(r"[,;:—–]|\s-\s", sentence)):
            raw = re.findall(r"[A-Za-z][A-Za-z'’\-]*", part)
            words = [w if w.isupper() and len(w) > 1 else w.lower() for w in raw]  # keep "WHO", "US"
            if not words:
                continue
            if n and _AUX_OR_PARTICIPLE.match(words[0]) and words[0] not in _NOT_PARTICIPLES and clause_before:
                continue  # a participle phrase after a clause: "A useful step, pointing out that ..."
            clause_before = clause_before or len(words) > 2
            owed = 0  # finite verbs that belong to subordinate clauses opened so far
            for i, w in enumerate(words):
                if w in _SUBORDINATORS and not (w == "that" and (i == 0 or words[i - 1] in _PREPOSITIONS)):
                    owed += 1
                    continue
                if _CONTRACTED.search(w) or w in self.finite and not self._noun_position(words, i):
                    if owed:
                        owed -= 1
                        continue
                    return True
        return False

    def _noun_position(self, words: list[str], i: int) -> bool:
        """After a determiner or preposition, possibly with adjectives between ("the
        suspended sentence", "a useful step"), a word is a noun, not a verb."""
        if words[i] in _ALWAYS_FINITE:
            return False
        if i and words[i - 1] in ("this", "that") and words[i].endswith("s"):
            return False  # "this means", "that sounds": a singular subject and its verb
        for back in range(1, 4):
            j = i - back
            if j < 0:
                return False
            w = words[j]
            if w in _ADVERBS:
                return False  # "no longer depends", "still lingers": a verb follows an adverb
            if w in _DETERMINERS or w in _PREPOSITIONS:
                return True
            if not (_ADJECTIVE_LIKE.search(w) or w in self.adjectives):
                return False
        return False
