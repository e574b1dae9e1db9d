"""Sentence boundaries.

BlingFire's finite-state splitter was chosen by measurement (bench/sentence_splitters.py):
on our abbreviation and initial cases it was as accurate as pySBD and about 80 times
faster, where segtok and syntok split "Lt. Col." or "U.N. Security". It ships a native
library for x86-64 only, so elsewhere a small rule-based splitter takes over.
"""
from __future__ import annotations

import re
from collections.abc import Callable

Splitter = Callable[[str], list[tuple[int, int]]]

# One capital letter plus full stop, or a title, that BlingFire leaves as a sentence of
# its own when it opens a line ("J. Parmelan met him." -> "J." + "Parmelan met him.").
_DANGLING = re.compile(
    r"(?:[A-Z]|Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Maj|Capt|Sgt|Adm|Gov|Sen|Rep|St|Mt|Rev|Hon|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.",
)

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "sgt", "adm", "gov",
    "sen", "rep", "st", "mt", "rev", "hon", "no", "vs", "etc", "inc", "corp", "ltd", "co",
    "jr", "sr", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "u.s", "u.k", "u.n", "e.g", "i.e", "a.m", "p.m", "d.c",
}
_FALLBACK_END = re.compile(r"[.!?…]+[\"”’')\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9])")


def _blingfire() -> Splitter | None:
    """BlingFire's sentence splitter called through its C entry point. The package's own
    wrapper maps byte offsets to characters in a Python loop over every byte, which cost
    more than the splitting; here ASCII text needs no mapping at all."""  # noqa: D401
    import ctypes
    import importlib.util
    import os
    import sys
    from ctypes import byref, c_char_p, c_int, c_int32, create_string_buffer

    # Load the native library directly: importing the blingfire package also imports
    # numpy, which would double mtcheck's start-up time.
    spec = importlib.util.find_spec("blingfire")
    if spec is None or not spec.origin:
        return None
    name = {"win32": "blingfiretokdll.dll", "darwin": "libblingfiretokdll.dylib"}.get(sys.platform,
                                                                                    "libblingfiretokdll.so")
    try:
        native = ctypes.CDLL(os.path.join(os.path.dirname(spec.origin), name)).TextToSentencesWithOffsets
    except (OSError, AttributeError):
        return None

    def run(text: str) -> list[tuple[int, int]]:
        if not text.strip():
            return []
        data = text.encode("utf-8")
        size = len(data) * 2 + 16
        out = create_string_buffer(size)
        starts, ends = (c_int32 * size)(), (c_int32 * size)()
        n = native(c_char_p(data), c_int(len(data)), byref(out), byref(starts), byref(ends), c_int(size))
        if n < 0 or n > size:
            return _fallback(text)
        count = out.value.count(b"\n") + 1
        pairs = list(zip(starts[:count], [e + 1 for e in ends[:count]]))  # slices: no per-item ctypes calls
        if len(data) != len(text):  # non-ASCII: byte offsets to code points, in one sweep
            pairs = _to_code_points(data, pairs)
        return [_strip(text, a, b) for a, b in pairs if a < b]

    return run


def _to_code_points(data: bytes, pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out, byte_pos, char_pos = [], 0, 0
    for a, b in pairs:
        char_pos += len(data[byte_pos:a].decode("utf-8", "ignore"))
        start = char_pos
        char_pos += len(data[a:b].decode("utf-8", "ignore"))
        out.append((start, char_pos))
        byte_pos = b
    return out


def _fallback(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _FALLBACK_END.finditer(text):
        word = re.search(r"([\w.]+)\.$", text[start:m.start() + 1])
        if m.group().startswith(".") and word and (
            word.group(1).lower() in _ABBREVIATIONS or len(word.group(1)) == 1
        ):
            continue
        spans.append((start, m.end()))
        start = m.end()
    spans.append((start, len(text)))
    return [_strip(text, a, b) for a, b in spans if text[a:b].strip()]


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _merge_dangling(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        prev = merged[-1] if merged else None
        if prev and prev[1] - prev[0] <= 5 and _DANGLING.fullmatch(text, prev[0], prev[1]):
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged


_engine = _blingfire()


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence in `text`, whitespace trimmed, in order."""
    spans = (_engine or _fallback)(text)
    return _merge_dangling(text, spans)
