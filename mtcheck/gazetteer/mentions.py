"""Finding name mentions in a document and resolving them against the gazetteer.

A mention candidate is a run of capitalised words, initials ("J.") and name particles
(al-, bin, de, van, La) inside one sentence. Each run is resolved in steps:

1. exact: the longest sub-spans that are a known name, alias or misspelling
   (matched before titles are stripped, so "National Security Council" is found whole);
2. titles and nationality words left over are context, not names;
3. what remains (one to four words) is matched fuzzily: candidates come from the
   phonetic key of the last word (or of the whole form, for places and merged
   particles), are scored with rapidfuzz, and weighed with the context around the
   mention (role, country, nationality words) and a guard asking whether the mention
   is itself a plausible real name.

The result is computed once per document and shared by every name rule. What depends
on a run's words alone (the exact spans, the fuzzy candidates before the context is
weighed, whether the run can yield a mention at all) is memoised per index across
documents: most runs yield nothing in any context ("The", "Big Bang"), and are passed
over before their tokens are made.
"""
from __future__ import annotations

import bisect
import re
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, ClassVar, NamedTuple, TypeVar

from ..lexicons import lexicon
from .index import (
    ALIAS,
    CANONICAL,
    MISSPELLING,
    GazetteerIndex,
    fold_name,
    merged_surname,
    phonetic_key,
)
from .model import Entry
from .runs import (
    PARTICLES,
    TITLE_WORDS,
    Tok,
    _INITIAL,
    _MATCHED,
    _STARTED,
    _cut_at_sentences,
    _dashed_capital,
    _match_runs,
    _run_pattern,
    _run_start,
    _runs_by_sentence,
    capitalised_runs,
    run_words,
)

if TYPE_CHECKING:
    from ..documents import Document
    from ..documents.model import Sentence

_TOKEN = re.compile(
    r"(?:(?:al|el|ad|an|ar|as|ash|at|az|ul)-)?[^\W\d_][\w'’\-]*\.?|[A-Z]\."
)
K = TypeVar("K")
V = TypeVar("V")
_PARTICLE_PREFIX = re.compile(r"^(?:al|el|ad|an|ar|as|ash|at|az|ul)-[A-Z]")
_CONFUSABLE = [set("JGDY"), set("IYEJ"), set("KCQ"), set("FVPW"), set("OU"), set("SZC"), set("TD"), set("BP")]


@dataclass
class Mention:
    start: int
    end: int
    text: str
    sentence: int
    entry_id: int | None = None
    form_kind: int | None = None  # CANONICAL/ALIAS/MISSPELLING for exact matches
    suggestion: str = ""
    confidence: float = 0.0
    reason: str = ""  # "misspelling", "fuzzy", "glued", "surname"
    stray: Tok | None = None  # for glued tokens
    stray_hint: str = ""
    title: list[Tok] = field(default_factory=list)  # title/nationality words just before


class NameAnalysis:
    """The mentions of a document's names, and its runs on demand.

    Most runs are a lone ordinary word ("The", "However") that can yield no mention;
    the analysis passes over them without building tokens, and builds every run only
    for a rule that asks for `runs` (name-consistency does when `run_texts` shows a
    name that may be spelled two ways)."""

    def __init__(self, mentions: list[Mention], run_texts: set[str], prose: str,
                 sentences: list[Sentence]):
        self.mentions = mentions
        #: the text of every run as the pattern found it, before tokens and sentences
        #: cut it up, and with a hyphenated particle before it ("al-Assad") if it has one
        self.run_texts = run_texts
        self._prose, self._sentences = prose, sentences  # not the Document: no cycle

    @cached_property
    def runs(self) -> list[list[Tok]]:
        """Every run, cut at sentence boundaries, in text order."""
        return [run for _, run in _runs_by_sentence(self._prose, self._sentences)]


def analyse(doc: "Document", index: GazetteerIndex) -> NameAnalysis:
    key = ("names.analysis", id(index))
    if key not in doc.cache:
        doc.cache[key] = _Analyser(doc, index).run()
    return doc.cache[key]


_BUSY, _IDLE, _IDLE_IN_ONE_SENTENCE = 0, 1, 2  # _Analyser._idle
_SAME_LETTERS, _PLACE, _PERSON = 0, 1, 2  # how a prescore becomes a score


