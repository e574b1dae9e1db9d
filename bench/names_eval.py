"""Recall and false-flag rate of the garbled-name rule (MT401) over many people, so the
name matcher is tuned on more than one article.

What it measures:

  garbles    People sampled from the bundled gazetteer, each with one name garbled the
             way transliteration through Arabic or Cyrillic garbles names: a vowel swap
             (o/u, e/i, a/e, i/y), a consonant swap (p/b, v/f, c/k), j/g/dj at the start
             of a given name, a doubled letter dropped or a single one doubled, a name
             particle merged or dropped ("al-Assad" -> "Alassad", "von der Leyen" ->
             "Vonderleyen"), a wrong initial for the given name together with a vowel
             swap in the surname ("Guy Parmelin" -> "J. Parmelan"), or a stray word
             glued in front ("Surya Alexander Lavrentiev"). Mostly the surname is
             garbled, sometimes the given name. A garble that is a correct form of any
             gazetteer entry is skipped. Each garble is put in two sentences: one with
             the person's title, nationality or role nearby, one neutral (templates and
             real human-written sentences from the development corpus).
             Reported: the share flagged at all (an MT401 finding overlapping the name)
             and the share whose first suggestion is the person's canonical name.
  correct    Correct forms (name and aliases) of gazetteer people in the same kinds of
             sentences, and people who are not in the gazetteer: given names and
             surnames of the US census lists shipped by the `names` package, and
             Russian and Arabic names combined from the lists below. Reported: the
             share with an MT401 finding overlapping the name (false flags).

Run from the repository root:

    python bench/names_eval.py [--n 400] [--seed 0] [--show 10]

`--n` is the number of people in each set (capped at the gazetteer's people); `--show N`
prints up to N misses and N false flags (sentence and message) for tuning. Everything is
deterministic for a given seed and gazetteer. The census names need the `names` package
(pip install names) and the real sentences the development corpora; without either, that
part is left out with a note.
"""
from __future__ import annotations

import argparse
import importlib.util
import random
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import CORPORA  # noqa: E402

from mtcheck import check_text  # noqa: E402
from mtcheck.config import Config  # noqa: E402
from mtcheck.gazetteer.countries import countries  # noqa: E402
from mtcheck.gazetteer.index import (  # noqa: E402
    ALIAS,
    CANONICAL,
    GazetteerIndex,
    build_entries,
    bundled_sources,
    fold_name,
    load_index,
)
from mtcheck.gazetteer.model import Entry  # noqa: E402

RULE = "MT401"
CONFIG = Config(select=(RULE,))
TED = CORPORA / "clean_human_ted.txt"
TARGETS = "targets: recall >= 80% with role nearby, >= 60% without role; false flags <= 1%"

# -- garbling -------------------------------------------------------------------------------

VOWELS = "aeiouy"
PARTICLES = {"al", "el", "bin", "ibn", "bint", "abu", "de", "da", "di", "du", "van", "von", "der", "la", "le",
             "del", "dos", "das", "ben"}
NAME_TITLES = {"king", "queen", "prince", "princess", "crown", "pope", "emir", "grand", "ayatollah"}
NOT_DROPPED = {"al", "el", "abu"}  # dropping these leaves an accepted short form, not a garble
HYPHEN_PREFIX = re.compile(r"^(?:al|el|ad|an|ar|as|ash|at|az|ul)-(?=\w)", re.IGNORECASE)
# Initials that transliteration confuses: Г/Дж/Й, Е/И, К/Q, В/Ф/W, О/У, С/З, Т/Д, Б/П, Х.
WRONG_INITIAL = {"G": "JD", "J": "GY", "Y": "JI", "I": "YE", "E": "IY", "C": "K", "K": "CQ", "Q": "K",
                 "F": "V", "V": "FW", "W": "V", "P": "B", "B": "P", "O": "U", "U": "O", "S": "Z", "Z": "S",
                 "T": "D", "D": "T", "H": "K"}
# Where ج makes Jamal / Gamal / Djamal one name.
ARABIC_SCRIPT_COUNTRIES = {"Egypt", "Saudi Arabia", "Syria", "Lebanon", "Iraq", "Jordan", "Palestine", "Yemen",
                           "Libya", "Algeria", "Tunisia", "Morocco", "Sudan", "Qatar", "United Arab Emirates",
                           "Kuwait", "Bahrain", "Oman", "Iran", "Afghanistan", "Pakistan", "Arab League"}
