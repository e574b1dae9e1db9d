"""LanguageTool integration.

Most tests talk to `FakeLanguageTool`, an HTTP server started by the tests that stands
in for a real LanguageTool server: it speaks the documented /v2/check and /v2/languages
API with response shapes copied from LanguageTool's, and can be told to fail, throttle
or stall. One test runs against a real LanguageTool when one is reachable.
"""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conftest import SEED, run_cli
from mtcheck.api import findings_for
from mtcheck.config import Config
from mtcheck.documents import Document
from mtcheck.grammar import Grammar, GrammarSettings, split_paragraphs, utf16_to_code_points

LANGUAGES = [{"name": "English (US)", "code": "en", "longCode": "en-US"}]


def lt_match(text: str, phrase: str, rule_id: str, issue: str, category: str, message: str,
             replacements: list[str], nth: int = 0) -> dict:
    """A match shaped like LanguageTool's (offsets in UTF-16 code units, as Java counts)."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    units = lambda s: sum(2 if ord(c) > 0xFFFF else 1 for c in s)  # noqa: E731
    return {
        "message": message, "shortMessage": "", "replacements": [{"value": r} for r in replacements],
        "offset": units(text[:start]), "length": units(phrase),
        "context": {"text": text[max(0, start - 20):start + 20], "offset": 0, "length": len(phrase)},
        "sentence": text, "type": {"typeName": "Other"},
        "rule": {"id": rule_id, "description": message, "issueType": issue,
                 "category": {"id": category, "name": category.title()}},
        "ignoreForIncompleteSentence": False, "contextForSureMatch": 0,
    }


def default_matches(text: str) -> list[dict]:
    out = []
    if "He go " in text:
        out.append(lt_match(text, "go", "HE_VERB_AGR", "grammar", "GRAMMAR",
                            "The pronoun 'He' must be used with a third-person verb.", ["goes"]))
    if "  " in text:
        out.append(lt_match(text, "  ", "WHITESPACE_RULE", "whitespace", "TYPOGRAPHY",
                            "Possible typo: you repeated a whitespace", [" "]))
    for name in ("Parmelin", "Nuland"):
        if name in text:
            out.append(lt_match(text, name, "MORFOLOGIK_RULE_EN_US", "misspelling", "TYPOS",
                                "Possible spelling mistake found.", ["Parmesan"]))
    if "the the" in text:
        out.append(lt_match(text, "the the", "ENGLISH_WORD_REPEAT_RULE", "duplication", "MISC",
                            "Possible typo: you repeated a word.", ["the"]))
    if "Teh" in text:
        out.append(lt_match(text, "Teh", "MORFOLOGIK_RULE_EN_US", "misspelling", "TYPOS",
                            "Possible spelling mistake found.", ["The", "Ten"]))
    return out


class FakeLanguageTool:
    def __init__(self):
        self.requests: list[dict] = []
        self.behaviour = "ok"  # ok | error | throttle-once | slow | too-large-over:N
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def _send(self, code: int, body: object, headers: dict | None = None):
                data = json.dumps(body).encode("utf-8") if not isinstance(body, bytes) else body
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                if self.path.startswith("/v2/languages"):
                    return self._send(200, LANGUAGES)
                self._send(404, b"not found")

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                form = urllib.parse.parse_qs(self.rfile.read(length).decode("utf-8"), keep_blank_values=True)
                text = form.get("text", [""])[0]
                fake.requests.append({"path": self.path, "text": text, "language": form.get("language", [""])[0]})
                b = fake.behaviour
                if b == "error":
                    return self._send(500, b"Error: Internal Server Error")
                if b == "throttle-once" and len(fake.requests) == 1:
                    return self._send(429, b"Too many requests", {"Retry-After": "0"})
                if b == "slow":
                    time.sleep(2)
                if b.startswith("too-large-over:") and len(text) > int(b.split(":")[1]):
                    return self._send(413, b"Error: Your text exceeds the limit")
                self._send(200, {"software": {"name": "LanguageTool", "version": "6.4"},
                                 "language": {"name": "English (US)", "code": "en-US"},
                                 "matches": default_matches(text)})

        return Handler

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def lt():
    server = FakeLanguageTool()
    yield server
    server.close()


def grammar_findings(text: str, url: str, **settings) -> list:
    g = Grammar(GrammarSettings(mode="remote", url=url, **settings))
    return g.check(Document(text), [], frozenset({"parmelin", "guy"}))


def test_mapping_of_matches(lt):
    found = grammar_findings("He go to school every day.", lt.url)
    (f,) = found
    assert (f.rule, f.category, str(f.severity), f.suggestions) == ("LT:HE_VERB_AGR", "Fluency/Grammar", "major", ["goes"])
    assert (f.start, f.end) == (3, 5)
    assert f.fix.applicability.value == "display"  # grammar rewrites are for a person to judge
    (ws,) = grammar_findings("He left  early.", lt.url)
    assert ws.fix.applicability.value == "safe" and ws.category == "Fluency/Punctuation"
    assert lt.requests[0]["language"] == "en-US"


def test_offsets_count_code_points_after_astral_characters(lt):
    text = "Fans 😀😀 said: Teh match was great."
    (f,) = grammar_findings(text, lt.url)
    assert text[f.start:f.end] == "Teh" and f.suggestions == ["The", "Ten"]
    assert utf16_to_code_points("a😀b", 3, 1) == (2, 1)


def test_long_documents_are_split_on_paragraphs_and_rebased(lt):
    para = "The talks ended early, officials said on Wednesday evening in the city.\n"
    text = para * 30 + "Teh end.\n" + para * 30
    found = grammar_findings(text, lt.url, max_chars=600)
    assert len(lt.requests) > 1 and all(len(r["text"]) <= 600 for r in lt.requests)
    assert [text[f.start:f.end] for f in found] == ["Teh"]
    assert all(r["text"].endswith("\n") for r in lt.requests[:-1])  # cut at paragraph breaks
    assert split_paragraphs("abc", 10) == [(0, "abc")]


def test_server_size_limit_is_handled_by_halving(lt):
    lt.behaviour = "too-large-over:300"
    text = "The talks ended early, officials said on Wednesday evening.\n" * 8 + "Teh end.\n"
    found = grammar_findings(text, lt.url)
    assert [text[f.start:f.end] for f in found] == ["Teh"]


def test_rate_limit_is_retried(lt):
    lt.behaviour = "throttle-once"
    assert [f.rule for f in grammar_findings("He go to school.", lt.url)] == ["LT:HE_VERB_AGR"]
    assert len(lt.requests) == 2


def test_gazetteer_names_are_not_spelling_errors(lt):
    found = grammar_findings("The Swiss President Guy Parmelin spoke. Teh end.", lt.url)
    assert [f.rule for f in found] == ["LT:MORFOLOGIK_RULE_EN_US"] and found[0].suggestions == ["The", "Ten"]


def test_duplicate_of_an_mtcheck_finding_is_merged(lt):
    config = Config(select=("MT205",), grammar="remote", languagetool_url=lt.url)
    doc = Document("He said that the the talks failed.")
    found = findings_for(doc, config)
    assert [f.rule for f in found] == ["MT205"]
    assert found[0].message.startswith("“the the”")  # mtcheck's message is kept


@pytest.mark.parametrize("behaviour", ["error", "slow"])
def test_failures_keep_other_findings_and_are_reported_once(lt, tmp_path, behaviour):
    lt.behaviour = behaviour
    path = tmp_path / "a.txt"
    path.write_text("The talks ended early, officials said on Wednesday evening.\nPlease enter your comment!\n"
                    "He go home.\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("MTCHECK_")}
    env["MTCHECK_LANGUAGETOOL_TIMEOUT"] = "0.5"
    proc = subprocess.run([sys.executable, "-m", "mtcheck", "check", "--format", "json", "--languagetool-url",
                           lt.url, "--grammar", "remote", str(path), str(path)],
                          capture_output=True, timeout=60, env=env)
    data = json.loads(proc.stdout)
    for entry in data["files"]:  # the same file twice: the failure is reported once
        assert [f["rule"] for f in entry["findings"]] == ["MT101"]
    assert proc.stderr.decode().count("grammar checks off") == 1


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unavailable_grammar_changes_nothing_but_one_notice():
    url = f"http://127.0.0.1:{_closed_port()}"
    off = run_cli("check", "--format", "json", "--grammar", "off", str(SEED))
    t0 = time.monotonic()
    down = run_cli("check", "--format", "json", "--languagetool-url", url, str(SEED))
    assert time.monotonic() - t0 < 20
    assert down.stdout == off.stdout and down.returncode == off.returncode == 1
    assert down.stderr.decode().strip().count("\n") == 0 and "grammar checks off" in down.stderr.decode()
    none = run_cli("check", "--format", "json", str(SEED))
    assert none.stdout == off.stdout and "grammar checks off: no LanguageTool configured" in none.stderr.decode()
    assert off.stderr == b""


def test_required_grammar_is_an_error_when_missing():
    url = f"http://127.0.0.1:{_closed_port()}"
    proc = run_cli("check", "--grammar", "required", "--languagetool-url", url, str(SEED))
    assert proc.returncode == 2 and b"grammar checks required" in proc.stderr and b"Traceback" not in proc.stderr


def test_remote_mode_needs_a_url():
    proc = run_cli("check", "--grammar", "remote", str(SEED))
    assert proc.returncode == 2 and b"needs --languagetool-url" in proc.stderr


def test_against_a_real_languagetool():
    from mtcheck.grammar import local_install_found

    url = os.environ.get("MTCHECK_LANGUAGETOOL_URL")
    if not url and not local_install_found():
        pytest.skip("no real LanguageTool: set MTCHECK_LANGUAGETOOL_URL or install LanguageTool "
                    "for language-tool-python (with Java)")
    settings = GrammarSettings(mode="remote" if url else "local", url=url or "")
    found = Grammar(settings).check(Document("He go to school every day. Teh end."), [])
    assert any(f.rule.startswith("LT:") for f in found)


def _local_languagetool_started_here(monkeypatch, tmp_path, lt, fails: bool = False):
    """No Java here: "starting" the local server hands out the fake one (or fails), and is
    counted in a file. Forked workers inherit the stand-ins; started ones (spawn, fork
    server) run without them, so they find the server only through the parent."""
    from mtcheck import api, grammar

    started = tmp_path / "started"

    def start_local(self):
        with open(started, "a", encoding="utf-8") as f:
            f.write(f"{os.getpid()}\n")
        if fails:
            raise grammar.GrammarUnavailable("the local LanguageTool did not start (port taken)")
        self._tool = object()
        return grammar.LanguageToolClient(lt.url, self.settings)

    monkeypatch.setattr(grammar.Grammar, "_start_local", start_local)
    monkeypatch.setattr(grammar, "local_install_found", lambda: True)
    monkeypatch.setattr(api, "_grammars", {})
    for name in ("MTCHECK_GRAMMAR", "MTCHECK_LANGUAGETOOL_URL"):
        monkeypatch.delenv(name, raising=False)
    return started


def test_batch_workers_share_the_local_languagetool_too(lt, tmp_path, monkeypatch):
    from mtcheck.batch import _run_local
    from mtcheck.checker import Checker

    started = _local_languagetool_started_here(monkeypatch, tmp_path, lt)
    chunks = [[{"id": f"a{i}", "text": f"Teh talks ended early on day {i}.\n"} for i in range(j, j + 2)]
              for j in range(0, 6, 2)]
    records = [r for chunk in _run_local(Checker(Config(grammar="local")), iter(chunks), 2) for r in chunk]
    assert started.read_text(encoding="utf-8").split() == [str(os.getpid())]  # once, here
    assert [r["id"] for r in records] == [f"a{i}" for i in range(6)]
    assert all("LT:MORFOLOGIK_RULE_EN_US" in [f["rule"] for f in r["findings"]] for r in records)


def test_workers_do_not_retry_a_local_languagetool_the_parent_could_not_start(lt, tmp_path, monkeypatch, capfd):
    import multiprocessing

    from mtcheck.parallel import Task, run_tasks

    started = _local_languagetool_started_here(monkeypatch, tmp_path, lt, fails=True)
    spawn = multiprocessing.get_context("spawn")  # workers that inherit nothing
    monkeypatch.setattr(multiprocessing, "get_context", lambda method=None: spawn)
    paths = []
    for i in range(4):
        paths.append(tmp_path / f"a{i}.txt")
        paths[-1].write_text(f"Teh talks ended early on day {i}.\n", encoding="utf-8")
    capfd.readouterr()
    results = list(run_tasks([Task(path, Config(grammar="local")) for path in paths], 2))
    assert started.read_text(encoding="utf-8").split() == [str(os.getpid())]  # tried once, here
    assert all(not any(f.rule.startswith("LT:") for f in r.findings) for r in results)
    notices = [line for line in capfd.readouterr().err.splitlines() if "grammar checks off" in line]
    assert notices == ["mtcheck: grammar checks off: the local LanguageTool did not start (port taken)."]
    assert lt.requests == []


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_workers_share_one_local_languagetool_that_the_parent_starts(lt, tmp_path, monkeypatch, method):
    import multiprocessing

    from mtcheck.parallel import Task, run_tasks

    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"no {method} here")
    started = _local_languagetool_started_here(monkeypatch, tmp_path, lt)
    context = multiprocessing.get_context(method)
    monkeypatch.setattr(multiprocessing, "get_context", lambda method=None: context)
    paths = []
    for i in range(6):
        paths.append(tmp_path / f"a{i}.txt")
        paths[-1].write_text(f"Teh talks ended early, officials said on day {i}.\n", encoding="utf-8")
    results = list(run_tasks([Task(path, Config(grammar="local")) for path in paths], 2))
    assert started.read_text(encoding="utf-8").split() == [str(os.getpid())]  # once, here
    assert all("LT:MORFOLOGIK_RULE_EN_US" in [f.rule for f in r.findings] for r in results)
    assert len(lt.requests) == len(paths)


def test_the_command_line_outranks_the_environment_which_outranks_the_config_file(lt, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Teh talks ended early, officials said on Wednesday.\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("MTCHECK_")}

    def lt_rules(*args: str, **extra_env: str) -> list[str]:
        proc = subprocess.run([sys.executable, "-m", "mtcheck", "check", "--format", "json", *args, str(path)],
                              capture_output=True, timeout=60, env={**env, **extra_env}, cwd=tmp_path, check=False)
        return [f["rule"] for f in json.loads(proc.stdout)["files"][0]["findings"] if f["rule"].startswith("LT:")]

    assert lt_rules("--grammar", "remote", "--languagetool-url", lt.url, MTCHECK_GRAMMAR="off") == [
        "LT:MORFOLOGIK_RULE_EN_US"]  # the command line wins
    (tmp_path / "mtcheck.toml").write_text(f'grammar = "remote"\nlanguagetool-url = "{lt.url}"\n')
    assert lt_rules(MTCHECK_GRAMMAR="off") == []  # the environment over the config file
    assert lt_rules() == ["LT:MORFOLOGIK_RULE_EN_US"]  # the config file alone
