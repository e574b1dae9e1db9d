"""Per-document figures for reports: counts and readability. The readability indices
are textstat's figures, computed by `mtcheck.readability` (which loads its syllable table
only when a report first asks for them)."""
from __future__ import annotations

from .documents import Document

READABILITY = (
    "flesch_reading_ease",
    "flesch_kincaid_grade",
    "gunning_fog",
    "smog_index",
    "coleman_liau_index",
    "automated_readability_index",
)


def document_stats(doc: Document) -> dict:
    sentences = doc.sentences
    words = doc.word_count
    stats: dict = {
        "words": words,
        "sentences": len(sentences),
        "paragraphs": len(doc.paragraphs),
        "characters": len(doc.text),
        "words_per_sentence": round(words / len(sentences), 1) if sentences else 0.0,
    }
    stats["readability"] = readability(doc.prose) if words else {}
    return stats


def readability(text: str) -> dict[str, float]:
    from .readability import indices

    values = indices(text)
    return {name: round(values[name], 2) for name in READABILITY}