# Country names written back from Arabic or Russian, as they turn up glued to names.
STRAY_WORDS = ("Surya", "Ukrania", "Amrika", "Rusia", "Almania", "Faransa", "Britania", "Turkiya", "Lubnan",
               "Filastin", "Siriya", "Kitay", "Misr", "Urdun")

Garble = tuple[str, str]  # (garbled name, what was changed: surname, given name, ...)
Confusion = Callable[[Entry, random.Random], Garble | None]


@dataclass
class NameParts:
    words: list[str]
    surname: int  # index of the last word that is not a particle or initial
    given: int | None  # index of the given name, if the name has one apart from the surname

    @classmethod
    def of(cls, name: str) -> NameParts:
        words = name.split(" ")
        core = [i for i, w in enumerate(words) if w.lower() not in PARTICLES and w.lower() not in NAME_TITLES
                and not re.fullmatch(r"[A-Z]\.|[IVXL]+|[JS]r\.?", w)]  # initials, regnal numbers, Jr.
        surname = core[-1] if core else len(words) - 1
        given = core[0] if len(core) > 1 and len(words[core[0]]) > 2 else None
        return cls(words, surname, given)

    def replaced(self, i: int, word: str) -> str:
        return " ".join(self.words[:i] + [word] + self.words[i + 1:])


def _core_start(word: str) -> int:
    m = HYPHEN_PREFIX.match(word)
    return m.end() if m else 0


def swap_letter(word: str, a: str, b: str, rng: random.Random,
                allowed: Callable[[str, int], bool] = lambda w, i: True) -> str | None:
    """`word` with one a turned into b or one b into a, keeping case; None if no place fits.
    A swap that would double a letter is left out (doubling is a confusion of its own)."""
    low = word.lower()
    spots = []
    for i in range(_core_start(word), len(low)):
        if low[i] not in (a, b) or not allowed(low, i):
            continue
        new = b if low[i] == a else a
        if (i > 0 and low[i - 1] == new) or (i + 1 < len(low) and low[i + 1] == new):
            continue
        spots.append((i, new))
    if not spots:
        return None
    i, new = rng.choice(spots)
    return word[:i] + (new.upper() if word[i].isupper() else new) + word[i + 1:]


def _c_or_k(low: str, i: int) -> bool:
    """c and k are interchangeable where c is hard: not before e, i, y or h, nor in ck or sc."""
    nxt = low[i + 1] if i + 1 < len(low) else ""
    prev = low[i - 1] if i > 0 else ""
    return nxt not in ("e", "i", "y", "h", "k", "c") and prev not in ("c", "k", "s")


def _not_ph(low: str, i: int) -> bool:
    return not (low[i] == "p" and low[i + 1:i + 2] == "h")


def drop_double(word: str, rng: random.Random) -> str | None:
    low = word.lower()
    spots = [i for i in range(_core_start(word), len(low) - 1) if low[i] == low[i + 1] and low[i].isalpha()]
    if not spots:
        return None
    i = rng.choice(spots)
    return word[:i] + word[i + 1:]


def double_single(word: str, rng: random.Random) -> str | None:
    low = word.lower()
    spots = [i for i in range(max(1, _core_start(word)), len(low))
             if low[i] in "lsnrtmpfdkbg" and low[i - 1] in VOWELS
             and low[i + 1:i + 2] != low[i] and low[i - 1] != low[i]]
    if not spots:
        return None
    i = rng.choice(spots)
    return word[:i + 1] + low[i] + word[i + 1:]


def _on_word(change: Callable[[str, random.Random], str | None],
             given_share: float = 0.2) -> Confusion:
    """A confusion applied to the surname, or now and then (given_share) to the given
    name; a given name that offers no place for it falls back to the surname."""
    def garble(entry: Entry, rng: random.Random) -> Garble | None:
        parts = NameParts.of(entry.name)
        order = [("surname", parts.surname)]
        if parts.given is not None and rng.random() < given_share:
            order.insert(0, ("given name", parts.given))
        for label, i in order:
            new = change(parts.words[i], rng)
            if new is not None and new != parts.words[i]:
                return parts.replaced(i, new), label
        return None
    return garble


