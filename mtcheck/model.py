"""The few value types every other module speaks: severities, edits, fixes, findings."""
from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Severity(enum.IntEnum):
    """MQM severities, ordered so that comparisons mean 'at least as bad as'."""

    MINOR = 1
    MAJOR = 2
    CRITICAL = 3

    @classmethod
    def parse(cls, value: str) -> "Severity":
        try:
            return cls[value.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {value!r}; use minor, major or critical") from None

    def __str__(self) -> str:
        return self.name.lower()


class Applicability(enum.Enum):
    """How far a fix may be trusted, as in ruff: safe fixes are applied by --fix,
    unsafe ones only with --unsafe-fixes, display-only ones never."""

    SAFE = "safe"
    UNSAFE = "unsafe"
    DISPLAY = "display"


@dataclass(frozen=True, order=True)
class Edit:
    """Replace text[start:end] with `replacement` (offsets in code points)."""

    start: int
    end: int
    replacement: str


@dataclass(frozen=True)
class Fix:
    edits: tuple[Edit, ...]
    applicability: Applicability = Applicability.DISPLAY


@dataclass
class Finding:
    """One problem at one place. Offsets are 0-based code points into the decoded
    file text, end exclusive; line and column are derived by the document."""

    rule: str
    name: str
    category: str
    severity: Severity
    start: int
    end: int
    message: str
    suggestions: list[str] = field(default_factory=list)
    fix: Fix | None = None

    def sort_key(self) -> tuple[int, int, str]:
        return (self.start, self.end, self.rule)
