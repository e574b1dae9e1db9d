"""The `mtcheck` command: a thin shell over mtcheck.api.

Exit codes: 0 no finding at or above --fail-on; 1 findings at or above it, or (with
--min-score) an article scoring below the minimum; 2 usage, configuration or input error.
"""
from __future__ import annotations

import argparse
import os
import stat
import sys
import textwrap
from pathlib import Path

from . import __version__
from .api import MAX_BYTES, ConfigFinder, Report, check_bytes, config_for, iter_files, linter_for, used_linters
from .config import Config, load_config_file
from .errors import MtcheckError
from .linter import FAILURES
from .fixing import FixResult, unified_diff, write_atomically
from .parallel import Task, auto_jobs, run_tasks
from .render import PARTS, RENDERERS
from .model import Severity
from .options import add_config_options, config_overrides, jobs_count

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
FORMATS = ("text", "concise", "json", "jsonl", "sarif", "github", "html")
STATS_FORMATS = ("json", "html")  # formats that show per-file statistics


def _severity(value: str) -> Severity:
    try:
        return Severity.parse(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _score(value: str) -> float:
    try:
        score = float(value)
    except ValueError:
        score = -1.0
    if not 0 <= score <= 100:
        raise argparse.ArgumentTypeError(f"invalid score {value!r}: use a number from 0 to 100")
    return score


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # exit 2 with one line, like every other error
        self.exit(EXIT_ERROR, f"mtcheck: error: {message}\n(see 'mtcheck --help')\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="mtcheck", description="Check machine-translated English news articles "
                     "for translation artifacts and leftover web junk.")
    parser.add_argument("--version", action="version", version=f"mtcheck {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    check = sub.add_parser("check", help="check files, directories or stdin")
    check.add_argument("paths", nargs="*", metavar="PATH", help="files or directories; '-' reads stdin")
    check.add_argument("--format", choices=FORMATS, default="text")
    check.add_argument("--fail-on", type=_severity, metavar="SEVERITY",
                       help="lowest severity that fails the run: minor, major (default) or critical")
    check.add_argument("--min-score", type=_score, metavar="N",
                       help="also fail (exit 1) when an article's quality score is below N (0-100). Score = "
                            "max(0, 100 × (1 − penalty ÷ words)), with penalty points per finding: "
                            "minor 1, major 5, critical 25")
    add_config_options(check)
    check.add_argument("--stdin-filename", default="-", help="name to report for stdin")
    check.add_argument("--fix", action="store_true", help="apply safe fixes in place")
    check.add_argument("--unsafe-fixes", action="store_true", help="with --fix or --diff, also apply unsafe fixes")
    check.add_argument("--diff", action="store_true", help="print the fixes as a unified diff; write nothing")
    check.add_argument("--output", "-o", type=Path, metavar="FILE",
                       help="write the report here (and show the text report too, for other formats)")
    check.add_argument("--jobs", "-j", type=jobs_count, metavar="N",
                       help="check files in N worker processes; output is the same as serial (default: auto, "
                            "one a CPU once the files add up to 512 KB, else 1)")
    check.add_argument("--quiet", "-q", action="store_true", help="print findings only, no summary")
    check.add_argument("--no-color", action="store_true", help="never colour the output")

    rules = sub.add_parser("rules", help="list every rule")
    rules.add_argument("--rules", type=Path, action="append", metavar="DIR")
    rules.add_argument("--format", choices=("text", "json"), default="text")

    from .gazetteer import commands as gazetteer_commands

    gazetteer_commands.add_parser(sub)
    from . import batch as batch_command

    batch_command.add_parser(sub)

    explain = sub.add_parser("explain", help="explain a rule, with its examples")
    explain.add_argument("rule", metavar="ID-or-NAME")
    explain.add_argument("--rules", type=Path, action="append", metavar="DIR")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "check":
            return run_check(args)
        if args.command == "rules":
            return run_rules(args)
        if args.command == "explain":
            return run_explain(args)
        if args.command == "batch":
            from . import batch as batch_command

            return batch_command.run(args)
        if args.command == "gazetteer":
            from .gazetteer import commands as gazetteer_commands

            return gazetteer_commands.run(args)
        build_parser().print_help()
        return EXIT_ERROR
    except MtcheckError as exc:
        print(f"mtcheck: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except OSError as exc:  # e.g. --output into a folder that does not exist
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"mtcheck: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


def _overrides(args: argparse.Namespace) -> dict:
    return {**config_overrides(args), "fail_on": args.fail_on}


def run_check(args: argparse.Namespace) -> int:
    if not args.paths:
        raise MtcheckError("no paths given (use '-' to read stdin)")
    if (args.fix or args.diff) and "-" in args.paths and len(args.paths) > 1:
        raise MtcheckError(f"--{'fix' if args.fix else 'diff'} with '-' prints the fixed stdin to stdout, so it "
                           "takes no other paths: fix the files in a run of their own")
    base = load_config_file(args.config) if args.config else None
    overrides = _overrides(args)
    fixing = args.fix or args.diff
    FAILURES.clear()
    reports: list[Report] = []
    slots: list[Report | Task] = []  # in output order: a file to check, or an error already known
    fixed_files = applied = 0
    diffs: list[str] = []
    fail_on = args.fail_on
    find_config = ConfigFinder(base, overrides)
    files_seen: set[tuple] = set()
    last_config: Config | None = None
    part = args.format if args.format in PARTS and not args.diff else None
    for raw in args.paths:
        if raw == "-":
            config = config_for(Path.cwd() / "stdin", base, overrides)
            fail_on = fail_on or config.fail_on
            limit = config.max_file_size if config.max_file_size is not None else MAX_BYTES
            data = sys.stdin.buffer.read(limit + 1)
            if len(data) > limit:
                slots.append(Report(args.stdin_filename, error=f"input is over the limit of {limit} bytes; not "
                                    "checked (raise `max-file-size` in the config to check it)"))
                continue
            if fixing:
                return _fix_stdin(data, args, config)
            slots.append(check_bytes(data, args.stdin_filename, config))
            continue
        try:
            mode = os.lstat(raw).st_mode
        except OSError:  # missing, unreadable: iter_files says which
            mode = 0
        if stat.S_ISREG(mode):  # the common case, a file named as it is: nothing to walk or resolve
            items, named_config = [Path(raw)], find_config.in_folder(os.path.dirname(raw))
        else:
            # a folder, or a link to one (whose target's configuration applies), is walked
            items = iter_files([Path(raw)], find_config(Path(raw) if os.path.isdir(raw) else Path(raw).parent / "-"))
            named_config = None
        for item in items:
            if isinstance(item, MtcheckError):
                slots.append(Report(item.path or raw, error=item.message))
                continue
            identity = _identity(item, by_inode=bool(fixing))
            if identity in files_seen:  # named twice: checked once
                continue
            files_seen.add(identity)
            config = named_config or find_config(item)
            if config is not last_config:
                linter_for(config)  # configuration errors surface before any output
                last_config = config
                fail_on = fail_on or config.fail_on
            slots.append(Task(item, config, fix=bool(fixing), unsafe=args.unsafe_fixes, write=not args.diff,
                              stats=args.format in STATS_FORMATS, part=part))
    tasks = [t for t in slots if isinstance(t, Task)]
    results = iter(run_tasks(tasks, args.jobs or auto_jobs(tasks)))
    for slot in slots:
        result = next(results) if isinstance(slot, Task) else slot
        if isinstance(result, FixResult):
            reports.append(result.report)
            if result.changed:
                fixed_files += 1
                applied += result.applied
                diffs.append(unified_diff(result))
        else:
            reports.append(result)
    for _ in results:  # none is left: this lets run_tasks end (workers stopped, progress line cleared)
        pass
    fail_on = fail_on or Config().fail_on
    if args.diff:
        sys.stdout.write("".join(diffs))
        print(f"{applied} fix{'es' if applied != 1 else ''} would be applied to {fixed_files} "
              f"file{'s' if fixed_files != 1 else ''}.", file=sys.stderr)
        return EXIT_ERROR if any(r.error for r in reports) or FAILURES else (EXIT_FINDINGS if diffs else EXIT_OK)
    color = not args.no_color and "NO_COLOR" not in os.environ and sys.stdout.isatty()
    rules = {r.id: r for linter in used_linters() for r in linter.all_rules}  # user packs included
    configs = {str(t.path): t.config for t in tasks}  # the html report re-checks while applying fixes
    options = dict(color=color, quiet=args.quiet, fail_on=fail_on, rules=list(rules.values()),
                   fixes=(applied, fixed_files) if args.fix else None,
                   config=lambda path: configs.get(path) or config_for(Path.cwd() / "stdin", base, overrides))
    output = RENDERERS[args.format](reports, **options)
    if args.output:
        write_atomically(args.output, output.encode("utf-8"))
        if args.format != "text":  # one run can save SARIF and show text
            sys.stdout.write(RENDERERS["text"](reports, **options))
    else:
        sys.stdout.write(output)
    if any(r.error for r in reports) or FAILURES:
        return EXIT_ERROR
    if any(f.severity >= fail_on for r in reports for f in r.findings):
        return EXIT_FINDINGS
    if args.min_score is not None:
        from .score import below

        low = below(reports, args.min_score)
        if low:
            for a in low:
                print(f"mtcheck: {a.path}: score {a.score:.2f} is below --min-score {args.min_score:g}",
                      file=sys.stderr)
            return EXIT_FINDINGS
    return EXIT_OK


def _identity(path: Path, by_inode: bool) -> tuple:
    """What makes two names one file for this run: the same absolute path ("a.txt" and
    "./a.txt"); when fixing, the same file on disk, so that a link and its target are
    not fixed twice (by two workers at once with --jobs)."""
    if by_inode:
        try:
            info = os.stat(path)
            return info.st_dev, info.st_ino
        except OSError:  # gone since the walk: reading it will say so
            pass
    return (os.path.abspath(path),)


def _fix_stdin(data: bytes, args: argparse.Namespace, config: Config) -> int:
    """--fix or --diff on stdin: the fixed text (or the diff) goes to stdout."""
    from .api import findings_for
    from .documents import make_document
    from .documents.codec import decode_bytes
    from .fixes import fix_until_stable

    try:
        decoded = decode_bytes(data, args.stdin_filename, config.encoding)
    except MtcheckError as exc:
        print(f"mtcheck: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    from .fixing import encodable_fixes

    fixed, applied = fix_until_stable(
        decoded.text, lambda t: encodable_fixes(findings_for(make_document(t, args.stdin_filename), config),
                                                decoded.encoding), args.unsafe_fixes)
    if args.diff:
        from .fixing import FixResult

        sys.stdout.write(unified_diff(FixResult(Report(args.stdin_filename), decoded.text, fixed, applied)))
    else:
        sys.stdout.buffer.write(decoded.encode(fixed))
    print(f"{applied} fix{'es' if applied != 1 else ''} applied.", file=sys.stderr)
    return EXIT_ERROR if FAILURES else EXIT_OK


def _linter(args: argparse.Namespace):
    config = Config(rule_dirs=tuple(p.resolve() for p in args.rules or ()), preview=True)
    return linter_for(config)


def run_rules(args: argparse.Namespace) -> int:
    linter = _linter(args)
    if args.format == "json":
        import json

        rows = [{"id": r.id, "name": r.name, "kind": r.kind, "category": r.category,
                 "severity": str(r.severity), "preview": r.preview, "pack": r.pack, "summary": r.summary}
                for r in linter.all_rules]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    for r in linter.all_rules:
        flag = " (preview)" if r.preview else ""
        print(f"{r.id:7} {r.name:34} {r.kind:20} {r.category:44} {str(r.severity):8} {r.summary}{flag}")
    return EXIT_OK


def run_explain(args: argparse.Namespace) -> int:
    linter = _linter(args)
    rule = linter.rule(args.rule)
    if rule is None:
        from .kinds.base import did_you_mean

        raise MtcheckError(f"no rule {args.rule!r}" + did_you_mean(args.rule, [r.name for r in linter.all_rules]))
    wrap = lambda s: textwrap.fill(" ".join(s.split()), 88)  # noqa: E731
    print(f"{rule.id} {rule.name}{' (preview)' if rule.preview else ''}")
    print(f"kind: {rule.kind}   category: {rule.category}   severity: {rule.severity}   pack: {rule.pack}")
    if rule.fix:
        print(f"fix: {rule.fix.value}")
    print("\nWhat it does\n" + wrap(rule.description))
    if rule.why:
        print("\nWhy it matters\n" + wrap(rule.why))
    print("\nFlagged")
    for ex in rule.examples_bad:
        print("  ✗ " + ex.text.strip().replace("\n", "\n    "))
        if ex.fixed is not None:
            print("  → " + ex.fixed.strip().replace("\n", "\n    "))
    print("\nNot flagged")
    for ex in rule.examples_good:
        print("  ✓ " + ex.text.strip().replace("\n", "\n    "))
    return EXIT_OK
