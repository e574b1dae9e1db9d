"""How does mtcheck's name checking scale with the size of the gazetteer?

Adds 10k, 100k and 1M real-looking people (distractors) to the bundled gazetteer and,
for each size and for the bundled gazetteer alone, prints a table of:

  - build: wall time of the first load, which reads and validates the files, compiles
    the index and writes the on-disk cache (with the time of each stage and the peak
    memory of the building process);
  - cache: size of the cache file;
  - load: time to load the index from the cache, median of 3 fresh processes (so no
    in-process cache helps);
  - check: time of the name rules (MT401, MT402, MT403) per 1,000 words, on the bundled
    example article (fixtures/articles/geneva-summit.txt, scaled from its ~840 words)
    and on 1,000-word chunks of real text (../shared/corpora/clean_human_ted.txt, when
    present): median of repeated checks after one warm-up, each on a new Document with
    the entry-decoding cache emptied, as for an article not seen before;
  - peak RSS: largest max RSS of the fresh processes that load the index and check the
    example article;
  - seed findings: whether the example article's name findings, as (rule, start, end,
    suggestions), are identical to those with the bundled gazetteer alone.

Targets at 1M entries: load <= 1 s, check <= 50 ms per 1,000 words, peak RSS <= 1 GB.

Distractors combine given names and surnames of the `names` package (US census lists;
`pip install names`) with transliteration-style names (Slavic -ov/-ev/-enko/-ski,
Armenian -ian/-yan, Georgian -shvili/-adze, Arabic al-), each with a role and a country.
Names that are already in the bundled gazetteer are skipped. The generated files are
kept in bench/out/gazetteer_scale/ for later runs (--fresh makes them anew); the index
cache lives in a temporary directory (MTCHECK_CACHE_DIR), never in the user's cache.
A build that runs past --build-timeout or --mem-limit-gb is stopped and reported with
the stages it finished.

    python bench/gazetteer_scale.py [--sizes 10000,100000,1000000] [--fresh] [--profile]
"""
from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_ARTICLE = ROOT / "fixtures" / "articles" / "geneva-summit.txt"
TED = ROOT.parent / "shared" / "corpora" / "clean_human_ted.txt"
OUT = ROOT / "bench" / "out" / "gazetteer_scale"
RULES = ("MT401", "MT402", "MT403")
GENERATOR_VERSION = 1
RANDOM_SEED = 4013

TARGET_LOAD_S = 1.0
TARGET_CHECK_MS = 50.0
TARGET_RSS_MB = 1024.0

# -- distractor names ----------------------------------------------------------------------

ROLES = [
    "Member of parliament", "Deputy minister of agriculture", "Regional governor", "Mayor", "Ambassador",
    "Party spokesperson", "Trade union leader", "Business executive", "Central bank official",
    "Supreme court judge", "Army general", "Police chief", "Football coach", "Journalist",
    "University rector", "Opposition activist", "Local councillor", "Senator", "Diplomat",
    "Human rights lawyer",
]
CENSUS_COUNTRIES = ["United States", "United Kingdom", "Canada", "Australia", "Ireland", "New Zealand"]
SLAVIC_COUNTRIES = ["Russia", "Ukraine", "Belarus", "Poland", "Bulgaria", "Serbia", "Kazakhstan"]
ARABIC_COUNTRIES = ["Saudi Arabia", "Iraq", "Egypt", "Jordan", "United Arab Emirates", "Qatar", "Kuwait",
                    "Syria", "Lebanon"]

