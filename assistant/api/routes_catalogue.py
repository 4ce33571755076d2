"""Browse what the library holds: collections (themes) and datasets, with search."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request

from assistant.api import catalogue
from assistant.api.errors import ERROR_RESPONSES, NOT_FOUND_RESPONSE
from assistant.api.schemas import (
    CollectionDetail,
    CollectionList,
    DatasetDetail,
    DatasetPage,
)
from assistant.api.state import AppState, app_state
from assistant.pipeline import clean_question

router = APIRouter(prefix="/v1", tags=["catalogue"], responses=ERROR_RESPONSES)
State = Annotated[AppState, Depends(app_state)]
MAX_LIMIT = 100


@router.get("/collections", response_model=CollectionList, summary="List the collections")
def list_collections(st: State) -> CollectionList:
    """The themes of the library, each with its datasets' ids and example questions."""
    layer = st.pipeline.resources.layer
    items = [catalogue.collection_summary(c) for c in layer.collections]
    return CollectionList(collections=items, total=len(items))


@router.get("/collections/{collection_id}", response_model=CollectionDetail,
            responses=NOT_FOUND_RESPONSE, summary="One collection, with its datasets")
def get_collection(st: State, collection_id: Annotated[str, Path(examples=["early-years"])]
                   ) -> CollectionDetail:
    layer = st.pipeline.resources.layer
    return catalogue.collection_detail(layer, catalogue.find_collection(layer, collection_id))


@router.get("/datasets", response_model=DatasetPage, summary="List or search datasets")
def list_datasets(
    st: State,
    request: Request,
    q: Annotated[str | None, Query(description="Search by meaning (semantic search); "
                                   "omit to list every dataset.",
                                   examples=["cold homes"])] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> DatasetPage:
    """Datasets, `limit` at a time from `offset`; `next` is the URL of the following page."""
    res = st.pipeline.resources
    query = clean_question(q, res.settings.max_question_chars) if q is not None else None
    if query is None:
        everything = catalogue.all_datasets(res.layer)
        page, total = everything[offset:offset + limit], len(everything)
        more = offset + limit < total
    else:
        ranked = catalogue.search_datasets(res, query, min(offset + limit, len(res.layer.datasets)))
        page, total = ranked[offset:offset + limit], None
        more = len(ranked) == offset + limit and offset + limit < len(res.layer.datasets)
    return DatasetPage(datasets=page, total=total, limit=limit, offset=offset, q=query,
                       next=_next_url(request, offset + limit) if more else None)


def _next_url(request: Request, offset: int) -> str:
    return str(request.url.include_query_params(offset=offset))


@router.get("/datasets/{dataset_id}", response_model=DatasetDetail,
            responses=NOT_FOUND_RESPONSE, summary="One dataset: metadata, columns, sample rows")
def get_dataset(st: State, dataset_id: Annotated[str, Path(examples=["fuel_poverty_2021"])]
                ) -> DatasetDetail:
    """Metadata, columns, coverage, the measures it answers and up to ten sample rows
    (read through the guarded, read-only execution path)."""
    res = st.pipeline.resources
    return catalogue.dataset_detail(res, catalogue.find_dataset(res.layer, dataset_id))