def _swap(a: str, b: str, allowed: Callable[[str, int], bool] = lambda w, i: True) -> Confusion:
    return _on_word(lambda word, rng: swap_letter(word, a, b, rng, allowed))


def j_g_given(entry: Entry, rng: random.Random) -> Garble | None:
    """Дж/ج at the start of a given name: 'Joseph' -> 'Djoseph' anywhere; 'Jamal' <-> 'Gamal'
    <-> 'Djamal' only for names from countries written in Arabic script."""
    parts = NameParts.of(entry.name)
    if parts.given is None:
        return None
    word = parts.words[parts.given]
    arabic = entry.country in ARABIC_SCRIPT_COUNTRIES
    if word.startswith("Dj"):
        options = ["J" + word[2:]] + (["G" + word[2:]] if arabic else [])
    elif word[:1] == "J":
        options = ["Dj" + word[1:]] + (["G" + word[1:]] if arabic else [])
    elif word[:1] == "G" and arabic and word[1:2] in VOWELS:
        options = ["J" + word[1:], "Dj" + word[1:]]
    else:
        return None
    return parts.replaced(parts.given, rng.choice(options)), "given name"


def particle(entry: Entry, rng: random.Random) -> Garble | None:
    """A name particle merged into the next word or dropped."""
    parts = NameParts.of(entry.name)
    words = parts.words
    options: list[str] = []
    for i, w in enumerate(words):
        m = HYPHEN_PREFIX.match(w)
        if i > 0 and m:  # al-Assad -> Alassad
            options.append(parts.replaced(i, m.group()[:-1].capitalize() + w[m.end():].lower()))
        if 0 < i < len(words) - 1 and w.lower() in PARTICLES and (i == 0 or words[i - 1].lower() not in PARTICLES):
            j = i
            while j < len(words) - 1 and words[j].lower() in PARTICLES:
                j += 1
            merged = "".join(words[i:j + 1]).lower().capitalize()  # von der Leyen -> Vonderleyen
            options.append(" ".join(words[:i] + [merged] + words[j + 1:]))
            if not {x.lower() for x in words[i:j]} & NOT_DROPPED:  # bin Salman -> Salman
                options.append(" ".join(words[:i] + words[j:]))
    if not options:
        return None
    return rng.choice(options), "surname"


def wrong_initial(entry: Entry, rng: random.Random) -> Garble | None:
    """'Guy Parmelin' -> 'J. Parmelan': a confused initial and a vowel swapped in the surname."""
    parts = NameParts.of(entry.name)
    if parts.given != 0:
        return None
    letters = WRONG_INITIAL.get(parts.words[parts.given][:1].upper())
    if not letters:
        return None
    surname = parts.words[parts.surname]
    pairs = [("o", "u"), ("e", "i"), ("a", "e"), ("i", "y")]
    rng.shuffle(pairs)
    for a, b in pairs:
        new = swap_letter(surname, a, b, rng)
        if new is not None:
            words = list(parts.words)
            words[parts.surname] = new
            words[parts.given] = rng.choice(letters) + "."
            return " ".join(words), "initial + surname"
    return None


def stray(entry: Entry, rng: random.Random) -> Garble | None:
    """'Surya Alexander Lavrentiev': a country name written back, glued in front."""
    return f"{rng.choice(STRAY_WORDS)} {entry.name}", "whole name"


CONFUSIONS: list[tuple[str, Confusion]] = [
    ("vowel o/u", _swap("o", "u")),
    ("vowel e/i", _swap("e", "i")),
    ("vowel a/e", _swap("a", "e")),
    ("vowel i/y", _swap("i", "y")),
    ("consonant p/b", _swap("p", "b", _not_ph)),
    ("consonant v/f", _swap("v", "f")),
    ("consonant c/k", _swap("c", "k", _c_or_k)),
    ("given name j/g/dj", j_g_given),
    ("double letter dropped", _on_word(drop_double)),
    ("single letter doubled", _on_word(double_single)),
    ("particle merged/dropped", particle),
    ("wrong initial + vowel", wrong_initial),
    ("stray word glued in front", stray),
]


