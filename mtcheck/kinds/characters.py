"""Kinds about characters: text left in another script, mojibake, HTML entities and
invisible characters that scraping leaves in plain text."""
from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..model import Applicability, Edit, Finding, Fix
from .base import Kind, Param

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
        self.by_script = [(s, re.compile(f"[{SCRIPTS[s]}]")) for s in self.options["scripts"]]
        chars = "".join(SCRIPTS[s] for s in self.options["scripts"])
        # a run: script characters, possibly with spaces and punctuation between them
        self.run = re.compile(f"[{chars}](?:[\\s\\d.,:;!?()\"'«»\\-]*[{chars}])*")

    def check(self, doc: "Document") -> Iterator[Finding]:
        for m in self.run.finditer(doc.prose):
            if sum(1 for c in m.group() if c.isalpha()) < self.options["min_chars"]:
                continue
            script = next((s for s, rx in self.by_script if rx.match(m.group())), "non-Latin")
            yield self.finding(doc, m.start(), m.end(), script=script)


_SUSPECT = re.compile(r"\S*[\u00c0-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
                      r"\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122\u00a0-\u00bf\ufffd]\S*")


class MojibakeKind(Kind):
    """Flags text decoded with the wrong encoding ("donâ€™t", "Ã©") and suggests the
    repair that ftfy computes; flags the replacement character U+FFFD, which means
    the original character is lost."""

    name = "mojibake"
    params = {}

    def check(self, doc: "Document") -> Iterator[Finding]:
        import ftfy
        from ftfy.badness import is_bad

        for m in _SUSPECT.finditer(doc.prose):
            word = m.group()
            if "\ufffd" in word:
                yield self.finding(doc, m.start(), m.end(), suggestions=[])
                continue
            if not is_bad(word):
                continue
            fixed = ftfy.fix_encoding(word)
            if fixed != word:
                fix = Fix((Edit(m.start(), m.end(), fixed),), self.rule.fix or Applicability.UNSAFE)
                yield self.finding(doc, m.start(), m.end(), suggestions=[fixed], fix=fix)


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


class InvisibleCharacterKind(Kind):
    """Flags invisible format and control characters and removes them."""

    name = "invisible-character"
    fields = ("char",)
    params = {}

    def check(self, doc: "Document") -> Iterator[Finding]:
        for m in _INVISIBLE.finditer(doc.prose):
            names = ", ".join(sorted({f"U+{ord(c):04X} {unicodedata.name(c, 'control character').lower()}"
                                      for c in m.group()}))
            fix = Fix((Edit(m.start(), m.end(), ""),), self.rule.fix or Applicability.SAFE)
            yield self.finding(doc, m.start(), m.end(), suggestions=[""], fix=fix, char=names)
