"""Plotly figures built from result rows and the answer's chart spec (never from code).

The kind follows the intent: a bar for comparisons and rankings, a line for trends, one
big number for a single value. Colours are GOV.UK's; comparators (England, the UK…) are
grey so the place asked about stands out.
"""

from __future__ import annotations

import textwrap
from typing import Any

import plotly.graph_objects as go

from assistant.formatting import number
from assistant.models import Answer, Scalar

BLUE, RED, GREEN, ORANGE, PURPLE, TURQUOISE, BROWN = (
    "#1d70b8", "#d4351c", "#00703c", "#f47738", "#4c2c92", "#28a197", "#b58840")
PALETTE = [BLUE, RED, GREEN, ORANGE, PURPLE, TURQUOISE, BROWN]
TEXT, GREY = "#0b0c0c", "#505a5f"
COMPARATORS = frozenset({"england", "united kingdom", "uk", "great britain", "england and wales",
                         "wales", "scotland", "northern ireland"})
FONT = {"family": "Arial, Helvetica, sans-serif", "color": TEXT, "size": 14}
LABEL_COLUMNS = ("area", "period", "year")


def figure(answer: Answer) -> go.Figure | None:
    """The chart for an answered question, or None when there is nothing to draw."""
    spec = answer.chart
    if answer.status != "answered" or spec.kind == "none" or not answer.table.rows:
        return None
    if spec.kind == "number":
        fig = _number(answer)
    elif spec.kind == "bar":
        fig = _bars(answer)
    else:
        fig = _lines(answer)
    _layout(fig, answer)
    return fig


def column(answer: Answer, name: str | None) -> list[Scalar]:
    cols = answer.table.columns
    if name is None or name not in cols:
        return []
    i = cols.index(name)
    return [row[i] for row in answer.table.rows]


def wrap(text: str | None, width: int = 70) -> str:
    return "<br>".join(textwrap.wrap(text or "", width))


def _number(answer: Answer) -> go.Figure:
    first = dict(zip(answer.table.columns, answer.table.rows[0], strict=False))
    value = answer.value if answer.value is not None else first.get(answer.chart.y or "value")
    where = " · ".join(str(first[c]) for c in LABEL_COLUMNS[:2] if first.get(c) is not None)
    fig = go.Figure()
    fig.add_annotation(text=f"<b>{number(value, answer.unit)}</b>", showarrow=False,
                       font={"size": 64, "color": BLUE}, x=0.5, y=0.58, xref="paper",
                       yref="paper")
    if where:
        fig.add_annotation(text=where, showarrow=False, font={"size": 20, "color": GREY},
                           x=0.5, y=0.18, xref="paper", yref="paper")
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.update_layout(height=300)
    return fig


def bar_labels(answer: Answer) -> list[str]:
    """One label per row: the x value, plus the text columns that tell rows apart (sex,
    pupil group…); when every row has the same x, just those columns."""
    xs = [str(x) for x in column(answer, answer.chart.x)]
    if len(set(xs)) == len(xs):
        return xs
    skip = {answer.chart.x, answer.chart.y, "area_code", "value"}
    varying = [c for c in answer.table.columns
               if c not in skip and len({str(v) for v in column(answer, c)}) > 1]
    parts = [[str(v) for v in column(answer, c)] for c in varying]
    keep_x = len(set(xs)) > 1
    return [" ".join(([x] if keep_x else []) + [p[i] for p in parts]) or x
            for i, x in enumerate(xs)]


def _bars(answer: Answer) -> go.Figure:
    labels, values = bar_labels(answer), column(answer, answer.chart.y)
    colours = [GREY if label.lower() in COMPARATORS else BLUE for label in labels]
    text = [number(v, answer.unit) for v in values]
    horizontal = len(labels) > 5 or max(len(label) for label in labels) > 16
    fig = go.Figure()
    if horizontal:
        fig.add_bar(y=labels, x=values, orientation="h", marker_color=colours, text=text,
                    textposition="auto", hovertemplate="%{y}: %{text}<extra></extra>")
        fig.update_yaxes(autorange="reversed", type="category")
        fig.update_layout(height=max(320, 60 + 34 * len(labels)))
    else:
        fig.add_bar(x=labels, y=values, marker_color=colours, text=text, textposition="auto",
                    hovertemplate="%{x}: %{text}<extra></extra>", width=0.6)
        fig.update_xaxes(type="category")
        fig.update_layout(height=360)
    return fig


def _lines(answer: Answer) -> go.Figure:
    spec = answer.chart
    xs, ys = column(answer, spec.x), column(answer, spec.y)
    keys: list[Any] = column(answer, spec.series) or ["" for _ in xs]
    fig = go.Figure()
    for n, key in enumerate(dict.fromkeys(keys)):
        points = [(x, y) for x, y, k in zip(xs, ys, keys, strict=True) if k == key]
        colour = GREY if str(key).lower() in COMPARATORS else PALETTE[n % len(PALETTE)]
        fig.add_scatter(x=[str(p[0]) for p in points], y=[p[1] for p in points],
                        mode="lines+markers", name=str(key) or "Value",
                        line={"color": colour, "width": 3}, marker={"size": 8},
                        text=[number(p[1], answer.unit) for p in points],
                        hovertemplate="%{x}: %{text}<extra>" + str(key) + "</extra>")
    fig.update_xaxes(type="category")
    fig.update_layout(height=380, showlegend=len(set(keys)) > 1,
                      legend={"orientation": "h", "y": -0.2})
    return fig


def _layout(fig: go.Figure, answer: Answer) -> None:
    fig.update_layout(
        title={"text": wrap(answer.chart.title), "font": {"size": 16, "color": TEXT},
               "x": 0, "xanchor": "left"},
        template="plotly_white", font=FONT, separators=".,",
        margin={"l": 20, "r": 30, "t": 80, "b": 40}, paper_bgcolor="#ffffff",
        plot_bgcolor="#ffffff")
    if answer.chart.kind == "bar" and len(fig.data) and fig.data[0].orientation == "h":
        fig.update_xaxes(title_text=answer.unit or "", rangemode="tozero")
    elif answer.chart.kind == "bar":
        fig.update_yaxes(title_text=answer.unit or "", rangemode="tozero")
    elif answer.chart.kind == "line":
        fig.update_yaxes(title_text=answer.unit or "")