SLAVIC_MALE = """Aleksandr Aleksei Anatoly Andrei Anton Arkady Artem Bogdan Boris Dmitry Denis Eduard Fyodor
Gennady Georgy Grigory Igor Ilya Ivan Kirill Konstantin Leonid Maksim Mikhail Nikolai Oleg Pavel Pyotr
Roman Ruslan Sergei Stanislav Stepan Taras Timur Vadim Valery Viktor Vitaly Vladislav Volodymyr Yaroslav
Yevgeny Yuri Zakhar""".split()
SLAVIC_FEMALE = """Alina Anastasia Anna Daria Ekaterina Elena Galina Irina Kseniya Larisa Lyudmila Marina
Natalia Nadezhda Oksana Olena Olga Polina Svetlana Tatiana Valentina Vera Viktoria Yulia Zoya""".split()
SLAVIC_STEMS = """Abram Aleks Andre Antip Baran Belous Bondar Borod Bulgak Chern Danil Demid Dobr Drozd
Fedor Filat Gavril Golub Gorb Grom Ignat Ilyush Kalin Karp Kasat Kirill Klim Koval Kozak Kravch Kudr
Lavrent Lebed Litvin Lukash Makar Malin Mart Medved Melnik Mikhail Miron Moroz Naum Nazar Nester Nikit
Orl Osip Pankrat Pavl Petr Platon Polyak Prokhor Rodion Rudn Savel Semen Serg Shevch Sidor Sokol Solov
Stepan Sukh Taras Tikhon Timosh Tkach Trof Uspensk Vasil Vlas Vorob Yakov Yarosl Yefim Yermak Zakhar
Zhuk Zinov Zub""".split()
PATRONYMICS = """Aleksandr|ovich|ovna Aleksey|evich|evna Andrey|evich|evna Boris|ovich|ovna Dmitriy|evich|evna
Fyodor|ovich|ovna Igor|evich|evna Ivan|ovich|ovna Mikhail|ovich|ovna Nikolay|evich|evna Oleg|ovich|ovna
Pavl|ovich|ovna Petr|ovich|ovna Sergey|evich|evna Viktor|ovich|ovna Vladimir|ovich|ovna Yury|evich|evna
Gennady|evich|evna Leonid|ovich|ovna Konstantin|ovich|ovna""".split()
# (male ending, female ending)
SLAVIC_ENDINGS = [("ov", "ova"), ("ev", "eva"), ("in", "ina"), ("enko", "enko"), ("uk", "uk"),
                  ("chuk", "chuk"), ("ski", "ska"), ("sky", "skaya"), ("ovich", "ovich")]
CAUCASUS_STEMS = """Petros Hovhann Sarkis Grigor Avet Manuk Hakob Vardan Karap Mikoy Arutyun Ohan Tigran
Gevorg Khachatur Ambart Galust Mkrt Gogit Kapan Lomid Beridz Japar Khutsish Mamulash Tsiklaur Abash
Gelash Kvarats Chkheidz Bakrad Zurab""".split()
CAUCASUS_ENDINGS = ["ian", "yan", "shvili", "adze", "ia"]
CAUCASUS_COUNTRY = {"ian": "Armenia", "yan": "Armenia", "shvili": "Georgia", "adze": "Georgia", "ia": "Georgia"}
ARABIC_FIRST = """Mohammed Ahmed Khalid Omar Ali Hassan Hussein Youssef Ibrahim Abdullah Faisal Saeed Tariq
Nasser Walid Karim Mustafa Hamza Bilal Jamal Fatima Aisha Mariam Layla Noura Huda Rania Salma""".split()
ARABIC_FAMILY = """Rashid Hashimi Tamimi Qahtani Otaibi Ghamdi Zahrani Shehri Harbi Mutairi Dosari Anzi
Shammari Jubouri Dulaimi Obeidi Maliki Mansour Saadi Najjar Masri Hakim Kuwari Marzouqi Hamadi Zubaidi
Rubaie Khatib Jaber Sabbagh Farsi Bayati""".split()


def _title(word: str) -> str:
    word = word.title()
    return "Mc" + word[2:].title() if word.startswith("Mc") and len(word) > 2 else word


def _census(folder: Path, name: str) -> tuple[list[str], list[float]]:
    """Title-cased names of a census list and their cumulative frequencies."""
    rows = [line.split() for line in (folder / name).read_text(encoding="ascii").splitlines() if line.strip()]
    return [_title(r[0]) for r in rows], list(itertools.accumulate(float(r[1]) for r in rows))


