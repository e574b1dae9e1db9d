"""Bad input never crashes, hangs or stops a run: each bad file gets one clear message
and exit code 2, and the good file checked alongside it still gets its findings.
Configuration, rule-pack and gazetteer errors stop the run with exit 2 and name the
file and line. No case may print a traceback."""
from __future__ import annotations

import codecs
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import run_cli

from mtcheck.config import parse_config
from mtcheck.errors import ConfigError

GOOD_TEXT = "The talks ended early, officials said on Wednesday evening.\nPlease enter your comment!\n"
GOOD_FINDING = "good.txt:2:1: MT101 [major]"


def check(*args: str, cwd: Path | None = None) -> tuple[int, str, float]:
    """Run `mtcheck check` as a user would; return exit code, stdout + stderr, seconds."""
    started = time.monotonic()
    proc = run_cli("check", "--no-color", "--grammar", "off", *args, cwd=cwd)
    elapsed = time.monotonic() - started
    out = proc.stdout.decode("utf-8", "replace") + proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in out, out
    assert "internal error" not in out, out
    return proc.returncode, out, elapsed


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "good.txt"
    path.write_text(GOOD_TEXT, encoding="utf-8")
    return path


def check_with_good(bad: Path, good: Path, *extra: str) -> tuple[int, str, float]:
    code, out, elapsed = check(*extra, str(bad), str(good))
    assert GOOD_FINDING in out, f"the good file was not checked:\n{out}"
    return code, out, elapsed


def error_line(out: str, path: Path) -> str:
    """The one error line reported for `path`."""
    lines = [ln for ln in out.splitlines() if ln.startswith(f"{path}: error: ")]
    assert len(lines) == 1, out
    return lines[0][len(f"{path}: error: "):]


# -- file contents ---------------------------------------------------------------------

def test_binary_file(tmp_path, good):
    bad = tmp_path / "image.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 4)
    code, out, _ = check_with_good(bad, good)
    assert code == 2
    assert error_line(out, bad) == "looks like a binary file (contains NUL bytes); not checked"


def test_invalid_utf8(tmp_path, good):
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("The minister said the café was closed.\n".encode("latin-1"))
    code, out, _ = check_with_good(bad, good)
    assert code == 2
    message = error_line(out, bad)
    assert message.startswith("not valid UTF-8: byte 0xe9 at byte offset 25")
    assert "--encoding" in message


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-8-sig"])
def test_file_with_byte_order_mark_is_decoded_and_checked(tmp_path, good, codec):
    path = tmp_path / "bom.txt"
    data = GOOD_TEXT.encode(codec)
    if codec == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    path.write_bytes(data)
    code, out, _ = check_with_good(path, good)
    assert code == 1, out  # findings, not an error
    assert f"{path}: error" not in out
    assert f"{path}:2:1: MT101 [major]" in out  # line and column as in the text, BOM not counted


def test_nul_bytes_in_text_file(tmp_path, good):
    bad = tmp_path / "nul.txt"
    bad.write_bytes(b"The talks ended early.\x00\x00\nPlease enter your comment!\n")
    code, out, _ = check_with_good(bad, good)
    assert code == 2
    assert error_line(out, bad) == "looks like a binary file (contains NUL bytes); not checked"


def test_nul_byte_after_the_sniffed_start_is_checked_as_text(tmp_path, good):
    # Binary sniffing looks at the first 8 KiB; a stray NUL later on is just a character.
    path = tmp_path / "late-nul.txt"
    path.write_bytes(b"The talks ended early, officials said.\n" * 300 + b"A stray\x00byte.\nPlease enter your comment!\n")
    _, out, _ = check_with_good(path, good)
    assert f"{path}: error" not in out
    assert f"{path}:302:1: MT101 [major]" in out


def test_empty_file_is_checked_and_has_no_findings(tmp_path, good):
    # An empty article is not an input error: it is checked, and nothing is wrong with it.
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, out, _ = check_with_good(empty, good)
    assert code == 1  # from the good file's finding only
    assert str(empty) not in out
    code, out, _ = check(str(empty))
    assert code == 0 and "No findings in 1 file." in out


