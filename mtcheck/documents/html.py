"""HTML files: the text content of the page, at the file's offsets.

The standard library's html.parser reads the file. Prose is the text of the body and the
<title>; tags with their attributes, comments, declarations, and the content of
<script>, <style>, <noscript>, <template>, <code>, <pre> and the rest of <head> are
blanked. A character reference (`&amp;`, `&#8217;`) becomes the character it stands for,
padded to its length ("&#8217;" -> "’" and six blanks), so rules see the character the
reader sees; one that stands for an invisible or line-breaking character (`&shy;`,
`&#8203;`, `&#10;`) is blanked. Since the prose view keeps the file's offsets, a reference inside a word leaves
a gap in it ("Navalny&#8217;s" reads "Navalny’" + blanks + "s"), and a span that ends
with a referenced character ends after the reference's first character.

As in Markdown files, blanked characters become tabs and the file's line breaks stay.
Block elements (<p>, <div>, <li>, <h1>-<h6>, <br>, <td>, <title> …) end a paragraph:
the `<` of each such tag becomes a line break in the prose, so prose lines are split
there even where the file has several elements on one line.
"""
from __future__ import annotations

import html
import re
import unicodedata
from html.parser import HTMLParser
from itertools import pairwise

from .model import Span

BLANK = "\t"
#: (prose, heading spans, blocks): blocks are the runs of prose between block tags,
#: each one paragraph whatever its line breaks
Markup = tuple[str, list[Span], list[Span]]

BLOCK_TAGS = frozenset("""address article aside blockquote body br caption dd details dialog div dl dt
    fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 head header hgroup hr html legend li main
    nav ol option p pre section summary table tbody td tfoot th thead title tr ul""".split())
HEADING_TAGS = frozenset("h1 h2 h3 h4 h5 h6 title".split())
#: elements whose content is not prose
SKIP_TAGS = frozenset("script style noscript template code pre textarea svg math iframe object canvas".split())
#: elements that may sit in <head>; any other opening tag ends the head
_HEAD_TAGS = frozenset("html head title meta link base style script noscript template".split())
#: categories of characters a reference may stand for that are blanked: control and
#: format characters, line and paragraph separators
_UNSEEN = frozenset(("Cc", "Cf", "Zl", "Zp"))
_REFERENCE = re.compile(r"&(?:#[xX][0-9a-fA-F]+|#[0-9]+|[A-Za-z][-.A-Za-z0-9]*);?")


def html_prose(text: str) -> Markup:
    """The prose view of an HTML file's text (same length), its headings and blocks."""
    parser = _Extractor(text)
    parser.feed(text)
    parser.close()
    prose = parser.prose
    bounds = sorted(set(parser.bounds) | {0, len(text)})
    blocks = []
    for a, b in pairwise(bounds):
        while a < b and prose[a].isspace():
            a += 1
        while b > a and prose[b - 1].isspace():
            b -= 1
        if a < b:
            blocks.append(Span(a, b))
    return "".join(prose), sorted(parser.headings, key=lambda s: s.start), blocks


class _Extractor(HTMLParser):
    def __init__(self, text: str):
        super().__init__(convert_charrefs=False)
        self.text = text
        self.prose = [c if c in "\r\n" else BLANK for c in text]
        # html.parser counts lines by "\n" alone
        self.newlines = [0] + [m.end() for m in re.finditer("\n", text)]
        self.skipping: dict[str, int] = {}
        self.in_head = False
        self.open_headings: list[tuple[str, int]] = []
        self.headings: list[Span] = []
        self.bounds: list[int] = []

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.newlines[line - 1] + col

    def _prose_here(self) -> bool:
        if any(self.skipping.values()):
            return False
        return not self.in_head or any(tag == "title" for tag, _ in self.open_headings)

    def _block(self, tag: str, at: int) -> None:
        if tag in BLOCK_TAGS and self.text.startswith("<", at):
            self.prose[at] = "\n"
            self.bounds.append(at)

    # -- tags ---------------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs) -> None:
        at = self._offset()
        if tag == "head":
            self.in_head = True
        elif tag not in _HEAD_TAGS:
            self.in_head = False
        self._block(tag, at)
        if tag in SKIP_TAGS:
            self.skipping[tag] = self.skipping.get(tag, 0) + 1
        if tag in HEADING_TAGS:
            self.open_headings.append((tag, at))

    def handle_startendtag(self, tag: str, attrs) -> None:
        at = self._offset()  # <br/>, <img …/>: no content
        if tag not in _HEAD_TAGS:
            self.in_head = False
        self._block(tag, at)

    def handle_endtag(self, tag: str) -> None:
        at = self._offset()
        if tag == "head":
            self.in_head = False
        self._block(tag, at)
        if self.skipping.get(tag):
            self.skipping[tag] -= 1
        for i in range(len(self.open_headings) - 1, -1, -1):
            if self.open_headings[i][0] == tag:
                self.headings.append(Span(self.open_headings[i][1], at))
                del self.open_headings[i:]
                break

    # -- text ---------------------------------------------------------------------------
    def handle_data(self, data: str) -> None:
        if not self._prose_here():
            return
        at = self._offset()
        if self.text.startswith(data, at):
            self.prose[at:at + len(data)] = data

    def handle_charref(self, name: str) -> None:
        self._reference()

    def handle_entityref(self, name: str) -> None:
        self._reference()

    def _reference(self) -> None:
        if not self._prose_here():
            return
        at = self._offset()
        m = _REFERENCE.match(self.text, at)
        if m is None:
            return
        source = m.group()
        shown = html.unescape(source)
        if shown == source:  # not a known reference ("AT&T"): it is text
            self.prose[at:m.end()] = source
        elif all(unicodedata.category(c) in _UNSEEN for c in shown):
            return  # &shy;, &#8203;, &#10;: a hint to the browser or white space, nothing to read
        else:
            self.prose[at:at + len(shown)] = shown[:len(source)]
