"""Markdown files: the prose a reader of the rendered article sees, at the file's offsets.

markdown-it-py parses the file (CommonMark, plus pipe tables). Only the text of
paragraphs, headings and table cells is prose, and within it only what renders as text:
front matter, fenced and indented code, code spans, HTML blocks and inline tags, link
destinations and titles, images, reference definitions, autolinks and bare URLs, and the
markup characters themselves (#, *, _, >, list markers, pipes, backslash escapes) are
blanked. A character reference (`&amp;`) becomes the character it stands for, padded to
its length; one that stands for an invisible or line-breaking character (`&shy;`,
`&#10;`) is blanked.

Blanked characters become tabs, not spaces; line breaks stay where the file has them.
Markup between two words (`[CNN](https://…) reported`, `*positive*,`) therefore never
reads as a run of spaces or as a space before punctuation to the spacing rules, and a
line's word count is not inflated by a long tag.

markdown-it gives line ranges, not character offsets, for inline content. Every inline
rule of the parser is wrapped to record the range of the inline source it consumed;
the inline source of a block is its lines with the container prefixes (`> `, list
indentation) cut off, so each of its lines is located in the file's line.
"""
from __future__ import annotations

import re
import string
import unicodedata
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from .model import Span

BLANK = "\t"
#: (prose, heading spans, blocks): blocks are the spans of the Markdown paragraphs,
#: headings and table cells, each one paragraph whatever its line breaks
Markup = tuple[str, list[Span], list[Span]]

_BREAK = re.compile(r"\r\n|\r|\n")
_FRONT_MATTER = {"---": ("---", "..."), "+++": ("+++",)}
_BARE_URL = re.compile(r"(?<![\w/@.])(?:https?://|ftp://|www\.)[^\s<>]*[^\s<>.,;:!?'\")\]’”»]")
_ESCAPABLE = frozenset(string.punctuation)
#: references to characters of these categories are blanked: control and format
#: characters, line and paragraph separators
_UNSEEN = frozenset(("Cc", "Cf", "Zl", "Zp"))
_RECORDS = "mtcheck.inline"  # env key: inline source ranges recorded while parsing


def markdown_prose(text: str) -> Markup:
    """The prose view of a Markdown file's text (same length), its headings and blocks."""
    starts, ends = _lines(text)
    prose = _blank(text)
    body_from = _front_matter_end(text, starts, ends)
    # markdown-it numbers lines as the file does (it turns \r\n and \r into \n); front
    # matter is handed to it as empty lines so that line numbers stay the same.
    src = "\n" * body_from + "\n".join(text[starts[i]:ends[i]] for i in range(body_from, len(starts)))
    env: dict = {}
    tokens = _parser().parse(src, env)
    records = {id(tok): rec for tok, rec in env.get(_RECORDS, [])}

    headings: list[Span] = []
    blocks: list[Span] = []
    cursors: dict[int, int] = {}  # table rows: where the next cell is searched from
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open" and tok.map:
            first, last = tok.map[0], max(tok.map[0], tok.map[1] - 1)
            headings.append(Span(starts[first], ends[last]))
        if tok.type != "inline" or not tok.map or not tok.content:
            continue
        rec = records.get(id(tok))
        if rec is None or rec.src != tok.content:
            continue
        in_table = i > 0 and tokens[i - 1].type in ("th_open", "td_open")
        where = _place(tok.content, tok.map[0], text, starts, ends, in_table, cursors)
        span = _paint(prose, text, rec, where)
        if span is not None:
            blocks.append(span)

    for m in _BARE_URL.finditer("".join(prose)):
        prose[m.start():m.end()] = _blank(m.group())
    return "".join(prose), headings, blocks


def _blank(text: str) -> list[str]:
    """Every character blanked except line breaks."""
    return [c if c in "\r\n" else BLANK for c in text]


def _lines(text: str) -> tuple[list[int], list[int]]:
    starts, ends = [0], []
    for m in _BREAK.finditer(text):
        ends.append(m.start())
        starts.append(m.end())
    ends.append(len(text))
    return starts, ends


def _front_matter_end(text: str, starts: list[int], ends: list[int]) -> int:
    """Lines taken by YAML (---) or TOML (+++) front matter at the top; 0 if none."""
    first = text[starts[0]:ends[0]].rstrip()
    closers = _FRONT_MATTER.get(first)
    if not closers:
        return 0
    for i in range(1, len(starts)):
        if text[starts[i]:ends[i]].rstrip() in closers:
            return i + 1
    return 0


# -- the parser, with every inline rule recording what it consumed ---------------------------
class _Record:
    """What the inline rules did with one block's inline source."""

    def __init__(self, src: str):
        self.src = src
        self.blank: list[tuple[int, int]] = []  # ranges of the source that are markup
        self.chars: dict[int, str] = {}  # references: position -> the character(s) shown
        self.delimiters: list[tuple[int, Token]] = []  # emphasis markers, resolved later
        self.markers: set[int] = set()  # emphasis markers that became <em>/<strong>


def _record(state: StateInline) -> _Record:
    """The record of the block being parsed (see `_parse_inlines`). An image's alt text
    is parsed on its own (from a source of its own); the image is blanked whole, so what
    its rules do is not kept."""
    rec = state.env[_RECORDS][-1][1]
    return rec if state.src is rec.src else _Record(state.src)


def _parse_inlines(state: StateCore) -> None:
    """The core `inline` rule, noting which block each inline parse belongs to."""
    records = state.env.setdefault(_RECORDS, [])
    for token in state.tokens:
        if token.type == "inline":
            if token.children is None:
                token.children = []
            records.append((token, _Record(token.content)))
            state.md.inline.parse(token.content, state.md, state.env, token.children)


