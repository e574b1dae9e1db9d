"""The editor's report: the MQM-style score and the self-contained HTML page.

The browser tests open real reports in headless Chromium (Debian's /usr/bin/chromium,
driven by Playwright with that browser; no browser is downloaded) and are skipped, with
the reason, when either is missing. They print where they saved a screenshot (the folder
in MTCHECK_SCREENSHOT_DIR, else a temporary one) and how long a 200-article report took
to open.
"""
from __future__ import annotations

import html
import json
import os
import re
import shutil
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import FIXTURES, SEED, run_cli, run_json

from mtcheck.api import Report, check_file, check_text
from mtcheck.config import Config
from mtcheck.documents import make_document
from mtcheck.model import Finding, Fix, Severity
from mtcheck.render import RENDERERS
from mtcheck.render.html import annotate, render, script_json
from mtcheck.score import PENALTY, article_score, format_score, run_score, score_for

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
FIXED = FIXTURES / "fixes" / "geneva-summit.fixed.txt"
XSS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "</textarea>"]
OPEN_LIMIT_S = 10.0


def finding(start: int, end: int, severity: Severity = Severity.MINOR, rule: str = "MT999",
            category: str = "Style/Awkward", message: str = "a problem", suggestions=(), fix: Fix | None = None):
    return Finding(rule, "test-rule", category, severity, start, end, message, list(suggestions), fix)


def report_with(text: str, findings: list[Finding], path: str = "hand.txt") -> Report:
    return Report(path, findings, make_document(text, path))


def words(n: int) -> str:
    return " ".join(f"word{i}" for i in range(n)) + ".\n"


