"""mtcheck side by side with other prose linters, on the same real English text.

Measures, in one run:

  - throughput: wall time of one whole process of each tool over the same >= 2 MB corpus
    (best of --runs, default 3), as MB/s, as a speed multiple of proselint and of mtcheck,
    the number of findings, and the CPU time of that run. Tools: mtcheck (`--grammar off`,
    LanguageTool not used; `--format json`, which also computes each file's statistics
    and readability scores), the same with `--format concise` (findings only; row
    "mtcheck-concise"), proselint and codespell (PyPI), alex and write-good (npm).
    Target: mtcheck >= 2 MB/s in one process and >= 12x proselint's speed (the JSON run;
    the concise one is printed beside it);
  - distinct text: mtcheck (JSON) on the leading article files that hold each distinct
    segment once (about 0.58 MB), best of --runs: the speed on text the process has not
    seen before, since the repeats of the 2 MB corpus favour per-word memos.
  - cold start: whole `mtcheck check --grammar off --quiet` processes on the bundled
    example article (fixtures/articles/geneva-summit.txt), best and median of
    --cold-runs (default 10), after one untimed run; what a pre-commit hook pays on each
    commit, with its CPU time. Target: <= 0.3 s;
  - jobs: mtcheck over the article files with `--jobs 1` and `--jobs 2`, best of --runs
    each, run alternately; also checks that both find the same number of findings.
    Then the same over bigger batches, each article copied --batch-copies times
    (default 4 and 16, so 8 and 32 MB), where start-up and writing the report weigh less
    against the checking that the second process shares. Target: 2 jobs >= 1.7x the
    speed of 1 job.
    Printed as "n/a" when `mtcheck check` has no --jobs option.

    python bench/peers.py [--runs 3] [--mb 2.0] [--tools mtcheck,proselint,codespell,alex,write-good]
                          [--skip-install] [--cold-runs 10] [--timeout 600] [--batch-copies 4,16]

Corpus. Real English from the development corpora (../shared/corpora): the segments of
clean_human_ted.txt and clean_mt_ted.txt and the "text" fields of mqm_ted_zhen.jsonl
(TED talks; human and machine translations from Chinese), each distinct segment once, in
that order, one segment per line, repeated until the corpus reaches --mb megabytes
(10^6 bytes of UTF-8). The distinct text is about 0.58 MB, so each segment appears about
3.5 times in 2 MB; a tool that memoizes work per sentence or per word gains from that. The
corpus is written to bench/out/peers/ twice with the same bytes: as one file (corpus.txt)
and as a directory of article files of about 5 KB each, cut at line ends (articles/).

Fairness.
  - Every tool is given the SAME input: the article files, all of them as arguments of a
    single process (every tool here accepts many files in one invocation, and articles
    are what mtcheck is for). The file list is passed explicitly, sorted, with paths
    relative to bench/out/peers/, so no tool's directory walking or file-type filter
    changes what it reads. corpus.txt is written for trying tools by hand.
  - Every tool runs as a whole process, one at a time, so start-up (imports, dictionaries,
    Node.js) counts for everyone. Runs go round-robin (run 1 of every tool, then run 2, ...)
    so that a burst of load from other work on the machine does not hit one tool only; the
    best run is reported. The load average is printed at the start and the end. CPU time
    (user + system of the process and the children it waited for) is shown too: a CPU time
    well above the wall time would mean a tool used more than one core.
  - Plain text everywhere: alex gets --text (it reads Markdown otherwise); the others
    treat .txt files as plain text. Each tool runs with its default checks, and writes a
    machine-readable report when it has one (mtcheck --format json, proselint -o compact,
    write-good --parse), to a file, as a CI job would.
  - mtcheck runs as its installed console script (the one next to the Python running this
    file, as in a virtualenv or a pre-commit environment), not through a version manager's
    shim such as pyenv's, which adds a shell and a second start of its own. Every measured
    process may keep Python bytecode (PYTHONDONTWRITEBYTECODE is removed, bytecode goes
    to bench/out/pycache through PYTHONPYCACHEPREFIX), as an installed package has it:
    without that, an editable install compiles mtcheck's modules from source at every
    start. The untimed first cold-start run and the best-of-N keep the one-time
    compilation out of the results. When the shell would start mtcheck differently
    (a shim, or PYTHONDONTWRITEBYTECODE set), the cold start is also shown that way.
  - When mtcheck has --jobs, the throughput table runs it with --jobs 1 (one process, one
    core, like the peers); the jobs section measures the parallel speed-up.
  - The tools do different things (mtcheck: machine-translation errors, names, numbers,
    punctuation; proselint: style advice; codespell: a list of common misspellings; alex:
    insensitive wording; write-good: passive voice, weasel words), so the findings column
    says how much each one has to say about this text, not who is right.
  - Peers are installed in bench/out/ only: proselint and codespell in a virtualenv
    (bench/out/peers-venv, `pip install proselint codespell`), alex and write-good with
    `npm install --prefix bench/out/node alex write-good`. Tools that are already there are
    not installed again; --skip-install never installs. A tool that cannot be installed is
    reported as "not installed: <reason>" and the rest goes on.

Findings are counted from each tool's output:
  - mtcheck: "summary.findings" of the JSON report (else the number of findings listed);
  - proselint (`check -o compact`): lines of the form PATH:LINE:COL: CHECK: MESSAGE;
  - codespell: lines with " ==> " (PATH:LINE: WORD ==> FIX);
  - alex: "warning" lines (LINE:COL-LINE:COL  warning  ...); "error" lines are files alex
    could not read and make the run count as failed;
  - write-good (`--parse`): lines of the form PATH:LINE:COL:MESSAGE.
Linters exit non-zero when they find something (codespell 65, write-good 255, alex,
proselint and mtcheck 1); only other exit codes, or an error trace, count as a failed run.
A run past --timeout seconds (default 600) is stopped and reported; the tool is not run
again.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "corpora"
TEXT_FILES = ("clean_human_ted.txt", "clean_mt_ted.txt")
JSONL_FILE = "mqm_ted_zhen.jsonl"
SEED = ROOT / "fixtures" / "articles" / "geneva-summit.txt"
OUT = ROOT / "bench" / "out"
WORK = OUT / "peers"
VENV = OUT / "peers-venv"
NODE = OUT / "node"
NODE_BIN = NODE / "node_modules" / ".bin"
ARTICLE_CHARS = 5000

TARGET_MBS = 2.0
TARGET_X_PROSELINT = 12.0
TARGET_COLD_S = 0.3
TARGET_JOBS_X = 1.7

ALL_TOOLS = ("mtcheck", "mtcheck-concise", "proselint", "codespell", "alex", "write-good")
PYCACHE = OUT / "pycache"


def tool_env() -> dict[str, str]:
    """The environment of every measured process: Python bytecode kept (in
    bench/out/pycache), as in any installed package, even where the shell sets
    PYTHONDONTWRITEBYTECODE."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    return env