class NameSource:
    """An endless, seeded stream of (name, role, country): the first N are the same
    whatever is asked for later, so each gazetteer is a prefix of the larger ones."""

    def __init__(self, seed: int = RANDOM_SEED):
        try:
            import names
        except ImportError:
            sys.exit("gazetteer_scale needs the `names` package for its name lists: pip install names")
        folder = Path(names.__file__).resolve().parent
        self.male, self.male_w = _census(folder, "dist.male.first")
        self.female, self.female_w = _census(folder, "dist.female.first")
        self.last, self.last_w = _census(folder, "dist.all.last")
        self.rng = random.Random(seed)

    def _pick(self, items: list[str], weights: list[float]) -> str:
        """Half by frequency (Smith, Johnson), half uniformly (the long tail)."""
        if self.rng.random() < 0.5:
            return self.rng.choices(items, cum_weights=weights)[0]
        return self.rng.choice(items)

    def one(self) -> tuple[str, str, str]:
        rng = self.rng
        style = rng.random()
        role = rng.choice(ROLES)
        if style < 0.62:  # census given name and surname, sometimes a middle initial
            female = rng.random() < 0.5
            first = self._pick(self.female, self.female_w) if female else self._pick(self.male, self.male_w)
            middle = f" {chr(rng.randrange(65, 91))}." if rng.random() < 0.15 else ""
            return f"{first}{middle} {self._pick(self.last, self.last_w)}", role, rng.choice(CENSUS_COUNTRIES)
        if style < 0.84:  # Slavic, sometimes with a patronymic
            female = rng.random() < 0.4
            male_end, female_end = rng.choice(SLAVIC_ENDINGS)
            first = rng.choice(SLAVIC_FEMALE if female else SLAVIC_MALE)
            last = rng.choice(SLAVIC_STEMS) + (female_end if female else male_end)
            if rng.random() < 0.5:
                stem, male_pat, female_pat = rng.choice(PATRONYMICS).split("|")
                first += f" {stem}{female_pat if female else male_pat}"
            return f"{first} {last}", role, rng.choice(SLAVIC_COUNTRIES)
        if style < 0.92:  # Armenian and Georgian surnames
            ending = rng.choice(CAUCASUS_ENDINGS)
            first = rng.choice(SLAVIC_MALE + SLAVIC_FEMALE) if rng.random() < 0.5 else self._pick(self.male, self.male_w)
            return f"{first} {rng.choice(CAUCASUS_STEMS)}{ending}", role, CAUCASUS_COUNTRY[ending]
        parts = [rng.choice(ARABIC_FIRST)]  # Arabic: given name, father's name, al-family
        if rng.random() < 0.6:
            parts += ["bin"] if rng.random() < 0.15 else []
            parts.append(rng.choice(ARABIC_FIRST[:20]))
        parts.append("al-" + rng.choice(ARABIC_FAMILY))
        return " ".join(parts), role, rng.choice(ARABIC_COUNTRIES)


def bundled_fingerprint() -> str:
    from mtcheck.gazetteer.index import bundled_sources

    h = hashlib.sha256()
    for src in bundled_sources():
        h.update(src.name.encode() + b"\0" + src.read_bytes())
    return h.hexdigest()[:16]


def gazetteer_path(size: int) -> Path:
    return OUT / f"gaz-{size}.jsonl"


def _meta(size: int, bundled: str) -> dict:
    return {"generator": GENERATOR_VERSION, "seed": RANDOM_SEED, "size": size, "bundled": bundled}


def ensure_gazetteers(sizes: list[int], fresh: bool) -> None:
    """Write gaz-N.jsonl for every size that is missing, stale or --fresh."""
    from mtcheck.gazetteer.index import fold_name, load_index
    from mtcheck.gazetteer.model import Entry, write_entries

    bundled = bundled_fingerprint()
    todo = []
    for size in sizes:
        path, meta = gazetteer_path(size), gazetteer_path(size).with_suffix(".meta.json")
        try:
            current = path.is_file() and json.loads(meta.read_text()) == _meta(size, bundled)
        except (OSError, ValueError):
            current = False
        if fresh or not current:
            todo.append(size)
    if not todo:
        return
    OUT.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    index = load_index()  # the bundled gazetteer, to keep distractors off real people
    source = NameSource()
    seen: set[str] = set()
    entries: list[Entry] = []
    collisions = 0
    while len(entries) < max(todo):
        name, role, country = source.one()
        key = fold_name(name)
        if key in seen:
            continue
        seen.add(key)
        if index.exact(name):
            collisions += 1
            continue
        entries.append(Entry(name=name, type="person", role=role, country=country))
    log(f"generated {len(entries):,} distractor names in {time.perf_counter() - t0:.1f} s "
        f"({collisions} skipped: already in the bundled gazetteer)")
    for size in sorted(todo):
        t1 = time.perf_counter()
        write_entries(entries[:size], gazetteer_path(size))
        gazetteer_path(size).with_suffix(".meta.json").write_text(json.dumps(_meta(size, bundled)) + "\n")
        log(f"wrote {gazetteer_path(size).relative_to(ROOT)} in {time.perf_counter() - t1:.1f} s")


