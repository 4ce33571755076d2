"""Request and response bodies of the /v1 API (snake_case fields, ISO dates)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from assistant.models import Scalar

LEEDS_GLD = "What percentage of children in Leeds reached a good level of development in 2018?"
CONVERSATION_ID = r"^[A-Za-z0-9_-]{1,64}$"


class AnswerRequest(BaseModel):
    question: str = Field(..., description="A question in plain English.", examples=[LEEDS_GLD])
    conversation_id: str | None = Field(
        None, pattern=CONVERSATION_ID,
        description="The `conversation_id` of an earlier answer, to ask a follow-up "
                    "(\"and in 2017?\") or pick a clarification option.")


class SqlRequest(BaseModel):
    sql: str = Field(..., examples=["SELECT area_name, value FROM fuel_poverty_2021 LIMIT 5"])


class Health(BaseModel):
    status: str = Field(examples=["ok"])
    version: str = Field(examples=["1.0.0"])
    datasets: int
    measures: int
    collections: int
    search_index: str = Field(
        "complete", examples=["complete", "building: 5,120 of 22,094 search documents indexed"],
        description="Whether the background job embedding the national catalogue and "
                    "legislation is still running (search results fill in as it goes).",
    )


class DatasetSummary(BaseModel):
    """Catalogue facts about one dataset: what it is, who publishes it, under which licence."""

    id: str
    title: str
    description: str
    publisher: str
    licence: str
    licence_url: str | None = None
    url: str | None = Field(None, description="The publisher's page for the dataset.")
    updated: str | None = Field(None, description="Last updated, as an ISO date.")
    collection: str | None = None
    time_coverage: str | None = None
    geography: str | None = None
    queryable: bool = True
    rows: int = 0
    score: float | None = Field(None, description="Similarity to `q`, for searches.")
    href: str = Field(description="This dataset in the API.")


class DatasetPage(BaseModel):
    """One page of datasets, paged like CKAN and Datasette: follow `next` until null."""

    datasets: list[DatasetSummary]
    total: int | None = Field(None, description="How many match, when known (null for "
                                                "searches, which rank every dataset).")
    limit: int
    offset: int
    q: str | None = None
    next: str | None = Field(None, description="URL of the next page, or null.")


class CollectionSummary(BaseModel):
    id: str
    title: str
    description: str
    examples: list[str] = Field(description="Questions this collection can answer.")
    dataset_ids: list[str]
    dataset_count: int
    href: str


class CollectionDetail(BaseModel):
    id: str
    title: str
    description: str
    examples: list[str]
    datasets: list[DatasetSummary]


class CollectionList(BaseModel):
    collections: list[CollectionSummary]
    total: int


class ColumnInfo(BaseModel):
    name: str
    type: str | None = None
    description: str | None = None
    unit: str | None = None


class MeasureInfo(BaseModel):
    """A figure the assistant can answer questions about."""

    id: str
    label: str
    description: str = ""
    unit: str | None = None
    kind: str
    polarity: str
    years: list[int]
    geo_levels: list[str]
    breakdowns: list[str] = Field(description="Columns it can be broken down by.")


class Coverage(BaseModel):
    time: str | None = None
    geography: str | None = None
    years: list[int] = Field(default_factory=list)
    geo_levels: list[str] = Field(default_factory=list)
    areas: int = Field(0, description="Most distinct areas any measure covers.")


class SampleRows(BaseModel):
    """The first rows, read through the same guard and read-only execution as answers."""

    sql: str | None = None
    columns: list[str] = Field(default_factory=list)
    rows: list[list[Scalar]] = Field(default_factory=list)
    caveats: list[str] = Field(default_factory=list)
    message: str | None = Field(None, description="Why there are no rows, if there are none.")


class DatasetDetail(DatasetSummary):
    caveats: list[str] = Field(default_factory=list)
    columns: list[ColumnInfo] = Field(default_factory=list)
    coverage: Coverage = Field(default_factory=Coverage)
    measures: list[MeasureInfo] = Field(default_factory=list)
    sample: SampleRows = Field(default_factory=SampleRows)