# -- corpus ----------------------------------------------------------------------------------

def segments() -> tuple[list[str], dict[str, int]]:
    """Distinct segments of the development corpora, in file order, and how many each file
    added."""
    missing = [f for f in (*TEXT_FILES, JSONL_FILE) if not (CORPORA / f).is_file()]
    if missing:
        sys.exit(f"bench/peers.py needs the development corpora in {CORPORA}; missing: {', '.join(missing)}")
    seen: set[str] = set()
    out: list[str] = []
    added: dict[str, int] = {}

    def add(name: str, texts) -> None:
        before = len(out)
        for text in texts:
            text = " ".join(text.split())
            if text and text not in seen:
                seen.add(text)
                out.append(text)
        added[name] = len(out) - before

    for name in TEXT_FILES:
        add(name, (CORPORA / name).read_text(encoding="utf-8").splitlines())
    with (CORPORA / JSONL_FILE).open(encoding="utf-8") as fh:
        add(JSONL_FILE, (json.loads(line).get("text") or "" for line in fh if line.strip()))
    return out, added


def build_corpus(mb: float) -> dict:
    """Write corpus.txt and articles/*.txt (the same bytes) under bench/out/peers/."""
    segs, added = segments()
    unique = "".join(s + "\n" for s in segs)
    want = int(mb * 1_000_000)
    copies = -(-want // len(unique.encode()))
    text = unique * copies
    # Cut into articles of about ARTICLE_CHARS characters at line ends, then keep just
    # enough articles to pass the requested size.
    articles: list[str] = []
    size = start = 0
    while start < len(text) and size < want:
        end = text.find("\n", start + ARTICLE_CHARS)
        end = len(text) if end < 0 else end + 1
        articles.append(text[start:end])
        size += len(text[start:end].encode())
        start = end
    WORK.mkdir(parents=True, exist_ok=True)
    adir = WORK / "articles"
    if adir.is_dir():
        shutil.rmtree(adir)
    adir.mkdir()
    width = len(str(len(articles)))
    files = []
    for i, art in enumerate(articles, 1):
        path = adir / f"article-{i:0{width}d}.txt"
        path.write_text(art, encoding="utf-8")
        files.append(path.relative_to(WORK).as_posix())
    corpus = "".join(articles)
    (WORK / "corpus.txt").write_text(corpus, encoding="utf-8")
    nbytes = len(corpus.encode())
    return {"files": files, "bytes": nbytes, "words": len(corpus.split()), "segments": len(segs),
            "added": added, "unique_bytes": len(unique.encode()), "repeat": nbytes / len(unique.encode())}


# -- running processes -----------------------------------------------------------------------

@dataclass
class Run:
    wall: float
    cpu: float
    rc: int | None
    timed_out: bool
    stdout: str = ""
    stderr: str = ""


def run_process(cmd: list[str], timeout: float, cwd: Path = WORK, log: Path | None = None,
                env: dict[str, str] | None = None) -> Run:
    """Run cmd to its end with stdout and stderr in files; wall time, CPU time (the process
    and the children it waited for), exit code. Past timeout, the whole process group is
    stopped."""
    log = log or WORK / "logs" / "run"
    log.parent.mkdir(parents=True, exist_ok=True)
    out_path, err_path = log.with_suffix(".out"), log.with_suffix(".err")
    with out_path.open("wb") as out, err_path.open("wb") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                start_new_session=True, env=env or tool_env())
        fired = threading.Event()

        def stop() -> None:
            fired.set()
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, stop)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
    if fired.is_set():  # leftover children of a stopped run
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return Run(wall=wall, cpu=usage.ru_utime + usage.ru_stime, rc=None if fired.is_set() else proc.returncode,
               timed_out=fired.is_set(), stdout=out_path.read_text(encoding="utf-8", errors="replace"),
               stderr=err_path.read_text(encoding="utf-8", errors="replace"))


