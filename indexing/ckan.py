"""CKAN catalogues: packages from an API dump or a live site, mapped to catalogue records.

A dump may be a whole `package_search` response, its `result`, a list of packages, a single
`package_show` response, or JSON lines of packages. A live site is read through
`ckanapi.RemoteCKAN`: `package_search` page by page (`rows`/`start`), sorted by
`metadata_modified` so paging is stable, with retries and exponential backoff on server
errors, and incrementally with `fq=metadata_modified:[SINCE TO *]`. Packages a search
returns without their resources are completed with `package_show`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlparse

from assistant.errors import CatalogueError
from indexing.catalogue_import_records import CatalogueRecord, Resource, squash

T = TypeVar("T")
Package = dict[str, Any]
DGU_HOSTS = frozenset({"data.gov.uk", "www.data.gov.uk", "ckan.publishing.service.gov.uk"})
DGU_SITE = "https://www.data.gov.uk"
USER_AGENT = "ndl-catalogue-import/0.1 (National Data Library; ckanapi)"


# --- mapping -----------------------------------------------------------------------------

def is_data_gov_uk(site: str | None) -> bool:
    return bool(site) and (urlparse(site or "").hostname or "") in DGU_HOSTS


def _extras(pkg: Mapping[str, Any]) -> dict[str, Any]:
    """CKAN's extras are a list of {key, value}; some dumps flatten them to a dict."""
    extras = pkg.get("extras") or {}
    if isinstance(extras, list):
        return {str(e.get("key")): e.get("value") for e in extras if isinstance(e, dict)}
    return dict(extras) if isinstance(extras, dict) else {}


def _names(items: Any, *keys: str) -> list[str]:
    """Tag or group names: CKAN gives dicts ({name, display_name, title}); some dumps, text."""
    out: list[str] = []
    for item in items or []:
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict):
            out.append(next((str(item[k]) for k in keys if item.get(k)), ""))
    return [squash(o) for o in out if o and o.strip()]


def parse_mandate(value: Any) -> list[str]:
    """data.gov.uk's `mandate` extra: the legislation a dataset is published under, stored as
    a JSON list, a single URL or text."""
    if not value:
        return []
    if isinstance(value, str) and value.strip().startswith("["):
        try:
            value = json.loads(value)
        except ValueError:
            value = [value]
    items = value if isinstance(value, list) else [value]
    return [squash(str(v)) for v in items if v and str(v).strip()]


def landing_page(pkg: Mapping[str, Any], site: str | None) -> str | None:
    """The catalogue's own page for the package, else the publisher's source URL."""
    name, uuid = pkg.get("name"), pkg.get("id")
    if is_data_gov_uk(site):
        if uuid and name:
            return f"{DGU_SITE}/dataset/{uuid}/{name}"
        if uuid or name:  # data.gov.uk redirects a bare uuid or a legacy name
            return f"{DGU_SITE}/dataset/{uuid or name}"
    if site and name:
        return f"{site.rstrip('/')}/dataset/{name}"
    url = pkg.get("url")
    return str(url) if url else None


