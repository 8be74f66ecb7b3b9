"""Altair chart specs for a department page, embedded inline as JSON.

Each chart carries its data in ``data.values`` so a page works offline and from ``file://``;
the browser renders it with the Vega libraries served by the site itself (see ``vendor.py``
and ``docs/javascripts/charts.js``). Labels are Chinese, amounts are 万元 with thousands
separators, and colours come from the Okabe–Ito palette, which stays distinguishable for the
common forms of colour blindness.
"""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from functools import cache
from typing import Any, NamedTuple

import altair as alt
from markupsafe import Markup

from openbudget.schema import amount_fields, field_title

from .amounts import format_amount, format_decimal, to_decimal
from .data import Row
from .layout import render
from .urls import chart_anchor

#: Okabe–Ito colour-blind-safe palette (blue, orange, green, purple, sky, vermilion, yellow).
PALETTE: tuple[str, ...] = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
)
#: Fonts with CJK glyphs first, so SVG text never falls back to boxes.
FONT = (
    '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", '
    '"Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif'
)
AMOUNT_FORMAT = ",.2f"
#: The caption of the chart of spending by 类, the one a reader drills down from.
FUNCTION_CHART = "支出功能分类"
AMOUNT_TITLE = "金额（万元）"
_BAR_STEP = 30

#: Income sources of 部门预算收入总表, in printed column order: every amount column but the
#: totals.
INCOME_SOURCES: tuple[str, ...] = tuple(
    f.name for f in amount_fields("income") if f.name not in {"total", "current_year_subtotal"}
)


def row_level(row: Row) -> int | None:
    """A classified row's level (0 合计, 1 类, 2 款, 3 项); ``None`` when not printed."""
    try:
        return int(row.get("level", ""))
    except ValueError:
        return None


def _total_row(rows: list[Row]) -> Row | None:
    """The 合计 row (level 0) of a classified table, if printed."""
    return next((row for row in rows if row_level(row) == 0), None)


def _share(part: Decimal, whole: Decimal | None) -> float | None:
    """Fraction of the total, rounded so the spec carries no float noise."""
    if whole is None or whole == 0:
        return None
    return float(round(part / whole, 4))


def amount_text(amount: Decimal, printed: str | None = None) -> str:
    """How a chart's amount reads in its data table: as printed when it was printed."""
    return format_amount(printed) if printed and printed.strip() else format_decimal(amount)


def _item(
    name: str, amount: Decimal, whole: Decimal | None, printed: str | None = None
) -> dict[str, Any]:
    """One bar: its name, amount and, when the total is known, its share of the total."""
    item: dict[str, Any] = {
        "name": name,
        "amount": amount,
        "amount_text": amount_text(amount, printed),
    }
    share = _share(amount, whole)
    if share is not None:
        item["share"] = share
    return item


@cache
def _config() -> dict[str, Any]:
    """The shared look (fonts, axes, legend, view), made by Altair once."""
    configured = (
        alt.Chart()
        .mark_bar()
        .configure(font=FONT)
        .configure_axis(labelFontSize=11, titleFontSize=11, labelLimit=240, grid=False)
        .configure_legend(labelFontSize=11, titleFontSize=11, orient="bottom")
        .configure_view(stroke=None)
    )
    return configured.to_dict(validate=False)["config"]


class Shape(NamedTuple):
    """What a bar chart's spec is built from apart from its figures: charts of one shape
    differ only in what :func:`_fill` sets (order, scale, colours, height, title, data)."""

    category_title: str
    color_field: str | None = None
    color_title: str = ""
    given_domain: bool = False  # the parts' order is given (else: sorted)
    grouped: bool = False  # side by side instead of stacked
    shares: bool = False  # the bars carry their share of the whole


class Layout(NamedTuple):
    """A bar chart's figures and what follows from them."""

    order: list[str]  # the categories, top to bottom
    scale: list[float]  # the amount axis' domain
    parts: list[str] | None  # the colours' domain (None: one colour)
    part_sort: list[str] | None  # the side-by-side bars' order, as given
    height: int
    data: dict[str, list[dict[str, Any]]]  # the rows of each layer, by its data name