# -- text samples ----------------------------------------------------------------------------

def ted_chunks(count: int, words: int = 1000) -> list[str]:
    """Up to `count` chunks of exactly `words` words of real text, evenly spread, each
    starting at a line start."""
    if not TED.is_file() or count <= 0:
        return []
    chunks, current, n = [], [], 0
    for line in TED.read_text(encoding="utf-8").splitlines():
        toks = line.split()
        if not toks:
            continue
        if n + len(toks) >= words:
            current.append(" ".join(toks[:words - n]))
            chunks.append("\n".join(current) + "\n")
            current, n = [], 0
        else:
            current.append(line)
            n += len(toks)
    if len(chunks) <= count:
        return chunks
    step = len(chunks) / count
    return [chunks[int(i * step)] for i in range(count)]


# -- workers (each runs in a fresh process) -------------------------------------------------

def _maxrss_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _status_kb(field: str, pid: int | str = "self") -> int:
    """A memory figure of /proc/PID/status in KB (VmRSS now, VmHWM the peak), 0 if unknown."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _rss_kb() -> int:
    return _status_kb("VmRSS")


def worker_build(args) -> dict:
    """First load: read, compile, write the cache; each stage timed as it ends."""
    import pickle

    import mtcheck.gazetteer.index as gi
    from mtcheck.diskcache import cache_dir

    stages: dict[str, float] = {}
    t_start = time.perf_counter()

    def note(event: str, stage: str, seconds: float | None = None) -> None:
        if args.progress:  # appended as it happens: a stopped build still tells how far it got
            with open(args.progress, "a", encoding="utf-8") as f:
                f.write(json.dumps({"event": event, "stage": stage, "seconds": seconds,
                                    "at": time.perf_counter() - t_start, "rss_kb": _rss_kb(),
                                    "maxrss_kb": _maxrss_kb(), "hwm_kb": _status_kb("VmHWM")}) + "\n")

    def timed(stage, fn):
        def wrapper(*a, **k):
            note("begin", stage)
            t = time.perf_counter()
            result = fn(*a, **k)
            stages[stage] = stages.get(stage, 0.0) + time.perf_counter() - t
            note("end", stage, stages[stage])
            return result
        return wrapper

    gi.build_entries = timed("read", gi.build_entries)
    gi.GazetteerIndex.__init__ = timed("compile", gi.GazetteerIndex.__init__)
    pickle.dump = timed("write", pickle.dump)
    sources = [Path(args.gaz)] if args.gaz else []
    t0 = time.perf_counter()
    index = gi.load_index(sources)
    total = time.perf_counter() - t0
    caches = list(cache_dir().glob("gazetteer-*.pickle"))
    return {"total": total, "stages": stages, "entries": index.size, "maxrss_kb": _maxrss_kb(),
            "cache_bytes": sum(p.stat().st_size for p in caches), "hwm_kb": _status_kb("VmHWM"),
            "tables": {"forms": len(index.forms), "lasts": len(index.lasts), "keys": len(index.keys)}}


def _linter(args):
    from mtcheck.config import Config
    from mtcheck.linter import Linter

    return Linter(Config(select=RULES, gazetteers=(Path(args.gaz),) if args.gaz else ()))


def _findings(found) -> list:
    return [[f.rule, f.start, f.end, list(f.suggestions)] for f in found]


def worker_load(args) -> dict:
    """Load from the cache, then check the example article once."""
    import mtcheck.gazetteer.index as gi
    from mtcheck.documents import Document

    built = []
    init = gi.GazetteerIndex.__init__

    def spy(self, *a, **k):
        built.append(1)
        init(self, *a, **k)

    gi.GazetteerIndex.__init__ = spy
    linter = _linter(args)
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    t0 = time.perf_counter()
    index = linter.gazetteer
    load = time.perf_counter() - t0
    t0 = time.perf_counter()
    found = linter.check(Document(text))
    first_check = time.perf_counter() - t0
    return {"load": load, "from_cache": not built, "entries": index.size, "first_check": first_check,
            "findings": _findings(found), "maxrss_kb": _maxrss_kb(), "hwm_kb": _status_kb("VmHWM"),
            "errors": linter.errors}


def _timed_check(linter, text: str) -> tuple[float, list]:
    from mtcheck.documents import Document
    from mtcheck.gazetteer.index import _decode

    _decode.cache_clear()  # an article not seen before decodes its own candidates
    doc = Document(text)
    t0 = time.perf_counter()
    found = linter.check(doc)
    return time.perf_counter() - t0, found


def worker_check(args) -> dict:
    """Checking speed: the example article and the real-text chunks."""
    linter = _linter(args)
    linter.gazetteer  # noqa: B018 - load before timing
    seed = SEED_ARTICLE.read_text(encoding="utf-8")
    first, found = _timed_check(linter, seed)  # pays the one-time lexicon and country loading
    seed_times = [_timed_check(linter, seed)[0] for _ in range(args.repeats)]
    chunks = json.loads(Path(args.chunks_file).read_text(encoding="utf-8")) if args.chunks_file else []
    chunk_times, chunk_findings = [], 0
    for chunk in chunks:
        runs = [_timed_check(linter, chunk) for _ in range(max(1, args.repeats // 2))]
        chunk_times.append(statistics.median(t for t, _ in runs))
        chunk_findings += len(runs[0][1])
    return {"first": first, "seed": seed_times, "seed_words": len(seed.split()),
            "chunks": chunk_times, "chunk_words": [len(c.split()) for c in chunks],
            "chunk_findings": chunk_findings, "findings": _findings(found), "maxrss_kb": _maxrss_kb(),
            "errors": linter.errors}


def worker_profile(args) -> dict:
    """cProfile of a build (with an empty cache) or of checking; the top lines, printed."""
    import cProfile
    import io
    import pstats

    profile = cProfile.Profile()
    if args.worker == "profile-build":
        from mtcheck.gazetteer.index import load_index

        sources = [Path(args.gaz)] if args.gaz else []
        profile.runcall(load_index, sources)
    else:
        linter = _linter(args)
        linter.gazetteer  # noqa: B018
        seed = SEED_ARTICLE.read_text(encoding="utf-8")
        _timed_check(linter, seed)
        chunks = json.loads(Path(args.chunks_file).read_text(encoding="utf-8")) if args.chunks_file else []

        def run():
            for text in [seed] * 3 + chunks:
                _timed_check(linter, text)

        profile.runcall(run)
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    stats.sort_stats("tottime").print_stats(18)
    stats.sort_stats("cumulative").print_stats(18)
    return {"text": out.getvalue()}


def worker_generate(args) -> dict:
    """Distractor files, made in a process of their own: a parent holding a million
    entries would leave its RSS in every child's ru_maxrss (Linux keeps it over exec)."""
    ensure_gazetteers([s for s in parse_sizes(args.sizes) if s > 0], args.fresh)
    return {}


