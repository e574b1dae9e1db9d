"""Kind `pattern`: a regular expression, run by RE2 so that no rule can backtrack
catastrophically (matching time is linear in the text, whatever the pattern)."""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..model import Finding
from .base import Kind, Param

if TYPE_CHECKING:
    from ..documents import Document


def compile_re2(pattern: str, ignore_case: bool = False) -> Any:
    """Compile with RE2; a pattern RE2 rejects raises ValueError with its reason."""
    import re2

    options = re2.Options()
    options.case_sensitive = not ignore_case
    options.log_errors = False
    try:
        return re2.compile(pattern, options)
    except re2.error as exc:
        raise ValueError(str(exc)) from None


class PatternKind(Kind):
    """Flags every match of `pattern`; `replacement` (with \\1 group references) becomes
    the suggestion. Use `group` to flag only one capture group of the match."""

    name = "pattern"
    params = {
        "pattern": Param("str", required=True, doc="RE2 syntax: no look-around, no back-references"),
        "ignore_case": Param("bool", default=False),
        "replacement": Param("str", doc="suggested text; \\1 etc. refer to groups"),
        "group": Param("int", default=0, doc="the capture group to flag"),
    }

    def setup(self) -> None:
        try:
            self.regex = compile_re2(self.options["pattern"], self.options["ignore_case"])
        except ValueError as exc:
            raise self.error(f"pattern does not compile: {exc}", "pattern") from None
        if self.options["group"] > self.regex.groups:
            raise self.error(f"group {self.options['group']} does not exist in the pattern", "group")

    def check(self, doc: "Document") -> Iterator[Finding]:
        group, replacement = self.options["group"], self.options["replacement"]
        for m in self.regex.finditer(doc.prose):
            start, end = m.start(group), m.end(group)
            if start < 0 or end <= start:
                continue
            if replacement is None:
                yield self.finding(doc, start, end)
                continue
            suggestion = m.expand(replacement) if group == 0 else replacement
            yield self.finding(doc, start, end, suggestions=[suggestion],
                               fix=self.replace_fix(start, end, suggestion))
