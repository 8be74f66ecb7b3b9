"""Page parts from Jinja templates (``templates/``): Python computes, templates present.

One environment for the site: HTML autoescaped (so a department's name can never become
markup), templates read from the installed package, whitespace trimmed so a template's
output is one raw-HTML block per element, which Markdown leaves alone (see ``rawhtml``).
"""

from __future__ import annotations

import functools
import re
from typing import Any

import jinja2
from markupsafe import Markup

from .amounts import DASH
from .markdown import html_link, md_code


@functools.cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("openbudget.site", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["html_link"] = html_link
    env.globals["dash"] = DASH
    # Text as the source printed it, in <code>, spaces kept (they may be the damage).
    env.filters["source_text"] = lambda text: Markup(md_code(text or ""))
    return env


#: A heading's id in a Markdown template, ``{ #id }``: ``{#`` would open a Jinja comment.
_TEMPLATE_ID = re.compile(r"\{ #([A-Za-z][\w-]*) \}")


def render(template: str, **values: Any) -> str:
    """``template`` filled with ``values``, without a trailing newline. A Markdown template's
    heading ids (``{ #id }``) come out as Markdown writes them (``{#id}``)."""
    text = environment().get_template(template).render(**values).strip()
    return _TEMPLATE_ID.sub(r"{#\1}", text) if template.endswith(".md") else text
