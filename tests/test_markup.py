"""Markdown and HTML files: only prose is checked, and findings point into the file.

The bundled article exists as plain text, as a CMS's Markdown export and as a web page
(fixtures/articles/geneva-summit.{txt,md,html}); all three must give the same findings.
"""
from __future__ import annotations

import html
import re
from collections import Counter
from itertools import pairwise
from pathlib import Path

import pytest
from conftest import FIXTURES, SEED
from hypothesis import given, settings
from hypothesis import strategies as st

from mtcheck.api import check_file, check_text
from mtcheck.config import Config
from mtcheck.documents import Document, make_document
from mtcheck.documents.html import html_prose
from mtcheck.documents.markdown import markdown_prose

MARKDOWN = FIXTURES / "articles" / "geneva-summit.md"
HTML = FIXTURES / "articles" / "geneva-summit.html"
BLANK = "\t"


def check(path: Path):
    report = check_file(path, Config())
    assert report.error is None, report.error
    return report


def shown(doc: Document, start: int, end: int) -> str:
    """What a reader sees of a span: its prose without the blanked markup."""
    return doc.prose[start:end].replace(BLANK, "")


def comparable(report) -> Counter:
    """(rule, matched text, message) of every finding, as the reader of the rendered
    article would see them. Messages quote the file's text, so character references
    are decoded; "on line N" names a line number, which differs between the three files
    (front matter, blank lines, tags), so the line's text stands in for it."""
    doc = report.document

    def line_text(m: re.Match) -> str:
        ln = doc.lines[int(m.group(1)) - 1]
        return "line «" + doc.prose[ln.start:ln.end].replace(BLANK, "").strip() + "»"

    return Counter((f.rule, shown(doc, f.start, f.end), re.sub(r"line (\d+)", line_text, html.unescape(f.message)))
                   for f in report.findings)


# -- (a) the same findings in every format ----------------------------------------------------------
@pytest.mark.parametrize("path", [MARKDOWN, HTML], ids=["markdown", "html"])
def test_markup_versions_give_the_findings_of_the_text_version(path):
    plain = check(SEED)
    marked = check(path)
    assert len(plain.findings) == 32
    assert comparable(marked) == comparable(plain)


def test_markup_fixtures_keep_the_artifacts_the_tool_must_flag():
    for path in (MARKDOWN, HTML):
        rules = Counter(f.rule for f in check(path).findings)
        assert rules["MT201"] == 2 and rules["MT101"] == 2  # lost sub-headings, comment form
        assert rules["MT607"] == rules["MT608"] == rules["MT603"] == 0  # no spacing or entity noise from markup


# -- (b) offsets, lines and columns point into the file itself --------------------------------------
@pytest.mark.parametrize("path", [MARKDOWN, HTML], ids=["markdown", "html"])
def test_findings_point_at_their_text_in_the_original_file(path):
    report = check(path)
    raw = path.read_text(encoding="utf-8")
    file_lines = raw.split("\n")
    doc = report.document
    assert doc.text == raw
    seed = SEED.read_text(encoding="utf-8")
    plain = {(f.rule, seed[f.start:f.end]) for f in check(SEED).findings}
    for f in report.findings:
        matched = doc.text[f.start:f.end]
        assert matched == raw[f.start:f.end]
        # the span opens on prose and reads, without its markup, as the text version's match
        assert not doc.prose[f.start].isspace()
        assert (f.rule, shown(doc, f.start, f.end)) in plain
        line, col = doc.line_col(f.start)
        assert file_lines[line - 1][col - 1:].startswith(matched.split("\n")[0])


def test_the_headline_link_and_comment_form_are_found_on_their_own_lines():
    md = check(MARKDOWN)
    where = {(f.rule, md.document.text[f.start:f.end]): md.document.line_col(f.start) for f in md.findings}
    raw = MARKDOWN.read_text(encoding="utf-8").split("\n")
    assert where[("MT101", "Please enter your comment!")] == (raw.index("Please enter your comment!") + 1, 1)
    assert where[("MT201", "good and positive")] == (raw.index("good and positive") + 1, 1)
    page = check(HTML)
    where = {(f.rule, page.document.text[f.start:f.end]): page.document.line_col(f.start) for f in page.findings}
    raw = HTML.read_text(encoding="utf-8").split("\n")
    assert where[("MT101", "Please enter your name here")] == (raw.index("<p>Please enter your name here</p>") + 1, 4)


# -- (c) what is not prose is never checked -------------------------------------------------------------
JUNK = "Please enter your comment! The media lenses at Villa Lagrange &amp; the the <p>"