def _described(item: dict[str, Any], shape: Shape) -> str:
    """What a screen reader says of a bar: its name (and part) and its amount as printed
    (Vega's own description would round 10,610.52 to 10,611)."""
    part = item.get(shape.color_field or "name")
    name = item["name"] if part == item["name"] else f"{item['name']}，{part}"
    amount = item.get("amount_text") or format_decimal(item["amount"])
    return f"{name}：{amount} 万元"


def _layout(
    values: list[dict[str, Any]],
    shape: Shape,
    color_domain: list[str] | None,
    order: list[str] | None,
) -> Layout:
    """Order the categories (by default the largest total first), size the axis with
    head-room on the right for the value labels, and lay out each layer's rows."""
    color_field, grouped = shape.color_field, shape.grouped
    totals: dict[str, Decimal] = {}
    for item in values:
        totals[item["name"]] = totals.get(item["name"], Decimal(0)) + item["amount"]
    if order is None:
        order = [name for name, _ in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))]
    reach = [item["amount"] for item in values] if grouped else list(totals.values())
    top = float(max([Decimal(0), *reach]))
    bottom = float(min([Decimal(0), *reach]))
    parts = None
    if color_field:
        parts = color_domain or sorted({str(item[color_field]) for item in values})
    if grouped and color_field:
        # Side by side: each bar carries its own label (a sum of unlike measures means nothing).
        labels = [
            {"name": item["name"], color_field: item[color_field], "amount": float(item["amount"])}
            for item in values
        ]
        count = len({str(item[color_field]) for item in values})
    else:
        labels = [{"name": name, "amount": float(totals[name])} for name in order if name in totals]
        count = 1
    height = round(_BAR_STEP * max(1, len(totals)) * (1 if count < 2 else 0.6 * min(count, 3)))
    return Layout(
        order=order,
        scale=[round(bottom, 2), round(top * 1.3, 2) if top else 1.0],
        parts=parts,
        part_sort=color_domain,
        height=height,
        data={
            "bars": [
                {**item, "amount": float(item["amount"]), "description": _described(item, shape)}
                for item in values
            ],
            "labels": labels,
        },
    )


def _altair_spec(shape: Shape, layout: Layout, title: str, description: str) -> dict[str, Any]:
    """Horizontal bars (long Chinese names read best on the y axis), labelled with totals,
    as Altair builds them; each layer names its data (``bars``, ``labels``) instead of
    holding it. Bars that share a category are stacked by ``color_field``, or side by side."""
    color_field = shape.color_field
    # No y-axis title: the chart title names the categories, and a rotated Chinese title reads
    # badly. The category name is still in the tooltip.
    y = alt.Y("name:N", title=None, sort=layout.order)
    tooltip = [alt.Tooltip("name:N", title=shape.category_title)]
    if color_field and color_field != "name":
        tooltip.append(alt.Tooltip(f"{color_field}:N", title=shape.color_title))
    tooltip.append(alt.Tooltip("amount:Q", title=AMOUNT_TITLE, format=AMOUNT_FORMAT))
    if shape.shares:
        tooltip.append(alt.Tooltip("share:Q", title="占比", format=".1%"))
    color: Any = alt.value(PALETTE[0])
    extra: dict[str, Any] = {}
    label_extra: dict[str, Any] = {}
    if shape.grouped and color_field:
        extra["yOffset"] = alt.YOffset(f"{color_field}:N", sort=layout.part_sort)
        label_extra["yOffset"] = alt.YOffset(f"{color_field}:N", sort=layout.part_sort)
    if color_field and layout.parts is not None:
        color = alt.Color(
            f"{color_field}:N",
            title=shape.color_title,
            scale=alt.Scale(domain=layout.parts, range=list(PALETTE[: len(layout.parts)])),
            # Colouring the categories themselves needs no legend: the axis names them.
            legend=None if color_field == "name" else alt.Legend(title=shape.color_title),
        )
    bars = (
        alt.Chart(alt.Data(name="bars"))
        .mark_bar(height={"band": 0.7})
        .encode(
            x=alt.X(
                "amount:Q",
                title=AMOUNT_TITLE,
                axis=alt.Axis(format=",.0f", tickCount=5),
                scale=alt.Scale(domain=layout.scale, nice=True),
            ),
            y=y,
            color=color,
            tooltip=tooltip,
            description=alt.Description("description:N"),
            **extra,
        )
    )
    labels = (
        alt.Chart(alt.Data(name="labels"))
        .mark_text(align="left", baseline="middle", dx=4, fontSize=11, color="#333333")
        .encode(
            x=alt.X("amount:Q"),
            y=alt.Y("name:N", sort=layout.order),
            text=alt.Text("amount:Q", format=AMOUNT_FORMAT),
            **label_extra,
        )
    )
    layered = alt.layer(bars, labels)
    # Set in place: each Altair method call would copy the whole chart.
    layered.width, layered.height = "container", layout.height
    layered.title = alt.TitleParams(title, anchor="start", fontSize=14)
    layered.description = description
    spec = layered.to_dict(validate=False)  # the specs are validated once, by a test
    spec.pop("$schema", None)
    return spec


