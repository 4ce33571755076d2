"""`ndl add PATH|URL` and `ndl remove ID`: make any aggregated table askable, or take it out.

See docs/adding-data.md. The work is in `indexing/adding.py`; this module only parses flags
and prints what was inferred.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

Handler = Callable[[argparse.Namespace], int]


def _say(quiet: bool) -> Callable[[str], None]:
    if quiet:
        return lambda _: None
    return lambda message: print(message, file=sys.stderr, flush=True)


def cmd_add(args: argparse.Namespace) -> int:
    from assistant.settings import get_settings
    from indexing.add_reports import describe
    from indexing.adding import Metadata, add_dataset, read_meta

    meta = Metadata(id=args.id, title=args.title, description=args.description,
                    publisher=args.publisher, licence=args.licence, url=args.url,
                    collection=args.collection)
    if args.meta is not None:
        meta = meta.merged(read_meta(args.meta))
    report = add_dataset(get_settings(), args.path, meta, replace=args.replace,
                         rebuild=not args.no_index, say=_say(args.json))
    print(report.model_dump_json(indent=2) if args.json else describe(report))
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    from assistant.settings import get_settings
    from indexing.adding import remove_dataset

    report = remove_dataset(get_settings(), args.id, rebuild=not args.no_index,
                            say=_say(args.json))
    if args.json:
        print(report.model_dump_json(indent=2))
    else:
        print(f"Removed {report.id}: " + ", ".join(report.removed_files))
    return 0


def register(sub: Any) -> dict[str, Handler]:
    add = sub.add_parser(
        "add", help="add a CSV, XLSX or Parquet file (or a CKAN resource URL) as a dataset",
        description="Copy the file to data/raw/added/, write data/catalogue/added/<id>.yaml, "
                    "shape it into a tidy table, infer its measures and index it.")
    add.add_argument("path", help="a .csv, .xlsx or .parquet file, or an http(s) URL")
    add.add_argument("--id", help="dataset id and table name (snake_case; default: from the "
                                  "file name)")
    add.add_argument("--title")
    add.add_argument("--description")
    add.add_argument("--publisher")
    add.add_argument("--licence")
    add.add_argument("--url", help="the publisher's page for the data")
    add.add_argument("--collection", help="a collection id from data/catalogue/collections.yaml")
    add.add_argument("--meta", type=Path,
                     help="JSON or YAML file with any of the fields above (flags win)")
    add.add_argument("--replace", action="store_true",
                     help="replace an added dataset with the same id by this file")
    add.add_argument("--no-index", action="store_true",
                     help="write the catalogue entry only; run `ndl index` later")
    add.add_argument("--json", action="store_true", help="print the report as JSON")
    remove = sub.add_parser("remove", help="remove a dataset added with `ndl add`")
    remove.add_argument("id")
    remove.add_argument("--no-index", action="store_true",
                        help="delete the files only; run `ndl index` later")
    remove.add_argument("--json", action="store_true")
    return {"add": cmd_add, "remove": cmd_remove}
