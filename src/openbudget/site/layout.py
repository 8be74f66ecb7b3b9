"""Page parts from Jinja templates (``templates/``): Python computes, templates present.

Two environments over the same templates, picked by the template's extension:

- ``.html``: HTML autoescaped, so a department's name can never become markup; whitespace
  trimmed so a template's output is one raw-HTML block per element, which Markdown leaves
  alone (see ``rawhtml``).
- ``.md``: every value written with ``{{ }}`` is escaped for Markdown *and* HTML
  (:func:`markdown.md_text`: ``*``, ``|``, ``[``, ``<`` … as character references), so a
  name from a document cannot start a list, a table cell or a link. Values that are page
  structure — HTML made by an ``.html`` template, a heading's ``##`` — come as
  :class:`Markup`; a template marks a link target made by ``urls`` with ``|safe``.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import jinja2
from markupsafe import Markup

from .amounts import DASH
from .markdown import front_matter, md_code, md_text
from .urls import html_link


def _markdown_escaped(value: Any) -> Any:
    """Jinja's ``finalize`` for Markdown templates: plain text escaped, Markup as it is."""
    if hasattr(value, "__html__") or isinstance(value, int):
        return value
    return Markup(md_text(value))


@functools.cache
def environment(markdown: bool = False) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("openbudget.site", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        undefined=jinja2.StrictUndefined,
        finalize=_markdown_escaped if markdown else None,
    )
    env.filters["html_link"] = html_link
    env.globals["dash"] = DASH
    env.globals["front_matter"] = lambda title, *hide: Markup(front_matter(title, hide))
    # Text as the source printed it, in <code>, spaces kept (they may be the damage).
    env.filters["source_text"] = lambda text: Markup(md_code(text or ""))
    return env


#: A heading's id in a Markdown template, ``{ #id }``: ``{#`` would open a Jinja comment.
_TEMPLATE_ID = re.compile(r"\{ #([A-Za-z][\w-]*) \}")


def render(template: str, **values: Any) -> str:
    """``template`` filled with ``values``, without a trailing newline. A Markdown template's
    heading ids (``{ #id }``) come out as Markdown writes them (``{#id}``)."""
    markdown = template.endswith(".md")
    text = environment(markdown).get_template(template).render(**values).strip()
    return _TEMPLATE_ID.sub(r"{#\1}", text) if markdown else text
