"""The SQL guard's allow-lists: every statement it refuses, every node and function it accepts.

Kept as plain data apart from the checks, so a reviewer can read what a query may contain
in one place; a sqlglot node type not listed here is refused.
"""

from __future__ import annotations

from sqlglot import exp

# Statements (or statement-like clauses) that must never appear anywhere in the tree.
STATEMENTS: tuple[type[exp.Expr], ...] = (
    exp.DDL, exp.DML, exp.Command, exp.Describe, exp.Summarize, exp.Show, exp.Set,
    exp.Pragma, exp.Use, exp.Attach, exp.Detach, exp.Copy, exp.Install, exp.Export,
    exp.Into, exp.Transaction, exp.Commit, exp.Rollback, exp.LoadData,
    exp.Create, exp.Drop, exp.Alter, exp.Merge, exp.Analyze, exp.Grant, exp.Revoke,
)  # fmt: skip

# Every non-function node a SELECT may contain. Anything else is refused.
ALLOWED_SYNTAX: frozenset[type[exp.Expr]] = frozenset({
    exp.Select, exp.Union, exp.Intersect, exp.Except, exp.Subquery, exp.With, exp.CTE,
    exp.From, exp.Join, exp.Where, exp.Group, exp.Having, exp.Qualify, exp.Order,
    exp.Ordered, exp.Limit, exp.LimitOptions, exp.Offset, exp.Distinct, exp.Window,
    exp.WindowSpec, exp.Filter, exp.WithinGroup, exp.IgnoreNulls, exp.RespectNulls,
    exp.Cube, exp.Rollup, exp.GroupingSets, exp.Table, exp.TableAlias, exp.Column,
    exp.Star, exp.Identifier, exp.Alias, exp.Literal, exp.Null, exp.Boolean,
    exp.DataType, exp.DataTypeParam, exp.Interval, exp.Var, exp.Tuple, exp.Paren,
    exp.Not, exp.Neg, exp.Add, exp.Sub, exp.Mul, exp.Div, exp.IntDiv, exp.Mod,
    exp.DPipe, exp.EQ, exp.NEQ, exp.GT, exp.GTE, exp.LT, exp.LTE, exp.NullSafeEQ,
    exp.NullSafeNEQ, exp.Is, exp.Like, exp.ILike, exp.SimilarTo, exp.Escape,
    exp.Between, exp.In, exp.Any, exp.All,
})  # fmt: skip

# The function allow-list, by sqlglot node type (exact type, never a subclass).
ALLOWED_FUNCTIONS: frozenset[type[exp.Func]] = frozenset({
    # aggregates
    exp.Count, exp.Sum, exp.Avg, exp.Min, exp.Max, exp.Median, exp.PercentileCont,
    exp.PercentileDisc, exp.ApproxQuantile, exp.Stddev, exp.StddevPop, exp.StddevSamp,
    exp.Variance, exp.VariancePop, exp.Mode, exp.First, exp.Last, exp.ArgMin,
    exp.ArgMax, exp.AnyValue, exp.CountIf, exp.LogicalAnd, exp.LogicalOr, exp.Corr,
    exp.CovarPop, exp.CovarSamp, exp.RegrSlope, exp.RegrIntercept, exp.RegrR2,
    exp.ApproxDistinct, exp.GroupConcat, exp.Kurtosis, exp.Skewness,
    # window
    exp.RowNumber, exp.Rank, exp.DenseRank, exp.PercentRank, exp.CumeDist, exp.Ntile,
    exp.Lag, exp.Lead, exp.FirstValue, exp.LastValue, exp.NthValue,
    # math
    exp.Abs, exp.Round, exp.Ceil, exp.Floor, exp.Trunc, exp.Sqrt, exp.Cbrt, exp.Pow,
    exp.Exp, exp.Ln, exp.Log, exp.Sign, exp.Greatest, exp.Least, exp.Pi, exp.IsNan,
    exp.IsInf,
    # strings (Pad is bounded by `_check_literals`)
    exp.Lower, exp.Upper, exp.Length, exp.Trim, exp.Substring, exp.Replace,
    exp.Concat, exp.ConcatWs, exp.Left, exp.Right, exp.StartsWith, exp.EndsWith,
    exp.Contains, exp.StrPosition, exp.SplitPart, exp.RegexpLike, exp.RegexpILike,
    exp.RegexpReplace, exp.RegexpExtract, exp.RegexpFullMatch, exp.Reverse,
    exp.Initcap, exp.Levenshtein, exp.Pad,
    # dates
    exp.TimestampTrunc, exp.DateTrunc, exp.Extract, exp.Year, exp.Month, exp.Day,
    exp.Quarter, exp.Week, exp.DayOfWeek, exp.Dayname, exp.Monthname, exp.DateDiff,
    exp.DateAdd, exp.TimeToStr, exp.StrToTime, exp.DateFromParts, exp.CurrentDate,
    exp.CurrentTimestamp, exp.LastDay,
    # logic, conditionals and casts
    exp.And, exp.Or, exp.Xor, exp.Exists, exp.Case, exp.If, exp.Coalesce, exp.Nullif,
    exp.Cast, exp.TryCast,
})  # fmt: skip

# DuckDB functions sqlglot does not model (parsed as `Anonymous`), by lower-case name.
ALLOWED_ANONYMOUS: frozenset[str] = frozenset({
    "mean", "geomean", "fsum", "favg", "product", "entropy", "even", "round_even",
    "isfinite", "gcd", "lcm", "strlen", "prefix", "suffix", "strip_accents",
    "date_part", "datepart", "date_sub", "now", "age", "iff",
})  # fmt: skip
