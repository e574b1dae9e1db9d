"""mtcheck: find machine-translation artifacts and leftover web junk in English news
articles, and suggest corrections.

The names below are imported on first use, so that `import mtcheck` (the command's
first step) is instant: the command can then answer Ctrl-C pressed while it loads with
its exit code instead of a traceback."""
from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .api import Report, check_file, check_text
    from .config import Config
    from .model import Applicability, Edit, Finding, Fix, Severity

_WHERE = {"Report": "api", "check_file": "api", "check_text": "api", "Config": "config",
          "Applicability": "model", "Edit": "model", "Finding": "model", "Fix": "model", "Severity": "model"}

__all__ = ["Applicability", "Config", "Edit", "Finding", "Fix", "Report", "Severity", "__version__",
           "check_file", "check_text"]


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        value = getattr(import_module(f".{_WHERE[name]}", __name__), name)
    elif not name.isidentifier():
        raise AttributeError(f"module 'mtcheck' has no attribute {name!r}")
    else:  # a submodule, as `import mtcheck; mtcheck.api` found it when the package imported it
        try:
            value = import_module(f".{name}", __name__)
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise
            raise AttributeError(f"module 'mtcheck' has no attribute {name!r}") from None
    globals()[name] = value  # looked up once
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
