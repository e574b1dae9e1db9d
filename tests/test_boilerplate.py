"""The boilerplate kind's shared line view: all of a document's lines normalised at once
must be exactly what normalise_line makes of each, and the rules of a load must find
together what each finds alone."""
from __future__ import annotations

import sys

import pytest

from mtcheck.documents import Document
from mtcheck.documents.loader import make_document
from mtcheck.kinds.boilerplate import (
    _ASCII_SPACES,
    MAX_WORDS,
    BoilerplateKind,
    LineIndex,
    _loosened,
    normalise_line,
)
from mtcheck.kinds.pattern import compile_re2
from mtcheck.packs import load_rules

RULES = [r for r in load_rules() if r.kind == "boilerplate"]

# lines that take every branch of the normalising: frame, counters, odd whitespace
# (tabs, no-break and other Unicode spaces, a vertical tab, "\u2028" inside a line),
# digits that are not ASCII, word counts either side of the limit
LINES = [
    "• Share this:", "0 Comments", "Comments (3)", "12 Shares 4", "Share 1,234", "1 - 2", "12", "(3)",
    "٣ تعليقات", "  Leave  a\tReply  ", "Share  this:", "Leave\xa0a Reply", "Read also:\u2009Talks resume",
    "Tags\x0b: Iran", "Share\u2028this", "Cookie settings\u3000", "“Like this:”", "Please enter your comment!",
    "İlgili Haber: x", "", "   ", "\t", "-", "Copyright © 2024 Foo. All rights reserved.", "Home » World » Story",
    " ".join(["word"] * (MAX_WORDS - 1)) + " Share", " ".join(["word"] * MAX_WORDS) + " Share",
    "Share this:" + " " * MAX_WORDS, "The talks in Geneva went on late into the night, officials said.",
]


def documents() -> list[Document]:
    text = "\n".join(LINES) + "\n"
    html = "<p>" + "</p>\n<p>".join(LINES[:12]) + "</p><br>Share this<b>:</b>\n"
    return [Document(text), Document(text.replace("\n", "\r\n")), Document(text.replace("\n", "\r")),
            Document("\r\n".join(LINES[:9]) + "\n" + "\n".join(LINES[9:])), Document(text.rstrip("\n")),
            Document(""), make_document(html, "a.html"), make_document("## " + text, "a.md")]


@pytest.mark.parametrize("doc", documents())
def test_the_view_normalises_every_line_as_normalise_line_does(doc):
    expected = []
    for ln in doc.lines:
        raw = doc.prose[ln.start:ln.end]
        text = normalise_line(raw, doc.folded[ln.start:ln.end])
        if raw.count(" ") + 1 <= MAX_WORDS and text:
            expected.append((ln.index, text, raw.count(" ") + 1))
    view = LineIndex([r.checker for r in RULES]).view(doc)
    assert [(i, t, view.words(row)) for row, (i, t) in enumerate(zip(view.lines, view.texts))] == expected
    assert view.joined == "\n".join(t for _, t, _ in expected)
    assert [view.joined[s:].split("\n")[0] for s in view.starts] == view.texts


def test_a_space_is_the_only_whitespace_that_needs_no_collapsing():
    # _odd_spaces finds odd whitespace by str.isprintable, or in ASCII text by a search
    # for each of _ASCII_SPACES: that must cover all that str.split splits at
    assert " ".isprintable()
    for c in map(chr, range(sys.maxunicode + 1)):
        if c.isspace() and c != " ":
            assert not c.isprintable() and (c in _ASCII_SPACES or not c.isascii()), hex(ord(c))


def test_rules_loaded_together_find_what_each_finds_alone():
    assert len({id(r.checker.index) for r in RULES}) == 1
    texts = [ex.text for r in RULES for ex in r.examples_bad + r.examples_good]
    docs = [Document("\n".join(texts) + "\n"), Document("\r\n".join(texts + LINES))]
    for r in RULES:
        alone = BoilerplateKind(r, r.checker.options)  # its own index, no gate
        assert alone.index is not r.checker.index and alone.gate is None
        for doc in docs:
            found = [(f.start, f.end, f.fix) for f in r.checker.check(doc)]
            assert found == [(f.start, f.end, f.fix) for f in alone.check(Document(doc.text))], r.id
    assert sum(len(list(r.checker.check(docs[0]))) for r in RULES) >= len(RULES)


def test_loosened_patterns_lose_only_their_counted_dots():
    assert _loosened(r"(?m)^(?:.{0,120}all rights reserved)$") == r"(?m)^(?:.*all rights reserved)$"
    assert _loosened(r"a.{1,5}?b.{3}c.{2,}") == "a.*?b.*c.*"
    for same in (r"\.{1,3}", r"[.{1,2}]", r"[]{.}]", r"[^].{]", r"[[:alpha:].]{2}", r"\Q.{1,2}\E", r"\d{4}"):
        assert _loosened(same) == same


def test_loosened_patterns_match_all_that_the_rules_match():
    lines = [normalise_line(ln) for r in RULES for ex in r.examples_bad + r.examples_good
             for ln in ex.text.splitlines()] + [normalise_line(ln) for ln in LINES]
    for r in RULES:
        if r.checker.source:
            exact, loose = compile_re2(r.checker.source), compile_re2(_loosened(r.checker.source))
            for line in lines:
                assert not exact.search(line) or loose.search(line), (r.id, line)
