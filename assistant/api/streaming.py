"""Server-sent events for answers: `progress` events while the pipeline works, then one
`answer` (or `error`) event.

The pipeline is synchronous and CPU-bound, so it runs in a worker thread; its `on_step`
callback feeds an asyncio queue that the response generator drains as events.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import json
import logging
import threading
from collections.abc import AsyncIterator
from typing import Any

from fastapi.responses import StreamingResponse

from assistant.api.errors import error_body
from assistant.conversation import Conversation
from assistant.errors import NDLError
from assistant.pipeline import Pipeline

log = logging.getLogger("ndl.api")
MEDIA_TYPE = "text/event-stream"
Event = tuple[str, dict[str, Any]]
# OpenAPI 3.1 (what FastAPI writes) has a text/event-stream `schema` describe each event, as
# clients and schemathesis read it; 3.2 would call this `itemSchema`.
EVENT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["event", "data"],
    "properties": {
        "event": {"type": "string", "enum": ["progress", "answer", "error"]},
        "data": {"type": "string",
                 "description": 'One line of JSON: `{"step": ...}` for `progress`, the answer '
                                "for `answer`, the error body for `error`."},
    },
}


def with_event_schema(responses: dict[int | str, dict[str, Any]]
                      ) -> dict[int | str, dict[str, Any]]:
    """The responses with the events of the 200 event stream described as SSE events."""
    ok = responses[200]
    stream = {**ok["content"][MEDIA_TYPE], "schema": EVENT_SCHEMA}
    return {**responses, 200: {**ok, "content": {**ok["content"], MEDIA_TYPE: stream}}}


def wants_stream(accept: str | None) -> bool:
    return MEDIA_TYPE in (accept or "").lower()


def sse(event: str, data: dict[str, Any]) -> str:
    """One SSE frame: an event name and a single line of JSON."""
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def _run(pipeline: Pipeline, question: str, conversation: Conversation | None,
         put: Any) -> None:
    """The worker: answer, reporting each step, then the answer or a JSON error."""
    try:
        answer = pipeline.answer(question, conversation,
                                 on_step=lambda step: put(("progress", {"step": step})))
        put(("answer", answer.to_json_dict()))
    except NDLError as exc:
        put(("error", exc.to_dict()))
    except Exception:
        log.exception("unexpected error while streaming an answer")
        put(("error", error_body("internal_error", "Something went wrong on our side.")))


async def answer_events(pipeline: Pipeline, question: str,
                        conversation: Conversation | None) -> AsyncIterator[str]:
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[Event] = asyncio.Queue()

    def put(item: Event) -> None:
        with contextlib.suppress(RuntimeError):  # the client left and the loop closed
            loop.call_soon_threadsafe(queue.put_nowait, item)

    context = contextvars.copy_context()  # keeps the request id on the worker's log lines
    threading.Thread(target=context.run, args=(_run, pipeline, question, conversation, put),
                     name="ndl-answer", daemon=True).start()
    while True:
        event, data = await queue.get()
        yield sse(event, data)
        if event != "progress":
            return


def stream_answer(pipeline: Pipeline, question: str,
                  conversation: Conversation | None) -> StreamingResponse:
    return StreamingResponse(
        answer_events(pipeline, question, conversation), media_type=MEDIA_TYPE,
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
