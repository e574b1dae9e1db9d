"""Properties that must hold for any text at all: checking never raises, every finding
points inside the text, line and column numbers agree with the text's line breaks, and
--fix converges, touches only what the fixes name, and never breaks Markdown or HTML
prose views.

The texts are built from arbitrary code points (combining marks, emoji, right-to-left
scripts, NUL, every kind of line break) mixed with pieces of the bundled article and
the rules' own examples, so that rules fire and fixes apply. Runs are derandomized, so
CI sees the same examples every time.
"""
from __future__ import annotations

import os
import re
from itertools import pairwise

import pytest
from conftest import SEED
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

import mtcheck
from mtcheck.api import findings_for, linter_for
from mtcheck.config import Config
from mtcheck.documents import make_document
from mtcheck.fixes import allowed, apply_once, fix_until_stable
from mtcheck.linter import FAILURES
from mtcheck.model import Applicability, Severity

# MTCHECK_PROPERTY_EXAMPLES=5000 runs a deeper (still derandomized) search locally.
EXAMPLES = int(os.environ.get("MTCHECK_PROPERTY_EXAMPLES", "150"))
PROPERTY_SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                             suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
FEWER = settings(PROPERTY_SETTINGS, max_examples=max(EXAMPLES * 2 // 5, 1))

ALL_RULES = linter_for(Config(grammar="off")).all_rules
RULE_IDS = sorted(r.id for r in ALL_RULES)
FIXABLE_IDS = sorted(r.id for r in ALL_RULES if r.fix is not None and r.fix.value in ("safe", "unsafe"))
BREAK = re.compile(r"\r\n|\r|\n")

# -- text strategies -------------------------------------------------------------------

SEED_TEXT = SEED.read_text(encoding="utf-8")
SEED_PIECES = [piece for line in SEED_TEXT.splitlines() for piece in re.split(r"(?<=[.!?”])\s+", line) if piece]
EXAMPLE_PIECES = sorted({ex.text for r in ALL_RULES for ex in r.examples_bad + r.examples_good})
ODD_PIECES = [
    "\n", "\r\n", "\r", "\n\n", "\r\r\n", "\n\r", "\u2028", "\u2029", "\x0b", "\x0c", "\x85",
    " ", "  ", "\t", "\u00a0", "\u200b", "\u200d", "\ufeff", "\u00ad", "\x00",
    "e\u0301", "\u0301", "a\u0308\u0323", "Zürich", "Ångström",
    "👍🏽", "👨‍👩‍👧", "🇨🇭", "\U0001f600", "\U00010000",
    "مرحبا بكم", "\u200f", "\u202e", "שלום", "Привет", "北京", "東京", "서울",
    "donâ€™t", "Ã©tÃ©", "�", "&amp;", "&nbsp;", "&#8220;", "<b>", "</p>",
    "the the", "a a", ".", ",", "…", "“", "”", "\"", "'", "(", ")", "[", "]", "«", "»",
    "Read also:", "Please enter your comment!", "For his part,", "Putin", "Biden", "Joe Byden",
    "<!-- mtcheck-disable MT101 -->", "<!-- mtcheck-enable -->", "<!-- mtcheck-disable-next-line -->",
]
CHARS = st.characters(blacklist_categories=("Cs",))  # every code point a str can hold in a file

pieces = st.one_of(
    st.sampled_from(SEED_PIECES),
    st.sampled_from(EXAMPLE_PIECES),
    st.sampled_from(ODD_PIECES),
    st.text(CHARS, max_size=12),
)
texts = st.one_of(
    st.text(CHARS, max_size=200),
    st.lists(pieces, max_size=40).map("".join),
    st.lists(st.tuples(pieces, st.sampled_from([" ", "", "\n", "\r\n", "\r", "\n\n"])), max_size=30)
    .map(lambda parts: "".join(a + b for a, b in parts)),
)
selections = st.one_of(st.none(), st.lists(st.sampled_from(RULE_IDS), min_size=1, max_size=8, unique=True))
FIXED_EXAMPLES = sorted({ex.text for r in ALL_RULES for ex in r.examples_bad if ex.fixed is not None})
fixable_texts = st.lists(st.tuples(st.one_of(st.sampled_from(FIXED_EXAMPLES), st.sampled_from(SEED_PIECES), pieces),
                                   st.sampled_from([" ", "\n", "\r\n", "\r", "\n\n", ""])),
                         min_size=1, max_size=12).map(lambda parts: "".join(a + b for a, b in parts))
fix_selections = st.one_of(st.none(), st.lists(st.sampled_from(FIXABLE_IDS), min_size=1, max_size=6, unique=True),
                           selections)


def config_for(ids) -> Config:
    return Config(select=tuple(ids) if ids is not None else None, grammar="off")


# -- checking ------------------------------------------------------------------------------

def expected_line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column counted from scratch: \\r\\n, \\r and \\n are one break each."""
    breaks = list(BREAK.finditer(text[:offset]))
    line_start = breaks[-1].end() if breaks else 0
    return len(breaks) + 1, offset - line_start + 1


def inside_crlf(text: str, offset: int) -> bool:
    return 0 < offset < len(text) and text[offset - 1] == "\r" and text[offset] == "\n"


@pytest.fixture(autouse=True)
def no_rule_fails():
    """A rule that raises is caught (its findings lost, the run's exit 2) and recorded in
    FAILURES: no property here may make one."""
    before = len(FAILURES)
    yield
    assert FAILURES[before:] == []


@PROPERTY_SETTINGS
@given(text=texts, ids=selections)
def test_check_text_never_raises_and_spans_are_inside_the_text(text, ids):
    before = len(FAILURES)
    report = mtcheck.check_text(text, config=config_for(ids))
    assert report.error is None and FAILURES[before:] == []
    event("findings" if report.findings else "no findings")
    doc = report.document
    for f in report.findings:
        # A finding always covers at least one code point: an empty span could not be
        # underlined or quoted. (Insertions live in a fix's edits, never in the span.)
        assert 0 <= f.start < f.end <= len(text), (f.rule, f.start, f.end, len(text))
        assert not inside_crlf(text, f.start) and not inside_crlf(text, f.end), (f.rule, f.start, f.end)
        assert doc.line_col(f.start) == expected_line_col(text, f.start), f.rule
        if f.fix is not None:
            edits = sorted(f.fix.edits)
            assert edits, f.rule
            for e in edits:
                assert 0 <= e.start <= e.end <= len(text), (f.rule, e)
            for a, b in pairwise(edits):
                assert a.end <= b.start, (f.rule, "edits of one fix overlap", a, b)


@PROPERTY_SETTINGS
@given(text=texts)
def test_line_col_agrees_with_counted_line_breaks(text):
    doc = make_document(text, "<text>")
    breaks = BREAK.findall(text)
    assert len(doc.lines) == len(breaks) + 1
    for line in doc.lines:
        assert not BREAK.search(text, line.start, line.end) and "\r" not in text[line.start:line.end]
    for offset in range(len(text) + 1):
        if not inside_crlf(text, offset):
            assert doc.line_col(offset) == expected_line_col(text, offset), offset


# -- fixing --------------------------------------------------------------------------------

def outside_edits_kept(before: str, after: str, edits) -> bool:
    """True when `after` is `before` with only the spans of `edits` (any subset of them,
    replaced by anything) changed: every stretch of `before` outside all edits comes back
    unchanged and in order. An insertion point splits a stretch without covering any of it."""
    cuts = sorted((e.start, e.end) for e in edits)
    stretches, pos = [], 0
    for start, end in cuts:
        if start >= pos:
            stretches.append(before[pos:start])
            pos = end
        else:
            pos = max(pos, end)
    stretches.append(before[pos:])
    if len(stretches) == 1:
        return after == before
    first, *middle, last = stretches
    if not after.startswith(first):
        return False
    at = len(first)
    for piece in middle:
        found = after.find(piece, at)
        if found < 0:
            return False
        at = found + len(piece)
    return len(after) - len(last) >= at and after.endswith(last)


def assert_fixes_are_local_and_converge(text: str, check) -> None:
    current = text
    for _ in range(20):  # pass by pass, as fix_until_stable does
        findings = check(current)
        fixed, applied = apply_once(current, findings, unsafe=True)
        edits = [e for f in findings if f.fix and allowed(f.fix.applicability, True) for e in f.fix.edits]
        assert outside_edits_kept(current, fixed, edits), (current, fixed, edits)
        if not applied:
            assert fixed == current
            break
        current = fixed
    once, applied = fix_until_stable(text, check, unsafe=True)
    event("fixed" if applied else "nothing to fix")
    twice, applied_again = fix_until_stable(once, check, unsafe=True)
    assert twice == once and applied_again == 0, (text, once, twice)


@PROPERTY_SETTINGS
@given(text=st.one_of(fixable_texts, texts), ids=fix_selections)
def test_fixes_change_only_fixed_spans_and_converge(text, ids):
    config = config_for(ids)
    assert_fixes_are_local_and_converge(text, lambda t: findings_for(make_document(t, "<text>"), config))


@FEWER
@given(text=fixable_texts, ids=fix_selections,
       codec=st.sampled_from([("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16", None)]))
def test_fix_file_writes_a_file_a_second_fix_leaves_alone(tmp_path_factory, text, ids, codec):
    """--fix end to end (decode, fix in passes, encode with the file's own BOM and codec,
    write atomically): the written file decodes to the fixed text, keeps its byte-order
    mark, and fixing it again changes nothing."""
    from mtcheck.fixing import fix_file

    encoding, bom = codec
    data = text.encode("utf-16") if bom is None else bom + text.encode(encoding)
    path = tmp_path_factory.mktemp("fix") / "story.txt"
    path.write_bytes(data)
    config = config_for(ids)
    first = fix_file(path, config)
    if "\x00" in text and bom is not None:  # NUL in UTF-8: a binary file, refused and left alone
        assert first.error.startswith("looks like a binary file") and path.read_bytes() == data
        return
    assert first.report.error is None, first.report.error
    written = path.read_bytes()
    assert written.startswith(b"\xff\xfe" if bom is None else bom)  # the byte-order mark kept
    assert written.decode("utf-16" if bom is None else "utf-8-sig") == first.fixed
    assert written == data or first.changed
    second = fix_file(path, config)
    assert not second.changed and path.read_bytes() == written, (text, first.fixed, second.fixed)


def test_outside_edits_kept_helper():
    from mtcheck.model import Edit

    assert outside_edits_kept("a  b", "a b", [Edit(1, 2, "")])
    assert outside_edits_kept("the the cat", "the cat", [Edit(3, 7, "")])
    assert outside_edits_kept("ab", "aXb", [Edit(1, 1, "X")])
    assert not outside_edits_kept("abc", "abd", [Edit(0, 1, "")])
    assert not outside_edits_kept("abc", "ab", [])
    assert outside_edits_kept("abcdef", "aXcYf", [Edit(1, 2, "X"), Edit(3, 5, "Y")])
    assert not outside_edits_kept("abcdef", "aXcY", [Edit(1, 2, "X"), Edit(3, 5, "Y")])


# -- Markdown and HTML ---------------------------------------------------------------------

MARKUP_PIECES = [
    "# ", "## ", "Title\n===\n", "---\ntitle: x\n---\n", "```\n", "```python\n", "~~~\n", "`", "``",
    "    code\n", "> ", "* ", "- ", "1. ", "| a | b |\n|---|---|\n", "[link](http://example.com)", "![img](a.png)",
    "<http://example.com>", "**", "_", "\\", "<!-- comment -->", "<!--", "-->", "<p>", "</p>", "<br/>",
    "<div class=\"share\">", "</div>", "<script>var a = '<p>';</script>", "<style>p{}</style>", "<h1>", "</h1>",
    "<title>T</title>", "<!DOCTYPE html>", "<![CDATA[x]]>", "<a href='x'>", "</a>", "<", ">", "&", "&amp;",
    "&#x2014;", "&bogus;", "<img alt=\"Putin\">", "<li>", "<td>", "<?xml?>", "<html><body>", "</body></html>",
]
markup_texts = st.lists(st.one_of(st.sampled_from(MARKUP_PIECES), pieces, fixable_texts), max_size=30).map("".join)


@PROPERTY_SETTINGS
@given(text=st.one_of(markup_texts, texts), name=st.sampled_from(["a.md", "a.markdown", "a.html", "a.htm"]))
def test_markdown_and_html_prose_keeps_length_and_line_breaks(text, name):
    doc = make_document(text, name)
    assert len(doc.prose) == len(text)
    html = name.endswith((".html", ".htm"))
    for i, (a, b) in enumerate(zip(text, doc.prose)):
        if a in "\r\n":
            assert b == a, (i, a, b)  # every line break of the file stays where it is
        elif b in "\r\n":
            # the only break the prose adds: HTML turns the `<` of a block tag into one
            assert html and a == "<" and b == "\n", (i, a, b)
    for span in doc.heading_spans:
        assert 0 <= span.start <= span.end <= len(text)


@FEWER
@given(text=markup_texts, name=st.sampled_from(["a.md", "a.html"]), ids=selections)
def test_markup_checks_never_raise_and_fixes_are_local(text, name, ids):
    config = config_for(ids)
    report = mtcheck.check_text(text, path=name, config=config)
    for f in report.findings:
        assert 0 <= f.start < f.end <= len(text), (f.rule, f.start, f.end)

    assert_fixes_are_local_and_converge(text, lambda t: findings_for(make_document(t, name), config))


def _reference_apply_once(text: str, findings, unsafe: bool = False) -> tuple[str, int]:
    """apply_once as first written: every pair compared, the text rebuilt per edit."""
    from mtcheck.fixes import _overlap

    taken, count = [], 0
    for f in sorted((f for f in findings if f.fix and allowed(f.fix.applicability, unsafe)),
                    key=lambda f: (min(e.start for e in f.fix.edits), f.rule)):
        if any(_overlap(e, t) for e in f.fix.edits for t in taken):
            continue
        taken.extend(f.fix.edits)
        count += 1
    for edit in sorted(taken, reverse=True):
        text = text[:edit.start] + edit.replacement + text[edit.end:]
    return text, count


_EDIT = st.tuples(st.integers(0, 40), st.integers(0, 6), st.sampled_from(["", "x", "yz"]))


@given(text=st.text(alphabet="ab ", min_size=40, max_size=40),
       fixes=st.lists(st.tuples(st.lists(_EDIT, min_size=1, max_size=3), st.sampled_from(["MT1", "MT2", "MT3"]),
                                st.sampled_from(list(Applicability))), max_size=25),
       unsafe=st.booleans())
@example(text="ab " * 13 + "a", unsafe=False,  # a fix whose own edits overlap, then one beside them
         fixes=[([(0, 3, ""), (1, 0, "")], "MT1", Applicability.SAFE), ([(2, 0, "")], "MT1", Applicability.SAFE)])
@settings(max_examples=400, deadline=None, derandomize=True)
def test_apply_once_takes_the_same_fixes_as_comparing_every_pair(text, fixes, unsafe):
    from mtcheck.model import Edit, Finding, Fix

    findings = [Finding(rule=rule, name="r", category="Style", severity=Severity.MINOR, start=0, end=1,
                        message="m", fix=Fix(tuple(Edit(s, min(s + w, 40), r) for s, w, r in edits), applicability))
                for edits, rule, applicability in fixes]
    assert apply_once(text, findings, unsafe) == _reference_apply_once(text, findings, unsafe)
