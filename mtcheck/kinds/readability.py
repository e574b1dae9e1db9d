"""Kind `readability`: sentences too long to read in one breath. Document-level figures
(Flesch reading ease and friends) are report statistics: `mtcheck.stats`, which takes
textstat's figures from `mtcheck.readability`."""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..model import Finding
from .base import Kind, Param
from .structure import word_count

if TYPE_CHECKING:
    from ..documents import Document


class ReadabilityKind(Kind):
    """Flags a sentence of more than `max_words` words; long sentences are where machine
    translation most often loses the thread."""

    name = "readability"
    fields = ("words", "max_words")
    params = {
        "max_words": Param("int", default=50, doc="longest acceptable sentence, in words"),
    }

    def check(self, doc: "Document") -> Iterator[Finding]:
        limit = self.options["max_words"]
        # Words are at least one character apart, so a sentence of 2 * limit characters or
        # fewer cannot have more than `limit` words; that spares most sentences the count.
        for sent in doc.sentences:
            if sent.end - sent.start <= 2 * limit:
                continue
            n = word_count(doc.prose[sent.start:sent.end])
            if n > limit:
                yield self.finding(doc, sent.start, sent.end, words=n, max_words=limit)