MARKDOWN_MACHINERY = f"""---
title: "{JUNK}"
---

+++ is not front matter further down, and neither is this line.

```
{JUNK}
```

    {JUNK}

Run `{JUNK}` or visit <https://example.com/media-lenses>, https://example.com/Villa-Lagrange and
[the summit](https://example.com/Please-enter-your-comment "{JUNK}") on the day.

![{JUNK}](https://example.com/villa-lagrange.jpg "{JUNK}")

<div class="comment-form">
{JUNK}
</div>

The talks, said <span title="{JUNK}">officials</span>, went well.

[summit]: https://example.com/Please-enter-your-comment "{JUNK}"
"""

HTML_MACHINERY = f"""<!DOCTYPE html>
<html><head>
<meta name="description" content="{JUNK}">
<title>Talks in Geneva</title>
<style>/* {JUNK} */ .media-lenses {{ color: red; }}</style>
<script>var prompt = "{JUNK}"; if (a && b) {{ x = "<p>"; }}</script>
</head>
<body>
<!-- {JUNK} -->
<p>The talks went well, officials said.</p>
<img alt="{JUNK}" src="villa-lagrange.jpg" onerror="alert('{JUNK}')">
<pre>{JUNK}</pre>
<p>Run <code>{JUNK}</code> on the day.</p>
<noscript>{JUNK}</noscript>
<template><p>{JUNK}</p></template>
<a href="https://example.com/Please-enter-your-comment" title="{JUNK}">The summit</a> ended.
</body></html>
"""


@pytest.mark.parametrize("name, text", [("notes.md", MARKDOWN_MACHINERY), ("page.html", HTML_MACHINERY)])
def test_code_urls_front_matter_scripts_styles_and_attributes_produce_no_findings(tmp_path, name, text):
    assert len(check_text(JUNK + "\n").findings) >= 4  # the same words as prose are flagged
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    report = check(path)
    assert [(f.rule, report.document.text[f.start:f.end]) for f in report.findings] == []
    assert "Please" not in report.document.prose and "lenses" not in report.document.prose


# -- (d), (e) headings in the markup are headings --------------------------------------------------------
def _orphans(path: Path) -> list[str]:
    report = check(path)
    return [report.document.text[f.start:f.end] for f in report.findings if f.rule == "MT201"]


@pytest.mark.parametrize("heading", ["## good and positive", "good and positive\n-----------------"],
                         ids=["atx", "setext"])
def test_markdown_heading_is_not_an_orphan_heading(tmp_path, heading):
    raw = MARKDOWN.read_text(encoding="utf-8")
    assert "\n\ngood and positive\n\n" in raw
    assert _orphans(MARKDOWN) == ["good and positive", "constructive and fruitful"]
    path = tmp_path / "article.md"
    path.write_text(raw.replace("\n\ngood and positive\n\n", f"\n\n{heading}\n\n"), encoding="utf-8")
    assert _orphans(path) == ["constructive and fruitful"]


def test_html_heading_is_not_an_orphan_heading(tmp_path):
    raw = HTML.read_text(encoding="utf-8")
    assert "<p>good and positive</p>" in raw
    assert _orphans(HTML) == ["good and positive", "constructive and fruitful"]
    path = tmp_path / "article.html"
    path.write_text(raw.replace("<p>good and positive</p>", "<h2 class=\"sub\">good and positive</h2>"), encoding="utf-8")
    assert _orphans(path) == ["constructive and fruitful"]


# -- the Markdown prose view, construct by construct ---------------------------------------------------
def words(prose: str) -> str:
    """The prose as read: blanked markup dropped, white space collapsed."""
    return " ".join(prose.replace(BLANK, "").split())


