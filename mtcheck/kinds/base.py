"""What every rule kind shares: parameter schemas and the way findings are made.

A kind is code (how to look); a rule is data (what to look for, what to say). Each kind
declares its parameters with `Param`, so a typo in a rule file is caught when the pack is
loaded, with the file, the line and the nearest valid name.
"""
from __future__ import annotations

import difflib
import string
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from ..errors import RuleError
from ..model import Applicability, Edit, Finding, Fix, Severity

if TYPE_CHECKING:
    from ..documents import Document
    from ..packs import Rule
    from .matching import PhraseMatcher


@dataclass(frozen=True)
class Param:
    """One kind parameter: its type, default and an optional extra check."""

    type: str  # "str", "bool", "int", "float", "list[str]", "dict[str,str]", "list"
    default: Any = None
    required: bool = False
    choices: tuple[str, ...] = ()
    doc: str = ""


_TYPES: dict[str, Callable[[Any], bool]] = {
    "str": lambda v: isinstance(v, str),
    "bool": lambda v: isinstance(v, bool),
    "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "float": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "list[str]": lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v),
    "dict[str,str]": lambda v: isinstance(v, dict) and all(isinstance(k, str) and isinstance(x, str) for k, x in v.items()),
    "list": lambda v: isinstance(v, list),
}


def did_you_mean(word: str, options: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(options), n=1)
    return f" — did you mean {close[0]!r}?" if close else ""


class Kind:
    """Base of all rule kinds. Subclasses set `name`, `params` and implement `check`."""

    name: ClassVar[str]
    params: ClassVar[dict[str, Param]] = {}
    #: message template fields this kind fills in besides {match}
    fields: ClassVar[tuple[str, ...]] = ()
    #: whether this kind needs the name gazetteer (loaded lazily only then)
    needs_gazetteer: ClassVar[bool] = False
    #: a finding of this kind that deletes its whole span makes findings inside it moot
    shadows_inner: ClassVar[bool] = False

    def __init__(self, rule: "Rule", options: dict[str, Any]):
        self.rule = rule
        self.options = options
        self.setup()

    def setup(self) -> None:
        """Compile the parameters once; called at load time so errors surface early."""

    def check(self, doc: "Document") -> Iterator[Finding]:
        raise NotImplementedError

    @classmethod
    def share(cls, kinds: list["Kind"]) -> None:
        """Called once with every rule of a load (any kind): a kind can set up work its
        rules share on each document. Nothing to share by default."""

    def phrase_matchers(self) -> list["PhraseMatcher"]:
        """The phrase matchers this rule scans documents with (its attributes that are
        one); rules loaded together share one scan of each document for all of them."""
        from .matching import PhraseMatcher

        return [v for v in vars(self).values() if isinstance(v, PhraseMatcher)]

    # -- helpers for subclasses -------------------------------------------------------
    def error(self, message: str, key: str | None = None) -> RuleError:
        return self.rule.error(message, key)

    def finding(self, doc: "Document", start: int, end: int, *, suggestions: Iterable[str] = (),
                fix: Fix | None = None, **fields: Any) -> Finding:
        rule = self.rule
        values = {"match": doc.text[start:end]}
        values.update(fields)
        suggestions = list(suggestions)
        values.setdefault("suggestion", suggestions[0] if suggestions else "")
        return Finding(rule=rule.id, name=rule.name, category=rule.category, severity=rule.severity,
                       start=start, end=end, message=rule.message.format_map(_Fields(values)),
                       suggestions=suggestions, fix=fix)

    def replace_fix(self, start: int, end: int, replacement: str) -> Fix | None:
        """A fix that replaces one span, with the rule's declared applicability."""
        if self.rule.fix is None:
            return None
        return Fix((Edit(start, end, replacement),), self.rule.fix)


class _Fields(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def validate_options(kind: type[Kind], raw: dict[str, Any], rule: "Rule") -> dict[str, Any]:
    """Check a rule's kind parameters against the kind's schema; fill in defaults."""
    out: dict[str, Any] = {}
    for key, value in raw.items():
        spec = kind.params.get(key)
        if spec is None:
            raise rule.error(f"unknown option {key!r} for kind {kind.name!r}"
                             + did_you_mean(key, list(kind.params) + list(RULE_KEYS)), key)
        if not _TYPES[spec.type](value):
            raise rule.error(f"option {key!r} must be {spec.type}, not {type(value).__name__}", key)
        if spec.choices and value not in spec.choices:
            raise rule.error(f"option {key!r} must be one of {', '.join(spec.choices)}, not {value!r}", key)
        out[key] = value
    for key, spec in kind.params.items():
        if key not in out:
            if spec.required:
                raise rule.error(f"kind {kind.name!r} needs option {key!r}")
            out[key] = spec.default
    return out


def template_fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


#: keys every rule has, whatever its kind
RULE_KEYS = ("id", "name", "kind", "category", "severity", "message", "description", "why",
             "examples", "fix", "preview", "tags")

__all__ = ["Applicability", "Edit", "Finding", "Fix", "Kind", "Param", "Severity",
           "RULE_KEYS", "did_you_mean", "template_fields", "validate_options"]
