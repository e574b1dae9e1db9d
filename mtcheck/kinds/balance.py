"""Kind `balance`: quotation marks and brackets that open without closing, or close
without opening, within a paragraph."""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..model import Finding
from .base import Kind, Param

if TYPE_CHECKING:
    from ..documents import Document

PAIRS = {"(": ")", "[": "]", "{": "}", "“": "”", "«": "»", "‘": "’"}
CLOSING = {v: k for k, v in PAIRS.items()}


class BalanceKind(Kind):
    """Flags an unmatched bracket or quotation mark in a paragraph. A quotation left open
    at the end of a paragraph is fine when the next paragraph opens with the same mark
    (the convention for quotes that run over several paragraphs). A right single quote
    doubles as the apostrophe, so it is never counted as a closer on its own."""

    name = "balance"
    fields = ("mark", "problem")
    params = {
        "marks": Param("str", default="()[]{}“”«»\"", doc="the marks to check, openers and closers"),
    }

    def setup(self) -> None:
        marks = self.options["marks"]
        known = set(PAIRS) | set(CLOSING) | {'"'}
        unknown = sorted(set(marks) - known)
        if not marks or unknown:
            raise self.error(f"marks must be some of {''.join(sorted(known))}"
                             + (f", not {''.join(unknown)!r}" if unknown else " (it is empty)"), "marks")
        self.marks = re.compile("[" + re.escape(marks) + "]")

    def check(self, doc: "Document") -> Iterator[Finding]:
        paras = doc.paragraphs
        text = doc.prose
        for pi, marks in self._marks_by_paragraph(doc).items():
            stack: list[tuple[str, int]] = []
            straight: list[int] = []
            for i in marks:
                ch = text[i]
                if ch == '"':
                    straight.append(i)
                elif ch in PAIRS:
                    stack.append((ch, i))
                elif ch in CLOSING:
                    if stack and stack[-1][0] == CLOSING[ch]:
                        stack.pop()
                    elif any(o == CLOSING[ch] for o, _ in stack):
                        while stack and stack[-1][0] != CLOSING[ch]:
                            yield self._unclosed(doc, *stack.pop())
                        stack.pop()
                    else:
                        yield self.finding(doc, i, i + 1, mark=ch, problem="closes without opening")
            if not stack and len(straight) % 2 == 0:
                continue
            next_text = text[paras[pi + 1].start:paras[pi + 1].end].lstrip() if pi + 1 < len(paras) else ""
            for ch, i in stack:
                if ch in "“«\"" and next_text.startswith(ch):
                    continue
                yield self._unclosed(doc, ch, i)
            if len(straight) % 2 and not next_text.startswith('"'):
                i = straight[-1]
                yield self.finding(doc, i, i + 1, mark='"', problem="has no partner in this paragraph")

    def _marks_by_paragraph(self, doc: "Document") -> dict[int, list[int]]:
        """Offsets of the marks in each paragraph that has any, in order. Most paragraphs
        have none: one scan of the whole text finds the few marks, and only their
        paragraphs are looked at."""
        paras = doc.paragraphs
        starts = [p.start for p in paras]
        found: dict[int, list[int]] = {}
        for m in self.marks.finditer(doc.prose):
            pi = bisect.bisect_right(starts, m.start()) - 1
            if pi >= 0 and m.start() < paras[pi].end:
                found.setdefault(pi, []).append(m.start())
        return found

    def _unclosed(self, doc: "Document", ch: str, i: int) -> Finding:
        return self.finding(doc, i, i + 1, mark=ch, problem="opens without closing")
