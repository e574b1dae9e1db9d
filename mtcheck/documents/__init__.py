"""Reading files into Documents."""
from .loader import decode, load_document, make_document
from .model import Document, Line, Paragraph, Sentence, Span, Word

__all__ = ["Document", "Line", "Paragraph", "Sentence", "Span", "Word", "decode", "load_document", "make_document"]
