"""`ndl catalogue`: bring other catalogues' dataset records into the search index.

    ndl catalogue import SOURCE [--name NAME] [--since ISO|last] [--format F] [--site URL]
    ndl catalogue list

SOURCE is a CKAN `package_search`/`package_show` dump (JSON or JSON lines), a DCAT
`data.json`, a CSV export, a folder of data.gov.uk collection pages, or the URL of a live
CKAN site (read through ckanapi, page by page, with retries; `--since` fetches only what
changed, `--since last` what changed after the newest record already imported). Records are
written to data/catalogue/imported/<name>.jsonl; the next `ndl index` embeds them.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlparse

from assistant.settings import get_settings

Handler = Callable[[argparse.Namespace], int]


def _default_name(source: str) -> str:
    parsed = urlparse(source)
    if parsed.scheme in {"http", "https"}:
        return (parsed.hostname or "ckan").removeprefix("www.")
    return Path(source).stem


def cmd_import(args: argparse.Namespace) -> int:
    from indexing.catalogue_import import ImportSpec, import_catalogue

    settings = get_settings()
    spec = ImportSpec(
        name=args.name or _default_name(args.source), source=args.source, format=args.format,
        site=args.site, prefix=args.prefix, rows=args.rows, limit=args.limit, query=args.q,
        fq=args.fq,
    )
    report = import_catalogue(spec, settings.data_dir, since=args.since,
                              say=lambda msg: print(msg, file=sys.stderr))
    print(report.model_dump_json(indent=2))
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from indexing.catalogue_import import imported_dir, load_import_specs
    from indexing.catalogue_import_records import read_records

    settings = get_settings()
    folder = imported_dir(settings.data_dir)
    imported = [{"name": p.stem, "path": str(p), "records": len(read_records(p))}
                for p in sorted(folder.glob("*.jsonl"))] if folder.exists() else []
    bundled = [{"name": s.name, "source": s.source, "format": s.format}
               for s in load_import_specs(settings.data_dir)]
    print(json.dumps({"imported": imported, "imports_yaml": bundled}, indent=2))
    return 0


def cmd_catalogue(args: argparse.Namespace) -> int:
    handlers: dict[str, Handler] = {"import": cmd_import, "list": cmd_list}
    return handlers[args.catalogue_command](args)


def register(sub: argparse._SubParsersAction) -> dict[str, Handler]:  # type: ignore[type-arg]
    from indexing.catalogue_import import FORMATS

    parser = sub.add_parser("catalogue", help="import dataset records from other catalogues "
                                              "(CKAN, DCAT, CSV) into the search index")
    commands = parser.add_subparsers(dest="catalogue_command", required=True)
    imp = commands.add_parser("import", help="import a CKAN dump or site, DCAT JSON or CSV",
                              description=__doc__,
                              formatter_class=argparse.RawDescriptionHelpFormatter)
    imp.add_argument("source", help="a file, a folder or a CKAN site URL")
    imp.add_argument("--name", help="name of the import (file imported/<name>.jsonl)")
    imp.add_argument("--since", help="only records modified since this ISO date/time, or "
                                     "'last' for since the newest already imported")
    imp.add_argument("--format", choices=FORMATS, help="default: detected from SOURCE")
    imp.add_argument("--site", help="the CKAN site a dump came from (for landing pages)")
    imp.add_argument("--prefix", help="id prefix (default: dgu for data.gov.uk, else NAME)")
    imp.add_argument("--rows", type=int, default=100, help="CKAN page size (default 100)")
    imp.add_argument("--limit", type=int, help="stop after this many CKAN packages")
    imp.add_argument("--q", default="*:*", help="CKAN package_search query (default all)")
    imp.add_argument("--fq", help="CKAN package_search filter query")
    commands.add_parser("list", help="imported files and the sources in imports.yaml")
    return {"catalogue": cmd_catalogue}
