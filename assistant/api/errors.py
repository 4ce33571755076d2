"""Every failure leaves the API in one JSON shape: {"error": {"code", "message", "details"}}."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from assistant.errors import NDLError

log = logging.getLogger("ndl.api")


def error_body(code: str, message: str, **details: object) -> dict[str, object]:
    return {"error": {"code": code, "message": message, "details": details}}


async def _ndl_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, NDLError)
    return JSONResponse(exc.to_dict(), status_code=exc.status)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = [{"field": ".".join(str(p) for p in e.get("loc", ())), "problem": e.get("msg")}
                for e in exc.errors()[:10]]
    return JSONResponse(error_body("invalid_request", "The request is not valid.",
                                   problems=problems), status_code=422)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
    return JSONResponse(error_body(code, str(exc.detail)), status_code=exc.status_code)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error on %s", request.url.path)
    return JSONResponse(error_body("internal_error", "Something went wrong on our side."),
                        status_code=500)


def install(app: FastAPI) -> None:
    app.add_exception_handler(NDLError, _ndl_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
