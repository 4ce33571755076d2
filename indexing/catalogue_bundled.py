"""Readers of the bundled catalogue files that have shapes of their own.

data.gov.uk analytics and reviews, the API catalogue, GSS COGS, the HDR UK gateway and
data.gov.uk collection pages: each reader keeps only real catalogue fields.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import yaml

from indexing import ckan
from indexing.catalogue_fields import (
    csv_rows,
    parse_date,
    sentence_case,
    split_list,
    url_or_none,
)
from indexing.catalogue_import_records import (
    API_COLLECTION,
    SLUG_TITLE_CAVEAT,
    TITLE_CAVEAT,
    CatalogueRecord,
    Resource,
    slug,
    squash,
)
from indexing.catalogue_sources import ImportSpec, resolve_source

API_CATALOGUE_URL = "https://www.api.gov.uk/"


def read_datagovuk_views(path: Path, spec: ImportSpec) -> Iterator[CatalogueRecord]:
    """data.gov.uk page analytics: dataset uuid, slug, lower-cased title, views, URL."""
    for row in csv_rows(path):
        uuid, name = row.get("dataset_id", ""), row.get("slug", "")
        title, caveat = squash(row.get("page_title_lower")), TITLE_CAVEAT
        if not title:  # a few pages have no recorded title: their slug is all there is
            title, caveat = squash(re.sub(r"[-_]+", " ", name)), SLUG_TITLE_CAVEAT
        if not uuid or not title:
            continue
        yield CatalogueRecord(
            id=f"dgu:{uuid}", aliases=[f"dgu:{name}"] if name else [],
            title=sentence_case(title),
            source_url=url_or_none(row.get("url")) or f"{ckan.DGU_SITE}/dataset/{uuid}/{name}",
            caveats=[caveat], extras={"views_12m": row.get("views_12m", "")},
            source=spec.name,
        )


def read_datagovuk_reviews(path: Path, spec: ImportSpec) -> Iterator[CatalogueRecord]:
    """Only the publisher's fields: id, title, organisation. The file's scores, theme,
    tags and suggested titles/descriptions are LLM output and are never read."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            row = json.loads(line)
            uuid, title = row.get("dataset_id"), squash(row.get("title"))
            if not uuid or not title:
                continue
            yield CatalogueRecord(
                id=f"dgu:{uuid}", title=title, publisher=squash(row.get("org_display_name")),
                source_url=f"{ckan.DGU_SITE}/dataset/{uuid}",
                extras={"organisation_slug": squash(row.get("org_slug"))}, source=spec.name,
            )


def read_api_catalogue(path: Path, spec: ImportSpec, base: Path) -> Iterator[CatalogueRecord]:
    """The UK public-sector API catalogue; providers named from its organisation list."""
    organisations: dict[str, str] = {}
    if spec.organisations:
        listed = csv_rows(resolve_source(spec.organisations, base))
        organisations = {r["id"]: r["name"] for r in listed}
    for row in csv_rows(path):
        name = squash(row.get("name"))
        if not name:
            continue
        provider = row.get("provider", "")
        endpoint, docs = url_or_none(row.get("url")), url_or_none(row.get("documentation"))
        resources = [Resource(name="API endpoint", format="API", url=endpoint)] if endpoint \
            else []
        if docs:
            resources.append(Resource(name="Documentation", format="HTML", url=docs))
        caveats = [] if docs or endpoint else [
            "The catalogue lists no public address for this API (it is offered to other "
            "public bodies); the link is the API catalogue."]
        yield CatalogueRecord(
            id=f"api:{slug(provider) or 'unknown'}/{slug(name)}", kind="api", title=name,
            description=squash(row.get("description")),
            publisher=organisations.get(provider, provider),
            licence=squash(row.get("license"))[:200],
            source_url=docs or endpoint or API_CATALOGUE_URL, caveats=caveats,
            updated=parse_date(row.get("dateUpdated", "")) or parse_date(row.get("dateAdded", "")),
            collection=API_COLLECTION, resources=resources, source=spec.name,
            extras={k: v for k, v in {"area_served": squash(row.get("areaServed")),
                                      "provider": provider}.items() if v},
        )


