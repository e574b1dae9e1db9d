"""The editor's report: one self-contained HTML file for one or many articles.

The page holds an index of the articles with their MQM-style scores and counts, then
each article: its scores and readability figures, its text with every finding
highlighted (colour, underline style and a numbered symbol per severity, so nothing
depends on colour alone), the findings grouped by MQM category, a detail panel with the
message, the rule's explanation and the suggestions, and a "repaired text" view with the
safe fixes applied, as `mtcheck check --fix` would write it, to copy or download.

Everything is inline (CSS, script, data) and the page loads nothing: a
Content-Security-Policy allows only inline style and script. Article text, messages,
suggestions and paths are HTML-escaped; the finding data travels as JSON in a
<script type="application/json"> block with "<", ">" and "&" written as \\u escapes, and
the script writes it into the page with textContent only.

Options (all optional): `rules`, rule metadata as {id: Rule} or an iterable of rules
(default: the rules the articles' configurations load); `config`, a Config or a function
from a report's path to its Config, used to re-check while applying fixes (default: the
configuration discovered from the file's folder); `title`, the page title.
"""
from __future__ import annotations

import difflib
import html
import json
import os
import re
from collections.abc import Callable, Iterable
from itertools import pairwise
from pathlib import Path, PurePath
from typing import Any

from .. import __version__
from ..api import Report
from ..model import Applicability, Edit, Finding, Severity
from ..score import ArticleScore, format_score, mqm_root, run_score

SYMBOL = {Severity.CRITICAL: "◆", Severity.MAJOR: "▲", Severity.MINOR: "●"}
UNDERLINE = {Severity.CRITICAL: "double underline", Severity.MAJOR: "solid underline",
             Severity.MINOR: "dotted underline"}
MQM_ORDER = ("Accuracy", "Fluency", "Style", "Terminology", "Locale convention", "Design and markup",
             "Non-translation", "Other")
READABILITY = (
    ("flesch_reading_ease", "Flesch reading ease", "0–100, higher is easier; plain English is 60–70"),
    ("flesch_kincaid_grade", "Flesch–Kincaid grade", "US school grade needed to read it"),
    ("gunning_fog", "Gunning fog", "years of schooling needed to read it"),
    ("smog_index", "SMOG", "years of schooling needed to read it"),
    ("coleman_liau_index", "Coleman–Liau", "US school grade, from letters per word"),
    ("automated_readability_index", "ARI", "US school grade, from characters per word"),
)
CSP = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; "
       "base-uri 'none'; form-action 'none'")
