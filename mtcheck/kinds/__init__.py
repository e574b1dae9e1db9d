"""The rule kinds, by name. An explicit registry: a new kind is one import and one entry."""
from __future__ import annotations

from .balance import BalanceKind
from .base import Kind
from .boilerplate import BoilerplateKind
from .contradiction import CooccurrenceKind, SelfContradictionKind, SelfReferentialRoleKind
from .characters import HtmlEntityKind, InvisibleCharacterKind, MojibakeKind, UntranslatedScriptKind
from .names import GarbledNameKind, NameConsistencyKind, TitleRoleKind
from .pattern import PatternKind
from .phrase import PhraseKind, SubstitutionKind
from .readability import ReadabilityKind
from .repetition import NearDuplicateKind, RepeatedWordKind
from .structure import FragmentKind, OrphanHeadingKind, VerblessSentenceKind

KINDS: dict[str, type[Kind]] = {
    k.name: k
    for k in (
        PhraseKind, SubstitutionKind, PatternKind, BoilerplateKind, OrphanHeadingKind, FragmentKind,
        NearDuplicateKind, RepeatedWordKind, UntranslatedScriptKind, MojibakeKind, HtmlEntityKind,
        InvisibleCharacterKind, BalanceKind, ReadabilityKind, GarbledNameKind, NameConsistencyKind,
        TitleRoleKind, SelfContradictionKind, CooccurrenceKind, SelfReferentialRoleKind, VerblessSentenceKind,
    )
}

__all__ = ["KINDS", "Kind"]
