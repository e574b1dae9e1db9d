"""Literal phrase search: every phrase of a rule in one pass over the text.

An Aho-Corasick automaton (pyahocorasick) finds all phrases at once, so a pack of a
thousand phrases costs one scan, not a thousand. Text and phrases are folded the same
way (lower case, one apostrophe, one double quote) without changing the length of the
text, so match offsets are offsets into the original text.

Rules loaded together go one step further: `share` merges the automata of all their
case-insensitive matchers into one, so a document is scanned once for the phrases of
every rule (one C-level pass instead of one per rule); each matcher then picks its own
hits from that scan.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

import ahocorasick

from ..textutil import fold, fold_phrase, is_word_char

#: one raw hit: (start, end, phrase, value), on word boundaries, possibly overlapping
Hit = tuple[int, int, str, object]


class PhraseMatcher:
    """Find whole-word occurrences of many phrases; values ride along with each phrase."""

    def __init__(self, phrases: Iterable[tuple[str, object]], ignore_case: bool = True):
        self.ignore_case = ignore_case
        by_key: dict[str, tuple[str, object]] = {}  # the last phrase given for a key wins
        for phrase, value in phrases:
            key = fold_phrase(phrase) if ignore_case else " ".join(phrase.split())
            if key:
                by_key[key] = (phrase, value)
        self.entries: list[tuple[str, str, object]] = [(k, p, v) for k, (p, v) in by_key.items()]
        self.size = len(self.entries)
        self._automaton = _automaton((key, (len(key), phrase, value)) for key, phrase, value in self.entries)
        self._shared: tuple[SharedScan, int] | None = None

    def find(self, text: str, folded: str | None = None) -> Iterator[Hit]:
        """Yield (start, end, phrase, value), leftmost-longest, non-overlapping, on word
        boundaries. Pass `folded` (= fold(text)) when scanning the same text repeatedly."""
        if not self.size:
            return
        hay = (folded if folded is not None else fold(text)) if self.ignore_case else text
        if self._shared is not None:
            scan, slot = self._shared
            hits = scan.hits(hay).get(slot, ())
        else:
            hits = _scan(self._automaton, hay)
        ordered = sorted(hits, key=lambda h: (h[0], -h[1]))
        last_end = -1
        for hit in ordered:
            if hit[0] >= last_end:
                last_end = hit[1]
                yield hit


class SharedScan:
    """One automaton for the phrases of many matchers. The hits of the last text scanned
    are kept, so the matchers of every rule reading the same document share one scan."""

    def __init__(self, matchers: list[PhraseMatcher]):
        self._automaton = _automaton(
            (key, (len(key), slot, phrase, value))
            for slot, m in enumerate(matchers) for key, phrase, value in m.entries)
        self._last: tuple[str, dict[int, list[Hit]]] | None = None

    def hits(self, hay: str) -> dict[int, list[Hit]]:
        if self._last is None or self._last[0] is not hay:
            by_slot: dict[int, list[Hit]] = {}
            for end_idx, entries in self._automaton.iter(hay):
                end = end_idx + 1
                for length, slot, phrase, value in entries:
                    start = end - length
                    if _bounded(hay, start, end):
                        by_slot.setdefault(slot, []).append((start, end, phrase, value))
            self._last = (hay, by_slot)
        return self._last[1]

    def __getstate__(self) -> dict:  # the memo is per process and may be large
        return {"_automaton": self._automaton, "_last": None}


def share(matchers: Iterable[PhraseMatcher]) -> None:
    """Let these matchers share one scan per document (only case-insensitive ones: they
    all read the same folded text)."""
    chosen = [m for m in matchers if m.ignore_case and m.size]
    if len(chosen) < 2:
        return
    scan = SharedScan(chosen)
    for slot, m in enumerate(chosen):
        m._shared = (scan, slot)


def _automaton(items: Iterable[tuple[str, tuple]]) -> ahocorasick.Automaton:
    """An automaton mapping each key to the list of values given for it (the same phrase
    can belong to several matchers)."""
    automaton = ahocorasick.Automaton()
    merged: dict[str, list[tuple]] = {}
    for key, value in items:
        merged.setdefault(key, []).append(value)
    for key, values in merged.items():
        automaton.add_word(key, values)
    if merged:
        automaton.make_automaton()
    return automaton


def _scan(automaton: ahocorasick.Automaton, hay: str) -> list[Hit]:
    hits = []
    for end_idx, entries in automaton.iter(hay):
        end = end_idx + 1
        for length, phrase, value in entries:
            start = end - length
            if _bounded(hay, start, end):
                hits.append((start, end, phrase, value))
    return hits


def _bounded(text: str, start: int, end: int) -> bool:
    if is_word_char(text[start]) and start > 0 and is_word_char(text[start - 1]):
        return False
    if is_word_char(text[end - 1]) and end < len(text) and is_word_char(text[end]):
        return False
    return True
