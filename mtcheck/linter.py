"""The Linter: selected rules run over a Document, findings cleaned up and sorted.

A Linter is built once per configuration and reused for every file (and pickled to
worker processes): rule packs are parsed and compiled in its constructor only.
"""
from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from .config import Config
from .documents import Document
from .errors import ConfigError
from .kinds.base import did_you_mean
from .model import Finding, Severity
from .notices import NOTICES
from .packs import Rule, load_rules


@lru_cache(maxsize=16)
def _rules_for(dirs: tuple[Path, ...]) -> tuple[Rule, ...]:
    return tuple(load_rules(list(dirs)))


def _matches(selector: str, rule: Rule) -> bool:
    return selector in ("ALL", rule.id, rule.name) or (selector.isalnum() and rule.id.startswith(selector))


def select_rules(rules: Iterable[Rule], config: Config) -> list[Rule]:
    """Rules chosen by select/ignore (ids, names or id prefixes). Preview rules run only
    with `preview` on or when selected by their exact id or name."""
    rules = list(rules)
    for selector in (config.select or ()) + config.ignore:
        if not any(_matches(selector, r) for r in rules):
            raise ConfigError(f"no rule matches {selector!r}"
                              + did_you_mean(selector, [r.name for r in rules] + [r.id for r in rules]),
                              str(config.source) if config.source else None)
    chosen = []
    for rule in rules:
        if config.select is None:
            wanted = True
        else:
            wanted = any(_matches(s, rule) for s in config.select)
        exact = config.select is not None and any(s in (rule.id, rule.name) for s in config.select)
        if rule.preview and not (config.preview or exact):
            wanted = False
        if any(_matches(s, rule) for s in config.ignore):
            wanted = False
        if wanted:
            chosen.append(rule)
    return chosen


class Linter:
    def __init__(self, config: Config | None = None):
        self.config = config or Config()
        self.all_rules = _rules_for(tuple(self.config.rule_dirs))
        self.rules = select_rules(self.all_rules, self.config)
        self.severity: dict[str, Severity] = {}
        for key, sev in self.config.severity:
            matched = [r for r in self.all_rules if _matches(key, r)]
            if not matched:
                raise ConfigError(f"severity override for unknown rule {key!r}"
                                  + did_you_mean(key, [r.name for r in self.all_rules]),
                                  str(self.config.source) if self.config.source else None)
            for r in matched:
                self.severity[r.id] = sev
        self.errors: list[str] = []
        self._gazetteer = None
        self.needs_gazetteer = any(r.checker.needs_gazetteer for r in self.rules)
        self._shadowing = frozenset(r.id for r in self.rules if r.checker.shadows_inner)

    @property
    def gazetteer(self):
        """The compiled gazetteer (bundled plus configured files), loaded on first use."""
        if self._gazetteer is None:
            from .gazetteer.index import load_index

            self._gazetteer = load_index(list(self.config.gazetteers))
        return self._gazetteer

    def rule(self, key: str) -> Rule | None:
        return next((r for r in self.all_rules if key in (r.id, r.name)), None)

    def check(self, doc: Document) -> list[Finding]:
        findings: list[Finding] = []
        if self.needs_gazetteer:
            doc.cache["gazetteer"] = self.gazetteer
        for rule in self.rules:
            try:
                findings.extend(rule.checker.check(doc))
            except Exception as exc:  # a broken rule must not lose the other findings
                msg = f"{doc.path}: rule {rule.id} ({rule.name}) failed: {type(exc).__name__}: {exc}"
                self.errors.append(msg)
                FAILURES.append(msg)
                NOTICES.once(f"internal error: {msg}")  # from a worker, said whole by the parent
        for f in findings:
            if f.rule in self.severity:
                f.severity = self.severity[f.rule]
        return _tidy(findings, self._shadowing)


#: every rule failure of this run (a worker process sends its own back with its results):
#: the findings of the other rules are kept, but the run exits 2, as for an unreadable file
FAILURES: list[str] = []


def _tidy(findings: list[Finding], shadowing: frozenset[str]) -> list[Finding]:
    """Sort; drop exact duplicates and findings inside a span another rule deletes whole."""
    findings.sort(key=Finding.sort_key)
    cover = [(f.start, f.end) for f in findings if f.rule in shadowing]
    out, seen = [], set()
    for f in findings:
        key = (f.rule, f.start, f.end)
        if key in seen:
            continue
        seen.add(key)
        if f.rule not in shadowing and any(a <= f.start and f.end <= b for a, b in cover):
            continue
        out.append(f)
    return out
