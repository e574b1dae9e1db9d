"""Kinds that check proper names against the gazetteer: garbled names, one name spelled
two ways, and titles that do not fit the person."""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from functools import lru_cache
from itertools import chain
from operator import itemgetter
from typing import TYPE_CHECKING

from ..gazetteer.index import fold_name
from ..gazetteer.mentions import Mention, analyse
from ..gazetteer.runs import TITLE_WORDS, run_words
from ..model import Applicability, Edit, Finding, Fix
from .base import Kind, Param

if TYPE_CHECKING:
    from ..documents import Document
    from ..gazetteer.index import GazetteerIndex


def gazetteer_of(doc: "Document") -> "GazetteerIndex":
    index = doc.cache.get("gazetteer")
    if index is None:  # checking outside a Linter (tests, the API): the bundled data
        index = doc.cache["gazetteer"] = _bundled_index()
    return index


@lru_cache(maxsize=1)
def _bundled_index() -> "GazetteerIndex":
    """Loaded once, as a Linter loads its index once: reading it from the disk cache for
    every document took longer than checking the document."""
    from ..gazetteer.index import load_index

    return load_index()


def describe(entry) -> str:
    """Who an entry is, in a few words: its first role and its country."""
    role = entry.role.split(";")[0].strip() or entry.type
    return f"{role}, {entry.country}" if entry.country and entry.country not in role else role


class GarbledNameKind(Kind):
    """Flags a name that is close to a known person or place but not spelled as any
    accepted form: a known misspelling, a fuzzy match supported by spelling and context,
    a stray word glued in front of a known name, or a surname-only mention close to a
    person the article names in full. Suggests the gazetteer's spelling and says who
    it is. Unknown names are never flagged."""

    name = "garbled-name"
    needs_gazetteer = True
    fields = ("suggestion", "who", "extra")
    params = {
        "safe_confidence": Param("float", default=0.85,
                                 doc="fixes at or above this confidence are safe (applied by --fix), below it unsafe"),
        "reasons": Param("list[str]", default=["misspelling", "fuzzy", "glued", "surname"],
                         doc="which kinds of garbling to report"),
    }

    def check(self, doc: "Document") -> Iterator[Finding]:
        index = gazetteer_of(doc)
        for m in analyse(doc, index).mentions:
            if m.reason not in self.options["reasons"]:
                continue
            entry = index.entry(m.entry_id)
            extra = ""
            if m.reason == "glued":
                extra = f"; “{m.stray.text}” is a stray word glued to the name"
                if m.stray_hint:
                    extra += f" (perhaps “{m.stray_hint}” transliterated back)"
            safe = m.confidence >= self.options["safe_confidence"] and m.reason in ("misspelling", "fuzzy")
            applicability = Applicability.SAFE if safe else Applicability.UNSAFE
            replacement = m.suggestion
            fix = Fix((Edit(m.start, m.end, replacement),), applicability)
            yield self.finding(doc, m.start, m.end, suggestions=[replacement], fix=fix,
                               who=describe(entry), extra=extra)


class NameConsistencyKind(Kind):
    """Flags a name spelled two ways in one article: the same known person with two
    surnames ("Zelensky" / "Zelenskiy"), or the same name with different spacing or
    hyphenation ("Lagrange" / "La Grange"). The finding sits on the less common
    spelling and suggests the gazetteer's form, else the more frequent one."""

    name = "name-consistency"
    needs_gazetteer = True
    fields = ("other", "count", "other_count")
    params = {}

    def check(self, doc: "Document") -> Iterator[Finding]:
        index = gazetteer_of(doc)
        analysis = analyse(doc, index)
        if doc.prose == doc.text and not _two_spellings(analysis.run_texts):
            return  # the usual case: no name spelled two ways
        groups: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
        source = doc.text
        for run in analysis.runs:
            if len(run) == 1:  # most runs ("The", "I"): one span, without the loops
                spans = ((run[0].start, run[0].end, run[0].text),)
            else:  # every span of one to three words
                spans = [(run[i].start, run[i + size - 1].end, " ".join(t.text for t in run[i:i + size]))
                         for size in (1, 2, 3) for i in range(len(run) - size + 1)]
            for start, end, words in spans:
                key = fold_name(source[start:end]).replace(" ", "")
                if len(key) >= 5:
                    groups[key].append((start, end, words))
        for items in groups.values():
            if len(items) < 2:
                continue  # one mention cannot be spelled two ways
            spellings = Counter(_spelling(t) for _, _, t in items)
            if len(spellings) < 2:
                continue
            known = [s for s in spellings if any(form == s for form in _forms(index, s))]
            surface = {_spelling(t): t for _, _, t in items}
            preferred = known[0] if len(known) == 1 else spellings.most_common(1)[0][0]
            for start, end, text in items:
                spelling = _spelling(text)
                if spelling == preferred or not self._whole(doc, start, end, items):
                    continue
                yield self.finding(doc, start, end, suggestions=[surface[preferred]], other=surface[preferred],
                                   count=spellings[spelling], other_count=spellings[preferred])

    @staticmethod
    def _whole(doc: "Document", start: int, end: int, items) -> bool:
        """Only the shortest spans: 'Lagrange' inside 'Villa Lagrange' is reported once."""
        return not any(s <= start and end <= e and (s, e) != (start, end) for s, e, _ in items)


