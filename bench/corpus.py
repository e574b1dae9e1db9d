"""Real English text for benchmarks, built from the development corpora next to the
project (../shared/corpora): TED talk segments, clean human and machine translations.
Repeated until it reaches the requested size."""
from __future__ import annotations

import sys
from pathlib import Path

CORPORA = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"
FILES = ("clean_human_ted.txt", "clean_mt_ted.txt")


def real_text(min_chars: int) -> str:
    parts = [CORPORA / f for f in FILES if (CORPORA / f).is_file()]
    if not parts:
        sys.exit(f"benchmark needs the development corpora in {CORPORA} (not found)")
    base = "\n".join(p.read_text(encoding="utf-8") for p in parts)
    copies = -(-min_chars // len(base))
    return "\n".join([base] * copies)
