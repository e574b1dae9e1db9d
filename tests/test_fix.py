"""--fix, --diff and --unsafe-fixes on real files; suppressions and per-file ignores."""
from __future__ import annotations

import json
import os
import shutil

from conftest import FIXTURES, SEED, run_cli, run_json

FIXED = FIXTURES / "fixes" / "geneva-summit.fixed.txt"


def test_fix_seed_matches_golden_and_is_idempotent(tmp_path):
    path = tmp_path / "article.txt"
    shutil.copyfile(SEED, path)
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
    shutil.copyfile(SEED, path)
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


def test_fix_writes_through_a_symbolic_link(tmp_path):
    target = tmp_path / "story.txt"
    target.write_text("He said that the the talks failed.\n")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    assert run_cli("check", "--fix", str(link)).returncode == 0
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text() == "He said that the talks failed.\n"


def test_fix_refuses_a_read_only_file_and_leaves_it_alone(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("He said that the the talks failed.\n")
    path.chmod(0o444)  # refused by its mode, so also when the run is root's
    other = tmp_path / "other.txt"
    other.write_text("He said that the the talks failed.\n")
    proc = run_cli("check", "--fix", str(path), str(other))
    assert proc.returncode == 2
    assert "cannot write the fixed file: the file is read-only" in proc.stdout.decode()
    assert path.read_text() == "He said that the the talks failed.\n" and path.stat().st_mode & 0o777 == 0o444
    assert other.read_text() == "He said that the talks failed.\n"  # the other file is still fixed


def test_fixes_the_file_codec_cannot_write_are_left_as_findings(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Caf\xe9 it&rsquo;s here. He said that the the talks failed.\n".encode("latin-1"))
    proc = run_cli("check", "--fix", "--encoding", "latin-1", str(path))
    assert proc.returncode == 1 and b"Traceback" not in proc.stderr
    # the doubled word is fixed; the curly quote has no Latin-1 byte, so the entity stays, reported
    assert path.read_bytes() == "Caf\xe9 it&rsquo;s here. He said that the talks failed.\n".encode("latin-1")
    assert "MT603" in proc.stdout.decode()
    out = run_cli("check", "--fix", "--encoding", "ascii", "-", stdin=b"it&rsquo;s the the end.\n")
    assert out.returncode == 0 and out.stdout == b"it&rsquo;s the end.\n"


def test_output_goes_into_a_pipe_or_through_a_link_without_replacing_it(tmp_path):
    import threading

    (tmp_path / "a.txt").write_text("Please enter your comment!\n")
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    proc = run_cli("check", "--format", "json", "--output", str(fifo), str(tmp_path / "a.txt"))
    reader.join(timeout=60)
    assert proc.returncode == 1 and fifo.is_fifo()
    assert json.loads(received[0])["summary"]["findings"] == 1
    real = tmp_path / "real.json"
    real.write_text("")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    assert run_cli("check", "--format", "json", "-o", str(link), str(tmp_path / "a.txt")).returncode == 1
    assert link.is_symlink() and json.loads(real.read_text())["summary"]["findings"] == 1


def test_output_errors_name_the_output_not_a_temporary_file(tmp_path):
    (tmp_path / "a.txt").write_text("Please enter your comment!\n")
    for target, why in ((tmp_path / "missing" / "r.json", "No such file or directory"),
                        (tmp_path, "is a folder, not a file")):
        proc = run_cli("check", "--format", "json", "-o", str(target), str(tmp_path / "a.txt"))
        assert proc.returncode == 2
        assert proc.stderr.decode().splitlines()[-1] == f"mtcheck: error: {target}: {why}"