class _Prescore(NamedTuple):
    """What scoring a candidate form finds before it looks at the context: the
    similarities, and the facts the rules about the context weigh."""

    formula: int  # _SAME_LETTERS, _PLACE or _PERSON
    sim: float = 0.0  # the base score (_SAME_LETTERS), or the similarity of the whole or the surname
    cap: int = 0  # _SAME_LETTERS: the most points the context adds
    # _PERSON only:
    first_sim: float = 0.0
    first_m: str = ""  # the given names, of the mention and of the form ("" if one word)
    first_f: str = ""
    same_last: bool = False
    surname: bool = False  # the mention's surname is a common surname
    plausible_first: bool = False
    plausible_last: bool = False


@dataclass
class _Verdicts:
    """What the analysis found about words, runs and groups of words that depends only
    on them, the index and the bundled word lists: kept per index across documents,
    since the same capitalised words ("The", "However", "Ukraine") recur in every
    article, and the same names and places in many."""

    known: dict[str, bool] = field(default_factory=dict)
    inert: dict[str, bool] = field(default_factory=dict)
    idle: dict[str, int] = field(default_factory=dict)  # run text -> _Analyser._idle
    #: words of a group -> the forms it may garble (_Analyser._candidates)
    candidates: dict[tuple[str, ...], tuple] = field(default_factory=dict)
    needles: dict[int, tuple[str, ...]] = field(default_factory=dict)  # entry -> its context words
    spans: dict[tuple[str, ...], tuple] = field(default_factory=dict)  # words -> _Analyser._exact_spans

    SIZE: ClassVar[int] = 65536  # words remembered per memo

    @staticmethod
    def remember(memo: dict[K, V], key: K, value: V) -> None:
        if len(memo) >= _Verdicts.SIZE:  # bounded: a long-running process sees endless new words
            memo.clear()
        memo[key] = value

    @staticmethod
    def recall(memo: dict[K, V], key: K, compute: Callable[[K], V]) -> V:
        """memo[key], computed and remembered (within the bound) when missing."""
        found = memo.get(key)
        if found is None:
            found = compute(key)
            _Verdicts.remember(memo, key, found)
        return found


_VERDICTS: weakref.WeakKeyDictionary[GazetteerIndex, _Verdicts] = weakref.WeakKeyDictionary()


def _verdicts(index: GazetteerIndex) -> _Verdicts:
    found = _VERDICTS.get(index)
    if found is None:
        found = _VERDICTS[index] = _Verdicts()
    return found


