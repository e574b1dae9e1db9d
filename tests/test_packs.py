"""Rule-pack data is tested like code: schema, uniqueness, no self-contradicting swaps,
and precise errors for malformed packs."""
from __future__ import annotations

from collections import Counter

import pytest

from mtcheck.config import Config
from mtcheck.documents import Document
from mtcheck.errors import RuleError
from mtcheck.kinds.boilerplate import normalise_line
from mtcheck.linter import Linter, _rules_for
from mtcheck.packs import parse_pack
from mtcheck.textutil import fold_phrase

RULES = _rules_for(())


def _phrases(rule) -> list[str]:
    opts = rule.checker.options
    if rule.kind == "boilerplate":
        return [normalise_line(p) for p in opts["lines"] + opts["prefixes"]]
    if rule.kind == "phrase":
        return [fold_phrase(p) for p in opts["phrases"]]
    if rule.kind == "substitution":
        return [fold_phrase(p) for p in opts["swap"]]
    return []


def test_no_phrase_listed_twice():
    counts = Counter((r.kind == "boilerplate", p) for r in RULES for p in _phrases(r))
    dupes = sorted(p for (_, p), n in counts.items() if n > 1)
    assert not dupes, f"phrases listed more than once: {dupes[:10]}"


def test_pack_sizes_meet_the_product_floor():
    boiler = sum(len(_phrases(r)) for r in RULES if r.kind == "boilerplate")
    calques = sum(len(_phrases(r)) for r in RULES if r.pack == "calques")
    assert boiler >= 80, boiler
    assert calques >= 40, calques


def test_no_replacement_is_flagged_by_another_rule():
    linter = Linter(Config(select=tuple(r.id for r in RULES if r.kind in ("phrase", "substitution"))))
    for rule in RULES:
        if rule.kind != "substitution":
            continue
        for bad, good in rule.checker.options["swap"].items():
            if not good:
                continue
            found = linter.check(Document(f"They said {good} yesterday."))
            assert not found, f"{rule.id}: replacement {good!r} for {bad!r} is flagged by {found[0].rule}"


def test_rule_ids_group_by_pack():
    for rule in RULES:
        assert rule.id.startswith("MT"), rule.id
    assert len({r.id for r in RULES}) == len(RULES)


PACK = """pack: house
rules:
  - id: HS001
    name: house-style
    kind: {kind}
    category: {category}
    severity: {severity}
    message: "{message}"
    description: A house rule.
    why: Because.
{options}    examples:
      bad: ["foo bar"]
      good: ["baz"]
"""


def pack(kind="phrase", category="Style/Awkward", severity="minor", message="Avoid {match}",
         options="    phrases: [foo bar]\n") -> str:
    return PACK.format(kind=kind, category=category, severity=severity, message=message, options=options)


@pytest.mark.parametrize("text, line, words", [
    (pack(kind="phrse"), 5, "unknown kind 'phrse' — did you mean 'phrase'?"),
    (pack(category="Grammar"), 6, "must start with an MQM dimension"),
    (pack(severity="huge"), 7, "unknown severity 'huge'"),
    (pack(message="Avoid {matched}"), 8, "unknown field {matched}"),
    (pack(options="    phrases: foo\n"), 11, "option 'phrases' must be list[str]"),
    (pack(options="    phrase: [foo]\n"), 11, "unknown option 'phrase' for kind 'phrase' — did you mean 'phrases'?"),
    (pack(kind="pattern", options="    pattern: '(?<=a)b'\n"), 11, "pattern does not compile"),
    (pack(kind="substitution", options=""), 3, "needs option 'swap'"),
    (pack().replace('      good: ["baz"]\n', ""), 12, "needs examples with at least one 'bad' and one 'good'"),
    # found by trying to break it: each of these loaded, then failed on every article
    (pack(message="Avoid {}"), 8, "message is not a valid template (IndexError"),
    (pack(message="Avoid {match"), 8, "message is not a valid template (expected '}' before end of string"),
    (pack(message="Avoid {match!z}"), 8, "message is not a valid template (ValueError: Unknown conversion"),
    (pack(kind="pattern", options="    pattern: foo\n    group: -1\n"), 12, "group -1 does not exist"),
    (pack(kind="pattern", options="    pattern: (foo)\n    group: 2\n"), 12, "group 2 does not exist in the pattern (it has 1 group"),
    (pack(kind="pattern", options="    pattern: foo\n    replacement: 'x\\1'\n"), 12,
     "replacement refers to \\1, a group the pattern does not have (it has 0"),
    (pack(kind="pattern", options="    pattern: (?P<w>foo)\n    replacement: '\\g<v>'\n"), 12,
     "replacement refers to \\g<v>"),
    (pack(options="    phrases: [foo bar]\n    tags: 5\n"), 12, "tags must be a list of strings, not 5"),
    (pack(options="    phrases: [foo bar]\n    preview: 'no'\n"), 12, "preview must be true or false, not 'no'"),
    (pack(kind="balance", message="{mark} {problem}", options="    marks: ''\n"), 11, "marks must be some of"),
    (pack(kind="balance", message="{mark} {problem}", options="    marks: '()x'\n"), 11, "not 'x'"),
])
def test_malformed_rules_give_file_line_and_reason(text, line, words):
    with pytest.raises(RuleError) as err:
        parse_pack(text, "house.yaml")
    assert err.value.path == "house.yaml" and err.value.line == line, str(err.value)
    assert words in str(err.value)


