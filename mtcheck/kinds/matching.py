"""Literal phrase search: every phrase of a rule in one pass over the text.

An Aho-Corasick automaton (pyahocorasick) finds all phrases at once, so a pack of a
thousand phrases costs one scan, not a thousand. Text and phrases are folded the same
way (lower case, one apostrophe, one double quote) without changing the text's length,
so match offsets are offsets into the original text.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

import ahocorasick

from ..textutil import fold, fold_phrase, is_word_char


class PhraseMatcher:
    """Find whole-word occurrences of many phrases; values ride along with each phrase."""

    def __init__(self, phrases: Iterable[tuple[str, object]], ignore_case: bool = True):
        self.ignore_case = ignore_case
        self._automaton = ahocorasick.Automaton()
        self.size = 0
        for phrase, value in phrases:
            key = fold_phrase(phrase) if ignore_case else " ".join(phrase.split())
            if key:
                self._automaton.add_word(key, (len(key), phrase, value))
                self.size += 1
        if self.size:
            self._automaton.make_automaton()

    def find(self, text: str, folded: str | None = None) -> Iterator[tuple[int, int, str, object]]:
        """Yield (start, end, phrase, value), leftmost-longest, non-overlapping, on word
        boundaries. Pass `folded` (= fold(text)) when scanning the same text repeatedly."""
        if not self.size:
            return
        hay = (folded if folded is not None else fold(text)) if self.ignore_case else text
        hits = []
        for end_idx, (length, phrase, value) in self._automaton.iter(hay):
            end = end_idx + 1
            start = end - length
            if _bounded(hay, start, end):
                hits.append((start, -end, phrase, value))
        hits.sort()
        last_end = -1
        for start, neg_end, phrase, value in hits:
            if start >= last_end:
                last_end = -neg_end
                yield start, last_end, phrase, value


def _bounded(text: str, start: int, end: int) -> bool:
    if is_word_char(text[start]) and start > 0 and is_word_char(text[start - 1]):
        return False
    if is_word_char(text[end - 1]) and end < len(text) and is_word_char(text[end]):
        return False
    return True
