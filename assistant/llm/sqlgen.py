"""Ask the model for SQL and clean what comes back.

Structured output first (`with_structured_output(SQLReply, include_raw=True)`) when the
model supports it; otherwise, or when the endpoint refuses it, a plain-text request whose
reply is cleaned: markdown fences, `SQLQuery:` prefixes, trailing `Explanation:`/
`SQLResult:` sections, leading prose and trailing semicolons are removed. Cleaning never
repairs or rewrites SQL; the guard decides what may run.

Every call has a wall-clock limit (`call_with_timeout`) on top of the client's own
timeout, so a model that hangs ends in `LLMTimeout`, and any exception from the model
becomes `LLMUnavailable`.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import sqlglot
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage, HumanMessage
from langchain_core.runnables import Runnable
from pydantic import BaseModel, Field

from assistant.llm.errors import LLMTimeout, LLMUnavailable

T = TypeVar("T")

PLAIN_FORMAT = """\
Reply in exactly this format and nothing else:
SQLQuery: <one DuckDB SELECT statement, or nothing if the tables cannot answer>
Explanation: <one sentence saying what the query computes>"""

_FENCE = re.compile(r"```[ \t]*([A-Za-z0-9_+-]*)[ \t]*\n?(.*?)(?:```|\Z)", re.S)
_PREFIX = re.compile(r"^\s*(?:SQL\s*Query|SQL|Query)\s*:\s*", re.I)
_LABEL = re.compile(r"^\s*(?:SQL\s*Query|SQL)\s*:", re.I | re.M)
_TAIL = re.compile(r"\n\s*(?:Explanation|SQL\s*Result|Answer|Note|Result)\s*:.*\Z", re.I | re.S)
_START = re.compile(
    r"\bSELECT\b|\bWITH\s+(?:RECURSIVE\s+)?(?:\"[^\"]+\"|\w+)\s*(?:\([^)]*\)\s*)?AS\s*(?:NOT\s+)?"
    r"(?:MATERIALIZED\s+)?\(|\bFROM\s+\w+\s+SELECT\b",
    re.I,
)
_STATEMENT = re.compile(
    r"^\s*\(?\s*(SELECT|WITH|FROM|INSERT|UPDATE|DELETE|DROP|CREATE|ALTER|COPY|ATTACH|"
    r"DETACH|EXPORT|IMPORT|INSTALL|LOAD|PRAGMA|SET|RESET|CALL|USE|CHECKPOINT|VACUUM|"
    r"DESCRIBE|SUMMARIZE|SHOW|TRUNCATE|GRANT|REVOKE|BEGIN|COMMIT|ROLLBACK|EXPLAIN|VALUES|"
    r"MERGE|UNPIVOT|PIVOT)\b",
    re.I,
)


class SQLReply(BaseModel):
    """What the model is asked to return."""

    sql: str = Field(description="One DuckDB SELECT statement that answers the question, "
                                 "or an empty string if the tables cannot answer it.")
    explanation: str = Field(default="", description="One sentence: what the query computes.")


def _strip_semicolons(sql: str) -> str:
    sql = sql.strip()
    while sql.endswith(";"):
        sql = sql[:-1].rstrip()
    return sql


def _parses(sql: str) -> bool:
    try:
        return bool(sqlglot.parse(sql, dialect="duckdb"))
    except Exception:
        return False


def _drop_trailing_prose(sql: str) -> str:
    """'SELECT …\\n\\nThis query returns…' → the longest leading paragraphs that parse."""
    if _parses(sql):
        return sql
    paragraphs = re.split(r"\n\s*\n", sql)
    for n in range(len(paragraphs) - 1, 0, -1):
        head = _strip_semicolons("\n\n".join(paragraphs[:n]))
        if _parses(head):
            return head
    return sql


def clean_sql(text: str) -> str:
    """The SQL statement(s) in a model reply, without fences, labels, prose or final ';'.

    Statements that are not SELECTs are kept as they are (the guard refuses them with a
    message the repair round can use); only wrapping text is removed.
    """
    text = (text or "").strip()
    fenced = [(lang.lower(), body) for lang, body in _FENCE.findall(text) if body.strip()]
    if fenced:
        sql_blocks = [body for lang, body in fenced if lang in {"sql", "duckdb", "postgresql"}]
        text = (sql_blocks or [fenced[0][1]])[0]
    labelled = list(_LABEL.finditer(text))
    if labelled:
        text = text[labelled[0].end():]
    text = _PREFIX.sub("", text, count=1)
    text = _TAIL.sub("", text).strip()
    if not _STATEMENT.match(text):
        start = _START.search(text)
        if start is not None:
            paren = text.rfind("(", 0, start.start())
            if paren != -1 and not text[paren + 1:start.start()].strip():
                text = text[paren:]
            else:
                text = text[start.start():]
    return _drop_trailing_prose(_strip_semicolons(text))


def parse_reply(text: str) -> SQLReply:
    """A plain-text reply as `SQLReply`: JSON {"sql", "explanation"} or labelled text."""
    raw = (text or "").strip()
    body = raw
    fence = _FENCE.search(raw)
    if fence and fence.group(1).lower() in {"json", ""}:
        body = fence.group(2).strip()
    if body.startswith("{"):
        try:
            data = json.loads(body)
        except ValueError:
            data = None
        if isinstance(data, dict) and isinstance(data.get("sql"), str):
            return SQLReply(sql=clean_sql(data["sql"]),
                            explanation=str(data.get("explanation") or ""))
    explanation = ""
    found = re.search(r"^\s*Explanation\s*:\s*(.+)$", raw, re.I | re.M)
    if found:
        explanation = found.group(1).strip()
    return SQLReply(sql=clean_sql(raw), explanation=explanation)


def content_text(message: Any) -> str:
    """Text of a chat message whose content may be a string or a list of parts."""
    content = getattr(message, "content", message)
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = [p if isinstance(p, str) else str(p.get("text") or "")
                 for p in content if isinstance(p, str | dict)]
        return "".join(parts)
    return str(content or "")


def call_with_timeout(fn: Callable[[], T], timeout_s: float) -> T:
    """Run `fn` in a daemon thread; `LLMTimeout` after `timeout_s`, and any exception it
    raises becomes `LLMUnavailable` (the thread is abandoned, never joined)."""
    box: dict[str, Any] = {}
    done = threading.Event()

    def run() -> None:
        try:
            box["value"] = fn()
        except BaseException as err:
            box["error"] = err
        finally:
            done.set()

    threading.Thread(target=run, name="ndl-llm-call", daemon=True).start()
    if not done.wait(max(0.0, timeout_s)):
        raise LLMTimeout(f"the language model did not answer within {timeout_s:g} s",
                         timeout_s=timeout_s)
    if "error" in box:
        err = box["error"]
        if isinstance(err, LLMUnavailable):
            raise err
        if isinstance(err, TimeoutError) or "timeout" in type(err).__name__.lower():
            raise LLMTimeout("the language model timed out", kind=type(err).__name__) from err
        raise LLMUnavailable("the language model could not be reached or refused the request",
                             kind=type(err).__name__) from err
    return box["value"]  # type: ignore[no-any-return]


class Deadline:
    """Time left for one answer (all calls together)."""

    def __init__(self, seconds: float) -> None:
        self.ends = time.monotonic() + seconds

    def left(self) -> float:
        return self.ends - time.monotonic()


class SQLGenerator:
    """Turns prompt messages into a cleaned `SQLReply` with the given chat model."""

    def __init__(self, model: BaseChatModel, timeout_s: float) -> None:
        self.model = model
        self.timeout_s = timeout_s
        self.structured: Runnable[Any, Any] | None
        try:
            self.structured = model.with_structured_output(SQLReply, include_raw=True)
        except (NotImplementedError, ValueError, TypeError, AttributeError):
            self.structured = None  # fake and plain models: ask for text

    def _limit(self, deadline: Deadline | None) -> float:
        left = self.timeout_s if deadline is None else min(self.timeout_s, deadline.left())
        if left <= 0:
            raise LLMTimeout("no time was left for another language model call")
        return left

    def generate(self, messages: Sequence[BaseMessage],
                 deadline: Deadline | None = None) -> SQLReply:
        """One model reply as cleaned SQL; raises `LLMUnavailable`/`LLMTimeout`."""
        prompt = list(messages)
        refused = False
        structured = self.structured
        if structured is not None:
            try:
                out = call_with_timeout(lambda: structured.invoke(prompt), self._limit(deadline))
            except LLMTimeout:
                raise
            except LLMUnavailable:
                refused = True  # down, or the endpoint refuses tools/json_schema: try text
            else:
                reply = self._from_structured(out)
                if reply is not None:
                    return reply
        plain = [*prompt, HumanMessage(content=PLAIN_FORMAT)]
        message = call_with_timeout(lambda: self.model.invoke(plain), self._limit(deadline))
        if refused:
            self.structured = None  # text works where structured output failed: keep to text
        return parse_reply(content_text(message))

    @staticmethod
    def _from_structured(out: Any) -> SQLReply | None:
        if not isinstance(out, dict):
            return SQLReply(sql=clean_sql(out.sql), explanation=out.explanation) \
                if isinstance(out, SQLReply) else None
        parsed = out.get("parsed")
        if isinstance(parsed, SQLReply):
            return SQLReply(sql=clean_sql(parsed.sql), explanation=parsed.explanation)
        if isinstance(parsed, dict) and isinstance(parsed.get("sql"), str):
            return SQLReply(sql=clean_sql(parsed["sql"]),
                            explanation=str(parsed.get("explanation") or ""))
        text = content_text(out.get("raw"))
        return parse_reply(text) if text.strip() else None
