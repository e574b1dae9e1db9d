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

SPARQL_SHAPE = ('expected {"head": {"vars": [...]}, "results": {"bindings": [{VAR: {"value": ...}, ...}, ...]}}, '
                'as the Wikidata query service returns for format=json')


def from_wikidata(text: str, path: str, default_type: str = "person") -> list[Entry]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise GazetteerError(f"not SPARQL JSON results (invalid JSON: {exc})", path) from None
    except RecursionError:
        raise GazetteerError("not SPARQL JSON results (invalid JSON: a value is nested too deeply)", path) from None
    variables, rows = _sparql_parts(data, path)
    item = _variable(variables, lambda v: not v.endswith(("Label", "AltLabel", "Description")), path, "item")
    label = _variable(variables, lambda v: v == f"{item}Label" or v == "label", path, "label")
    alt = next((v for v in variables if v in (f"{item}AltLabel", "altLabel")), None)
    desc = next((v for v in variables if v in (f"{item}Description", "description")), None)
    country = next((v for v in variables if v in ("countryLabel", "country")), None)
    merged: dict[str, Entry] = {}
    for n, row in enumerate(rows, 1):
        _check_binding(row, n, path)
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


def _sparql_parts(data: Any, path: str) -> tuple[list[str], list]:
    """head.vars and results.bindings of SPARQL JSON results, checked for their shape."""
    def part(outer: Any, key: str, kind: type, where: str) -> Any:
        value = outer.get(key) if isinstance(outer, dict) else None
        if not isinstance(value, kind):
            wanted = "an object" if kind is dict else "a list"
            found = "missing" if value is None else f"a {_json_type(value)}, not {wanted}"
            raise GazetteerError(f"not SPARQL JSON results: {where} is {found}; {SPARQL_SHAPE}", path)
        return value

    if not isinstance(data, dict):
        raise GazetteerError(f"not SPARQL JSON results: the file holds a {_json_type(data)}, not an object; "
                             f"{SPARQL_SHAPE}", path)
    variables = part(part(data, "head", dict, "head"), "vars", list, "head.vars")
    rows = part(part(data, "results", dict, "results"), "bindings", list, "results.bindings")
    for v in variables:
        if not isinstance(v, str):
            raise GazetteerError(f"not SPARQL JSON results: head.vars holds a {_json_type(v)} ({json.dumps(v)}), "
                                 "not only variable names", path)
    return variables, rows


def _check_binding(row: Any, n: int, path: str) -> None:
    """One row of results.bindings: an object of VAR: {"value": text, ...}."""
    where = f"results.bindings row {n}"
    if not isinstance(row, dict):
        raise GazetteerError(f"{where} is a {_json_type(row)}, not an object of variables; {SPARQL_SHAPE}", path)
    for var, binding in row.items():
        if not isinstance(binding, dict):
            raise GazetteerError(f"{where}: {var!r} is a {_json_type(binding)}, not an object with a \"value\"; "
                                 f"{SPARQL_SHAPE}", path)
        value = binding.get("value", "")
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            raise GazetteerError(f"{where}: the value of {var!r} is a {_json_type(value)}, not text", path)


def _json_type(value: Any) -> str:
    """What a decoded JSON value is, in JSON's own words."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    return {str: "string", list: "list", dict: "object"}.get(type(value), type(value).__name__)


def _variable(variables: list[str], test, path: str, what: str) -> str:
    for v in variables:
        if test(v):
            return v
    raise GazetteerError(f"SPARQL results have no {what} variable (vars: {', '.join(variables)})", path)


def _value(row: dict, var: str | None) -> str:
    if not var or var not in row:
        return ""
    return str(row[var].get("value", "")).strip()


def _csv_rows(text: str, path: str):
    """(first line, cells) of each non-blank CSV row; bad quoting is a GazetteerError
    naming the line the row starts on (strict: an unclosed quote does not swallow the
    rest of the file into one cell)."""
    reader = csv.reader(io.StringIO(text), strict=True)
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "unexpected end of data" in str(exc):
                problem = 'a quoted field that starts on this line is never closed (a missing \'"\')'
            else:
                problem = f"bad CSV quoting ({exc}); a '\"' inside a quoted field is written '\"\"'"
            raise GazetteerError(problem, path, line) from None
        if cells:
            yield line, cells


def from_csv(text: str, path: str, default_type: str = "person") -> list[Entry]:
    rows = _csv_rows(text, path)
    header_line, header = next(rows, (1, []))
    unknown = [f for f in header if f not in FIELDS]
    if unknown:
        raise GazetteerError(f"unknown column {unknown[0]!r} (columns: {', '.join(FIELDS)})", path, header_line)
    if "name" not in header:
        raise GazetteerError("a CSV gazetteer needs a header row with a 'name' column", path, header_line)
    entries = []
    for line, cells in rows:
        extra = [c for c in cells[len(header):] if c.strip()]
        if extra:  # most often a comma in a name that was not quoted: "Smith, John"
            raise GazetteerError(f"{len(cells)} cells but {len(header)} columns: {extra[0]!r} has no column "
                                 '(a comma inside a value needs the value in double quotes)', path, line)
        row = dict(zip(header, cells))
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
