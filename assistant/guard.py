"""The SQL guard: parse once, check the AST against allow-lists, run what was checked.

Nothing reaches DuckDB unless it parsed as exactly one SELECT whose every syntax node,
function, table and column is on an allow-list. The SQL that runs is regenerated from
the checked AST, so comments, spacing and lexer tricks in the text never reach the
engine. Each refusal is a typed `SQLRejected` whose `reason` names the rule.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from typing import Any

import sqlglot
from sqlglot import exp
from sqlglot.errors import ErrorLevel, OptimizeError
from sqlglot.optimizer.qualify import qualify
from sqlglot.optimizer.scope import traverse_scope

from assistant.disclosure import check_differencing
from assistant.errors import (
    ColumnNotAllowed,
    FunctionNotAllowed,
    InvalidLimit,
    LiteralTooLarge,
    MultipleStatements,
    NotSelect,
    ParseFailed,
    QueryTooComplex,
    QueryTooLong,
    RecursiveQuery,
    SQLRejected,
    SyntaxNotAllowed,
    TableNotAllowed,
)
from assistant.guard_allowlists import (
    ALLOWED_ANONYMOUS,
    ALLOWED_FUNCTIONS,
    ALLOWED_SYNTAX,
    STATEMENTS,
)
from assistant.guard_schema import Schema, normalize
from assistant.models import GuardedSQL

DIALECT = "duckdb"
MAX_NODES = 2500
MAX_DEPTH = 120
MAX_QUERY_NESTING = 6
MAX_JOINS = 8
MAX_CROSS_JOIN_TABLES = 3
MAX_STRING_LITERAL = 1000
MAX_PAD_WIDTH = 1000

__all__ = ["ALLOWED_ANONYMOUS", "DIALECT", "Schema", "function_name", "guard", "normalize"]


def guard(
    sql: str,
    schema: Schema,
    row_cap: int,
    max_chars: int = 20000,
    *,
    count_columns: Collection[str] = (),
) -> GuardedSQL:
    """Check `sql` and return the regenerated, LIMITed SQL, or raise `SQLRejected`.

    Accepted queries are remembered per schema (the same question asks the same SQL);
    refusals are not, so every refusal is worked out afresh."""
    if len(sql) > max_chars:
        raise QueryTooLong(f"SQL is {len(sql)} characters; the limit is {max_chars}")
    key = (sql, row_cap, frozenset(count_columns))
    accepted = schema.accepted(key)
    if accepted is not None:
        return accepted
    root = _parse_one(sql)
    try:
        guarded = _check(root, schema, row_cap, count_columns)
    except SQLRejected:
        raise
    except Exception as err:  # fail closed: what the checks cannot follow does not run
        raise ParseFailed(f"the query could not be analysed: {_first_line(err)}") from err
    schema.accept(key, guarded)
    return guarded


def _check(
    root: exp.Query, schema: Schema, row_cap: int, count_columns: Collection[str]
) -> GuardedSQL:
    _check_size(root)
    _check_limits(root)
    _check_statements(root)
    _check_functions(root)
    _check_syntax(root)
    _check_literals(root)
    _check_joins(root)
    tables = _check_tables(root, schema)
    limit = _enforce_limit(root, row_cap)
    _check_columns(root, schema, tables)
    if count_columns:
        check_differencing(root, count_columns)
    return GuardedSQL(sql=_render(root), tables=tuple(sorted(tables)), limit=limit)


def _parse_one(sql: str) -> exp.Query:
    try:
        parsed = sqlglot.parse(sql, dialect=DIALECT)
        statements = [s for s in parsed if s is not None and not isinstance(s, exp.Semicolon)]
    except RecursionError as err:
        raise QueryTooComplex("the query is nested too deeply to parse") from err
    except Exception as err:  # the parser's own bugs are parse failures too
        raise ParseFailed(f"the SQL could not be parsed: {_first_line(err)}") from err
    if not statements:
        raise ParseFailed("no SQL statement was given")
    if len(statements) > 1:
        raise MultipleStatements(f"exactly one statement is allowed, got {len(statements)}")
    root = statements[0]
    while isinstance(root, exp.Subquery) and not any(
        v for k, v in root.args.items() if k != "this"
    ):
        root = root.this.pop()  # a bare "(SELECT ...)" is the SELECT itself
    if not isinstance(root, exp.Select | exp.SetOperation):
        raise NotSelect(f"only SELECT queries are allowed, not {_statement_kind(root)}")
    return root


def _statement_kind(node: exp.Expr) -> str:
    if isinstance(node, exp.Command):
        return str(node.this).upper()
    return type(node).__name__.upper()


def _first_line(err: BaseException) -> str:
    return (str(err).splitlines() or [type(err).__name__])[0][:200]


def _nodes_with_depth(root: exp.Expr) -> Iterator[tuple[exp.Expr, int, int]]:
    """Yield (node, tree depth, query nesting) without recursion, so deep trees are safe."""
    stack: list[tuple[exp.Expr, int, int]] = [(root, 0, 1)]
    while stack:
        node, depth, nesting = stack.pop()
        yield node, depth, nesting
        for child in node.iter_expressions():
            inner = nesting + 1 if isinstance(child, exp.Select) else nesting
            stack.append((child, depth + 1, inner))


def _check_size(root: exp.Expr) -> None:
    for count, (_, depth, nesting) in enumerate(_nodes_with_depth(root), start=1):
        if count > MAX_NODES:
            raise QueryTooComplex(f"the query has more than {MAX_NODES} syntax nodes")
        if depth > MAX_DEPTH:
            raise QueryTooComplex(f"the query is nested deeper than {MAX_DEPTH} levels")
        if nesting > MAX_QUERY_NESTING:
            raise QueryTooComplex(f"subqueries nest deeper than {MAX_QUERY_NESTING} levels")


def _check_statements(root: exp.Expr) -> None:
    for node in root.walk():
        if isinstance(node, STATEMENTS):
            raise NotSelect(f"{_statement_kind(node)} is not allowed inside a query")
        if isinstance(node, exp.With) and node.args.get("recursive"):
            raise RecursiveQuery("WITH RECURSIVE is not allowed (it can generate endless rows)")


def _check_syntax(root: exp.Expr) -> None:
    for node in root.walk():
        if isinstance(node, exp.SetOperation) and not (
            isinstance(node.this, exp.Query) and isinstance(node.expression, exp.Query)
        ):
            raise SyntaxNotAllowed("UNION, INTERSECT and EXCEPT must combine SELECTs")
        if isinstance(node, exp.Func) or type(node) in ALLOWED_SYNTAX:
            continue
        raise SyntaxNotAllowed(f"{type(node).__name__} syntax is not allowed")


def function_name(node: exp.Func) -> str:
    """The name a user would recognise: the called name for unknown functions."""
    if isinstance(node, exp.Anonymous | exp.AnonymousAggFunc):
        return str(node.name).lower()
    return node.sql_name().lower()


def _check_functions(root: exp.Expr) -> None:
    for node in root.find_all(exp.Func):
        if isinstance(node.parent, exp.Dot) and node.parent.expression is node:
            raise FunctionNotAllowed(f"qualified function {node.parent.sql()} is not allowed")
        if type(node) in ALLOWED_FUNCTIONS:
            continue
        if type(node) is exp.Anonymous and normalize(node.name) in ALLOWED_ANONYMOUS:
            continue
        raise FunctionNotAllowed(f"function {function_name(node)}() is not allowed")


def _check_literals(root: exp.Expr) -> None:
    for node in root.find_all(exp.Literal):
        if node.is_string and len(node.this) > MAX_STRING_LITERAL:
            raise LiteralTooLarge(f"string literals are limited to {MAX_STRING_LITERAL} chars")
    for pad in root.find_all(exp.Pad):
        width = pad.expression
        if not _is_uint(width) or int(width.this) > MAX_PAD_WIDTH:
            raise LiteralTooLarge(f"lpad/rpad width must be a literal up to {MAX_PAD_WIDTH}")


def _is_uint(node: Any) -> bool:
    return isinstance(node, exp.Literal) and not node.is_string and str(node.this).isdigit()


def _check_joins(root: exp.Expr) -> None:
    joins = list(root.find_all(exp.Join))
    if len(joins) > MAX_JOINS:
        raise QueryTooComplex(f"at most {MAX_JOINS} joins are allowed, got {len(joins)}")
    crossed = sum(_cross_joined_sources(s) for s in root.find_all(exp.Select))
    if crossed > MAX_CROSS_JOIN_TABLES:
        raise QueryTooComplex(
            f"cross joins may combine at most {MAX_CROSS_JOIN_TABLES} table references,"
            f" got {crossed}; join on a condition instead"
        )


def _cross_joined_sources(select: exp.Select) -> int:
    """How many sources one SELECT multiplies together without a join condition."""
    count = 1 if select.args.get("from_") else 0
    for join in select.args.get("joins") or []:
        if _is_unconditioned(join):
            count += 1
    return count if count > 1 else 0


def _is_unconditioned(join: exp.Join) -> bool:
    if str(join.args.get("method") or "").upper() == "POSITIONAL":
        return False
    if join.args.get("using"):
        return False
    on = join.args.get("on")
    return on is None or on.find(exp.Column) is None


def _check_tables(root: exp.Query, schema: Schema) -> set[str]:
    """Every table must be a catalogue table or a CTE visible where it is referenced."""
    for node in root.find_all(exp.Table, exp.CTE):
        ident = node.this if isinstance(node, exp.Table) else node.args.get("alias")
        ident = ident.this if isinstance(ident, exp.TableAlias) else ident
        if isinstance(ident, exp.Identifier):
            ident.set("this", normalize(ident.name))
    used: set[str] = set()
    checked: set[int] = set()
    for scope in traverse_scope(root):
        for table in scope.tables:
            used |= _check_table(table, schema, scope.cte_sources)
            checked.add(id(table))
    for table in root.find_all(exp.Table):
        if id(table) not in checked:
            raise TableNotAllowed(f"table reference {table.sql(dialect=DIALECT)} is not allowed")
    return used


def _check_table(table: exp.Table, schema: Schema, ctes: Mapping[str, object]) -> set[str]:
    shown = table.sql(dialect=DIALECT)
    if not isinstance(table.this, exp.Identifier):
        raise TableNotAllowed(f"{shown} is not a catalogue table")
    if table.args.get("db") or table.args.get("catalog"):
        raise TableNotAllowed(f"qualified name {shown} is not allowed; use the table name")
    if table.name in ctes:
        return set()
    found = schema.lookup(table.name)
    if found is None:
        raise TableNotAllowed(f"table {table.name!r} is not in the catalogue")
    return {found[0]}


def _check_limits(root: exp.Query) -> None:
    """Every LIMIT/OFFSET must be a plain non-negative integer literal."""
    if root.find(exp.Fetch) is not None:
        raise InvalidLimit("FETCH is not allowed; use LIMIT")
    for node in root.find_all(exp.Limit, exp.Offset):
        options = node.args.get("limit_options")
        if options is not None and (options.args.get("percent") or options.args.get("with_ties")):
            raise InvalidLimit("LIMIT ... PERCENT and WITH TIES are not allowed")
        if not _is_uint(node.expression):
            raise InvalidLimit(f"{node.key.upper()} must be a non-negative integer literal")


def _enforce_limit(root: exp.Query, row_cap: int) -> int:
    """Add a LIMIT if missing and lower it to `row_cap`; returns the LIMIT that applies."""
    limit = root.args.get("limit")
    if limit is None:
        root.set("limit", exp.Limit(expression=exp.Literal.number(row_cap)))
        return row_cap
    value = int(limit.expression.this)
    if value > row_cap:
        limit.set("expression", exp.Literal.number(row_cap))
        return row_cap
    return value


def _check_columns(root: exp.Query, schema: Schema, tables: set[str]) -> None:
    """Resolve every column against the catalogue, CTE outputs and SELECT aliases."""
    mapping: dict[str, object] = {}
    for table in tables:
        found = schema.lookup(table)
        if found is not None:
            mapping[normalize(table)] = {c: "UNKNOWN" for c in sorted(found[1])}
    try:
        qualify(
            root.copy(),
            dialect=DIALECT,
            schema=mapping,
            validate_qualify_columns=True,
            quote_identifiers=False,
            identify=False,
        )
    except OptimizeError as err:
        raise ColumnNotAllowed(_first_line(err)) from err
    except Exception as err:  # anything the resolver cannot follow is refused, not run
        raise ParseFailed(f"the query could not be analysed: {_first_line(err)}") from err


def _render(root: exp.Query) -> str:
    """Generate the SQL to run, and prove it parses back to the tree that was checked."""
    try:
        sql = root.sql(dialect=DIALECT, comments=False, unsupported_level=ErrorLevel.RAISE)
        stable = sqlglot.parse_one(sql, dialect=DIALECT) == root
    except Exception as err:
        raise ParseFailed(f"the query could not be regenerated: {_first_line(err)}") from err
    if not stable:
        raise ParseFailed("the query does not regenerate to the SQL that was checked")
    return sql