WORKERS = {"generate": worker_generate, "build": worker_build, "load": worker_load, "check": worker_check,
           "profile-build": worker_profile, "profile-check": worker_profile}


# -- running workers -------------------------------------------------------------------------

def log(msg: str) -> None:
    print(f"[gazetteer_scale] {msg}", file=sys.stderr, flush=True)


def run_worker(mode: str, gaz: Path | None, cache: Path, tmp: Path, *, timeout: float, mem_limit_kb: int,
               chunks: Path | None = None, repeats: int = 5) -> dict:
    """Run one worker in a fresh process with its own MTCHECK_CACHE_DIR, watching its
    time and memory; stopped past either limit, with what it reported so far."""
    tag = f"{mode}-{gaz.stem if gaz else 'bundled'}-{time.monotonic_ns()}"
    out, err, progress = tmp / f"{tag}.out", tmp / f"{tag}.err", tmp / f"{tag}.progress"
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", mode, "--progress", str(progress),
           "--repeats", str(repeats)]
    if gaz:
        cmd += ["--gaz", str(gaz)]
    if chunks:
        cmd += ["--chunks-file", str(chunks)]
    env = dict(os.environ, MTCHECK_CACHE_DIR=str(cache))
    t0 = time.perf_counter()
    peak, killed = 0, ""
    with open(out, "w") as fo, open(err, "w") as fe:
        proc = subprocess.Popen(cmd, stdout=fo, stderr=fe, env=env, cwd=ROOT)
        while proc.poll() is None:
            rss = _status_kb("VmRSS", proc.pid)
            peak = max(peak, rss)
            elapsed = time.perf_counter() - t0
            if elapsed > timeout:
                killed = f"stopped after {elapsed:.0f} s (limit {timeout:.0f} s)"
            elif rss > mem_limit_kb:
                killed = f"stopped at {rss / 1024 ** 2:.1f} GB RSS (limit {mem_limit_kb / 1024 ** 2:.1f} GB)"
            if killed:
                proc.kill()
                proc.wait()
                break
            time.sleep(0.1)
    wall = time.perf_counter() - t0
    events = []
    if progress.is_file():
        events = [json.loads(line) for line in progress.read_text().splitlines() if line.strip()]
    lines = [line for line in out.read_text().splitlines() if line.strip()]
    if killed or proc.returncode != 0 or not lines:
        return {"failed": killed or f"exit code {proc.returncode}", "wall": wall, "peak_rss_kb": peak,
                "events": events, "stderr": err.read_text()[-3000:]}
    result = json.loads(lines[-1])
    result.update(wall=wall, peak_rss_kb=max(peak, result.get("maxrss_kb", 0)), events=events,
                  stderr=err.read_text()[-3000:])
    return result