@cache
def _template(shape: Shape) -> dict[str, Any]:
    """The spec Altair builds for ``shape``, with stand-in figures that :func:`_fill`
    replaces. Altair takes some 20 ms a chart (it copies and checks the whole chart on
    every call), a fifth of rendering a thousand disclosures; a shape is built once."""
    stand_in = Layout(
        order=["·"],
        scale=[0.0, 1.0],
        parts=["·"] if shape.color_field else None,
        part_sort=["·"] if shape.given_domain else None,
        height=_BAR_STEP,
        data={},
    )
    return _altair_spec(shape, stand_in, "·", "·")


def _fill(spec: dict[str, Any], shape: Shape, layout: Layout, title: str, description: str):
    """Put a chart's own figures into a copy of its shape's template, where
    :func:`_altair_spec` puts them (``tests/test_charts.py`` checks the two agree)."""
    bars, labels = (layer["encoding"] for layer in spec["layer"])
    bars["x"]["scale"]["domain"] = layout.scale
    bars["y"]["sort"] = labels["y"]["sort"] = layout.order
    if shape.color_field and layout.parts is not None:
        palette = list(PALETTE[: len(layout.parts)])
        bars["color"]["scale"] = {"domain": layout.parts, "range": palette}
    if shape.grouped and shape.color_field and layout.part_sort is not None:
        bars["yOffset"]["sort"] = labels["yOffset"]["sort"] = layout.part_sort
    spec["height"] = layout.height
    spec["title"]["text"] = title
    spec["description"] = description


def _bars(
    values: list[dict[str, Any]],
    category_title: str,
    title: str,
    description: str,
    *,
    color_field: str | None = None,
    color_title: str = "",
    color_domain: list[str] | None = None,
    order: list[str] | None = None,
    grouped: bool = False,
    altair: bool = False,
) -> dict[str, Any]:
    """A bar chart as a plain, deterministic Vega-Lite dict in the shared look, each layer
    with its rows inline (``data.values``). ``order`` fixes the category order.
    ``altair``: build this chart with Altair itself rather than from its shape's template
    (for the test that the two agree)."""
    shape = Shape(
        category_title,
        color_field,
        color_title,
        color_domain is not None,
        grouped,
        any("share" in item for item in values),
    )
    layout = _layout(values, shape, color_domain, order)
    if altair:
        spec = _altair_spec(shape, layout, title, description)
    else:
        spec = copy.deepcopy(_template(shape))
        _fill(spec, shape, layout, title, description)
    spec["config"] = copy.deepcopy(_config())
    for layer in spec["layer"]:
        layer["data"] = {"values": layout.data[layer["data"]["name"]]}
    return spec


