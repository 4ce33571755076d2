"""GET /v1/legislation (search and list) and GET /v1/legislation/{type}/{year}/{number}.

Include with `app.include_router(routes_legislation.router)` before the /v1 catch-all
(`routes_system.fallback`). Errors use the project's one shape: 400 `invalid_request` (bad
type, year_from after year_to), 404 `not_found`, 422 for out-of-range parameters.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import BaseModel, Field

from assistant.api.errors import ERROR_RESPONSES, NOT_FOUND_RESPONSE
from assistant.api.state import AppState, app_state
from assistant.errors import NotFound
from assistant.legislation import (
    MAX_LIMIT,
    LegislationItem,
    Page,
    get_legislation,
    legal_caveat,
    search_legislation,
)
from assistant.pipeline import clean_question

router = APIRouter(prefix="/v1", tags=["legislation"], responses=ERROR_RESPONSES)
State = Annotated[AppState, Depends(app_state)]


class LegislationPage(Page[LegislationItem]):
    """One page of legislation, paged like /v1/datasets: follow `next` until null. `total`
    is exact when listing without `q`, null for a ranked search."""

    q: str | None = None
    caveat: str = Field(description="Information about legislation, not legal advice.")


class LegislationDetail(BaseModel):
    item: LegislationItem
    caveat: str = Field(description="Information about legislation, not legal advice.")


@router.get("/legislation", response_model=LegislationPage,
            summary="Search or list UK legislation (Acts and Statutory Instruments)")
def list_legislation(
    st: State,
    request: Request,
    q: Annotated[str | None, Query(description="What the legislation is about, in plain "
                                   "words; omit to list newest first.",
                                   examples=["renters' rights"])] = None,
    type: Annotated[str | None, Query(max_length=40, description="ukpga, asp, nia, uksi "
                                      "(comma-separated), primary or secondary.",
                                      examples=["uksi"])] = None,
    year_from: Annotated[int | None, Query(ge=1900, le=2100)] = None,
    year_to: Annotated[int | None, Query(ge=1900, le=2100)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 10,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> LegislationPage:
    """Items ranked by meaning and words (with `q`), filtered by type and years;
    each with its link on legislation.gov.uk and the marker its title carries."""
    res = st.pipeline.resources
    query = clean_question(q, res.settings.max_question_chars) if q is not None else None
    page = search_legislation(res, query, None, type=type, year_from=year_from,
                              year_to=year_to, limit=limit, offset=offset)
    next_url = (str(request.url.include_query_params(offset=page.next_offset))
                if page.next_offset is not None else None)
    return LegislationPage(**page.model_dump(exclude={"next"}), next=next_url, q=query,
                           caveat=legal_caveat(res))


@router.get("/legislation/{type}/{year}/{number}", response_model=LegislationDetail,
            responses=NOT_FOUND_RESPONSE, summary="One item of legislation")
def get_item(
    st: State,
    type: Annotated[str, Path(max_length=10, examples=["ukpga"])],
    year: Annotated[int, Path(ge=1000, le=9999, examples=[2006])],
    number: Annotated[str, Path(max_length=20, examples=["46"])],
) -> LegislationDetail:
    """By type code, year and number (chapter for Acts, SI number for SIs)."""
    res = st.pipeline.resources
    item = get_legislation(res, type, year, number)
    if item is None:
        raise NotFound(f"There is no legislation {type}/{year}/{number} in the list.",
                       type=type, year=year, number=number)
    return LegislationDetail(item=item, caveat=legal_caveat(res))