def quick(cmd: list[str], timeout: float = 120) -> subprocess.CompletedProcess | None:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False, env=tool_env())
    except (OSError, subprocess.TimeoutExpired):
        return None


# -- tools -------------------------------------------------------------------------------------

POSITION = re.compile(r"^\S.*?:\d+:\d+:", re.MULTILINE)  # PATH:LINE:COL:
MTCHECK_LINE = re.compile(r"^\S.*?:\d+:\d+: MT\d+ ", re.MULTILINE)  # PATH:LINE:COL: RULE ...
CODESPELL = re.compile(r"^\S.*?:\d+: .* ==> ", re.MULTILINE)  # PATH:LINE: WORD ==> FIX
ALEX_LINE = re.compile(r"^\s*\d+:\d+(?:-\d+:\d+)?\s+(warning|error)\s", re.MULTILINE)
TRACE = re.compile(r"Traceback \(most recent call last\)|^\s+at .*node:internal|^\w*Error: ", re.MULTILINE)


def count_mtcheck(run: Run) -> int | None:
    try:
        report = json.loads(run.stdout)
    except ValueError:
        return None
    summary = report.get("summary") or {}
    if isinstance(summary.get("findings"), int):
        return summary["findings"]
    return sum(len(f.get("findings", [])) for f in report.get("files", []))


def count_alex(run: Run) -> int:
    return sum(1 for m in ALEX_LINE.finditer(run.stdout + run.stderr) if m.group(1) == "warning")


def alex_errors(run: Run) -> int:
    return sum(1 for m in ALEX_LINE.finditer(run.stdout + run.stderr) if m.group(1) == "error")


