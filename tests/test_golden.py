"""The bundled example article against its expected findings (a golden file).

After an intended change, regenerate with:  MTCHECK_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py
and review the diff of fixtures/expected/ like any other change.
"""
from __future__ import annotations

import json
import os

from conftest import FIXTURES, SEED, run_cli

GOLDEN = FIXTURES / "expected" / "geneva-summit.json"


def _current() -> list[dict]:
    proc = run_cli("check", "--format", "json", str(SEED))
    data = json.loads(proc.stdout)
    return [{k: f[k] for k in ("rule", "severity", "line", "column", "start", "end", "message", "suggestions")}
            for f in data["files"][0]["findings"]]


def test_seed_article_matches_golden_findings():
    current = _current()
    if os.environ.get("MTCHECK_UPDATE_GOLDEN"):
        GOLDEN.write_text(json.dumps(current, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert current == expected


def test_seed_article_names_the_must_not_flag_names_nowhere():
    text = SEED.read_text(encoding="utf-8")
    correct = ["Joe Biden", "Vladimir Putin", "Sergei Lavrov", "Alexei Navalny", "Valery Gerasimov", "Yury Ushakov",
               "Dmitry Kozak", "Jake Sullivan", "John Sullivan", "Eric Green", "Geneva", "Germany", "Ukraine", "CNN",
               "Minsk Agreement", "Arctic", "National Security Council"]
    spans = [(f["start"], f["end"], f["rule"]) for f in _current()]
    for name in correct:
        start = text.find(name)
        while start != -1:
            inside = [r for s, e, r in spans if start <= s and e <= start + len(name)]
            assert not inside, f"{name} flagged by {inside}"
            start = text.find(name, start + 1)
