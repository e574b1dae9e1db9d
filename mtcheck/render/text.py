"""Human-readable output in the style of ruff: a header line per finding, the source
line with the span underlined, the suggestion, and a summary with counts by severity."""
from __future__ import annotations

import re
from collections import Counter
from typing import Any

from ..api import Report
from ..model import Applicability, Finding, Severity

_COLORS = {Severity.CRITICAL: "\033[1;35m", Severity.MAJOR: "\033[1;31m", Severity.MINOR: "\033[33m"}
_BOLD, _DIM, _CYAN, _RESET = "\033[1m", "\033[2m", "\033[36m", "\033[0m"
WINDOW = 100  # characters of a long line shown around a finding


class Paint:
    def __init__(self, enabled: bool):
        self.enabled = enabled

    def __call__(self, text: str, code: str) -> str:
        return f"{code}{text}{_RESET}" if self.enabled else text


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def shown_path(path: str) -> str:
    """The path on one line: a line break or other control character in a file name is
    shown escaped (\\n, \\x1b), so that one finding stays one line for grep and editors."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), path)


def _excerpt(line_text: str, col: int, width: int) -> tuple[str, int]:
    """Cut a long line down to a window around the span; return text and new column."""
    if len(line_text) <= WINDOW:
        return line_text, col
    left = max(0, min(col - WINDOW // 3, len(line_text) - WINDOW))
    right = min(len(line_text), left + WINDOW)
    text = line_text[left:right]
    prefix = "…" if left else ""
    return prefix + text + ("…" if right < len(line_text) else ""), col - left + len(prefix)


def describe_suggestion(s: str) -> str:
    return "delete it" if s == "" else f"“{s}”"


def render_finding(f: Finding, report: Report, paint: Paint, concise: bool = False) -> str:
    doc = report.document
    line, col = doc.line_col(f.start)
    end_line, _ = doc.line_col(f.end)
    sev = paint(str(f.severity), _COLORS[f.severity])
    head = f"{paint(shown_path(report.path), _BOLD)}:{line}:{col}: {paint(f.rule, _BOLD)} [{sev}] {f.message}"
    if concise:
        return head
    ln = doc.lines[line - 1]
    line_text = doc.text[ln.start:ln.end].replace("\t", " ")
    width = (f.end if end_line == line else ln.end) - f.start
    shown, shown_col = _excerpt(line_text, col - 1, max(1, width))
    gutter = " " * len(str(line))
    out = [head, f"{gutter} {paint('|', _CYAN)}",
           f"{paint(str(line), _CYAN)} {paint('|', _CYAN)} {shown}",
           f"{gutter} {paint('|', _CYAN)} {' ' * shown_col}{paint('^' * max(1, min(width, len(shown) - shown_col)), _COLORS[f.severity])}"]
    if f.suggestions:
        label = "suggestion" if len(f.suggestions) == 1 else "suggestions"
        out.append(f"{gutter} = {label}: " + ", ".join(describe_suggestion(s) for s in f.suggestions[:5]))
    if f.fix is not None and f.fix.applicability is not Applicability.DISPLAY:
        how = "--fix" if f.fix.applicability is Applicability.SAFE else "--unsafe-fixes"
        out.append(f"{gutter} = {paint('fixable', _DIM)} with {how}")
    return "\n".join(out)


def render(reports: list[Report], *, color: bool = False, quiet: bool = False, concise: bool = False,
           fail_on: Severity = Severity.MAJOR, fixes: tuple[int, int] | None = None, **_: object) -> str:
    paint = Paint(color)
    blocks = []
    for report in reports:
        if report.error:
            blocks.append(f"{paint(shown_path(report.path), _BOLD)}: {paint('error', _COLORS[Severity.MAJOR])}: "
                          f"{report.error}")
            continue
        for f in report.findings:
            blocks.append(render_finding(f, report, paint, concise))
    findings = [f for r in reports for f in r.findings]
    if not quiet:
        summary_text = summary(reports, findings, paint, fail_on)
        if fixes is not None:
            applied, files = fixes
            summary_text = (f"Fixed {applied} finding{'s' if applied != 1 else ''} in {files} "
                            f"file{'s' if files != 1 else ''}; {len(findings)} remaining.\n") + summary_text
        blocks.append(summary_text)
    sep = "\n" if concise else "\n\n"
    return sep.join(blocks) + "\n" if blocks else ""


def summary(reports: list[Report], findings: list[Finding], paint: Paint, fail_on: Severity) -> str:
    files = len(reports)
    noun = "file" if files == 1 else "files"
    if not findings:
        text = f"No findings in {files} {noun}."
    else:
        counts = Counter(f.severity for f in findings)
        parts = ", ".join(paint(f"{counts[s]} {s}", _COLORS[s]) for s in sorted(counts, reverse=True))
        text = f"Found {len(findings)} finding{'s' if len(findings) != 1 else ''} ({parts}) in {files} {noun}."
        safe = sum(1 for f in findings if f.fix and f.fix.applicability is Applicability.SAFE)
        unsafe = sum(1 for f in findings if f.fix and f.fix.applicability is Applicability.UNSAFE)
        if safe:
            text += f"\n{safe} fixable with --fix."
        if unsafe:
            text += f" {unsafe} more with --unsafe-fixes."
    errors = sum(1 for r in reports if r.error)
    if errors:
        text += f"\n{errors} {'file' if errors == 1 else 'files'} could not be checked."
    return text


def render_concise(reports: list[Report], **options: Any) -> str:
    """One line a finding, without the source excerpt."""
    return render(reports, concise=True, **options)