class Page(HTMLParser):
    """Every start tag with its attributes, and the text inside elements of some classes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[tuple[str, set[str]]] = []
        self.texts: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag not in ("meta", "br", "img", "input", "link"):
            self.stack.append((tag, set((attributes.get("class") or "").split())))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1][0] == tag, f"</{tag}> closes <{self.stack[-1][0] if self.stack else None}>"
        self.stack.pop()

    def handle_data(self, data):
        for _, classes in self.stack:
            for cls in classes & {"text", "repaired", "score-num"}:
                self.texts.setdefault(cls, []).append(data)

    def text(self, cls: str) -> str:
        return "".join(self.texts.get(cls, []))


def parse(page: str) -> Page:
    parser = Page()
    parser.feed(page)
    parser.close()
    return parser


@pytest.fixture(scope="module")
def seed_report() -> Report:
    report = check_file(SEED, Config())
    assert report.error is None and report.findings
    return report


@pytest.fixture(scope="module")
def seed_html(seed_report) -> str:
    return render([seed_report], config=Config())


# -- the score -----------------------------------------------------------------------------
def test_penalty_points_and_score_arithmetic():
    assert (PENALTY[Severity.MINOR], PENALTY[Severity.MAJOR], PENALTY[Severity.CRITICAL]) == (1, 5, 25)
    text = words(200)
    findings = [finding(0, 5, Severity.MINOR), finding(6, 11, Severity.MAJOR, category="Fluency/Grammar"),
                finding(12, 17, Severity.CRITICAL, category="Accuracy/Mistranslation"),
                finding(18, 23, Severity.MINOR)]
    s = article_score(report_with(text, findings))
    assert s.words == 200 and s.penalty == 1 + 5 + 25 + 1 and s.findings == 4
    assert s.score == pytest.approx(100 * (1 - 32 / 200)) == pytest.approx(84.0)
    assert s.by_severity == {"minor": 2, "major": 1, "critical": 1}
    assert s.by_category == {"Accuracy/Mistranslation": {"minor": 0, "major": 0, "critical": 1},
                             "Fluency/Grammar": {"minor": 0, "major": 1, "critical": 0},
                             "Style/Awkward": {"minor": 2, "major": 0, "critical": 0}}
    assert format_score(s.score) == "84.0" and format_score(None) == "n/a"


def test_score_floor_and_empty_articles():
    assert score_for(0, 100) == 100.0
    assert score_for(250, 100) == 0.0  # never negative
    assert score_for(0, 0) == 100.0 and score_for(1, 0) == 0.0
    assert article_score(report_with("", [])).score == 100.0
    assert article_score(report_with("", [finding(0, 0)])).score == 0.0
    assert article_score(report_with(words(4), [finding(0, 5, Severity.CRITICAL)])).score == 0.0


def test_run_score_is_word_weighted_and_skips_unchecked_files():
    a = report_with(words(100), [finding(0, 5, Severity.MAJOR)], "a.txt")  # 95
    b = report_with(words(300), [], "b.txt")  # 100
    failed = Report("gone.txt", error="cannot read: No such file or directory")
    run = run_score([a, b, failed])
    assert run.score == pytest.approx((95 * 100 + 100 * 300) / 400) == pytest.approx(98.75)
    assert [x.score for x in run.articles] == [pytest.approx(95.0), 100.0, None]
    assert run.words == 400 and run.penalty == 5
    assert run_score([]).score is None
    assert run_score([report_with("", []), report_with("", [finding(0, 0)])]).score == 50.0  # plain mean


def test_seed_score_is_the_one_the_page_shows(seed_report, seed_html):
    s = article_score(seed_report)
    assert s.words == seed_report.document.word_count > 700
    expected = 100 * (1 - sum(PENALTY[f.severity] for f in seed_report.findings) / s.words)
    assert s.score == pytest.approx(expected)
    shown = parse(seed_html).text("score-num")
    assert shown == f"{format_score(s.score)}/100"
    stats = seed_report.stats
    assert f"<dt>Words</dt><dd>{stats['words']:,}</dd>" in seed_html
    assert f"<dt>Sentences</dt><dd>{stats['sentences']}</dd>" in seed_html
    assert f"<dt>Flesch reading ease</dt><dd>{stats['readability']['flesch_reading_ease']:.1f}</dd>" in seed_html


# -- the page --------------------------------------------------------------------------------
def test_html_renderer_is_registered():
    assert RENDERERS["html"] is render


def test_page_is_self_contained(seed_html):
    page = parse(seed_html)
    assert not page.stack  # every element closed in order
    for tag, attrs in page.tags:
        assert tag not in ("link", "iframe", "object", "embed", "img", "base")
        assert not any(k in attrs for k in ("src", "srcset")), (tag, attrs)
        assert not any(k.startswith("on") for k in attrs), (tag, attrs)
        if tag == "a":
            assert attrs["href"].startswith("#"), attrs
    scripts = [attrs for tag, attrs in page.tags if tag == "script"]
    assert scripts == [{"type": "application/json", "id": "mtcheck-data"}, {}]
    csp = next(a["content"] for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp and "script-src 'unsafe-inline'" in csp
    css = "".join(re.findall(r"<style>(.*?)</style>", seed_html, re.DOTALL))
    assert "url(" not in css and "@import" not in css and "@font-face" not in css


def test_every_finding_is_a_highlight_and_the_text_survives(seed_report, seed_html):
    page = parse(seed_html)
    marks = [a for t, a in page.tags if t == "mark" and "data-finding" in a]
    assert {int(a["data-finding"]) for a in marks} == set(range(len(seed_report.findings)))
    heads = [a for a in marks if "hl-head" in a["class"].split()]
    assert len(heads) == len(seed_report.findings)
    assert page.text("text") == seed_report.document.text
    data = json.loads(html.unescape(re.search(r'id="mtcheck-data">(.*?)</script>', seed_html, re.DOTALL).group(1)))
    assert [f["rule"] for f in data["articles"][0]["findings"]] == [f.rule for f in seed_report.findings]
    assert all(f.rule in data["rules"] and data["rules"][f.rule]["description"] for f in seed_report.findings)


def test_overlapping_and_crossing_findings_all_render():
    text = "alpha beta gamma delta epsilon\n"
    findings = [finding(0, 16), finding(6, 22, Severity.MAJOR), finding(6, 10, Severity.CRITICAL),
                finding(6, 10, Severity.MINOR, rule="MT998"), finding(11, 11), finding(0, 31)]
    out = annotate(text, findings)
    page = parse(f'<div class="text">{out}</div>')
    assert not page.stack and page.text("text") == text
    marks = [a for t, a in page.tags if t == "mark"]
    assert {int(a["data-finding"]) for a in marks} == set(range(len(findings)))
    assert sum("hl-head" in a["class"].split() for a in marks) == len(findings)
    crossing = [a for a in marks if a["data-finding"] == "1"]
    assert len(crossing) == 2  # 6-22 crosses 0-16: split in two marks
    assert "zero" in next(a for a in marks if a["data-finding"] == "4")["class"]


def test_repaired_text_is_what_fix_writes(seed_html, tmp_path):
    assert parse(seed_html).text("repaired") == FIXED.read_text(encoding="utf-8")
    copy = tmp_path / "article.txt"
    shutil.copyfile(SEED, copy)
    report = check_file(copy, Config())
    run_cli("check", "--fix", str(copy))
    assert parse(render([report])).text("repaired") == copy.read_text(encoding="utf-8")
    assert 'download="article.fixed.txt"' in render([report])


def test_unchecked_files_render_with_their_error(tmp_path):
    missing = check_file(tmp_path / "missing.txt", Config())
    page = render([missing, check_text("A sentence.\n", path="ok.txt")])
    assert "missing.txt" in page and "Not checked" in page and 'href="#a2"' in page


def test_script_json_cannot_close_its_script():
    out = script_json({"t": "</script><!-- <script>&amp; \u2028"})
    assert "<" not in out and ">" not in out and "&" not in out
    assert json.loads(out) == {"t": "</script><!-- <script>&amp; \u2028"}


def xss_report(tmp_path: Path) -> Report:
    path = tmp_path / 'evil "<b onmouseover=alert(2)>name".txt'
    body = ("Breaking news from Geneva\n\n"
            f"The summit opened with {XSS[0]} on the agenda. Reporters saw {XSS[1]} near the gates.\n"
            f"A form field ended with {XSS[2]} and the leaders left.\n"
            "Please enter your comment!\n")
    path.write_text(body, encoding="utf-8")
    report = check_file(path, Config())
    finding_at = body.index(XSS[1])
    report.findings.append(finding(finding_at, finding_at + len(XSS[1]), Severity.MAJOR,
                                   message=f"message with {XSS[0]}", suggestions=[XSS[1], XSS[2]]))
    report.findings.sort(key=Finding.sort_key)
    return report


def test_article_markup_is_escaped_everywhere(tmp_path):
    report = xss_report(tmp_path)
    out = render([report])
    page = parse(out)
    assert not page.stack
    assert [t for t, _ in page.tags].count("script") == 2  # the data block and the page's own script
    assert "img" not in [t for t, _ in page.tags] and "textarea" not in [t for t, _ in page.tags]
    assert not any(k.startswith("on") for _, attrs in page.tags for k in attrs)
    for payload in XSS:
        assert html.escape(payload, quote=True) in out
    data_block = re.search(r'id="mtcheck-data">(.*?)</script>', out, re.DOTALL).group(1)
    assert "<" not in data_block
    body_without_scripts = re.sub(r"<script.*?</script>", "", out, flags=re.DOTALL)
    for raw in ("<script>alert", "<img", "onerror=alert(1)>", "</textarea>", "<b ", '"<b'):
        assert raw not in body_without_scripts
    assert page.text("text") == report.document.text


# -- in a real browser ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: install Debian's chromium to run the browser tests")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    pg = context.new_page()
    pg.errors = []  # console errors and uncaught exceptions
    pg.dialogs = []
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))

    def on_dialog(d):
        pg.dialogs.append(d.message)
        d.dismiss()

    pg.on("dialog", on_dialog)
    yield pg
    context.close()


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("MTCHECK_SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_seed_report_in_chromium(page, tmp_path, shots, capsys):
    _, data = run_json(str(SEED))
    expected = data["files"][0]["findings"]
    report_file = tmp_path / "report.html"
    report_file.write_text(render([check_file(SEED, Config())]), encoding="utf-8")
    page.goto(report_file.as_uri())

    ids = page.eval_on_selector_all("article .hl[data-finding]", "ns => ns.map(n => n.dataset.finding)")
    assert len(set(ids)) == len(expected) == page.locator("article .hl.hl-head").count()

    # click the first finding with a suggestion: the panel shows message, suggestion and the rule's why
    index = next(i for i, f in enumerate(expected) if f["suggestions"] and f["suggestions"][0])
    page.locator(f'.hl.hl-head[data-finding="{index}"]').click()
    detail = page.locator(".detail")
    assert expected[index]["suggestions"][0] in detail.inner_text()
    assert expected[index]["message"] in detail.inner_text()
    assert "why it matters" in detail.inner_text().lower()
    assert page.locator(f'.item[data-item="{index}"]').get_attribute("class").split().count("active") == 1
    page.screenshot(path=str(shots / "report-seed.png"))

    # a list entry selects the same way
    page.locator('.item[data-item="0"]').click()
    assert expected[0]["message"] in detail.inner_text()
    assert page.locator('.hl.active[data-finding="0"]').count() >= 1

    # the repaired view: no comment-form junk; the download holds the same text
    page.locator('.tab[data-view="repaired"]').click()
    repaired = page.locator("pre.repaired")
    assert repaired.is_visible() and not page.locator(".view-annotated").is_visible()
    text = repaired.evaluate("n => n.textContent")
    assert "Please enter your comment!" not in text and text == FIXED.read_text(encoding="utf-8")
    with page.expect_download() as download:
        page.locator('[data-action="download"]').click()
    assert download.value.suggested_filename == "geneva-summit.fixed.txt"
    assert Path(download.value.path()).read_text(encoding="utf-8") == text
    page.locator('[data-action="copy"]').click()
    status = page.locator(".status")
    deadline = time.monotonic() + 5
    while not status.text_content() and time.monotonic() < deadline:  # the clipboard answers asynchronously
        page.wait_for_timeout(50)
    assert status.text_content() in ("Copied.", "Selected: press Ctrl+C (\u2318C) to copy.")
    page.screenshot(path=str(shots / "report-seed-repaired.png"))

    # printing: no controls, every finding listed in full
    page.locator('.tab[data-view="annotated"]').click()
    page.emulate_media(media="print")
    assert not page.locator(".tabs").is_visible() and not page.locator(".detail").is_visible()
    assert page.locator(".item").count() == len(expected)
    assert all(page.locator(".item-msg").evaluate_all("ns => ns.map(n => n.scrollHeight <= n.clientHeight + 1)"))
    page.emulate_media(media="screen")

    assert page.errors == []
    with capsys.disabled():
        print(f"\nscreenshots: {shots / 'report-seed.png'}, {shots / 'report-seed-repaired.png'}")


def test_markup_in_an_article_runs_nothing(page, tmp_path):
    report = xss_report(tmp_path)
    report_file = tmp_path / "xss.html"
    report_file.write_text(render([report]), encoding="utf-8")
    page.goto(report_file.as_uri())
    page.locator(".hl[data-finding]").first.click()
    for i in range(len(report.findings)):
        page.locator(f'.item[data-item="{i}"]').click()
    page.locator('.tab[data-view="repaired"]').click()
    page.wait_for_timeout(200)
    assert page.dialogs == [] and page.errors == []
    assert page.evaluate("document.querySelectorAll('img, textarea, main script').length") == 0
    handlers = page.evaluate("[...document.querySelectorAll('*')].flatMap(n => n.getAttributeNames())"
                             ".filter(a => a.startsWith('on'))")
    assert handlers == []
    shown = page.locator(".text").inner_text()
    for payload in XSS:
        assert payload in shown
    page.locator('.tab[data-view="annotated"]').click()
    planted = next(i for i, f in enumerate(report.findings) if f.rule == "MT999")
    page.locator(f'.item[data-item="{planted}"]').click()
    detail = page.locator(".detail").inner_text()
    assert all(payload in detail for payload in XSS)  # message and suggestions, as text
    assert page.dialogs == [] and page.errors == []


def corpus_articles(count: int) -> list[tuple[str, str]]:
    """`count` articles: runs of lines from the human TED corpus, each with a headline and a
    comment form left at the end; copies of the seed article when the corpus is absent."""
    source = CORPORA / "clean_human_ted.txt"
    if not source.exists():
        seed = SEED.read_text(encoding="utf-8")
        return [(f"article-{i:03}.txt", seed) for i in range(count)]
    lines = [line for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    out = []
    for i in range(count):
        start = (i * 37) % len(lines)
        body = [lines[(start + k) % len(lines)] for k in range(24)]
        paragraphs = ["\n".join(body[k:k + 4]) for k in range(0, len(body), 4)]
        text = f"Talk {i + 1}\n\n" + "\n\n".join(paragraphs) + "\n\nPlease enter your comment!\nPlease enter your name here\n"
        out.append((f"talks/talk-{i + 1:03}.txt", text))
    return out


def test_a_200_article_report_opens_quickly(page, tmp_path, shots, capsys):
    config = Config()
    reports = [check_text(text, path=name, config=config) for name, text in corpus_articles(200)]
    findings = sum(len(r.findings) for r in reports)
    assert findings >= 400
    report_file = tmp_path / "many.html"
    report_file.write_text(render(reports, config=config), encoding="utf-8")
    size = report_file.stat().st_size
    started = time.perf_counter()
    page.goto(report_file.as_uri(), wait_until="load")
    page.locator(".hl[data-finding]").first.wait_for(state="visible")
    elapsed = time.perf_counter() - started
    assert page.locator("nav.index tbody tr").count() == 200
    assert page.locator("article.doc").count() == 200
    assert page.locator(".hl.hl-head").count() == findings
    page.locator(".index a").nth(199).click()
    last = page.locator("#a200")
    last.locator(".hl[data-finding]").first.click()
    assert last.locator(".detail h3").is_visible()
    assert page.errors == []
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(shots / "report-200.png"))
    with capsys.disabled():
        print(f"\n200-article report ({size / 1e6:.1f} MB, {findings} findings) opened in {elapsed:.2f} s; "
              f"screenshot: {shots / 'report-200.png'}")
    assert elapsed < OPEN_LIMIT_S


# -- the command line (active once `--min-score` and the JSON score are wired in) --------------
def test_json_score_and_min_score_option():
    _, data = run_json(str(SEED))
    if "score" not in data["summary"]:
        pytest.skip("the JSON output carries no score yet")
    expected = round(article_score(check_file(SEED, Config())).score, 2)
    assert data["summary"]["score"] == data["files"][0]["stats"]["score"] == expected
    html_out = run_cli("check", "--format", "html", str(SEED))
    assert html_out.returncode == 1 and html_out.stdout.startswith(b"<!DOCTYPE html>")
    junk = b"The summit was held in Geneva today, and the talks went on for hours.\nPlease enter your comment!\n"
    words_in = check_text(junk.decode()).document.word_count
    score = 100 * (1 - 5 / words_in)  # one major finding
    assert check_text(junk.decode()).findings[0].severity is Severity.MAJOR
    passing = run_cli("check", "--fail-on", "critical", "--min-score", str(int(score) - 1), "-", stdin=junk)
    failing = run_cli("check", "--fail-on", "critical", "--min-score", str(int(score) + 1), "-", stdin=junk)
    assert (passing.returncode, failing.returncode) == (0, 1)
    assert b"--min-score" in run_cli("check", "--help").stdout
