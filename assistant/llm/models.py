"""The chat model named by the settings, built with LangChain's own integrations.

No hand-written HTTP client: `langchain_openai.ChatOpenAI` talks to OpenAI or any
OpenAI-compatible endpoint (vLLM, llama.cpp server, LM Studio, Ollama's /v1…) and
`langchain_ollama.ChatOllama` to an Ollama server. Both are imported only when chosen.
Building a model opens no connection; the first call does.
"""

from __future__ import annotations

import os

from langchain_core.language_models import BaseChatModel

from assistant.llm.errors import LLMNotConfigured
from assistant.settings import Settings

LLM_ENGINES = ("openai", "ollama")
# Local OpenAI-compatible servers ignore the key, but the client insists on one.
PLACEHOLDER_KEY = "not-needed"
MAX_RETRIES = 1


def chat_model(settings: Settings) -> BaseChatModel | None:
    """The configured chat model, or None when `engine` is `offline`."""
    if settings.engine == "offline":
        return None
    if not settings.llm_model:
        raise LLMNotConfigured(
            f"NDL_ENGINE={settings.engine} needs NDL_LLM_MODEL (the model name).",
            engine=settings.engine,
        )
    if settings.engine == "openai":
        from langchain_openai import ChatOpenAI

        key = settings.llm_api_key or os.environ.get("OPENAI_API_KEY") or PLACEHOLDER_KEY
        return ChatOpenAI(
            model=settings.llm_model,
            base_url=settings.llm_base_url,
            api_key=key,
            timeout=settings.llm_timeout_s,
            max_retries=MAX_RETRIES,
            temperature=0,
        )
    if settings.engine == "ollama":
        from langchain_ollama import ChatOllama

        return ChatOllama(
            model=settings.llm_model,
            base_url=settings.ollama_base_url,
            temperature=0,
            client_kwargs={"timeout": settings.llm_timeout_s},
        )
    raise LLMNotConfigured(f"unknown engine {settings.engine!r}", engine=settings.engine)
