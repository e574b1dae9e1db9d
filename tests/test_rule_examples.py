"""Every rule's own examples: each bad text triggers the rule, each good text does not,
and a bad text with `fixed` becomes exactly that after the rule's fixes."""
from __future__ import annotations

import pytest

from mtcheck.config import Config
from mtcheck.documents import Document
from mtcheck.fixes import fix_until_stable
from mtcheck.linter import Linter, _rules_for

RULES = _rules_for(())


def _linter(rule_id: str) -> Linter:
    return Linter(Config(select=(rule_id,), preview=True))


def _ids(rule) -> str:
    return f"{rule.id}-{rule.name}"


@pytest.mark.parametrize("rule", RULES, ids=_ids)
def test_bad_examples_trigger(rule):
    linter = _linter(rule.id)
    for example in rule.examples_bad:
        found = [f for f in linter.check(Document(example.text)) if f.rule == rule.id]
        assert found, f"{rule.id} did not flag its bad example: {example.text!r}"


@pytest.mark.parametrize("rule", RULES, ids=_ids)
def test_good_examples_pass(rule):
    linter = _linter(rule.id)
    for example in rule.examples_good:
        found = [f for f in linter.check(Document(example.text)) if f.rule == rule.id]
        assert not found, f"{rule.id} flagged its good example {example.text!r}: {found[0].message}"


@pytest.mark.parametrize("rule", [r for r in RULES if any(e.fixed is not None for e in r.examples_bad)], ids=_ids)
def test_fixed_examples(rule):
    linter = _linter(rule.id)
    for example in rule.examples_bad:
        if example.fixed is None:
            continue
        fixed, applied = fix_until_stable(example.text, lambda t: linter.check(Document(t)), unsafe=True)
        assert applied, f"{rule.id} offered no fix for {example.text!r}"
        assert fixed == example.fixed


def test_every_rule_has_examples_and_docs():
    for rule in RULES:
        assert len(rule.examples_bad) >= 2 or rule.kind in ("readability",), f"{rule.id} needs 2 bad examples"
        assert len(rule.examples_good) >= 2, f"{rule.id} needs 2 good examples"
        assert rule.why, f"{rule.id} says nothing about why it matters"
