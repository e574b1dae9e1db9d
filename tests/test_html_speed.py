"""The HTML report's "repaired text" view of long articles, and where it marks changes.

The view is built from the fixes' own edits, followed through the passes of --fix, and
only the regions they changed are diffed token by token. Diffing the whole original
against the whole repaired text, as the report once did, took time that grew with the
square of the article: 5 s for five copies of the bundled article, nearly 4 minutes for
twenty. The long-article test below makes that report; with the quadratic diff back it
runs for minutes instead of well under a second.
"""
from __future__ import annotations

import html
import random
import re
from collections import Counter

from conftest import FIXTURES, SEED

from mtcheck.api import check_text
from mtcheck.config import Config
from mtcheck.fixes import _overlap, apply_once
from mtcheck.fixing import fix_file
from mtcheck.model import Applicability, Edit, Finding, Fix, Severity
from mtcheck.render.html import _changed_regions, _repaired_html, render

CONFIG = Config(grammar="off")
COPIES = 20
CHANGE = re.compile(r'<ins>.*?</ins>|<span class="del" title="[^"]*"></span>', re.DOTALL)


def repaired_view(page: str) -> str:
    (view,) = re.findall(r'<pre class="repaired" lang="en">(.*?)</pre>', page, re.DOTALL)
    return view


def text_of(fragment: str) -> str:
    """What the browser's textContent gives: the text without the tags."""
    return html.unescape(re.sub(r"<[^>]*>", "", fragment))


def report_page(text: str, path: str = "article.txt") -> str:
    return render([check_text(text, path=path, config=CONFIG)], config=CONFIG)


def test_long_article_repaired_view_shows_every_fix(tmp_path):
    seed = SEED.read_text(encoding="utf-8")
    one = Counter(CHANGE.findall(repaired_view(report_page(seed + "\n"))))
    assert one == {"<ins>Antony</ins>": 1, "<ins>La Grange</ins>": 2,
                   '<span class="del" title="deleted: Please enter your comment!\nPlease enter your name here">'
                   "</span>": 1}
    article = tmp_path / "long.txt"
    article.write_text("\n\n".join([seed] * COPIES) + "\n", encoding="utf-8")  # about 108 KB
    text = article.read_text(encoding="utf-8")
    page = report_page(text, str(article))
    view = repaired_view(page)
    # every copy's changes, each marked on its own
    assert Counter(CHANGE.findall(view)) == Counter({change: n * COPIES for change, n in one.items()})
    # the text to copy or download is what --fix writes
    fixed = fix_file(article, CONFIG, write=False).fixed
    assert fixed != text and text_of(view) == fixed
    annotated = re.search(r'<div class="text" lang="en">(.*?)</div></div>', page, re.DOTALL).group(1)
    assert text_of(annotated) == text


def test_deletion_marker_sits_where_the_fix_deleted():
    # MT205 deletes the second "the" (" the" after the first): the marker goes there, not
    # before the first "the", which a diff of the whole texts could equally well choose.
    view = repaired_view(report_page("He said that the the talks had failed.\n\nThe army moved to to the border.\n"))
    assert view == ('He said that the<span class="del" title="deleted: the"></span> talks had failed.\n\n'
                    'The army moved to<span class="del" title="deleted: to"></span> the border.\n')


def test_deleted_markup_is_named_whole():
    # The whole-text diff once named "p>Please … here</p>\n<" here, shifted by one "<".
    view = repaired_view(report_page((FIXTURES / "articles" / "geneva-summit.html").read_text(encoding="utf-8"),
                                     "geneva-summit.html"))
    assert ('<span class="del" title="deleted: &lt;p&gt;Please enter your comment!&lt;/p&gt;\n'
            '&lt;p&gt;Please enter your name here&lt;/p&gt;"></span>&lt;/form&gt;') in view


def test_no_fix_no_markup():
    assert repaired_view(report_page("A <plain> & tidy sentence.\n")) == "A &lt;plain&gt; &amp; tidy sentence.\n"


def _random_passes(rng: random.Random) -> tuple[str, list[tuple[str, list[Finding]]], str]:
    """A short text and a few passes of random fixes (overlapping, touching, insertions,
    several edits per fix, some unsafe), applied as --fix applies them."""
    text = original = "".join(rng.choice("ab  .\nc<&") for _ in range(rng.randint(0, 40)))
    passes = []
    for _ in range(rng.randint(1, 4)):
        findings = []
        for _ in range(rng.randint(0, 6)):
            edits: list[Edit] = []
            while len(edits) < rng.choice((1, 1, 2)):
                start = rng.randint(0, len(text))
                edit = Edit(start, min(len(text), start + rng.choice((0, 0, 1, 2, 3))),
                            "".join(rng.choice("xy .&") for _ in range(rng.randint(0, 3))))
                if not any(_overlap(edit, e) for e in edits):  # as real fixes: edits apart
                    edits.append(edit)
            applicability = rng.choice((Applicability.SAFE, Applicability.SAFE, Applicability.UNSAFE))
            findings.append(Finding(rng.choice(("MT1", "MT2")), "n", "Other", Severity.MINOR, 0, 0, "m", [],
                                    Fix(tuple(edits), applicability)))
        passes.append((text, findings))
        text, _ = apply_once(text, findings)
    return original, passes, text


def test_traced_regions_account_for_every_change():
    rng = random.Random(20240617)
    for _ in range(3000):
        original, passes, fixed = _random_passes(rng)
        regions = _changed_regions(passes, fixed)
        assert regions is not None, passes
        o = f = 0
        for o0, o1, f0, f1 in regions:  # sorted, apart, and the text between them unchanged
            assert o <= o0 <= o1 and f <= f0 <= f1 and original[o:o0] == fixed[f:f0], (original, fixed, regions)
            o, f = o1, f1
        assert original[o:] == fixed[f:], (original, fixed, regions)
        view = _repaired_html(original, fixed, regions)
        assert text_of(view) == fixed == text_of(_repaired_html(original, fixed, None))