# -- the benchmark ---------------------------------------------------------------------------

def parse_sizes(text: str) -> list[int]:
    sizes = []
    for part in text.split(","):
        part = part.strip().lower().replace("_", "")
        if not part:
            continue
        mult = 1_000_000 if part.endswith("m") else 1000 if part.endswith("k") else 1
        sizes.append(int(float(part.rstrip("mk")) * mult))
    return sorted(set(sizes))


def label(size: int) -> str:
    if size == 0:
        return "bundled"
    if size % 1_000_000 == 0:
        return f"+{size // 1_000_000}M"
    if size % 1000 == 0:
        return f"+{size // 1000}k"
    return f"+{size:,}"


def mark(value: float, target: float) -> str:
    return "✓" if value <= target else "✗"


def measure(size: int, gaz: Path | None, tmp: Path, chunks: Path | None, args, baseline: list | None) -> dict:
    name = label(size)
    cache = tmp / f"cache-{size}"
    cache.mkdir()
    mem_kb = int(args.mem_limit_gb * 1024 ** 2)
    row: dict = {"label": name, "size": size}
    log(f"{name}: building the index (first load, empty cache) ...")
    build = run_worker("build", gaz, cache, tmp, timeout=args.build_timeout, mem_limit_kb=mem_kb)
    row["build"] = build
    if "failed" in build:
        log(f"{name}: build FAILED: {build['failed']}")
        return row
    stages = ", ".join(f"{k} {v:.1f} s" for k, v in build["stages"].items())
    log(f"{name}: built {build['entries']:,} entries in {build['total']:.1f} s ({stages}), "
        f"peak {build['peak_rss_kb'] / 1024:.0f} MB, cache {build['cache_bytes'] / 1e6:.1f} MB")
    loads = []
    for i in range(3):
        res = run_worker("load", gaz, cache, tmp, timeout=args.build_timeout, mem_limit_kb=mem_kb)
        if "failed" in res:
            row["load_failed"] = res
            log(f"{name}: load {i + 1} FAILED: {res['failed']}\n{res['stderr']}")
            return row
        if not res["from_cache"]:
            log(f"{name}: warning: load {i + 1} rebuilt the index instead of reading the cache")
        loads.append(res)
    row["loads"] = loads
    log(f"{name}: load from cache " + ", ".join(f"{r['load']:.3f} s" for r in loads)
        + f"; peak RSS {max(r['maxrss_kb'] for r in loads) / 1024:.0f} MB")
    check = run_worker("check", gaz, cache, tmp, timeout=args.build_timeout, mem_limit_kb=mem_kb,
                       chunks=chunks, repeats=args.repeats)
    row["check"] = check
    if "failed" in check:
        log(f"{name}: check FAILED: {check['failed']}\n{check['stderr']}")
        return row
    per_k = 1000 / check["seed_words"]
    log(f"{name}: check seed {statistics.median(check['seed']) * 1000 * per_k:.1f} ms/1k words"
        + (f", real text {statistics.median(check['chunks']) * 1000:.1f} ms/1k words" if check["chunks"] else ""))
    for r in loads + [check]:
        if r.get("errors"):
            log(f"{name}: rule errors: {r['errors']}")
    if args.keep_cache is False:
        shutil.rmtree(cache, ignore_errors=True)
    return row


