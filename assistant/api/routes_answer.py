"""POST /v1/answer and GET /v1/answer/stream: thin over `Pipeline.answer`.

Every answer belongs to a conversation kept in memory; send its `conversation_id` back
to ask a follow-up or to pick one of a clarification's options.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Depends, Query, Request
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from assistant.api.errors import ERROR_RESPONSES
from assistant.api.examples import ANSWER_REQUESTS, ANSWER_RESPONSES
from assistant.api.schemas import CONVERSATION_ID, LEEDS_GLD, AnswerRequest
from assistant.api.state import AppState, app_state
from assistant.api.streaming import stream_answer, wants_stream, with_event_schema
from assistant.models import Answer
from assistant.pipeline import clean_question

router = APIRouter(prefix="/v1", tags=["answers"])
RESPONSES = with_event_schema({**ERROR_RESPONSES, **ANSWER_RESPONSES})
RESPONSES[400] = {**ERROR_RESPONSES[422], **ANSWER_RESPONSES[400]}


@router.post("/answer", response_model=Answer, responses=RESPONSES, summary="Answer a question")
async def post_answer(
    body: Annotated[AnswerRequest, Body(openapi_examples=ANSWER_REQUESTS)],
    request: Request,
    st: Annotated[AppState, Depends(app_state)],
) -> Answer | StreamingResponse:
    """Answer a plain-English question with the figure, table, SQL, chart spec and sources.

    Send `Accept: text/event-stream` to receive progress events while it works.
    """
    clean_question(body.question, st.pipeline.resources.settings.max_question_chars)
    conversation = st.conversations.get(body.conversation_id)
    if wants_stream(request.headers.get("accept")):
        return stream_answer(st.pipeline, body.question, conversation)
    return await run_in_threadpool(st.pipeline.answer, body.question, conversation)


@router.get("/answer/stream", response_class=StreamingResponse, responses=RESPONSES,
            summary="Answer a question, streaming progress (server-sent events)")
def get_answer_stream(
    st: Annotated[AppState, Depends(app_state)],
    question: Annotated[str, Query(description="A question in plain English.",
                                   examples=[LEEDS_GLD])],
    conversation_id: Annotated[str | None, Query(pattern=CONVERSATION_ID)] = None,
) -> StreamingResponse:
    """`event: progress` with `{"step": ...}` for each step, then `event: answer` with the
    answer JSON (or `event: error` with the error JSON). Usable from `EventSource`."""
    clean_question(question, st.pipeline.resources.settings.max_question_chars)
    return stream_answer(st.pipeline, question, st.conversations.get(conversation_id))
