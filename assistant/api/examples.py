"""Examples shown in the OpenAPI docs at /docs (taken from real answers, trimmed)."""

from __future__ import annotations

from typing import Any

from assistant.api.schemas import LEEDS_GLD

ANSWER_REQUESTS: dict[str, dict[str, Any]] = {
    "question": {"summary": "A question", "value": {"question": LEEDS_GLD}},
    "follow_up": {
        "summary": "A follow-up in the same conversation",
        "value": {"question": "And in 2017?", "conversation_id": "3f2a9c0d41b84c4e9a7d2e61"},
    },
    "clarification": {
        "summary": "Picking a clarification option",
        "value": {"question": "Newcastle upon Tyne (metropolitan district, North East)",
                  "conversation_id": "3f2a9c0d41b84c4e9a7d2e61"},
    },
}

ANSWER: dict[str, Any] = {
    "status": "answered",
    "text": "Percentage of children achieving a good level of development (EYFSP, 2016-2018) "
            "— Leeds: 65.7%.",
    "value": 65.7,
    "unit": "%",
    "table": {"columns": ["area_code", "area", "period", "value"],
              "rows": [["E08000035", "Leeds", "2018", 65.7]]},
    "sql": "SELECT area_code, area_name AS area, period, value FROM eyfsp_gld_2016_2018 "
           "WHERE ... LIMIT 1000",
    "datasets": [{
        "id": "eyfsp_gld_2016_2018",
        "title": "Early years foundation stage profile - good level of development and areas "
                 "of learning by local authority, England, 2016 to 2018",
        "publisher": "Department for Education",
        "licence": "Open Government Licence v3.0",
        "url": "https://explore-education-statistics.service.gov.uk/find-statistics/"
               "early-years-foundation-stage-profile-results",
        "updated": None,
    }],
    "collection": "early-years",
    "caveats": ["The EYFSP was substantially revised in September 2021; results from 2021/22 "
                "onwards are not comparable with these 2016-2018 results."],
    "clarification": None,
    "suggestions": [],
    "chart": {"kind": "number", "x": None, "y": "value", "series": None,
              "title": "Percentage of children achieving a good level of development"},
    "intent": "value",
    "engine": "offline",
    "hits": [],
    "conversation_id": "3f2a9c0d41b84c4e9a7d2e61",
    "timings_ms": {"total": 48.2},
}

STREAM = (
    "event: progress\ndata: {\"step\": \"retrieving\"}\n\n"
    "event: progress\ndata: {\"step\": \"planning\"}\n\n"
    "event: progress\ndata: {\"step\": \"querying\"}\n\n"
    "event: answer\ndata: {\"status\": \"answered\", \"text\": \"...\", ...}\n\n"
)

ANSWER_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The answer, or with `Accept: text/event-stream` a stream of "
                       "`progress` events then one `answer` event.",
        "content": {"application/json": {"example": ANSWER},
                    "text/event-stream": {"schema": {"type": "string"}, "example": STREAM}},
    },
    400: {"description": "The question is empty or too long (`invalid_request`)."},
}