def table(rows: list[dict], baseline: list | None, have_chunks: bool) -> str:
    head = ["gazetteer", "entries", "build s", "build RSS", "cache", "load s (med 3)",
            "check ms/1k seed", "check ms/1k text (med/max)", "peak RSS", "seed findings"]
    lines = []
    for row in rows:
        build = row["build"]
        if "failed" in build:
            lines.append([row["label"], "-", f"FAILED: {build['failed']}", "", "", "", "", "", "", ""])
            continue
        cells = [row["label"], f"{build['entries']:,}", f"{build['total']:.1f}",
                 f"{build['peak_rss_kb'] / 1024:.0f} MB", f"{build['cache_bytes'] / 1e6:.1f} MB"]
        loads, check = row.get("loads"), row.get("check")
        if not loads:
            lines.append(cells + ["FAILED", "", "", "", ""])
            continue
        load = statistics.median(r["load"] for r in loads)
        cells.append(f"{load:.3f} {mark(load, TARGET_LOAD_S)}")
        rss = max(r["maxrss_kb"] for r in loads) / 1024
        if not check or "failed" in check:
            cells += ["FAILED", "", f"{rss:.0f} MB {mark(rss, TARGET_RSS_MB)}", ""]
            lines.append(cells)
            continue
        seed = statistics.median(check["seed"]) * 1000 * 1000 / check["seed_words"]
        cells.append(f"{seed:.1f} {mark(seed, TARGET_CHECK_MS)}")
        if have_chunks and check["chunks"]:
            med, worst = statistics.median(check["chunks"]) * 1000, max(check["chunks"]) * 1000
            cells.append(f"{med:.1f} / {worst:.1f} {mark(worst, TARGET_CHECK_MS)}")
        else:
            cells.append("n/a")
        cells.append(f"{rss:.0f} MB {mark(rss, TARGET_RSS_MB)}")
        findings = check["findings"]
        same = all(r["findings"] == findings for r in loads)
        if baseline is None or row["size"] == 0:
            cells.append(f"baseline ({len(findings)})")
        elif findings == baseline and same:
            cells.append(f"identical ({len(findings)})")
        else:
            cells.append(f"DIFFERENT ({len(findings)} vs {len(baseline)})")
        lines.append(cells)
    widths = [max(len(str(r[i])) for r in [head] + lines) for i in range(len(head))]
    fmt = lambda r: "  ".join(str(c).rjust(w) if i else str(c).ljust(w) for i, (c, w) in enumerate(zip(r, widths)))
    rule = "  ".join("-" * w for w in widths)
    return "\n".join([fmt(head), rule] + [fmt(r) for r in lines])


