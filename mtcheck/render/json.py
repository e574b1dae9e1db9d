"""JSON output, version 1: the machine-readable contract.

    {"version": 1,
     "files": [{"path": str,
                "findings": [{"rule", "name", "category", "severity", "start", "end",
                              "line", "column", "end_line", "end_column", "message",
                              "suggestions"}],
                "stats": {..., "score": float}}],  # plus "error": str when the file was not checked
     "summary": {..., "score": float | null}}

"score" is the MQM-style quality score of mtcheck.score, 0-100 with two decimals: per
file, and for the run the mean of the files weighted by their word counts (null when no
file was checked).

start/end are 0-based code-point offsets into the decoded text, end exclusive;
line/column are 1-based, columns counted in code points.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass

from ..api import Report
from ..model import Finding, Severity
from ..score import ArticleScore, RunScore, article_score, run_score, run_score_of

VERSION = 1


def finding_record(f: Finding, report: Report) -> dict:
    doc = report.document
    line, column = doc.line_col(f.start)
    end_line, end_column = doc.line_col(f.end)
    return {
        "rule": f.rule, "name": f.name, "category": f.category, "severity": str(f.severity),
        "start": f.start, "end": f.end, "line": line, "column": column,
        "end_line": end_line, "end_column": end_column,
        "message": f.message, "suggestions": list(f.suggestions),
    }


def file_record(report: Report, score: float | None = None) -> dict:
    """`score`: the report's, when already worked out (render works out all of them once)."""
    if report.document is not None and score is None:
        score = report.score
    record: dict = {"path": report.path,
                    "findings": [finding_record(f, report) for f in report.findings] if report.document else [],
                    "stats": {**report.stats, "score": round(score, 2)} if report.document else report.stats}
    if report.error:
        record["error"] = report.error
    return record


def summary(reports: list[Report], run: RunScore | None = None) -> dict:
    findings = [f for r in reports for f in r.findings]
    severities = Counter(str(f.severity) for f in findings)
    score = (run or run_score(reports)).score
    return {
        "files": len(reports),
        "files_with_errors": sum(1 for r in reports if r.error),
        "findings": len(findings),
        "by_severity": {str(s): severities.get(str(s), 0) for s in Severity},
        "by_rule": dict(sorted(Counter(f.rule for f in findings).items())),
        "by_category": dict(sorted(Counter(f.category for f in findings).items())),
        "score": None if score is None else round(score, 2),
        "fixable": sum(1 for f in findings if f.fix is not None and f.fix.applicability.value == "safe"),
    }


@dataclass(frozen=True)
class FilePart:
    """A file's record as it stands in the report, and its score for the summary."""

    text: str  #: the record's JSON, laid out and indented as json.dumps(indent=2) puts it in "files"
    score: ArticleScore


def file_part(report: Report) -> FilePart:
    """Made where the file was checked (a worker, with --jobs): the parent only joins them."""
    article = article_score(report)
    text = json.dumps(file_record(report, article.score), ensure_ascii=False, indent=2)
    # JSON escapes every line break inside a string, so each "\n" here is the layout's own
    return FilePart("    " + text.replace("\n", "\n    "), article)


def render(reports: list[Report], **_: object) -> str:
    """The document json.dumps(..., indent=2) would make, byte for byte, from file parts
    made ahead (Report.parts) or here."""
    parts = [r.parts.get("json") or file_part(r) for r in reports]
    run = run_score_of([p.score for p in parts])  # every article's score, worked out once
    files = "[\n" + ",\n".join(p.text for p in parts) + "\n  ]" if parts else "[]"
    totals = json.dumps(summary(reports, run), ensure_ascii=False, indent=2).replace("\n", "\n  ")
    return f'{{\n  "version": {VERSION},\n  "files": {files},\n  "summary": {totals}\n}}\n'
