"""Configuration: `mtcheck.toml` or `[tool.mtcheck]` in pyproject.toml, found by walking
up from the checked file; command-line flags win over both."""
from __future__ import annotations

import sys
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from .errors import ConfigError
from .kinds.base import did_you_mean
from .model import Severity

DEFAULT_EXTENSIONS = (".txt", ".md", ".markdown", ".html", ".htm")

KEYS = {
    "select": "rule ids, names or id prefixes to check (default: every rule not in preview)",
    "ignore": "rule ids, names or id prefixes to skip",
    "fail-on": "lowest severity that makes the exit code 1: minor, major or critical",
    "rules": "extra rule-pack directories, relative to the config file",
    "severity": "table of rule id or name -> severity, overriding the rule's own",
    "preview": "also run rules still in preview",
    "extensions": "file name endings checked when a directory is given",
    "exclude": "glob patterns of paths not to check",
    "encoding": "encoding of the checked files (default UTF-8, BOM honoured)",
    "gazetteer": "extra gazetteer files (YAML or JSON Lines), relative to the config file",
    "per-file-ignores": "table of path glob -> rules not checked in matching files",
    "report-unused-suppressions": "report mtcheck-disable comments that silence nothing",
    "grammar": "LanguageTool: off, auto (default), local, remote or required",
    "languagetool-url": "URL of a LanguageTool server (e.g. http://localhost:8010)",
    "max-file-size": "largest file checked, in bytes (default 52428800, i.e. 50 MiB); larger files are an error",
}


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    fail_on: Severity = Severity.MAJOR
    rule_dirs: tuple[Path, ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()
    preview: bool = False
    extensions: tuple[str, ...] = DEFAULT_EXTENSIONS
    exclude: tuple[str, ...] = ()
    encoding: str | None = None
    gazetteers: tuple[Path, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    report_unused_suppressions: bool = False
    grammar: str | None = None
    languagetool_url: str | None = None
    max_file_size: int | None = None  # bytes; None means the default, mtcheck.api.MAX_BYTES
    source: Path | None = None  # the file this configuration came from

    def merged(self, **overrides: Any) -> "Config":
        """A copy with the given fields replaced (command-line flags), None meaning unset."""
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})


def _strings(value: Any, key: str, path: Path) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{key!r} must be a list of strings", str(path))
    return tuple(value)


def parse_config(table: dict[str, Any], path: Path) -> Config:
    """Validate a [tool.mtcheck] table (or a whole mtcheck.toml)."""
    out: dict[str, Any] = {"source": path}
    for key, value in table.items():
        if key not in KEYS:
            raise ConfigError(f"unknown option {key!r}" + did_you_mean(key, KEYS)
                              + f" (options: {', '.join(KEYS)})", str(path))
        if key in ("select", "ignore", "exclude"):
            out[key] = _strings(value, key, path)
        elif key == "extensions":
            out[key] = tuple(e if e.startswith(".") else "." + e for e in _strings(value, key, path))
        elif key == "fail-on":
            out["fail_on"] = _severity(value, key, path)
        elif key == "rules":
            out["rule_dirs"] = tuple((path.parent / d).resolve() for d in _strings(value, key, path))
        elif key == "gazetteer":
            out["gazetteers"] = tuple((path.parent / d).resolve() for d in _strings(value, key, path))
        elif key == "severity":
            if not isinstance(value, dict):
                raise ConfigError("'severity' must be a table of rule -> minor|major|critical", str(path))
            out["severity"] = tuple((k, _severity(v, f"severity.{k}", path)) for k, v in value.items())
        elif key in ("preview", "report-unused-suppressions"):
            if not isinstance(value, bool):
                raise ConfigError(f"{key!r} must be true or false", str(path))
            out[key.replace("-", "_")] = value
        elif key == "per-file-ignores":
            if not isinstance(value, dict):
                raise ConfigError("'per-file-ignores' must be a table of glob -> list of rules", str(path))
            out["per_file_ignores"] = tuple((glob, _strings(rules, f"per-file-ignores.{glob}", path))
                                            for glob, rules in value.items())
        elif key in ("encoding", "grammar", "languagetool-url"):
            if not isinstance(value, str):
                raise ConfigError(f"{key!r} must be a string", str(path))
            if key == "encoding":
                try:
                    text_encoding(value)
                except ValueError as exc:
                    raise ConfigError(f"'encoding': {exc}", str(path)) from None
            out[key.replace("-", "_")] = value
        elif key == "max-file-size":
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                raise ConfigError(f"'max-file-size' must be a positive whole number of bytes, not {value!r}",
                                  str(path))
            out["max_file_size"] = value
    return Config(**out)


def text_encoding(name: str) -> str:
    """`name` if Python has a text codec of that name, else a ValueError saying why."""
    import codecs

    try:
        info = codecs.lookup(name)
    except LookupError:
        raise ValueError(f"unknown encoding {name!r}") from None
    if not getattr(info, "_is_text_encoding", True):  # rot13, base64, zlib: bytes-to-bytes or str-to-str
        raise ValueError(f"{name!r} is not a text encoding")
    return name


def _severity(value: Any, key: str, path: Path) -> Severity:
    try:
        return Severity.parse(str(value))
    except ValueError as exc:
        raise ConfigError(f"{key}: {exc}", str(path)) from None


def load_config_file(path: Path) -> Config:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read config: {exc.strerror}", str(path)) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"invalid TOML: {exc}", str(path)) from None
    tool = data.get("tool")
    if tool is not None and not isinstance(tool, dict):
        raise ConfigError(f"'tool' must be a table ([tool.mtcheck]), not {tool!r}", str(path))
    if path.name == "pyproject.toml" or tool is not None:
        table = (tool or {}).get("mtcheck")
        if table is None:
            if path.name == "pyproject.toml":
                raise ConfigError("has no [tool.mtcheck] table", str(path))
            table = data
        elif not isinstance(table, dict):
            raise ConfigError(f"[tool.mtcheck] must be a table of options, not {table!r}", str(path))
        return parse_config(table, path)
    return parse_config(data, path)


@lru_cache(maxsize=256)
def discover(directory: Path) -> Config:
    """The configuration that applies to files in `directory`: the nearest mtcheck.toml,
    or pyproject.toml with a [tool.mtcheck] table, in it or above it."""
    for folder in (directory, *directory.parents):
        candidate = folder / "mtcheck.toml"
        if candidate.is_file():
            return load_config_file(candidate)
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and _has_mtcheck_table(candidate):
            return load_config_file(candidate)
    return Config()


def _has_mtcheck_table(path: Path) -> bool:
    try:
        return b"[tool.mtcheck" in path.read_bytes()
    except OSError:
        return False


__all__ = ["Config", "DEFAULT_EXTENSIONS", "discover", "load_config_file", "parse_config"]