def package_to_record(pkg: Mapping[str, Any], *, prefix: str, site: str | None = None,
                      source: str = "") -> CatalogueRecord | None:
    """Map a CKAN package; None for deleted, private or non-dataset entries."""
    if pkg.get("state", "active") != "active" or pkg.get("private") is True:
        return None
    if pkg.get("type", "dataset") not in {"dataset", None}:
        return None
    uuid, name = pkg.get("id"), pkg.get("name")
    title = squash(pkg.get("title") or name)
    if not (uuid or name) or not title:
        return None
    extras = _extras(pkg)
    organisation = pkg.get("organization") or {}
    resources = [
        Resource(name=squash(r.get("name")), format=squash(r.get("format")), url=r.get("url"))
        for r in pkg.get("resources") or [] if isinstance(r, dict)
    ]
    if not resources:  # search-index summaries list formats only
        resources = [Resource(format=squash(f)) for f in pkg.get("formats") or [] if f]
    key = f"{prefix}:{uuid or name}"
    aliases = [f"{prefix}:{name}"] if uuid and name else []
    keep = {k: squash(str(v)) for k, v in extras.items()
            if k in {"theme-primary", "dcat_issued", "dcat_modified", "harvest_source_title"} and v}
    return CatalogueRecord(
        id=key, aliases=aliases, title=title, description=squash(pkg.get("notes")),
        publisher=squash(organisation.get("title") or organisation.get("name")
                         if isinstance(organisation, dict) else str(organisation)),
        licence=squash(pkg.get("license_title") or pkg.get("license_id")),
        licence_url=pkg.get("license_url") or None,
        source_url=landing_page(pkg, site),
        updated=pkg.get("metadata_modified") or pkg.get("modified_display") or None,
        tags=_names(pkg.get("tags"), "display_name", "name"),
        groups=_names(pkg.get("groups"), "title", "display_name", "name"),
        resources=resources,
        mandate=parse_mandate(pkg.get("mandate") or extras.get("mandate")),
        extras=keep, source=source,
    )


# --- dumps -------------------------------------------------------------------------------

def _packages_in(data: Any) -> list[Package]:
    if isinstance(data, list):
        return [p for p in data if isinstance(p, dict)]
    if not isinstance(data, dict):
        return []
    if "result" in data:  # a whole action response
        return _packages_in(data["result"])
    if "results" in data:  # package_search's result
        return _packages_in(data["results"])
    if "name" in data or "id" in data:  # package_show's result
        return [data]
    return []


def read_dump(path: Path) -> list[Package]:
    """Packages from a JSON dump (any of the shapes above) or JSON lines of packages."""
    text = path.read_text(encoding="utf-8")
    try:
        packages = _packages_in(json.loads(text))
    except ValueError:
        try:
            packages = [p for line in text.splitlines() if line.strip()
                        for p in _packages_in(json.loads(line))]
        except ValueError as exc:
            raise CatalogueError(f"{path.name} is neither JSON nor JSON lines",
                                 file=str(path)) from exc
    if not packages and text.strip() not in {"[]", ""}:
        raise CatalogueError(f"{path.name} holds no CKAN packages", file=str(path))
    return packages


def attach_resources(packages: list[Package], path: Path) -> None:
    """Add resources listed in a separate JSON-lines file (with `package_id`) to their
    packages, skipping the ones a package already has."""
    by_id = {p.get("id"): p for p in packages if p.get("id")}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        resource = json.loads(line)
        pkg = by_id.get(resource.get("package_id"))
        if pkg is None:
            continue
        present = {r.get("url") for r in pkg.get("resources") or []}
        if resource.get("url") not in present:
            pkg.setdefault("resources", []).append(resource)


# --- live sites --------------------------------------------------------------------------

def solr_date(since: str) -> str:
    """An ISO date or time as Solr wants it (UTC, `Z`)."""
    try:
        moment = datetime.fromisoformat(since.replace("Z", "+00:00"))
    except ValueError as exc:
        raise CatalogueError(f"--since must be an ISO date or time, not {since!r}") from exc
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + "Z"


def solr_date_or_none(text: str | None) -> str | None:
    try:
        return solr_date(text) if text else None
    except CatalogueError:
        return None


def changed_since(modified: str | None, since: str | None) -> bool:
    """Client-side check of the incremental filter (servers may ignore `fq`); entries whose
    date is missing or unreadable are kept."""
    if not since:
        return True
    moment = solr_date_or_none(modified)
    return moment is None or moment >= solr_date(since)


def modified_since(pkg: Mapping[str, Any], since: str | None) -> bool:
    modified = pkg.get("metadata_modified")
    return changed_since(str(modified) if modified else None, since)


