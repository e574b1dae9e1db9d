"""GitHub Actions workflow commands: one annotation per finding.

    ::error file=PATH,line=L,col=C,endLine=EL,endColumn=EC,title=MT101 comment-form-boilerplate::MESSAGE

critical and major findings are `::error`, minor ones `::warning`. Columns are 1-based
code points; endColumn is the column just after the span. The runner drops col and
endColumn when line and endLine differ, so a span over several lines is given by its
lines only, and a span that takes in a line break ends at the end of its line. A file
that could not be checked is `::error file=PATH::ERROR`.

Escaping follows the runner: in the message % -> %25, CR -> %0D, LF -> %0A; in property
values also : -> %3A and , -> %2C. Unless quiet, the text summary follows as plain lines,
which the runner shows in the log and otherwise ignores.
"""
from __future__ import annotations

from ..api import Report
from ..documents import Document
from ..model import Finding, Severity
from . import text
from .sarif import span_points

_COMMANDS = {Severity.CRITICAL: "error", Severity.MAJOR: "error", Severity.MINOR: "warning"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **properties: object) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items() if value is not None)
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}"


def _position(f: Finding, doc: Document) -> dict:
    line, col, end_line, end_col = span_points(doc, f.start, f.end)
    if end_line != line:
        return {"line": line, "endLine": end_line}
    shown = doc.lines[line - 1]
    end_col = min(end_col, max(col, shown.end - shown.start + 1))  # not past the line's last character
    return {"line": line, "col": col, "endLine": end_line, "endColumn": end_col}


def render_finding(f: Finding, report: Report, doc: Document) -> str:
    return command(_COMMANDS[f.severity], f.message, file=report.path, **_position(f, doc),
                   title=f"{f.rule} {f.name}")


def render(reports: list[Report], *, quiet: bool = False, fail_on: Severity = Severity.MAJOR, **_: object) -> str:
    lines = []
    for report in reports:
        if report.error:
            lines.append(command("error", report.error, file=report.path))
        elif report.document is not None:
            lines.extend(render_finding(f, report, report.document) for f in report.findings)
    if not quiet:
        findings = [f for r in reports for f in r.findings]
        lines.append(text.summary(reports, findings, text.Paint(False), fail_on))
    return "\n".join(lines) + "\n" if lines else ""
