"""The command line as users and CI see it: exit codes, inputs, config and errors."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEED, run_cli, run_json

BOILERPLATE = "The talks ended early, officials said on Wednesday evening.\nPlease enter your comment!\n"
CLEAN = "The talks ended early, officials said on Wednesday evening.\n"
MINOR_ONLY = "The talks  ended early, officials said on Wednesday evening.\n"  # doubled space


def test_exit_0_on_clean_text(tmp_path):
    (tmp_path / "a.txt").write_text(CLEAN, encoding="utf-8")
    proc = run_cli("check", str(tmp_path / "a.txt"))
    assert proc.returncode == 0, proc.stdout
    assert b"No findings in 1 file." in proc.stdout


def test_exit_1_on_major_finding_and_text_format(tmp_path):
    (tmp_path / "a.txt").write_text(BOILERPLATE, encoding="utf-8")
    proc = run_cli("check", "--no-color", str(tmp_path / "a.txt"))
    assert proc.returncode == 1
    out = proc.stdout.decode()
    assert f"{tmp_path / 'a.txt'}:2:1: MT101 [major]" in out
    assert "2 | Please enter your comment!" in out
    assert "\033[" not in out  # no colour when not on a terminal


def test_fail_on_sets_the_bar(tmp_path):
    (tmp_path / "a.txt").write_text(MINOR_ONLY, encoding="utf-8")
    assert run_cli("check", str(tmp_path / "a.txt")).returncode == 0
    assert run_cli("check", "--fail-on", "minor", str(tmp_path / "a.txt")).returncode == 1
    (tmp_path / "b.txt").write_text(BOILERPLATE, encoding="utf-8")
    assert run_cli("check", "--fail-on", "critical", str(tmp_path / "b.txt")).returncode == 0


def test_exit_2_on_usage_errors(tmp_path):
    proc = run_cli("check", "--fail-on", "severe", str(SEED))
    assert proc.returncode == 2 and b"unknown severity 'severe'" in proc.stderr
    proc = run_cli("check", "--select", "MT9999", str(SEED))
    assert proc.returncode == 2 and b"no rule matches 'MT9999'" in proc.stderr
    proc = run_cli("check", str(tmp_path / "missing.txt"))
    assert proc.returncode == 2 and b"no such file or directory" in proc.stdout
    assert b"Traceback" not in proc.stderr + proc.stdout


def test_stdin_with_filename():
    code, data = run_json("--stdin-filename", "story.txt", "-", stdin=BOILERPLATE.encode())
    assert code == 1
    assert data["files"][0]["path"] == "story.txt"
    assert [f["rule"] for f in data["files"][0]["findings"]] == ["MT101"]


def test_directory_recursion_and_extensions(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(BOILERPLATE, encoding="utf-8")
    (tmp_path / "b.md").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "c.py").write_text("Please enter your comment!\n", encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "d.txt").write_text(BOILERPLATE, encoding="utf-8")
    code, data = run_json(str(tmp_path))
    assert sorted(f["path"] for f in data["files"]) == [str(tmp_path / "b.md"), str(tmp_path / "sub" / "a.txt")]
    assert code == 1


def test_invalid_utf8_names_file_and_byte(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"Caf\xe9 au lait.\n")
    good = tmp_path / "good.txt"
    good.write_text(BOILERPLATE, encoding="utf-8")
    proc = run_cli("check", "--no-color", str(bad), str(good))
    assert proc.returncode == 2
    out = proc.stdout.decode()
    assert "bad.txt: error: not valid UTF-8: byte 0xe9 at byte offset 3" in out
    assert "good.txt:2:1: MT101" in out  # the other file is still checked
    proc = run_cli("check", "--encoding", "latin-1", str(bad))
    assert proc.returncode == 0


def test_bom_is_stripped_and_offsets_count_code_points(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffÉté — fin.\nPlease enter your comment!\n".encode("utf-8"))
    code, data = run_json(str(path))
    f = data["files"][0]["findings"][0]
    assert (f["start"], f["line"], f["column"]) == (len("Été — fin.\n"), 2, 1)


def test_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    code, data = run_json(str(path))
    assert code == 0
    assert data["files"][0]["findings"] == [] and data["files"][0]["stats"]["words"] == 0


def test_json_contract(tmp_path):
    code, data = run_json(str(SEED))
    assert data["version"] == 1 and code == 1
    keys = {"rule", "name", "category", "severity", "start", "end", "line", "column", "end_line",
            "end_column", "message", "suggestions"}
    text = SEED.read_text(encoding="utf-8")
    for f in data["files"][0]["findings"]:
        assert set(f) == keys
        assert 0 <= f["start"] < f["end"] <= len(text)
        assert f["severity"] in ("minor", "major", "critical")
        line_start = sum(len(line) for line in text.splitlines(keepends=True)[: f["line"] - 1])
        assert line_start + f["column"] - 1 == f["start"]
    stats = data["files"][0]["stats"]
    assert stats["words"] > 700 and "flesch_reading_ease" in stats["readability"]
    assert data["summary"]["findings"] == len(data["files"][0]["findings"])


def test_select_and_ignore_by_id_name_and_prefix(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("The  talks ended early.\nPlease enter your comment!\n", encoding="utf-8")
    rules = lambda *a: sorted({f["rule"] for f in run_json(*a, str(path))[1]["files"][0]["findings"]})  # noqa: E731
    assert rules() == ["MT101", "MT607"]
    assert rules("--select", "MT1") == ["MT101"]
    assert rules("--select", "doubled-space") == ["MT607"]
    assert rules("--ignore", "MT6") == ["MT101"]


def test_config_discovery_and_cli_override(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.mtcheck]\nignore = ["MT101"]\nfail-on = "minor"\n[tool.mtcheck.severity]\ndoubled-space = "critical"\n')
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    path = deep / "story.txt"
    path.write_text("The  talks ended early.\nPlease enter your comment!\n", encoding="utf-8")
    code, data = run_json(str(path))
    findings = data["files"][0]["findings"]
    assert [(f["rule"], f["severity"]) for f in findings] == [("MT607", "critical")]
    code, data = run_json("--ignore", "MT607", str(path))  # command line replaces the config's ignore
    assert [f["rule"] for f in data["files"][0]["findings"]] == ["MT101"]
    (deep / "mtcheck.toml").write_text('select = ["MT101"]\n')  # nearer file wins
    code, data = run_json(str(path))
    assert [f["rule"] for f in data["files"][0]["findings"]] == ["MT101"]


def test_each_folder_of_one_run_gets_its_own_config_and_a_link_that_of_its_target(tmp_path):
    text = "The  talks ended early.\nPlease enter your comment!\n"  # MT607 and MT101
    for name, rule in (("only-spaces", "MT607"), ("only-boilerplate", "MT101")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "mtcheck.toml").write_text(f'select = ["{rule}"]\n')
        for i in range(3):
            (tmp_path / name / f"{i}.txt").write_text(text)
    (tmp_path / "only-spaces" / "link.txt").symlink_to(tmp_path / "only-boilerplate" / "0.txt")
    _, data = run_json(str(tmp_path / "only-spaces"), str(tmp_path / "only-boilerplate"),
                          str(tmp_path / "only-spaces" / "0.txt"))
    rules = {Path(f["path"]).relative_to(tmp_path).as_posix(): [x["rule"] for x in f["findings"]]
             for f in data["files"]}
    assert rules == {"only-spaces/0.txt": ["MT607"], "only-spaces/1.txt": ["MT607"], "only-spaces/2.txt": ["MT607"],
                     "only-spaces/link.txt": ["MT101"], "only-boilerplate/0.txt": ["MT101"],
                     "only-boilerplate/1.txt": ["MT101"], "only-boilerplate/2.txt": ["MT101"]}


def test_bad_config_value_is_a_clear_error(tmp_path):
    (tmp_path / "mtcheck.toml").write_text('severty = "minor"\n')
    (tmp_path / "a.txt").write_text(CLEAN)
    proc = run_cli("check", str(tmp_path / "a.txt"))
    assert proc.returncode == 2
    assert b"unknown option 'severty'" in proc.stderr and b"did you mean 'severity'" in proc.stderr


def test_malformed_rule_file_names_file_and_line(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "house.yaml").write_text(
        "pack: house\nrules:\n  - id: HS001\n    name: house-style\n    kind: phrase\n"
        "    category: Style/Awkward\n    severty: minor\n    severity: minor\n    message: x\n"
        "    description: x\n    phrases: [foo]\n    examples: {bad: [foo], good: [bar]}\n")
    proc = run_cli("check", "--rules", str(rules), str(SEED))
    assert proc.returncode == 2
    assert f"{rules / 'house.yaml'}:7: rule HS001: unknown option 'severty'".encode() in proc.stderr
    assert b"did you mean 'severity'" in proc.stderr
    (rules / "house.yaml").write_text("pack: house\nrules:\n  - id: HS001\n    name: [unclosed\n")
    proc = run_cli("check", "--rules", str(rules), str(SEED))
    assert proc.returncode == 2 and b"house.yaml:" in proc.stderr and b"invalid YAML" in proc.stderr


def test_user_rule_pack_runs(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "house.yaml").write_text(
        "pack: house\nrules:\n  - id: HS001\n    name: house-style\n    kind: substitution\n"
        "    category: Style/Awkward\n    severity: major\n    message: 'Write “{suggestion}”'\n"
        "    description: House style.\n    swap: {Kyiv region: Kyiv province}\n"
        "    examples: {bad: [the Kyiv region], good: [Kyiv province]}\n")
    path = tmp_path / "a.txt"
    path.write_text("Shelling hit the Kyiv region overnight.\n")
    code, data = run_json("--rules", str(rules), str(path))
    f = data["files"][0]["findings"][0]
    assert (f["rule"], f["message"], f["suggestions"]) == ("HS001", "Write “Kyiv province”", ["Kyiv province"])


def test_rules_and_explain():
    proc = run_cli("rules")
    assert proc.returncode == 0 and b"MT101" in proc.stdout and b"orphan-heading" in proc.stdout
    proc = run_cli("explain", "orphan-heading")
    out = proc.stdout.decode()
    assert proc.returncode == 0 and out.startswith("MT201 orphan-heading")
    assert "Why it matters" in out and "good and positive" in out
    proc = run_cli("explain", "orphan-headin")
    assert proc.returncode == 2 and b"did you mean 'orphan-heading'" in proc.stderr


def test_workers_say_a_notice_once_not_once_each(tmp_path):
    for i in range(6):
        (tmp_path / f"a{i}.txt").write_text(CLEAN)
    # grammar on, with a LanguageTool that cannot be reached: every worker finds that out
    proc = run_cli("check", "--jobs", "2", "--languagetool-url", "http://127.0.0.1:9", str(tmp_path))
    notices = [line for line in proc.stderr.decode().splitlines() if "grammar checks off" in line]
    assert len(notices) == 1, proc.stderr.decode()
    assert proc.returncode == 0


def test_rules_json_lists_every_rule():
    rows = json.loads(run_cli("rules", "--format", "json").stdout)
    assert len({r["id"] for r in rows}) == len(rows) > 20


def test_jobs_give_the_same_output_as_a_serial_run(tmp_path):
    for i in range(12):
        (tmp_path / f"a{i:02}.txt").write_text(BOILERPLATE if i % 3 else CLEAN + "He said that the the talks failed.\n")
    serial = run_cli("check", "--format", "json", str(tmp_path))
    parallel = run_cli("check", "--format", "json", "--jobs", "2", str(tmp_path))
    assert serial.returncode == parallel.returncode == 1
    assert serial.stdout == parallel.stdout
    assert run_cli("check", "--jobs", "2", "--no-color", str(tmp_path)).stdout == \
        run_cli("check", "--no-color", str(tmp_path)).stdout


def test_by_default_files_adding_up_to_512_kb_are_checked_by_a_worker_a_cpu(tmp_path, monkeypatch, capsys):
    from mtcheck import cli, parallel

    text = SEED.read_text(encoding="utf-8")
    for i in range(parallel.AUTO_PARALLEL_BYTES // len(text.encode()) + 1):  # just over the threshold
        (tmp_path / f"a{i:03}.txt").write_text(text, encoding="utf-8")
    small = tmp_path / "small"
    small.mkdir()
    (small / "a.txt").write_text(text, encoding="utf-8")
    (small / "b.txt").write_text(text, encoding="utf-8")
    asked = []

    def recording(tasks, jobs=1):
        asked.append(jobs)
        return parallel.run_tasks(tasks, jobs)

    monkeypatch.setattr(cli, "run_tasks", recording)
    monkeypatch.setattr(parallel, "usable_cpus", lambda: 2)
    outputs = []
    for jobs in ([], ["--jobs", "auto"], ["--jobs", "1"]):
        assert cli.main(["check", "--grammar", "off", "--format", "json", *jobs, str(tmp_path)]) == 1
        outputs.append(capsys.readouterr().out)
    assert asked == [2, 2, 1]
    assert outputs[0] == outputs[1] == outputs[2]  # the same report, whoever checked the files
    cli.main(["check", "--grammar", "off", "--quiet", str(small)])  # two articles: not worth a worker
    monkeypatch.setattr(parallel, "usable_cpus", lambda: 1)
    cli.main(["check", "--grammar", "off", "--quiet", str(tmp_path)])  # one CPU: never
    assert asked[3:] == [1, 1]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_linked_folder_is_walked_with_its_targets_configuration(tmp_path):
    real = tmp_path / "real"
    (real / "arts").mkdir(parents=True)
    (real / "mtcheck.toml").write_text('exclude = ["skip*"]\n', encoding="utf-8")
    (real / "arts" / "skip.txt").write_text(BOILERPLATE, encoding="utf-8")
    (real / "arts" / "keep.txt").write_text(BOILERPLATE, encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    (work / "link").symlink_to(real / "arts", target_is_directory=True)
    for name in ("link", "link/"):  # named with or without the slash
        rc, data = run_json(name, cwd=work)
        assert rc == 1 and [Path(f["path"]).name for f in data["files"]] == ["keep.txt"], name


BROKEN_RULE = """
import sys
from mtcheck import cli
from mtcheck.kinds.repetition import RepeatedWordKind

