"""Kinds for text that contradicts itself: an action affirmed and negated in one
sentence, curated pairs of words that cannot both hold, and an envoy sent to their own
country."""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..model import Finding
from .base import Kind, Param
from .matching import PhraseMatcher

if TYPE_CHECKING:
    from ..documents import Document

_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*")

# The characters outside ASCII that `re` with IGNORECASE matches to an ASCII letter (dotted
# and dotless i, long s, Kelvin sign); the folded text need not show them as that letter.
_CASE_TWINS = ("\u0130", "\u0131", "\u017f", "\u212a")


def _matches(pattern: re.Pattern[str], heads: tuple[str, ...] | None, doc: "Document") -> Iterator[re.Match[str]]:
    """`pattern.finditer(doc.prose)`, for a case-insensitive pattern whose every match opens
    with one of the words `heads` (lower case, ASCII). Under IGNORECASE an alternation of
    words costs `re` a try at every character; str.find finds the opening words in the
    folded text (lower case, same offsets) much faster, and `pattern` is tried only there.
    A text holding a case twin is searched in full."""
    text = doc.prose
    if heads is None or any(c in text for c in _CASE_TWINS):
        yield from pattern.finditer(text)
        return
    folded = doc.folded
    starts: set[int] = set()
    for head in heads:
        i = folded.find(head)
        while i >= 0:
            starts.add(i)
            i = folded.find(head, i + 1)
    resume = 0  # finditer's matches never overlap
    for start in sorted(starts):
        if start < resume:
            continue
        m = pattern.match(text, start)
        if m is not None:
            resume = m.end()
            yield m


def _heads(phrases: list[str]) -> tuple[str, ...] | None:
    """The opening words of `phrases` (of ASCII letters), lower-cased as in folded text."""
    if not all(re.fullmatch(r"[A-Za-z]+(?: [A-Za-z]+)*", p) for p in phrases):
        return None
    return tuple(sorted({p.split(" ")[0].lower() for p in phrases}))


# What a negation becomes when it is dropped.
_POSITIVE = {"not possible": "possible", "impossible": "possible", "not feasible": "feasible", "cannot": "can",
             "can't": "can", "could not": "could", "couldn't": "could", "no longer": "still"}


def related(a: str, b: str) -> bool:
    """Word forms of one family: cooperate / cooperation / cooperating."""
    a, b = a.lower(), b.lower()
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n >= 5 and n >= 0.7 * min(len(a), len(b))


class SelfContradictionKind(Kind):
    """Flags a sentence that prescribes an action and, in a clause tied to it, negates
    the same action: "Moscow and Washington should cooperate, where cooperation was not
    possible". The action is matched across word forms (cooperate / cooperation). Only
    a modal or commitment verb ("should", "agreed to") followed by a "where / when /
    if" clause counts, so ordinary contrasts ("tried to cooperate, but cooperation was
    not possible") are left alone. The likely intended reading drops the negation."""

    name = "self-contradiction"
    fields = ("first", "second", "reading")
    params = {
        "modals": Param("list[str]", default=["should", "must", "will", "would", "shall", "need to", "needs to",
                                               "have to", "has to", "agreed to", "agree to", "pledged to",
                                               "vowed to", "promised to", "decided to", "can", "could"]),
        "connectors": Param("list[str]", default=["where", "wherever", "when", "whenever", "if", "in areas where",
                                                  "in cases where", "in which"]),
        "negations": Param("list[str]", default=["not possible", "impossible", "not", "never", "no longer",
                                                 "not feasible", "cannot", "can't", "could not", "couldn't"]),
        "window": Param("int", default=8, doc="words between the connector and the negation, at most"),
    }

    def setup(self) -> None:
        modals = "|".join(re.escape(m) for m in sorted(self.options["modals"], key=len, reverse=True))
        conns = "|".join(re.escape(c) for c in sorted(self.options["connectors"], key=len, reverse=True))
        negs = "|".join(re.escape(n) for n in sorted(self.options["negations"], key=len, reverse=True))
        self.first = re.compile(rf"\b(?:{modals})\s+(?:(?:also|all|both|jointly|further)\s+)?([a-z]{{4,}})\b",
                                re.IGNORECASE)
        self.first_heads = _heads(self.options["modals"])
        self.second = re.compile(rf",?\s*\b(?:{conns})\b(?P<clause>[^.;!?]*?)\b(?P<neg>{negs})\b", re.IGNORECASE)

    def check(self, doc: "Document") -> Iterator[Finding]:
        text = doc.prose
        sentences = doc.sentences
        ends = [s.end for s in sentences]
        for m in _matches(self.first, self.first_heads, doc):
            k = bisect.bisect_right(ends, m.start())
            if k == len(ends) or sentences[k].start > m.start():
                continue  # not inside a sentence (masked markup)
            after = self.second.match(text, m.end(), ends[k])
            if after is None:
                continue
            clause = after.group("clause")
            if len(clause.split()) > self.options["window"]:
                continue
            if not any(related(m.group(1), w) for w in _WORD.findall(clause)):
                continue
            second = text[after.start():after.end()].lstrip(", ")
            positive = _POSITIVE.get(" ".join(after.group("neg").lower().split()), "")
            reading = (text[m.start():m.end()] + " " + text[after.start():after.start("neg")].lstrip(", ")
                       + positive)
            yield self.finding(doc, m.start(), after.end(), suggestions=[], first=text[m.start():m.end()],
                               second=second, reading=re.sub(r"\s{2,}", " ", reading).strip())


