"""Kinds `phrase` (existence) and `substitution` (swap map with suggestions)."""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..model import Finding
from ..textutil import match_case
from .base import Kind, Param
from .matching import PhraseMatcher

if TYPE_CHECKING:
    from ..documents import Document

POSITIONS = ("anywhere", "sentence_start")
_OPENERS = "\"'“‘«(["


def sentence_starts(doc: "Document") -> set[int]:
    """Offsets where a sentence's first word begins (after any opening quote); computed
    once per document."""
    if "sentence_starts" not in doc.cache:
        starts = set()
        for s in doc.sentences:
            i = s.start
            while i < s.end and doc.prose[i] in _OPENERS:
                i += 1
            starts.add(i)
        doc.cache["sentence_starts"] = starts
    return doc.cache["sentence_starts"]


class PhraseKind(Kind):
    """Flags every occurrence of any listed phrase (whole words)."""

    name = "phrase"
    params = {
        "phrases": Param("list[str]", required=True, doc="literal phrases, matched on word boundaries"),
        "ignore_case": Param("bool", default=True),
        "position": Param("str", default="anywhere", choices=POSITIONS,
                          doc="anywhere, or only where a sentence begins"),
    }

    def setup(self) -> None:
        if not self.options["phrases"]:
            raise self.error("option 'phrases' is empty", "phrases")
        self.matcher = PhraseMatcher(((p, None) for p in self.options["phrases"]), self.options["ignore_case"])

    def matches(self, doc: "Document") -> Iterator[tuple[int, int, str, object]]:
        folded = doc.folded if self.options["ignore_case"] else None
        hits = self.matcher.find(doc.prose, folded)
        if self.options["position"] == "sentence_start":
            starts = sentence_starts(doc)
            hits = (h for h in hits if h[0] in starts)
        return hits

    def check(self, doc: "Document") -> Iterator[Finding]:
        for start, end, _, _ in self.matches(doc):
            yield self.finding(doc, start, end)


class SubstitutionKind(PhraseKind):
    """Flags phrases that have a better wording and suggests it (`swap: {bad: good}`).
    An empty replacement means 'delete'. Capitalisation follows the matched text."""

    name = "substitution"
    params = {
        "swap": Param("dict[str,str]", required=True, doc="phrase -> suggested replacement"),
        "ignore_case": Param("bool", default=True),
        "position": Param("str", default="anywhere", choices=POSITIONS),
    }

    def setup(self) -> None:
        swap = self.options["swap"]
        if not swap:
            raise self.error("option 'swap' is empty", "swap")
        self.matcher = PhraseMatcher(swap.items(), self.options["ignore_case"])

    def check(self, doc: "Document") -> Iterator[Finding]:
        starts = sentence_starts(doc) if any(not v for v in self.options["swap"].values()) else set()
        for start, end, _, replacement in self.matches(doc):
            suggestion = match_case(doc.text[start:end], str(replacement))
            if suggestion:
                yield self.finding(doc, start, end, suggestions=[suggestion],
                                   fix=self.replace_fix(start, end, suggestion))
                continue
            # Deleting: take the following spaces too, and re-capitalise a sentence opening.
            cut = end
            while cut < len(doc.text) and doc.text[cut] == " ":
                cut += 1
            new = ""
            if start in starts and cut < len(doc.text) and doc.text[cut].islower():
                new, cut = doc.text[cut].upper(), cut + 1
            yield self.finding(doc, start, end, suggestions=[""], fix=self.replace_fix(start, cut, new))
