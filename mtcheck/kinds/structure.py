"""Kinds about the shape of the text: headings that lost their formatting and sentence
fragments left by translation or by a misplaced full stop."""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, NamedTuple

from ..documents.model import CLOSERS, TERMINAL, ends_sentence
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


# Counting _WORDS fast in ASCII text (nearly all sentences): each maximal run of word
# characters, ' . and - holds exactly one word if it holds a letter. Deleting the digits,
# _ ' . - and turning every other non-letter into a space leaves one piece of letters per
# such run for bytes.split to count, several times faster than the regex.
_ASCII_WORD_PIECES = bytes.maketrans(bytes(range(128)),
                                     bytes(b if chr(b).isalpha() else ord(" ") for b in range(128)))
_ASCII_INSIDE_WORDS = b"0123456789_'.-"


def word_count(text: str) -> int:
    if text.isascii():
        return len(text.encode("ascii").translate(_ASCII_WORD_PIECES, _ASCII_INSIDE_WORDS).split())
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
            if para.heading or len(para.lines) != 1 or doc.prose[para.end - 1] in TERMINAL:
                continue  # (most lines end a sentence: that settles them without copying the line)
            text = doc.prose[para.start:para.end]
            if not _ends_like_heading(text):
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
        names_only = self.options["names_only"]
        # Without `names_only` only a sentence that opens with a cue can be flagged, and
        # cues are rare: look at the sentences where one starts, not at every sentence.
        candidates = range(len(sentences)) if names_only else _sentences_at(sentences, cue_starts)
        for i in candidates:
            sent = sentences[i]
            prev = sentences[i - 1] if i and sentences[i - 1].paragraph == sent.paragraph else None
            if prev is None and not cue_starts:
                continue  # only the names test is left, and it needs a sentence before
            text = doc.prose[sent.start:sent.end]
            if cue_starts and sent.start + len(text) - len(text.lstrip("\"'“‘«( ")) in cue_starts \
                    and not _has_main_clause(text):
                yield self._finding(doc, sent, prev)
            elif names_only and prev is not None and self._names_only(text):
                yield self._finding(doc, sent, prev)

    def _names_only(self, text: str) -> bool:
        if not text.endswith("."):
            return False
        # At most max_name_words + 1 pieces: enough to tell that there are too many words.
        words = text[:-1].replace(",", " ").split(None, self.options["max_name_words"])
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


def _sentences_at(sentences: "list[Sentence]", offsets: set[int]) -> list[int]:
    """Indices, in order, of the sentences whose span, end included, holds one of
    `offsets` (sentences are in text order and do not overlap)."""
    starts = [s.start for s in sentences]
    found: set[int] = set()
    for offset in offsets:
        k = bisect.bisect_right(starts, offset) - 1
        while k >= 0 and sentences[k].end >= offset:  # (two when one ends where the next starts)
            found.add(k)
            k -= 1
    return sorted(found)


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
# A sentence's words (ASCII letters only) and the breaks that cut it into parts.
_CLAUSE_TOKEN = re.compile(r"(?P<word>[A-Za-z][A-Za-z'’\-]*)|[,;:—–]|\s-\s")
_NOT_VERB, _VERB_UNLESS_NOUN, _VERB = 0, 1, 2
_READINGS_KEPT = 100_000  # bounds the memory of a long batch run

