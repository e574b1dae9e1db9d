"""Kinds about repetition: near-duplicate sentences and doubled words."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Hashable, Iterator, Sequence
from functools import cached_property
from operator import itemgetter
from typing import TYPE_CHECKING

from ..model import Applicability, Edit, Finding, Fix
from .base import Kind, Param

if TYPE_CHECKING:
    from ..documents import Document
    from ..documents.model import Sentence

_TOKEN = re.compile(r"[^\W_]+")
_START, _END = itemgetter(0), itemgetter(1)


class NearDuplicateKind(Kind):
    """Flags a sentence that repeats an earlier sentence or clause of the same document
    almost word for word (scraped pages repeat blocks; translation engines restate a
    clause as a sentence of its own). Candidates are found by shared word trigrams and
    confirmed with rapidfuzz's partial ratio, so long documents stay linear."""

    name = "near-duplicate"
    fields = ("earlier", "line", "score")
    params = {
        "min_words": Param("int", default=8, doc="shorter sentences are never compared"),
        "threshold": Param("float", default=90.0, doc="rapidfuzz partial_ratio needed (0-100)"),
    }

    def check(self, doc: "Document") -> Iterator[Finding]:
        min_words, threshold = self.options["min_words"], self.options["threshold"]
        folded = doc.folded
        cutter = _WordCutter(folded)
        # Nearly every document has no sentence that could be a candidate below; one pass
        # over its trigrams says so, and the search below runs only for the rest.
        first = _first_possible_repeat(cutter.sentence_keys(doc.sentences), min_words)
        if first is None:
            return
        words = cutter.sentence_words(doc.sentences)  # of each sentence
        last_seen: dict[tuple[str, str, str], int] = {}  # trigram -> latest sentence with it
        for index, sent in enumerate(doc.sentences):
            if folded.count(" ", sent.start, sent.end) + 1 < min_words:
                continue
            tokens = words[index]
            if len(tokens) < min_words:
                continue
            grams = dict.fromkeys(zip(tokens, tokens[1:], tokens[2:]), index)
            # An earlier sentence is a candidate when it holds at least half of this one's
            # trigrams; most sentences share only a few with all earlier ones together,
            # which one set intersection tells before anything is counted per sentence
            # (and none before `first` holds half).
            if index >= first and len(grams.keys() & last_seen.keys()) >= 0.5 * len(grams):
                # counted in set order, as candidates have always been tried (ties go to the first)
                in_order = set(zip(tokens, tokens[1:], tokens[2:]))
                best = _closest(words, tokens, Counter(map(last_seen.get, in_order)), len(grams), threshold)
                if best is not None:
                    earlier = doc.sentences[best[0]]
                    yield self.finding(doc, sent.start, sent.end, earlier=doc.text[earlier.start:earlier.end],
                                       line=doc.line_col(earlier.start)[0], score=f"{best[1]:.0f}")
            last_seen.update(grams)


def _first_possible_repeat(words: Sequence[Sequence[Hashable]], min_words: int) -> int | None:
    """The first sentence of at least `min_words` words at most half of whose trigram
    places hold a trigram no earlier such sentence has; None if there is none.

    Only such a sentence can hold half of its D distinct trigrams in earlier sentences, as
    check() requires of a candidate: then at most D/2 of them are new, and D is at most the
    number of places. (check() also skips sentences with few spaces; the earlier trigrams
    counted here include theirs, which can only make fewer new. A sentence of under three
    words has no trigram, so no earlier sentence to be like.) Growing one set of trigrams
    costs a fraction of the per-sentence dictionaries, intersections and updates of the
    full search."""
    seen: set[tuple[Hashable, Hashable, Hashable]] = set()
    before = 0
    for index, tokens in enumerate(words):
        if len(tokens) < min_words:
            continue
        seen.update(zip(tokens, tokens[1:], tokens[2:]))
        if 2 * (len(seen) - before) <= len(tokens) - 2:
            return index
        before = len(seen)
    return None


def _closest(words: list[list[str]], tokens: list[str], shared: Counter, gram_count: int,
             threshold: float) -> tuple[int, float] | None:
    """The earlier sentence holding half of the trigrams that is most like `tokens`, if
    alike enough; `shared` counts the trigrams by the latest sentence that held them."""
    from rapidfuzz import fuzz

    shared.pop(None, None)
    norm = " ".join(tokens)
    best = None
    for other, n in shared.items():
        if n < 0.5 * gram_count:
            continue
        score = fuzz.partial_ratio(norm, " ".join(words[other]))
        if score >= threshold and (best is None or score > best[1]):
            best = (other, score)
    return best


_ASCII = bytes(range(128))


def _letters_and_digits_are_ascii(text: str) -> bool:
    """Whether every character of `text` that is a letter or digit (str.isalnum, what the
    patterns' \\w and [^\\W_] take besides "_") is ASCII."""
    if text.isascii():
        return True
    # The other characters, found in C: UTF-8 writes them with bytes of 128 and above
    # only, so deleting the ASCII bytes leaves their encodings whole.
    beyond = text.encode("utf-8", "surrogatepass").translate(None, _ASCII).decode("utf-8", "surrogatepass")
    return _TOKEN.search(beyond) is None


# Folded sentences are nearly all ASCII: for them a byte translation (letters and digits
# kept, everything else a space) and a split find the same words as _TOKEN, several times
# faster than the regex.
_ASCII_WORD_BREAKS = bytes.maketrans(bytes(range(256)),
                                     bytes(b if b < 128 and chr(b).isalnum() else ord(" ") for b in range(256)))


