"""An MQM-style quality score for checked articles.

Each finding costs penalty points by severity (minor 1, major 5, critical 25), and an
article scores ``max(0, 100 × (1 − penalty / words))``: 100 is clean, 0 means at least
one penalty point per word. An article with no words scores 100 when it has no findings
and 0 otherwise. A run's score is the mean of its articles' scores weighted by their
word counts (a plain mean when none has words); files that could not be checked have
no score and do not count.

    >>> import mtcheck
    >>> from mtcheck.score import article_score
    >>> article_score(mtcheck.check_text("A clean sentence for the test.\\n")).score
    100.0

These are pure functions of `mtcheck.api.Report` objects.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .model import Finding, Severity

if TYPE_CHECKING:  # only for annotations: the API imports nothing from here
    from .api import Report

PENALTY: dict[Severity, int] = {Severity.MINOR: 1, Severity.MAJOR: 5, Severity.CRITICAL: 25}
MAX_SCORE = 100.0


def penalty(findings: Iterable[Finding]) -> int:
    """Penalty points of these findings: minor 1, major 5, critical 25 each."""
    return sum(PENALTY[f.severity] for f in findings)


def score_for(penalty_points: int, words: int) -> float:
    """``max(0, 100 × (1 − penalty / words))``; with no words, 100 if there is no penalty, else 0."""
    if words <= 0:
        return MAX_SCORE if penalty_points == 0 else 0.0
    return max(0.0, MAX_SCORE * (1.0 - penalty_points / words))


def format_score(score: float | None) -> str:
    """How reports show a score: one decimal ("97.3"), or "n/a" for an unchecked file."""
    return "n/a" if score is None else f"{score:.1f}"


def mqm_root(category: str) -> str:
    """The top of an MQM category path: "Accuracy" for "Accuracy/Mistranslation"."""
    return category.split("/", 1)[0]


@dataclass(frozen=True)
class ArticleScore:
    """The score of one report, with the counts behind it. `score` is None for a file
    that could not be checked (the report has an error and no document)."""

    path: str
    score: float | None
    penalty: int
    words: int
    findings: int
    by_severity: dict[str, int] = field(default_factory=dict)
    #: full MQM category -> {"minor": n, "major": n, "critical": n}
    by_category: dict[str, dict[str, int]] = field(default_factory=dict)
    error: str | None = None


@dataclass(frozen=True)
class RunScore:
    """The word-weighted score of a run, plus each article's."""

    score: float | None
    penalty: int
    words: int
    articles: list[ArticleScore]


def severity_counts(findings: Iterable[Finding]) -> dict[str, int]:
    counts = Counter(str(f.severity) for f in findings)
    return {str(s): counts.get(str(s), 0) for s in Severity}


def category_counts(findings: Iterable[Finding]) -> dict[str, dict[str, int]]:
    """Counts by full MQM category and severity, categories in alphabetical order."""
    out: dict[str, dict[str, int]] = {}
    for f in findings:
        row = out.setdefault(f.category, {str(s): 0 for s in Severity})
        row[str(f.severity)] += 1
    return dict(sorted(out.items()))


def article_score(report: Report) -> ArticleScore:
    findings = list(report.findings)
    if report.document is None:
        return ArticleScore(report.path, None, penalty(findings), 0, len(findings),
                            severity_counts(findings), category_counts(findings), report.error)
    words = report.document.word_count
    points = penalty(findings)
    return ArticleScore(report.path, score_for(points, words), points, words, len(findings),
                        severity_counts(findings), category_counts(findings), report.error)


def run_score(reports: Iterable[Report]) -> RunScore:
    return run_score_of([article_score(r) for r in reports])


def run_score_of(articles: list[ArticleScore]) -> RunScore:
    """The run's score from its articles' (worked out where each article was checked)."""
    scored = [a for a in articles if a.score is not None]
    words = sum(a.words for a in scored)
    points = sum(a.penalty for a in scored)
    if not scored:
        score = None
    elif words:
        score = sum(a.score * a.words for a in scored) / words
    else:  # every article is empty: each counts the same
        score = sum(a.score for a in scored) / len(scored)
    return RunScore(score, points, words, articles)


def below(reports: Iterable[Report], minimum: float) -> list[ArticleScore]:
    """Articles scoring below `minimum` (for --min-score); unchecked files are not among them."""
    return [a for a in map(article_score, reports) if a.score is not None and a.score < minimum]
