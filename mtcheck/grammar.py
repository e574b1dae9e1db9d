"""Grammar and spelling through LanguageTool, optional and never required to run.

Modes (--grammar, config `grammar`, env MTCHECK_GRAMMAR):
  off       no grammar checks
  auto      a configured server (--languagetool-url, config `languagetool-url`, env
            MTCHECK_LANGUAGETOOL_URL); else a LanguageTool already installed for
            language-tool-python with Java on the PATH; else none, said in one line
  local     a LanguageTool that language-tool-python starts on this machine
  remote    the server at --languagetool-url (e.g. the official Docker image)
  required  like auto, but no LanguageTool is an error (exit 2)

Each request waits at most MTCHECK_LANGUAGETOOL_TIMEOUT seconds (default 10).

The server is spoken to over its documented HTTP API (/v2/check). Long documents are
split on paragraph breaks below the server's size limit and offsets re-based; time-outs,
errors, rate limits (429, with a bounded wait) and a server that is down never lose the
other findings, and each problem is reported once per run. LanguageTool counts offsets
in UTF-16 code units; they are converted to code points.
"""
from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from .documents import Document
from .errors import ConfigError
from .model import Applicability, Edit, Finding, Fix, Severity
from .notices import NOTICES

MODES = ("off", "auto", "local", "remote", "required")

# LanguageTool rules whose replacement is safe to apply with --fix: whitespace and
# doubled punctuation only. Everything else is a suggestion for a person to judge.
SAFE_RULES = frozenset({"WHITESPACE_RULE", "COMMA_PARENTHESIS_WHITESPACE", "DOUBLE_PUNCTUATION",
                        "ENGLISH_WORD_REPEAT_RULE"})

_BY_ISSUE = {
    "misspelling": ("Fluency/Spelling", Severity.MAJOR),
    "grammar": ("Fluency/Grammar", Severity.MAJOR),
    "typographical": ("Fluency/Punctuation", Severity.MINOR),
    "whitespace": ("Fluency/Punctuation", Severity.MINOR),
    "duplication": ("Fluency/Grammar", Severity.MINOR),
    "inconsistency": ("Fluency/Inconsistency", Severity.MINOR),
    "style": ("Style/Awkward", Severity.MINOR),
    "register": ("Fluency/Register", Severity.MINOR),
    "locale-violation": ("Locale convention/Other", Severity.MINOR),
    "uncategorized": ("Fluency/Grammar", Severity.MINOR),
}
_BY_CATEGORY = {
    "TYPOS": "Fluency/Spelling", "CASING": "Fluency/Spelling", "GRAMMAR": "Fluency/Grammar",
    "PUNCTUATION": "Fluency/Punctuation", "TYPOGRAPHY": "Fluency/Punctuation", "STYLE": "Style/Awkward",
    "REDUNDANCY": "Style/Awkward", "PLAIN_ENGLISH": "Style/Awkward", "COLLOCATIONS": "Style/Awkward",
    "CONFUSED_WORDS": "Accuracy/Mistranslation", "SEMANTICS": "Accuracy/Mistranslation",
}


@dataclass(frozen=True)
class GrammarSettings:
    mode: str = "auto"
    url: str = ""
    language: str = "en-US"
    timeout: float = 10.0
    max_chars: int = 20000  # the public server's limit; a private one may allow more


def _check_url(url: str) -> None:
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        ok = parts.scheme in ("http", "https") and bool(parts.hostname) and (parts.port or 1) > 0
    except ValueError:  # "http://[::1": an unclosed IPv6 address, a port that is not a number
        ok = False
    if not ok:
        raise ConfigError(f"invalid LanguageTool URL {url!r}: use http://HOST:PORT or https://HOST")


class GrammarUnavailable(Exception):
    pass




def settings_from(mode: str | None, url: str | None, config_mode: str | None = None,
                  config_url: str | None = None) -> GrammarSettings:
    """`mode` and `url` first, then the environment, then `config_mode` and `config_url`.
    mtcheck passes a configuration's values as `mode` and `url`: the command folds its
    options and the environment over the config file's values (command line over
    environment over config file), and a Config built or loaded by the Python API is
    taken as meant; the environment fills in what neither sets."""
    mode = mode or os.environ.get("MTCHECK_GRAMMAR") or config_mode or "auto"
    url = url or os.environ.get("MTCHECK_LANGUAGETOOL_URL") or config_url or ""
    if mode not in MODES:
        raise ConfigError(f"unknown grammar mode {mode!r}; use one of {', '.join(MODES)}")
    if url:
        _check_url(url)
    if mode == "remote" and not url:
        raise ConfigError("--grammar remote needs --languagetool-url (or MTCHECK_LANGUAGETOOL_URL)")
    timeout = os.environ.get("MTCHECK_LANGUAGETOOL_TIMEOUT", "10")
    try:
        seconds = float(timeout)
    except ValueError:
        raise ConfigError(f"MTCHECK_LANGUAGETOOL_TIMEOUT must be a number of seconds, not {timeout!r}") from None
    return GrammarSettings(mode, url.rstrip("/"), timeout=seconds)


