"""Building a newsroom gazetteer from Wikidata query results or a spreadsheet.

Wikidata: the SPARQL JSON results format (what the query service returns for
`format=json`), with one variable for the item and label-service variables for its
label, alternative labels (comma-separated), description and, optionally, country:

    SELECT ?item ?itemLabel ?itemAltLabel ?itemDescription ?countryLabel WHERE { ... }

CSV: a header row naming fields of the gazetteer format (name is required); list
fields (aliases, misspellings, context) separate their items with "|".
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from .model import FIELDS, Entry, GazetteerError, validate_record


def from_wikidata(text: str, path: str, default_type: str = "person") -> list[Entry]:
    try:
        data = json.loads(text)
        variables = data["head"]["vars"]
        rows = data["results"]["bindings"]
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise GazetteerError(f"not SPARQL JSON results ({exc}); expected head.vars and results.bindings",
                             path) from None
    item = _variable(variables, lambda v: not v.endswith(("Label", "AltLabel", "Description")), path, "item")
    label = _variable(variables, lambda v: v == f"{item}Label" or v == "label", path, "label")
    alt = next((v for v in variables if v in (f"{item}AltLabel", "altLabel")), None)
    desc = next((v for v in variables if v in (f"{item}Description", "description")), None)
    country = next((v for v in variables if v in ("countryLabel", "country")), None)
    merged: dict[str, Entry] = {}
    for n, row in enumerate(rows, 1):
        qid = _value(row, item).rsplit("/", 1)[-1]
        name = _value(row, label)
        if not name or name == qid:  # no English label
            continue
        record: dict[str, Any] = {"name": name, "type": default_type}
        if qid.startswith("Q") and qid[1:].isdigit():
            record["wikidata"] = qid
        if desc and _value(row, desc):
            record["role"] = _value(row, desc)
        if country and _value(row, country):
            record["country"] = _value(row, country)
        aliases = [a.strip() for a in _value(row, alt).split(",")] if alt else []
        record["aliases"] = [a for a in dict.fromkeys(aliases) if a and a != name]
        entry = validate_record(record, path, n)
        previous = merged.get(qid or name)
        if previous is None:
            merged[qid or name] = entry
        else:  # the same item on several rows (several countries, say): keep the union of aliases
            previous.aliases = list(dict.fromkeys(previous.aliases + entry.aliases))
    return list(merged.values())


def _variable(variables: list[str], test, path: str, what: str) -> str:
    for v in variables:
        if test(v):
            return v
    raise GazetteerError(f"SPARQL results have no {what} variable (vars: {', '.join(variables)})", path)


def _value(row: dict, var: str | None) -> str:
    if not var or var not in row:
        return ""
    return str(row[var].get("value", "")).strip()


def from_csv(text: str, path: str, default_type: str = "person") -> list[Entry]:
    reader = csv.DictReader(io.StringIO(text))
    unknown = [f for f in reader.fieldnames or [] if f not in FIELDS]
    if unknown:
        raise GazetteerError(f"unknown column {unknown[0]!r} (columns: {', '.join(FIELDS)})", path, 1)
    if not reader.fieldnames or "name" not in reader.fieldnames:
        raise GazetteerError("a CSV gazetteer needs a header row with a 'name' column", path, 1)
    entries = []
    for row in reader:
        line = reader.line_num
        record: dict[str, Any] = {k: v.strip() for k, v in row.items() if k and v and v.strip()}
        record.setdefault("type", default_type)
        for key in ("aliases", "misspellings", "context"):
            if key in record:
                record[key] = [x.strip() for x in record[key].split("|") if x.strip()]
        entries.append(validate_record(record, path, line))
    return entries


IMPORTERS = {"wikidata": from_wikidata, "csv": from_csv}


def import_file(source: Path, fmt: str, default_type: str = "person") -> list[Entry]:
    try:
        text = source.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise GazetteerError(f"cannot read: {exc}", str(source)) from None
    return IMPORTERS[fmt](text, str(source), default_type)
