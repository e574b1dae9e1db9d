"""Decoding file bytes, and encoding text back exactly as the file had it (same codec,
same byte-order mark), so that --fix changes nothing but the fixed spans."""
from __future__ import annotations

import codecs
from dataclasses import dataclass

from ..errors import InputError

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # the codec of the bytes after the byte-order mark
    bom: bytes = b""

    def encode(self, text: str) -> bytes:
        return self.bom + text.encode(self.encoding)


def decode_bytes(data: bytes, path: str, encoding: str | None = None) -> Decoded:
    """UTF-8 by default; a byte-order mark is honoured and kept aside. Invalid bytes are
    an InputError naming the byte offset; NUL bytes in UTF-8 mean a binary file."""
    bom = b""
    if encoding is None:
        encoding = "utf-8"
        for mark, name in _BOMS:
            if data.startswith(mark):
                bom, encoding = mark, name
                break
        if not bom and b"\x00" in data[:8192]:
            raise InputError("looks like a binary file (contains NUL bytes); not checked", path)
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}", path) from None
    body = data[len(bom):]
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as exc:
        offset = exc.start + len(bom)
        raise InputError(
            f"not valid {exc.encoding.upper()}: byte 0x{data[offset]:02x} at byte offset {offset} "
            "(use --encoding to name the file's encoding)", path) from None
    if not bom and text.startswith("\ufeff"):  # a BOM under an explicit --encoding
        bom, text = "\ufeff".encode(encoding), text[1:]
    return Decoded(text, encoding, bom)