_TOKEN = re.compile(r"\s+|[^\W_]+|.", re.DOTALL)


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def script_json(data: object) -> str:
    """JSON safe inside a <script> element: no "<" (so no "</script" or "<!--"), no ">" or "&"."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# -- inputs ------------------------------------------------------------------------------
def _config_getter(option: Any) -> Callable[[str], Any]:
    from ..api import config_for
    from ..config import Config

    if callable(option):
        return option
    if option is not None:
        return lambda _path: option

    def discovered(path: str):
        p = Path(path)
        return config_for(p, None, {}) if p.exists() else Config()

    return discovered


def _rule_table(option: Any, configs: Iterable[Any]) -> dict[str, Any]:
    if option is not None:
        return dict(option) if isinstance(option, dict) else {r.id: r for r in option}
    from ..api import linter_for
    from ..config import Config
    from ..errors import MtcheckError

    table: dict[str, Any] = {}
    for config in [Config(), *configs]:
        try:
            rules = linter_for(config).all_rules
        except MtcheckError:  # a broken configuration: the check itself has said so
            rules = ()
        for rule in rules:
            table.setdefault(rule.id, rule)
    return table


def repaired_text(report: Report, config: Any) -> tuple[str, int]:
    """The article with its safe fixes applied, exactly as `mtcheck check --fix` writes it:
    passes of non-overlapping fixes, re-checking in between, until none applies."""
    fixed, applied, _ = _repair(report, config)
    return fixed, applied


#: a region of the repaired text that fixes changed: original[o0:o1] became fixed[f0:f1]
Region = tuple[int, int, int, int]


def _repair(report: Report, config: Any) -> tuple[str, int, list[Region] | None]:
    """repaired_text, and the regions the fixes changed (None if they could not be traced)."""
    from ..api import findings_for
    from ..documents import make_document
    from ..fixes import fix_until_stable

    original = report.document.text
    if not any(f.fix and f.fix.applicability is Applicability.SAFE for f in report.findings):
        return original, 0, []
    passes: list[tuple[str, list[Finding]]] = []  # each pass's text and the findings it fixed

    def check(text: str) -> list[Finding]:
        if text == original:  # the first pass: the findings we already have
            findings = report.findings
        else:
            findings = findings_for(make_document(text, report.path), config)
        passes.append((text, findings))
        return findings

    fixed, applied = fix_until_stable(original, check)
    return fixed, applied, _changed_regions(passes, fixed)


def _changed_regions(passes: list[tuple[str, list[Finding]]], fixed: str) -> list[Region] | None:
    """Follow the edits of every pass from the original text to the fixed one: the regions
    they changed, sorted and apart, in both texts' offsets. Each pass's edits are chosen as
    fixes.apply_once chooses them, and checked against the text that pass produced: None
    when they do not give it, or overlap one another."""
    from ..fixes import _overlap, apply_edits, taken_edits

    regions: list[Region] = []
    for k, (text, findings) in enumerate(passes):
        after = passes[k + 1][0] if k + 1 < len(passes) else fixed
        edits, _ = taken_edits(findings)
        if any(_overlap(a, b) for a, b in pairwise(edits)) or apply_edits(text, edits) != after:
            return None  # a fix whose own edits overlap, or apply_once chose differently
        regions = _compose(regions, edits)
    return regions


def _compose(regions: list[Region], edits: list[Edit]) -> list[Region]:
    """The changed regions after one more pass of edits (in the current text's offsets).
    Outside the regions the current text equals the original, shifted by the offset
    difference of the region before; an edit that meets a region joins it."""
    items = sorted([(c0, c1, (o0, o1)) for o0, o1, c0, c1 in regions]
                   + [(e.start, e.end, e) for e in edits], key=lambda item: (item[0], item[1]))
    out: list[Region] = []
    delta = 0  # current minus original offset, left of the group being built
    shift = 0  # new minus current offset: what this pass's edits before the group added
    i = 0
    while i < len(items):
        start, end = items[i][0], items[i][1]
        after_delta, grow = delta, 0
        while i < len(items) and items[i][0] <= end:
            s, e, what = items[i]
            end = max(end, e)
            if isinstance(what, Edit):
                grow += len(what.replacement) - (e - s)
            else:
                after_delta = e - what[1]
            i += 1
        out.append((start - delta, end - after_delta, start + shift, end + shift + grow))
        delta, shift = after_delta, shift + grow
    return out


# -- the annotated text --------------------------------------------------------------------
def _mark_open(i: int, f: Finding, depth: int, head: bool) -> str:
    sev = str(f.severity)
    label = f"{SYMBOL[f.severity]}{i + 1} {sev} · {f.rule} {f.name}: {f.message}"
    return (f'<mark class="hl sev-{sev} d{min(depth, 3)}{" hl-head" if head else ""}" data-finding="{i}" '
            f'tabindex="0" role="button" title="{esc(label)}">')


def _tail(i: int, f: Finding) -> str:
    return f'<sup class="mk" aria-hidden="true" data-mark="{SYMBOL[f.severity]}{i + 1}"></sup>'


def annotate(text: str, findings: list[Finding]) -> str:
    """The text, escaped, with a <mark data-finding=i> per finding. Nested findings nest;
    findings that cross are split into several marks with the same data-finding (the
    first has the class hl-head); an empty span gets an empty mark."""
    starts: dict[int, list[int]] = {}
    ends: dict[int, list[int]] = {}
    zero: dict[int, list[int]] = {}
    size = len(text)
    for i, f in enumerate(findings):
        start, end = max(0, min(f.start, size)), max(0, min(f.end, size))
        if end <= start:
            zero.setdefault(start, []).append(i)
            continue
        starts.setdefault(start, []).append(i)
        ends.setdefault(end, []).append(i)
    out: list[str] = []
    stack: list[int] = []
    pos = 0
    for p in sorted({0, size, *starts, *ends, *zero}):
        out.append(esc(text[pos:p]))
        pos = p
        closing = set(ends.get(p, ()))
        reopen: list[int] = []
        while closing:
            j = stack.pop()
            if j in closing:
                out.append(_tail(j, findings[j]) + "</mark>")
                closing.discard(j)
            else:
                out.append("</mark>")
                reopen.append(j)
        for j in reversed(reopen):
            out.append(_mark_open(j, findings[j], len(stack), False))
            stack.append(j)
        for j in zero.get(p, ()):
            out.append(_mark_open(j, findings[j], len(stack), True).replace('class="hl ', 'class="hl zero ', 1)
                       + _tail(j, findings[j]) + "</mark>")
        for j in sorted(starts.get(p, ()), key=lambda k: (-findings[k].end, k)):
            out.append(_mark_open(j, findings[j], len(stack), True))
            stack.append(j)
    return "".join(out)


_SPACE = re.compile(r"\s")
_WORD = re.compile(r"[^\W_]")
#: beyond this many token pairs a changed region is shown whole rather than diffed
DIFF_LIMIT = 4_000_000


def _kind(char: str) -> int:
    return 0 if _SPACE.match(char) else 1 if _WORD.match(char) else 2


def _boundary(text: str, pos: int) -> bool:
    """Whether a _TOKEN token starts or ends at pos: the kind of character changes there,
    or both sides are other characters (each a token of its own)."""
    if pos <= 0 or pos >= len(text):
        return True
    before, after = _kind(text[pos - 1]), _kind(text[pos])
    return before != after or before == 2


def _token_regions(original: str, fixed: str, regions: list[Region]) -> list[Region]:
    """The changed regions widened to whole tokens in both texts (joining those that meet),
    so the tokens of the text between them are the same in both texts and a region's own
    tokens are those of the whole text."""
    out: list[Region] = []
    pending = list(reversed(regions))
    while pending:
        o0, o1, f0, f1 = pending.pop()
        low = out[-1][1] if out else 0
        while o0 > low and not (_boundary(original, o0) and _boundary(fixed, f0)):
            o0, f0 = o0 - 1, f0 - 1
        if out and o0 <= low:  # met the region before: one region
            o0, _, f0, _ = out.pop()
        while True:
            high = pending[-1][0] if pending else len(original)
            while o1 < high and not (_boundary(original, o1) and _boundary(fixed, f1)):
                o1, f1 = o1 + 1, f1 + 1
            if not pending or o1 < high:
                break
            _, o1, _, f1 = pending.pop()  # met the next region: one region
        out.append((o0, o1, f0, f1))
    return out


def _change_html(gone: str, new: str) -> str:
    """What the fixes did where `gone` became `new`: the inserted text in <ins> (not when it
    is only white space), and a deletion marker when nothing but white space replaced it."""
    out = ""
    if gone and not new.strip():
        out += f'<span class="del" title="{esc("deleted: " + gone.strip())}"></span>'
    if new:
        out += f'<ins>{esc(new)}</ins>' if new.strip() else esc(new)
    return out


def _diff_html(a: list[str], b: list[str]) -> str:
    """Two token lists as equal text and changes, by difflib."""
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        new = "".join(b[j1:j2])
        out.append(esc(new) if op == "equal" else _change_html("".join(a[i1:i2]), new))
    return "".join(out)


def _repaired_html(original: str, fixed: str, regions: list[Region] | None = None) -> str:
    """The repaired text, escaped, with what the fixes inserted in <ins> and a marker
    (generated content only, so it is not copied) where they deleted text.

    Only the regions the fixes changed are diffed, token by token; the text between them
    is copied, so the cost grows with the article, not with its square. Without regions
    (the fixes could not be traced) the one region between the texts' common beginning and
    end is diffed instead."""
    if original == fixed:
        return esc(fixed)
    if regions is None:
        head = len(os.path.commonprefix([original, fixed]))
        tail = len(os.path.commonprefix([original[head:][::-1], fixed[head:][::-1]]))
        regions = [(head, len(original) - tail, head, len(fixed) - tail)]
    out: list[str] = []
    pos = 0
    for o0, o1, f0, f1 in _token_regions(original, fixed, regions):
        out.append(esc(original[pos:o0]))
        gone, new = original[o0:o1], fixed[f0:f1]
        a, b = _TOKEN.findall(gone), _TOKEN.findall(new)
        out.append(_diff_html(a, b) if len(a) * len(b) <= DIFF_LIMIT else _change_html(gone, new))
        pos = o1
    out.append(esc(original[pos:]))
    return "".join(out)


# -- pieces of the page --------------------------------------------------------------------
def _band(score: float | None) -> str:
    if score is None:
        return "none"
    return "good" if score >= 90 else "fair" if score >= 70 else "poor"


def _severity_chips(counts: dict[str, int], compact: bool = False) -> str:
    chips = []
    for sev in sorted(Severity, reverse=True):
        n = counts.get(str(sev), 0)
        if compact and not n:
            continue
        label = f"{n}" if compact else f"{n} {sev}"
        chips.append(f'<span class="chip sev-{sev}{" zero-count" if not n else ""}" title="{sev}">'
                     f'<span class="sym" aria-hidden="true">{SYMBOL[sev]}</span> {label}'
                     f'{"" if not compact else f"<span class=sr> {sev}</span>"}</span>')
    return "".join(chips)


def _score_block(score: float | None, caption: str) -> str:
    width = 0 if score is None else max(0.0, min(100.0, score))
    return (f'<div class="score band-{_band(score)}"><div class="score-label">Quality score</div>'
            f'<div class="score-num">{format_score(score)}<span class="of">/100</span></div>'
            f'<div class="meter" aria-hidden="true"><span style="width:{width:.1f}%"></span></div>'
            f'<div class="score-cap">{esc(caption)}</div></div>')


def _legend() -> str:
    items = "".join(f'<li><mark class="hl sev-{s} d0 demo">{s}<sup class="mk" data-mark="{SYMBOL[s]}1"></sup></mark>'
                    f' <span>{UNDERLINE[s]}, {_points(s)}</span></li>' for s in sorted(Severity, reverse=True))
    return f'<ul class="legend" aria-label="Severity legend">{items}</ul>'


def _points(sev: Severity) -> str:
    from ..score import PENALTY

    n = PENALTY[sev]
    return f"{n} penalty point{'s' if n != 1 else ''}"


def _readability(stats: dict) -> str:
    cells = [("Words", f"{stats.get('words', 0):,}", ""), ("Sentences", f"{stats.get('sentences', 0):,}", ""),
             ("Words / sentence", f"{stats.get('words_per_sentence', 0)}", "")]
    figures = stats.get("readability") or {}
    for key, label, hint in READABILITY:
        if key in figures:
            cells.append((label, f"{figures[key]:.1f}", hint))
    items = []
    for label, value, hint in cells:
        title = f' title="{esc(hint)}"' if hint else ""
        items.append(f"<div{title}><dt>{esc(label)}</dt><dd>{esc(value)}</dd></div>")
    return '<dl class="figures">' + "".join(items) + "</dl>"


def _category_key(category: str) -> tuple[int, str]:
    root = mqm_root(category)
    return (MQM_ORDER.index(root) if root in MQM_ORDER else len(MQM_ORDER), category)


def _suggestion(s: str) -> str:
    return "delete it" if s == "" else f"“{s}”"


def _findings_list(report: Report) -> str:
    doc = report.document
    groups: dict[str, list[int]] = {}
    for i, f in enumerate(report.findings):
        groups.setdefault(f.category, []).append(i)
    if not groups:
        return '<p class="empty">No findings: nothing for an editor to fix.</p>'
    out = []
    for category in sorted(groups, key=_category_key):
        root, _, rest = category.partition("/")
        items = []
        for i in groups[category]:
            f = report.findings[i]
            line, col = doc.line_col(f.start)
            sugg = ""
            if f.suggestions:
                sugg = ('<span class="item-sugg">→ ' + esc(", ".join(_suggestion(s) for s in f.suggestions[:3]))
                        + "</span>")
            fix = ""
            if f.fix is not None and f.fix.applicability is Applicability.SAFE:
                fix = '<span class="tag fix-safe" title="applied in the repaired text">safe fix</span>'
            elif f.fix is not None and f.fix.applicability is Applicability.UNSAFE:
                fix = '<span class="tag fix-unsafe" title="apply after review (--unsafe-fixes)">unsafe fix</span>'
            items.append(
                f'<li class="item sev-{f.severity}" data-item="{i}" tabindex="0" role="button">'
                f'<span class="badge sev-{f.severity}" title="{f.severity}">{SYMBOL[f.severity]}{i + 1}</span>'
                f'<span class="item-main"><span class="item-head"><b>{esc(f.rule)}</b> {esc(f.name)}'
                f'<span class="where">line {line}:{col}</span>{fix}</span>'
                f'<span class="item-msg">{esc(f.message)}</span>{sugg}</span></li>')
        sev_counts = {str(s): sum(1 for i in groups[category] if report.findings[i].severity is s) for s in Severity}
        out.append(f'<section class="group"><h4><span class="cat-root">{esc(root)}</span>'
                   f'{f" / {esc(rest)}" if rest else ""}<span class="group-counts">{_severity_chips(sev_counts, True)}'
                   f'</span></h4><ol>{"".join(items)}</ol></section>')
    return "".join(out)


def _download_name(path: str) -> str:
    name = PurePath(path.replace("\\", "/")).name or "article.txt"
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}.fixed.{suffix}" if dot and stem else f"{name}.fixed.txt"


def _article(n: int, report: Report, score: ArticleScore, config: Any) -> tuple[str, dict]:
    anchor = f"a{n + 1}"
    head = f'<h2 class="path"><span class="num">{n + 1}</span> {esc(report.path)}</h2>'
    if report.document is None:
        body = (f'<article class="doc" id="{anchor}" data-article="{n}"><header class="doc-head">{head}</header>'
                f'<p class="error">Not checked: {esc(report.error or "unknown error")}</p></article>')
        return body, {"path": report.path, "findings": [], "error": report.error}
    doc = report.document
    findings = report.findings
    fixed, applied, changed = _repair(report, config)
    safe = sum(1 for f in findings if f.fix and f.fix.applicability is Applicability.SAFE)
    caption = (f"{score.penalty} penalty point{'s' if score.penalty != 1 else ''} over {score.words:,} "
               f"word{'s' if score.words != 1 else ''}")
    records = []
    for f in findings:
        line, col = doc.line_col(f.start)
        excerpt = doc.text[f.start:f.end]
        if len(excerpt) > 160:
            excerpt = excerpt[:100] + " … " + excerpt[-40:]
        records.append({"rule": f.rule, "name": f.name, "category": f.category, "severity": str(f.severity),
                        "start": f.start, "end": f.end, "line": line, "column": col, "message": f.message,
                        "suggestions": list(f.suggestions), "excerpt": excerpt,
                        "fix": f.fix.applicability.value if f.fix else None})
    fixes_note = (f"{applied} safe fix{'es' if applied != 1 else ''} applied — the text "
                  f"<code>mtcheck check --fix</code> writes." if applied else
                  "No safe fix applies: this is the text as checked.")
    body = f"""<article class="doc" id="{anchor}" data-article="{n}">
<header class="doc-head">
<div class="doc-title">{head}<div class="chips">{_severity_chips(score.by_severity)}<span class="chip fixable">{safe} safe fix{'es' if safe != 1 else ''}</span></div></div>
{_score_block(score.score, caption)}
</header>
{_readability(report.stats)}
<div class="tabs" role="tablist" aria-label="Views of {esc(report.path)}">
<button type="button" class="tab" role="tab" aria-selected="true" data-view="annotated">Annotated text</button>
<button type="button" class="tab" role="tab" aria-selected="false" data-view="repaired">Repaired text <span class="tab-note">{applied} fix{'es' if applied != 1 else ''}</span></button>
</div>
<div class="view view-annotated" role="tabpanel">
<div class="text-col"><div class="text" lang="en">{annotate(doc.text, findings)}</div></div>
<aside class="side" aria-label="Findings">
<section class="detail" aria-live="polite"><p class="hint">Click a highlighted passage or a finding below to see what is wrong, why it matters and what to write instead.</p></section>
<section class="list"><h3>Findings by MQM category <span class="count">{len(findings)}</span></h3>{_findings_list(report)}</section>
</aside>
</div>
<div class="view view-repaired" role="tabpanel">
<div class="toolbar"><p class="note">{fixes_note} Unsafe fixes and findings that need an editor's judgement are left as they are.</p>
<div class="actions"><button type="button" class="btn" data-action="copy">Copy text</button>
<a class="btn" data-action="download" href="#" download="{esc(_download_name(report.path))}">Download</a>
<span class="status" role="status"></span></div></div>
<pre class="repaired" lang="en">{_repaired_html(doc.text, fixed, changed)}</pre>
</div>
</article>"""
    return body, {"path": report.path, "findings": records}


def _index(scores: list[ArticleScore]) -> str:
    rows = []
    for n, s in enumerate(scores):
        if s.score is None:
            cells = f'<td class="num-cell">—</td><td colspan="5" class="error">{esc(s.error or "not checked")}</td>'
        else:
            cats = ", ".join(f"{esc(c)} {sum(v.values())}" for c, v in
                             sorted(s.by_category.items(), key=lambda kv: -sum(kv[1].values()))[:2])
            cells = (f'<td class="num-cell"><span class="mini band-{_band(s.score)}">{format_score(s.score)}</span></td>'
                     f'<td class="num-cell">{s.words:,}</td>'
                     + "".join(f'<td class="num-cell sev-{sev}{" zero-count" if not s.by_severity[str(sev)] else ""}">'
                               f'{s.by_severity[str(sev)]}</td>' for sev in sorted(Severity, reverse=True))
                     + f'<td class="cats">{cats}</td>')
        rows.append(f'<tr><td class="num-cell">{n + 1}</td><td><a href="#a{n + 1}">{esc(s.path)}</a></td>{cells}</tr>')
    heads = "".join(f'<th class="num-cell sev-{s}" title="{s}"><span aria-hidden="true">{SYMBOL[s]}</span> {s}</th>'
                    for s in sorted(Severity, reverse=True))
    return (f'<nav class="index" aria-label="Articles"><h2>Articles</h2><table><thead><tr><th>#</th><th>Article</th>'
            f'<th class="num-cell">Score</th><th class="num-cell">Words</th>{heads}<th>Most frequent categories</th>'
            f'</tr></thead><tbody>{"".join(rows)}</tbody></table></nav>')


def _rule_records(table: dict[str, Any], used: set[str]) -> dict[str, dict]:
    out = {}
    for rule_id in sorted(used):
        rule = table.get(rule_id)
        if rule is None:
            continue
        out[rule_id] = {"name": rule.name, "category": rule.category, "severity": str(rule.severity),
                        "description": " ".join((rule.description or "").split()),
                        "why": " ".join((rule.why or "").split())}
    return out


def render(reports: list[Report], **options: Any) -> str:
    get_config = _config_getter(options.get("config"))
    configs = {r.path: get_config(r.path) for r in reports if r.document is not None}
    rules = _rule_table(options.get("rules"), {id(c): c for c in configs.values()}.values())
    run = run_score(reports)
    articles, data = [], []
    for n, (report, score) in enumerate(zip(reports, run.articles)):
        body, record = _article(n, report, score, configs.get(report.path))
        articles.append(body)
        data.append(record)
    used = {f.rule for r in reports for f in r.findings}
    payload = {"version": 1, "articles": data, "rules": _rule_records(rules, used)}
    counts = {str(s): sum(a.by_severity.get(str(s), 0) for a in run.articles) for s in Severity}
    checked = [a for a in run.articles if a.score is not None]
    title = options.get("title") or ("mtcheck report: " + (reports[0].path if len(reports) == 1
                                                          else f"{len(reports)} articles"))
    noun = "article" if len(reports) == 1 else "articles"
    caption = (f"Word-weighted mean of {len(checked)} article{'s' if len(checked) != 1 else ''}; "
               f"{run.penalty:,} penalty points over {run.words:,} words")
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="mtcheck {esc(__version__)}">
<title>{esc(title)}</title>
<style>{CSS}</style>
<noscript><style>.view-repaired{{display:block!important}}.tabs,.actions,.detail{{display:none!important}}</style></noscript>
</head>
<body>
<header class="run">
<div class="run-title"><p class="kicker">mtcheck {esc(__version__)}</p>
<h1>Editor's report</h1>
<p class="run-meta">{len(reports)} {noun} · {run.words:,} words · {sum(counts.values())} findings</p>
{f'<div class="chips">{_severity_chips(counts)}</div>' if len(reports) > 1 else ""}</div>
{_legend()}
{_score_block(run.score, caption) if len(reports) > 1 else ""}
</header>
{_index(run.articles) if len(reports) > 1 else ""}
<main>
{"".join(articles)}
</main>
<footer class="foot">Score = max(0, 100 × (1 − penalty ÷ words)); penalty points: minor 1, major 5, critical 25. Generated by mtcheck {esc(__version__)}.</footer>
<script type="application/json" id="mtcheck-data">{script_json(payload)}</script>
<script>{SCRIPT}</script>
</body>
</html>
"""


CSS = r"""
:root{--ink:#1d232b;--muted:#5b6572;--line:#e2e5ea;--paper:#fff;--bg:#f5f6f8;--accent:#1f5fbf;
--crit:#b0122b;--crit-bg:rgba(210,30,60,.13);--major:#c2410c;--major-bg:rgba(234,110,20,.15);
--minor:#8a6d00;--minor-bg:rgba(240,190,20,.22);--good:#1b7f46;--fair:#a86400;--poor:#b0122b;
--ui:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Liberation Sans",sans-serif;
--serif:Charter,"Iowan Old Style",Georgia,Cambria,"DejaVu Serif","Liberation Serif",serif}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.5 var(--ui)}
h1,h2,h3,h4{line-height:1.25;margin:0}
code{font:13px/1.4 ui-monospace,"DejaVu Sans Mono",monospace;background:#eef1f5;padding:1px 4px;border-radius:4px}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
.run{display:flex;gap:32px;align-items:center;justify-content:space-between;padding:16px 32px;background:var(--paper);border-bottom:1px solid var(--line)}
.kicker{margin:0 0 4px;color:var(--muted);font-size:12px;letter-spacing:.06em;text-transform:uppercase}
.run h1{font-size:22px;font-weight:650;word-break:break-all}
.run-meta{margin:2px 0 0;color:var(--muted)}
.run .chips{margin-top:8px}
.run-title{flex:1}
.chips{display:flex;flex-wrap:wrap;gap:6px;align-items:center}
.chip{display:inline-flex;align-items:center;gap:4px;padding:2px 9px;border-radius:999px;font-size:13px;font-weight:600;border:1px solid currentColor;background:var(--paper)}
.chip.fixable{color:var(--good)}
.zero-count{opacity:.45}
.sev-critical{color:var(--crit)}.sev-major{color:var(--major)}.sev-minor{color:var(--minor)}
.legend{list-style:none;display:flex;flex-direction:column;gap:2px;margin:0;padding:0;font-size:13px;color:var(--muted)}
.legend .demo{font-family:var(--serif);font-size:15px;color:var(--ink);cursor:default}
.score{min-width:210px;text-align:right}
.score-label{font-size:11px;color:var(--muted);text-transform:uppercase;letter-spacing:.06em;margin-bottom:2px}
.score-num{font-size:44px;font-weight:700;line-height:1;font-variant-numeric:tabular-nums}
.score-num .of{font-size:16px;font-weight:500;color:var(--muted);margin-left:2px}
.meter{height:6px;background:#e7eaee;border-radius:3px;margin:8px 0 6px;overflow:hidden}
.meter span{display:block;height:100%;border-radius:3px;background:currentColor}
.score-cap{font-size:12px;color:var(--muted);max-width:260px;margin-left:auto}
.band-good{color:var(--good)}.band-fair{color:var(--fair)}.band-poor{color:var(--poor)}.band-none{color:var(--muted)}
.index{margin:20px 32px;background:var(--paper);border:1px solid var(--line);border-radius:10px;padding:16px 20px;overflow:auto}
.index h2{font-size:16px;margin-bottom:8px}
.index table{border-collapse:collapse;width:100%;font-size:14px}
.index th,.index td{padding:6px 10px;border-bottom:1px solid var(--line);text-align:left;white-space:nowrap}
.index th{font-size:12px;color:var(--muted);font-weight:600;text-transform:uppercase;letter-spacing:.04em}
.index td.cats{white-space:normal;color:var(--muted);font-size:13px}
.index a{color:var(--accent);text-decoration:none}.index a:hover{text-decoration:underline}
.num-cell{text-align:right!important;font-variant-numeric:tabular-nums}
.mini{font-weight:700}
main{padding:0 32px 32px}
.doc{background:var(--paper);border:1px solid var(--line);border-radius:12px;margin:20px 0;padding:20px 24px 24px;content-visibility:auto;contain-intrinsic-size:auto 2400px}
.doc-head{display:flex;gap:24px;align-items:flex-start;justify-content:space-between}
.doc-head .path{font-size:18px;font-weight:650;word-break:break-all;margin-bottom:8px}
.path .num{display:inline-block;min-width:26px;padding:1px 7px;margin-right:4px;border-radius:6px;background:#eef1f5;color:var(--muted);font-size:13px;text-align:center;vertical-align:2px}
.doc-head .score-num{font-size:36px}
.figures{display:flex;flex-wrap:wrap;gap:8px;margin:14px 0 6px;padding:0}
.figures div{background:var(--bg);border:1px solid var(--line);border-radius:8px;padding:6px 12px;min-width:92px}
.figures dt{font-size:11px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
.figures dd{margin:0;font-size:17px;font-weight:650;font-variant-numeric:tabular-nums}
.tabs{display:flex;gap:4px;border-bottom:1px solid var(--line);margin:14px 0 0}
.tab{font:inherit;font-weight:600;color:var(--muted);background:none;border:0;border-bottom:3px solid transparent;padding:8px 14px;cursor:pointer;margin-bottom:-1px}
.tab[aria-selected=true]{color:var(--ink);border-bottom-color:var(--accent)}
.tab:focus-visible,.btn:focus-visible,.item:focus-visible,.hl:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
.tab-note{font-weight:500;font-size:12px;background:#eef1f5;border-radius:999px;padding:1px 7px;margin-left:4px}
.view{display:grid;grid-template-columns:minmax(0,1fr) 380px;gap:24px;padding-top:16px}
.view-repaired{display:none}
.doc.show-repaired .view-repaired{display:block}
.doc.show-repaired .view-annotated{display:none}
.text,.repaired{font:17px/2.05 var(--serif);white-space:pre-wrap;overflow-wrap:anywhere;margin:0;max-width:46em}
.hl{background:var(--bg-sev);color:inherit;border-radius:2px;cursor:pointer;text-decoration-line:underline;text-decoration-skip-ink:none;text-decoration-thickness:2px;text-underline-offset:4px;-webkit-print-color-adjust:exact;print-color-adjust:exact}
.hl.d1{text-underline-offset:8px}.hl.d2{text-underline-offset:12px}.hl.d3{text-underline-offset:15px}
.hl.sev-critical{--bg-sev:var(--crit-bg);text-decoration-color:var(--crit);text-decoration-style:double;text-decoration-thickness:1.5px}
.hl.sev-major{--bg-sev:var(--major-bg);text-decoration-color:var(--major);text-decoration-style:solid}
.hl.sev-minor{--bg-sev:var(--minor-bg);text-decoration-color:var(--minor);text-decoration-style:dotted}
.hl:hover{filter:brightness(.93)}
.hl.active{background:rgba(31,95,191,.18);outline:2px solid var(--accent);outline-offset:1px}
.hl.zero{display:inline-block;width:.45em;height:1.1em;vertical-align:-.2em}
.mk{font:700 10px/1 var(--ui);vertical-align:super;margin-left:1px;user-select:none;-webkit-user-select:none}
.mk::after{content:attr(data-mark)}
.hl.sev-critical>.mk{color:var(--crit)}.hl.sev-major>.mk{color:var(--major)}.hl.sev-minor>.mk{color:var(--minor)}
.side{position:sticky;top:12px;align-self:start;max-height:calc(100vh - 24px);overflow:hidden;display:flex;flex-direction:column;gap:14px}
.detail{flex:none;max-height:58vh;overflow:auto;border:1px solid var(--line);border-radius:10px;padding:14px 16px;background:#fbfcfd}
.list{flex:1 1 auto;min-height:0;overflow:auto;padding-right:4px}
.detail .hint{margin:0;color:var(--muted);font-size:14px}
.detail h3{font-size:15px;display:flex;gap:8px;align-items:center;flex-wrap:wrap}
.detail .meta{margin:6px 0 10px;color:var(--muted);font-size:13px}
.detail .quote{font-family:var(--serif);font-size:15px;border-left:3px solid currentColor;padding:2px 0 2px 10px;margin:0 0 10px;background:var(--bg);overflow-wrap:anywhere}
.detail .msg{margin:0 0 10px}
.detail h4{font-size:12px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);margin:12px 0 4px}
.detail p{margin:0 0 6px;font-size:14px}
.detail .suggestions{display:flex;flex-wrap:wrap;gap:6px;list-style:none;padding:0;margin:0}
.detail .suggestions li{font-family:var(--serif);background:#e9f5ee;border:1px solid #b9dfc8;border-radius:6px;padding:2px 8px}
.detail .suggestions li.delete{background:#fdecec;border-color:#f3c1c1;font-family:var(--ui);font-size:13px}
.detail .fixnote{font-size:13px;color:var(--muted)}
.detail .also{display:flex;flex-wrap:wrap;gap:6px}
.detail .also button{font:inherit;font-size:13px;border:1px solid var(--line);background:var(--paper);border-radius:6px;padding:2px 8px;cursor:pointer}
.badge{align-self:flex-start;display:inline-block;min-width:34px;text-align:center;font-weight:700;font-size:12px;padding:1px 6px;border-radius:6px;border:1.5px solid currentColor;background:var(--paper);font-variant-numeric:tabular-nums}
.badge.sev-critical{border-style:double;border-width:3px}.badge.sev-minor{border-style:dotted}
.list h3{font-size:15px;margin-bottom:6px;display:flex;gap:8px;align-items:center}
.count{font-size:12px;background:#eef1f5;border-radius:999px;padding:1px 8px;color:var(--muted)}
.group h4{font-size:13px;font-weight:600;color:var(--muted);margin:12px 0 4px;display:flex;align-items:center;gap:6px}
.cat-root{color:var(--ink)}
.group-counts{margin-left:auto;display:flex;gap:4px}
.group-counts .chip{font-size:11px;padding:0 6px}
.group ol{list-style:none;margin:0;padding:0}
.item{display:flex;gap:10px;padding:7px 8px;border-radius:8px;cursor:pointer;border:1px solid transparent}
.item:hover{background:var(--bg)}
.item.active{background:#eaf1fc;border-color:#bcd0f0}
.item-main{display:flex;flex-direction:column;min-width:0;color:var(--ink);font-size:13.5px}
.item-head{display:flex;gap:6px;align-items:baseline;flex-wrap:wrap}
.item-head .where{color:var(--muted);font-size:12px}
.item-msg{display:-webkit-box;-webkit-line-clamp:2;-webkit-box-orient:vertical;overflow:hidden;color:#3a424d}
.item-sugg{color:var(--good);font-size:13px;overflow-wrap:anywhere}
.tag{font-size:11px;border-radius:4px;padding:0 5px;border:1px solid}
.fix-safe{color:var(--good)}.fix-unsafe{color:var(--muted)}
.empty{color:var(--good)}
.toolbar{display:flex;gap:16px;align-items:center;justify-content:space-between;flex-wrap:wrap;margin-bottom:12px}
.toolbar .note{margin:0;color:var(--muted);font-size:14px;max-width:52em}
.actions{display:flex;gap:8px;align-items:center}
.btn{font:inherit;font-weight:600;font-size:14px;color:#fff;background:var(--accent);border:0;border-radius:8px;padding:7px 14px;cursor:pointer;text-decoration:none}
.btn[data-action=download]{background:var(--paper);color:var(--accent);border:1px solid var(--accent)}
.status{font-size:13px;color:var(--good);min-width:6em}
.repaired{background:#fbfcfd;border:1px solid var(--line);border-radius:8px;padding:16px 24px;max-width:52em}
.repaired ins{text-decoration:none;background:#e3f4e9;border-bottom:2px solid #7cc49a}
.repaired .del::before{content:"⌫";font:11px var(--ui);color:#b0122b;background:#fdecec;border-radius:3px;padding:0 3px;margin:0 2px;user-select:none;-webkit-user-select:none}
.error{color:var(--crit)}
.foot{padding:0 32px 28px;color:var(--muted);font-size:12px}
@media (max-width:980px){.view{grid-template-columns:minmax(0,1fr)}.side,.detail,.list{position:static;max-height:none;overflow:visible}.run,.doc-head{flex-direction:column;align-items:stretch}.score{text-align:left}.score-cap{margin-left:0}}
@media print{
@page{margin:16mm}
body{background:#fff;font-size:11pt}
.tabs,.actions,.detail,.btn,.hint{display:none!important}
.run,.doc,.index{border:0;padding:0;margin:0 0 12pt}
main,.index,.foot{padding:0;margin-left:0;margin-right:0}
.doc{break-before:page;content-visibility:visible}
.doc:first-of-type{break-before:auto}
.view{display:block}
.view-annotated{display:block!important}
.doc.show-repaired .view-annotated{display:none!important}
.side,.list{position:static;max-height:none;overflow:visible}
.side{margin-top:14pt}
.text,.repaired{font-size:11.5pt;line-height:2;max-width:none}
.item{break-inside:avoid;padding:3pt 0}
.item-msg{display:block;-webkit-line-clamp:none;overflow:visible}
.hl.active{outline:0;background:var(--bg-sev)}
.item.active{background:none;border-color:transparent}
.group{break-inside:auto}
a{color:inherit}
}
"""

SCRIPT = r"""
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('mtcheck-data').textContent);
  var SYMBOL = {critical: '\u25c6', major: '\u25b2', minor: '\u25cf'};
  var FIX = {safe: 'Safe fix: applied in the repaired text.',
             unsafe: 'Unsafe fix: apply it after review (mtcheck check --fix --unsafe-fixes).',
             display: 'Suggestion only: an editor applies it by hand.'};

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }
  function articleOf(node) { return node.closest('article.doc'); }
  function info(art) { return data.articles[Number(art.getAttribute('data-article'))]; }

  function showDetail(art, idx) {
    var a = info(art), f = a.findings[idx], rule = data.rules[f.rule] || {};
    var panel = art.querySelector('.detail');
    panel.textContent = '';
    var h = el('h3');
    var badge = el('span', 'badge sev-' + f.severity, SYMBOL[f.severity] + (idx + 1));
    h.appendChild(badge);
    h.appendChild(el('span', 'sev-' + f.severity, f.severity.charAt(0).toUpperCase() + f.severity.slice(1)));
    h.appendChild(el('span', '', f.rule + ' \u00b7 ' + f.name));
    panel.appendChild(h);
    panel.appendChild(el('p', 'meta', f.category.replace('/', ' / ') + ' \u00b7 line ' + f.line + ', column ' + f.column));
    if (f.excerpt) panel.appendChild(el('blockquote', 'quote sev-' + f.severity, f.excerpt));
    panel.appendChild(el('p', 'msg', f.message));
    if (f.suggestions.length) {
      panel.appendChild(el('h4', '', f.suggestions.length === 1 ? 'Suggestion' : 'Suggestions'));
      var ul = el('ul', 'suggestions');
      f.suggestions.forEach(function (s) {
        ul.appendChild(el('li', s === '' ? 'delete' : '', s === '' ? 'delete it' : s));
      });
      panel.appendChild(ul);
    }
    if (f.fix) panel.appendChild(el('p', 'fixnote', FIX[f.fix] || ''));
    if (rule.why) {
      panel.appendChild(el('h4', '', 'Why it matters'));
      panel.appendChild(el('p', 'why', rule.why));
    }
    if (rule.description) {
      panel.appendChild(el('h4', '', 'What the rule checks'));
      panel.appendChild(el('p', 'why', rule.description));
    }
    var others = [];
    a.findings.forEach(function (g, j) {
      if (j !== idx && g.start < Math.max(f.end, f.start + 1) && f.start < Math.max(g.end, g.start + 1)) others.push(j);
    });
    if (others.length) {
      panel.appendChild(el('h4', '', 'Also at this passage'));
      var box = el('div', 'also');
      others.forEach(function (j) {
        var b = el('button', 'sev-' + a.findings[j].severity,
                   SYMBOL[a.findings[j].severity] + (j + 1) + ' ' + a.findings[j].rule);
        b.type = 'button';
        b.setAttribute('data-goto', String(j));
        box.appendChild(b);
      });
      panel.appendChild(box);
    }
  }

  function select(art, idx, scrollText, scrollList) {
    art.querySelectorAll('.active').forEach(function (n) { n.classList.remove('active'); });
    var marks = art.querySelectorAll('.hl[data-finding="' + idx + '"]');
    marks.forEach(function (n) { n.classList.add('active'); });
    var item = art.querySelector('.item[data-item="' + idx + '"]');
    if (item) item.classList.add('active');
    showDetail(art, idx);
    var panel = art.querySelector('.detail');
    panel.scrollTop = 0;
    var top = panel.getBoundingClientRect().top;
    if (!scrollText && (top < 0 || top > window.innerHeight - 80)) panel.scrollIntoView({block: 'nearest'});
    if (scrollText && marks.length) marks[0].scrollIntoView({block: 'center', behavior: 'smooth'});
    if (scrollList && item) {
      var list = art.querySelector('.list');
      if (list && list.scrollHeight > list.clientHeight) {
        var box = list.getBoundingClientRect(), at = item.getBoundingClientRect();
        if (at.top < box.top || at.bottom > box.bottom) list.scrollTop += at.top - box.top - list.clientHeight / 3;
      }
    }
  }

  function showView(art, view) {
    art.classList.toggle('show-repaired', view === 'repaired');
    art.querySelectorAll('.tab').forEach(function (t) {
      t.setAttribute('aria-selected', t.getAttribute('data-view') === view ? 'true' : 'false');
    });
  }

  function selectText(node) {
    var range = document.createRange();
    range.selectNodeContents(node);
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
  }

  function copy(art) {
    var pre = art.querySelector('pre.repaired'), status = art.querySelector('.status');
    var text = pre.textContent;
    function fallback() {
      selectText(pre);
      var ok = false;
      try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
      status.textContent = ok ? 'Copied.' : 'Selected: press Ctrl+C (\u2318C) to copy.';
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { status.textContent = 'Copied.'; }, fallback);
    } else {
      fallback();
    }
  }

  function download(art, link) {
    var text = art.querySelector('pre.repaired').textContent;
    var old = link.getAttribute('data-url');
    if (old) URL.revokeObjectURL(old);
    var url = URL.createObjectURL(new Blob([text], {type: 'text/plain;charset=utf-8'}));
    link.setAttribute('data-url', url);
    link.href = url;
  }

  document.addEventListener('click', function (ev) {
    var t = ev.target;
    if (!(t instanceof Element)) return;
    var art = articleOf(t);
    if (!art) return;
    var node;
    if ((node = t.closest('.hl[data-finding]')) && !node.classList.contains('demo')) {
      select(art, Number(node.getAttribute('data-finding')), false, true);
    } else if ((node = t.closest('.item[data-item]'))) {
      select(art, Number(node.getAttribute('data-item')), true, false);
    } else if ((node = t.closest('[data-goto]'))) {
      select(art, Number(node.getAttribute('data-goto')), true, true);
    } else if ((node = t.closest('.tab[data-view]'))) {
      showView(art, node.getAttribute('data-view'));
    } else if ((node = t.closest('[data-action=copy]'))) {
      copy(art);
    } else if ((node = t.closest('[data-action=download]'))) {
      download(art, node);
    }
  });
  document.addEventListener('keydown', function (ev) {
    if (ev.key !== 'Enter' && ev.key !== ' ') return;
    var t = ev.target;
    if (t instanceof Element && (t.matches('.hl[data-finding]') || t.matches('.item[data-item]'))) {
      ev.preventDefault();
      t.click();
    }
  });
  document.documentElement.classList.add('ready');
})();
"""
