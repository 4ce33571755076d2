"""Errors of the LLM backend; the route turns them into a fallback, never a 500."""

from __future__ import annotations

from assistant.errors import NDLError


class LLMNotConfigured(NDLError):
    """`NDL_ENGINE` names an LLM backend but a setting it needs is missing."""

    code = "llm_not_configured"
    status = 503


class LLMUnavailable(NDLError):
    """The model did not answer: it is down, refused the request or timed out."""

    code = "llm_unavailable"
    status = 503


class LLMTimeout(LLMUnavailable):
    code = "llm_timeout"
    status = 504
