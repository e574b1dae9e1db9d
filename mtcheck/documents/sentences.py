"""Sentence boundaries.

BlingFire's finite-state splitter was chosen by measurement (bench/sentence_splitters.py):
on our abbreviation and initial cases it was as accurate as pySBD and about 80 times
faster, where segtok and syntok split "Lt. Col." or "U.N. Security". It ships a native
library for x86-64 only, so elsewhere a small rule-based splitter takes over.
"""
from __future__ import annotations

import re
from array import array
from collections.abc import Callable
from itertools import accumulate, repeat
from operator import sub

#: (start of each sentence, end of each), in code points
Bounds = tuple[list[int], list[int]]
Engine = Callable[[str], Bounds]

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


def _blingfire() -> Engine | None:
    """BlingFire's sentence splitter called through its C entry point. The package's own
    wrapper maps byte offsets to characters in a Python loop over every byte, which cost
    more than the splitting; here ASCII text needs no mapping at all, and other text is
    mapped a gap between offsets at a time, in C."""  # noqa: D401
    import ctypes
    import importlib.util
    import os
    import sys
    from ctypes import c_char, c_char_p, c_int, c_void_p

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
    if array("i").itemsize != ctypes.sizeof(c_int):
        return None  # the offsets are read as C ints
    native.argtypes = (c_char_p, c_int, c_void_p, c_void_p, c_void_p, c_int)
    native.restype = c_int
    zero = array("i", [0])

    def call(data: bytes, size: int) -> tuple[bool, list[int], list[int]] | None:
        """The native splitter with room for `size` bytes of output and `size` sentences:
        (whether it found none, start byte of each sentence, last byte of each); None if
        the output did not fit or the call failed (-1). The buffers are a bytearray and
        arrays, passed by address: ctypes arrays of each document's own length created
        a ctypes type per call, which cost an eighth as much as the splitting."""
        out, starts, ends = bytearray(size), zero * size, zero * size
        n = native(data, len(data), ctypes.addressof(c_char.from_buffer(out)), starts.buffer_info()[0],
                   ends.buffer_info()[0], size)
        if n < 0 or n > size:
            return None
        # The output is the sentences joined by "\n" (none within a sentence), then a NUL.
        # With no sentence at all it is empty, and this still reads one sentence at byte 0
        # whose last byte is 0 (the arrays are zeroed): kept so, since results must not change.
        count = out.count(b"\n", 0, n - 1) + 1
        return n <= 1, starts[:count].tolist(), ends[:count].tolist()

    def run(text: str) -> Bounds:
        if not text or text.isspace():
            return [], []
        data = text.encode("utf-8")
        # The output (the sentences, less the white space between them, one separator
        # each) is about as long as the input: room for that, plus a margin, mostly does.
        # Twice the input (plus 16) always fits, so a second call is exact, never a
        # fallback, as it was when every call had that much room.
        result = call(data, len(data) + 64) or call(data, 2 * len(data) + 16)
        if result is None:
            return _columns(_fallback(text))
        none_found, starts, last_bytes = result
        ends = list(map(_plus_one, last_bytes))
        if len(data) != len(text):  # non-ASCII: byte offsets to code points
            if none_found and data[0] >= 0x80:
                # The phantom sentence (see `call`) ends inside a character: mapped,
                # it was empty and dropped.
                return [], []
            starts, ends = _to_code_points(data, starts, ends)
        # BlingFire trims white space by its own definition, so Python's str.isspace is
        # asked again; only at the first or last character of a span can it find any.
        if any(map(str.isspace, map(text.__getitem__, starts))) or any(
                map(str.isspace, map(text.__getitem__, map(_minus_one, ends)))):
            return _columns([_strip(text, a, b) for a, b in zip(starts, ends)])
        return starts, ends

    return run


_plus_one = (1).__add__
_minus_one = (-1).__add__
#: continuation bytes of UTF-8 (0b10xxxxxx) all become 0x80, other bytes stay: counting
#: 0x80 between two offsets counts the bytes there that do not start a character
_CONTINUATION = bytes.maketrans(bytes(range(0x80, 0xC0)), b"\x80" * 0x40)


def _to_code_points(data: bytes, starts: list[int], ends: list[int]) -> Bounds:
    """Code-point offsets of the byte offsets in UTF-8 `data` of sentences in order (each
    starts after the one before ends). A code point offset is the byte offset less the
    continuation bytes before it, summed gap by gap: map and accumulate run in C, not a
    Python loop per sentence."""
    offsets = [0] * (2 * len(starts))
    offsets[0::2], offsets[1::2] = starts, ends
    marked = data.translate(_CONTINUATION)
    skipped = accumulate(map(marked.count, repeat(b"\x80"), [0, *offsets], offsets))
    points = list(map(sub, offsets, skipped))
    return points[0::2], points[1::2]


def _columns(spans: list[tuple[int, int]]) -> Bounds:
    return [a for a, _ in spans], [b for _, b in spans]


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


def _merge_dangling(text: str, bounds: Bounds) -> Bounds:
    """A lone initial or title (see _DANGLING) joined to the sentence after it."""
    starts, ends = bounds
    # Most texts have none (a sentence can only merge into a following one): then one
    # quick look at each span replaces the merging loop.
    if not any(b - a <= 5 and _DANGLING.fullmatch(text, a, b) for a, b in zip(starts[:-1], ends[:-1])):
        return bounds
    merged: list[tuple[int, int]] = []
    for a, b in zip(starts, ends):
        prev = merged[-1] if merged else None
        if prev and prev[1] - prev[0] <= 5 and _DANGLING.fullmatch(text, prev[0], prev[1]):
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return _columns(merged)


_engine = _blingfire()


def sentence_bounds(text: str) -> Bounds:
    """(starts, ends) of the sentences in `text`, whitespace trimmed, in order: columns,
    for callers that go on in C over whole lists."""
    bounds = _engine(text) if _engine else _columns(_fallback(text))
    return _merge_dangling(text, bounds)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence in `text`, whitespace trimmed, in order."""
    return list(zip(*sentence_bounds(text)))
