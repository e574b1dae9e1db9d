"""`python -m mtcheck` and the `mtcheck` command."""
import sys


def run() -> int:
    try:
        from .cli import main

        return main()
    except KeyboardInterrupt:  # Ctrl-C while loading, or outside main's own handling: no traceback
        return 130


if __name__ == "__main__":
    sys.exit(run())