@dataclass
class Tool:
    name: str
    command: list[str]                       # without the files
    version_cmds: list[list[str]]
    count: Callable[[Run], int | None]
    ok_codes: tuple[int, ...]
    source: str                              # where it comes from, for "not installed"
    extra_failure: Callable[[Run], str | None] = lambda run: None
    version: str = "?"
    problem: str | None = None               # not installed, or failing
    runs: list[Run] = field(default_factory=list)
    findings: int | None = None

    def failure(self, run: Run) -> str | None:
        if run.timed_out:
            return "timeout"
        if run.rc not in self.ok_codes or TRACE.search(run.stderr):
            tail = [line for line in run.stderr.strip().splitlines() if line.strip()][-1:] or [""]
            return f"failed (exit {run.rc}): {tail[0].strip()[:100]}"
        return self.extra_failure(run)


def mtcheck_cmd() -> list[str]:
    """The console script installed next to this Python (what a virtualenv or pre-commit
    runs), not a version manager's shim in front of it."""
    exe = Path(sys.executable).parent / "mtcheck"
    if exe.is_file():
        return [str(exe)]
    found = shutil.which("mtcheck")
    return [found] if found else [sys.executable, "-m", "mtcheck"]


def jobs_available() -> bool:
    help_ = quick([*mtcheck_cmd(), "check", "--help"])
    return bool(help_) and "--jobs" in help_.stdout


def make_tools(jobs: bool) -> dict[str, Tool]:
    vbin = VENV / "bin"
    mt = mtcheck_cmd()
    return {
        "mtcheck": Tool("mtcheck", [*mt, "check", "--grammar", "off", "--format", "json",
                                    *(["--jobs", "1"] if jobs else [])],
                        [[*mt, "--version"]], count_mtcheck, (0, 1), "the project"),
        "mtcheck-concise": Tool("mtcheck-concise", [*mt, "check", "--grammar", "off", "--format", "concise",
                                                    *(["--jobs", "1"] if jobs else [])],
                                [[*mt, "--version"]], lambda run: len(MTCHECK_LINE.findall(run.stdout)), (0, 1),
                                "the project"),
        "proselint": Tool("proselint", [str(vbin / "proselint"), "check", "-o", "compact"],
                          [[str(vbin / "proselint"), "version"], [str(vbin / "proselint"), "--version"]],
                          lambda run: len(POSITION.findall(run.stdout)), (0, 1), "pip install proselint"),
        "codespell": Tool("codespell", [str(vbin / "codespell")], [[str(vbin / "codespell"), "--version"]],
                          lambda run: len(CODESPELL.findall(run.stdout)), (0, 65), "pip install codespell"),
        "alex": Tool("alex", [str(NODE_BIN / "alex"), "--text"], [[str(NODE_BIN / "alex"), "--version"]],
                     count_alex, (0, 1), "npm install alex",
                     extra_failure=lambda run: (f"failed: {alex_errors(run)} files not read"
                                                if alex_errors(run) else None)),
        "write-good": Tool("write-good", [str(NODE_BIN / "write-good"), "--parse"],
                           [[str(NODE_BIN / "write-good"), "--version"]],
                           lambda run: len(POSITION.findall(run.stdout)), tuple(range(256)),
                           "npm install write-good"),
    }


def install(wanted: list[str], skip: bool) -> dict[str, str]:
    """Install the missing peers into bench/out/; returns {tool: why it is not installed}."""
    problems: dict[str, str] = {}
    py = [t for t in ("proselint", "codespell") if t in wanted and not (VENV / "bin" / t).exists()]
    js = [t for t in ("alex", "write-good") if t in wanted and not (NODE_BIN / t).exists()]
    if skip:
        for t in py:
            problems[t] = f"not in {VENV.relative_to(ROOT)} (--skip-install)"
        for t in js:
            problems[t] = f"not in {NODE_BIN.relative_to(ROOT)} (--skip-install)"
        return problems
    if py:
        print(f"installing {', '.join(py)} into {VENV.relative_to(ROOT)} ...", flush=True)
        steps = []
        if not (VENV / "bin" / "python").exists():
            steps.append([sys.executable, "-m", "venv", str(VENV)])
        steps.append([str(VENV / "bin" / "python"), "-m", "pip", "install", "--quiet", *py])
        for step in steps:
            done = quick(step, timeout=900)
            if done is None or done.returncode != 0:
                why = "timed out or could not start" if done is None else (done.stderr.strip().splitlines() or ["?"])[-1]
                for t in py:
                    problems[t] = f"{' '.join(step[-3:])} failed: {why[:120]}"
                break
    if js:
        npm = shutil.which("npm")
        if not npm or not shutil.which("node"):
            for t in js:
                problems[t] = "npm or node not found"
        else:
            print(f"installing {', '.join(js)} into {NODE.relative_to(ROOT)} ...", flush=True)
            NODE.mkdir(parents=True, exist_ok=True)
            done = quick([npm, "install", "--prefix", str(NODE), "--no-audit", "--no-fund", *js], timeout=900)
            for t in js:
                if not (NODE_BIN / t).exists():
                    why = "timed out" if done is None else (done.stderr.strip().splitlines() or ["?"])[-1]
                    problems[t] = f"npm install {t} failed: {why[:120]}"
    return problems


