"""Keep the pages' HTML blocks away from Markdown: an MkDocs plugin.

The generated pages are Markdown around large blocks of ready HTML (tables, figures,
charts). Python-Markdown leaves such a block as it is, but only after running an HTML
parser over it, and MkDocs runs a second one to collect its ``id`` attributes for the
anchor check: at 1,000 documents the two parsers were 85 % of ``mkdocs build``. This
plugin puts each complete top-level HTML block aside before Markdown sees the page, leaves a
one-line placeholder in its place, and puts the block back into the converted page; the
``id`` attributes of the blocks are registered for the anchor check as MkDocs would. The
built pages are the same as without the plugin.

A block is set aside only when it cannot hold Markdown: it runs from a blank line to the next,
it is a series of whole block-level elements (each line outside them starts one, each
element opened is closed, the block ends with an end tag), and it has no ``markdown``
attribute (which asks ``md_in_html`` to convert an element's content). Fenced code is left
alone.
"""

from __future__ import annotations

import html
import re

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.utils.meta import get_data

#: Python-Markdown's block-level elements that the pages start HTML blocks with.
BLOCK_TAGS = ("div", "table", "p", "details", "figure", "section", "form", "nav", "ul", "ol")
_START = re.compile(rf"<({'|'.join(BLOCK_TAGS)})[\s>]")
_TAG = re.compile(rf"<(/?)(?:{'|'.join(BLOCK_TAGS)})[\s>]")
_MARKDOWN_ATTRIBUTE = re.compile(r"<[^>]*\smarkdown[\s=>]")
_FENCE = re.compile(r"^\s*(```|~~~)")
_ANCHOR = re.compile(r'<(?:[a-zA-Z][^>]*?\sid|a\s[^>]*?name)="([^"]*)"')
_SLOT = re.compile(r'<div data-ob-slot="(\d+)"></div>')


def _whole_block(block: str) -> bool:
    """Whether ``block`` is a run of complete block-level elements with no Markdown inside.

    Each line where no element is open starts one, and an end tag that closes the last open
    element ends its line (Markdown reads anything after it as text, or writes the next
    element on a line of its own); every element opened is closed."""
    depth = 0
    for line in block.split("\n"):
        if depth == 0 and not _START.match(line):
            return False
        for tag in _TAG.finditer(line):
            depth += -1 if tag.group(1) else 1
            if depth < 0 or (depth == 0 and line[tag.end() :].strip()):
                return False
    return depth == 0 and not _MARKDOWN_ATTRIBUTE.search(block)


def set_aside(markdown: str) -> tuple[str, list[str]]:
    """``markdown`` with each whole HTML block replaced by a placeholder, and the blocks.

    The text is first normalised as Python-Markdown does (control marks, line ends, tabs to
    four spaces), so a block comes back as Markdown would have written it."""
    for mark in ("\x02", "\x03"):
        markdown = markdown.replace(mark, "")
    lines = markdown.replace("\r\n", "\n").replace("\r", "\n").expandtabs(4).split("\n")
    out: list[str] = []
    blocks: list[str] = []
    fenced = False
    i = 0
    while i < len(lines):
        line = lines[i]
        if _FENCE.match(line):
            fenced = not fenced
        start = None if fenced or (i and lines[i - 1].strip()) else _START.match(line)
        if start:
            end = i
            while end < len(lines) and lines[end].strip():
                end += 1
            block = "\n".join(lines[i:end])
            if _whole_block(block):
                out.append(f'<div data-ob-slot="{len(blocks)}"></div>')
                blocks.append(block)
                i = end
                continue
        out.append(line)
        i += 1
    return "\n".join(out), blocks


def put_back(content: str, blocks: list[str]) -> str:
    """The converted page with each placeholder replaced by its block."""
    found = 0

    def block(match: re.Match) -> str:
        nonlocal found
        found += 1
        return blocks[int(match.group(1))]

    content = _SLOT.sub(block, content)
    if found != len(blocks):
        raise PluginError(f"{len(blocks)} HTML blocks were set aside but {found} came back")
    return content


def anchors(blocks: list[str]) -> set[str]:
    """The ``id`` (and ``name``) attributes in the blocks, as MkDocs' anchor check reads them."""
    return {html.unescape(value) for block in blocks for value in _ANCHOR.findall(block)}


class RawHtml(BasePlugin):
    """Set HTML blocks aside while MkDocs converts each page (see the module).

    MkDocs converts every page before it writes any, holding each page's HTML meanwhile; the
    blocks are most of it. So they are not kept: the converted page holds the placeholders
    until it is written, and the blocks are set aside again from the page's source then
    (the same text gives the same blocks). Only each page's ``id`` list waits in memory."""

    def __init__(self) -> None:
        self.ids: dict[str, set[str]] = {}

    def on_page_markdown(self, markdown, page, config, files):
        markdown, blocks = set_aside(markdown)
        self.ids[page.file.src_uri] = anchors(blocks)
        return markdown

    def on_page_content(self, html, page, config, files):
        if page.present_anchor_ids is not None:
            page.present_anchor_ids |= self.ids.pop(page.file.src_uri, set())
        return html

    def on_post_page(self, output, page, config):
        markdown, _meta = get_data(page.file.content_string)
        try:
            return put_back(output, set_aside(markdown)[1])
        except PluginError as error:
            raise PluginError(f"{page.file.src_uri}: {error}") from None