class _Analyser:
    def __init__(self, doc: "Document", index: GazetteerIndex):
        self.doc = doc
        self.index = index
        self.common = lexicon("common-words")
        self.firsts = lexicon("first-names")
        self.surnames = lexicon("surnames")
        self.mentions: list[Mention] = []
        self.verdicts = _verdicts(index)
        self.contexts: dict[int, str] = {}  # sentence -> _context

    @cached_property
    def openers(self) -> set[int]:
        """Where the sentences' first words begin: asked only about a two-word group
        that matched nothing, which most documents do not have."""
        from ..kinds.phrase import sentence_starts

        return sentence_starts(self.doc)

    def run(self) -> NameAnalysis:
        run_texts: set[str] = set()
        pending: list[tuple[int, list[Tok], list[Tok]]] = []
        for si, run in self._busy_runs(run_texts):
            residuals = self._exact(run, si)
            pending.extend((si, group, title) for group, title in residuals)
        known_people = {m.entry_id for m in self.mentions if m.entry_id is not None}
        for si, group, title in pending:
            self._fuzzy(group, title, si, known_people)
        self.mentions.sort(key=lambda m: m.start)
        return NameAnalysis(self.mentions, run_texts, self.doc.prose, self.doc.sentences)

    def _busy_runs(self, run_texts: set[str]) -> Iterator[tuple[int, list[Tok]]]:
        """The runs of runs_by_sentence that may yield a mention, with their sentences:
        the others (see `_idle`) are passed over without making their tokens. Collects
        the texts of all runs in `run_texts` (see NameAnalysis)."""
        text, sentences = self.doc.prose, self.doc.sentences
        if not sentences:
            return
        first, end = sentences[0].start, sentences[-1].end
        matches = list(_run_pattern().finditer(text, first, end))
        found = list(map(_MATCHED, matches))  # both lists built in C: most are passed over
        run_texts.update(found)
        idle = self._idleness(run_texts)
        todo = [i for i, raw in enumerate(found) if idle[raw] != _IDLE]
        if _dashed_capital().search(text, max(0, first - 1), end):
            todo = self._after_hyphens(todo, matches, text, first, end)
        last = len(sentences) - 1
        k = 0  # the sentence reached, as in runs_by_sentence
        for i in todo:
            capital, stop = matches[i].span()
            dashed = capital > 0 and text[capital - 1] == "-"
            if idle[found[i]] == _IDLE_IN_ONE_SENTENCE and not dashed:
                while k < last and sentences[k + 1].start <= capital:
                    k += 1
                if stop <= sentences[k].end and (k == last or stop <= sentences[k + 1].start):
                    continue  # "Big Bang", within one sentence
            floor = matches[i - 1].end() if i else first  # as in capitalised_runs
            if dashed:  # "al-Assad": name-consistency is to see the particle too
                start = _run_start(text, capital, floor)
                if start != capital:
                    run_texts.add(text[start:stop])
            pieces: list[tuple[int, list[Tok]]] = []
            for run in _match_runs(text, capital, stop, floor):
                k = _cut_at_sentences(run, sentences, k, pieces)
            for si, run in pieces:
                if not (len(run) == 1 and self._inert(run[0].text)):
                    yield si, run

    @staticmethod
    def _after_hyphens(todo: list[int], matches: list[re.Match], text: str, first: int, end: int) -> list[int]:
        """`todo` with every match after a hyphen: its run may begin with a particle
        ("al-Assad"), so that its words are not those of the match."""
        starts = list(map(_STARTED, matches))
        more = set(todo)
        for hyphen in _dashed_capital().finditer(text, max(0, first - 1), end):
            i = bisect.bisect_left(starts, hyphen.end())
            if i < len(starts) and starts[i] == hyphen.end():
                more.add(i)
        return sorted(more)

    def _idleness(self, texts: set[str]) -> dict[str, int]:
        """The memo of run texts' idleness (see `_idle`), holding every text of `texts`.
        Most runs are idle: a lone "The" or "But", a "Big Bang" that is no one's name."""
        memo = self.verdicts.idle
        missing = texts.difference(memo)
        if missing:
            if len(memo) + len(missing) > _Verdicts.SIZE:
                memo.clear()  # bounded, and never cleared while a document uses it
                missing = texts
            for raw in missing:
                memo[raw] = self._idle(raw)
        return memo

    def _idle(self, raw: str) -> int:
        """_BUSY if the runs of a match of the run pattern, `raw` as the pattern found it,
        may yield a mention in some context; else _IDLE if it is one word, and
        _IDLE_IN_ONE_SENTENCE if it is several (a sentence boundary between them makes
        other runs). Depends on the text alone, unless a particle comes before it
        ("al-Assad"), which `_busy_runs` sees to."""
        for run in _match_runs(raw, 0, len(raw), 0):
            words = tuple(t.text for t in run)
            if len(words) == 1 and self._inert(words[0]):
                continue  # as `_busy_runs` passes it over
            if not self._dead(words):
                return _BUSY
        return _IDLE_IN_ONE_SENTENCE if " " in raw or "\xa0" in raw else _IDLE

    def _dead(self, words: tuple[str, ...]) -> bool:
        """Whether a run of these words yields no mention: no known name among them
        (`_exact`), and no group left over that `_fuzzy` can match, whatever the
        context. (Follows those two steps: a change to them is a change here.)"""
        if self._exact_spans(words):
            return False
        names = [w for w in words if not _is_title_word(w)]
        while names and _is_title_or_demonym_word(names[0]):
            names = names[1:]
        if len(names) <= 1:
            return not names or not self._may_be_surname(fold_name(names[0]))
        if len(names) > 6:
            return True
        if any(self._candidates(tuple(names[a:b]))
               for a in range(len(names)) for b in range(a + 2, min(len(names), a + 4) + 1)):
            return False  # a near match, which the context may make a match
        # no match: a two-word group may still open with an ordinary word ("Later Blinkin")
        return len(names) != 2 or not self._may_be_surname(fold_name(names[1]))

    # -- step 1 and 2: exact spans, titles, glued tokens ---------------------------------
    def _exact(self, run: list[Tok], si: int) -> list[tuple[list[Tok], list[Tok]]]:
        """Resolve exact sub-spans; return the leftover groups with the title words
        just before each."""
        n = len(run)
        resolved: list[tuple[int, int, Mention]] = []
        source = self.doc.text
        for i, j, entry_id, kind in self._exact_spans(tuple(t.text for t in run)):
            start, end = run[i].start, run[j - 1].end
            m = Mention(start, end, source[start:end], si, entry_id, kind)
            if kind == MISSPELLING:
                entry = self.index.entry(entry_id)
                m.reason, m.suggestion, m.confidence = "misspelling", entry.name, 1.0
            resolved.append((i, j, m))
        for _, _, m in resolved:
            self.mentions.append(m)
        # leftover groups between resolved spans
        out: list[tuple[list[Tok], list[Tok]]] = []
        cursor = 0
        for i, j, m in resolved + [(n, n, None)]:
            group = run[cursor:i]
            title = [t for t in group if _is_title_word(t.text)]
            names = [t for t in group if not _is_title_word(t.text)]
            while names and _is_title_or_demonym_word(names[0].text):
                names = names[1:]
            if m is not None:
                m.title = _trailing_titles(group)
                if names and m.entry_id is not None and m.form_kind != MISSPELLING:
                    self._glued(names, m)
                    names = [] if m.stray is not None else names
            if names and not (m is not None and names[-1].end == m.start and self._is_first_name_only(names)):
                out.append((names, title))
            cursor = j
        return out

    def _opener(self, tok: Tok) -> bool:
        """An ordinary word capitalised only because it opens the sentence ('Later')."""
        return tok.folded in self.common and tok.start in self.openers

    def _exact_spans(self, texts: tuple[str, ...]) -> tuple[tuple[int, int, int, int], ...]:
        """The known names in a run of these words: (first word, end word, entry, form
        kind) of the longest spans the index knows, from the left. Depends on the
        words alone, so memoised: articles repeat their names and places."""
        return _Verdicts.recall(self.verdicts.spans, texts, self._find_exact_spans)

    def _find_exact_spans(self, texts: tuple[str, ...]) -> tuple[tuple[int, int, int, int], ...]:
        i, n = 0, len(texts)
        spans: list[tuple[int, int, int, int]] = []
        known = [self._known(t) for t in texts]
        while i < n:
            if not known[i]:
                i += 1
                continue
            stop = i
            while stop < n and stop - i < 6 and known[stop]:
                stop += 1
            for j in range(stop, i, -1):
                hits = self.index.exact(" ".join(texts[i:j]))
                if j - i == 1 and hits and self._weak_single(texts, i, hits):
                    hits = []
                if hits:
                    hit = min(hits, key=lambda h: (h.kind == MISSPELLING, h.kind))
                    spans.append((i, j, hit.entry_id, hit.kind))
                    i = j
                    break
            else:
                i += 1
        return tuple(spans)

    def _weak_single(self, texts: tuple[str, ...], i: int, hits) -> bool:
        """A one-word match that should not be taken as a name here: a title word, a
        sentence opener that is an ordinary word, or a given name that is also a place
        ('Victoria') followed by another name word."""
        text = texts[i]
        if _is_title_word(text):
            return True
        folded = fold_name(text)
        if i == 0 and folded in self.common and not any(h.kind == CANONICAL for h in hits):
            return True
        return folded in self.firsts and i + 1 < len(texts) and texts[i + 1][:1].isupper()

    def _is_first_name_only(self, names: list[Tok]) -> bool:
        return len(names) == 1 and names[0].folded in self.firsts

    def _glued(self, names: list[Tok], m: Mention) -> None:
        """A stray word glued right before a known name: 'Surya Alexander Lavrentiev'."""
        stray = names[-1]
        entry = self.index.entry(m.entry_id)
        if stray.end + 1 != m.start or entry.type != "person" or len(m.text.split()) < 2:
            return
        word = stray.folded
        if (word in self.common or word in self.firsts or _INITIAL.match(stray.text) or word in PARTICLES
                or self.index.exact(stray.text) or len(word) < 3 or not stray.text[:1].isupper()
                or stray.text.isupper()):  # acronyms (HDP, NATO) name organisations
            return
        about = fold_name(" ".join([entry.role, entry.country, *entry.context]))
        if word in about.split():
            return  # "Rosatom Alexei Likhachev": the word belongs to the person's role
        m.reason, m.stray, m.suggestion = "glued", stray, entry.name
        m.start, m.confidence = stray.start, 0.8
        m.text = self.doc.text[stray.start:m.end]
        hint = self._place_hint(stray.text)
        m.stray_hint = hint

    def _place_hint(self, word: str) -> str:
        from rapidfuzz import fuzz

        best, score = "", 0.0
        for eid in self.index.by_key(phonetic_key(word)):
            if not self.index.is_type(eid, "place"):
                continue
            e = self.index.entry(eid)
            for form in e.forms:
                s = fuzz.ratio(fold_name(word), fold_name(form))
                if s > score:
                    best, score = e.name, s
        return best if score >= 70 else ""

    def _inert(self, text: str) -> bool:
        """Whether a run of this one word can yield no mention: no gazetteer form is
        spelled so, and it is either a title or nationality word (context, dropped) or
        a word the surname step passes over. Memoised: these are most runs ("The", "I"),
        and deciding it is cheaper than taking them through both steps."""
        inert = self.verdicts.inert.get(text)
        if inert is None:
            inert = not self.index.exact(text) and (
                _is_title_or_demonym_word(text) or not self._may_be_surname(fold_name(text)))
            self.verdicts.remember(self.verdicts.inert, text, inert)
        return inert

    def _known(self, text: str) -> bool:
        """Whether every word of a token occurs in some gazetteer form (else no exact
        match can contain it). Memoised."""
        known = self.verdicts.known.get(text)
        if known is None:
            vocab = self.index.vocab
            known = all(w in vocab for w in fold_name(text).split())
            self.verdicts.remember(self.verdicts.known, text, known)
        return known

    # -- step 3: fuzzy ---------------------------------------------------------------------------
    def _fuzzy(self, group: list[Tok], title: list[Tok], si: int, known: set[int]) -> None:
        if len(group) == 1:
            self._surname_only(group[0], si, known)
            return
        if len(group) > 6:
            return
        best: tuple[float, int, str, list[Tok]] | None = None
        for a in range(len(group)):  # every window of two to four words: the name may sit
            for b in range(a + 2, min(len(group), a + 4) + 1):  # beside an unknown place or word
                found = self._best_match(group[a:b], si)
                if found and (best is None or found[0] > best[0]):
                    best = found
        if best is None:
            if len(group) == 2 and self._opener(group[0]):  # "Later Blinkin said ..."
                self._surname_only(group[1], si, known)
            return
        score, eid, form, sub = best
        entry = self.index.entry(eid)
        folded = fold_name(" ".join(t.text for t in sub))
        m = Mention(sub[0].start, sub[-1].end, self.doc.text[sub[0].start:sub[-1].end], si, eid)
        m.reason, m.suggestion = "fuzzy", entry.name if entry.type == "person" else form
        if entry.type == "place" and fold_name(form).replace(" ", "") == folded.replace(" ", ""):
            m.suggestion = form
        m.confidence = min(1.0, score / 100)
        m.title = title
        self.mentions.append(m)

    def _best_match(self, group: list[Tok], si: int) -> tuple[float, int, str, list[Tok]] | None:
        """The gazetteer form this group of words most likely garbles, if one stands out."""
        texts = tuple(t.text for t in group)
        candidates = self._candidates(texts)
        if not candidates:
            return None  # no form comes close, whatever the context
        initial = bool(_INITIAL.match(texts[0]))
        context = self._context(si)
        best: tuple[float, int, str] | None = None
        runner_up = 0.0
        for eid, form, prescore in candidates:
            score = self._score(texts, initial, prescore, eid, form, context)
            if score <= 0:
                continue
            if best is None or score > best[0]:
                if best is not None and best[1] != eid:
                    runner_up = max(runner_up, best[0])
                best = (score, eid, form)
            elif eid != best[1]:
                runner_up = max(runner_up, score)
        if best is None or best[0] - runner_up < 3:
            return None  # nothing close, or two different people equally close
        return best[0], best[1], best[2], group

    def _candidates(self, texts: tuple[str, ...]) -> tuple[tuple[int, str, _Prescore], ...]:
        """The forms a group of words may garble, each with its prescore: forms close
        enough as a whole to be matched that do not score 0 whatever the context.
        Depends on the words alone, so memoised: a document repeats its names, and
        articles the organisations ("Security Council") that pass as names."""
        return _Verdicts.recall(self.verdicts.candidates, texts, self._find_candidates)

    def _find_candidates(self, texts: tuple[str, ...]) -> tuple[tuple[int, str, _Prescore], ...]:
        from rapidfuzz import fuzz

        folded = fold_name(" ".join(texts))
        words = folded.split()
        if not words or all(w in self.common and w not in self.firsts for w in words):
            return ()  # ordinary words ("The Next Step"), unless a given name is among them
        cands = set(self.index.by_key(phonetic_key(words[-1])))
        cands |= set(self.index.by_key(phonetic_key(folded)))
        if len(cands) > MAX_CANDIDATES:  # only in very large gazetteers
            cands = set(sorted(cands)[:MAX_CANDIDATES])
        initial = bool(_INITIAL.match(texts[0]))
        out = []
        for eid in cands:  # in the set's order, which breaks ties between equal scores
            entry = self.index.entry(eid)
            for form in entry.forms:
                prescore = self._prescore(initial, words, entry, form)
                if prescore is not None and fuzz.ratio(folded, fold_name(form)) >= 50:
                    out.append((eid, form, prescore))
        return tuple(out)

    def _context(self, si: int) -> str:
        """Folded text of the sentence and the one before it, for context words."""
        found = self.contexts.get(si)
        if found is None:
            doc = self.doc
            sents = doc.sentences
            start = sents[si - 1].start if si > 0 and sents[si - 1].paragraph == sents[si].paragraph else sents[si].start
            found = self.contexts[si] = " " + fold_name(doc.prose[start:sents[si].end]) + " "
        return found

    def _context_hits(self, entry_id: int, context: str) -> int:
        """How many of the entry's context words, role words, country and nationality
        words the context holds (each a folded word between spaces)."""
        memo = self.verdicts.needles
        needles = memo.get(entry_id)
        if needles is None:
            if len(memo) >= _Verdicts.SIZE:
                memo.clear()
            needles = memo[entry_id] = self._needles(self.index.entry(entry_id))
        return sum(1 for needle in needles if needle in context)

    @staticmethod
    def _needles(entry: Entry) -> tuple[str, ...]:
        from .countries import countries

        words = set(entry.context)
        role_words = {w for w in re.findall(r"[A-Za-z]{4,}", entry.role) if w.lower() not in _ROLE_STOP}
        needles = [f" {fold_name(w)} " for w in words] + [f" {fold_name(w)} " for w in role_words]
        country = countries().get(entry.country)
        if country is not None:
            needles += [f" {fold_name(d)} " for d in country.demonyms + [country.name]]
        return tuple(needles)

    def _prescore(self, initial: bool, words: list[str], entry: Entry, form: str) -> _Prescore | None:
        """The part of scoring a form that needs no context: None if the form scores 0
        whatever the context. `words`: the group's folded words; `initial`: it opens
        with an initial ("J.")."""
        from rapidfuzz import fuzz

        fwords = fold_name(form).split()
        if not fwords:
            return None
        if entry.type != "person":
            a, b = "".join(words), "".join(fwords)
            if a == b:  # only spacing or particles differ: 'Villa Lagrange'
                return _Prescore(_SAME_LETTERS, 96, 4)
            sim = fuzz.ratio(" ".join(words), " ".join(fwords))
            if sim < 88 or len(words) != len(fwords):
                return None
            return _Prescore(_PLACE, sim)
        if "".join(words) == "".join(fwords):  # only particles run together: "Luigi Dimaio"
            return _Prescore(_SAME_LETTERS, 95, 5)
        names = [w for w in fwords if w not in PARTICLES]
        if not names:  # a form of particles only names nobody
            return None
        last_m, last_f = words[-1], names[-1]
        last_sim = fuzz.ratio(last_m, last_f)
        merged = merged_surname(" ".join(fwords))
        if merged != last_f and fuzz.ratio(last_m, merged) > last_sim:  # "Alsudani" for "al-Sudani"
            last_f, last_sim = merged, fuzz.ratio(last_m, merged)
        if last_sim < 75:
            return None
        first_m = words[0] if len(words) > 1 else ""
        first_f = fwords[0] if len(fwords) > 1 else ""
        if first_m and first_f:
            if initial:
                if not _confusable(first_m[0], first_f[0]):
                    return None
                first_sim = 100.0 if first_m[0] == first_f[0] else 70.0
            else:
                first_sim = fuzz.ratio(first_m, first_f)
                if first_sim < 70 and not _confusable(first_m[0], first_f[0]):
                    return None
                if first_sim < 60:
                    return None
        else:
            first_sim = 80.0
        same_last = last_m == last_f
        if same_last and (first_m == first_f or first_sim < 80):
            return None  # the same surname and a different given name: another person
        plausible_first = first_m in self.firsts or bool(self.index.exact(first_m)) or initial
        plausible_last = last_m in self.surnames or (not same_last and bool(self.index.by_last_word(last_m)))
        return _Prescore(_PERSON, last_sim, 0, first_sim, first_m, first_f, same_last, last_m in self.surnames,
                         plausible_first, plausible_last)

    def _score(self, texts: tuple[str, ...], initial: bool, pre: _Prescore, entry_id: int, form: str,
               context: str) -> float:
        """A candidate form's score for the group of words `texts` (see _prescore), the
        context counted in."""
        ctx = self._context_hits(entry_id, context)
        if pre.formula == _SAME_LETTERS:
            return pre.sim + min(pre.cap, ctx)
        if pre.formula == _PLACE:
            return pre.sim + 4 * ctx - 4
        last_sim, first_sim, first_m, first_f = pre.sim, pre.first_sim, pre.first_m, pre.first_f
        if pre.same_last:
            if pre.surname and pre.plausible_first and ctx == 0:
                return 0  # 'Erica Green' is a real name too; need context to say more
        else:
            if last_sim < 80 and ctx == 0:
                return 0
            if pre.plausible_last and pre.plausible_first and first_sim < 100 and ctx == 0:
                return 0
            if pre.plausible_last and ctx == 0 and not (first_sim == 100 and last_sim >= 85):
                return 0
            # an initial that differs from the form's given name, or that no given name
            # backs ("M. Hemmdti" for "Hemedti"), needs the context to say more
            if initial and not (first_m and first_f and first_m[0] == first_f[0]) and ctx == 0:
                return 0
        return 0.45 * last_sim + 0.35 * first_sim + 20 * min(ctx, 3) / 3 + (10 if pre.same_last else 0)

    def _may_be_surname(self, word: str) -> bool:
        """Whether a lone (folded) word may be a garbled surname: not an ordinary word, a
        given name, a short word or a surname the gazetteer spells this way."""
        return not (word in self.common or word in self.firsts or len(word) < 4 or self.index.by_last_word(word))

    def _surname_only(self, tok: Tok, si: int, known: set[int]) -> None:
        """A lone surname close to the surname of someone the article names in full."""
        word = tok.folded
        if not self._may_be_surname(word):
            return
        from rapidfuzz import fuzz

        key = phonetic_key(word)
        for eid in known:
            entry = self.index.entry(eid)
            if entry.type != "person":
                continue
            last = [w for w in fold_name(entry.name).split() if w not in PARTICLES][-1]
            if last != word and phonetic_key(last) == key and fuzz.ratio(word, last) >= 80:
                m = Mention(tok.start, tok.end, tok.text, si, eid, reason="surname",
                            suggestion=entry.name.split()[-1], confidence=0.7)
                self.mentions.append(m)
                return


