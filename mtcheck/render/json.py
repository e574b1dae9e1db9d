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

from ..api import Report
from ..model import Finding, Severity
from ..score import RunScore, run_score

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


def render(reports: list[Report], **_: object) -> str:
    run = run_score(reports)  # every article's score, worked out once for its record and the summary
    data = {"version": VERSION, "files": [file_record(r, a.score) for r, a in zip(reports, run.articles)],
            "summary": summary(reports, run)}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
