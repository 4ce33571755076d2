"""`ndl llm`: look inside and measure the optional LLM text-to-SQL backend.

    ndl llm prompt "QUESTION"          # the exact prompt the model would get (no model needed)
    ndl llm ask [--json] "QUESTION"    # answer with the LLM route alone (NDL_ENGINE must be set)
    ndl llm compare [--split dev|heldout] [--mode llm|fallback|always] [--out FILE]
                                       # eval cases, offline vs LLM side by side

The model is the one the settings name (NDL_ENGINE=openai|ollama, NDL_LLM_MODEL, …); see
docs/llm.md.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from assistant.settings import get_settings

Handler = Callable[[argparse.Namespace], int]


def _resources() -> Any:
    from assistant.resources import Resources

    return Resources.load(get_settings())


def _route(resources: Any, exclude_same_question: bool = False) -> Any:
    from assistant.llm.errors import LLMNotConfigured
    from assistant.llm.models import chat_model
    from assistant.llm.route import LLMRoute

    model = chat_model(resources.settings)
    if model is None:
        raise LLMNotConfigured("NDL_ENGINE is offline: set NDL_ENGINE=openai or ollama and "
                               "NDL_LLM_MODEL (see docs/llm.md).")
    return LLMRoute(resources, model, exclude_same_question=exclude_same_question)


def cmd_prompt(args: argparse.Namespace) -> int:
    from assistant.llm.examples import ExampleIndex
    from assistant.llm.prompt import build_messages, choose_datasets

    res = _resources()
    vector = res.embedder.embed_one(args.question)
    retrieval = res.retriever.retrieve(args.question, vector, res.settings.retrieval_k)
    examples = ExampleIndex.open(res.settings).similar(vector, 3)
    for message in build_messages(res, args.question, choose_datasets(res, retrieval),
                                  examples):
        print(f"===== {message.type} =====\n{message.content}\n")
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    res = _resources()
    route = _route(res)
    vector = res.embedder.embed_one(args.question)
    retrieval = res.retriever.retrieve(args.question, vector, res.settings.retrieval_k)
    answer = route.answer(args.question, retrieval, None, vector=vector)
    if args.json:
        print(json.dumps(answer.to_json_dict(), ensure_ascii=False))
    else:
        print(answer.text)
        if answer.sql:
            print(f"\nSQL:\n{answer.sql}")
        for note in answer.caveats[:2]:
            print(f"Note: {note}")
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    from assistant.llm.evaluate import compare_engines
    from evals.cases import load_cases

    res = _resources()
    route = _route(res, exclude_same_question=True)
    cases = [c for c in load_cases() if args.split in {None, c.split}]
    report = compare_engines(res, route, cases, mode=args.mode)
    keys = ("cases", "execution_accuracy", "recall_at_1", "recall_at_5", "latency_p50_ms",
            "latency_p95_ms")
    print(f"{'':10}" + "".join(f"{k:>20}" for k in keys))
    for name in ("offline", "llm"):
        print(f"{name:10}" + "".join(f"{report[name]['overall'][k]:>20}" for k in keys))
    for row in report["changed"]:
        better = "llm" if row["llm"] else "offline"
        print(f"  {row['id']}: only {better} right "
              f"(offline {row['offline_status']}, llm {row['llm_status']})", file=sys.stderr)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0


def cmd_llm(args: argparse.Namespace) -> int:
    handlers: dict[str, Handler] = {"prompt": cmd_prompt, "ask": cmd_ask, "compare": cmd_compare}
    return handlers[args.llm_command](args)


def register(sub: argparse._SubParsersAction) -> dict[str, Handler]:  # type: ignore[type-arg]
    parser = sub.add_parser("llm", help="inspect and measure the optional LLM backend",
                            description=__doc__,
                            formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="llm_command", required=True)
    prompt = commands.add_parser("prompt", help="print the prompt for a question")
    prompt.add_argument("question")
    ask = commands.add_parser("ask", help="answer with the LLM route alone")
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help="print the answer contract as JSON")
    compare = commands.add_parser("compare", help="eval cases, offline vs LLM side by side")
    compare.add_argument("--split", choices=["dev", "heldout"])
    compare.add_argument("--mode", choices=["llm", "fallback", "always"], default="llm",
                         help="llm: the LLM alone; fallback/always: planner then LLM")
    compare.add_argument("--out", type=Path, default=Path("evals/results/llm_compare.json"))
    return {"llm": cmd_llm}
