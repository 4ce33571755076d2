"""The catalogue entry of an added dataset: metadata completed from the file, and its YAML.

What the caller left out is inferred (title, description, collection, coverage) or listed
as missing, so `data/catalogue/added/<id>.yaml` says what still needs a curator.
"""

from __future__ import annotations

from datetime import date

import yaml

from assistant.semantic import Measure
from assistant.settings import Settings
from indexing.add_metadata import Metadata
from indexing.catalogue import DatasetSpec, load_catalogue
from indexing.tidy_plan import TidyPlan

UNCURATED_CAVEAT = ("Added with `ndl add` and not curated: its roles, units and labels were "
                    "inferred from the file.")


def complete_spec(settings: Settings, spec: DatasetSpec, meta: Metadata,
                  measures: list[Measure], plan: TidyPlan, rows: int, original_name: str,
                  digest: str, title_inferred: bool) -> DatasetSpec:
    """The entry with every catalogue field filled in, and what was inferred or is missing."""
    inferred, missing = (["title"] if title_inferred else []), []
    description = meta.description
    if not description:
        labels = sorted({m.label for m in measures})[:6]
        description = (f"{spec.title}, added from the file {original_name} ({rows} rows). "
                       f"Measures: {'; '.join(labels)}.")
        inferred.append("description")
    collection = meta.collection
    if not collection:
        collection = infer_collection(settings, f"{spec.title}. {description}")
        if collection:
            inferred.append("collection")
        else:
            collection = "uncategorised"
            missing.append("collection")
    missing += [name for name in ("publisher", "licence", "url") if not getattr(meta, name)]
    missing.append("updated")
    coverage, levels = time_coverage(measures), geography_levels(measures)
    inferred += (["time_coverage"] if coverage else []) + (["geography_level"] if levels
                                                           else [])
    return spec.model_copy(update={
        "description": description, "publisher": meta.publisher or "",
        "licence": meta.licence or "", "source_url": meta.url, "collection": collection,
        "time_coverage": coverage, "geography_level": levels,
        "caveats": _caveats(meta, plan), "inferred": inferred, "missing": missing,
        "source_file": original_name, "sha256": digest, "added_at": date.today().isoformat(),
    })


def _caveats(meta: Metadata, plan: TidyPlan) -> list[str]:
    """The not-curated warning, the caller's own caveats (cut short) and shaping notes."""
    caveats = [UNCURATED_CAVEAT]
    extra_caveats = meta.extra.get("caveats")
    if isinstance(extra_caveats, str) and extra_caveats.strip():
        text = " ".join(extra_caveats.split())
        cut = text[:600].rfind(". ")
        caveats.append(text if len(text) <= 600 else text[:cut + 1] if cut > 0 else text[:600])
    elif isinstance(extra_caveats, list):
        caveats += [str(c) for c in extra_caveats]
    return caveats + plan.notes[:3]


def infer_collection(settings: Settings, text: str) -> str | None:
    """The closest curated collection by embedding similarity (None if nothing is close)."""
    catalogue = load_catalogue(settings.data_dir, include_added=False)
    if not catalogue.collections:
        return None
    try:
        from indexing.embedding import get_embedder

        embedder = get_embedder(settings.embedding_model)
        vectors = embedder.embed([text] + [f"{c.title}. {c.description}"
                                           for c in catalogue.collections])
    except Exception:  # no model available: leave it uncategorised
        return None
    query = vectors[0]
    scores = sorted(((sum(a * b for a, b in zip(query, v, strict=True)), c.id)
                     for v, c in zip(vectors[1:], catalogue.collections, strict=True)),
                    reverse=True)
    runner_up = scores[1][0] if len(scores) > 1 else 0.0
    best, collection = scores[0]
    # only a clear winner: a dataset between two themes stays uncategorised
    return collection if best >= 0.4 and best - runner_up >= 0.1 else None


def time_coverage(measures: list[Measure]) -> str | None:
    periods = sorted({(p.year, p.label) for m in measures for p in m.periods})
    if not periods:
        return None
    return periods[0][1] if len(periods) == 1 else f"{periods[0][1]} to {periods[-1][1]}"


def geography_levels(measures: list[Measure]) -> str | None:
    levels = sorted({lv.replace("_", " ") for m in measures for lv in m.geo_levels})
    return ", ".join(levels).capitalize() if levels else None


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def spec_yaml(spec: DatasetSpec) -> str:
    """The entry as YAML, with a header telling a curator how to edit or remove it."""
    body = spec.model_dump(exclude_none=True)
    body.pop("origin", None)
    for key in ("examples", "measures", "synonyms"):
        if not body.get(key):
            body.pop(key, None)
    body["columns"] = [{k: v for k, v in c.items() if v not in (None, "")}
                       for c in body["columns"]]
    head = ("# Written by `ndl add` (not curated). Edit titles, descriptions, units or add\n"
            "# `measures:` refinements as for data/catalogue/datasets/*.yaml; `ndl remove "
            f"{spec.id}` takes it out.\n")
    return head + yaml.dump(body, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                            width=100)
