"""One-line notices on stderr ("mtcheck: ..."), each said once per run."""
from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class _Notices:
    """One-line notices on stderr, each said once per run. A worker process keeps its
    notices (`defer`) for the parent to say, so N workers do not say the same line N times."""

    said: set[str] = field(default_factory=set)
    kept: list[str] | None = None  # in a worker: said to the parent, not to stderr

    def once(self, text: str) -> None:
        if text in self.said:
            return
        self.said.add(text)
        if self.kept is not None:
            self.kept.append(text)
        else:
            print(f"mtcheck: {text}", file=sys.stderr)

    def defer(self) -> None:
        self.kept = []

    @contextmanager
    def discarded(self) -> Iterator[None]:
        """Notices said inside are dropped, and not counted as said (a warm-up's)."""
        kept, said = self.kept, set(self.said)
        self.kept = []
        try:
            yield
        finally:
            self.kept, self.said = kept, said

    def take(self) -> list[str]:
        """The notices kept since the last call (a worker sends them with its results)."""
        kept, self.kept = self.kept or [], [] if self.kept is not None else None
        return kept


NOTICES = _Notices()
