"""Applying fixes: non-overlapping edits, chosen deterministically, in converging passes."""
from __future__ import annotations

from collections.abc import Callable, Iterable

from .model import Applicability, Edit, Finding

MAX_PASSES = 10


def allowed(applicability: Applicability, unsafe: bool) -> bool:
    return applicability is Applicability.SAFE or (unsafe and applicability is Applicability.UNSAFE)


def apply_once(text: str, findings: Iterable[Finding], unsafe: bool = False) -> tuple[str, int]:
    """Apply every allowed fix whose edits overlap no fix already taken, in order of
    position (then rule id); return the new text and how many fixes were applied."""
    taken: list[Edit] = []
    count = 0
    candidates = sorted((f for f in findings if f.fix and allowed(f.fix.applicability, unsafe)),
                        key=lambda f: (min(e.start for e in f.fix.edits), f.rule))
    for f in candidates:
        edits = f.fix.edits
        if any(_overlap(e, t) for e in edits for t in taken):
            continue
        taken.extend(edits)
        count += 1
    for edit in sorted(taken, reverse=True):
        text = text[:edit.start] + edit.replacement + text[edit.end:]
    return text, count


def _overlap(a: Edit, b: Edit) -> bool:
    if a.start == a.end or b.start == b.end:  # insertions clash only at the same point
        return a.start == b.start or (b.start < a.start < b.end) or (a.start < b.start < a.end)
    return a.start < b.end and b.start < a.end


def fix_until_stable(text: str, check: Callable[[str], list[Finding]], unsafe: bool = False) -> tuple[str, int]:
    """Check, fix, and check again until nothing more applies (or MAX_PASSES), so fixes
    that were skipped for overlapping get their turn on the next pass."""
    total = 0
    for _ in range(MAX_PASSES):
        text, applied = apply_once(text, check(text), unsafe)
        total += applied
        if not applied:
            break
    return text, total