def _retryable(exc: Exception) -> bool:
    import requests
    from ckanapi.errors import (
        CKANAPIError,
        NotAuthorized,
        NotFound,
        SearchQueryError,
        ServerIncompatibleError,
        ValidationError,
    )

    if isinstance(exc, NotFound | NotAuthorized | ValidationError | SearchQueryError):
        return False
    return isinstance(exc, CKANAPIError | ServerIncompatibleError | requests.RequestException)


def with_retries(call: Callable[[], T], *, retries: int = 4, backoff: float = 0.5,
                 sleep: Callable[[float], None] = time.sleep,
                 on_retry: Callable[[int, Exception], None] | None = None) -> T:
    """Call, retrying server and network errors after backoff, 2×backoff, 4×backoff…"""
    for attempt in range(retries + 1):
        try:
            return call()
        except Exception as exc:
            if attempt == retries or not _retryable(exc):
                raise
            if on_retry is not None:
                on_retry(attempt + 1, exc)
            sleep(min(backoff * 2 ** attempt, 30.0))
    raise AssertionError("unreachable")


class CkanSite:
    """A live CKAN site, read through ckanapi.RemoteCKAN with GET requests."""

    def __init__(self, url: str, *, retries: int = 4, backoff: float = 0.5,
                 timeout: float = 30.0, sleep: Callable[[float], None] = time.sleep,
                 on_retry: Callable[[int, Exception], None] | None = None) -> None:
        from ckanapi import RemoteCKAN

        self.url = url.rstrip("/")
        self.remote = RemoteCKAN(self.url, user_agent=USER_AGENT, get_only=True)
        self.remote.base_url = "api/3/action/"  # the versioned Action API
        self.retries, self.backoff, self.timeout = retries, backoff, timeout
        self.sleep, self.on_retry = sleep, on_retry
        self.calls = 0

    def action(self, name: str, **params: Any) -> Any:
        def call() -> Any:
            self.calls += 1
            return self.remote.call_action(name, params,
                                           requests_kwargs={"timeout": self.timeout})

        return with_retries(call, retries=self.retries, backoff=self.backoff,
                            sleep=self.sleep, on_retry=self.on_retry)

    def package_show(self, name_or_id: str) -> Package:
        result: Package = self.action("package_show", id=name_or_id)
        return result

    def packages(self, *, since: str | None = None, q: str = "*:*", fq: str | None = None,
                 rows: int = 100, limit: int | None = None) -> Iterator[Package]:
        """Every package matching, page by page, oldest change first."""
        filters = [f for f in [fq, f"metadata_modified:[{solr_date(since)} TO *]"
                               if since else None] if f]
        start, seen = 0, 0
        while True:
            params: dict[str, Any] = {"q": q, "rows": rows, "start": start,
                                      "sort": "metadata_modified asc"}
            if filters:
                params["fq"] = " AND ".join(filters)
            page = self.action("package_search", **params)
            results = page.get("results") or []
            for pkg in results:
                if not modified_since(pkg, since):
                    continue
                if pkg.get("num_resources") and "resources" not in pkg:
                    pkg = self.package_show(pkg.get("id") or pkg["name"])
                yield pkg
                seen += 1
                if limit is not None and seen >= limit:
                    return
            start += len(results)
            if not results or start >= int(page.get("count") or 0):
                return


def dataset_name_in(url: str) -> str | None:
    """`https://site/dataset/<name>` → `<name>` (one package to fetch with package_show)."""
    parts = [p for p in urlparse(url).path.split("/") if p]
    if "dataset" in parts and parts.index("dataset") + 1 < len(parts):
        return parts[parts.index("dataset") + 1]
    return None


def site_root(url: str) -> str:
    """The CKAN site a URL belongs to (drops `/dataset/...` and `/api/...`)."""
    parsed = urlparse(url)
    path = parsed.path
    for marker in ("/dataset/", "/api/"):
        if marker in path:
            path = path[: path.index(marker)]
    return f"{parsed.scheme}://{parsed.netloc}{path.rstrip('/')}"