def source_state() -> str:
    """The commit of the checked-out project, and whether mtcheck/ differs from it."""
    head = quick(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], timeout=30)
    if not head or head.returncode != 0:
        return "not a git checkout"
    dirty = quick(["git", "-C", str(ROOT), "status", "--porcelain", "--", "mtcheck"], timeout=30)
    changed = bool(dirty and dirty.stdout.strip())
    return f"commit {head.stdout.strip()}" + (" with uncommitted changes in mtcheck/" if changed else "")


def find_version(tool: Tool) -> str:
    for cmd in tool.version_cmds:
        done = quick(cmd, timeout=60)
        if done and done.returncode == 0:
            m = re.search(r"\d+(?:\.\d+)+\S*", done.stdout + done.stderr)
            if m:
                return m.group(0)
    return "?"


# -- report ----------------------------------------------------------------------------------

def mark(ok: bool) -> str:
    return "ok" if ok else "MISSES"


def loadavg() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def measure_throughput(tools: list[Tool], files: list[str], runs: int, timeout: float) -> None:
    for i in range(runs):
        for tool in tools:
            if tool.problem:
                continue
            print(f"  run {i + 1}/{runs}: {tool.name} ...", end=" ", flush=True)
            run = run_process([*tool.command, *files], timeout, log=WORK / "logs" / tool.name)
            bad = tool.failure(run)
            if bad:
                tool.problem = (f"timeout (> {timeout:.0f} s)" if run.timed_out else bad)
                print(tool.problem, flush=True)
                continue
            found = tool.count(run)
            if tool.findings is None:
                tool.findings = found
            elif found != tool.findings:
                print(f"(findings differ between runs: {tool.findings} then {found}) ", end="")
            run.stdout = run.stderr = ""  # keep memory small; the last output stays in logs/
            tool.runs.append(run)
            print(f"{run.wall:.2f} s", flush=True)


def print_table(tools: list[Tool], mb: float) -> float | None:
    best = {t.name: min(r.wall for r in t.runs) for t in tools if t.runs and not t.problem}
    speed = {name: mb / sec for name, sec in best.items()}
    w = max(len(t.name) for t in tools) + 2
    print(f"{'tool':{w}}{'version':>9}{'seconds':>9}{'MB/s':>8}{'x proselint':>12}"
          f"{'x mtcheck':>10}{'findings':>10}{'CPU s':>8}{'MB/CPU s':>9}")
    for t in tools:
        if t.name not in best:
            print(f"{t.name:{w}}{t.version:>9}  {t.problem or 'not run'}")
            continue
        cpu = min(t.runs, key=lambda r: r.wall).cpu
        xp = f"{speed[t.name] / speed['proselint']:.2f}" if "proselint" in speed else "n/a"
        xm = f"{speed[t.name] / speed['mtcheck']:.2f}" if "mtcheck" in speed else "n/a"
        found = "?" if t.findings is None else f"{t.findings:,}"
        print(f"{t.name:{w}}{t.version:>9}{best[t.name]:9.2f}{speed[t.name]:8.3f}{xp:>12}{xm:>10}{found:>10}"
              f"{cpu:8.2f}{mb / cpu:9.3f}")
    print("  seconds: best wall time of the runs; x proselint / x mtcheck: MB/s divided by theirs (above 1 ="
          " faster); CPU s: user + system time of that run; MB/CPU s: MB per CPU second, less disturbed by"
          " other work on the machine than wall time")
    for t in tools:
        if len(t.runs) > 1:
            print(f"  {t.name} runs: " + ", ".join(f"{r.wall:.2f}" for r in t.runs) + " s")
    if "mtcheck" in speed:
        s = speed["mtcheck"]
        also = (f"; with --format concise {speed['mtcheck-concise']:.3f} MB/s"
                f" ({speed['mtcheck-concise'] / speed['proselint']:.2f}x proselint)"
                if "mtcheck-concise" in speed and "proselint" in speed else "")
        print(f"  target mtcheck >= {TARGET_MBS:g} MB/s in one process: {s:.3f} MB/s  [{mark(s >= TARGET_MBS)}]{also}")
        if "proselint" in speed:
            x = s / speed["proselint"]
            print(f"  target mtcheck >= {TARGET_X_PROSELINT:g}x proselint: {x:.2f}x  [{mark(x >= TARGET_X_PROSELINT)}]")
        else:
            print(f"  target mtcheck >= {TARGET_X_PROSELINT:g}x proselint: n/a (proselint not measured)")
    return speed.get("mtcheck")