def is_correct_form(index: GazetteerIndex, text: str) -> bool:
    return any(h.kind in (CANONICAL, ALIAS) for h in index.exact(text))


@dataclass
class GarbledPerson:
    entry: Entry
    garbled: str
    confusion: str
    target: str


def make_garbles(people: list[Entry], index: GazetteerIndex, n: int, rng: random.Random) -> list[GarbledPerson]:
    """One garble for each of up to n people; the confusion is the least used one that
    applies, so every confusion gets its share."""
    used: Counter[str] = Counter()
    out: list[GarbledPerson] = []
    for entry in rng.sample(people, len(people)):
        if len(out) >= n:
            break
        order = sorted(CONFUSIONS, key=lambda c: (used[c[0]], rng.random()))
        for label, confuse in order:
            result = confuse(entry, rng)
            if result is None:
                continue
            garbled, target = result
            if fold_name(garbled) == fold_name(entry.name) or is_correct_form(index, garbled):
                continue
            used[label] += 1
            out.append(GarbledPerson(entry, garbled, label, target))
            break
    return out


# -- sentences ------------------------------------------------------------------------------

@dataclass
class Case:
    group: str
    sentence: str
    start: int
    end: int
    name: str
    expected: str = ""  # canonical name, for garbles
    confusion: str = ""
    target: str = ""
    form: str = ""  # which kind of sentence holds the name
    tags: tuple[str, ...] = ()


Placed = tuple[str, int, int, str]  # sentence, start and end of the name in it, sentence form
TITLE_BEFORE, ROLE_AFTER, NEUTRAL, CORPUS = ("title before the name", "role after the name", "neutral template",
                                             "real sentence + name")


def place(template: str, name: str, form: str, **fields: str) -> Placed:
    """Fill the template; return the sentence and the span of the name in it."""
    for key, value in fields.items():
        template = template.replace("{" + key + "}", value)
    before, after = template.split("{name}")
    before = before[:1].upper() + before[1:] if before else before
    return before + name + after, len(before), len(before) + len(name), form


def role_phrase(entry: Entry) -> str:
    """The first role, without years: 'President of the Swiss Confederation'."""
    role = entry.role.split(";")[0]
    role = re.sub(r"\s*\([^)]*\)", "", role)
    return " ".join(role.split()).strip(" ,.")


def short_title(entry: Entry) -> tuple[str, str] | None:
    """(nationality word or '', title) to write before the name, 'Swiss' 'President';
    None when the role makes no short title."""
    title = role_phrase(entry).split(",")[0].strip()
    country = countries().get(entry.country)
    demonym = ""
    if country is not None:
        for cname in sorted(country.names, key=len, reverse=True):
            title = re.sub(rf"\s+of\s+(?:the\s+)?{re.escape(cname)}$", "", title)
        bare = re.sub(r"['’]s\b", "", title)  # "Oman's Minister" names the country too
        folded = f" {fold_name(bare)} "
        mentioned = any(f" {fold_name(x)} " in folded for x in country.names + country.demonyms)
        demonym = "" if mentioned or not country.demonyms else country.demonyms[0]
    if not title or len(title.split()) > 6 or title.split()[-1].lower() in ("and", "of", "for", "to", "the"):
        return None
    return demonym, title


ROLE_TITLE_TEMPLATES = (
    "{demonym} {title} {name} said on Monday that the talks would continue.",
    "The talks were led by {demonym} {title} {name}, officials said.",
)
ROLE_PHRASE_TEMPLATES = (
    "{name}, the {role}, said on Monday that the talks would continue.",
    "In a statement, {name}, the {role}, called for calm.",
)
NEUTRAL_TEMPLATES = (
    "According to {name}, the plan would be announced next week.",
    "Asked about it later, {name} declined to comment.",
    "{name} did not reply to a request for comment.",
    "Reporters waited outside the building where {name} was staying.",
    "A letter signed by {name} was read out at the start of the meeting.",
)
CORPUS_TEMPLATES = (
    "{name} said: {s}",
    "{s} {name} has made the same point for years.",
)
UNKNOWN_TITLES = ("official", "lawmaker", "analyst", "economist", "diplomat", "journalist", "activist", "lawyer",
                  "teacher", "engineer", "researcher", "doctor")