def broken(self, doc):
    raise RuntimeError("broken on purpose")

RepeatedWordKind.check = broken
sys.exit(cli.main(sys.argv[1:]))
"""


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_rule_that_fails_on_an_article_makes_the_run_exit_2_keeping_the_other_findings(tmp_path, jobs):
    for i in range(4):
        (tmp_path / f"a{i}.txt").write_text(BOILERPLATE)
    proc = subprocess.run([sys.executable, "-c", BROKEN_RULE, "check", "--grammar", "off", "--format", "json",
                           "--jobs", jobs, str(tmp_path)], capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 2
    failed = [line for line in proc.stderr.splitlines() if "failed: RuntimeError: broken on purpose" in line]
    assert sorted(failed) == [f"mtcheck: internal error: {tmp_path / f'a{i}.txt'}: rule MT205 (repeated-word) "
                              "failed: RuntimeError: broken on purpose" for i in range(4)]  # once per article
    assert json.loads(proc.stdout)["summary"]["by_rule"] == {"MT101": 4}  # the other rules' findings are kept


@pytest.mark.parametrize("args, words", [
    (["--jobs", "0"], "argument --jobs/-j: expected a number of processes from 1 to 1024, or auto, not '0'"),
    (["--jobs", "2147483648"], "expected a number of processes from 1 to 1024"),
    (["--encoding", "rot13"], "argument --encoding: 'rot13' is not a text encoding"),
    (["--encoding", "klingon"], "argument --encoding: unknown encoding 'klingon'"),
    (["--select", ""], "argument --select: expected comma-separated rule ids or names, not ''"),
    (["--languagetool-url", "http://[::1"], "invalid LanguageTool URL 'http://[::1'"),
    (["--languagetool-url", "localhost:8010"], "invalid LanguageTool URL 'localhost:8010'"),
    (["--fix", "-"], "--fix with '-' prints the fixed stdin to stdout, so it takes no other paths"),
])
def test_bad_options_are_one_clear_line_and_exit_2(tmp_path, args, words):
    (tmp_path / "a.txt").write_text(BOILERPLATE)
    proc = run_cli("check", *args, str(tmp_path / "a.txt"), stdin=b"")
    assert proc.returncode == 2 and words in proc.stderr.decode() and b"Traceback" not in proc.stderr
    assert (tmp_path / "a.txt").read_text() == BOILERPLATE


@pytest.mark.parametrize("toml, words", [
    ("tool = 5\n", "'tool' must be a table ([tool.mtcheck]), not 5"),
    ("[tool]\nmtcheck = 5\n", "[tool.mtcheck] must be a table of options, not 5"),
    ('encoding = "rot13"\n', "'encoding': 'rot13' is not a text encoding"),
    ('languagetool-url = "not a url"\n', "invalid LanguageTool URL 'not a url'"),
])
def test_bad_config_files_are_one_clear_line_and_exit_2(tmp_path, toml, words):
    (tmp_path / "mtcheck.toml").write_text(toml)
    (tmp_path / "a.txt").write_text(CLEAN)
    proc = run_cli("check", str(tmp_path / "a.txt"))
    assert proc.returncode == 2 and words in proc.stderr.decode() and b"Traceback" not in proc.stderr


def test_a_file_named_twice_is_checked_once_and_through_a_link_too_fixed_once(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("He said that the the talks failed.\n")
    (tmp_path / "link.txt").symlink_to(path)
    names = [str(path), str(tmp_path / "." / "a.txt"), str(tmp_path / "link.txt")]
    _, data = run_json(*names)
    assert [f["path"] for f in data["files"]] == [str(path), str(tmp_path / "link.txt")]  # a link is a name of its own
    proc = run_cli("check", "--fix", "--jobs", "3", "--no-color", *names)
    assert b"Fixed 1 finding in 1 file" in proc.stdout
    assert path.read_text() == "He said that the talks failed.\n" and (tmp_path / "link.txt").is_symlink()


def test_a_line_break_in_a_file_name_does_not_split_a_finding_over_two_lines(tmp_path):
    (tmp_path / "bad\nname.txt").write_text(BOILERPLATE)
    for fmt in ("concise", "text"):
        out = run_cli("check", "--format", fmt, "--no-color", str(tmp_path)).stdout.decode()
        heads = [line for line in out.splitlines() if "MT101" in line]
        assert heads and heads[0].startswith(f"{tmp_path}/bad\\nname.txt:2:1: MT101 "), out