def test_one_megabyte_single_line(tmp_path, good):
    words = ["the", "summit", "ended", "faster", "than", "expected", "and", "officials", "said", "on", "Wednesday", "that", "talks", "went", "well"]
    tail = " and then the the talks went on."  # a doubled word at the very end of the line
    line = " ".join(words[i % len(words)] for i in range(200_000))[: 1024 * 1024 - len(tail)].rstrip() + tail
    path = tmp_path / "long.txt"
    path.write_text(line + "\n", encoding="utf-8")
    _, out, elapsed = check_with_good(path, good)
    assert f"{path}: error" not in out
    column = line.index("the the", len(line) - len(tail)) + 1  # 1-based
    assert f"{path}:1:{column}: MT205 " in out, out[-2000:]  # the whole line was read and checked
    assert elapsed < 30, f"a 1 MB line took {elapsed:.1f} s"


# -- size limit ------------------------------------------------------------------------

def test_file_over_configured_size_limit(tmp_path):
    (tmp_path / "mtcheck.toml").write_text("max-file-size = 1000\n", encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text(GOOD_TEXT, encoding="utf-8")
    at_limit = tmp_path / "at-limit.txt"
    at_limit.write_bytes(b"a" * 999 + b"\n")
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 1000 + b"\n")
    code, out, _ = check_with_good(big, good, str(at_limit))
    assert code == 2
    assert f"{at_limit}: error" not in out  # exactly at the limit is still checked
    message = error_line(out, big)
    assert message.startswith("file is 1001 bytes, over the limit of 1000 bytes; not checked")
    assert "max-file-size" in message


RAISED_DEFAULT = """
import sys
from mtcheck import api, cli
api.MAX_BYTES = cli.MAX_BYTES = 1000  # a small default, so that a file over it stays small
sys.exit(cli.main(sys.argv[1:]))
"""


