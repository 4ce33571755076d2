"""Plotly figures built from result rows and the answer's chart spec (never from code)."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go

from assistant.formatting import number
from assistant.models import Answer

PALETTE = ["#1d70b8", "#d4351c", "#00703c", "#f47738", "#4c2c92", "#28a197", "#b58840"]


def _column(answer: Answer, name: str | None) -> list[Any]:
    cols = answer.table.columns
    if name is None or name not in cols:
        return []
    i = cols.index(name)
    return [row[i] for row in answer.table.rows]


def figure(answer: Answer) -> go.Figure | None:
    spec = answer.chart
    if answer.status != "answered" or spec.kind == "none" or not answer.table.rows:
        return None
    fig = go.Figure()
    if spec.kind == "number":
        fig.add_annotation(text=number(answer.value, answer.unit), showarrow=False,
                           font={"size": 54, "color": PALETTE[0]}, x=0.5, y=0.55)
        fig.update_xaxes(visible=False)
        fig.update_yaxes(visible=False)
    elif spec.kind == "bar":
        fig.add_bar(x=[str(x) for x in _column(answer, spec.x)], y=_column(answer, spec.y),
                    marker_color=PALETTE[0])
    else:
        _lines(fig, answer)
    fig.update_layout(title=spec.title, template="plotly_white", height=360,
                      margin={"l": 40, "r": 20, "t": 50, "b": 40},
                      yaxis_title=answer.unit or "")
    return fig


def _lines(fig: go.Figure, answer: Answer) -> None:
    spec = answer.chart
    xs, ys = _column(answer, spec.x), _column(answer, spec.y)
    keys = _column(answer, spec.series) or ["" for _ in xs]
    for n, key in enumerate(dict.fromkeys(keys)):
        points = [(x, y) for x, y, k in zip(xs, ys, keys, strict=True) if k == key]
        fig.add_scatter(x=[str(p[0]) for p in points], y=[p[1] for p in points],
                        mode="lines+markers", name=str(key) or spec.title,
                        line={"color": PALETTE[n % len(PALETTE)]})