def cold_start(runs: int, timeout: float) -> None:
    cmd = [*mtcheck_cmd(), "check", "--grammar", "off", "--quiet", str(SEED)]
    first = run_process(cmd, timeout, log=WORK / "logs" / "cold")  # untimed: caches, .pyc
    if first.rc not in (0, 1):
        print(f"cold start: n/a (mtcheck exited {first.rc}: {first.stderr.strip()[-200:]})")
        return
    times, cpus = [], []
    for _ in range(runs):
        run = run_process(cmd, timeout, log=WORK / "logs" / "cold")
        times.append(run.wall)
        cpus.append(run.cpu)
    best, median = min(times), statistics.median(times)
    words = len(SEED.read_text(encoding="utf-8").split())
    print(f"cold start, {SEED.relative_to(ROOT)} ({words} words), {runs} runs of "
          f"`mtcheck check --grammar off --quiet FILE`:")
    print(f"  best {best:.3f} s, median {median:.3f} s, worst {max(times):.3f} s"
          f"  (target <= {TARGET_COLD_S:g} s: best [{mark(best <= TARGET_COLD_S)}],"
          f" median [{mark(median <= TARGET_COLD_S)}])")
    print(f"  CPU time: best {min(cpus):.3f} s, median {statistics.median(cpus):.3f} s")
    bare = run_process([sys.executable, "-c", "pass"], timeout, log=WORK / "logs" / "cold")
    imp = run_process([sys.executable, "-c", "import mtcheck.cli"], timeout, log=WORK / "logs" / "cold")
    print(f"  for scale: an empty Python start {bare.wall:.3f} s; `import mtcheck.cli` {imp.wall:.3f} s (one run each)")
    shim = shutil.which("mtcheck")
    inherited = dict(os.environ)
    if (shim and Path(shim) != Path(cmd[0])) or inherited.get("PYTHONDONTWRITEBYTECODE"):
        shell_cmd = [shim or cmd[0], *cmd[1:]]
        walls = [run_process(shell_cmd, timeout, log=WORK / "logs" / "cold", env=inherited).wall for _ in range(5)]
        why = ", ".join(x for x in (f"through {shim}" if shim and Path(shim) != Path(cmd[0]) else "",
                                    "PYTHONDONTWRITEBYTECODE set" if inherited.get("PYTHONDONTWRITEBYTECODE") else "")
                        if x)
        print(f"  as this shell starts it ({why}): best {min(walls):.3f} s, median {statistics.median(walls):.3f} s"
              " of 5 runs")


# A loop of pure Python arithmetic, with nothing to share, load or send back: its time
# in one process over its time split across two is what two processes of Python can
# gain on this machine at best (shared caches, memory bandwidth, a virtual machine's CPUs).
CEILING_LOOP = """
import os, sys, time
def spin(n):
    s = 0
    for i in range(n):
        s += i * i % 7
n = int(sys.argv[1])
t = time.perf_counter(); spin(n); one = time.perf_counter() - t
t = time.perf_counter()
kids = []
for _ in range(2):
    pid = os.fork()
    if pid == 0:
        spin(n // 2)
        os._exit(0)
    kids.append(pid)
for pid in kids:
    os.waitpid(pid, 0)
print(one / (time.perf_counter() - t))
"""


