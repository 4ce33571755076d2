"""POST /v1/datasets: upload a CSV, XLSX or Parquet file and make it askable at once.

Include with `routes_datasets_add.install(app)` (or `app.include_router(router)` before any
catch-all /v1 fallback route). The upload is checked,
shaped, inferred and indexed exactly as `ndl add` does (`indexing/adding.py`); then
`reload(app)` swaps in a pipeline that reads the new index, so the next question can be
about the new dataset. DELETE /v1/datasets/{id} takes an added dataset out again.

Who may write: with `NDL_API_KEY` set, callers must send it as `X-API-Key` (the access
middleware checks every /v1 call; this router checks again so it is safe on its own).
Without a key, uploads are accepted only from the machine itself (loopback addresses);
anyone who can reach a server bound to a public address could otherwise add data.
"""

from __future__ import annotations

import secrets
import shutil
import tempfile
from ipaddress import ip_address
from pathlib import Path
from typing import Annotated, Any, ClassVar

from fastapi import APIRouter, Depends, FastAPI, File, Form, Request, UploadFile
from fastapi.responses import JSONResponse

from assistant.api.state import refresh
from assistant.errors import NDLError, Unauthorized
from assistant.settings import Settings
from indexing.adding import (
    AddReport,
    FileTooLarge,
    Metadata,
    RemoveReport,
    add_dataset,
    remove_dataset,
)

router = APIRouter(prefix="/v1", tags=["datasets"])
CHUNK = 1 << 20


class Forbidden(NDLError):
    code = "forbidden"
    status: ClassVar[int] = 403


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _loopback(host: str | None) -> bool:
    if host in {"localhost"}:
        return True
    try:
        return host is not None and ip_address(host).is_loopback
    except ValueError:
        return False


def require_writer(request: Request) -> None:
    """X-API-Key when a key is configured; else only callers on this machine."""
    settings = _settings(request)
    if settings.api_key:
        given = request.headers.get("X-API-Key")
        if given is None or not secrets.compare_digest(given.encode(),
                                                       settings.api_key.encode()):
            raise Unauthorized("A valid X-API-Key header is required.")
        return
    host = request.client.host if request.client else None
    if not _loopback(host):
        raise Forbidden("Adding or removing datasets needs NDL_API_KEY to be set on the "
                        "server (without it, only callers on the same machine may).",
                        client=host)


Writer = Annotated[None, Depends(require_writer)]


def install(app: FastAPI) -> None:
    """Include the router ahead of any catch-all /v1 route already on the app (a fallback
    that answers unknown paths with 404 must not shadow /v1/datasets)."""
    before = len(app.router.routes)
    app.include_router(router)
    ours = app.router.routes[before:]
    del app.router.routes[before:]
    app.router.routes[0:0] = ours
    app.openapi_schema = None


def reload(app: FastAPI) -> None:
    """Point the running app at the rebuilt index (conversations are kept); other worker
    processes notice the new file themselves (`assistant.api.state.state`)."""
    refresh(app)


def _save(upload: UploadFile, folder: Path, limit: int) -> Path:
    name = Path(upload.filename or "upload.csv").name or "upload.csv"
    target = folder / name
    size = 0
    with target.open("wb") as handle:
        while chunk := upload.file.read(CHUNK):
            size += len(chunk)
            if size > limit:
                raise FileTooLarge(f"the upload is larger than {limit // 2**20} MB "
                                   "(NDL_MAX_UPLOAD_MB)", max_bytes=limit)
            handle.write(chunk)
    return target


@router.post("/datasets", response_model=AddReport, status_code=201,
             summary="Add a dataset from an uploaded CSV, XLSX or Parquet file",
             responses={200: {"description": "The same file was already added (unchanged)"},
                        400: {"description": "Not a table, no measure, personal data"},
                        401: {"description": "X-API-Key missing or wrong"},
                        403: {"description": "No API key configured and not a local caller"},
                        409: {"description": "The id is taken (use replace=true)"},
                        413: {"description": "Larger than NDL_MAX_UPLOAD_MB"}})
def post_dataset(
    request: Request,
    _: Writer,
    file: Annotated[UploadFile, File(description="the table: .csv, .xlsx or .parquet")],
    id: Annotated[str | None, Form(description="dataset id (snake_case)")] = None,
    title: Annotated[str | None, Form()] = None,
    description: Annotated[str | None, Form()] = None,
    publisher: Annotated[str | None, Form()] = None,
    licence: Annotated[str | None, Form()] = None,
    url: Annotated[str | None, Form(description="the publisher's page")] = None,
    collection: Annotated[str | None, Form()] = None,
    replace: Annotated[bool, Form()] = False,
) -> Any:
    settings = _settings(request)
    limit = settings.max_upload_mb * 2**20
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit + CHUNK:
        raise FileTooLarge(f"the upload is larger than {settings.max_upload_mb} MB "
                           "(NDL_MAX_UPLOAD_MB)", max_bytes=limit)
    meta = Metadata(id=id or None, title=title or None, description=description or None,
                    publisher=publisher or None, licence=licence or None, url=url or None,
                    collection=collection or None)
    folder = Path(tempfile.mkdtemp(prefix="ndl-upload-"))
    try:
        path = _save(file, folder, limit)
        report = add_dataset(settings, path, meta, replace=replace, original_name=path.name)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    reload(request.app)
    status = 200 if report.status == "unchanged" else 201
    return JSONResponse(report.model_dump(mode="json"), status_code=status)


@router.delete("/datasets/{dataset_id}", response_model=RemoveReport,
               summary="Remove a dataset that was added by upload or `ndl add`")
def delete_dataset(request: Request, _: Writer, dataset_id: str) -> RemoveReport:
    report = remove_dataset(_settings(request), dataset_id)
    reload(request.app)
    return report
