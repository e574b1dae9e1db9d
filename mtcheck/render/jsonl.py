"""JSON Lines: one JSON object per finding, one per line, written as files are done.

    {"path": str, "rule", "name", "category", "severity", "start", "end", "line", "column",
     "end_line", "end_column", "message", "suggestions"}

The finding fields are exactly those of the JSON contract (mtcheck.render.json). A file
that could not be checked gives {"path": str, "error": str}. There is no summary line.
Non-ASCII text is written as is (UTF-8), except U+2028 and U+2029, which are escaped so
that tools splitting on every Unicode line break still see one record per line.
"""
from __future__ import annotations

import json

from ..api import Report
from .json import finding_record


def _dumps(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def records(report: Report) -> list[dict]:
    if report.error:
        return [{"path": report.path, "error": report.error}]
    if report.document is None:
        return []
    return [{"path": report.path, **finding_record(f, report)} for f in report.findings]


def render(reports: list[Report], **_: object) -> str:
    return "".join(_dumps(record) + "\n" for report in reports for record in records(report))
