"""Bytes to Document: decoding with errors a person can act on."""
from __future__ import annotations

import codecs

from ..errors import InputError
from .model import Document

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode(data: bytes, path: str, encoding: str | None = None) -> str:
    """Decode file bytes. UTF-8 by default; a byte-order mark is honoured and dropped.
    Invalid bytes are an InputError naming the byte offset."""
    if encoding is None:
        for bom, name in _BOMS:
            if data.startswith(bom):
                encoding = name
                break
        else:
            encoding = "utf-8"
        if b"\x00" in data[:8192] and encoding == "utf-8":
            raise InputError("looks like a binary file (contains NUL bytes); not checked", path)
    try:
        text = data.decode(encoding)
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}", path) from None
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not valid {exc.encoding.upper()}: byte 0x{data[exc.start]:02x} at byte offset {exc.start} "
            "(use --encoding to name the file's encoding)", path) from None
    return text[1:] if text.startswith("\ufeff") else text


def make_document(text: str, path: str) -> Document:
    """The Document for a file's text, by its kind: Markdown and HTML keep only prose."""
    name = path.lower()
    if name.endswith((".md", ".markdown")):
        from .markdown import markdown_prose

        prose, headings, _blocks = markdown_prose(text)
    elif name.endswith((".html", ".htm")):
        from .html import html_prose

        prose, headings, _blocks = html_prose(text)
    else:
        return Document(text, path=path)
    return Document(text, path=path, prose=prose, heading_spans=headings)


def load_document(data: bytes, path: str, encoding: str | None = None) -> Document:
    return make_document(decode(data, path, encoding), path)
