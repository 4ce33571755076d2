"""GET /v1/legislation (search and list) and GET /v1/legislation/{type}/{year}/{number}.

Include with `app.include_router(routes_legislation.router)`; errors use the project's one
shape through `assistant.errors` (400 invalid_request, 404 not_found, 422 for bad params).
"""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from assistant.api.routes import state
from assistant.errors import NotFound
from assistant.legislation import (
    MAX_LIMIT,
    LegislationItem,
    Page,
    get_legislation,
    legal_caveat,
    search_legislation,
)

router = APIRouter(prefix="/v1", tags=["legislation"])


class LegislationPage(Page[LegislationItem]):
    """A page of legislation; `next` is the URL of the next page, null on the last."""

    caveat: str = Field(description="Information about legislation, not legal advice.")


class LegislationDetail(BaseModel):
    item: LegislationItem
    caveat: str


@router.get("/legislation", response_model=LegislationPage,
            summary="Search UK legislation (Acts and Statutory Instruments)")
def list_legislation(
    request: Request,
    q: str | None = Query(None, max_length=500,
                          description="What the legislation is about, in plain words.",
                          examples=["renters' rights"]),
    type: str | None = Query(None, max_length=40,
                             description="ukpga, asp, nia, uksi (comma-separated), primary "
                                         "or secondary."),
    year_from: int | None = Query(None, ge=1900, le=2100),
    year_to: int | None = Query(None, ge=1900, le=2100),
    limit: int = Query(10, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=100_000),
) -> LegislationPage:
    resources = state(request.app).pipeline.resources
    page = search_legislation(resources, q, None, type=type, year_from=year_from,
                              year_to=year_to, limit=limit, offset=offset)
    next_url = (str(request.url.include_query_params(offset=page.next_offset))
                if page.next_offset is not None else None)
    return LegislationPage(**page.model_dump(exclude={"next"}), next=next_url,
                           caveat=legal_caveat(resources))


@router.get("/legislation/{type}/{year}/{number}", response_model=LegislationDetail,
            summary="One item of legislation by type, year and number")
def get_item(type: str, year: int, number: str, request: Request) -> LegislationDetail:
    resources = state(request.app).pipeline.resources
    item = get_legislation(resources, type, year, number)
    if item is None:
        raise NotFound(f"No legislation {type}/{year}/{number} in the list.",
                       type=type, year=year, number=number)
    return LegislationDetail(item=item, caveat=legal_caveat(resources))
