"""Errors a person can act on: each names the file (and line) and what is wrong."""
from __future__ import annotations


class MtcheckError(Exception):
    """A usage, configuration or input problem: reported in one line, exit code 2."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None):
        self.message = message
        self.path = path
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path or ""
        if where and self.line is not None:
            where += f":{self.line}"
        return f"{where}: {self.message}" if where else self.message


class ConfigError(MtcheckError):
    pass


class RuleError(MtcheckError):
    pass


class InputError(MtcheckError):
    pass
