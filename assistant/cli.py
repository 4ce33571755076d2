"""The `ndl` command: index, ask, sql, serve."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import pkgutil
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.errors import NDLError
from assistant.settings import Settings, get_settings

if TYPE_CHECKING:
    from fastapi import FastAPI


def _lines(question: str | None, file: Path | None) -> Iterator[str]:
    if file is not None:
        with file.open(encoding="utf-8") as handle:
            yield from (line.strip() for line in handle if line.strip())
    elif question is not None:
        yield question


def cmd_index(args: argparse.Namespace) -> int:
    from rich.console import Console

    from indexing.build import build_index

    console = Console(stderr=True)
    report = build_index(get_settings(), say=lambda msg: console.log(msg),
                         stage="core" if args.core else "all")
    print(report.model_dump_json(indent=2))
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    from assistant.pipeline import Pipeline
    from assistant.resources import Resources

    pipeline = Pipeline(Resources.load(get_settings()))
    for question in _lines(args.question, args.file):
        try:
            answer = pipeline.answer(question).to_json_dict()
        except NDLError as exc:
            answer = exc.to_dict()
        if args.json:
            print(json.dumps(answer, ensure_ascii=False), flush=True)
        else:
            _print_human(answer)
    return 0


def _print_human(answer: dict[str, object]) -> None:
    if "error" in answer:
        print(f"Error: {answer['error']}")
        return
    print(answer.get("text"))
    if answer.get("sql"):
        print(f"\nSQL:\n{answer['sql']}")
    for d in answer.get("datasets") or []:  # type: ignore[attr-defined]
        print(f"Source: {d['title']} — {d['publisher']} ({d['licence']}) {d.get('url') or ''}")
    print()


def cmd_sql(args: argparse.Namespace) -> int:
    import duckdb

    from assistant.errors import IndexNotBuilt
    from assistant.guard import Schema
    from assistant.resources import load_layer
    from assistant.sqlrun import run_sql_lines

    settings = get_settings()
    if not settings.duckdb_path.exists():
        raise IndexNotBuilt("The index has not been built yet: run `ndl index`.")
    with duckdb.connect(str(settings.duckdb_path), read_only=True) as con:
        schema = Schema.from_connection(con)
        counts = load_layer(con).count_columns()
    for response in run_sql_lines(_lines(args.query, args.file), settings.duckdb_path, schema,
                                  settings, count_columns=counts):
        print(response.model_dump_json(), flush=True)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from assistant.api.app import create_app

    settings = get_settings()
    host, port = args.host or settings.host, args.port or settings.port
    print(f"Serving the data library assistant at http://{host}:{port}/ "
          f"(API docs at http://{host}:{port}/docs)", flush=True)
    workers = args.workers or settings.workers
    if workers > 1:  # each worker process builds its own app from the same settings
        if settings.background_index:  # no shared thread across processes: finish it first
            from indexing.build import build_bulk

            build_bulk(settings)
        os.environ["NDL_SERVE_UI"] = "0" if args.no_ui else "1"
        uvicorn.run("assistant.api.app:app_from_env", factory=True, host=host, port=port,
                    workers=workers, log_level="info")
    else:
        app = create_app(settings, with_ui=not args.no_ui)
        if settings.background_index:
            _finish_index_in_background(app, settings)
        uvicorn.run(app, host=host, port=port, log_level="info")
    return 0


def _finish_index_in_background(app: FastAPI, settings: Settings) -> None:
    """Embed the bulk documents while serving; then let retrieval see the new counts."""
    from assistant.api.state import loaded_state
    from assistant.legislation_ranking import forget_indexes
    from indexing import background

    def refresh() -> None:
        current = loaded_state(app)
        if current is not None:
            current.pipeline.resources.retriever.counts.clear()
        forget_indexes()  # the legislation and subject collections are complete now

    background.start(settings, on_done=refresh)
    print("Finishing the search index (national catalogue, legislation) in the background; "
          "progress at /v1/health.", flush=True)


def cmd_eval(args: argparse.Namespace) -> int:
    import duckdb

    from assistant.pipeline import Pipeline
    from assistant.resources import Resources
    from evals.cases import load_cases
    from evals.harness import (
        failures,
        legal_search_summary,
        run_case,
        summarise,
        thresholds,
        write_results,
    )
    from evals.report import print_summary

    settings = get_settings()
    resources = Resources.load(settings)
    pipeline = Pipeline(resources)
    cases = [c for c in load_cases() if args.split in {None, c.split}]
    if args.engine == "llm":
        return _eval_llm(resources, [c for c in cases if c.curated])
    # gold SQL runs in a separate in-memory instance that attaches the file read-only, so it
    # cannot clash with the hardened connections the pipeline opens on the same file
    with duckdb.connect(":memory:") as con:
        path = str(settings.duckdb_path).replace("'", "''")
        con.execute(f"ATTACH '{path}' AS gold (READ_ONLY)")
        con.execute("USE gold")
        results = [run_case(pipeline, con, c) for c in cases if c.curated]
    summary = summarise(results)
    summary["legal_search"] = legal_search_summary(resources, args.split)
    print_summary(summary)
    write_results(args.out, summary, results)
    for r in results:
        if not r.correct and args.verbose:
            print(f"FAIL {r.id} [{r.status} vs {r.expected_status}] {r.text}")
    problems = failures(summary, thresholds())
    for problem in problems:
        print(f"below threshold: {problem}", file=sys.stderr)
    return 1 if problems else 0


def _eval_llm(resources: object, cases: list[object]) -> int:
    """Offline and LLM side by side on the same cases (needs NDL_ENGINE=openai|ollama)."""
    from assistant.llm.evaluate import compare_engines
    from assistant.llm.models import chat_model
    from assistant.llm.route import LLMRoute
    from assistant.resources import Resources
    from evals.report import print_summary

    assert isinstance(resources, Resources)
    model = chat_model(resources.settings)
    if model is None:
        print("set NDL_ENGINE=openai or ollama (and NDL_LLM_MODEL) to evaluate the LLM",
              file=sys.stderr)
        return 2
    route = LLMRoute(resources, model, exclude_same_question=True)
    report = compare_engines(resources, route, cases, mode="llm")
    for engine in ("offline", "llm"):
        print(f"== {engine}")
        print_summary(report[engine])
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="ndl", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    index = sub.add_parser("index", help="load the bundled data, profile it and embed it")
    index.add_argument("--core", action="store_true",
                       help="only what answers need; `ndl serve` embeds the rest in background")
    ask = sub.add_parser("ask", help="answer a question (or one per line of --file)")
    ask.add_argument("question", nargs="?")
    ask.add_argument("--file", type=Path)
    ask.add_argument("--json", action="store_true", help="print the answer contract as JSON")
    sql = sub.add_parser("sql", help="run guarded SQL (or one statement per line of --file)")
    sql.add_argument("query", nargs="?")
    sql.add_argument("--file", type=Path)
    sql.add_argument("--json", action="store_true", help="JSON lines (the only format)")
    serve = sub.add_parser("serve", help="serve the chat at / and the API at /v1")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.add_argument("--no-ui", action="store_true", help="API only")
    serve.add_argument("--workers", type=int, help="worker processes (default NDL_WORKERS)")
    ev = sub.add_parser("eval", help="measure accuracy, recall and latency on evals/cases")
    ev.add_argument("--split", choices=["dev", "heldout"])
    ev.add_argument("--out", type=Path, default=Path("evals/results/latest.json"))
    ev.add_argument("--verbose", action="store_true", help="print failing cases")
    ev.add_argument("--engine", choices=["offline", "llm"], default="offline",
                    help="llm: run offline and the configured LLM side by side")
    _plugins(sub)
    return p


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "index": cmd_index, "ask": cmd_ask, "sql": cmd_sql, "serve": cmd_serve, "eval": cmd_eval,
}


def _plugins(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Commands living in assistant/commands/: each module's register() adds its parsers
    and returns {name: handler}."""
    import assistant.commands as package

    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"assistant.commands.{info.name}")
        COMMANDS.update(module.register(sub))


def main(argv: Sequence[str] | None = None) -> int:
    cli = parser()
    args = cli.parse_args(argv)
    if args.command in {"ask", "sql"} and not (getattr(args, "question", None)
                                               or getattr(args, "query", None) or args.file):
        cli.error(f"{args.command} needs a question/query or --file")
    try:
        return COMMANDS[args.command](args)
    except NDLError as exc:
        print(json.dumps(exc.to_dict()), file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
