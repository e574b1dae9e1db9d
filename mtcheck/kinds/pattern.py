"""Kind `pattern`: a regular expression, run by RE2 so that no rule can backtrack
catastrophically (matching time is linear in the text, whatever the pattern)."""
from __future__ import annotations

import re
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


#: \1 or \g<1> or \g<name> in a replacement (or an escaped backslash, to step over)
_GROUP_REFERENCE = re.compile(r"\\(?:(\d+)|g<([^>]*)>|\\)")


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
        groups = self.regex.groups
        if not 0 <= self.options["group"] <= groups:
            raise self.error(f"group {self.options['group']} does not exist in the pattern "
                             f"(it has {groups} group{'s' if groups != 1 else ''}; 0 is the whole match)", "group")
        replacement = self.options["replacement"]
        if replacement is not None and self.options["group"] == 0:
            for ref in _GROUP_REFERENCE.finditer(replacement):
                number, name = ref.group(1), ref.group(2)
                if number is None and name is None:  # an escaped backslash
                    continue
                if name is not None and not name.isdigit():
                    known = name in self.regex.groupindex
                else:
                    known = int(number if number is not None else name) <= groups
                if not known:
                    raise self.error(f"replacement refers to {ref.group(0)}, a group the pattern does not have "
                                     f"(it has {groups}; write a literal backslash as \\\\)", "replacement")

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
