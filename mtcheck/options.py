"""Command-line options that `mtcheck check` and `mtcheck batch` share: which rules and
names to use, and how, turned into configuration overrides."""
from __future__ import annotations

import argparse
import os
from pathlib import Path

from .config import text_encoding
from .grammar import MODES

MAX_JOBS = 1024


def csv_list(value: str) -> tuple[str, ...]:
    items = tuple(v.strip() for v in value.split(",") if v.strip())
    if not items:
        raise argparse.ArgumentTypeError(f"expected comma-separated rule ids or names, not {value!r}")
    return items


#: --jobs auto: the command chooses (0, so that `args.jobs or default` reads either way)
AUTO_JOBS = 0


def jobs_count(value: str) -> int:
    """--jobs: a number of worker processes, 1 to MAX_JOBS, or "auto" (AUTO_JOBS)."""
    if value.strip().lower() == "auto":
        return AUTO_JOBS
    try:
        number = int(value)
    except ValueError:
        number = 0
    if not 1 <= number <= MAX_JOBS:
        raise argparse.ArgumentTypeError(f"expected a number of processes from 1 to {MAX_JOBS}, or auto, "
                                         f"not {value!r}")
    return number


def encoding_name(value: str) -> str:
    try:
        return text_encoding(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_config_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, help="use this config file instead of discovering one")
    parser.add_argument("--select", type=csv_list, help="comma-separated rule ids, names or id prefixes")
    parser.add_argument("--ignore", type=csv_list, help="comma-separated rule ids, names or id prefixes to skip")
    parser.add_argument("--rules", type=Path, action="append", metavar="DIR", help="extra rule-pack directory")
    parser.add_argument("--gazetteer", type=Path, action="append", metavar="FILE",
                        help="extra gazetteer file (YAML or JSON Lines), merged with the bundled one")
    parser.add_argument("--preview", action="store_true", default=None, help="also run rules in preview")
    parser.add_argument("--grammar", choices=MODES,
                        help="LanguageTool grammar checks (default auto: used when configured or installed)")
    parser.add_argument("--languagetool-url", metavar="URL", help="a LanguageTool server, e.g. http://localhost:8010")
    parser.add_argument("--encoding", type=encoding_name, help="encoding of the input files (default UTF-8)")


def config_overrides(args: argparse.Namespace) -> dict:
    """Config fields set on the command line (None: not set, the config file decides)."""
    return {
        "select": args.select, "ignore": args.ignore, "preview": args.preview, "encoding": args.encoding,
        "rule_dirs": tuple(p.resolve() for p in args.rules) if args.rules else None,
        "gazetteers": tuple(p.resolve() for p in args.gazetteer) if args.gazetteer else None,
        "grammar": args.grammar or os.environ.get("MTCHECK_GRAMMAR"),
        "languagetool_url": args.languagetool_url or os.environ.get("MTCHECK_LANGUAGETOOL_URL"),
    }