def function_class_chart(expenditure: list[Row]) -> dict[str, Any] | None:
    """支出功能分类（类）: the level-1 rows of 部门预算支出总表."""
    total_row = _total_row(expenditure)
    whole = to_decimal(total_row.get("total")) if total_row else None
    values = []
    for row in expenditure:
        amount = to_decimal(row.get("total"))
        if row_level(row) != 1 or amount is None:
            continue
        name = row.get("function_name", "").strip() or row.get("function_code", "")
        values.append(_item(name, amount, whole, row.get("total")))
    if not values:
        return None
    return _bars(
        values, "功能分类（类）", "支出功能分类", "按支出功能分类（类级）列示的支出合计，单位万元。"
    )


def basic_project_chart(expenditure: list[Row]) -> dict[str, Any] | None:
    """基本支出 vs 项目支出 from the 合计 row of 部门预算支出总表."""
    total_row = _total_row(expenditure)
    if total_row is None:
        return None
    whole = to_decimal(total_row.get("total"))
    values = []
    for column in ("basic", "project"):
        amount = to_decimal(total_row.get(column))
        if amount is None:
            continue
        values.append(
            _item(field_title("expenditure", column), amount, whole, total_row.get(column))
        )
    if not values:
        return None
    names = [field_title("expenditure", column) for column in ("basic", "project")]
    return _bars(
        values,
        "支出类型",
        "基本支出与项目支出",
        "支出合计中基本支出和项目支出的金额，单位万元。",
        color_field="name",
        color_title="支出类型",
        color_domain=names,
        order=names,
    )


def economic_class_chart(basic: list[Row]) -> dict[str, Any] | None:
    """基本支出按经济分类: level-1 rows of the 基本支出表, split 人员经费 / 公用经费."""
    parts = [("personnel", field_title("basic_expenditure", "personnel"))]
    parts.append(("public_funds", field_title("basic_expenditure", "public_funds")))
    values = []
    for row in basic:
        if row_level(row) != 1:
            continue
        name = row.get("economic_name", "").strip() or row.get("economic_code", "")
        for column, label in parts:
            amount = to_decimal(row.get(column))
            if amount is None or amount == 0:
                continue
            values.append(
                {
                    "name": name,
                    "part": label,
                    "amount": amount,
                    "amount_text": amount_text(amount, row.get(column)),
                }
            )
    if not values:
        return None
    return _bars(
        values,
        "经济分类（类）",
        "基本支出经济分类",
        "一般公共预算财政拨款基本支出按经济分类（类级）列示，分人员经费和公用经费，单位万元。",
        color_field="part",
        color_title="经费类型",
        color_domain=[label for _, label in parts],
    )


def income_source_chart(income: list[Row]) -> dict[str, Any] | None:
    """收入来源: the 合计 row columns of 部门预算收入总表 that carry an amount."""
    total_row = _total_row(income)
    if total_row is None:
        return None
    whole = to_decimal(total_row.get("total"))
    values = []
    for column in INCOME_SOURCES:
        amount = to_decimal(total_row.get(column))
        if amount is None or amount == 0:
            continue
        values.append(_item(field_title("income", column), amount, whole, total_row.get(column)))
    if not values:
        return None
    order = [item["name"] for item in values]
    return _bars(
        values,
        "收入来源",
        "收入来源",
        "部门预算收入总表合计行按收入来源列示，单位万元。",
        order=order,
    )


def department_charts(
    expenditure: list[Row], basic: list[Row], income: list[Row]
) -> list[tuple[str, dict[str, Any]]]:
    """All charts a department's tables support, as (caption, spec), in page order."""
    candidates = [
        (FUNCTION_CHART, function_class_chart(expenditure)),
        ("基本支出与项目支出", basic_project_chart(expenditure)),
        ("基本支出经济分类", economic_class_chart(basic)),
        ("收入来源", income_source_chart(income)),
    ]
    return [(caption, spec) for caption, spec in candidates if spec is not None]