MAX_CANDIDATES = 1500  # entries scored per mention at most (a phonetic key's group in a huge gazetteer)
_ROLE_STOP = {"minister", "president", "former", "leader", "state", "affairs", "general", "national",
              "deputy", "head", "chief", "secretary", "member", "official", "party", "council", "since",
              "until", "from", "with", "united", "states", "republic"}


@lru_cache(maxsize=65536)
def _is_title_word(text: str) -> bool:
    """A word of a title ("Minister", "Gen.", "of"): context for a name, not part of it.
    Cached, like the next: every capitalised word of every document is asked."""
    low = text.lower()
    return low.rstrip(".") in TITLE_WORDS or low in TITLE_WORDS


@lru_cache(maxsize=65536)
def _is_title_or_demonym_word(text: str) -> bool:
    """A title word or a nationality word ("Russian"): context before a name."""
    from .countries import countries

    return _is_title_word(text) or countries().by_demonym(text) is not None


def _confusable(a: str, b: str) -> bool:
    a, b = a.upper(), b.upper()
    return a == b or any(a in group and b in group for group in _CONFUSABLE)


def _trailing_titles(group: list[Tok]) -> list[Tok]:
    out: list[Tok] = []
    for tok in reversed(group):
        if _is_title_or_demonym_word(tok.text):
            out.insert(0, tok)
        else:
            break
    return out


__all__ = ["ALIAS", "CANONICAL", "MISSPELLING", "Mention", "NameAnalysis", "Tok", "analyse", "capitalised_runs",
           "run_words"]