class CooccurrenceKind(Kind):
    """Flags a phrase from `first` followed, within `max_words` words of the same
    sentence, by a phrase from `second`, unless one of `unless_between` stands between
    them. For curated pairs that contradict each other when they describe the same
    thing ("denied …, confirming that")."""

    name = "cooccurrence"
    fields = ("first", "second")
    params = {
        "first": Param("list[str]", required=True),
        "second": Param("list[str]", required=True),
        "max_words": Param("int", default=12),
        "unless_between": Param("list[str]", default=["but", "however", "later", "then", "although", "though",
                                                      "while", "whereas", "after", "before", "yet"]),
    }

    def setup(self) -> None:
        self.a = PhraseMatcher((p, None) for p in self.options["first"])
        self.b = PhraseMatcher((p, None) for p in self.options["second"])
        self.blockers = PhraseMatcher((p, None) for p in self.options["unless_between"])

    def check(self, doc: "Document") -> Iterator[Finding]:
        firsts = list(self.a.find(doc.prose, doc.folded))
        if not firsts:
            return
        seconds = list(self.b.find(doc.prose, doc.folded))
        blocks = [s for s, *_ in self.blockers.find(doc.prose, doc.folded)]
        for sent in doc.sentences:
            for a_start, a_end, *_ in firsts:
                if not sent.start <= a_start < sent.end:
                    continue
                for b_start, b_end, *_ in seconds:
                    if not a_end <= b_start < sent.end:
                        continue
                    if len(doc.prose[a_end:b_start].split()) > self.options["max_words"]:
                        break
                    if any(a_end <= x < b_start for x in blocks):
                        break
                    yield self.finding(doc, a_start, b_end, first=doc.text[a_start:a_end],
                                       second=doc.text[b_start:b_end])
                    break


_ENVOY = re.compile(r"\b(?:special\s+)?(?:ambassador|envoy|representative|emissary|consul(?:-general)?|"
                    r"charg[eé] d'affaires|delegate|permanent representative|high commissioner)s?\s+"
                    r"(?:to|in|at)\s+", re.IGNORECASE)
# The words an _ENVOY match can open with.
_ENVOY_HEADS = _heads(["special", "ambassador", "envoy", "representative", "emissary", "consul", "charg", "delegate",
                       "permanent", "high"])
_CAPS = re.compile(r"(?:the\s+)?(?:[A-Z][\w.'’\-]*(?:\s+(?:of\s+)?[A-Z][\w.'’\-]*){0,4})")
_OWNER = re.compile(r"(?:(?P<poss>(?:the\s+)?[A-Z][\w.\-]*(?:\s+[A-Z][\w.\-]*){0,3})[’']s?\s+(?:[A-Z][\w\-]*\s+){0,3}"
                    r"|(?P<adj>[A-Z][\w\-]*)\s+(?:[A-Z][\w\-]*[’']s\s+)?(?:[A-Z][\w\-]*\s+){0,3})$")


class SelfReferentialRoleKind(Kind):
    """Flags an envoy of a country posted to that same country: "Washington's ambassador
    to the United States", "the Russian President's Special Envoy to the Russian
    Federation". Countries are recognised by name, nationality word and the places that
    stand for their governments (Washington, the Kremlin), from the country table
    rules/gazetteer/countries.yaml. The destination was usually mistranslated."""

    name = "self-referential-role"
    fields = ("owner", "destination", "country")
    params = {}

    def check(self, doc: "Document") -> Iterator[Finding]:
        from ..gazetteer.countries import countries

        table = countries()
        text = doc.prose
        for m in _matches(_ENVOY, _ENVOY_HEADS, doc):
            dest = _CAPS.match(text, m.end())
            if dest is None:
                continue
            dest_country, dest_text = _longest_country(dest.group(), table)
            if dest_country is None:
                continue
            line_start = max(text.rfind("\n", 0, m.start()) + 1, text.rfind(",", 0, m.start()) + 1,
                             text.rfind(".", 0, m.start()) + 1, m.start() - 80)
            owner = _OWNER.search(text, line_start, m.start())
            if owner is None:
                continue
            owner_text = owner.group("poss") or owner.group("adj") or ""
            owner_country, _ = _longest_country(owner_text, table)
            if owner_country is None or owner_country is not dest_country:
                continue
            start = owner.start()
            end = m.end() + len(dest_text)
            yield self.finding(doc, start, end, owner=owner_text, destination=dest_text,
                               country=dest_country.name)


def _longest_country(phrase: str, table):
    """The country named by the longest leading part of `phrase` (name, demonym, metonym)."""
    words = phrase.split()
    for n in range(len(words), 0, -1):
        candidate = " ".join(words[:n]).rstrip(".,;:")
        country = table.resolve(candidate)
        if country is not None:
            return country, candidate
    for n in range(1, len(words)):  # "the Russian President": a nationality word further in
        country = table.by_demonym(words[n])
        if country is not None and words[0].lower() == "the":
            return country, " ".join(words[:n + 1])
    return None, ""