def spec_json(spec: dict[str, Any]) -> str:
    """Serialise a spec deterministically and safely for a ``<script>`` element."""
    text = json.dumps(spec, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def comparison_chart(
    title: str,
    description: str,
    category_title: str,
    values: list[dict[str, Any]],
    *,
    parts: list[str],
    part_title: str,
    order: list[str],
    grouped: bool = False,
) -> dict[str, Any] | None:
    """Bars per category (a department, a year), stacked or side by side by ``part``.

    ``values`` are ``{"name", "part", "amount": Decimal, "amount_text"}``; zero and missing
    amounts should be left out by the caller.
    """
    if not values:
        return None
    used = [part for part in parts if any(item["part"] == part for item in values)]
    return _bars(
        values,
        category_title,
        title,
        description,
        color_field="part",
        color_title=part_title,
        color_domain=used,
        order=[name for name in order if any(item["name"] == name for item in values)],
        grouped=grouped,
    )


def _cell_text(item: dict[str, Any]) -> str:
    if item.get("amount_text"):
        return str(item["amount_text"])
    return format_decimal(Decimal(str(item["amount"])))


def chart_table(spec: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    """The chart's figures as a table, for readers who cannot see the chart: its headings and
    rows (the category, then each figure as printed).

    Read from the spec itself (first layer's inline data and encodings), so every chart gets
    its table. Stacked or grouped charts become one row per category, one column per part.
    """
    layer = spec["layer"][0]
    values: list[dict[str, Any]] = layer["data"]["values"]
    encoding = layer["encoding"]
    tips = {tip["field"]: tip.get("title", tip["field"]) for tip in encoding.get("tooltip", [])}
    order = encoding.get("y", {}).get("sort")
    names: list[str] = []
    for item in values:
        if item["name"] not in names:
            names.append(item["name"])
    if isinstance(order, list):
        names = [name for name in order if name in names] + [n for n in names if n not in order]
    color = encoding.get("color", {})
    part_field = color.get("field") if isinstance(color, dict) else None
    head = [tips.get("name", "名称")]
    rows = []
    if part_field and part_field != "name":
        parts = list(color.get("scale", {}).get("domain") or [])
        parts += sorted({str(item[part_field]) for item in values} - set(parts))
        stacked = "yOffset" not in encoding
        head += [f"{part}（万元）" for part in parts]
        if stacked and len(parts) > 1:
            head.append("合计（万元）")
        for name in names:
            cells = {str(item[part_field]): item for item in values if item["name"] == name}
            row = [name] + [_cell_text(cells[part]) if part in cells else "" for part in parts]
            if stacked and len(parts) > 1:
                total = sum(
                    (to_decimal(_cell_text(item)) or Decimal(0) for item in cells.values()),
                    Decimal(0),
                )
                row.append(format_decimal(total))
            rows.append(row)
    else:
        shares = any("share" in item for item in values)
        head.append("金额（万元）")
        if shares:
            head.append("占比")
        for name in names:
            item = next(item for item in values if item["name"] == name)
            row = [name, _cell_text(item)]
            if shares:
                share = item.get("share")
                row.append("" if share is None else f"{Decimal(str(share)) * 100:.1f}%")
            rows.append(row)
    return head, rows


def chart_html(caption: str, spec: dict[str, Any], alt: str = "", drill: str = "") -> str:
    """The placeholder ``charts.js`` turns into a chart (kept out of the search index), with
    the chart's figures in a collapsed table right after it (``charts.js`` draws the chart
    before the table): ``templates/chart.html``. ``alt``: a sentence with the main figure,
    read after the caption; ``drill``: the id of the blocks a click on a bar opens (see
    :mod:`.drill`)."""
    head, rows = chart_table(spec)
    return render(
        "chart.html",
        id=chart_anchor(caption),
        label=f"{caption}：{alt}" if alt else caption,
        drill=drill,
        spec=Markup(spec_json(spec)),
        caption=caption,
        head=head,
        rows=rows,
    )
