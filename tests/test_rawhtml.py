"""The raw-HTML plugin: pages come out of Markdown exactly as they would without it."""

from __future__ import annotations

import markdown
import pytest
from mkdocs.exceptions import PluginError

from openbudget.site.rawhtml import anchors, put_back, set_aside

EXTENSIONS = ["attr_list", "md_in_html", "tables", "toc", "admonition"]

PAGE = """# 巨鹿县人力资源和社会保障局

<p class="ob-meta">河北省 邢台市 巨鹿县 · 部门编码 101</p>

## 2025 年部门预算 {#y2025}

<div class="ob-figures">
<div class="ob-figure" id="total"><div>收入总计</div><div>2,514.6</div></div>
</div>

<div class="ob-table">
<table>
<tr><td>20807</td><td><code class="ob-raw">就业\tline with a tab</code></td></tr>
</table>
</div>

<div class="ob-listing" markdown>

| 部门 | 年度 |
| --- | --- |
| **巨鹿** | 2025 |

</div>

<details>
<summary>opened</summary>

*Markdown between the tags stays raw HTML, as Markdown leaves it*

</details>

```html
<div class="not-a-block">

</div>
```

!!! note "说明"

    <div class="indented">in an admonition</div>

Text before
<div class="ob-after-text">no blank line before it</div>

<p class="ob-subhead">截止时间：2023-12-31</p>
<div class="ob-table"><table><tr><td>182.79</td></tr></table></div>
<p class="ob-empty" hidden>没有符合条件的项目。</p>

<div>elements on one line</div><p>*Markdown writes them apart*</p>

<div>an element</div> *then text*

<p>an element</p>
*then a line of text*

<div>an element</div>
<span>*then inline HTML*</span>
"""


def _convert(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS)


def test_a_page_converts_the_same_with_its_blocks_set_aside():
    text, blocks = set_aside(PAGE)
    # the meta line, the figures, the table, the run of whole elements
    assert len(blocks) == 4
    assert "ob-figures" not in text and "ob-subhead" not in text and "one line" in text
    assert "ob-listing" in text and "not-a-block" in text
    assert "then text" in text and "then a line" in text and "then inline" in text
    assert put_back(_convert(text), blocks) == _convert(PAGE)


def test_the_blocks_ids_are_registered_for_the_anchor_check():
    _, blocks = set_aside('<div id="a&amp;b"><a name="n" href="#x">x</a><p data-id="no">')
    assert blocks == []  # not a whole element
    _, blocks = set_aside('<div id="a&amp;b"><a name="n" href="#x">x</a></div>')
    assert anchors(blocks) == {"a&b", "n"}


def test_a_lost_placeholder_is_an_error():
    _, blocks = set_aside("<div>x</div>")
    with pytest.raises(PluginError, match="1 HTML blocks were set aside but 0 came back"):
        put_back("<p>nothing</p>", blocks)
