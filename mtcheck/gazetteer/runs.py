"""Runs of capitalised words: where a document may name someone.

A run is a stretch of name-like tokens (capitalised words, initials such as "J.",
hyphenated particles such as "al-Assad") one space apart, with lower-case particles
("bin", "de", "van") only between them; a possessive or a full stop that is not part of
a word ends it. Runs are found with one regular expression over the document, and cut
at sentence boundaries. mtcheck.gazetteer.mentions resolves them against the gazetteer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from .index import fold_name

if TYPE_CHECKING:
    from ..documents import Document
    from ..documents.model import Sentence

PARTICLES = {"al", "el", "bin", "ibn", "bint", "abu", "de", "da", "di", "du", "van", "von", "der", "la", "le",
             "del", "dos", "das", "ben", "mac"}
# Words that open or sit inside titles: context for a name, never part of it.
TITLE_WORDS = set("""president presidents prime minister ministers foreign defence defense deputy vice
secretary secretaries under assistant ambassador ambassadors envoy envoys special chancellor king queen
prince princess crown sheikh emir sultan supreme leader leaders general gen gen. lt lt. col col. chief
chiefs staff head heads spokesman spokeswoman spokesperson director chairman chairwoman chair governor
senator sen sen. rep rep. representative mayor speaker commander admiral marshal counterpart adviser
advisor aide commissioner high pope patriarch ayatollah imam mr mr. mrs mrs. ms ms. dr dr. prof prof.
sir dame lord lady of the for state affairs political national security federal councillor councilor
administration interior finance economy trade justice health energy education agriculture culture
former acting first second late then new opposition dissident activist colonel major captain sergeant
lieutenant judge justice attorney officer official officials member members mp mps delegate delegation
counsellor counselor minister's president's secretary-general director-general undersecretary
under-secretary executive managing board parliament speaker's premier crown-prince his her their
mister madam madame monsieur saint st st. holy father brother sister emeritus""".split())
_INITIAL = re.compile(r"^[A-Z]\.$")


@dataclass
class Tok:
    text: str
    start: int
    end: int

    @property
    def folded(self) -> str:
        return fold_name(self.text)


def _upper_class() -> str:
    """A regex class of the upper-case letters of the scripts names are written in here:
    Latin (with its accented forms), Greek and Cyrillic. (All of Unicode would make a
    class that takes a tenth of a second to compile at every start.)"""
    chars = [chr(c) for c in (*range(0x41, 0x250), *range(0x370, 0x530), *range(0x1E00, 0x1F00)) if chr(c).isupper()]
    out, start, prev = [], None, None
    for ch in chars:
        if prev is not None and ord(ch) == ord(prev) + 1:
            prev = ch
            continue
        if start is not None:
            out.append(re.escape(start) if start == prev else f"{re.escape(start)}-{re.escape(prev)}")
        start = prev = ch
    out.append(re.escape(start) if start == prev else f"{re.escape(start)}-{re.escape(prev)}")
    return "[" + "".join(out) + "]"


_PARTICLE = r"(?:al|el|bin|ibn|bint|abu|de|da|di|du|van|von|der|la|le|del|dos|das|ben|mac)"
_HYPHEN_PARTICLE = r"(?:al|el|ad|an|ar|as|ash|at|az|ul)-"  # joined to the name: "al-Assad"


@lru_cache(maxsize=1)
def _run_pattern() -> re.Pattern:
    """A run: name words joined by single spaces, with lower-case particles only between
    them. Built on first use (the upper-case class takes a moment to collect).

    The run starts at its first capital, so that the pattern opens with a character
    class and the regex engine skips ahead to the next capital in C; a pattern opening
    with an optional "al-" is tried at every character, five times slower on ordinary
    text. A hyphenated particle before the first capital is added by `_run_start`."""
    upper = _upper_class()
    word = rf"(?:{_HYPHEN_PARTICLE})?{upper}[\w'’\-]*\.?"
    return re.compile(rf"{upper}[\w'’\-]*\.?(?:[ \u00a0](?:{_PARTICLE}[ \u00a0])*{word})*")


_MATCHED, _STARTED = re.Match.group, re.Match.start  # as functions for map()


@lru_cache(maxsize=1)
def _dashed_capital() -> re.Pattern:
    """A hyphen before a capital: a run may begin there with a particle ("al-Assad")."""
    return re.compile(rf"-(?={_upper_class()})")


_PARTICLE_BEFORE = re.compile(rf"{_HYPHEN_PARTICLE}\Z")


def _run_start(text: str, capital: int, floor: int) -> int:
    """Where the run whose first capital is at `capital` begins: before a hyphenated
    particle ("al-Assad") that lies entirely at or after `floor` (the end of the
    previous run or of the searched range), else at the capital."""
    if capital == 0 or text[capital - 1] != "-":
        return capital
    m = _PARTICLE_BEFORE.search(text, max(floor, capital - 4), capital)
    return m.start() if m else capital


def run_words(found: str) -> list[str]:
    """The words of a match of the run pattern as its tokens have them (see
    `_bare_word`), without cutting the run at a possessive."""
    return [w for w in map(_bare_word, found.split()) if w]


@lru_cache(maxsize=65536)
def _bare_word(word: str) -> str:
    """A run token without a full stop that is not part of it (initials and "Gen." keep
    theirs) and without a possessive "'s" or a closing apostrophe. Cached: the same
    capitalised words ("The", "I") recur in every document."""
    if word.endswith(".") and not _INITIAL.match(word) and word.lower() not in TITLE_WORDS:
        word = word[:-1]  # a full stop, not part of the word
    if word.endswith(("’s", "'s")):
        word = word[:-2]
    elif word.endswith(("’", "'")):
        word = word[:-1]
    return word


def capitalised_runs(doc: "Document", start: int, end: int) -> list[list[Tok]]:
    """Runs of name-like tokens separated by single spaces, within [start, end): found
    with one regular expression, so ordinary lower-case text costs nothing."""
    runs: list[list[Tok]] = []
    text = doc.prose
    floor = start  # a run cannot begin inside the previous one
    for m in _run_pattern().finditer(text, start, end):
        runs += _match_runs(text, m.start(), m.end(), floor)
        floor = m.end()
    return runs


def _match_runs(text: str, capital: int, end: int, floor: int) -> list[list[Tok]]:
    """The runs of one match of the run pattern, text[capital:end]; `floor` is the end
    of the previous match (or of the searched range)."""
    run_start = _run_start(text, capital, floor)
    if run_start > 0 and (text[run_start - 1].isalnum() or text[run_start - 1] in "-'’"):
        return []  # the tail of a word ("McDonald" inside "xMcDonald")
    found = text[run_start:end]
    if " " not in found and "\xa0" not in found:  # one word, as most runs
        word = _bare_word(found)
        return [[Tok(word, run_start, run_start + len(word))]] if word else []
    runs: list[list[Tok]] = []
    run: list[Tok] = []
    tok_start = run_start
    for raw in found.split():  # words are one space apart (the pattern)
        word = _bare_word(raw)
        if word:
            run.append(Tok(word, tok_start, tok_start + len(word)))
        tok_start += len(raw) + 1  # the next word's start, if there is one
        if len(word) < len(raw) and tok_start < end:
            runs.append(run)  # a possessive or full stop ends the run
            run = []
    if run:
        runs.append(run)
    return runs


def runs_by_sentence(doc: "Document") -> list[tuple[int, list[Tok]]]:
    """Every run of the document with the index of its sentence; a run that a sentence
    boundary crosses is cut there. One regex pass over the document."""
    return _runs_by_sentence(doc.prose, doc.sentences)


def _runs_by_sentence(text: str, sentences: list[Sentence]) -> list[tuple[int, list[Tok]]]:
    if not sentences:
        return []
    out: list[tuple[int, list[Tok]]] = []
    k = 0  # the sentence of the current token: runs and their tokens come in text order
    floor = sentences[0].start
    for m in _run_pattern().finditer(text, floor, sentences[-1].end):
        for run in _match_runs(text, m.start(), m.end(), floor):
            k = _cut_at_sentences(run, sentences, k, out)
        floor = m.end()
    return out


def _cut_at_sentences(run: list[Tok], sentences: list[Sentence], k: int,
                      out: list[tuple[int, list[Tok]]]) -> int:
    """Append the pieces of `run` with their sentences to `out`: a piece per sentence,
    without tokens in the gap between two. `k` is the sentence of an earlier token (runs
    come in text order); returns the sentence of the last."""
    last = len(sentences) - 1
    if not run:
        return k
    while k < last and sentences[k + 1].start <= run[0].start:
        k += 1
    if run[-1].end <= sentences[k].end and (k == last or run[-1].start < sentences[k + 1].start):
        out.append((k, run))  # all in one sentence, as most runs
        return k
    current: list[Tok] = []
    si = -1
    for tok in run:
        while k < last and sentences[k + 1].start <= tok.start:
            k += 1
        if tok.end > sentences[k].end:
            continue  # in the gap between sentences
        if k != si and current:
            out.append((si, current))
            current = []
        si = k
        current.append(tok)
    if current:
        out.append((si, current))
    return k