class LanguageToolClient:
    """Talks to one LanguageTool server over HTTP."""

    def __init__(self, base_url: str, settings: GrammarSettings):
        base = base_url.rstrip("/")
        self.base = base if base.endswith("/v2") else base + "/v2"
        self.settings = settings

    def check(self, text: str) -> list[dict]:
        """All matches for `text`, split into chunks below the size limit; offsets in
        code points of `text`."""
        matches: list[dict] = []
        for start, chunk in split_paragraphs(text, self.settings.max_chars):
            for m in self._check_chunk(chunk):
                m = dict(m)
                m["offset"], m["length"] = utf16_to_code_points(chunk, m["offset"], m["length"])
                m["offset"] += start
                matches.append(m)
        return matches

    def _check_chunk(self, chunk: str, attempt: int = 0) -> list[dict]:
        # imported here: urllib.request pulls in http, ssl and email (20 ms at every start)
        import urllib.error
        import urllib.parse
        import urllib.request

        data = urllib.parse.urlencode({"text": chunk, "language": self.settings.language}).encode("utf-8")
        request = urllib.request.Request(self.base + "/check", data=data, method="POST",
                                         headers={"Accept": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.settings.timeout) as resp:
                return json.loads(resp.read().decode("utf-8")).get("matches", [])
        except urllib.error.HTTPError as exc:
            if exc.code == 429 and attempt < 2:
                wait = min(5.0, float(exc.headers.get("Retry-After") or 1))
                time.sleep(wait)
                return self._check_chunk(chunk, attempt + 1)
            if exc.code == 413 and len(chunk) > 200 and attempt < 4:  # over the server's limit: halve
                out = []
                for start, part in split_paragraphs(chunk, max(100, len(chunk) // 2)):
                    for m in self._check_chunk(part, attempt + 1):
                        m = dict(m)
                        off, length = utf16_to_code_points(part, m["offset"], m["length"])
                        m["offset"], m["length"] = code_points_to_utf16(chunk, start + off, length)
                        out.append(m)
                return out
            raise GrammarUnavailable(f"LanguageTool at {self.base} answered HTTP {exc.code}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise GrammarUnavailable(f"LanguageTool at {self.base} is not reachable ({reason})") from None
        except (ValueError, json.JSONDecodeError):
            raise GrammarUnavailable(f"LanguageTool at {self.base} sent an answer that is not JSON") from None


def split_paragraphs(text: str, limit: int) -> list[tuple[int, str]]:
    """(offset, chunk) pieces of at most `limit` characters, cut after line breaks where
    possible (else after a space, else anywhere)."""
    out, start = [], 0
    while len(text) - start > limit:
        cut = text.rfind("\n", start, start + limit)
        if cut <= start:
            cut = text.rfind(" ", start, start + limit)
        cut = cut + 1 if cut > start else start + limit
        out.append((start, text[start:cut]))
        start = cut
    if start < len(text) or not out:
        out.append((start, text[start:]))
    return out


def utf16_to_code_points(text: str, offset: int, length: int) -> tuple[int, int]:
    """Java string offsets to Python ones (they differ after characters beyond U+FFFF)."""
    if text.isascii() or all(ord(c) < 0x10000 for c in text):
        return offset, length
    units = 0
    start = end = None
    for i, ch in enumerate(text):
        if start is None and units >= offset:
            start = i
        if start is not None and units >= offset + length:
            end = i
            break
        units += 2 if ord(ch) >= 0x10000 else 1
    start = len(text) if start is None else start
    end = len(text) if end is None else end
    return start, end - start


def code_points_to_utf16(text: str, offset: int, length: int) -> tuple[int, int]:
    def units(s: str) -> int:
        return sum(2 if ord(c) >= 0x10000 else 1 for c in s)

    return units(text[:offset]), units(text[offset:offset + length])


def to_finding(m: dict, doc: Document) -> Finding:
    rule = m.get("rule", {})
    rid = rule.get("id", "UNKNOWN")
    issue = rule.get("issueType", "uncategorized")
    category, severity = _BY_ISSUE.get(issue, _BY_ISSUE["uncategorized"])
    category = _BY_CATEGORY.get(rule.get("category", {}).get("id", ""), category)
    start, end = m["offset"], m["offset"] + m["length"]
    suggestions = [r.get("value", "") for r in m.get("replacements", [])[:5]]
    fix = None
    if suggestions:
        safe = rid in SAFE_RULES and len(suggestions) == 1
        fix = Fix((Edit(start, end, suggestions[0]),), Applicability.SAFE if safe else Applicability.DISPLAY)
    name = rule.get("description", rid).lower().replace(" ", "-")[:60]
    return Finding(f"LT:{rid}", name, category, severity, start, end, m.get("message", rule.get("description", "")),
                   suggestions=suggestions, fix=fix)


#: a local LanguageTool server another process started, for this one to use instead of
#: starting its own (a worker and its parent's server); "" when that process failed to
#: start one, and has said why
_shared_local: str | None = None


def share_local_server(url: str) -> None:
    global _shared_local
    if url:
        _check_url(url)
    _shared_local = url


class Grammar:
    """The LanguageTool connection for a run, set up lazily on first use."""

    def __init__(self, settings: GrammarSettings):
        self.settings = settings
        self.client: LanguageToolClient | None = None
        self.failed = False
        self._tool = None

    def _connect(self) -> LanguageToolClient | None:
        s = self.settings
        if s.mode == "off" or self.failed:
            return None
        if self.client is not None:
            return self.client
        try:
            if s.url and s.mode in ("auto", "remote", "required"):
                self.client = LanguageToolClient(s.url, s)
            elif s.mode in ("auto", "local", "required") and _shared_local is not None:
                if not _shared_local:  # a worker whose parent could not start it: said there, once
                    self.failed = True
                    return None
                self.client = LanguageToolClient(_shared_local, s)  # a worker: the parent's server
            elif s.mode in ("auto", "local", "required") and local_install_found():
                self.client = self._start_local()
            else:
                raise GrammarUnavailable("no LanguageTool configured (set --languagetool-url, or install "
                                         "LanguageTool for language-tool-python with Java)")
        except GrammarUnavailable as exc:
            return self._unavailable(str(exc))
        return self.client

    def _start_local(self) -> LanguageToolClient:
        try:
            import language_tool_python

            self._tool = language_tool_python.LanguageTool(self.settings.language)
        except Exception as exc:  # Java missing or broken, port taken, ...
            raise GrammarUnavailable(f"the local LanguageTool did not start ({exc})") from None
        import atexit

        atexit.register(self._tool.close)
        return LanguageToolClient(self._tool._url.rstrip("/"), self.settings)

    def local_server(self) -> str | None:
        """The address of the local LanguageTool server this process runs, started now
        if the settings call for one; None when there is none (grammar off, a remote
        server, or no local install)."""
        if self.settings.mode == "off" or (self.settings.url and self.settings.mode != "local"):
            return None
        client = self._connect()
        return client.base if client is not None and self._tool is not None else None

    def _unavailable(self, why: str) -> None:
        self.failed = True
        if self.settings.mode == "required":
            raise ConfigError(f"grammar checks required, but {why}")
        NOTICES.once(f"grammar checks off: {why}.")
        return None

    def check(self, doc: Document, own: list[Finding], known_words: frozenset[str] = frozenset()) -> list[Finding]:
        """LanguageTool's findings for the document's prose, without those that repeat
        one of mtcheck's own (same span) or call a gazetteer name a misspelling."""
        client = self._connect()
        if client is None:
            return []
        try:
            matches = client.check(doc.prose)
        except GrammarUnavailable as exc:
            self._unavailable(str(exc))
            return []
        spans = {(f.start, f.end): f for f in own}
        out = []
        for m in matches:
            finding = to_finding(m, doc)
            if finding.end > len(doc.text) or finding.start < 0:
                continue
            word = doc.text[finding.start:finding.end]
            if m.get("rule", {}).get("issueType") == "misspelling" and _is_known(word, known_words):
                continue
            twin = spans.get((finding.start, finding.end))
            if twin is not None:
                if not twin.suggestions:
                    twin.suggestions = finding.suggestions
                continue
            out.append(finding)
        return out


def _is_known(word: str, known: frozenset[str]) -> bool:
    from .gazetteer.index import fold_name

    parts = fold_name(word).split()
    return bool(parts) and all(p in known for p in parts)


def local_install_found() -> bool:
    """A LanguageTool that language-tool-python downloaded earlier, and Java to run it.
    Nothing is downloaded here. The folder is looked up where language-tool-python puts
    it ($LTP_PATH, else ~/.cache/language_tool_python) without importing the library,
    which would add a tenth of a second to every start."""
    if shutil.which("java") is None:
        return False
    folder = Path(os.environ.get("LTP_PATH") or Path.home() / ".cache" / "language_tool_python")
    return folder.is_dir() and any(p.is_dir() for p in folder.glob("LanguageTool*"))