def details(rows: list[dict], baseline: list | None) -> list[str]:
    out = []
    for row in rows:
        build = row["build"]
        if "failed" in build:
            out.append(f"{row['label']}: build {build['failed']}; peak RSS seen {build['peak_rss_kb'] / 1024:.0f} MB")
            for e in build["events"]:
                secs = f" after {e['seconds']:.1f} s" if e["seconds"] is not None else ""
                out.append(f"    {e['at']:7.1f} s  {e['event']:5} {e['stage']}{secs}  RSS {e['rss_kb'] / 1024:.0f} MB")
            if build["stderr"].strip():
                out.append("    stderr: " + build["stderr"].strip().splitlines()[-1])
            continue
        stages = ", ".join(f"{k} {v:.1f} s" for k, v in build["stages"].items())
        other = build["total"] - sum(build["stages"].values())
        t = build["tables"]
        out.append(f"{row['label']}: build stages {stages}, other {other:.1f} s; tables forms {t['forms']:,}, "
                   f"lasts {t['lasts']:,}, keys {t['keys']:,}")
        loads = row.get("loads") or []
        if loads:
            out.append(f"    load+check processes: peak ru_maxrss {max(r['maxrss_kb'] for r in loads) / 1024:.0f} MB, "
                       f"VmHWM {max(r['hwm_kb'] for r in loads) / 1024:.0f} MB; build process VmHWM "
                       f"{build['hwm_kb'] / 1024:.0f} MB")
        check = row.get("check")
        if check and "failed" not in check:
            out.append(f"    first check in a fresh process (one-time lexicon loading included): "
                       f"{check['first'] * 1000:.0f} ms; findings on the real-text chunks: {check['chunk_findings']}")
            if baseline is not None and row["size"] and check["findings"] != baseline:
                gone = [f for f in baseline if f not in check["findings"]]
                new = [f for f in check["findings"] if f not in baseline]
                for f in gone:
                    out.append(f"    - lost  {f}")
                for f in new:
                    out.append(f"    + new   {f}")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10000,100000,1000000", help="distractor counts, comma-separated (10k, 1M allowed)")
    ap.add_argument("--fresh", action="store_true", help="generate the distractor gazetteers anew")
    ap.add_argument("--repeats", type=int, default=5, help="timed checks of the example article per size")
    ap.add_argument("--chunks", type=int, default=5, help="1,000-word chunks of real text to check")
    ap.add_argument("--build-timeout", type=float, default=600, help="seconds before a build is stopped")
    ap.add_argument("--mem-limit-gb", type=float, default=6.0, help="RSS at which a build is stopped")
    ap.add_argument("--profile", action="store_true", help="also profile building and checking at the largest size")
    ap.add_argument("--keep-cache", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--worker", choices=sorted(WORKERS), help=argparse.SUPPRESS)
    ap.add_argument("--gaz", help=argparse.SUPPRESS)
    ap.add_argument("--progress", help=argparse.SUPPRESS)
    ap.add_argument("--chunks-file", help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.worker:
        print(json.dumps(WORKERS[args.worker](args)))
        return

    load_before = os.getloadavg()[0]
    tmp = Path(tempfile.mkdtemp(prefix="mtcheck-gazetteer-scale-"))
    os.environ["MTCHECK_CACHE_DIR"] = str(tmp / "cache-generate")
    try:
        sizes = [s for s in parse_sizes(args.sizes) if s > 0]
        generate = [sys.executable, str(Path(__file__).resolve()), "--worker", "generate", "--sizes", args.sizes]
        if subprocess.run(generate + (["--fresh"] if args.fresh else []), stdout=subprocess.DEVNULL, check=False).returncode:
            sys.exit("gazetteer_scale: generating the distractor gazetteers failed")
        texts = ted_chunks(args.chunks)
        chunks = None
        if texts:
            chunks = tmp / "chunks.json"
            chunks.write_text(json.dumps(texts), encoding="utf-8")
        else:
            log(f"no real-text chunks: {TED} not found")
        rows, baseline = [], None
        for size in [0] + sizes:
            gaz = gazetteer_path(size) if size else None
            row = measure(size, gaz, tmp, chunks, args, baseline)
            rows.append(row)
            if size == 0:
                check = row.get("check") or {}
                baseline = check.get("findings")
            if "failed" in row["build"]:
                break  # a larger gazetteer would fail the same way
        print()
        print(f"mtcheck gazetteer scale: name rules {', '.join(RULES)}; example article "
              f"{SEED_ARTICLE.relative_to(ROOT)} ({len(SEED_ARTICLE.read_text(encoding='utf-8').split())} words)"
              + (f"; {len(texts)} chunks of 1,000 words of {TED.name}" if texts else ""))
        print(f"targets at 1M entries: load <= {TARGET_LOAD_S:g} s, check <= {TARGET_CHECK_MS:g} ms per "
              f"1,000 words, peak RSS <= {TARGET_RSS_MB / 1024:g} GB  (✓ met, ✗ missed)")
        print(f"{os.cpu_count()} CPUs, load average {load_before:.1f} at the start and {os.getloadavg()[0]:.1f} "
              f"at the end (other work on the machine slows the timings)")
        print()
        print(table(rows, baseline, bool(texts)))
        print()
        print("\n".join(details(rows, baseline)))
        if args.profile:
            done = [r for r in rows if "failed" not in r["build"]]
            size = done[-1]["size"] if done else 0
            gaz = gazetteer_path(size) if size else None
            for mode in ("profile-build", "profile-check"):
                cache = tmp / f"cache-{mode}"
                if mode == "profile-check":
                    cache = tmp / "cache-profile-build"  # built by the profiled build
                cache.mkdir(exist_ok=True)
                res = run_worker(mode, gaz, cache, tmp, timeout=args.build_timeout * 3,
                                 mem_limit_kb=int(args.mem_limit_gb * 1024 ** 2), chunks=chunks)
                print(f"\n== {mode} at {label(size)} ==")
                print(res.get("text") or f"FAILED: {res.get('failed')}\n{res.get('stderr')}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
