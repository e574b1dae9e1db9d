"""The pre-commit hook (.pre-commit-hooks.yaml), run by the real `pre-commit`.

The end-to-end tests commit a snapshot of this working tree to a throwaway repository and
name it, by path and commit, in the .pre-commit-config.yaml of a repository of articles,
so they test the hook as it is in the working tree, committed or not. pre-commit builds
the hook's virtualenv (a `pip install` of mtcheck) once, in a PRE_COMMIT_HOME private to
this module. (`pre-commit try-repo` would rebuild it on every call: it keeps its own
throwaway store.)
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = ROOT / ".pre-commit-hooks.yaml"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

LEAD = "Swiss officials said on Tuesday that preparations for the summit in Geneva were complete.\n"
GOOD = LEAD + "\nThe two delegations are expected to arrive on Wednesday morning.\n"
BAD = GOOD + "\nPlease enter your comment!\n"  # comment-form boilerplate: MT101, major


def _hook() -> dict:
    hooks = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    assert isinstance(hooks, list)
    (hook,) = [h for h in hooks if h["id"] == "mtcheck"]
    return hook


def test_manifest_declares_the_hook():
    hook = _hook()
    assert hook["entry"] == "mtcheck check"
    assert hook["language"] == "python"
    assert hook.get("pass_filenames", True) is True


def test_manifest_is_valid_for_pre_commit():
    pytest.importorskip("pre_commit", reason="pre-commit is not installed (pip install -e '.[test]')")
    proc = subprocess.run([sys.executable, "-m", "pre_commit", "validate-manifest", str(MANIFEST)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("name, checked", [
    ("article.txt", True), ("notes/ARTICLE.TXT", True), ("a.md", True), ("a.markdown", True),
    ("a.html", True), ("a.htm", True),
    ("a.py", False), ("a.json", False), ("a.yaml", False), ("a.rst", False), ("a.xhtml", False),
    ("LICENSE", False), ("README", False), ("a.txt.py", False),
])
def test_hook_selects_article_files_only(name, checked):
    identify = pytest.importorskip("identify.identify")
    hook = _hook()
    tags = identify.tags_from_filename(name)
    selected = (bool(tags & set(hook.get("types_or", tags))) and set(hook.get("types", [])) <= tags
                and re.search(hook.get("files", ""), name) is not None)
    assert selected is checked, (name, tags)


# --- end to end ------------------------------------------------------------------------------


def _clean_git_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_") and not k.startswith("PRE_COMMIT")}
    env.update(extra)
    return env


def _git(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True, timeout=60)


def _project_files() -> list[Path]:
    """The working tree's files as git would commit them (tracked or new, not ignored);
    everything but caches when this is not a git checkout."""
    proc = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                          cwd=ROOT, env=_clean_git_env(), capture_output=True, timeout=60)
    if proc.returncode == 0 and proc.stdout:
        return [ROOT / p for p in proc.stdout.decode().split("\0") if p and (ROOT / p).is_file()]
    junk = {".git", "__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache", ".hypothesis", "build", "dist"}
    return [p for p in ROOT.rglob("*") if p.is_file() and not any(
        part in junk or part.endswith(".egg-info") for part in p.relative_to(ROOT).parts)]


@pytest.fixture(scope="module")
def env(tmp_path_factory) -> dict[str, str]:
    """Environment for git and pre-commit: no user or system git config, a private
    PRE_COMMIT_HOME (shared by the module so the hook environment is built once) and a
    private mtcheck cache."""
    pytest.importorskip("pre_commit", reason="pre-commit is not installed (pip install -e '.[test]')")
    base = tmp_path_factory.mktemp("precommit")
    (base / "gitconfig").write_text("[init]\n\tdefaultBranch = main\n", encoding="utf-8")
    return _clean_git_env(
        GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=str(base / "gitconfig"),
        GIT_AUTHOR_NAME="Test", GIT_AUTHOR_EMAIL="test@example.com",
        GIT_COMMITTER_NAME="Test", GIT_COMMITTER_EMAIL="test@example.com",
        PRE_COMMIT_HOME=str(base / "pre-commit-home"), MTCHECK_CACHE_DIR=str(base / "mtcheck-cache"),
        PRE_COMMIT_COLOR="never", NO_COLOR="1",
    )


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory, env) -> tuple[str, str]:
    """(path, commit) of a repository holding this working tree in one commit."""
    assert MANIFEST.is_file()
    repo = tmp_path_factory.mktemp("hook-repo")
    for src in _project_files():
        dst = repo / src.relative_to(ROOT)
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dst, follow_symlinks=False)
    _git("init", "-q", cwd=repo, env=env)
    _git("add", "-A", cwd=repo, env=env)
    _git("commit", "-q", "--no-verify", "-m", "snapshot", cwd=repo, env=env)
    return str(repo), _git("rev-parse", "HEAD", cwd=repo, env=env).stdout.strip()


@pytest.fixture
def work(tmp_path, env, hook_repo) -> Path:
    """A repository using the hook, with a bad and a good article and a Python file
    holding the same boilerplate, all staged."""
    path, rev = hook_repo
    _git("init", "-q", cwd=tmp_path, env=env)
    (tmp_path / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {path}\n    rev: {rev}\n    hooks:\n      - id: mtcheck\n", encoding="utf-8")
    (tmp_path / "bad.txt").write_text(BAD, encoding="utf-8")
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "notes.py").write_text(f"TEXT = {BAD!r}\n", encoding="utf-8")
    _git("add", ".pre-commit-config.yaml", "bad.txt", "good.md", "notes.py", cwd=tmp_path, env=env)
    return tmp_path


def pre_commit(*args: str, cwd: Path, env: dict[str, str]) -> tuple[int, str]:
    proc = subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=cwd, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=600)
    return proc.returncode, proc.stdout


def run_hook(*args: str, cwd: Path, env: dict[str, str]) -> tuple[int, str]:
    return pre_commit("run", "mtcheck", "--color", "never", *args, cwd=cwd, env=env)


def git_commit(cwd: Path, env: dict[str, str]) -> tuple[int, str]:
    proc = subprocess.run(["git", "commit", "-m", "Add articles"], cwd=cwd, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=600)
    return proc.returncode, proc.stdout


def test_bad_article_fails_good_article_passes_other_files_skipped(work, env):
    code, out = run_hook("--files", "bad.txt", cwd=work, env=env)
    assert code == 1, out
    assert re.search(r"^mtcheck\.+Failed$", out, re.M), out
    assert "bad.txt:5:1: MT101 [major]" in out
    assert "Please enter your comment!" in out

    # --verbose shows mtcheck's summary on success: one file checked, so notes.py was not passed.
    code, out = run_hook("--verbose", "--files", "good.md", "notes.py", cwd=work, env=env)
    assert code == 0, out
    assert re.search(r"^mtcheck\.+Passed$", out, re.M), out
    assert "No findings in 1 file." in out

    code, out = run_hook("--files", "notes.py", ".pre-commit-config.yaml", cwd=work, env=env)
    assert code == 0, out
    assert re.search(r"^mtcheck\.+\(no files to check\)Skipped$", out, re.M), out
    assert "MT101" not in out


def test_only_staged_content_is_checked(work, env):
    # Unstaged: a new bad file, and boilerplate appended to the staged good article.
    (work / "draft.txt").write_text(BAD, encoding="utf-8")
    with (work / "good.md").open("a", encoding="utf-8") as f:
        f.write("\nPlease enter your comment!\n")
    _git("rm", "-q", "--cached", "bad.txt", cwd=work, env=env)

    code, out = run_hook("--verbose", cwd=work, env=env)
    assert code == 0, out
    assert "No findings in 1 file." in out  # good.md as staged; not draft.txt, bad.txt or notes.py
    assert "MT101" not in out
    assert (work / "good.md").read_text(encoding="utf-8") == GOOD + "\nPlease enter your comment!\n"  # restored

    _git("add", "bad.txt", cwd=work, env=env)
    code, out = run_hook(cwd=work, env=env)
    assert code == 1, out
    assert "bad.txt:5:1: MT101 [major]" in out
    assert "draft.txt" not in out and "good.md:" not in out
    assert re.search(r"\bin 2 files\.", out), out  # bad.txt and good.md


def test_installed_hook_blocks_the_commit(work, env):
    code, out = pre_commit("install", cwd=work, env=env)
    assert code == 0, out

    code, out = git_commit(work, env)
    assert code != 0, out
    assert re.search(r"^mtcheck\.+Failed$", out, re.M), out
    assert "bad.txt:5:1: MT101 [major]" in out
    assert subprocess.run(["git", "rev-parse", "--verify", "-q", "HEAD"], cwd=work, env=env,
                          capture_output=True).returncode != 0  # nothing was committed

    (work / "bad.txt").write_text(GOOD, encoding="utf-8")
    _git("add", "bad.txt", cwd=work, env=env)
    code, out = git_commit(work, env)
    assert code == 0, out
    assert re.search(r"^mtcheck\.+Passed$", out, re.M), out
    assert _git("ls-files", cwd=work, env=env).stdout.split() == [
        ".pre-commit-config.yaml", "bad.txt", "good.md", "notes.py"]