def parallel_ceiling(runs: int, timeout: float) -> float | None:
    """The best speed-up of two processes over one for trivially parallel Python work."""
    if not hasattr(os, "fork"):
        return None
    best = None
    for _ in range(runs):
        done = quick([sys.executable, "-c", CEILING_LOOP, "20000000"], timeout)
        if done is None or done.returncode != 0:
            return None
        best = max(best or 0.0, float(done.stdout))
    return best


def jobs(files: list[str], mb: float, runs: int, timeout: float, available: bool,
         batch_copies: list[int]) -> None:
    print(f"mtcheck --jobs 1 vs --jobs 2 ({os.cpu_count()} CPUs):")
    if not available:
        print("  n/a (--jobs not available)")
        return
    ceiling = parallel_ceiling(runs, timeout)
    if ceiling is not None:
        print(f"  for scale: a loop of pure Python split across 2 processes runs {ceiling:.2f}x as fast as in one "
              f"(best of {runs}), the most a CPU-bound Python program can expect here")
    jobs_on(files, mb, runs, timeout, f"the {len(files)} article files ({mb:.2f} MB)")
    for copies_each in batch_copies:
        batch(files, mb, runs, timeout, copies_each)


def batch(files: list[str], mb: float, runs: int, timeout: float, batch_copies: int) -> None:
    if batch_copies > 1:
        # The same articles, each copied batch_copies times under another name: a bigger batch,
        # in which start-up and writing the report weigh less against the checking.
        folder = WORK / f"batch-x{batch_copies}"
        if folder.is_dir():
            shutil.rmtree(folder)
        folder.mkdir()
        copies = []
        for f in files:
            for k in range(1, batch_copies + 1):
                target = folder / f"{Path(f).stem}-{k}.txt"
                shutil.copyfile(WORK / f, target)
                copies.append(target.relative_to(WORK).as_posix())
        jobs_on(copies, mb * batch_copies, runs, timeout,
                f"a batch of {len(copies)} files ({mb * batch_copies:.2f} MB: each article {batch_copies} times)")


def _counts(value: str) -> list[int]:
    try:
        counts = [int(v) for v in value.split(",") if v.strip()]
    except ValueError:
        counts = []
    if not counts or min(counts) < 1:
        raise argparse.ArgumentTypeError(f"expected a comma list of whole numbers from 1, not {value!r}")
    return counts


def jobs_on(files: list[str], mb: float, runs: int, timeout: float, what: str) -> None:
    print(f"  over {what}:")
    base = [*mtcheck_cmd(), "check", "--grammar", "off", "--format", "json"]
    times: dict[int, list[float]] = {1: [], 2: []}
    cpus: dict[int, list[float]] = {1: [], 2: []}
    counts: dict[int, int | None] = {}
    for _ in range(runs):
        for n in (1, 2):
            run = run_process([*base, "--jobs", str(n), *files], timeout, log=WORK / "logs" / f"jobs{n}")
            if run.timed_out or run.rc not in (0, 1):
                why = f"timeout (> {timeout:.0f} s)" if run.timed_out else f"exit {run.rc}: {run.stderr.strip()[-200:]}"
                print(f"    --jobs {n}: {why}")
                return
            times[n].append(run.wall)
            cpus[n].append(run.cpu)
            counts.setdefault(n, count_mtcheck(run))
    t1, t2 = min(times[1]), min(times[2])
    x = t1 / t2
    for n, t in ((1, t1), (2, t2)):
        cpu = cpus[n][times[n].index(t)]
        print(f"    --jobs {n}: {t:.2f} s ({mb / t:.3f} MB/s), CPU {cpu:.2f} s;  runs "
              + ", ".join(f"{x:.2f}" for x in times[n]))
    print(f"    speed-up {x:.2f}x  (target >= {TARGET_JOBS_X:g}x: [{mark(x >= TARGET_JOBS_X)}])")
    same = counts.get(1) == counts.get(2)
    print(f"    findings: {counts.get(1)} with 1 job, {counts.get(2)} with 2 jobs"
          f"{'' if same else '  <- DIFFERENT'}")


