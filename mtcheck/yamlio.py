"""YAML loading that keeps line numbers, for errors that point at the line."""
from __future__ import annotations

import re
from typing import Any

import yaml

from .errors import MtcheckError

# libyaml's C parser when PyYAML was built with it: ten times faster on big files
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


#: deeper than this is an error: no rule pack or gazetteer needs it, and libyaml's parser
#: recurses in C, so tens of thousands of levels crash the process instead of raising
MAX_NESTING = 1000
_BRACKETS = re.compile(r"[\[\]{}]")
_DASH_CHAIN = re.compile(rf"^(?:[ \t]*[-?][ \t]+){{{MAX_NESTING}}}", re.MULTILINE)  # "- - - ... x"


def nesting_depth_exceeded(text: str) -> bool:
    """True when flow collections ([ {) or block items opened on one line ("- - -") nest
    over MAX_NESTING levels. Brackets inside quoted strings count too: an overestimate
    that real files never come near."""
    if _DASH_CHAIN.search(text):
        return True
    brackets = _BRACKETS.findall(text)
    if len(brackets) <= MAX_NESTING:
        return False
    depth = 0
    for b in brackets:
        depth = depth + 1 if b in "[{" else max(0, depth - 1)
        if depth > MAX_NESTING:
            return True
    return False


def load_with_nodes(text: str, path: str, error: type[MtcheckError] = MtcheckError) -> tuple[Any, yaml.Node | None]:
    """The data and its node tree (whose marks give 0-based lines), or `error`
    naming the file and line of a syntax problem."""
    if nesting_depth_exceeded(text):
        raise error(f"invalid YAML: nested more than {MAX_NESTING} levels deep", path)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise error(f"invalid YAML: {exc.problem or exc.context}", path, mark.line + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise error(f"invalid YAML: {exc}", path) from None
    finally:
        loader.dispose()
    return data, node


def line_map(node: yaml.Node | None) -> dict[str, int]:
    """1-based line of each key of a mapping node."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {k.value: k.start_mark.line + 1 for k, _ in node.value if isinstance(k, yaml.ScalarNode)}
