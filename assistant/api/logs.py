"""A request id on every log line written while a request is being served.

The id lives in a context variable (set by the request-id middleware) and a log-record
factory copies it onto each record, so `%(request_id)s` works in any format string and
lines from the pipeline's worker threads carry it too when the context is copied.
"""

from __future__ import annotations

import logging
from contextvars import ContextVar
from typing import Any

request_id: ContextVar[str] = ContextVar("ndl_request_id", default="-")
FORMAT = "%(asctime)s %(levelname)s %(name)s [request_id=%(request_id)s] %(message)s"
_installed = False


def install_record_factory() -> None:
    """Give every log record a `request_id` attribute (idempotent)."""
    global _installed
    if _installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        if not hasattr(record, "request_id"):
            record.request_id = request_id.get()
        return record

    logging.setLogRecordFactory(factory)
    _installed = True


def configure(level: int = logging.INFO) -> logging.Logger:
    """The `ndl.api` logger, with a stderr handler that prints the request id."""
    install_record_factory()
    logger = logging.getLogger("ndl.api")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter(FORMAT))
        logger.addHandler(handler)
        logger.setLevel(level)
        logger.propagate = False
    return logger
