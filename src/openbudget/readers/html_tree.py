"""A forgiving HTML element tree built with the standard library's ``html.parser``.

County portals publish hand-edited and CMS-generated HTML: unclosed ``<p>`` and ``<td>``,
stray end tags, tables inside tables for layout. The reader needs the structure (which
cells belong to which row and table), so this builds a small tree, closing elements the
way browsers do, instead of reacting to tags as they stream past.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "param",
    "source",
    "track",
    "wbr",
}
# Elements whose content is never shown as text.
IGNORED = {
    "head",
    "script",
    "style",
    "noscript",
    "template",
    "select",
    "button",
    "iframe",
    "object",
    "svg",
    "math",
    "textarea",
}
# Opening one of these closes an open <p>, as browsers do.
CLOSES_P = {
    "address",
    "article",
    "aside",
    "blockquote",
    "div",
    "dl",
    "fieldset",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "ul",
}
MAX_DEPTH = 200
P_BOUNDARY = {"table", "td", "th", "li"}
# Opening the key closes an open element of these kinds, up to the nearest boundary.
IMPLIED_END = {
    "li": ({"li"}, {"ul", "ol", "table"}),
    "dt": ({"dt", "dd"}, {"dl", "table"}),
    "dd": ({"dt", "dd"}, {"dl", "table"}),
    "tr": ({"tr", "td", "th"}, {"table", "thead", "tbody", "tfoot"}),
    "td": ({"td", "th"}, {"tr", "table"}),
    "th": ({"td", "th"}, {"tr", "table"}),
    "thead": ({"thead", "tbody", "tfoot", "tr", "td", "th"}, {"table"}),
    "tbody": ({"thead", "tbody", "tfoot", "tr", "td", "th"}, {"table"}),
    "tfoot": ({"thead", "tbody", "tfoot", "tr", "td", "th"}, {"table"}),
}


@dataclass
class Node:
    """An element: tag, attributes, children (elements and text) and its source line."""

    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)
    line: int = 0

    @property
    def hidden(self) -> bool:
        """Whether the element is hidden from readers (``hidden``, ``display:none``)."""
        style = self.attrs.get("style", "").replace(" ", "").lower()
        return "hidden" in self.attrs or "display:none" in style


class TreeBuilder(HTMLParser):
    """Builds a :class:`Node` tree; entities are decoded by ``convert_charrefs``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Open an element, first closing what its opening implies is finished."""
        self.open(tag, attrs)

    def open(self, tag: str, attrs: list[tuple[str, str | None]]) -> bool:
        """Add an element; whether it was left open for content to go into."""
        if tag in CLOSES_P:
            self.close_open("p", P_BOUNDARY)
        if tag in IMPLIED_END:
            closes, boundary = IMPLIED_END[tag]
            for open_tag in closes:
                self.close_open(open_tag, boundary)
        node = Node(tag, {k: v or "" for k, v in attrs}, line=self.getpos()[0])
        self.stack[-1].children.append(node)
        # Beyond MAX_DEPTH (thousands of unclosed <font> tags) content stays at this level,
        # so walking the tree never exhausts Python's recursion limit.
        if tag not in VOID and len(self.stack) < MAX_DEPTH:
            self.stack.append(node)
            return True
        return False

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """``<br/>`` and friends: an element with no content."""
        if self.open(tag, attrs):
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        """Close the nearest open element of this kind; a stray end tag is ignored."""
        if tag == "br":  # </br> is read as <br> by browsers
            self.handle_starttag("br", [])
            return
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return
            if self.stack[depth].tag == "table" and tag != "table":
                return  # never close across a table boundary

    def handle_data(self, data: str) -> None:
        """Text goes to the innermost open element."""
        self.stack[-1].children.append(data)

    def close_open(self, tag: str, boundary: set[str]) -> None:
        """Close an open ``tag`` if one is open above the nearest boundary element."""
        for depth in range(len(self.stack) - 1, 0, -1):
            current = self.stack[depth].tag
            if current == tag:
                del self.stack[depth:]
                return
            if current in boundary:
                return


def parse_tree(text: str) -> Node:
    """The element tree of an HTML document."""
    builder = TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root