class _WordCutter:
    """The words (_TOKEN) of spans of one folded text."""

    def __init__(self, folded: str):
        self.folded = folded
        # When every letter and digit is ASCII, the words are the runs of ASCII letters and
        # digits, whatever else the text holds (dashes and quotes outside ASCII are common).
        self.ascii_words = _letters_and_digits_are_ascii(folded)
        # The text with a space for everything but ASCII letters and digits (same length:
        # a character outside ASCII becomes "?", then a space).
        self.spaced_bytes = folded.encode("ascii", "replace").translate(_ASCII_WORD_BREAKS)

    @cached_property
    def spaced(self) -> str:
        return self.spaced_bytes.decode("ascii")

    def words(self, start: int, end: int) -> list[str]:
        if self.ascii_words or self.folded[start:end].isascii():
            return self.spaced[start:end].split()
        return _TOKEN.findall(self.folded, start, end)

    def sentence_words(self, sentences: Sequence[Sentence]) -> list[list[str]]:
        """words() of every sentence; sliced and split in C when the words are ASCII."""
        if self.ascii_words:
            return list(map(str.split, map(self.spaced.__getitem__, _spans(sentences))))
        return [self.words(s.start, s.end) for s in sentences]

    def sentence_keys(self, sentences: Sequence[Sentence]) -> list[list[bytes]] | list[list[str]]:
        """The words of every sentence, for comparing with each other only: as bytes when
        they are ASCII, which skips decoding the text and splits a little faster."""
        if self.ascii_words:
            return list(map(bytes.split, map(self.spaced_bytes.__getitem__, _spans(sentences))))
        return [self.words(s.start, s.end) for s in sentences]


def _spans(sentences: Sequence[Sentence]) -> Iterator[slice]:
    return map(slice, map(_START, sentences), map(_END, sentences))


class RepeatedWordKind(Kind):
    """Flags a word written twice in a row ("the the"); the fix removes the second."""

    name = "repeated-word"
    params = {
        "allow": Param("list[str]", default=[], doc="words that may legitimately repeat (had had, that that)"),
    }
    _REPEAT = re.compile(r"\b([^\W\d_]+)([ \t]+)(\1)\b", re.IGNORECASE)
    # A cheaper pattern that matches one character before every match of _REPEAT (the
    # non-word character in front of its first word), and rarely anywhere else: starting
    # with a character class lets `re` skip through words instead of trying each position,
    # and \w is cheaper to test than "letter". A text with letters outside ASCII (the others
    # take a cheaper way, _matches) is searched in full only if it matches.
    _MAYBE_REPEAT = re.compile(r"\W(\w++)[ \t]++\1\b", re.IGNORECASE)

    def setup(self) -> None:
        self.allow = {w.lower() for w in self.options["allow"]}

    def check(self, doc: "Document") -> Iterator[Finding]:
        for m in self._matches(doc.prose):
            first, second = m.group(1), m.group(3)
            if first.lower() in self.allow or (first == second and first[0].isupper()):
                continue  # allowed, or a name such as "Bora Bora"
            fix = Fix((Edit(m.end(1), m.end(3), ""),), self.rule.fix or Applicability.UNSAFE)
            yield self.finding(doc, m.start(), m.end(), suggestions=[m.group(1)], fix=fix)

    @classmethod
    def _matches(cls, text: str) -> Iterator[re.Match[str]]:
        """_REPEAT.finditer(text), the pattern tried only where it can match.

        When every letter and digit of the text is ASCII, each match starts where the
        ASCII-lowered copy (_ASCII_LOWER_WORDS, a space in front) has a space, a word of
        letters, spaces and the same word ending a word (_DOUBLED_LOWER): the characters
        around a match are not word characters, so spaces in the copy; its separator is
        spaces and tabs; and its second word equals the first letter for letter ignoring
        case, since the back-reference equates an ASCII letter with no other character
        but letters outside ASCII (İ and the Kelvin sign), which this text has none of. Scanning bytes
        for that is a few times cheaper than the case-blind search of the text. Each such
        place after the end of the last match is tried in turn, as finditer tries every
        place after it (matching at an offset, \\b still sees the character before)."""
        if not _letters_and_digits_are_ascii(text):
            if cls._MAYBE_REPEAT.search(text) is None and cls._REPEAT.match(text) is None:
                return  # (a match at the very start has no character in front of it)
            yield from cls._REPEAT.finditer(text)
            return
        lowered = b" " + text.encode("ascii", "replace").translate(_ASCII_LOWER_WORDS)
        end = 0
        for place in _DOUBLED_LOWER.finditer(lowered):
            start = place.start()  # where the word starts in `text` (the copy has a space in front)
            if start >= end:
                m = cls._REPEAT.match(text, start)
                if m is not None:
                    end = m.end()
                    yield m


# ASCII capitals lowered, small letters and digits kept, everything else (and the "?" that
# stands for a character outside ASCII) a space.
_ASCII_LOWER_WORDS = bytes.maketrans(
    bytes(range(256)),
    bytes(b | 0x20 if chr(b).isupper() else b if chr(b).isalnum() else ord(" ") for b in range(128)) + b" " * 128)
# A space, then letters, spaces and the same letters ending a word. The look-ahead consumes
# only the space, so places that overlap ("a the. the the") are all found.
_DOUBLED_LOWER = re.compile(rb" (?=([a-z]++) ++\1\b)")
