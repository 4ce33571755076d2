"""Why `ndl add` refuses a file or a URL: typed errors the API maps to 4xx statuses."""

from __future__ import annotations

from typing import ClassVar

from assistant.errors import CatalogueError


class DuplicateDataset(CatalogueError):
    """The id is taken (by a curated dataset, or by a different added file)."""

    code = "duplicate_dataset"
    status = 409


class FileTooLarge(CatalogueError):
    code = "file_too_large"
    status = 413


class UnsupportedFile(CatalogueError):
    code = "unsupported_file"
    status = 415


class SourceUnavailable(CatalogueError):
    """A URL could not be downloaded (offline, not found, not a CKAN resource)."""

    code = "source_unavailable"
    status: ClassVar[int] = 400
