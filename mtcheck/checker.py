"""A reusable, picklable checker for batch engines (process pools, Dask, Spark, Beam).

    >>> from mtcheck.checker import Checker
    >>> checker = Checker()
    >>> record = checker.check_record({"id": "a1", "text": "Please enter your comment!\\n"})
    >>> [f["rule"] for f in record["findings"]]
    ['MT101']

Pickled, a Checker keeps only its configuration. Each process builds the rules and
the gazetteer index once, on its first check, and shares them among all Checkers of
the same configuration (mtcheck.api.linter_for), so sending a Checker with every task
costs nothing after the first.

A record in: {"id", "text", "path"?, any metadata}. `text` is a str, or bytes decoded
like a file (UTF-8 by default, or the configured `encoding`). `path`, when given, names
the article in findings and chooses its format by suffix (.md, .html), as for files.

A record out (JSON-able, keys in this order):

    {"id", "path"?, metadata columns as given,
     "findings": [finding records exactly as in the JSON contract, mtcheck.render.json],
     "stats": {...},               # words, sentences, readability ... ({} when not checked)
     "score": float | null,        # MQM-style quality score (mtcheck.score); null on error
     "error": str}                 # only when the article failed

An article that fails (bytes that do not decode, no text, a rule that crashed) gives a
record with "error"; findings of the rules that did run are kept. Metadata columns named
like a result key (findings, stats, score, error) are passed on as input_<name>.
Metadata values JSON cannot hold are converted: dates and times to ISO 8601 strings,
bytes to base64, decimals and anything else to str.
"""
from __future__ import annotations

import base64
import datetime as _dt
import threading
from collections.abc import Mapping
from typing import Any

from .api import Report, check_text, linter_for
from .config import Config
from .documents.codec import decode_bytes
from .errors import InputError, MtcheckError
from .linter import Linter

try:  # the quality score is optional: records carry "score" only where it exists
    from .score import article_score
except ImportError:  # pragma: no cover
    article_score = None

RESULT_KEYS = ("findings", "stats", "score", "error")
_OWN_KEYS = ("id", "path", "text")
#: a sentence that takes a first check through every lazy load (rules, gazetteer, word
#: lists): it names people, one garbled (the fuzzy name matcher), and has a word that the
#: pronouncing dictionary lacks (the hyphenator counts its syllables)
WARM_UP_TEXT = ("The minister said on Monday that the talks with Victoria Noland and Guy Parmelan "
                "in Geneva would go on.\n")
# A Linter keeps the rule errors of every check it ran in one list; checks hold this lock
# so that each can tell its own errors apart when threads share a process.
_CHECK_LOCK = threading.Lock()


class Checker:
    """Checks articles with one configuration; build once, use for any number of them."""

    def __init__(self, config: Config | None = None):
        self.config = config or Config()
        self._linter: Linter | None = None

    def __getstate__(self) -> dict:
        return {"config": self.config}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["config"])

    def __repr__(self) -> str:
        return f"Checker({self.config!r})"

    @property
    def linter(self) -> Linter:
        """The rules (and gazetteer, when a rule needs it), loaded on first use."""
        if self._linter is None:
            linter = linter_for(self.config)
            if linter.needs_gazetteer:
                linter.gazetteer  # noqa: B018 - load the index now, not inside the first check
            self._linter = linter
        return self._linter

    def warm_up(self) -> None:
        """Load everything a first check loads (rules, gazetteer, the readability
        dictionary), so that timing and the first real article do not pay for it."""
        self.check_text(WARM_UP_TEXT).stats  # noqa: B018

    def check_text(self, text: str, *, path: str | None = None) -> Report:
        """Check one article; the Report's `error` names any rule that crashed on it."""
        linter = self.linter
        with _CHECK_LOCK:
            seen = len(linter.errors)
            report = check_text(text, path=path, config=self.config)
            crashed = linter.errors[seen:]
        if crashed:
            where = f"{report.path}: "
            report.error = "; ".join(m.removeprefix(where) for m in crashed)
        return report

    def check_record(self, record: Mapping[str, Any]) -> dict:
        """The JSON-able result record for an input record (see the module docstring)."""
        out: dict[str, Any] = {"id": jsonable(record.get("id"))}
        path = record.get("path")
        if path is not None:
            out["path"] = str(path)
        for key, value in record.items():
            if key in _OWN_KEYS:
                continue
            out[f"input_{key}" if key in RESULT_KEYS else key] = jsonable(value)
        report: Report | None = None
        error: str | None = None
        try:
            report = self.check_text(self._text_of(record), path=out.get("path"))
            error = report.error
            out["findings"] = _findings(report)
            out["stats"] = report.stats
        except MtcheckError as exc:
            error = exc.message
        except Exception as exc:  # noqa: BLE001 - one bad article must not stop a batch
            error = f"internal error: {type(exc).__name__}: {exc}"
        out.setdefault("findings", [])
        out.setdefault("stats", {})
        if article_score is not None:
            out["score"] = None if error or report is None else round(article_score(report).score, 2)
        if error:
            out["error"] = error
        return out

    def _text_of(self, record: Mapping[str, Any]) -> str:
        text = record.get("text")
        if isinstance(text, (bytes, bytearray, memoryview)):
            name = str(record.get("path") or record.get("id"))
            return decode_bytes(bytes(text), name, self.config.encoding).text
        if not isinstance(text, str):
            what = "no text" if text is None else f"a {type(text).__name__} as its text, not a string"
            raise InputError(f"the article has {what}")
        return text


def _findings(report: Report) -> list[dict]:
    from .render.json import finding_record

    return [finding_record(f, report) for f in report.findings]


def jsonable(value: Any) -> Any:
    """`value` with everything JSON cannot hold converted (see the module docstring)."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, (_dt.date, _dt.time)):  # datetime is a date
        return value.isoformat()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if hasattr(value, "tolist"):  # NumPy scalars and arrays
        return jsonable(value.tolist())
    return str(value)


__all__ = ["RESULT_KEYS", "Checker", "jsonable"]
