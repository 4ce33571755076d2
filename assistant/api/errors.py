"""Every failure leaves the API in one JSON shape: {"error": {"code", "message", "details"}}.

Codes are stable (clients branch on them): invalid_request, not_found, unauthorized,
rate_limited, method_not_allowed, index_not_built, internal_error, and the codes of
`assistant.errors`. No handler ever includes a stack trace.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException

from assistant.errors import NDLError

log = logging.getLogger("ndl.api")
HTTP_CODES = {400: "invalid_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
              405: "method_not_allowed", 406: "not_acceptable", 413: "payload_too_large",
              415: "unsupported_media_type", 429: "rate_limited"}


class ErrorDetail(BaseModel):
    code: str
    message: str
    details: dict[str, Any] = {}


class ErrorBody(BaseModel):
    """The one error shape of the API."""

    error: ErrorDetail


def error_body(code: str, message: str, **details: object) -> dict[str, object]:
    return {"error": {"code": code, "message": message, "details": details}}


def error_response(status: int, code: str, message: str,
                   headers: Mapping[str, str] | None = None, **details: object) -> JSONResponse:
    return JSONResponse(error_body(code, message, **details), status_code=status,
                        headers=headers)


def _example(code: str, message: str) -> dict[str, Any]:
    return {"model": ErrorBody, "content": {"application/json": {"example": error_body(
        code, message)}}}


# Documented on every /v1 route, so /docs shows the shape and its codes.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: _example("unauthorized", "A valid X-API-Key header is required."),
    422: _example("invalid_request", "The request is not valid."),
    429: _example("rate_limited", "Too many requests: at most 60 a minute. Try again shortly."),
    500: _example("internal_error", "Something went wrong on our side."),
}
NOT_FOUND_RESPONSE: dict[int | str, dict[str, Any]] = {
    404: _example("not_found", "There is no dataset with the id 'nope'.")}


async def _ndl_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, NDLError)
    return JSONResponse(exc.to_dict(), status_code=exc.status)


def _problems(exc: RequestValidationError) -> list[dict[str, Any]]:
    return [{"field": ".".join(str(p) for p in e.get("loc", ())), "problem": e.get("msg")}
            for e in exc.errors()[:10]]


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    bad_json = any(e.get("type") == "json_invalid" for e in exc.errors())
    message = "The request body is not valid JSON." if bad_json else "The request is not valid."
    return error_response(422, "invalid_request", message, problems=_problems(exc))


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    code = HTTP_CODES.get(exc.status_code, "http_error")
    return error_response(exc.status_code, code, str(exc.detail), headers=exc.headers)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error on %s", request.url.path)
    return error_response(500, "internal_error", "Something went wrong on our side.")


def install(app: FastAPI) -> None:
    app.add_exception_handler(NDLError, _ndl_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