def _two_spellings(run_texts: set[str]) -> bool:
    """Whether some key may be spelled two ways among the spans `check` groups, told
    from the runs' texts as the pattern found them: their spans of one to three words
    include all of those (cutting a run at a possessive or a sentence boundary only
    drops spans). Holds for plain text, where the text `check` reads a key from is the
    prose the runs come from. Most articles have no such key, and this is cheaper than
    making every span."""
    spans = set(chain.from_iterable(map(_raw_spans, run_texts)))  # (key, spelling) pairs
    return len(spans) != len(set(map(itemgetter(0), spans)))


@lru_cache(maxsize=65536)
def _raw_spans(raw: str) -> tuple[tuple[str, str], ...]:
    """The key and spelling of every span of one to three words of a run's text whose
    key `check` would group: the same words as its tokens, without possessives."""
    words = run_words(raw)
    out = []
    for size in (1, 2, 3):
        for i in range(len(words) - size + 1):
            text = " ".join(words[i:i + size])
            key = fold_name(text).replace(" ", "")
            if len(key) >= 5:
                out.append((key, _spelling(text)))
    return tuple(out)


def _spelling(text: str) -> str:
    """A spelling as written, except for the capital a sentence opening gives it."""
    return text[:1].lower() + text[1:]


def _forms(index, spelling: str) -> list[str]:
    """The gazetteer's own spellings matching `spelling` loosely, in the same form."""
    return [_spelling(f) for h in index.exact(spelling) for f in index.entry(h.entry_id).forms
            if fold_name(f) == fold_name(spelling)]


_PLURAL_TITLES = (r"Presidents|Prime Ministers|Foreign Ministers|Defen[cs]e Ministers|Ministers|Leaders|"
                  r"Chancellors|Kings|Secretaries of State|Ambassadors|Envoys")
_PLURAL_TITLE = re.compile(rf"\b({_PLURAL_TITLES})\b")
# The same words without the leading \b, which keeps the regex engine from skipping ahead
# to the next candidate capital: a quick test whether the document has any at all.
_PLURAL_TITLE_HINT = re.compile(_PLURAL_TITLES)


