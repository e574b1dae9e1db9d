"""Bytes to Document: decoding with errors a person can act on."""
from __future__ import annotations

from .codec import decode_bytes
from .model import Document


def decode(data: bytes, path: str, encoding: str | None = None) -> str:
    """Decode file bytes (see codec.decode_bytes): UTF-8 by default, a byte-order mark
    honoured and dropped, invalid bytes an InputError naming the byte offset."""
    return decode_bytes(data, path, encoding).text


def make_document(text: str, path: str) -> Document:
    """The Document for a file's text, by its kind: Markdown and HTML keep only prose."""
    name = path.lower()
    if name.endswith((".md", ".markdown")):
        from .markdown import markdown_prose

        prose, headings, blocks = markdown_prose(text)
    elif name.endswith((".html", ".htm")):
        from .html import html_prose

        prose, headings, blocks = html_prose(text)
    else:
        return Document(text, path=path)
    return Document(text, path=path, prose=prose, heading_spans=headings, blocks=blocks)


def load_document(data: bytes, path: str, encoding: str | None = None) -> Document:
    return make_document(decode(data, path, encoding), path)