@pytest.mark.parametrize("source, expected", [
    ("# Title ##\n", "Title"),
    ("Title\n=====\n", "Title"),
    ("> quoted *text* here\n> and **more**\n", "quoted text here and more"),
    ("- one\n- two\n\n1. three\n2) four\n", "one two three four"),
    ("Say `x = 1` or ``a ` b`` now.\n", "Say or now."),
    ("See [the report](https://example.org/r \"Title\") and [this][ref].\n\n[ref]: https://x.org\n",
     "See the report and this."),
    ("Shortcut [ref] and [not a link].\n\n[ref]: <https://x.org> 'title'\n", "Shortcut ref and [not a link]."),
    ("Image ![alt text](img.png \"t\") gone.\n", "Image gone."),
    ("Some text ![a *b* &amp; `c`](x.png) end.\n", "Some text end."),
    ("Mail <me@example.org> or <https://example.org> or https://example.org/a?b=c.\n", "Mail or or ."),
    ("Go to www.example.org, then stop.\n", "Go to , then stop."),
    ("Tag <b class=\"x\">bold</b> and <!-- note --> end.\n", "Tag bold and end."),
    ("Escaped \\*stars\\* and a \\[bracket\\], but \\q stays.\n", "Escaped *stars* and a [bracket], but \\q stays."),
    ("Rock &amp; roll, caf&eacute; and &#8220;quotes&#8221;; &bogus; stays.\n",
     "Rock & roll, café and “quotes”; &bogus; stays."),
    ("Soft&shy;hyphen, new&#10;line and zero&#8203;width.\n", "Softhyphen, newline and zerowidth."),
    ("5 * 3 = 15 and snake_case_name and *a*b.\n", "5 * 3 = 15 and snake_case_name and ab."),
    ("Hard  \nbreak and back\\\nslash.\n", "Hard break and back slash."),
    ("<div>\nHTML block text\n</div>\n\nAfter.\n", "After."),
    ("***\n\nText\n", "Text"),
    ("---\ntitle: A\ndate: 2021-06-16\n---\nBody.\n", "Body."),
    ("+++\ntitle = \"A\"\n+++\nBody.\n", "Body."),
    ("---\nNo closing line, so a rule and text.\n", "No closing line, so a rule and text."),
    ("~~~python\nprint('x')\n~~~\n\n    indented code\n\nText.\n", "Text."),
])
def test_markdown_prose(source, expected):
    prose, _, _ = markdown_prose(source)
    assert len(prose) == len(source)
    assert words(prose) == expected


def test_markdown_table_cells_are_separate():
    source = "| Name | Role |\n|------|------|\n| Lavrov | Foreign \\| Minister |\n"
    prose, _, blocks = markdown_prose(source)
    assert prose.split() == ["Name", "Role", "Lavrov", "Foreign", "|", "Minister"]
    assert [source[b.start:b.end] for b in blocks] == ["Name", "Role", "Lavrov", "Foreign \\| Minister"]


def test_markdown_prose_keeps_offsets_and_line_breaks():
    raw = MARKDOWN.read_text(encoding="utf-8")
    prose, headings, blocks = markdown_prose(raw)
    assert len(prose) == len(raw)
    for p, t in zip(prose, raw):
        assert p == t or p == BLANK
        assert (p == "\n") == (t == "\n")
    assert raw[headings[0].start:headings[0].end].startswith("# The Biden-Putin summit")
    assert "CNN reported" in words(prose) and "edition.cnn.com" not in prose
    assert "title:" not in prose and "*" not in prose
    assert [raw[b.start:b.end] for b in blocks][-2:] == ["Please enter your comment!", "Please enter your name here"]


def test_markdown_crlf_and_container_prefixes():
    source = "> First line of a quote\r\n> second line.\r\n\r\n  * item in a list\r\n    continued\r\n"
    prose, _, blocks = markdown_prose(source)
    assert len(prose) == len(source)
    assert words(prose) == "First line of a quote second line. item in a list continued"
    assert [source[b.start:b.end] for b in blocks] == ["First line of a quote\r\n> second line.",
                                                        "item in a list\r\n    continued"]


def test_markdown_blocks_are_whole_paragraphs():
    source = "The talks ended early on Wednesday.\nBoth sides said they were useful.\n\n## Next\n\nMore text here.\n"
    _, headings, blocks = markdown_prose(source)
    assert [source[b.start:b.end] for b in blocks] == [
        "The talks ended early on Wednesday.\nBoth sides said they were useful.", "Next", "More text here."]
    assert [source[h.start:h.end] for h in headings] == ["## Next"]


def test_soft_wrapped_markdown_paragraph_is_one_paragraph():
    source = "The talks ended early on Wednesday.\nBoth sides said they were useful.\n\nNext paragraph.\n"
    doc = make_document(source, "a.md")
    assert [source[p.start:p.end] for p in doc.paragraphs] == [
        "The talks ended early on Wednesday.\nBoth sides said they were useful.", "Next paragraph."]


