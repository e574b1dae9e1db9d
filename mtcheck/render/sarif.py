"""SARIF 2.1.0 output, as GitHub code scanning and other SARIF viewers read it.

One run, tool.driver "mtcheck", one result per finding. Levels: critical and major
findings are "error", minor ones "warning" (the same mapping is used for each rule's
defaultConfiguration.level and its "problem.severity" property).

Positions: SARIF counts columns in UTF-16 code units unless the run says otherwise; this
run sets "columnKind": "unicodeCodePoints", so line and column numbers are mtcheck's own
(1-based, columns in code points). charOffset and charLength likewise count code points
of the decoded text (with any byte-order mark dropped), not bytes or UTF-16 units. A
region that ends just after a line break is reported as ending on the line the break
belongs to, so endLine is always the line of the region's last character.

Locations: a relative path is given as a relative URI (POSIX separators,
percent-encoded) against the base id %SRCROOT%, the directory mtcheck ran in; an
absolute path as a file: URI.

Fixes: findings whose fix is safe or unsafe carry it as a SARIF fix; display-only fixes
do not (their suggestions are in the result's properties). Files that could not be
checked give an error notification in the invocation, which is then not successful.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from pathlib import PurePosixPath, PureWindowsPath
from urllib.parse import quote

from .. import __version__
from ..api import Report
from ..documents import Document
from ..model import Applicability, Finding, Severity

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/mtcheck/"
SRCROOT = "%SRCROOT%"
MAX_DESCRIPTION = 1024  # GitHub's limit on shortDescription and fullDescription

_LEVELS = {Severity.CRITICAL: "error", Severity.MAJOR: "error", Severity.MINOR: "warning"}


def level(severity: Severity) -> str:
    return _LEVELS[severity]


# -- locations --------------------------------------------------------------------------
def artifact_location(path: str) -> dict:
    """The artifactLocation of a reported path: a relative URI against %SRCROOT%, or a
    file: URI for an absolute path."""
    pure = PureWindowsPath(path) if os.name == "nt" else PurePosixPath(path)
    if pure.is_absolute():
        return {"uri": pure.as_uri()}
    # quote() leaves unreserved characters and "/" alone and encodes the rest, including
    # ":" (which would otherwise read as a URI scheme) and "%".
    return {"uri": quote(pure.as_posix(), safe="/"), "uriBaseId": SRCROOT}


def span_points(doc: Document, start: int, end: int) -> tuple[int, int, int, int]:
    """Start line and column, end line and column (just after the span) of text[start:end].
    A span that ends with a line break ends on the line the break belongs to, just after
    the break, rather than at column 1 of the next line."""
    start_line, start_col = doc.line_col(start)
    end_line, end_col = doc.line_col(end)
    if end > start and end_col == 1 and end_line > start_line:
        end_line -= 1
        end_col = end - doc.line_starts[end_line - 1] + 1
    return start_line, start_col, end_line, end_col


def region(doc: Document, start: int, end: int) -> dict:
    """A SARIF region for text[start:end] (code-point offsets)."""
    start_line, start_col, end_line, end_col = span_points(doc, start, end)
    return {"startLine": start_line, "startColumn": start_col, "endLine": end_line, "endColumn": end_col,
            "charOffset": start, "charLength": end - start}


# -- rules --------------------------------------------------------------------------------
def _known_rules(rules) -> dict[str, list]:
    """Rule metadata by id: the rules passed in, else those of every linter built in this
    process (so user packs loaded for the checked files are found), else the bundled ones."""
    from ..api import linter_for, used_linters
    from ..config import Config

    if rules is None:
        pool = [r for linter in used_linters() for r in linter.all_rules]
        pool += list(linter_for(Config()).all_rules)
    else:
        pool = list(rules)
    by_id: dict[str, list] = {}
    for rule in pool:
        same_id = by_id.setdefault(rule.id, [])
        if all(rule is not other for other in same_id):
            same_id.append(rule)
    return by_id


def _lookup(by_id: dict[str, list], finding: Finding):
    candidates = by_id.get(finding.rule, [])
    return next((r for r in candidates if r.name == finding.name), candidates[0] if candidates else None)


def _clip(text: str, limit: int = MAX_DESCRIPTION) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _fence(text: str) -> str:
    ticks = "`" * max(3, max((len(m) for m in re.findall(r"`+", text)), default=0) + 1)
    return f"{ticks}text\n{text.rstrip(chr(10))}\n{ticks}"


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.rstrip("\n").split("\n"))


def _help(rule) -> dict:
    description = " ".join(rule.description.split())
    why = " ".join(rule.why.split())
    text = [description]
    markdown = [description]
    if why:
        text.append(f"Why: {why}")
        markdown.append(f"**Why it matters:** {why}")
    if rule.examples_bad:
        bad = rule.examples_bad[0]
        text.append("Flagged:\n" + _indent(bad.text))
        markdown.append("**Flagged:**\n\n" + _fence(bad.text))
        if bad.fixed is not None:
            text.append("Fixed:\n" + _indent(bad.fixed) if bad.fixed.strip() else "Fixed: the text is deleted.")
            markdown.append("**Fixed:**\n\n" + _fence(bad.fixed) if bad.fixed.strip()
                            else "**Fixed:** the text is deleted.")
    if rule.examples_good:
        good = rule.examples_good[0]
        text.append("Not flagged:\n" + _indent(good.text))
        markdown.append("**Not flagged:**\n\n" + _fence(good.text))
    return {"text": "\n\n".join(text), "markdown": "\n\n".join(markdown)}


def _tags(*values: str) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def rule_descriptor(rule, finding: Finding) -> dict:
    """A reportingDescriptor from rule metadata, or from the finding alone when the rule
    is not known here."""
    if rule is None:
        about = f"{finding.rule} ({finding.name}), category {finding.category}."
        return {"id": finding.rule, "name": finding.name,
                "shortDescription": {"text": _clip(finding.name)}, "fullDescription": {"text": _clip(about)},
                "help": {"text": about, "markdown": about},
                "defaultConfiguration": {"level": level(finding.severity)},
                "properties": {"tags": _tags(finding.category), "problem.severity": level(finding.severity)}}
    return {"id": rule.id, "name": rule.name,
            "shortDescription": {"text": _clip(rule.summary or rule.name)},
            "fullDescription": {"text": _clip(rule.description or rule.name)},
            "help": _help(rule),
            "defaultConfiguration": {"level": level(rule.severity)},
            "properties": {"tags": _tags(rule.category, *rule.tags), "problem.severity": level(rule.severity),
                           "kind": rule.kind}}


# -- results ------------------------------------------------------------------------------
def _describe(fix_edits, applicability: Applicability, text: str) -> str:
    parts = []
    for e in fix_edits:
        old = text[e.start:e.end]
        if e.start == e.end:
            parts.append(f"insert “{e.replacement}”")
        elif e.replacement == "":
            parts.append(f"delete “{old.strip() or old}”")
        else:
            parts.append(f"replace “{old}” with “{e.replacement}”")
    description = "; ".join(parts)
    description = description[:1].upper() + description[1:]
    if applicability is Applicability.UNSAFE:
        description += " (unsafe: review before applying)"
    return description


def _fixes(f: Finding, doc: Document, location: dict) -> list[dict]:
    if f.fix is None or f.fix.applicability not in (Applicability.SAFE, Applicability.UNSAFE):
        return []
    edits = sorted(f.fix.edits)
    replacements = [{"deletedRegion": region(doc, e.start, e.end), "insertedContent": {"text": e.replacement}}
                    for e in edits]
    return [{"description": {"text": _describe(edits, f.fix.applicability, doc.text)},
             "artifactChanges": [{"artifactLocation": dict(location), "replacements": replacements}],
             "properties": {"applicability": f.fix.applicability.value}}]


def fingerprint(f: Finding, doc: Document) -> str:
    """A hash of the rule id, the matched text and the text of the line it starts on
    (whitespace collapsed), so the same problem keeps its identity when lines move."""
    line = doc.line_of(f.start)
    parts = (f.rule, doc.text[f.start:f.end], " ".join(doc.text[line.start:line.end].split()))
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:32]


def _results(report: Report, doc: Document, rule_index: dict[str, int], artifact_index: int) -> list[dict]:
    location = {**artifact_location(report.path), "index": artifact_index}
    seen: Counter[str] = Counter()
    out = []
    for f in report.findings:
        digest = fingerprint(f, doc)
        seen[digest] += 1  # the same problem twice on one line stays two results
        result = {
            "ruleId": f.rule, "ruleIndex": rule_index[f.rule], "level": level(f.severity),
            "message": {"text": f.message},
            "locations": [{"physicalLocation": {"artifactLocation": location,
                                                "region": region(doc, f.start, f.end)}}],
            "partialFingerprints": {"primaryLocationLineHash": f"{digest}:{seen[digest]}"},
            "properties": {"severity": str(f.severity), "category": f.category, "suggestions": list(f.suggestions)},
        }
        fixes = _fixes(f, doc, location)
        if fixes:
            result["fixes"] = fixes
        out.append(result)
    return out


def render(reports: list[Report], *, rules=None, **_: object) -> str:
    findings = [f for r in reports for f in r.findings]
    by_id = _known_rules(rules) if findings else {}
    # Only the rules that produced a finding are listed: the renderer cannot know which
    # rules were selected for the run, so listing every rule would claim checks that may
    # not have run, and it keeps the log small. Sorted by id, so ruleIndex is stable.
    first: dict[str, Finding] = {}
    for f in findings:
        first.setdefault(f.rule, f)
    descriptors = [rule_descriptor(_lookup(by_id, first[i]), first[i]) for i in sorted(first)]
    rule_index = {d["id"]: n for n, d in enumerate(descriptors)}

    artifacts: list[dict] = []
    artifact_index: dict[str, int] = {}
    results: list[dict] = []
    notifications: list[dict] = []
    for report in reports:
        location = artifact_location(report.path)
        key = json.dumps(location, sort_keys=True)
        if key not in artifact_index:
            artifact_index[key] = len(artifacts)
            artifacts.append({"location": location})
        if report.error:
            notifications.append({
                "level": "error", "message": {"text": f"{report.path}: {report.error}"},
                "locations": [{"physicalLocation": {"artifactLocation": {**location,
                                                                         "index": artifact_index[key]}}}]})
            continue
        if report.document is not None:
            results.extend(_results(report, report.document, rule_index, artifact_index[key]))

    invocation: dict = {"executionSuccessful": not notifications}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    run = {
        "tool": {"driver": {"name": "mtcheck", "version": __version__, "semanticVersion": __version__,
                            "informationUri": INFORMATION_URI, "rules": descriptors}},
        "invocations": [invocation],
        "artifacts": artifacts,
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    log = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
