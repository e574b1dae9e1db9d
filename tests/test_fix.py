"""--fix, --diff and --unsafe-fixes on real files; suppressions and per-file ignores."""
from __future__ import annotations

import json
import os
import shutil

from conftest import FIXTURES, SEED, run_cli, run_json

FIXED = FIXTURES / "fixes" / "geneva-summit.fixed.txt"


def test_fix_seed_matches_golden_and_is_idempotent(tmp_path):
    path = tmp_path / "article.txt"
    shutil.copy(SEED, path)
    proc = run_cli("check", "--fix", "--no-color", str(path))
    assert b"Fixed 5 findings in 1 file" in proc.stdout
    assert path.read_bytes() == FIXED.read_bytes()
    code, data = run_json(str(path))
    rules = [f["rule"] for f in data["files"][0]["findings"]]
    assert "MT101" not in rules  # the comment form is gone
    texts = [path.read_text(encoding="utf-8")[f["start"]:f["end"]] for f in data["files"][0]["findings"]]
    assert "Villa Lagrange" not in texts and "Anthony Blinken" not in texts  # the safe name fixes
    assert "Victoria Noland" in texts  # below the confidence bar: reported, not changed
    before = path.stat()
    proc = run_cli("check", "--fix", "--no-color", str(path))
    assert b"Fixed 0 findings in 0 files" in proc.stdout
    after = path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)  # not rewritten


def test_fix_preserves_bom_line_endings_and_untouched_bytes(tmp_path):
    path = tmp_path / "crlf.txt"
    body = "Talks ended, officials said on Wednesday.\r\nHe said that the the talks failed.\r\nÉté — fin.\r\n"
    path.write_bytes("\ufeff".encode("utf-8") + body.encode("utf-8"))
    assert run_cli("check", "--fix", str(path)).returncode == 0
    expected = body.replace("the the", "the")
    assert path.read_bytes() == "\ufeff".encode("utf-8") + expected.encode("utf-8")


def test_fix_keeps_utf16_and_latin1(tmp_path):
    u16 = tmp_path / "u16.txt"
    u16.write_bytes("He said that the the talks failed.\n".encode("utf-16"))
    run_cli("check", "--fix", str(u16))
    assert u16.read_bytes() == "He said that the talks failed.\n".encode("utf-16")
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Caf\xe9 owners said that the the talks failed.\n".encode("latin-1"))
    run_cli("check", "--fix", "--encoding", "latin-1", str(latin))
    assert latin.read_bytes() == "Caf\xe9 owners said that the talks failed.\n".encode("latin-1")


def test_files_without_fixes_are_not_touched(tmp_path):
    path = tmp_path / "clean.txt"
    path.write_text("The talks ended early, officials said on Wednesday evening.\n")
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    run_cli("check", "--fix", str(path))
    assert path.stat().st_mtime_ns == 1_000_000_000
    assert not [p for p in tmp_path.iterdir() if p.name != "clean.txt"]  # no temporary files left


def test_diff_writes_nothing(tmp_path):
    path = tmp_path / "article.txt"
    shutil.copy(SEED, path)
    proc = run_cli("check", "--diff", str(path))
    assert proc.returncode == 1
    out = proc.stdout.decode()
    assert "\n-Please enter your comment!\n" in out
    added = [line for line in out.splitlines() if line.startswith("+") and not line.startswith("+++")]
    assert any("Sergei Lavrov and Antony Blinken" in line for line in added)
    assert b"5 fixes would be applied to 1 file." in proc.stderr
    assert path.read_bytes() == SEED.read_bytes()


def test_unsafe_fixes_join_fragments(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("The court upheld the sentence on Monday. In reference to his violation of the terms.\n")
    run_cli("check", "--fix", str(path))
    assert "upheld the sentence on Monday. In reference" in path.read_text()  # unsafe: not applied
    run_cli("check", "--fix", "--unsafe-fixes", str(path))
    assert path.read_text() == "The court upheld the sentence on Monday, in reference to his violation of the terms.\n"


def test_fix_from_stdin_prints_the_fixed_text():
    proc = run_cli("check", "--fix", "-", stdin=b"Talks ended on Monday, officials said.\nPlease enter your comment!\n")
    assert proc.stdout == b"Talks ended on Monday, officials said.\n"


def test_output_file_and_text_together(tmp_path):
    out = tmp_path / "report.json"
    proc = run_cli("check", "--format", "json", "--output", str(out), "--no-color", str(SEED))
    assert json.loads(out.read_text())["version"] == 1
    assert b"MT101 [major]" in proc.stdout  # the text report is shown as well


SUPPRESSED = """The talks ended early, officials said on Wednesday evening in Geneva.
<!-- mtcheck-disable-next-line MT101 -->
Please enter your comment!
<!-- mtcheck-disable comment-form-boilerplate -->
Please enter your name here
Please enter your comment!
<!-- mtcheck-enable -->
Please enter your name here
"""


def test_suppression_comments(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(SUPPRESSED)
    code, data = run_json(str(path))
    lines = sorted(f["line"] for f in data["files"][0]["findings"])
    assert lines == [8]  # only the line after the enable
    path.write_text("<!-- mtcheck-disable-file MT1 -->\n" + SUPPRESSED)
    assert run_json(str(path))[1]["files"][0]["findings"] == []


def test_unused_suppressions_are_reported_on_request(tmp_path):
    (tmp_path / "mtcheck.toml").write_text("report-unused-suppressions = true\n")
    path = tmp_path / "a.txt"
    path.write_text("<!-- mtcheck-disable-next-line MT401 -->\nThe talks ended early, officials said.\n")
    findings = run_json(str(path))[1]["files"][0]["findings"]
    assert [(f["rule"], f["line"]) for f in findings] == [("MT001", 1)]


def test_per_file_ignores(tmp_path):
    (tmp_path / "mtcheck.toml").write_text('[per-file-ignores]\n"drafts/*" = ["MT101"]\n')
    (tmp_path / "drafts").mkdir()
    text = "The talks ended early, officials said on Wednesday.\nPlease enter your comment!\n"
    (tmp_path / "drafts" / "a.txt").write_text(text)
    (tmp_path / "b.txt").write_text(text)
    code, data = run_json(str(tmp_path))
    by_path = {os.path.basename(f["path"]): [x["rule"] for x in f["findings"]] for f in data["files"]}
    assert by_path == {"a.txt": [], "b.txt": ["MT101"]}