# -- the HTML prose view --------------------------------------------------------------------------------------
@pytest.mark.parametrize("source, expected", [
    ("<p class=\"lead\">Talks <b>ended</b> early.</p>", "Talks ended early."),
    ("<html><head><title>Title</title><meta charset=utf-8><style>p{}</style></head><body>Body</body></html>",
     "Title Body"),
    ("<p>A<!-- comment -->B<script>x()</script>C<style>.x{}</style>D</p>", "ABCD"),
    ("<p>Rock &amp; roll, caf&eacute;, AT&T, &#8220;q&#8221; &#x2019;</p>", "Rock & roll, café, AT&T, “q” ’"),
    ("<p>co&shy;operation, zero&#8203;width and new&#10;line&#13;</p>", "cooperation, zerowidth and newline"),
    ("<p>Run <code>rm -rf</code> or <pre>code</pre> now.</p>", "Run or now."),
    ("<p>One<br>Two<br/>Three</p>", "One Two Three"),
    ("<noscript>enable JS</noscript><template><p>x</p></template><p>Text</p>", "Text"),
    ("<img src=a.jpg alt=\"A photo\" onerror=\"alert(1)\"><p>Text</p>", "Text"),
    ("Plain text without tags.", "Plain text without tags."),
])
def test_html_prose(source, expected):
    prose, _, _ = html_prose(source)
    assert len(prose) == len(source)
    assert words(prose) == expected


def test_html_block_tags_end_prose_lines_and_blocks():
    source = "<h1>Headline</h1><p>The talks ended early.</p><p>good and positive</p><div>More <i>text</i>.</div>"
    prose, headings, blocks = html_prose(source)
    assert [line.strip() for line in prose.split("\n") if line.strip()] == [
        "Headline", "The talks ended early.", "good and positive", "More \t\t\ttext\t\t\t\t."]
    assert [source[b.start:b.end] for b in blocks] == [
        "Headline", "The talks ended early.", "good and positive", "More <i>text</i>."]
    assert [source[h.start:h.end] for h in headings] == ["<h1>Headline"]


def test_html_prose_keeps_offsets_and_line_breaks():
    raw = HTML.read_text(encoding="utf-8")
    prose, headings, _ = html_prose(raw)
    assert len(prose) == len(raw)
    for i, (p, t) in enumerate(zip(prose, raw)):
        if t == "\n":
            assert p == "\n"
        elif p == "\n":
            assert t == "<"  # a block tag
    assert [words(prose[h.start:h.end]) for h in headings] == [
        "Biden & Putin meet in Geneva – World News",
        "The Biden-Putin summit “passed peacefully”… and pledges for a comprehensive dialogue"]
    assert "dataLayer" not in prose and "margin" not in prose and "comment-form" not in prose


def test_block_elements_on_one_line_are_separate_paragraphs():
    long = "The two presidents met in Geneva for talks that lasted several hours, officials said on Wednesday."
    source = f"<p>{long}</p><p>good and positive</p><p>{long}</p>\n"
    doc = make_document(source, "page.html")
    assert [source[p.start:p.end] for p in doc.paragraphs] == [long, "good and positive", long]


# -- by file kind ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("path, kind", [
    ("a.md", "markdown"), ("A.MARKDOWN", "markdown"), ("dir.x/page.HTML", "html"), ("p.htm", "html"),
    ("a.txt", "plain"), ("-", "plain"), ("<text>", "plain"), ("md", "plain"), ("notes.md.txt", "plain"),
])
def test_make_document_by_suffix(path, kind):
    source = "# Head *line*\n\n<p>Text</p>\n"
    doc = make_document(source, path)
    assert doc.path == path and doc.text == source
    expected = {"markdown": markdown_prose(source)[0], "html": html_prose(source)[0], "plain": source}[kind]
    assert doc.prose == expected


def test_plain_text_is_unchanged(seed_text):
    doc = make_document(seed_text, "article.txt")
    assert doc.prose == seed_text and doc.heading_spans == []


# -- any input keeps its length and its line breaks --------------------------------------------------------------
_PIECES = st.sampled_from(["#", "*", "_", "`", "[", "]", "(", ")", "<", ">", "!", "&", ";", "\\", "|", "-", "=",
                           "\n", "\r\n", "\r", " ", "\t", "a", "Word", "é", "“", "&amp;", "&#8217;", "&#10;", "&#13;",
                           "&shy;", "&#8232;", "<p>", "</p>",
                           "<br/>", "<!--", "-->", "<script>", "</script>", "```", "    ", "> ", "- ", "1. ",
                           "http://x.y", "---", "+++", "\x00", "\u2028", "😀"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_any_input_keeps_length_and_line_breaks(source):
    references = [range(m.start(), m.end()) for m in re.finditer(r"&#?\w+;?", source)]
    for prose, _, blocks in (markdown_prose(source), html_prose(source)):
        assert len(prose) == len(source)
        for i, (p, t) in enumerate(zip(prose, source)):
            if t in "\r\n":
                assert p == t
            elif p not in (t, BLANK) and not (p == "\n" and t == "<"):
                assert any(i in r for r in references)  # only a reference shows another character
        assert all(0 <= b.start < b.end <= len(source) for b in blocks)
        assert all(a.end <= b.start for a, b in pairwise(blocks))
