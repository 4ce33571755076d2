"""The Gradio chat on the small real index: handlers driven like the browser drives them,
charts and views built from real answers, and the page mounted on the API app."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any

import gradio as gr
import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.models import Answer
from assistant.pipeline import Pipeline
from assistant.settings import Settings
from ui import charts, view
from ui.collections_view import collections_view, shown_collections
from ui.handlers import SORRY, ChatHandlers
from ui.layout import Widgets, chat_tab

GLD_LEEDS = "What percentage of children in Leeds reached a good level of development in 2018?"
COMPARE = ("What share of children in Leeds reached a good level of development in 2018, "
           "and how does that compare with England?")
TREND = "How has the good level of development in Leeds changed from 2016 to 2018?"
NEWCASTLE = "What is life expectancy in Newcastle?"


@pytest.fixture(scope="module")
def widgets() -> Widgets:
    with gr.Blocks(), gr.Tabs() as tabs, gr.Tab("Chat", id="chat"):
        return chat_tab(tabs)


@pytest.fixture(scope="module")
def handlers(widgets: Widgets, pipeline: Pipeline) -> ChatHandlers:
    return ChatHandlers(widgets, lambda: pipeline)


def run(steps: Iterator[dict[Any, Any]]) -> list[dict[Any, Any]]:
    return list(steps)


def last_reply(updates: list[dict[Any, Any]], w: Widgets) -> str:
    history = next(u[w.chat] for u in reversed(updates) if w.chat in u)
    assert history[-1]["role"] == "assistant"
    return str(history[-1]["content"])


# handlers ---------------------------------------------------------------------------------

def test_ask_reports_progress_then_every_piece(handlers: ChatHandlers, widgets: Widgets) -> None:
    updates = run(handlers.ask(GLD_LEEDS, [], None))
    statuses = [u[widgets.status] for u in updates if widgets.status in u]
    steps = [s for s in statuses if "step" in s]
    assert ["1 of 3" in steps[0], "2 of 3" in steps[1], "3 of 3" in steps[2]] == [True] * 3
    assert 'role="status"' in statuses[-1] and "working" not in statuses[-1]
    final = updates[-1]
    assert "65.7%" in last_reply(updates, widgets)
    assert final[widgets.plot].visible and final[widgets.table].visible
    assert final[widgets.download].visible
    assert final[widgets.download].value["orig_name"] == (
        "percentage-of-children-achieving-a-good-level-of.csv")
    assert "Department for Education" in final[widgets.sources]
    assert "SELECT" in final[widgets.sql] and final[widgets.sql_box].visible
    assert final[widgets.conversation] is not None
    assert not final[widgets.options_box].visible


def test_follow_up_uses_the_conversation_in_state(handlers: ChatHandlers,
                                                  widgets: Widgets) -> None:
    first = run(handlers.ask(GLD_LEEDS, [], None))
    history, conversation = first[-1][widgets.chat], first[-1][widgets.conversation]
    second = run(handlers.ask("And in 2017?", history, conversation))
    assert len(second[-1][widgets.chat]) == 4
    assert "Leeds" in last_reply(second, widgets) and "2016/17" in last_reply(second, widgets)


def test_clarification_options_become_buttons(handlers: ChatHandlers, widgets: Widgets) -> None:
    asked = run(handlers.ask(NEWCASTLE, [], None))[-1]
    assert asked[widgets.options_box].visible
    shown = [asked[b].value for b in widgets.options if asked[b].visible]
    assert len(shown) == 2 and any("upon Tyne" in o for o in shown)
    assert not asked[widgets.details].visible  # nothing stale on the right
    tyne = next(o for o in shown if "upon Tyne" in o)
    picked = run(handlers.ask(tyne, asked[widgets.chat], asked[widgets.conversation]))
    assert "Newcastle upon Tyne" in last_reply(picked, widgets)
    assert picked[-1][widgets.plot].visible
    assert not picked[-1][widgets.options_box].visible


def test_errors_are_plain_english(handlers: ChatHandlers, widgets: Widgets) -> None:
    updates = run(handlers.ask("x" * 2000, [], None))
    reply = last_reply(updates, widgets)
    assert reply.startswith("The question is too long")
    assert "problem" in updates[-1][widgets.status] and "Traceback" not in reply


def test_unexpected_failure_says_sorry(widgets: Widgets) -> None:
    def broken() -> Pipeline:
        raise RuntimeError("internal detail")

    updates = run(ChatHandlers(widgets, broken).ask(GLD_LEEDS, [], None))
    assert last_reply(updates, widgets) == SORRY
    assert "internal detail" not in str(updates[-1][widgets.status])


def test_empty_question_asks_for_one(handlers: ChatHandlers, widgets: Widgets) -> None:
    updates = run(handlers.ask("   ", [{"role": "user", "content": "hi"}], None))
    assert len(updates) == 1 and widgets.chat not in updates[0]
    assert "type a question" in updates[0][widgets.status]


def test_new_conversation_clears_everything(handlers: ChatHandlers, widgets: Widgets) -> None:
    cleared = handlers.new_conversation()
    assert cleared[widgets.chat] == [] and cleared[widgets.conversation] is None
    assert not cleared[widgets.details].visible and cleared[widgets.placeholder].visible


def test_example_from_collections_switches_to_the_chat(handlers: ChatHandlers,
                                                       widgets: Widgets) -> None:
    updates = run(handlers.ask_from_tab(GLD_LEEDS, [], None))
    assert updates[0][widgets.tabs].selected == "chat"
    assert "65.7%" in last_reply(updates, widgets)


# charts and views --------------------------------------------------------------------------

def test_chart_kind_follows_the_intent(pipeline: Pipeline) -> None:
    number = charts.figure(pipeline.answer(GLD_LEEDS))
    assert number is not None and "65.7%" in number.layout.annotations[0].text
    bars = charts.figure(pipeline.answer(COMPARE))
    assert bars is not None and bars.data[0].type == "bar"
    assert list(bars.data[0].x) == ["Leeds", "England"]
    assert list(bars.data[0].marker.color) == [charts.BLUE, charts.GREY]
    line = charts.figure(pipeline.answer(TREND))
    assert line is not None and line.data[0].type == "scatter"
    assert list(line.data[0].x) == ["2015/16", "2016/17", "2017/18"]
    assert charts.figure(pipeline.answer(NEWCASTLE)) is None


def test_bar_labels_name_what_differs() -> None:
    answer = Answer(status="answered", text="", chart={"kind": "bar", "x": "area", "y": "value"},
                    table={"columns": ["area", "period", "sex", "value"],
                           "rows": [["Leeds", "2023", "Female", 82.1],
                                    ["Leeds", "2023", "Male", 77.7]]})
    assert charts.bar_labels(answer) == ["Female", "Male"]


def test_csv_download_holds_the_table(pipeline: Pipeline, tmp_path: Any) -> None:
    answer = pipeline.answer(COMPARE)
    path = view.write_csv(answer, tmp_path)
    assert path is not None and path.suffix == ".csv"
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == answer.table.columns
    assert [r[1] for r in rows[1:]] == ["Leeds", "England"]
    assert view.write_csv(Answer(status="no_answer", text=""), tmp_path) is None


def test_sources_and_table_are_readable(pipeline: Pipeline) -> None:
    answer = pipeline.answer(GLD_LEEDS)
    sources = view.sources_markdown(answer)
    cited = answer.datasets[0]
    assert f"]({cited.url})" in sources
    assert "Publisher: Department for Education" in sources
    assert "Licence: Open Government Licence" in sources and "Last updated:" in sources
    table = view.table_value(answer)
    assert table is not None and table["headers"][-1] == "Value (%)"
    assert view.escape_md("a*b_[c]") == "a\\*b\\_\\[c\\]"


# collections and the mounted page ----------------------------------------------------------

def test_collections_view_lists_themes_with_examples(pipeline: Pipeline) -> None:
    layer = pipeline.resources.layer
    with gr.Blocks():
        buttons = collections_view(layer)
    shown = shown_collections(layer)
    assert shown and all(any(i in layer.datasets for i in c.dataset_ids) for c in shown)
    assert [b.question for b in buttons] == [q for c in shown for q in c.examples]
    assert GLD_LEEDS in [b.question for b in buttons]


def test_ui_is_served_at_root_beside_the_api(small_index: Settings) -> None:
    with TestClient(create_app(small_index, with_ui=True)) as client:
        page = client.get("/")
        assert page.status_code == 200 and "text/html" in page.headers["content-type"]
        assert "Ask the National Data Library" in page.text
        config = client.get("/config").json()
        ids = {c.get("props", {}).get("elem_id") for c in config["components"]}
        assert {"question", "ask", "new-conversation", "chat", "chart", "table",
                "download-csv", "sources", "sql", "status", "collections-tab"} <= ids
        labelled = {c["props"]["elem_id"]: c["props"].get("label") for c in config["components"]
                    if c.get("props", {}).get("elem_id") in {"question", "chat", "table"}}
        assert all(labelled.values())
        assert client.get("/v1/health").json()["status"] == "ok"
        assert client.get("/v1/nope").json()["error"]["code"] == "not_found"


def test_sql_is_laid_out_for_reading_without_changing_it() -> None:
    ran = ('SELECT "area" FROM t WHERE ((("a" = 1 AND "b" = 2) AND "c" = 3) OR "d" = 4) '
           'AND NOT "v" IS NULL LIMIT 10')
    shown = view.pretty_sql(ran)
    assert '"a" = 1 AND "b" = 2 AND "c" = 3' in shown and "\nLIMIT 10" in shown
    assert view.pretty_sql("not sql (((") == "not sql ((("
