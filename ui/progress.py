"""Runs the pipeline in a worker thread and reports each step as it starts.

Gradio shows a generator's yields as they come, so the chat's handler iterates this:
step names while the pipeline works, then the Answer. Exceptions reach the caller.
"""

from __future__ import annotations

import html
import queue
import threading
from collections.abc import Iterator

from assistant.conversation import Conversation
from assistant.models import Answer
from assistant.pipeline import Pipeline

STEPS = {
    "starting": "Reading your question…",
    "retrieving": "Finding the right data (step 1 of 3)…",
    "planning": "Working out how to answer (step 2 of 3)…",
    "querying": "Running the query (step 3 of 3)…",
}
Item = tuple[str, str | Answer | BaseException]


def answer_steps(pipeline: Pipeline, question: str,
                 conversation: Conversation | None) -> Iterator[str | Answer]:
    """Yield step names ('retrieving', 'planning', 'querying'), then the Answer."""
    items: queue.Queue[Item] = queue.Queue()

    def work() -> None:
        try:
            answer = pipeline.answer(question, conversation,
                                     on_step=lambda step: items.put(("step", step)))
            items.put(("done", answer))
        except BaseException as exc:  # handed to the caller's thread, not lost
            items.put(("error", exc))

    threading.Thread(target=work, name="ndl-chat", daemon=True).start()
    while True:
        kind, item = items.get()
        if isinstance(item, BaseException):
            raise item
        yield item
        if kind == "done":
            return


def status_html(step: str | None = None, problem: str | None = None) -> str:
    """The live status line (role=status, so screen readers announce it)."""
    if problem:
        body = f'<span class="problem">{html.escape(problem)}</span>'
    elif step:
        body = f'<span class="working">{html.escape(STEPS.get(step, step))}</span>'
    else:
        body = ""
    return f'<div role="status" aria-live="polite">{body}</div>'