# The quick reading (VerblessSentenceKind._has_main_verb) runs a sentence's tokens through
# these states. Where the next word stands in its part, as far as _noun_position asks:
_FIRST_OPENING = 0  # the sentence's first word is next
_LATER_OPENING = 1  # the first word of a later part (after a break) is next
_AFTER_PLAIN = 2  # after an adverb, or a word neither determiner, preposition nor adjective-like
_AFTER_MODIFIER = 3  # after a word that may put the next one in a noun's place
_AFTER_THIS = 4  # after "this" or "that" ("this means": a verb; "this plan": a noun)
_NO_NOUN_PLACE = (_FIRST_OPENING, _LATER_OPENING, _AFTER_PLAIN)
_OWING = 5  # added to the above while a subordinate clause is open, owed its verb
_OUT_OF_REACH = 10  # the rest of the part is left to the exact reading
_FOUND = 11  # a main verb, certainly
_STATES = range(_OUT_OF_REACH + 1)  # the states a token can be met in
# Most sentences show their verb in the first few tokens, so only those are split off at
# first; the rest of the sentence is split only when they do not settle it.
_HEAD_TOKENS = 4


class _Reading(NamedTuple):
    """How the verb test reads a word."""

    word: str  # lower case; all-capital acronyms ("WHO", "US") kept
    subordinator: bool  # opens a subordinate clause
    verb: int  # _VERB: a contraction; _VERB_UNLESS_NOUN: a finite form, unless in a noun's place


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
        # word as written -> how the verb test reads it; news text repeats a small vocabulary
        self._readings: dict[str, _Reading] = {}
        # for each state of the quick reading: token as written -> the state after it (filled
        # as met: a token is met in few of the states)
        self._after: list[dict[str, int]] = [{} for _ in _STATES]

    def check(self, doc: "Document") -> Iterator[Finding]:
        min_words = self.options["min_words"]
        # Words are at least one character apart, so a shorter sentence has fewer words. (At
        # least 1: an empty sentence, never flagged, has no last character to test.)
        min_length = max(1, 2 * min_words - 1)
        prose = doc.prose
        for sent in doc.sentences:
            start, end = sent.start, sent.end
            # cheapest tests first: the sentence is copied out only when it may be flagged
            if end - start < min_length or prose[end - 1] != "." or prose[start] in "\"'“‘«(":
                continue
            text = prose[start:end]
            # The verb test settles nearly every sentence, so the word count (another pass
            # over the text) is taken only for the few without a main verb.
            if self._has_main_verb(text) or word_count(text) < min_words:
                continue
            yield self.finding(doc, start, end)

    def _has_main_verb(self, sentence: str) -> bool:
        """A quick reading settles nearly every sentence with a dictionary look-up per
        token; the exact reading (_reads_main_verb) decides the rest.

        The quick reading follows the exact one only as far as its outcome cannot depend
        on what the quick one does not track, and finds a verb only where the exact one
        must find one (hence identical results):
        - It reads white-space separated tokens, each as the exact reading's pattern reads
          it on its own: no word or break spans white space. The one exception is "-", a
          break when white space is on both sides; taken as a break everywhere, it adds one
          only at either end of the sentence or right after another break, which changes
          nothing (at the start, it only makes the quick reading stricter).
        - It knows where the next word stands (first of its part, or after a word that
          settles _noun_position's question or not), so it takes a finite form as the verb
          only where _noun_position would.
        - It counts open subordinate clauses up to one, never fewer than the exact reading
          (every subordinator counts, "that" where it opens none too, and a debt is paid
          only with a verb the exact reading takes as one), and finds the main verb only
          with none open. A second open clause, or a participle opening a later part (set
          aside if a clause came before), leaves the rest of the part out of reach."""
        tokens = sentence.split(None, _HEAD_TOKENS)
        rest = tokens.pop() if len(tokens) > _HEAD_TOKENS else ""
        state = self._walk(tokens, _FIRST_OPENING)
        if state != _FOUND and rest:
            state = self._walk(rest.split(), state)
        return state == _FOUND or self._reads_main_verb(sentence)

    def _walk(self, tokens: list[str], state: int) -> int:
        """The quick reading's state after `tokens`, or _FOUND as soon as it is reached."""
        after = self._after
        for token in tokens:
            try:
                state = after[state][token]
            except KeyError:
                state = self._learn(state, token)
            if state == _FOUND:
                break
        return state

    def _learn(self, before: int, token: str) -> int:
        """The state after `token` in state `before`, worked out and remembered."""
        if sum(map(len, self._after)) >= _READINGS_KEPT:
            for learned in self._after:
                learned.clear()
        raws: list[str | None] = [None] if token == "-" else [
            m.group("word") for m in _CLAUSE_TOKEN.finditer(token)]  # None: a break
        state = before
        for raw in raws:
            state = self._step(state, raw)
            if state == _FOUND:
                break
        self._after[before][token] = state
        return state

    def _step(self, state: int, raw: str | None) -> int:
        """The quick reading's state after one more word (`raw`) or a break (None): the
        exact reading's tests, in its order."""
        if raw is None:
            return _LATER_OPENING
        if state == _OUT_OF_REACH:
            return state
        owing, place = divmod(state, _OWING)
        w, subordinator, verb = self._readings.get(raw) or self._read(raw)
        if place == _LATER_OPENING and w not in _NOT_PARTICIPLES and _AUX_OR_PARTICIPLE.match(w):
            return _OUT_OF_REACH  # set aside if a clause came before, which is not tracked
        if subordinator:
            return _OUT_OF_REACH if owing else _OWING + self._place_after(w)
        if verb == _VERB or verb == _VERB_UNLESS_NOUN and (
                w in _ALWAYS_FINITE or place in _NO_NOUN_PLACE or place == _AFTER_THIS and w.endswith("s")):
            return self._place_after(w) if owing else _FOUND  # (owing: the open clause's verb)
        return owing * _OWING + self._place_after(w)

    def _place_after(self, w: str) -> int:
        """Where the word after `w` stands, as _noun_position sees it."""
        if w in ("this", "that"):
            return _AFTER_THIS
        if w in _ADVERBS or not (w in _DETERMINERS or w in _PREPOSITIONS or _ADJECTIVE_LIKE.search(w)
                                 or w in self.adjectives):
            return _AFTER_PLAIN
        return _AFTER_MODIFIER

    def _reads_main_verb(self, sentence: str) -> bool:
        """The exact reading. The sentence is read word by word, part by part, and the
        reading stops at the first main verb."""
        clause_before = False  # "Therefore, collecting ... has": a lone adverb is no clause
        after_break = False  # the current part is not the sentence's first
        words: list[str] = []  # the current part's words so far
        skipping = False  # the current part is a participle phrase, set aside
        owed = 0  # finite verbs that belong to subordinate clauses opened so far
        for m in _CLAUSE_TOKEN.finditer(sentence):
            raw = m.group("word")
            if raw is None:  # a break between parts
                if words and not skipping:
                    clause_before = clause_before or len(words) > 2
                after_break, words, skipping, owed = True, [], False, 0
                continue
            if skipping:
                continue
            w, subordinator, verb = self._readings.get(raw) or self._read(raw)
            i = len(words)
            words.append(w)
            if i == 0 and after_break and clause_before and w not in _NOT_PARTICIPLES \
                    and _AUX_OR_PARTICIPLE.match(w):
                skipping = True  # a participle phrase after a clause: "A useful step, pointing out that ..."
                continue
            if subordinator and not (w == "that" and (i == 0 or words[i - 1] in _PREPOSITIONS)):
                owed += 1
                continue
            if verb == _VERB or verb == _VERB_UNLESS_NOUN and not self._noun_position(words, i):
                if owed:
                    owed -= 1
                    continue
                return True
        return False

    def _read(self, raw: str) -> _Reading:
        if len(self._readings) >= _READINGS_KEPT:
            self._readings.clear()
        w = raw if raw.isupper() and len(raw) > 1 else raw.lower()
        verb = _VERB if _CONTRACTED.search(w) else _VERB_UNLESS_NOUN if w in self.finite else _NOT_VERB
        reading = self._readings[raw] = _Reading(w, w in _SUBORDINATORS, verb)
        return reading

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