def test_a_valid_user_pack_parses_and_runs():
    (rule,) = parse_pack(pack(), "house.yaml")
    found = list(rule.checker.check(Document("We saw Foo Bar today.")))
    assert [f.message for f in found] == ["Avoid Foo Bar"]


def test_rules_readme_is_generated_from_the_kinds():
    from pathlib import Path

    from mtcheck.kinds.docs import render

    readme = Path(__file__).resolve().parent.parent / "rules" / "README.md"
    assert readme.read_text(encoding="utf-8") == render(), "run: python -m mtcheck.kinds.docs > rules/README.md"


# -- the on-disk cache of parsed packs ------------------------------------------------
def _summary(rules):
    return [(r.id, r.name, r.line, r.key_lines, r.checker.options) for r in rules]


def _no_yaml(text, path):
    raise AssertionError("the YAML parser ran although the pack was cached")


def test_an_unchanged_pack_is_read_from_the_cache(tmp_path, monkeypatch):
    from mtcheck import packs

    monkeypatch.setenv("MTCHECK_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "house.yaml"
    path.write_text(pack(), encoding="utf-8")
    fresh = _summary(packs.load_pack_file(path))
    assert len(list((tmp_path / "cache" / "data").iterdir())) == 1
    monkeypatch.setattr(packs, "_read_yaml", _no_yaml)
    assert _summary(packs.load_pack_file(path)) == fresh


def test_an_edited_pack_is_parsed_again(tmp_path, monkeypatch):
    from mtcheck import packs

    monkeypatch.setenv("MTCHECK_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "house.yaml"
    path.write_text(pack(), encoding="utf-8")
    packs.load_pack_file(path)
    path.write_text(pack(options="    phrases: [foo bar, qux]\n"), encoding="utf-8")
    (rule,) = packs.load_pack_file(path)
    assert rule.checker.options["phrases"] == ["foo bar", "qux"]


def test_errors_are_the_same_from_the_cache(tmp_path, monkeypatch):
    from mtcheck import packs

    monkeypatch.setenv("MTCHECK_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "house.yaml"
    path.write_text(pack(options="    phrase: [foo]\n"), encoding="utf-8")
    errors = []
    for _ in range(2):
        with pytest.raises(RuleError) as err:
            packs.load_pack_file(path)
        errors.append((err.value.line, str(err.value)))
        monkeypatch.setattr(packs, "_read_yaml", _no_yaml)  # the second read is cached
    assert errors[0] == errors[1] and errors[0][0] == 11


def test_a_corrupt_or_unwritable_cache_costs_time_not_a_crash(tmp_path, monkeypatch):
    from mtcheck import packs

    cache = tmp_path / "cache"
    monkeypatch.setenv("MTCHECK_CACHE_DIR", str(cache))
    path = tmp_path / "house.yaml"
    path.write_text(pack(), encoding="utf-8")
    fresh = _summary(packs.load_pack_file(path))
    (entry,) = (cache / "data").iterdir()
    for junk in (b"", b"\x00garbage", __import__("marshal").dumps(["not", "a", "pack"])):
        entry.write_bytes(junk)
        assert _summary(packs.load_pack_file(path)) == fresh
    assert entry.read_bytes() != junk  # rebuilt
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("x")
    monkeypatch.setenv("MTCHECK_CACHE_DIR", str(blocked))
    assert _summary(packs.load_pack_file(path)) == fresh