UNKNOWN_TITLE_TEMPLATES = (
    "{demonym} {title} {name} said on Monday that the talks would continue.",
    "{name}, {article} {demonym} {title}, said on Monday that the talks would continue.",
)


def corpus_sentences() -> list[str]:
    """Plain sentences of real human-written text: no other names, quotes or brackets."""
    if not TED.is_file():
        print(f"note: {TED} not found; neutral sentences use the built-in templates only", file=sys.stderr)
        return []
    out = []
    for line in TED.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not 30 <= len(line) <= 160 or not line.endswith(".") or re.search(r"[()\"“”:;]|--|—", line):
            continue
        words = re.findall(r"[A-Za-z][\w'’]*", line)
        if any(w[0].isupper() and w not in ("I", "I'm", "I've", "I'd", "I'll") for w in words[1:]):
            continue
        out.append(line)
    return out


class SentenceMaker:
    """Sentences for a name, rotating through the templates deterministically."""

    def __init__(self, corpus: list[str]):
        self.corpus = corpus
        self.neutral = list(NEUTRAL_TEMPLATES) + (list(CORPUS_TEMPLATES) if corpus else [])
        self.turn: Counter[str] = Counter()

    def _next(self, kind: str) -> int:
        self.turn[kind] += 1
        return self.turn[kind] - 1

    def with_role(self, name: str, entry: Entry) -> Placed:
        """The title before the name ('Swiss President ...') or the role after it, in turn;
        a name that opens with a title of its own ('Pope Francis') gets the role after it."""
        k = self._next("role")
        title = None if entry.name.split()[0].lower() in NAME_TITLES else short_title(entry)
        if title is not None and k % 2 == 0:
            demonym, text = title
            template = ROLE_TITLE_TEMPLATES[(k // 2) % len(ROLE_TITLE_TEMPLATES)]
            return place(template.replace("{demonym} ", "{demonym} " if demonym else ""), name, TITLE_BEFORE,
                         demonym=demonym, title=text)
        template = ROLE_PHRASE_TEMPLATES[(k // 2) % len(ROLE_PHRASE_TEMPLATES)]
        return place(template, name, ROLE_AFTER, role=role_phrase(entry))

    def without_role(self, name: str) -> Placed:
        k = self._next("neutral")
        template = self.neutral[k % len(self.neutral)]
        s = self.corpus[(k // len(self.neutral) * 7 + k) % len(self.corpus)] if self.corpus else ""
        return place(template, name, CORPUS if "{s}" in template else NEUTRAL, s=s)

    def unknown_with_title(self, name: str, demonym: str) -> Placed:
        k = self._next("unknown")
        title = UNKNOWN_TITLES[k % len(UNKNOWN_TITLES)]
        template = UNKNOWN_TITLE_TEMPLATES[k % len(UNKNOWN_TITLE_TEMPLATES)]
        article = "an" if demonym[:1] in "AEIOU" else "a"
        form = TITLE_BEFORE if template.startswith("{demonym}") else ROLE_AFTER
        return place(template, name, form, demonym=demonym, title=title, article=article)


# -- people not in the gazetteer -----------------------------------------------------------------

RUSSIAN_MALE = ("Alexei", "Andrei", "Anatoly", "Boris", "Dmitry", "Fyodor", "Gennady", "Grigory", "Igor", "Ilya",
                "Konstantin", "Leonid", "Maxim", "Mikhail", "Nikolai", "Oleg", "Pavel", "Roman", "Ruslan",
                "Stanislav", "Timur", "Vadim", "Valery", "Vasily", "Viktor", "Vladislav", "Yevgeny", "Yuri",
                "Artyom", "Kirill", "Semyon", "Arkady")
RUSSIAN_FEMALE = ("Anna", "Darya", "Ekaterina", "Galina", "Irina", "Lyudmila", "Marina", "Natalya", "Olga",
                  "Svetlana", "Tatyana", "Yelena", "Ksenia", "Larisa", "Polina", "Vera")
RUSSIAN_SURNAMES = ("Belov", "Bogdanov", "Fedorov", "Gusev", "Ivanov", "Kovalev", "Kuznetsov", "Lebedev",
                    "Morozov", "Novikov", "Orlov", "Pavlov", "Popov", "Sokolov", "Smirnov", "Solovyov", "Stepanov",
                    "Tarasov", "Vasiliev", "Volkov", "Zaitsev", "Zakharov", "Karpov", "Kiselyov", "Komarov",
                    "Nikitin", "Yegorov", "Frolov", "Baranov", "Gromov", "Zhukov", "Sorokin", "Belyakov",
                    "Davydov", "Filippov", "Golubev", "Makarov", "Rybakov", "Tikhonov", "Vinogradov",
                    "Kalinin", "Borisov", "Chernov", "Denisov", "Osipov", "Polyakov", "Sidorov", "Titov",
                    "Dubrovsky", "Kowalsky", "Zhdanov", "Gorbunov", "Shcherbakov", "Bykov")
ARABIC_GIVEN = ("Ahmed", "Ali", "Amr", "Bassam", "Fadi", "Faisal", "Hamza", "Hassan", "Hussein", "Ibrahim",
                "Issam", "Jamal", "Karim", "Khaled", "Mahmoud", "Majed", "Marwan", "Mohammed", "Mustafa",
                "Nabil", "Omar", "Osama", "Rami", "Samir", "Tarek", "Walid", "Yousef", "Ziad", "Adel", "Bilal",
                "Fatima", "Huda", "Layla", "Mariam", "Noura", "Rania", "Salma", "Yasmin", "Dalia", "Hiba")
ARABIC_SURNAMES = ("al-Masri", "al-Amin", "Haddad", "Khoury", "Saleh", "Mansour", "Darwish", "Hamdan", "Qasim",
                   "Shami", "Yassin", "Zaidi", "Abboud", "Barakat", "Hijazi", "Jaber", "Khalil", "Najjar",
                   "Obeidat", "Sabbagh", "Tamimi", "Awad", "Azzam", "Bakri", "Ghanem", "Issa", "Kassem",
                   "al-Khatib", "al-Sayed", "al-Tamimi", "el-Sharif", "Abdelrahman", "Farhat", "Nassar",
                   "al-Jabouri", "Qudsi", "Shaheen", "Suleiman", "Zoubi", "Attar", "Halabi", "Masood")
ARABIC_DEMONYMS = ("Egyptian", "Syrian", "Lebanese", "Jordanian", "Iraqi", "Saudi", "Palestinian")


def _feminine(surname: str) -> str:
    if surname.endswith("sky"):
        return surname[:-2] + "aya"
    return surname + "a" if surname.endswith(("ov", "ev", "yov", "in")) else surname


def census_names(n: int, index: GazetteerIndex, rng: random.Random) -> list[str] | None:
    """US census given names and surnames (the `names` package), combined at random,
    each drawn uniformly from its list; None without the package."""
    spec = importlib.util.find_spec("names")
    if spec is None or not spec.submodule_search_locations:
        print("note: the `names` package is not installed (pip install names); census names skipped",
              file=sys.stderr)
        return None
    folder = Path(list(spec.submodule_search_locations)[0])

    def read(file: str) -> list[str]:
        return [line.split()[0].title() for line in (folder / file).read_text().splitlines() if line.strip()]

    firsts = read("dist.male.first") + read("dist.female.first")
    lasts = read("dist.all.last")
    return _combine(n, index, lambda: f"{rng.choice(firsts)} {rng.choice(lasts)}")


def foreign_names(n: int, index: GazetteerIndex, rng: random.Random) -> list[tuple[str, str]]:
    """(name, nationality word): Russian and Arabic names from the lists above."""
    def draw() -> str:
        kind = rng.random()
        if kind < 0.35:
            return f"{rng.choice(RUSSIAN_MALE)} {rng.choice(RUSSIAN_SURNAMES)}"
        if kind < 0.5:
            return f"{rng.choice(RUSSIAN_FEMALE)} {_feminine(rng.choice(RUSSIAN_SURNAMES))}"
        return f"{rng.choice(ARABIC_GIVEN)} {rng.choice(ARABIC_SURNAMES)}"

    russian = set(RUSSIAN_MALE + RUSSIAN_FEMALE)
    return [(name, "Russian" if name.split()[0] in russian else rng.choice(ARABIC_DEMONYMS))
            for name in _combine(n, index, draw)]


def _combine(n: int, index: GazetteerIndex, draw: Callable[[], str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for _ in range(n * 50):
        if len(out) >= n:
            break
        name = draw()
        if name in seen or index.exact(name):
            continue
        seen.add(name)
        out.append(name)
    return out


# -- running -----------------------------------------------------------------------------------

GARBLE_ROLE = "garbles with role nearby"
GARBLE_NEUTRAL = "garbles without role"
CORRECT_ROLE = "correct gazetteer names (with role)"
CORRECT_NEUTRAL = "correct gazetteer names (no role)"
UNKNOWN = "people not in gazetteer"
GARBLE_SETS = (GARBLE_ROLE, GARBLE_NEUTRAL)
CORRECT_SETS = (CORRECT_ROLE, CORRECT_NEUTRAL, UNKNOWN)


def make_case(group: str, placed: Placed, name: str, **extra: str) -> Case:
    sentence, start, end, form = placed
    tags = tuple(t for t in extra.pop("tags", "").split("|") if t)
    return Case(group, sentence, start, end, name, form=form, tags=tags, **extra)


def build_cases(n: int, seed: int) -> list[Case]:
    index = load_index()
    # "Catherine, Princess of Wales" is a title, not a name to garble or to put in a sentence
    people = [e for e in build_entries(bundled_sources()) if e.type == "person" and "," not in e.name]
    maker = SentenceMaker(corpus_sentences())
    cases: list[Case] = []

    for g in make_garbles(people, index, n, random.Random(f"{seed}/garbles")):
        about = {"expected": g.entry.name, "confusion": g.confusion, "target": g.target}
        cases.append(make_case(GARBLE_ROLE, maker.with_role(g.garbled, g.entry), g.garbled, **about))
        cases.append(make_case(GARBLE_NEUTRAL, maker.without_role(g.garbled), g.garbled, **about))

    rng = random.Random(f"{seed}/correct")
    for entry in rng.sample(people, min(n, len(people))):
        form = entry.name if not entry.aliases or rng.random() < 0.6 else rng.choice(entry.aliases)
        kind = "canonical" if form == entry.name else "alias"
        cases.append(make_case(CORRECT_ROLE, maker.with_role(form, entry), form, tags=kind))
        cases.append(make_case(CORRECT_NEUTRAL, maker.without_role(form), form, tags=kind))

    rng = random.Random(f"{seed}/unknown")
    unknown = [(name, "American", "US census names") for name in census_names(n, index, rng) or []]
    unknown += [(name, demonym, "Russian and Arabic names") for name, demonym in foreign_names(n, index, rng)]
    for i, (name, demonym, source) in enumerate(unknown):
        if i % 2:
            placed = maker.unknown_with_title(name, demonym)
            cases.append(make_case(UNKNOWN, placed, name, tags=f"{source}|with a title"))
        else:
            cases.append(make_case(UNKNOWN, maker.without_role(name), name, tags=f"{source}|no title"))
    return cases


@dataclass
class Result:
    case: Case
    findings: list[tuple[str, str]] = field(default_factory=list)  # (first suggestion, message) on the name

    @property
    def flagged(self) -> bool:
        return bool(self.findings)

    @property
    def correct(self) -> bool:
        return any(suggestion == self.case.expected for suggestion, _ in self.findings)


def run(cases: Iterable[Case]) -> list[Result]:
    """Check each sentence; keep the MT401 findings that overlap the name."""
    results = []
    for case in cases:
        report = check_text(case.sentence, config=CONFIG)
        hits = [(f.suggestions[0] if f.suggestions else "", f.message) for f in report.findings
                if f.rule == RULE and f.start < case.end and f.end > case.start]
        results.append(Result(case, hits))
    return results


# -- report ---------------------------------------------------------------------------------------

WIDTH = 44


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "    -"


def row(label: str, rs: list[Result], with_correct: bool) -> str:
    line = f"{label:<{WIDTH}} {len(rs):>6} {pct(sum(r.flagged for r in rs), len(rs)):>8}"
    return line + (f" {pct(sum(r.correct for r in rs), len(rs)):>19}" if with_correct else "")


def print_table(results: list[Result]) -> None:
    by_group: dict[str, list[Result]] = defaultdict(list)
    for r in results:
        by_group[r.case.group].append(r)
    garbles = [r for g in GARBLE_SETS for r in by_group[g]]

    print(f"{'set':<{WIDTH}} {'cases':>6} {'flagged':>8} {'correct-suggestion':>19}")
    for group in GARBLE_SETS:
        print(row(group, by_group[group], True))
    print("  by part garbled (both variants)")
    for part in sorted({r.case.target for r in garbles}):
        print(row(f"    {part}", [r for r in garbles if r.case.target == part], True))
    print("  by sentence form")
    for form in (TITLE_BEFORE, ROLE_AFTER, NEUTRAL, CORPUS):
        rs = [r for r in garbles if r.case.form == form]
        if rs:
            print(row(f"    {form}", rs, True))
    for group in CORRECT_SETS:
        rs = by_group[group]
        print(row(group, rs, False))
        for tag in sorted({t for r in rs for t in r.case.tags}):
            print(row(f"    {tag}", [r for r in rs if tag in r.case.tags], False))
    print(row("all correct mentions", [r for g in CORRECT_SETS for r in by_group[g]], False))

    print()
    print(f"{'by confusion':<{WIDTH - 14}} {'cases':>6}   with role: flagged  correct   no role: flagged  correct")
    for label, _ in CONFUSIONS:
        role = [r for r in by_group[GARBLE_ROLE] if r.case.confusion == label]
        neutral = [r for r in by_group[GARBLE_NEUTRAL] if r.case.confusion == label]
        print(f"  {label:<{WIDTH - 16}} {len(role):>6}   "
              f"{pct(sum(r.flagged for r in role), len(role)):>18} {pct(sum(r.correct for r in role), len(role)):>8}   "
              f"{pct(sum(r.flagged for r in neutral), len(neutral)):>16} "
              f"{pct(sum(r.correct for r in neutral), len(neutral)):>8}")


def _round_robin(results: list[Result], key: Callable[[Result], str], limit: int) -> list[Result]:
    """Up to `limit` results, taken in turn from each key so the examples vary."""
    buckets: dict[str, list[Result]] = defaultdict(list)
    for r in results:
        buckets[key(r)].append(r)
    out: list[Result] = []
    depth = 0
    while len(out) < limit and any(len(b) > depth for b in buckets.values()):
        for k in sorted(buckets):
            if depth < len(buckets[k]) and len(out) < limit:
                out.append(buckets[k][depth])
        depth += 1
    return out


def show_examples(results: list[Result], limit: int) -> None:
    misses = [r for r in results if r.case.group in GARBLE_SETS and not r.correct]
    print(f"\nmisses ({len(misses)} in all; up to {limit} shown)")
    for r in _round_robin(misses, lambda r: r.case.confusion, limit):
        c = r.case
        print(f"- [{c.group}; {c.confusion}, {c.target}] “{c.name}” for “{c.expected}”")
        print(f"    {c.sentence}")
        for _, message in r.findings or [("", "no MT401 finding")]:
            print(f"    -> {message}")
    false_flags = [r for r in results if r.case.group in CORRECT_SETS and r.flagged]
    print(f"\nfalse flags ({len(false_flags)} in all; up to {limit} shown)")
    for r in _round_robin(false_flags, lambda r: r.case.group, limit):
        c = r.case
        print(f"- [{'; '.join((c.group, *c.tags))}] “{c.name}”")
        print(f"    {c.sentence}")
        for _, message in r.findings:
            print(f"    -> {message}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=400, help="people sampled for each set (default 400)")
    ap.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    ap.add_argument("--show", type=int, default=0, metavar="N", help="print up to N misses and N false flags")
    args = ap.parse_args()

    t0 = time.perf_counter()
    results = run(build_cases(args.n, args.seed))
    print_table(results)
    if args.show:
        show_examples(results, args.show)
    print(f"\n{len(results)} sentences checked in {time.perf_counter() - t0:.1f} s (seed {args.seed}, n {args.n})")
    print(TARGETS)


if __name__ == "__main__":
    main()
