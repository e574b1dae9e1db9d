"""Kinds about characters: text left in another script, mojibake, HTML entities and
invisible characters that scraping leaves in plain text."""
from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..model import Applicability, Edit, Finding, Fix
from .base import Kind, Param
from .pattern import compile_re2

if TYPE_CHECKING:
    from ..documents import Document

# Unicode blocks of scripts that do not belong in English prose.
SCRIPTS: dict[str, str] = {
    "Arabic": "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc",
    "Cyrillic": "\u0400-\u052f\u1c80-\u1c8f\u2de0-\u2dff\ua640-\ua69f",
    "Han": "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f",
    "Hiragana": "\u3040-\u309f",
    "Katakana": "\u30a0-\u30ff",
    "Hangul": "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af",
    "Hebrew": "\u0590-\u05ff\ufb1d-\ufb4f",
    "Greek": "\u0370-\u03ff\u1f00-\u1fff",
    "Devanagari": "\u0900-\u097f",
    "Thai": "\u0e00-\u0e7f",
    "Armenian": "\u0530-\u058f",
    "Georgian": "\u10a0-\u10ff",
    "Ethiopic": "\u1200-\u137f",
}
DEFAULT_SCRIPTS = [s for s in SCRIPTS if s != "Greek"]  # Greek letters are common in science


class UntranslatedScriptKind(Kind):
    """Flags runs of text in a script other than Latin (Arabic, Cyrillic, Chinese …)
    inside English prose: words the translation engine left untranslated."""

    name = "untranslated-script"
    fields = ("script",)
    params = {
        "scripts": Param("list[str]", default=DEFAULT_SCRIPTS, doc=f"any of: {', '.join(SCRIPTS)}"),
        "min_chars": Param("int", default=2, doc="shorter runs (a lone symbol) are ignored"),
    }

    def setup(self) -> None:
        unknown = [s for s in self.options["scripts"] if s not in SCRIPTS]
        if unknown:
            raise self.error(f"unknown script {unknown[0]!r}; known: {', '.join(SCRIPTS)}", "scripts")
        # Compiling the character classes of these scripts takes Python's re module about
        # 12 ms, paid at every start. RE2 compiles their union in about 1 ms and finds
        # whether a text holds any of them; the full patterns are compiled on the first
        # text that does, which most English articles never are.
        chars = "".join(SCRIPTS[s] for s in self.options["scripts"])
        self.may_hold = compile_re2(f"[{chars}]") if chars else None
        self._compiled: tuple[list[tuple[str, re.Pattern[str]]], re.Pattern[str]] | None = None

    def _patterns(self) -> tuple[list[tuple[str, re.Pattern[str]]], re.Pattern[str]]:
        if self._compiled is None:
            by_script = [(s, re.compile(f"[{SCRIPTS[s]}]")) for s in self.options["scripts"]]
            chars = "".join(SCRIPTS[s] for s in self.options["scripts"])
            # a run: script characters, possibly with spaces and punctuation between them
            run = re.compile(f"[{chars}](?:[\\s\\d.,:;!?()\"'«»\\-]*[{chars}])*")
            self._compiled = by_script, run
        return self._compiled

    def check(self, doc: "Document") -> Iterator[Finding]:
        if self.may_hold is None or doc.prose.isascii() or not _search(self.may_hold, doc.prose):
            return
        by_script, run = self._patterns()
        for m in run.finditer(doc.prose):
            if sum(1 for c in m.group() if c.isalpha()) < self.options["min_chars"]:
                continue
            script = next((s for s, rx in by_script if rx.match(m.group())), "non-Latin")
            yield self.finding(doc, m.start(), m.end(), script=script)


def _search(regex: Any, text: str) -> bool:
    """Whether an RE2 pattern matches somewhere; text UTF-8 cannot hold (a lone
    surrogate) counts as a match, so the caller looks with Python's re instead."""
    try:
        return regex.search(text) is not None
    except UnicodeEncodeError:
        return True


# Mojibake of UTF-8 read as Windows-1252 or Latin-1: a lead byte shown as Â-ô followed by
# a continuation byte shown as one of these characters. Only words holding such a pair
# (or the replacement character) are handed to ftfy.
_CONTINUATION = ("\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
                 "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122")