def read_gss_cogs(path: Path, spec: ImportSpec) -> Iterator[CatalogueRecord]:
    """GSS COGS dataset families: official statistics with landing pages on GOV.UK/ONS."""
    for row in csv_rows(path):
        title = squash(row.get("title"))
        folder = Path(row.get("path", "")).parent.name
        key = row.get("id") or slug(folder)
        if not title or not key:
            continue
        publisher, caveats = squash(row.get("publisher")), []
        extras = {"families": row.get("families", "")}
        if ":" in publisher:  # a dataset title mis-entered as the publisher in the source
            extras["publisher_as_entered"], publisher = publisher, ""
            caveats.append("The source catalogue's publisher field is mis-entered for this "
                           "dataset; see the landing page for the publisher.")
        record_url = (f"https://github.com/{row['repo']}/blob/{row['commit']}/{row['path']}"
                      if row.get("repo") and row.get("commit") and row.get("path") else None)
        yield CatalogueRecord(
            id=f"gss:{key}", title=title, description=squash(row.get("description")),
            publisher=publisher, source_url=url_or_none(row.get("landingPage")) or record_url,
            updated=parse_date(row.get("published", "")), tags=split_list(row.get("families", "")),
            caveats=caveats, extras={k: v for k, v in extras.items() if v}, source=spec.name,
        )


def read_hdruk(path: Path, spec: ImportSpec) -> Iterator[CatalogueRecord]:
    """HDR UK Innovation Gateway: UK health datasets, most of them under controlled access."""
    for row in csv_rows(path):
        title, uuid = squash(row.get("title")), row.get("id")
        if not title or not uuid:
            continue
        publisher = squash(row.get("publisher", "").split(">")[-1])
        doi = row.get("doi", "")
        start, end = row.get("datasetStartDate", ""), row.get("datasetEndDate", "")
        pid = row.get("pid") or uuid
        yield CatalogueRecord(
            id=f"hdruk:{uuid}", title=title,
            description=squash(row.get("abstract") or row.get("description")),
            publisher=publisher, licence=squash(row.get("license"))[:200],
            source_url=f"https://web.www.healthdatagateway.org/dataset/{pid}",
            updated=(row.get("modified") or row.get("issued") or None),
            tags=split_list(row.get("keywords", "")),
            time_coverage=f"{start[:10]} to {end[:10] or 'present'}" if start else None,
            caveats=["Health data listed on the HDR UK Innovation Gateway: access is usually "
                     "controlled by the data custodian (see the access rights on the page)."],
            extras={k: v for k, v in {
                "doi": doi if doi.startswith("10.") else "",
                "jurisdiction": row.get("jurisdiction", ""),
                "access_rights": row.get("accessRights", "")[:300]}.items() if v},
            source=spec.name,
        )


FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n(.*)\Z", re.S)


def read_datagovuk_collections(folder: Path, spec: ImportSpec) -> Iterator[CatalogueRecord]:
    """data.gov.uk collection pages (markdown with YAML front matter): a curated title,
    a summary and the links to the publishers' data, pages and APIs."""
    for path in sorted(folder.glob("*/*.md")):
        match = FRONT_MATTER.match(path.read_text(encoding="utf-8"))
        if not match:
            continue
        meta = yaml.safe_load(match.group(1)) or {}
        title = squash(str(meta.get("title") or ""))
        if not title:
            continue
        links: list[Resource] = []
        for kind, label in (("dataset", "Data"), ("api", "API"), ("websites", "Web page")):
            value = meta.get(kind)
            for item in value if isinstance(value, list) else [value] if value else []:
                if isinstance(item, dict) and url_or_none(item.get("url")):
                    links.append(Resource(name=squash(item.get("link-text")), format=label,
                                          url=item["url"]))
        body = " ".join(p for p in match.group(2).split("\n\n")[:3])
        theme = path.parent.name
        yield CatalogueRecord(
            id=f"dgu-collection:{theme}/{path.stem}", kind="collection_page", title=title,
            description=squash(body), publisher="data.gov.uk (Government Digital Service)",
            source_url=links[0].url if links else None,
            updated=str(meta.get("page-last-updated") or "") or None,
            tags=[theme.replace("-", " ")], resources=links,
            caveats=["A data.gov.uk collection page: it points to data published by the "
                     "organisations linked."],
            extras={"collection_path": f"/collections/{theme}/{path.stem}"}, source=spec.name,
        )