class TitleRoleKind(Kind):
    """Flags titles that do not fit the known person they stand before: a title whose
    rank contradicts the person's role ("Deputy Minister for Political Affairs
    Victoria Nuland" for an Under Secretary of State), a nationality word with the
    title dropped ("Russian Vladimir Putin"), and a plural title spread over two
    people of different countries ("US Presidents Joe Biden and Russian Vladimir Putin")."""

    name = "title-role"
    needs_gazetteer = True
    fields = ("who", "title", "problem")
    params = {}

    def check(self, doc: "Document") -> Iterator[Finding]:
        from ..gazetteer.countries import countries

        index = gazetteer_of(doc)
        mentions = [m for m in analyse(doc, index).mentions if m.entry_id is not None]
        people = [m for m in mentions if index.entry(m.entry_id).type == "person"]
        for m in people:
            entry = index.entry(m.entry_id)
            finding = self._title_mismatch(doc, m, entry) or self._dropped_title(doc, m, entry, countries())
            if finding is not None:
                yield finding
        yield from self._plural_titles(doc, people, index, countries())

    def _title_mismatch(self, doc: "Document", m: Mention, entry) -> Finding | None:
        start = title_start(doc, m.start)
        text = doc.text[start:m.start].strip()
        words = {w.lower() for w in re.findall(r"[A-Za-z]+", text)}
        if len(words) < 2:
            return None
        role = short_role(entry.role)
        role_words = {w.lower() for w in re.findall(r"[A-Za-z]+", role)}
        shared = (words & role_words) - _RANKS - _FILLER
        wrong = (words & _RANKS) - role_words
        if not shared or not wrong or not role:
            return None
        return self.finding(doc, start, start + len(text), suggestions=[role], who=entry.name, title=text,
                            problem=f"{entry.name} is {role}")

    def _dropped_title(self, doc: "Document", m: Mention, entry, table) -> Finding | None:
        if not m.title or len(m.title) != 1:
            return None
        tok = m.title[0]
        country = table.by_demonym(tok.text)
        if country is None or doc.text[tok.end:m.start] != " ":
            return None
        title = short_title(entry.role)
        if not title:
            return None
        suggestion = f"{tok.text} {title} {doc.text[m.start:m.end]}"
        return self.finding(doc, tok.start, m.end, suggestions=[suggestion], who=entry.name,
                            title=title, problem="the title is missing between the nationality and the name")

    def _plural_titles(self, doc: "Document", people: list[Mention], index, table) -> Iterator[Finding]:
        if not people or not _PLURAL_TITLE_HINT.search(doc.prose):
            return
        for match in _PLURAL_TITLE.finditer(doc.prose):
            after = [m for m in people if 0 < m.start - match.end() <= 2]
            if not after:
                continue
            first = after[0]
            rest = [m for m in people if first.end < m.start <= first.end + 40
                    and re.fullmatch(r"\s+and\s+(?:[A-Z][\w.]*\s+)?", doc.prose[first.end:m.start])]
            if not rest:
                continue
            second = rest[0]
            c1, c2 = index.entry(first.entry_id).country, index.entry(second.entry_id).country
            between = doc.prose[first.end:second.start].split()
            demonym2 = table.by_demonym(between[-1]) if len(between) > 1 else None
            before = doc.prose[max(0, match.start() - 20):match.start()].split()
            demonym1 = before[-1] if before and table.by_demonym(before[-1]) else ""
            if c1 == c2 or not (demonym1 or demonym2):
                continue  # "Foreign Ministers Sergei Lavrov and Antony Blinken" is fine
            start = match.start() - (len(demonym1) + 1 if demonym1 else 0)
            singular = _singular(match.group(1))
            p1 = doc.text[first.start:first.end]
            p2 = doc.text[second.start:second.end]
            d2 = between[-1] + " " if demonym2 else ""
            suggestion = f"{(demonym1 + ' ') if demonym1 else ''}{singular} {p1} and {d2}{singular} {p2}"
            yield self.finding(doc, start, second.end, suggestions=[suggestion], who=f"{p1} and {p2}",
                               title=match.group(1),
                               problem="a plural title cannot cover two people of different countries")


_FILLER = {"of", "the", "for", "and", "us", "to"}
_RANKS = {"deputy", "under", "assistant", "vice", "minister", "secretary", "ambassador", "envoy", "president",
          "prime", "chancellor", "spokesman", "spokeswoman", "director", "chief"}


def title_start(doc: "Document", end: int) -> int:
    """Where the run of title words (and their 'of', 'for', 'the') before `end` begins."""
    start = end
    for m in reversed(list(re.finditer(r"\S+", doc.prose[max(0, end - 120):end]))):
        word = m.group()
        if word[-1] in ",;:.!?)”\"" or word.lower() not in TITLE_WORDS:
            break
        start = max(0, end - 120) + m.start()
    return start


def short_role(role: str) -> str:
    """The first role in a role description, without years or a leading country."""
    first = re.split(r"[;(]", role)[0].strip()
    words = first.split()
    if words and words[0] in ("US", "U.S.", "UK", "EU", "UN"):
        first = " ".join(words[1:])
    return first


def short_title(role: str) -> str:
    """The title word(s) to put before a name: 'President of Russia' -> 'President'."""
    first = short_role(role)
    title = re.split(r"\s+(?:of|to|for|at|in)\s+", first)[0]
    words = title.split()
    if not words or len(words) > 4 or not all(w[:1].isupper() for w in words):
        return ""
    from ..gazetteer.countries import countries

    return " ".join(w for w in words if countries().by_demonym(w) is None)


def _singular(plural: str) -> str:
    if plural == "Secretaries of State":
        return "Secretary of State"
    return re.sub(r"s\b", "", plural, count=1) if plural.endswith("s") else plural