_SUSPECT = re.compile(f"[\u00c2-\u00f4][{_CONTINUATION}]|\ufffd")
_WORD_AROUND = re.compile(r"\S+")


def _may_hold_mojibake(text: str) -> bool:
    """Whether _SUSPECT can match: UTF-8 writes every character from Â to ô with the lead
    byte C3, and U+FFFD as EF BF BD. Encoding and two byte searches are C loops several
    times faster than the regex scan, and most texts hold neither."""
    data = text.encode("utf-8", "surrogatepass")
    return b"\xc3" in data or "\ufffd".encode() in data


class MojibakeKind(Kind):
    """Flags text decoded with the wrong encoding ("donâ€™t", "Ã©") and suggests the
    repair that ftfy computes; flags the replacement character U+FFFD, which means
    the original character is lost."""

    name = "mojibake"
    params = {}

    def check(self, doc: "Document") -> Iterator[Finding]:
        text = doc.prose
        if not _may_hold_mojibake(text):
            return
        done = 0
        for hit in _SUSPECT.finditer(text):
            if hit.start() < done:
                continue
            start = hit.start()
            while start > 0 and not text[start - 1].isspace():
                start -= 1
            m = _WORD_AROUND.match(text, start)
            start, end, word = m.start(), m.end(), m.group()
            done = end
            if "\ufffd" in word:
                yield self.finding(doc, start, end, suggestions=[])
                continue
            import ftfy  # only when a suspect pair turns up: ftfy takes a moment to import
            from ftfy.badness import is_bad

            if not is_bad(word):
                continue
            fixed = ftfy.fix_encoding(word)
            if fixed != word:
                fix = Fix((Edit(start, end, fixed),), self.rule.fix or Applicability.UNSAFE)
                yield self.finding(doc, start, end, suggestions=[fixed], fix=fix)


_ENTITY = re.compile(r"&(?:#\d{2,7}|#[xX][0-9a-fA-F]{2,6}|[A-Za-z][A-Za-z0-9]{1,30});")


class HtmlEntityKind(Kind):
    """Flags HTML character references left in plain text (&amp;, &#8217;, &nbsp;) and
    suggests the character they stand for."""

    name = "html-entity"
    params = {}

    def check(self, doc: "Document") -> Iterator[Finding]:
        for m in _ENTITY.finditer(doc.prose):
            char = html.unescape(m.group())
            if char == m.group():
                continue  # not a known entity
            shown = char if char.strip() else unicodedata.name(char, "space").lower()
            fix = Fix((Edit(m.start(), m.end(), char),), self.rule.fix or Applicability.SAFE)
            yield self.finding(doc, m.start(), m.end(), suggestions=[shown if char.strip() else char], fix=fix)


# Format and control characters that are invisible in an editor but break search,
# hyphenation and names (zero-width space, soft hyphen, byte-order mark, bidi marks).
_INVISIBLE = re.compile("[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u200b\u200e\u200f"
                        "\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]+")


# Unprintable but common, and not flagged: taken out before the test below.
_UNPRINTABLE_BUT_VISIBLE = "\n\r\t\u00a0"


def _may_hold_invisible(text: str) -> bool:
    """Whether _INVISIBLE can match. Every character it flags is one that str.isprintable
    rejects, a C loop several times faster than the regex scan."""
    for harmless in _UNPRINTABLE_BUT_VISIBLE:
        text = text.replace(harmless, "")
    return not text.isprintable()


class InvisibleCharacterKind(Kind):
    """Flags invisible format and control characters and removes them."""

    name = "invisible-character"
    fields = ("char",)
    params = {}

    def check(self, doc: "Document") -> Iterator[Finding]:
        if not _may_hold_invisible(doc.prose):
            return
        for m in _INVISIBLE.finditer(doc.prose):
            names = ", ".join(sorted({f"U+{ord(c):04X} {unicodedata.name(c, 'control character').lower()}"
                                      for c in m.group()}))
            fix = Fix((Edit(m.start(), m.end(), ""),), self.rule.fix or Applicability.SAFE)
            yield self.finding(doc, m.start(), m.end(), suggestions=[""], fix=fix, char=names)