def _recording(name: str, rule):
    def wrapped(state: StateInline, silent: bool) -> bool:
        if silent:
            return rule(state, silent)
        start, ntokens, ndelims = state.pos, len(state.tokens), len(state.delimiters)
        label_end = -1
        if name == "link" and state.src[start] == "[":
            label_end = state.md.helpers.parseLinkLabel(state, start, True)
        if not rule(state, silent):
            return False
        end, src = state.pos, state.src
        rec = _record(state)
        new = state.tokens[ntokens:]
        if name in ("image", "autolink", "html_inline", "linkify", "newline"):
            rec.blank.append((start, end))
        elif name == "backticks":
            if any(t.type == "code_inline" for t in new):
                rec.blank.append((start, end))
        elif name == "escape":
            last = new[-1] if new else None
            if src[start + 1] == "\n" or (last is not None and last.type == "text_special"
                                         and src[start + 1] in _ESCAPABLE):
                rec.blank.append((start, start + 1))
        elif name == "entity":
            shown = new[-1].content if new else src[start:end]
            if all(unicodedata.category(c) in _UNSEEN for c in shown):
                rec.blank.append((start, end))  # &shy;, &#10;: nothing to read
            else:
                rec.chars[start] = shown[:end - start]
                rec.blank.append((start + 1, end))
        elif name == "emphasis":
            for k, delim in enumerate(state.delimiters[ndelims:]):
                rec.delimiters.append((start + k, state.tokens[delim.token]))
        elif name == "link" and label_end > start:
            rec.blank.append((start, start + 1))
            rec.blank.append((label_end, end))
        return True

    return wrapped


def _resolving_emphasis(rule):
    """After emphasis post-processing, note which markers became tags; the rest stay text."""

    def wrapped(state: StateInline) -> None:
        rule(state)
        rec = _record(state)
        for pos, tok in rec.delimiters:
            if tok.type != "text" or tok.content == "":
                rec.markers.add(pos)

    return wrapped


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark").enable("table")
    md.core.ruler.at("inline", _parse_inlines)
    for rule in list(md.inline.ruler.__rules__):
        md.inline.ruler.at(rule.name, _recording(rule.name, rule.fn))
    for rule in list(md.inline.ruler2.__rules__):
        if rule.name == "emphasis":
            md.inline.ruler2.at(rule.name, _resolving_emphasis(rule.fn))
    return md


# -- from inline source back to the file --------------------------------------------------------
def _place(content: str, first_line: int, text: str, starts: list[int], ends: list[int],
           in_table: bool, cursors: dict[int, int]) -> list[int | None]:
    """The file offset of each character of a block's inline source (None for the line
    breaks between its lines and for anything not found verbatim in the file)."""
    where: list[int | None] = []
    for k, part in enumerate(content.split("\n")):
        if k:
            where.append(None)  # the "\n" joining two lines
        n = first_line + k
        if n >= len(starts):
            where.extend([None] * len(part))
            continue
        line = text[starts[n]:ends[n]]
        cols = _locate(part, line, cursors.get(n, 0) if in_table else None)
        if in_table and cols:
            found = [c for c in cols if c is not None]
            if found:
                cursors[n] = found[-1] + 1
        where.extend(None if c is None else starts[n] + c for c in (cols or [None] * len(part)))
    return where


def _locate(part: str, line: str, cursor: int | None) -> list[int | None] | None:
    """Columns of `part` (one line of inline source) in the file's `line`. A paragraph
    line is the end of its file line, less a container prefix (and, on the last line,
    trailing spaces); a heading's text sits between its markers; a table cell is found
    after the previous cell, with `\\|` shown as `|`."""
    if not part:
        return []
    if cursor is not None:
        i = line.find(part, cursor)
        if i >= 0:
            return list(range(i, i + len(part)))
        escaped = part.replace("|", "\\|")
        i = line.find(escaped, cursor)
        if i < 0:
            return None
        cols, j = [], i
        for ch in part:
            if ch == "|":
                j += 1  # the backslash stays blank
            cols.append(j)
            j += 1
        return cols
    for candidate in (line, line.rstrip()):
        if candidate.endswith(part):
            i = len(candidate) - len(part)
            return list(range(i, i + len(part)))
    i = line.find(part)
    if i >= 0:
        return list(range(i, i + len(part)))
    # a tab partly inside the container indentation, expanded to spaces by the parser
    rest = part.lstrip(" ")
    if rest and line.rstrip().endswith(rest):
        i = len(line.rstrip()) - len(rest)
        return [None] * (len(part) - len(rest)) + list(range(i, i + len(rest)))
    return None


def _paint(prose: list[str], text: str, rec: _Record, where: list[int | None]) -> Span | None:
    """Copy a block's prose characters into `prose`; return the block's span."""
    src = rec.src
    keep = [True] * len(src)
    for a, b in rec.blank:
        for p in range(a, min(b, len(src))):
            keep[p] = False
    for pos in rec.markers:
        keep[pos] = False
    first = last = None
    for p, offset in enumerate(where):
        if offset is None or not keep[p]:
            continue
        shown = rec.chars.get(p)
        if shown is None:
            prose[offset] = text[offset]
        else:
            for k, ch in enumerate(shown):
                prose[offset + k] = ch
        if not prose[offset].isspace():
            first = offset if first is None else first
            last = offset
    return None if first is None else Span(first, last + 1)