def distinct_text(files: list[str], unique_bytes: int, runs: int, timeout: float) -> None:
    """mtcheck (JSON, one job) on the leading article files that hold each distinct segment
    once: the corpus repeats its segments, and per-word memos gain from repeats, so this
    is the speed on text never seen before in the process."""
    chosen, size = [], 0
    for f in files:
        n = (WORK / f).stat().st_size
        if size + n > unique_bytes:
            break
        chosen.append(f)
        size += n
    mb = size / 1e6
    cmd = [*mtcheck_cmd(), "check", "--grammar", "off", "--format", "json", *chosen]
    walls, cpus = [], []
    for _ in range(runs):
        run = run_process(cmd, timeout, log=WORK / "logs" / "distinct")
        if run.timed_out or run.rc not in (0, 1):
            print(f"  mtcheck on distinct text: failed (exit {run.rc})")
            return
        walls.append(run.wall)
        cpus.append(run.cpu)
    best = min(walls)
    print(f"mtcheck on distinct text only (the first {len(chosen)} files, {mb:.2f} MB, each segment once): "
          f"best {best:.2f} s = {mb / best:.3f} MB/s, CPU {cpus[walls.index(best)]:.2f} s; runs "
          + ", ".join(f"{w:.2f}" for w in walls))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=3, help="timed runs per tool (best is kept)")
    ap.add_argument("--mb", type=float, default=2.0, help="corpus size in MB (10^6 bytes)")
    ap.add_argument("--tools", default=",".join(ALL_TOOLS), help="comma list of " + ", ".join(ALL_TOOLS))
    ap.add_argument("--skip-install", action="store_true", help="never install the peer tools")
    ap.add_argument("--cold-runs", type=int, default=10, help="runs for mtcheck's cold start")
    ap.add_argument("--timeout", type=float, default=600, help="seconds per tool run")
    ap.add_argument("--batch-copies", type=_counts, default=[4, 16],
                    help="comma list: the jobs test also runs on the articles copied this many times "
                         "(default 4,16; 1: not)")
    args = ap.parse_args()
    wanted = [t.strip() for t in args.tools.split(",") if t.strip()]
    unknown = [t for t in wanted if t not in ALL_TOOLS]
    if unknown:
        ap.error(f"unknown tools: {', '.join(unknown)} (choose from {', '.join(ALL_TOOLS)})")
    runs = max(1, args.runs)

    started = time.perf_counter()
    print(f"{os.cpu_count()} CPUs, load average at start {loadavg()} (1, 5, 15 min)")
    corpus = build_corpus(args.mb)
    mb = corpus["bytes"] / 1e6
    files = corpus["files"]
    print(f"corpus: {mb:.2f} MB, {corpus['words']:,} words, {len(files)} article files of ~5 KB "
          f"({WORK.relative_to(ROOT)}/articles/; the same text in corpus.txt); "
          f"{corpus['segments']:,} distinct segments ("
          + ", ".join(f"{n} {k}" for k, n in corpus["added"].items())
          + f"), {corpus['unique_bytes'] / 1e6:.2f} MB, repeated {corpus['repeat']:.1f} times")

    has_jobs = jobs_available()
    problems = install(wanted, args.skip_install)
    tools = [t for name, t in make_tools(has_jobs).items() if name in wanted]
    for t in tools:
        if t.name in problems:
            t.problem = f"not installed: {problems[t.name]}"
        else:
            t.version = find_version(t)
    if "mtcheck" in wanted:
        print(f"mtcheck source: {source_state()}")
    print("commands (run in bench/out/peers/, followed by the article files):")
    w = max(len(t.name) for t in tools)
    for t in tools:
        shown = [Path(c).name if os.sep in c else c for c in t.command]
        print(f"  {t.name:{w}}  {' '.join(shown)}" + (f"   [{t.problem}]" if t.problem else ""))

    print(f"\nthroughput, best of {runs}, all tools on the same {len(files)} files, one process each:")
    measure_throughput(tools, files, runs, args.timeout)
    print()
    print_table(tools, mb)
    if "mtcheck" in wanted:
        distinct_text(files, corpus["unique_bytes"], runs, args.timeout)

    print()
    if "mtcheck" in wanted:
        cold_start(max(1, args.cold_runs), args.timeout)
        print()
        jobs(files, mb, runs, args.timeout, has_jobs, args.batch_copies)
        print()
    print(f"load average at end {loadavg()}; total {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
