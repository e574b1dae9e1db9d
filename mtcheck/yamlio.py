"""YAML loading that keeps line numbers, for errors that point at the line."""
from __future__ import annotations

from typing import Any

import yaml

from .errors import MtcheckError

# libyaml's C parser when PyYAML was built with it: ten times faster on big files
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_with_nodes(text: str, path: str, error: type[MtcheckError] = MtcheckError) -> tuple[Any, yaml.Node | None]:
    """The data and its node tree (whose marks give 0-based lines), or `error`
    naming the file and line of a syntax problem."""
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