def test_config_can_raise_the_size_limit_above_the_default(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text(GOOD_TEXT * (2000 // len(GOOD_TEXT) + 1), encoding="utf-8")  # over 2,000 bytes
    argv = [sys.executable, "-c", RAISED_DEFAULT, "check", "--no-color", "--grammar", "off", str(story)]
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 2 and "over the limit of 1000 bytes; not checked" in proc.stdout
    (tmp_path / "mtcheck.toml").write_text("max-file-size = 100000\n", encoding="utf-8")
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 1 and "MT101" in proc.stdout and "not checked" not in proc.stdout


def test_bad_size_limit_value_names_the_config_file(tmp_path, good):
    config = tmp_path / "mtcheck.toml"
    config.write_text('max-file-size = "big"\n', encoding="utf-8")
    code, out, _ = check(str(good))
    assert code == 2
    assert f"{config}: 'max-file-size' must be a positive whole number of bytes" in out


@pytest.mark.parametrize("value", [0, -1, True, 1.5, "50MB", [1]])
def test_size_limit_must_be_a_positive_number_of_bytes(value):
    with pytest.raises(ConfigError, match="'max-file-size' must be a positive whole number of bytes"):
        parse_config({"max-file-size": value}, Path("mtcheck.toml"))
    assert parse_config({"max-file-size": 1}, Path("mtcheck.toml")).max_file_size == 1
    assert parse_config({}, Path("mtcheck.toml")).max_file_size is None  # the default, MAX_BYTES


def _maxrss_run(*args: str) -> tuple[int, str, int, float]:
    """Run the command line in a child that reports its own peak memory (KiB)."""
    script = ("import resource, sys\nfrom mtcheck.cli import main\ncode = main(sys.argv[1:])\n"
              "sys.stdout.flush()\n"
              "print(f'maxrss={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}', file=sys.stderr)\n"
              "sys.exit(code)\n")
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-c", script, "check", "--no-color", "--grammar", "off", *args],
                          capture_output=True, timeout=120, check=False)
    elapsed = time.monotonic() - started
    err = proc.stderr.decode()
    out = proc.stdout.decode() + err
    assert "Traceback" not in out, out
    rss = int(err.rsplit("maxrss=", 1)[1].split()[0])
    return proc.returncode, out, rss, elapsed


def test_100_mb_file_is_refused_without_reading_it(tmp_path, good):
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as f:
        f.truncate(100 * 1024 * 1024)  # sparse: takes no time or disk space
    _, _, baseline, _ = _maxrss_run(str(good))
    code, out, rss, elapsed = _maxrss_run(str(huge), str(good))
    assert code == 2
    assert GOOD_FINDING in out
    message = error_line(out, huge)
    assert message.startswith("file is 100 MiB, over the limit of 50 MiB (52428800 bytes); not checked")
    assert "max-file-size" in message
    assert elapsed < 20
    assert rss - baseline < 40 * 1024, f"peak memory grew by {(rss - baseline) // 1024} MiB: the file was read"


def test_100_mb_file_is_refused_by_fix_too(tmp_path, good):
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as f:
        f.truncate(100 * 1024 * 1024)
    code, out, _ = check("--fix", str(huge), str(good))
    assert code == 2
    assert error_line(out, huge).startswith("file is 100 MiB, over the limit of 50 MiB")


# -- paths that cannot be read -----------------------------------------------------------

@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a file whatever its permissions")
def test_unreadable_file(tmp_path, good):
    bad = tmp_path / "secret.txt"
    bad.write_text(GOOD_TEXT, encoding="utf-8")
    bad.chmod(0)
    try:
        code, out, _ = check_with_good(bad, good)
    finally:
        bad.chmod(0o644)
    assert code == 2
    assert error_line(out, bad) == "cannot read: Permission denied"


def test_unreadable_file_and_folder_as_the_operating_system_reports_them(tmp_path, good, monkeypatch, capsys):
    # The two tests around this one need a user other than root (root reads anything), so
    # here the operating system's refusal is made up, in-process, for any user.
    import builtins
    import errno

    from mtcheck import api
    from mtcheck.cli import main

    root = tmp_path / "articles"
    (root / "locked").mkdir(parents=True)
    (root / "locked" / "story.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (root / "secret.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (root / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    real_open, real_scandir = builtins.open, os.scandir

    def refusing_open(file, *args, **kwargs):
        if str(file) == str(root / "secret.txt"):
            raise PermissionError(errno.EACCES, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    def refusing_scandir(folder="."):
        if str(folder) == str(root / "locked"):
            raise PermissionError(errno.EACCES, "Permission denied", str(folder))
        return real_scandir(folder)

    monkeypatch.setattr(api, "open", refusing_open, raising=False)
    monkeypatch.setattr(api.os, "scandir", refusing_scandir)
    code = main(["check", "--no-color", "--grammar", "off", str(root)])
    out = capsys.readouterr().out
    assert code == 2
    assert error_line(out, root / "secret.txt") == "cannot read: Permission denied"
    assert error_line(out, root / "locked") == "cannot read folder: Permission denied"
    assert f"{root / 'good.txt'}:2:1: MT101 " in out  # the readable file is still checked


@pytest.mark.skipif(os.geteuid() == 0, reason="root can list a folder whatever its permissions")
def test_unreadable_folder_while_walking(tmp_path):
    root = tmp_path / "articles"
    (root / "locked").mkdir(parents=True)
    (root / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (root / "locked").chmod(0)
    try:
        code, out, _ = check(str(root))
    finally:
        (root / "locked").chmod(0o755)
    assert code == 2
    assert error_line(out, root / "locked") == "cannot read folder: Permission denied"
    assert GOOD_FINDING in out


def test_broken_symlink(tmp_path, good):
    bad = tmp_path / "moved.txt"
    bad.symlink_to(tmp_path / "nowhere.txt")
    code, out, _ = check_with_good(bad, good)
    assert code == 2
    assert error_line(out, bad) == f"cannot read: broken symbolic link (its target {str(tmp_path / 'nowhere.txt')!r} does not exist)"


def test_missing_file(tmp_path, good):
    bad = tmp_path / "missing.txt"
    code, out, _ = check_with_good(bad, good)
    assert code == 2
    assert error_line(out, bad) == "no such file or directory"


def test_symlink_loop_named_on_the_command_line(tmp_path, good):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.symlink_to(b)
    b.symlink_to(a)
    code, out, _ = check_with_good(a, good)
    assert code == 2
    assert error_line(out, a) == "cannot read: symbolic link loop (too many levels of symbolic links)"


def test_symlink_loops_inside_a_walked_folder(tmp_path):
    root = tmp_path / "articles"
    (root / "sub").mkdir(parents=True)
    (root / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (root / "sub" / "up").symlink_to("..")  # folder loop: articles/sub/up/sub/up/...
    (root / "sub" / "self").symlink_to(root / "sub")
    (root / "sub" / "story.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (root / "sub" / "linked.txt").symlink_to("story.txt")  # a link to a file is followed
    (root / "sub" / "folder.txt").symlink_to(root)  # a link to a folder is not
    (root / "x.txt").symlink_to("y.txt")
    (root / "y.txt").symlink_to("x.txt")
    code, out, elapsed = check(str(root))
    assert code == 2
    assert elapsed < 30
    assert error_line(out, root / "x.txt") == "cannot read: symbolic link loop (too many levels of symbolic links)"
    assert error_line(out, root / "y.txt") == "cannot read: symbolic link loop (too many levels of symbolic links)"
    assert GOOD_FINDING in out
    checked = sorted({ln.split(":")[0] for ln in out.splitlines() if ": MT101 " in ln})
    assert checked == [str(root / "good.txt"), str(root / "sub" / "linked.txt"), str(root / "sub" / "story.txt")]
    assert "folder.txt" not in out


def test_pipe_inside_a_walked_folder_does_not_hang(tmp_path):
    root = tmp_path / "articles"
    root.mkdir()
    (root / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    os.mkfifo(root / "pipe.txt")
    code, out, _ = check(str(root))
    assert code == 2
    assert error_line(out, root / "pipe.txt") == "not a regular file (a pipe, socket or device); not checked"
    assert GOOD_FINDING in out


def test_very_deep_folder_tree(tmp_path):
    folder = tmp_path / "deep"
    path = str(folder)
    os.mkdir(path)
    for _ in range(1200):  # deeper than Python's recursion limit (os.makedirs itself recurses)
        path = os.path.join(path, "d")
        os.mkdir(path)
    Path(path, "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    try:
        code, out, _ = check(str(folder))
        assert code == 1
        assert "/d/good.txt:2:1: MT101" in out
    finally:  # shutil.rmtree (and so pytest's clean-up) recurses too: remove it bottom up
        os.remove(os.path.join(path, "good.txt"))
        while path != str(folder):
            os.rmdir(path)
            path = os.path.dirname(path)


def test_ten_thousand_files(tmp_path):
    root = tmp_path / "many"
    root.mkdir()
    text = "The talks ended early, officials said on Wednesday evening.\n"
    for i in range(100):
        sub = root / f"batch{i:03d}"
        sub.mkdir()
        for j in range(100):
            (sub / f"story{j:03d}.txt").write_text(text, encoding="utf-8")
    (root / "batch099" / "story099.txt").write_text(GOOD_TEXT, encoding="utf-8")  # the last one checked
    started = time.monotonic()
    proc = run_cli("check", "--format", "json", "--grammar", "off", str(root))
    elapsed = time.monotonic() - started
    assert b"Traceback" not in proc.stderr
    data = json.loads(proc.stdout)
    assert proc.returncode == 1
    assert data["summary"]["files"] == 10_000 and data["summary"]["files_with_errors"] == 0
    paths = [f["path"] for f in data["files"]]
    assert paths == sorted(paths) and len(set(paths)) == 10_000  # each once, in a fixed order
    assert [f["path"] for f in data["files"] if f["findings"]] == [str(root / "batch099" / "story099.txt")]
    assert elapsed < 120, f"10,000 files took {elapsed:.0f} s"


# -- configuration, rule packs, gazetteers ---------------------------------------------

def test_malformed_rule_pack(tmp_path, good):
    pack = tmp_path / "house-rules"
    pack.mkdir()
    (pack / "house.yaml").write_text("pack: house\nrules:\n  - id: HR001\n    name: [unclosed\n", encoding="utf-8")
    code, out, _ = check("--rules", str(pack), str(good))
    assert code == 2
    assert re.search(rf"^mtcheck: error: {re.escape(str(pack / 'house.yaml'))}:\d+: invalid YAML: ", out, re.MULTILINE), out


def test_malformed_gazetteer(tmp_path, good):
    names = tmp_path / "newsroom.yaml"
    names.write_text("- name: Anna Example\n  type: person\n- name: Ben Example\n  colour: blue\n", encoding="utf-8")
    code, out, _ = check("--gazetteer", str(names), str(good))
    assert code == 2
    # the entry's line (3) or the field's (4)
    assert re.search(rf"^mtcheck: error: {re.escape(str(names))}:[34]: unknown field 'colour'", out, re.MULTILINE), out


@pytest.mark.parametrize("nested", ["flow", "dashes"])
def test_a_pack_or_gazetteer_nested_beyond_reason_is_an_error_not_a_crash(tmp_path, good, nested):
    deep = 50_000  # libyaml's C parser overflows its stack near this depth
    value = "[" * deep + "]" * deep if nested == "flow" else "- " * deep + "x"
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "deep.yaml").write_text(f"pack: deep\nrules: {value}\n" if nested == "flow" else
                                    f"pack: deep\nrules:\n  {value}\n", encoding="utf-8")
    code, out, _ = check("--rules", str(pack), str(good))
    assert code == 2, out  # a crash of libyaml is -11 (SIGSEGV)
    assert f"mtcheck: error: {pack / 'deep.yaml'}: invalid YAML: nested more than 1000 levels deep" in out
    names = tmp_path / "names.yaml"
    names.write_text(f"- name: Anna Example\n  aliases: {'[' * deep}{']' * deep}\n", encoding="utf-8")
    code, out, _ = check("--gazetteer", str(names), str(good))
    assert code == 2 and f"mtcheck: error: {names}: invalid YAML: nested more than 1000 levels deep" in out, out


def test_bad_config_value(tmp_path, good):
    config = tmp_path / "mtcheck.toml"
    config.write_text('fail-on = "sometimes"\n', encoding="utf-8")
    code, out, _ = check(str(good))
    assert code == 2
    assert f"mtcheck: error: {config}: fail-on: unknown severity 'sometimes'" in out, out


def test_invalid_toml_config(tmp_path, good):
    config = tmp_path / "mtcheck.toml"
    config.write_text("fail-on = \n", encoding="utf-8")
    code, out, _ = check(str(good))
    assert code == 2
    assert f"{config}: invalid TOML" in out


def test_catastrophic_backtracking_pattern_runs_in_linear_time(tmp_path, good):
    pack = tmp_path / "house-rules"
    pack.mkdir()
    (pack / "house.yaml").write_text("""\
pack: house
rules:
  - id: HR001
    name: nested-quantifier
    kind: pattern
    category: Style/Awkward
    severity: major
    message: "Runs of a: {match}"
    description: A pattern that backtracks catastrophically in a backtracking engine.
    pattern: '(a+)+$'
    examples:
      bad: ["aaaa"]
      good: ["aaab"]
""", encoding="utf-8")
    evil = tmp_path / "evil.txt"
    evil.write_text("a" * 50_000 + "b", encoding="utf-8")
    _, out, elapsed = check_with_good(evil, good, "--rules", str(pack), "--select", "HR001,MT101")
    assert f"{evil}: error" not in out
    assert f"{evil}:1:1: HR001" not in out  # no match: the text ends in b
    assert elapsed < 10, f"the pattern took {elapsed:.1f} s"
