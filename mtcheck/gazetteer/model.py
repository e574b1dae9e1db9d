"""Gazetteer entries and the files that hold them.

A gazetteer is a YAML list (hand-kept) or a JSON Lines file (machine-made, for large
ones) of entries:

    - name: Guy Parmelin                 # canonical spelling, as wire services write it
      type: person                       # person | place | organization
      role: President of the Swiss Confederation (2021)
      country: Switzerland
      aliases: [Guy Parmelin]            # other correct spellings and short forms
      misspellings: [Guy Parmelan]       # known wrong forms: always flagged
      context: [Federal Council, Swiss]  # words likely near a mention
      wikidata: Q123                     # optional
      from: 2021                         # optional years (or dates) of the role
      until: 2021
"""
from __future__ import annotations

import json
import re
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import MtcheckError
from ..kinds.base import did_you_mean

TYPES = ("person", "place", "organization")
FIELDS = ("name", "type", "role", "country", "aliases", "misspellings", "context", "wikidata", "from", "until")
_WIKIDATA = re.compile(r"^Q[1-9]\d*$")


class GazetteerError(MtcheckError):
    pass


@dataclass
class Entry:
    name: str
    type: str = "person"
    role: str = ""
    country: str = ""
    aliases: list[str] = field(default_factory=list)
    misspellings: list[str] = field(default_factory=list)
    context: list[str] = field(default_factory=list)
    wikidata: str = ""
    start: str = ""  # "from" in files
    until: str = ""

    def to_record(self) -> dict[str, Any]:
        """The file form: empty fields left out, `start` written as `from`. (Built by
        hand: dataclasses.asdict deep-copies, which dominated building a large index.)"""
        out: dict[str, Any] = {"name": self.name, "type": self.type}
        for key, value in (("role", self.role), ("country", self.country), ("aliases", self.aliases),
                           ("misspellings", self.misspellings), ("context", self.context),
                           ("wikidata", self.wikidata), ("from", self.start), ("until", self.until)):
            if value:
                out[key] = value
        return out

    @property
    def forms(self) -> list[str]:
        return [self.name, *self.aliases]


def validate_record(raw: Any, path: str, line: int | None) -> Entry:
    """One entry from a file, with errors that name the file, line and field."""
    if not isinstance(raw, dict):
        raise GazetteerError("each entry must be a mapping with at least 'name'", path, line)
    unknown = [k for k in raw if k not in FIELDS]
    if unknown:
        raise GazetteerError(f"unknown field {unknown[0]!r}" + did_you_mean(unknown[0], FIELDS), path, line)
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise GazetteerError("field 'name' must be a non-empty string", path, line)
    kind = raw.get("type", "person")
    if kind not in TYPES:
        raise GazetteerError(f"field 'type' must be one of {', '.join(TYPES)}, not {kind!r}", path, line)
    values: dict[str, Any] = {"name": " ".join(name.split()), "type": kind}
    for key in ("role", "country", "wikidata", "from", "until"):
        value = raw.get(key)
        if value is None:
            continue
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            raise GazetteerError(f"field {key!r} must be text", path, line)
        values["start" if key == "from" else key] = str(value).strip()
    if values.get("wikidata") and not _WIKIDATA.match(values["wikidata"]):
        raise GazetteerError(f"field 'wikidata' must look like Q42, not {values['wikidata']!r}", path, line)
    for key in ("aliases", "misspellings", "context"):
        value = raw.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise GazetteerError(f"field {key!r} must be a list of non-empty strings", path, line)
        values[key] = [" ".join(v.split()) for v in value]
    entry = Entry(**values)
    clash = set(entry.misspellings) & set(entry.forms)
    if clash:
        raise GazetteerError(f"{sorted(clash)[0]!r} is listed both as correct and as a misspelling", path, line)
    return entry


def read_entries(path: Path) -> list[Entry]:
    """Entries of a .yaml/.yml or .jsonl gazetteer file."""
    shown = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise GazetteerError(f"cannot read gazetteer: {exc}", shown) from None
    if path.suffix == ".jsonl":
        entries = []
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
            except json.JSONDecodeError as exc:
                raise GazetteerError(f"invalid JSON: {exc.msg}", shown, n) from None
            except RecursionError:
                raise GazetteerError("invalid JSON: a value is nested too deeply", shown, n) from None
            entries.append(validate_record(raw, shown, n))
        return entries
    if path.suffix not in (".yaml", ".yml"):
        raise GazetteerError("a gazetteer is a .yaml, .yml or .jsonl file", shown)
    from ..yamlio import load_with_nodes  # PyYAML is imported only for YAML gazetteers

    data, node = load_with_nodes(text, shown, GazetteerError)
    if data is None:
        return []
    if not isinstance(data, list):
        raise GazetteerError("a gazetteer is a list of entries", shown, 1)
    return [validate_record(raw, shown, item.start_mark.line + 1) for raw, item in zip(data, node.value)]


def write_entries(entries: list[Entry], path: Path) -> None:
    """Write YAML or JSON Lines (by suffix), atomically: a problem is a GazetteerError
    naming `path` (not the temporary file beside it, which is removed)."""
    tmp = path.with_name(path.name + ".tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            if path.suffix == ".jsonl":
                for e in entries:
                    f.write(json.dumps(e.to_record(), ensure_ascii=False) + "\n")
            else:
                import yaml

                yaml.safe_dump([e.to_record() for e in entries], f, allow_unicode=True, sort_keys=False, width=100)
        tmp.replace(path)
    except OSError as exc:
        with suppress(OSError):
            tmp.unlink(missing_ok=True)
        folder = path.parent
        if not folder.exists():
            reason = f"its folder {str(folder)!r} does not exist"
        elif not folder.is_dir():
            reason = f"{str(folder)!r} is not a folder"
        else:
            reason = exc.strerror or str(exc)
        raise GazetteerError(f"cannot write the gazetteer: {reason}", str(path)) from None


def check_entries(entries: list[Entry], path: str) -> list[str]:
    """Problems that are not about one entry alone: a form used by two entries."""
    problems = []
    owner: dict[str, str] = {}
    for e in entries:
        for form in e.forms + e.misspellings:
            key = form.casefold()
            if key in owner and owner[key] != e.name:
                problems.append(f"{path}: {form!r} belongs to both {owner[key]!r} and {e.name!r}")
            owner.setdefault(key, e.name)
    return problems
