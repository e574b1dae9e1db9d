"""Renderers: pure functions from reports to text, one module per format."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..api import Report
from . import github, html, json, jsonl, sarif, text

Renderer = Callable[..., str]


def _concise(reports: list[Report], **options: Any) -> str:
    return text.render(reports, concise=True, **options)


RENDERERS: dict[str, Renderer] = {
    "text": text.render,
    "concise": _concise,
    "json": json.render,
    "jsonl": jsonl.render,
    "sarif": sarif.render,
    "github": github.render,
    "html": html.render,
}

#: per-file pieces of a format's output, made where each file is checked (with --jobs, in
#: the workers, in parallel) and kept in Report.parts for the renderer to join
PARTS: dict[str, Callable[[Report], object]] = {
    "json": json.file_part,
}
