from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SEED = FIXTURES / "articles" / "geneva-summit.txt"
SHARED = ROOT.parent / "shared"


def run_cli(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run `python -m mtcheck` as a user would, capturing bytes."""
    return subprocess.run([sys.executable, "-m", "mtcheck", *args], input=stdin, capture_output=True,
                          cwd=cwd, timeout=120)


def run_json(*args: str, **kw) -> tuple[int, dict]:
    proc = run_cli("check", "--format", "json", *args, **kw)
    return proc.returncode, json.loads(proc.stdout)


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")
