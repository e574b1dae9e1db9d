"""Kinds about repetition: near-duplicate sentences and doubled words."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..model import Applicability, Edit, Finding, Fix
from .base import Kind, Param

if TYPE_CHECKING:
    from ..documents import Document

_TOKEN = re.compile(r"[^\W_]+")


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
        last_seen: dict[tuple[str, str, str], int] = {}  # trigram -> latest sentence with it
        words: list[list[str]] = []  # of each sentence
        folded = doc.folded
        cutter = _WordCutter(folded)
        for index, sent in enumerate(doc.sentences):
            if folded.count(" ", sent.start, sent.end) + 1 < min_words:
                words.append([])
                continue
            tokens = cutter.words(sent.start, sent.end)
            words.append(tokens)
            if len(tokens) < min_words:
                continue
            grams = dict.fromkeys(zip(tokens, tokens[1:], tokens[2:]), index)
            # An earlier sentence is a candidate when it holds at least half of this one's
            # trigrams; most sentences share only a few with all earlier ones together,
            # which one set intersection tells before anything is counted per sentence.
            if len(grams.keys() & last_seen.keys()) >= 0.5 * len(grams):
                # counted in set order, as candidates have always been tried (ties go to the first)
                in_order = set(zip(tokens, tokens[1:], tokens[2:]))
                best = _closest(words, tokens, Counter(map(last_seen.get, in_order)), len(grams), threshold)
                if best is not None:
                    earlier = doc.sentences[best[0]]
                    yield self.finding(doc, sent.start, sent.end, earlier=doc.text[earlier.start:earlier.end],
                                       line=doc.line_col(earlier.start)[0], score=f"{best[1]:.0f}")
            last_seen.update(grams)


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


# Folded sentences are nearly all ASCII: for them a byte translation (letters and digits
# kept, everything else a space) and a split find the same words as _TOKEN, several times
# faster than the regex.
_ASCII_WORD_BREAKS = bytes.maketrans(bytes(range(256)),
                                     bytes(b if b < 128 and chr(b).isalnum() else ord(" ") for b in range(256)))


class _WordCutter:
    """The words (_TOKEN) of spans of one folded text."""

    def __init__(self, folded: str):
        self.folded = folded
        self.all_ascii = folded.isascii()
        # The text with a space for everything but ASCII letters and digits (same length:
        # a character outside ASCII becomes "?", then a space).
        self.spaced = folded.encode("ascii", "replace").translate(_ASCII_WORD_BREAKS).decode("ascii")

    def words(self, start: int, end: int) -> list[str]:
        if self.all_ascii or self.folded[start:end].isascii():
            return self.spaced[start:end].split()
        return _TOKEN.findall(self.folded, start, end)


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
    # and \w is cheaper to test than "letter". Only a text it matches is searched in full.
    _MAYBE_REPEAT = re.compile(r"\W(\w++)[ \t]++\1\b", re.IGNORECASE)

    def setup(self) -> None:
        self.allow = {w.lower() for w in self.options["allow"]}

    def check(self, doc: "Document") -> Iterator[Finding]:
        text = doc.prose
        if self._MAYBE_REPEAT.search(text) is None and self._REPEAT.match(text) is None:
            return  # (a match at the very start has no character in front of it)
        for m in self._REPEAT.finditer(text):
            first, second = m.group(1), m.group(3)
            if first.lower() in self.allow or (first == second and first[0].isupper()):
                continue  # allowed, or a name such as "Bora Bora"
            fix = Fix((Edit(m.end(1), m.end(3), ""),), self.rule.fix or Applicability.UNSAFE)
            yield self.finding(doc, m.start(), m.end(), suggestions=[m.group(1)], fix=fix)
