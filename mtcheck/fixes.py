"""Applying fixes: non-overlapping edits, chosen deterministically, in converging passes."""
from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence
from itertools import pairwise

from .model import Applicability, Edit, Finding

MAX_PASSES = 10


def allowed(applicability: Applicability, unsafe: bool) -> bool:
    return applicability is Applicability.SAFE or (unsafe and applicability is Applicability.UNSAFE)


def apply_once(text: str, findings: Iterable[Finding], unsafe: bool = False) -> tuple[str, int]:
    """Apply every allowed fix whose edits overlap no fix already taken, in order of
    position (then rule id); return the new text and how many fixes were applied."""
    edits, count = taken_edits(findings, unsafe)
    return apply_edits(text, edits), count


def taken_edits(findings: Iterable[Finding], unsafe: bool = False) -> tuple[list[Edit], int]:
    """The edits apply_once applies, sorted, and how many fixes they come from: every
    allowed fix whose edits overlap no fix already taken, in order of position, then rule
    id. The taken edits are kept sorted, so each test looks at their neighbours only and
    an article with thousands of fixes is not compared pair by pair."""
    candidates = sorted((f for f in findings if f.fix and allowed(f.fix.applicability, unsafe)),
                        key=lambda f: (min(e.start for e in f.fix.edits), f.rule))
    taken: list[Edit] = []
    starts: list[int] = []
    count = 0
    tangled = False  # a fix taken whose own edits overlap: neighbours no longer tell, compare all
    for f in candidates:
        edits = f.fix.edits
        if tangled:
            clash = any(_overlap(e, t) for e in edits for t in taken)
        else:
            clash = any(_overlaps_taken(e, taken, starts) for e in edits)
        if clash:
            continue
        for e in edits:
            i = bisect.bisect_right(taken, e)
            taken.insert(i, e)
            starts.insert(i, e.start)
        count += 1
        tangled = tangled or any(_overlap(a, b) for k, a in enumerate(edits) for b in edits[k + 1:])
    return taken, count


def _overlaps_taken(edit: Edit, taken: list[Edit], starts: list[int]) -> bool:
    """_overlap(edit, t) for some t in taken (sorted, and apart unless one fix's own edits
    overlap). Only two kinds of t can overlap: the last one starting before the edit (the
    one that may contain its start), and those starting within [edit.start, edit.end], of
    which the first already overlaps unless it starts at edit.end."""
    i = bisect.bisect_left(starts, edit.start)
    if i and _overlap(edit, taken[i - 1]):
        return True
    while i < len(taken) and starts[i] <= edit.end:
        if _overlap(edit, taken[i]):
            return True
        i += 1
    return False


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """Sorted edits applied: in one linear pass when they are apart, as they are unless
    one fix's own edits overlap (then one by one from the end, as such a fix expects)."""
    if any(_overlap(a, b) for a, b in pairwise(edits)):
        for edit in reversed(edits):
            text = text[:edit.start] + edit.replacement + text[edit.end:]
        return text
    pieces: list[str] = []
    pos = 0
    for e in edits:
        pieces.append(text[pos:e.start])
        pieces.append(e.replacement)
        pos = e.end
    pieces.append(text[pos:])
    return "".join(pieces)


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
