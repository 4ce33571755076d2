"""One error hierarchy; each error carries a stable code, a message and details.

The API maps any `NDLError` to `{"error": {"code", "message", "details"}}` with its
`status` as the HTTP status, so callers never see a stack trace.
"""

from __future__ import annotations

from typing import Any, ClassVar


class NDLError(Exception):
    """Base of every error the project raises on purpose."""

    code: ClassVar[str] = "internal_error"
    status: ClassVar[int] = 500

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = details

    def to_dict(self) -> dict[str, Any]:
        return {"error": {"code": self.code, "message": self.message, "details": self.details}}


class InvalidRequest(NDLError):
    """The caller sent something we cannot take (empty, too long, malformed)."""

    code = "invalid_request"
    status = 400


class NotFound(NDLError):
    code = "not_found"
    status = 404


class Unauthorized(NDLError):
    code = "unauthorized"
    status = 401


class RateLimited(NDLError):
    code = "rate_limited"
    status = 429


class IndexNotBuilt(NDLError):
    """The DuckDB/Chroma build is missing: run `ndl index`."""

    code = "index_not_built"
    status = 503


class CatalogueError(NDLError):
    """A catalogue file or a dataset to add is invalid."""

    code = "catalogue_error"
    status = 400


class PersonalDataError(CatalogueError):
    """A table looks like row-level personal data and is refused."""

    code = "personal_data"


class SQLRejected(NDLError):
    """The guard refused a query before anything ran; `reason` says which rule."""

    code = "sql_rejected"
    status = 400
    reason: ClassVar[str] = "rejected"

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message, reason=self.reason, **details)


class ParseFailed(SQLRejected):
    reason = "parse_error"


class MultipleStatements(SQLRejected):
    reason = "multiple_statements"


class NotSelect(SQLRejected):
    reason = "not_select"


class TableNotAllowed(SQLRejected):
    reason = "table_not_allowed"


class ColumnNotAllowed(SQLRejected):
    reason = "column_not_allowed"


class FunctionNotAllowed(SQLRejected):
    reason = "function_not_allowed"


class QueryTooComplex(SQLRejected):
    reason = "too_complex"


class DisclosureRisk(SQLRejected):
    """The query could reveal a suppressed small count."""

    reason = "disclosure_risk"


class ExecutionError(NDLError):
    """DuckDB failed on a query that passed the guard."""

    code = "execution_error"
    status = 400


class QueryTimeout(ExecutionError):
    code = "query_timeout"
    status = 408


class QueryTooLong(SQLRejected):
    """The SQL text is longer than `max_sql_chars`."""

    reason = "too_long"


class SyntaxNotAllowed(SQLRejected):
    """A SELECT uses syntax outside the guard's allow-list (VALUES, PIVOT, LATERAL...)."""

    reason = "syntax_not_allowed"


class RecursiveQuery(SQLRejected):
    """WITH RECURSIVE can generate unbounded rows, so it is refused."""

    reason = "recursive_cte"


class InvalidLimit(SQLRejected):
    """LIMIT/OFFSET must be non-negative integer literals."""

    reason = "invalid_limit"


class LiteralTooLarge(SQLRejected):
    """A literal (or a padding width) is large enough to build a string bomb."""

    reason = "literal_too_large"
