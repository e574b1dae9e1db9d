"""Rule packs: YAML files of rules, loaded with line numbers for precise errors.

A pack file looks like::

    pack: calques
    description: ...
    rules:
      - id: MT301
        name: media-lenses-calque
        kind: substitution
        ...

See rules/README.md for every key.

Parsing YAML is most of what loading the bundled packs costs at start-up (and PyYAML's
import is a good part of the rest), so the parsed data of each pack, with the line
numbers its error messages need, is cached on disk (mtcheck.diskcache) under a hash of
the file's text: an edited pack is parsed afresh, an unchanged one is read in about a
millisecond. Validation runs on the cached data exactly as on fresh data, so a pack's
errors are the same either way.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import RuleError
from .kinds import KINDS
from .kinds.base import RULE_KEYS, Kind, did_you_mean, template_fields, validate_options
from .kinds.matching import share
from .model import Applicability, Severity

_ID = re.compile(r"^[A-Z]{2,4}\d{3,4}$")
_NAME = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
MQM_ROOTS = ("Accuracy", "Fluency", "Style", "Terminology", "Locale convention",
             "Design and markup", "Non-translation", "Other")


@dataclass(frozen=True)
class Example:
    text: str
    fixed: str | None = None


@dataclass
class Rule:
    id: str
    name: str
    kind: str
    category: str
    severity: Severity
    message: str
    description: str
    why: str
    examples_bad: list[Example]
    examples_good: list[Example]
    fix: Applicability | None
    preview: bool
    pack: str
    path: str
    line: int
    key_lines: dict[str, int] = field(default_factory=dict)
    checker: Kind | None = None
    tags: list[str] = field(default_factory=list)

    def error(self, message: str, key: str | None = None) -> RuleError:
        line = self.key_lines.get(key, self.line) if key else self.line
        return RuleError(f"rule {self.id or '?'}: {message}", self.path, line)

    @property
    def summary(self) -> str:
        return self.description.strip().split("\n")[0].split(". ")[0].rstrip(".")


#: where each part of a pack is: 1-based lines of the top-level keys, and of each rule
#: with the lines of its keys
PackLines = tuple[dict[str, int], list[tuple[int, dict[str, int]]]]
_CACHE_FORMAT = 1


def parse_pack(text: str, path: str) -> list[Rule]:
    data, lines = _read_yaml(text, path)
    return _rules_of(data, lines, path)


def _read_yaml(text: str, path: str) -> tuple[Any, PackLines]:
    from .yamlio import line_map, load_with_nodes

    data, node = load_with_nodes(text, path, RuleError)
    rule_lines: list[tuple[int, dict[str, int]]] = []
    if isinstance(data, dict) and isinstance(data.get("rules"), list):
        rules_node = next(v for k, v in node.value if k.value == "rules")
        rule_lines = [(n.start_mark.line + 1, line_map(n)) for n in rules_node.value]
    return data, (line_map(node), rule_lines)


def _rules_of(data: Any, lines: PackLines, path: str) -> list[Rule]:
    if not isinstance(data, dict) or "rules" not in data:
        raise RuleError("a rule pack is a mapping with a 'rules' list", path, 1)
    top, rule_lines = lines
    unknown = set(data) - {"pack", "description", "rules"}
    if unknown:
        key = sorted(unknown)[0]
        raise RuleError(f"unknown pack key {key!r}" + did_you_mean(key, ["pack", "description", "rules"]),
                        path, top.get(key))
    pack = data.get("pack") or Path(path).stem
    if not isinstance(data["rules"], list):
        raise RuleError("'rules' must be a list", path, top.get("rules"))
    return [_parse_rule(raw, where, pack, path) for raw, where in zip(data["rules"], rule_lines)]


def _read_cached(text: str, path: str) -> tuple[Any, PackLines]:
    """`_read_yaml`, through the on-disk cache (mtcheck.diskcache) when it can be used."""
    from .diskcache import cached_build

    def parse() -> tuple[Any, dict[str, int], list[tuple[int, dict[str, int]]]]:
        data, (top, rule_lines) = _read_yaml(text, path)
        return data, top, rule_lines

    def well_formed(value: Any) -> bool:
        return (isinstance(value, tuple) and len(value) == 3 and isinstance(value[1], dict)
                and isinstance(value[2], list))

    data, top, rule_lines = cached_build(f"pack{_CACHE_FORMAT}", text, parse, well_formed)
    return data, (top, [tuple(r) for r in rule_lines])


def _parse_rule(raw: Any, where: tuple[int, dict[str, int]], pack: str, path: str) -> Rule:
    line, lines = where
    if not isinstance(raw, dict):
        raise RuleError("each rule must be a mapping", path, line)
    rule = Rule(id=str(raw.get("id", "")), name="", kind="", category="", severity=Severity.MINOR,
                message="", description="", why="", examples_bad=[], examples_good=[], fix=None,
                preview=False, pack=pack, path=path, line=line, key_lines=lines)
    for key in ("id", "name", "kind", "category", "severity", "message", "description"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise rule.error(f"needs a non-empty string {key!r}", key if key in raw else None)
    if not _ID.match(raw["id"]):
        raise rule.error(f"id {raw['id']!r} must look like MT201 (2-4 capitals, 3-4 digits)", "id")
    if not _NAME.match(raw["name"]):
        raise rule.error(f"name {raw['name']!r} must be kebab-case", "name")
    kind = KINDS.get(raw["kind"])
    if kind is None:
        raise rule.error(f"unknown kind {raw['kind']!r}" + did_you_mean(raw["kind"], KINDS)
                         + f" (kinds: {', '.join(sorted(KINDS))})", "kind")
    if raw["category"].split("/")[0] not in MQM_ROOTS:
        raise rule.error(f"category {raw['category']!r} must start with an MQM dimension: "
                         + ", ".join(MQM_ROOTS), "category")
    try:
        severity = Severity.parse(raw["severity"])
    except ValueError as exc:
        raise rule.error(str(exc), "severity") from None
    fix = raw.get("fix")
    try:
        fix = Applicability(fix) if fix is not None else None
    except ValueError:
        raise rule.error(f"fix must be safe, unsafe or display, not {fix!r}", "fix") from None
    rule.name, rule.kind, rule.category, rule.severity = raw["name"], raw["kind"], raw["category"], severity
    rule.message, rule.description = raw["message"], raw["description"].strip()
    rule.why, rule.fix = str(raw.get("why", "")).strip(), fix
    preview, tags = raw.get("preview", False), raw.get("tags", [])
    if not isinstance(preview, bool):
        raise rule.error(f"preview must be true or false, not {preview!r}", "preview")
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise rule.error(f"tags must be a list of strings, not {tags!r}", "tags")
    rule.preview, rule.tags = preview, list(tags)
    allowed_fields = {"match", "suggestion", *kind.fields}
    fields = ", ".join("{" + f + "}" for f in sorted(allowed_fields))
    try:
        bad = template_fields(rule.message) - allowed_fields
    except ValueError as exc:  # a lone brace
        raise rule.error(f"message is not a valid template ({exc}; write a literal brace as {{{{ or }}}})",
                         "message") from None
    if bad:
        raise rule.error(f"message uses unknown field {{{sorted(bad)[0]}}}; this kind fills {fields}", "message")
    try:  # what the fields cannot show: "{}" or "{0}", "{match!x}", "{match:>q}"
        rule.message.format(**dict.fromkeys(allowed_fields, ""))
    except (ValueError, IndexError, KeyError, AttributeError, TypeError) as exc:
        raise rule.error(f"message is not a valid template ({type(exc).__name__}: {exc}); it may use {fields}",
                         "message") from None
    rule.examples_bad, rule.examples_good = _parse_examples(raw.get("examples"), rule)
    options = {k: v for k, v in raw.items() if k not in RULE_KEYS}
    rule.checker = kind(rule, validate_options(kind, options, rule))
    return rule


def _parse_examples(raw: Any, rule: Rule) -> tuple[list[Example], list[Example]]:
    if not isinstance(raw, dict) or not raw.get("bad") or not raw.get("good"):
        raise rule.error("needs examples with at least one 'bad' and one 'good' text", "examples")
    extra = set(raw) - {"bad", "good"}
    if extra:
        raise rule.error(f"examples take 'bad' and 'good', not {sorted(extra)[0]!r}", "examples")
    out: list[list[Example]] = []
    for key in ("bad", "good"):
        items = []
        for item in raw[key]:
            if isinstance(item, str):
                items.append(Example(item))
            elif isinstance(item, dict) and isinstance(item.get("text"), str) and set(item) <= {"text", "fixed"}:
                items.append(Example(item["text"], item.get("fixed")))
            else:
                raise rule.error(f"each {key} example is a string or {{text:, fixed:}}", "examples")
        out.append(items)
    return out[0], out[1]


def load_pack_file(path: Path) -> list[Rule]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(f"cannot read rule pack: {exc}", str(path)) from None
    data, lines = _read_cached(text, str(path))
    return _rules_of(data, lines, str(path))


def bundled_pack_files() -> list[Path]:
    root = resources.files("mtcheck.rules")
    return sorted(Path(str(p)) for p in root.iterdir() if p.name.endswith(".yaml"))


def pack_files_in(directory: Path) -> list[Path]:
    if not directory.is_dir():
        raise RuleError("rule directory not found", str(directory))
    return sorted(p for p in directory.iterdir() if p.suffix in (".yaml", ".yml"))


def load_rules(extra_dirs: list[Path] = ()) -> list[Rule]:
    """The bundled packs plus the packs in `extra_dirs`; ids and names must be unique."""
    files = bundled_pack_files() + [f for d in extra_dirs for f in pack_files_in(Path(d))]
    rules: list[Rule] = []
    seen: dict[str, Rule] = {}
    for f in files:
        for rule in load_pack_file(f):
            for key in (rule.id, rule.name):
                if key in seen:
                    other = seen[key]
                    raise rule.error(f"{key!r} is already used by {other.id} in {other.path}:{other.line}")
                seen[key] = rule
            rules.append(rule)
    share([m for rule in rules for m in rule.checker.phrase_matchers()])
    checkers = [rule.checker for rule in rules]
    for kind in {type(c) for c in checkers}:
        kind.share(checkers)
    return rules
