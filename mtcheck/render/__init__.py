"""Renderers: pure functions from reports to text, one module per format.

A format's module is imported when the format is first asked for: a run that prints text
does not load the HTML report's machinery (part of every pre-commit start).
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from importlib import import_module
from typing import Any

Renderer = Callable[..., str]


class _OnDemand(Mapping[str, Callable[..., Any]]):
    """{format: function}, each function named as (module, attribute) and imported on first use."""

    def __init__(self, names: dict[str, tuple[str, str]]):
        self._names = names

    def __getitem__(self, key: str) -> Callable[..., Any]:
        module, attribute = self._names[key]
        return getattr(import_module(f"{__name__}.{module}"), attribute)

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


RENDERERS: Mapping[str, Renderer] = _OnDemand({
    "text": ("text", "render"),
    "concise": ("text", "render_concise"),
    "json": ("json", "render"),
    "jsonl": ("jsonl", "render"),
    "sarif": ("sarif", "render"),
    "github": ("github", "render"),
    "html": ("html", "render"),
})

#: per-file pieces of a format's output, made where each file is checked (with --jobs, in
#: the workers, in parallel) and kept in Report.parts for the renderer to join
PARTS: Mapping[str, Callable[[Any], object]] = _OnDemand({
    "json": ("json", "file_part"),
})
