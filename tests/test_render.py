"""The SARIF, GitHub Actions and JSON Lines renderers.

SARIF output is validated against the official SARIF 2.1.0 schema, read in place from the
shared schemas folder next to the repository. The GitHub output of the bundled article is
a golden file; after an intended change, regenerate it with
    MTCHECK_UPDATE_GOLDEN=1 python -m pytest tests/test_render.py
and review the diff of fixtures/expected/render/ like any other change.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import ROOT, run_cli

from mtcheck import __version__
from mtcheck.api import Report, check_file
from mtcheck.config import Config
from mtcheck.documents import Document
from mtcheck.model import Applicability, Edit, Finding, Fix, Severity
from mtcheck.render import RENDERERS, github, jsonl, sarif
from mtcheck.render.json import finding_record

SCHEMA_PATH = Path(__file__).resolve().parents[1].parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"
ARTICLE = Path("fixtures/articles/geneva-summit.txt")  # relative to the repository root
GOLDEN_GITHUB = ROOT / "fixtures" / "expected" / "render" / "geneva-summit.github.txt"


@pytest.fixture
def in_root(monkeypatch) -> None:
    monkeypatch.chdir(ROOT)


@pytest.fixture
def article(in_root) -> Report:
    report = check_file(ARTICLE, Config())
    assert report.error is None and report.findings
    return report


@pytest.fixture
def error_reports(tmp_path) -> list[Report]:
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Caf\u00e9 society in Geneva.\n".encode("latin-1"))
    reports = [check_file(tmp_path / "missing.txt", Config()), check_file(bad, Config())]
    assert all(r.error for r in reports)
    return reports


@pytest.fixture(scope="module")
def validator():
    jsonschema = pytest.importorskip("jsonschema")
    try:
        schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    except OSError as exc:
        pytest.skip(f"SARIF schema not found at {SCHEMA_PATH}: {exc}")
    assert schema["$schema"].startswith("http://json-schema.org/draft-04/")
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)


def _valid(validator, text: str) -> dict:
    log = json.loads(text)
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])
    return log


def _finding(message: str = "m", severity: Severity = Severity.MAJOR, start: int = 0, end: int = 4,
             rule: str = "MT101", name: str = "comment-form-boilerplate", fix: Fix | None = None) -> Finding:
    return Finding(rule, name, "Design and markup/Leftover boilerplate", severity, start, end, message, [], fix)


def _report(text: str, path: str, *findings: Finding) -> Report:
    return Report(path, list(findings), Document(text, path=path))


def _point(text: str, offset: int) -> tuple[int, int]:
    """Line and code-point column of an offset, counted independently of mtcheck."""
    before = text[:offset].replace("\r\n", "\n").replace("\r", "\n")
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


# -- SARIF ----------------------------------------------------------------------------------
def test_sarif_of_the_article_validates(validator, article):
    log = _valid(validator, sarif.render([article]))
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json" and log["version"] == "2.1.0"
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"], driver["informationUri"]) == (
        "mtcheck", __version__, "https://pypi.org/project/mtcheck/")
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["invocations"] == [{"executionSuccessful": True}]
    assert len(run["results"]) == len(article.findings)
    assert {r["ruleId"] for r in run["results"]} == {r["id"] for r in driver["rules"]}


def test_sarif_with_unreadable_files_validates(validator, article, error_reports):
    log = _valid(validator, sarif.render([article, *error_reports]))
    (run,) = log["runs"]
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is False
    notes = invocation["toolExecutionNotifications"]
    assert [n["level"] for n in notes] == ["error", "error"]
    assert "cannot read" in notes[0]["message"]["text"]
    assert "not valid UTF-8" in notes[1]["message"]["text"]
    uris = [n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for n in notes]
    assert uris == [Path(r.path).as_uri() for r in error_reports]
    assert len(run["results"]) == len(article.findings)
    only_errors = _valid(validator, sarif.render(error_reports))["runs"][0]
    assert only_errors["results"] == [] and only_errors["tool"]["driver"]["rules"] == []


def test_sarif_comment_form_result_and_its_fix(validator, article):
    log = _valid(validator, sarif.render([article]))
    text = article.document.text
    (result,) = [r for r in log["runs"][0]["results"] if "Please enter your comment!" in r["message"]["text"]]
    assert result["ruleId"] == "MT101" and result["level"] == "error"
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "fixtures/articles/geneva-summit.txt", "uriBaseId": "%SRCROOT%",
                                            "index": 0}
    region = location["region"]
    assert (region["startLine"], region["startColumn"], region["endLine"], region["endColumn"]) == (22, 1, 22, 27)
    assert text[region["charOffset"]:region["charOffset"] + region["charLength"]] == "Please enter your comment!"
    (fix,) = result["fixes"]
    (change,) = fix["artifactChanges"]
    (replacement,) = change["replacements"]
    deleted = replacement["deletedRegion"]
    assert replacement["insertedContent"]["text"] == ""
    assert (deleted["startLine"], deleted["startColumn"], deleted["endLine"]) == (22, 1, 22)
    line = article.document.lines[21]
    assert deleted["endColumn"] > line.end - line.start  # past the last character of the line
    assert text[deleted["charOffset"]:deleted["charOffset"] + deleted["charLength"]] == "Please enter your comment!\n"
    assert fix["properties"]["applicability"] == "safe"


def test_sarif_name_fix_replaces_the_garbled_name(validator, article):
    log = _valid(validator, sarif.render([article]))
    text = article.document.text
    (result,) = [r for r in log["runs"][0]["results"] if r["ruleId"] == "MT401" and "Victoria Noland" in
                 r["message"]["text"]]
    assert result["level"] == "error"
    (replacement,) = result["fixes"][0]["artifactChanges"][0]["replacements"]
    assert replacement["insertedContent"]["text"] == "Victoria Nuland"
    deleted = replacement["deletedRegion"]
    assert text[deleted["charOffset"]:deleted["charOffset"] + deleted["charLength"]] == "Victoria Noland"
    assert (deleted["startLine"], deleted["startColumn"], deleted["endColumn"]) == (19, 142, 157)
    assert "unsafe" in result["fixes"][0]["description"]["text"]


def test_sarif_fixes_only_for_safe_and_unsafe_fixes(article):
    log = json.loads(sarif.render([article]))
    for finding, result in zip(article.findings, log["runs"][0]["results"]):
        applies = finding.fix is not None and finding.fix.applicability is not Applicability.DISPLAY
        assert ("fixes" in result) == applies, finding


def test_sarif_rules_carry_help(article):
    log = json.loads(sarif.render([article]))
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted(r["id"] for r in rules)
    mt101 = next(r for r in rules if r["id"] == "MT101")
    assert mt101["name"] == "comment-form-boilerplate"
    assert mt101["defaultConfiguration"] == {"level": "error"}
    assert mt101["properties"]["tags"][0] == "Design and markup/Leftover boilerplate"
    help_text, help_md = mt101["help"]["text"], mt101["help"]["markdown"]
    assert "comment form" in help_text and "scraped" in help_text  # description and why
    assert "Please enter your name here" in help_text  # the bad example
    assert "enter a plea" in help_text  # the good example
    assert "```text" in help_md
    for rule in rules:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"] and rule["help"]["text"]
        assert len(rule["shortDescription"]["text"]) <= 1024 and len(rule["fullDescription"]["text"]) <= 1024
    minor = next(r for r in rules if r["id"] == "MT701")
    assert minor["defaultConfiguration"] == {"level": "warning"}


def test_sarif_levels_indices_and_regions_agree(article):
    log = json.loads(sarif.render([article]))
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    text = article.document.text
    levels = {Severity.CRITICAL: "error", Severity.MAJOR: "error", Severity.MINOR: "warning"}
    for finding, result in zip(article.findings, run["results"]):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == finding.rule
        assert result["level"] == levels[finding.severity]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert (region["charOffset"], region["charLength"]) == (finding.start, finding.end - finding.start)
        assert (region["startLine"], region["startColumn"]) == _point(text, finding.start)
        assert (region["endLine"], region["endColumn"]) == _point(text, finding.end)
    assert any(r["level"] == "warning" for r in run["results"])


def test_sarif_fingerprints_are_unique_and_stable(article, tmp_path):
    log = json.loads(sarif.render([article]))
    prints = [r["partialFingerprints"]["primaryLocationLineHash"] for r in log["runs"][0]["results"]]
    assert len(set(prints)) == len(prints)
    # The same article with a paragraph added on top: lines move, fingerprints do not.
    moved = tmp_path / "moved.txt"
    moved.write_text("An added first paragraph.\n\n" + article.document.text, encoding="utf-8")
    again = json.loads(sarif.render([check_file(moved, Config())]))
    assert {r["partialFingerprints"]["primaryLocationLineHash"] for r in again["runs"][0]["results"]} >= set(prints)


def test_sarif_uris_are_percent_encoded():
    assert sarif.artifact_location("news/a b:c%d#e?.txt") == {"uri": "news/a%20b%3Ac%25d%23e%3F.txt",
                                                               "uriBaseId": "%SRCROOT%"}
    assert sarif.artifact_location("./news/caf\u00e9.txt")["uri"] == "news/caf%C3%A9.txt"
    if os.name != "nt":
        assert sarif.artifact_location("/srv/news/a b.txt") == {"uri": "file:///srv/news/a%20b.txt"}


def test_sarif_code_points_beyond_the_bmp_and_crlf(validator):
    text = "Intro \U0001F600 line.\r\nPlease enter your comment!\r\n"
    start = text.index("Please")
    finding = _finding("boilerplate", start=start, end=start + 26,
                       fix=Fix((Edit(start, start + 28, ""),), Applicability.SAFE))
    log = _valid(validator, sarif.render([_report(text, "crlf.txt", finding)]))
    result = log["runs"][0]["results"][0]
    region = result["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endColumn"]) == (2, 1, 27)
    deleted = result["fixes"][0]["artifactChanges"][0]["replacements"][0]["deletedRegion"]
    assert (deleted["startLine"], deleted["endLine"], deleted["endColumn"]) == (2, 2, 29)  # CR and LF
    first = _report(text, "x.txt", _finding(start=6, end=7))
    region = json.loads(sarif.render([first]))["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert (region["startColumn"], region["endColumn"], region["charLength"]) == (7, 8, 1)  # one code point


def test_sarif_rule_from_an_unknown_pack_falls_back_to_the_finding(validator):
    finding = _finding("house style", Severity.MINOR, rule="HS901", name="house-style", start=0, end=5)
    log = _valid(validator, sarif.render([_report("Hello world.\n", "h.txt", finding)]))
    (rule,) = log["runs"][0]["tool"]["driver"]["rules"]
    assert (rule["id"], rule["name"], rule["defaultConfiguration"]["level"]) == ("HS901", "house-style", "warning")
    assert rule["help"]["text"]


def test_sarif_uses_rules_passed_in():
    from mtcheck.api import linter_for

    bundled = linter_for(Config()).rule("MT101")
    finding = _finding("x", start=0, end=5)
    log = json.loads(sarif.render([_report("Hello world.\n", "h.txt", finding)], rules=[bundled]))
    assert log["runs"][0]["tool"]["driver"]["rules"][0]["help"]["markdown"].startswith(bundled.description[:20])


def test_sarif_describes_rules_of_user_packs(tmp_path, validator):
    packs = tmp_path / "packs"
    packs.mkdir()
    (packs / "house.yaml").write_text(
        "pack: house\nrules:\n  - id: HS001\n    name: house-style\n    kind: phrase\n"
        "    category: Style/Awkward\n    severity: minor\n    message: \"Avoid {match}\"\n"
        "    description: A house rule against foo bar.\n    why: Because the desk says so.\n"
        "    phrases: [foo bar]\n    examples:\n      bad: [\"foo bar\"]\n      good: [\"baz\"]\n",
        encoding="utf-8")
    (tmp_path / "a.txt").write_text("We saw foo bar today.\n", encoding="utf-8")
    proc = run_cli("check", "--format", "sarif", "--rules", str(packs), "--select", "HS001", "a.txt", cwd=tmp_path)
    log = _valid(validator, proc.stdout.decode("utf-8"))
    (rule,) = log["runs"][0]["tool"]["driver"]["rules"]
    assert rule["id"] == "HS001" and rule["defaultConfiguration"]["level"] == "warning"
    assert "A house rule against foo bar." in rule["help"]["text"] and "desk" in rule["help"]["markdown"]
    assert log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "a.txt"


# -- GitHub Actions ------------------------------------------------------------------------
def test_github_matches_golden(article):
    current = github.render([article])
    if os.environ.get("MTCHECK_UPDATE_GOLDEN"):
        GOLDEN_GITHUB.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN_GITHUB.write_text(current, encoding="utf-8")
    assert current == GOLDEN_GITHUB.read_text(encoding="utf-8")


def test_github_one_command_per_finding(article):
    lines = github.render([article], quiet=True).splitlines()
    assert len(lines) == len(article.findings)
    assert all(line.startswith(("::error file=", "::warning file=")) for line in lines)
    comment = next(line for line in lines if "Please enter your comment!" in line)
    assert comment.startswith("::error file=fixtures/articles/geneva-summit.txt,line=22,col=1,endLine=22,"
                              "endColumn=27,title=MT101 comment-form-boilerplate::")
    tic = next(line for line in lines if "MT308" in line)
    assert tic.startswith("::warning ")


def test_github_escapes_message_and_properties():
    text = "Up 50% today, see: notes\nmore text\n"
    finding = _finding("50% done, see: a\nb\rc", start=0, end=2, name="odd,name:x")
    out = github.render([_report(text, "news/a,b:c%.txt", finding)], quiet=True)
    assert out == ("::error file=news/a%2Cb%3Ac%25.txt,line=1,col=1,endLine=1,endColumn=3,"
                   "title=MT101 odd%2Cname%3Ax::50%25 done, see: a%0Ab%0Dc\n")
    assert github.escape_property("a:b,c%\r\n") == "a%3Ab%2Cc%25%0D%0A"
    assert github.escape_data("a:b,c%\r\n") == "a:b,c%25%0D%0A"


def test_github_multi_line_span_and_file_error(error_reports):
    text = "First line\nsecond line\n"
    report = _report(text, "m.txt", _finding("spans lines", Severity.MINOR, start=6, end=17))
    out = github.render([report, *error_reports], quiet=True).splitlines()
    assert out[0] == "::warning file=m.txt,line=1,endLine=2,title=MT101 comment-form-boilerplate::spans lines"
    whole = _report(text, "m.txt", _finding("whole line", start=0, end=11))
    assert "line=1,col=1,endLine=1,endColumn=11," in github.render([whole], quiet=True)
    missing = github.escape_property(error_reports[0].path)
    assert out[1] == f"::error file={missing}::{error_reports[0].error}"
    assert out[2].startswith("::error file=") and "not valid UTF-8" in out[2]
    summary = github.render([report, *error_reports]).splitlines()
    assert summary[-1] == "2 files could not be checked." and not summary[-1].startswith("::")


# -- JSON -------------------------------------------------------------------------------------
def _dumped(reports: list[Report]) -> str:
    from mtcheck.render.json import file_record, summary

    data = {"version": 1, "files": [file_record(r) for r in reports], "summary": summary(reports)}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def test_json_joined_from_file_parts_is_what_json_dumps_lays_out(article, error_reports):
    # the report is joined from per-file texts; it must stay the document json.dumps makes
    odd = _report("Caf\u00e9 \u2028 \"quoted\"\n", "odd \u2028\n name.txt",
                  _finding("line\nbreak \u2028 and \\ back", start=0, end=4))
    for reports in ([], [article], [*error_reports], [article, odd, *error_reports]):
        assert RENDERERS["json"](reports) == _dumped(reports)


def test_json_takes_the_parts_made_ahead(article):
    from mtcheck.render.json import file_part

    part = file_part(article)
    assert RENDERERS["json"]([article]) == _dumped([article])
    article.parts["json"] = type(part)(part.text.replace("MT101", "MT999"), part.score)
    assert '"rule": "MT999"' in RENDERERS["json"]([article])  # used as made, not made again


# -- JSON Lines -----------------------------------------------------------------------------
def test_jsonl_one_record_per_finding(article, error_reports):
    out = jsonl.render([article, *error_reports], quiet=False)
    assert out.endswith("\n")
    records = [json.loads(line) for line in out.split("\n")[:-1]]
    findings = records[:-2]
    assert len(findings) == len(article.findings)
    for record, finding in zip(findings, article.findings):
        assert record == {"path": "fixtures/articles/geneva-summit.txt", **finding_record(finding, article)}
    assert records[-2:] == [{"path": r.path, "error": r.error} for r in error_reports]
    assert jsonl.render([]) == ""


def test_jsonl_line_separators_do_not_split_records():
    finding = _finding("odd \u2028 separator", start=0, end=2)
    out = jsonl.render([_report("Hello.\n", "h.txt", finding)])
    assert len(out.splitlines()) == 1
    assert json.loads(out)["message"] == "odd \u2028 separator"


# -- the command line -----------------------------------------------------------------------
def test_renderers_are_registered():
    assert {"text", "concise", "json", "sarif", "github", "jsonl"} <= set(RENDERERS)


@pytest.mark.parametrize("fmt", ["sarif", "github", "jsonl"])
def test_cli_formats(fmt, article):
    proc = run_cli("check", "--format", fmt, str(ARTICLE), cwd=ROOT)
    assert proc.returncode == 1, proc.stderr
    out = proc.stdout.decode("utf-8")
    if fmt == "sarif":
        assert len(json.loads(out)["runs"][0]["results"]) == len(article.findings)
    elif fmt == "jsonl":
        assert len(out.splitlines()) == len(article.findings)
    else:
        assert out == GOLDEN_GITHUB.read_text(encoding="utf-8")
