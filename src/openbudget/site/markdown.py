"""Small helpers for writing Markdown safely from data.

Department names, repair notes and finding messages come from the source documents; they
may contain characters Markdown or HTML would interpret (``*``, ``|``, ``<b>``). Escaping them
as character references shows them literally and keeps the page structure intact.
"""

from __future__ import annotations

import html
import json
import re

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


def esc(text: object) -> str:
    """Escape document text for HTML element content or a quoted attribute, as it is."""
    return html.escape(str(text), quote=True)


def md_text(text: str) -> str:
    """Escape ``text`` for inline Markdown (also safe inside a pipe-table cell)."""
    escaped = html.escape(" ".join(str(text).split()), quote=False)
    return "".join(_MD_SPECIALS.get(char, char) for char in escaped)


def md_attr(text: str) -> str:
    """Escape ``text`` for a double-quoted admonition title or HTML attribute."""
    return html.escape(" ".join(str(text).split()), quote=True)


def html_link(link: str) -> str:
    """A page link for raw HTML, which MkDocs does not rewrite: ``x.md#a`` → ``x.html#a``
    (the site uses plain ``.html`` file names, ``use_directory_urls: false``)."""
    return re.sub(r"\.md(#|$)", r".html\1", link)


def md_table(headers: list[str], rows: list[list[str]], align: str = "") -> str:
    """A pipe table; ``align`` has one letter per column (``l`` or ``r``), default left.

    Cells must already be escaped with :func:`md_text` (or be trusted Markdown such as links).
    """
    marks = [("---:" if align[i : i + 1] == "r" else "---") for i in range(len(headers))]
    lines = ["| " + " | ".join(headers) + " |", "| " + " | ".join(marks) + " |"]
    lines += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def indent(text: str, spaces: int = 4) -> str:
    """Indent every non-empty line (for content inside an admonition)."""
    pad = " " * spaces
    return "\n".join(pad + line if line.strip() else "" for line in text.splitlines())


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
