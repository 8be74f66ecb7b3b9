"""Writing Markdown safely from data: the Markdown templates' escaper (:func:`md_text`).

Department names, repair notes and finding messages come from the source documents; they
may contain characters Markdown or HTML would interpret (``*``, ``|``, ``<b>``). Escaping them
as character references shows them literally and keeps the page structure intact.
"""

from __future__ import annotations

import html
import json

_MD_SPECIALS = {
    "\\": "&#92;",
    "`": "&#96;",
    "*": "&#42;",
    "_": "&#95;",
    "[": "&#91;",
    "]": "&#93;",
    "|": "&#124;",
    "#": "&#35;",
    "~": "&#126;",
    "!": "&#33;",
}


def md_text(text: str) -> str:
    """Escape ``text`` for inline Markdown (also safe inside a pipe-table cell)."""
    escaped = html.escape(" ".join(str(text).split()), quote=False)
    return "".join(_MD_SPECIALS.get(char, char) for char in escaped)


def md_code(text: str) -> str:
    """Show source text literally in ``<code>``, keeping its spaces (they may be the damage)."""
    escaped = html.escape(str(text).replace("\r\n", "\n").replace("\n", " ⏎ "), quote=False)
    body = "".join(_MD_SPECIALS.get(char, char) for char in escaped)
    return f'<code class="ob-raw">{body}</code>' if body else ""


def front_matter(title: str, hide: tuple[str, ...] = ()) -> str:
    """A page's YAML front matter. The title may come from a document (a department's name):
    the theme puts it into the page header and ``<title>`` unescaped, so it is escaped here,
    and written as a JSON string, which YAML reads whatever characters it holds."""
    lines = ["---", f"title: {json.dumps(html.escape(str(title)), ensure_ascii=False)}"]
    if hide:
        lines += ["hide:", *(f"  - {item}" for item in hide)]
    return "\n".join([*lines, "---"])
