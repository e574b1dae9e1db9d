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
        from rapidfuzz import fuzz

        min_words, threshold = self.options["min_words"], self.options["threshold"]
        last_seen: dict[tuple[str, str, str], int] = {}  # trigram -> latest sentence with it
        texts: list[str] = []
        folded = doc.folded
        for index, sent in enumerate(doc.sentences):
            if folded.count(" ", sent.start, sent.end) + 1 < min_words:
                texts.append("")
                continue
            tokens = _TOKEN.findall(folded, sent.start, sent.end)
            norm = " ".join(tokens)
            texts.append(norm)
            if len(tokens) < min_words:
                continue
            grams = set(zip(tokens, tokens[1:], tokens[2:]))
            shared = Counter(map(last_seen.get, grams))
            shared.pop(None, None)
            best = None
            for other, n in shared.items():
                if n < 0.5 * len(grams):
                    continue
                score = fuzz.partial_ratio(norm, texts[other])
                if score >= threshold and (best is None or score > best[1]):
                    best = (other, score)
            if best is not None:
                earlier = doc.sentences[best[0]]
                yield self.finding(doc, sent.start, sent.end, earlier=doc.text[earlier.start:earlier.end],
                                   line=doc.line_col(earlier.start)[0], score=f"{best[1]:.0f}")
            last_seen.update(dict.fromkeys(grams, index))


class RepeatedWordKind(Kind):
    """Flags a word written twice in a row ("the the"); the fix removes the second."""

    name = "repeated-word"
    params = {
        "allow": Param("list[str]", default=[], doc="words that may legitimately repeat (had had, that that)"),
    }
    _REPEAT = re.compile(r"\b([^\W\d_]+)([ \t]+)(\1)\b", re.IGNORECASE)

    def setup(self) -> None:
        self.allow = {w.lower() for w in self.options["allow"]}

    def check(self, doc: "Document") -> Iterator[Finding]:
        for m in self._REPEAT.finditer(doc.prose):
            first, second = m.group(1), m.group(3)
            if first.lower() in self.allow or (first == second and first[0].isupper()):
                continue  # allowed, or a name such as "Bora Bora"
            fix = Fix((Edit(m.end(1), m.end(3), ""),), self.rule.fix or Applicability.UNSAFE)
            yield self.finding(doc, m.start(), m.end(), suggestions=[m.group(1)], fix=fix)
