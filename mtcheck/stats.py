"""Per-document figures for reports: counts and readability (textstat, imported only
when a report asks for them, since its pronunciation dictionary takes a moment to load)."""
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
    import textstat

    return {name: round(float(getattr(textstat, name)(text)), 2) for name in READABILITY}
