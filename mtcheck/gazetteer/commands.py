"""`mtcheck gazetteer check` and `mtcheck gazetteer import`."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .importers import IMPORTERS, import_file
from .model import GazetteerError, check_entries, read_entries, write_entries


def add_parser(sub) -> None:
    gaz = sub.add_parser("gazetteer", help="validate or build name gazetteers")
    gsub = gaz.add_subparsers(dest="gazetteer_command", metavar="ACTION", required=True)
    check = gsub.add_parser("check", help="validate gazetteer files (YAML or JSON Lines)")
    check.add_argument("files", nargs="+", type=Path, metavar="FILE")
    imp = gsub.add_parser("import", help="build a gazetteer from Wikidata SPARQL JSON results or CSV")
    imp.add_argument("source", type=Path, metavar="INPUT")
    imp.add_argument("--from", dest="fmt", choices=sorted(IMPORTERS), required=True)
    imp.add_argument("--output", "-o", type=Path, required=True, metavar="FILE",
                     help="gazetteer to write: .yaml for a small one, .jsonl for a large one")
    imp.add_argument("--type", default="person", choices=("person", "place", "organization"),
                     help="type of entries without one (default person)")


def run(args: argparse.Namespace) -> int:
    if args.gazetteer_command == "check":
        return _check(args.files)
    entries = import_file(args.source, args.fmt, args.type)
    if args.output.suffix not in (".yaml", ".yml", ".jsonl"):
        raise GazetteerError("the output must end in .yaml, .yml or .jsonl", str(args.output))
    write_entries(entries, args.output)
    print(f"{args.output}: wrote {len(entries)} entries from {args.source}")
    return 0


def _check(files: list[Path]) -> int:
    status = 0
    for path in files:
        try:
            entries = read_entries(path)
        except GazetteerError as exc:
            print(f"{exc}", file=sys.stderr)
            status = 2
            continue
        problems = check_entries(entries, str(path))
        for p in problems:
            print(p, file=sys.stderr)
        if problems:
            status = 2
        else:
            print(f"{path}: {len(entries)} entries, valid")
    return status
