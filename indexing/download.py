"""`ndl add URL`: download a file, or a CKAN resource together with its package's metadata.

Downloads stream to disk under a size cap and fail as `SourceUnavailable` when offline.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from indexing.add_errors import FileTooLarge, SourceUnavailable
from indexing.add_metadata import Metadata, meta_from_mapping

if TYPE_CHECKING:
    import httpx

CKAN_RESOURCE = re.compile(
    r"^(?P<base>https?://[^?#]+?)/dataset/(?P<pkg>[^/?#]+)/resource/(?P<res>[^/?#]+)")


def fetch_url(url: str, dest: Path, max_bytes: int, timeout: float = 30.0
              ) -> tuple[Path, Metadata]:
    """Download a file, or a CKAN resource (…/dataset/<pkg>/resource/<id>) with its
    package's title, publisher and licence. Fails cleanly when offline."""
    import httpx

    try:
        with httpx.Client(follow_redirects=True, timeout=timeout) as client:
            download, name, meta = url, Path(url.split("?")[0]).name, Metadata()
            if m := CKAN_RESOURCE.match(url):
                download, name, meta = _ckan_resource(client, m, url)
            target = dest / (name or "download.csv")
            _stream_to(client, download, target, max_bytes)
    except (httpx.HTTPError, KeyError, ValueError) as exc:
        raise SourceUnavailable(
            f"could not download {url}: {exc.__class__.__name__}: {exc} "
            "(offline, or not a file or CKAN resource URL?)", url=url) from exc
    return target, meta


def _ckan_resource(client: httpx.Client, m: re.Match[str], url: str
                   ) -> tuple[str, str, Metadata]:
    """The resource's download URL and file name, and its package's metadata."""
    api = f"{m.group('base')}/api/3/action"
    res = client.get(f"{api}/resource_show", params={"id": m.group("res")})
    res.raise_for_status()
    resource = res.json()["result"]
    pkg = client.get(f"{api}/package_show", params={"id": m.group("pkg")})
    package = pkg.json().get("result", {}) if pkg.status_code == 200 else {}
    download = str(resource["url"])
    fmt = str(resource.get("format") or "").lower()
    name = Path(download.split("?")[0]).name or f"{m.group('res')}.{fmt or 'csv'}"
    if fmt in {"csv", "xlsx", "parquet"} and not name.lower().endswith(fmt):
        name = f"{Path(name).stem or m.group('res')}.{fmt}"
    meta = meta_from_mapping({
        "title": package.get("title") or resource.get("name"),
        "description": package.get("notes") or resource.get("description"),
        "organization": package.get("organization"),
        "license_title": package.get("license_title") or package.get("license_id"),
        "url": package.get("url") or url,
    })
    return download, name, meta


def _stream_to(client: httpx.Client, url: str, target: Path, max_bytes: int) -> None:
    """Write the response body to `target`, stopping as soon as it passes `max_bytes`."""
    size = 0
    with client.stream("GET", url) as response:
        response.raise_for_status()
        with target.open("wb") as handle:
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise FileTooLarge(
                        f"the download is larger than {max_bytes // 2**20} MB",
                        max_bytes=max_bytes)
                handle.write(chunk)
