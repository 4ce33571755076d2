"""The Collections tab: the themes of the semantic layer, their datasets and example
questions. Clicking an example asks it in the chat (the caller wires the buttons)."""

from __future__ import annotations

from dataclasses import dataclass

import gradio as gr

from assistant.semantic import CollectionInfo, DatasetInfo, SemanticLayer
from ui.view import escape_md

MAX_DESCRIPTION = 320
MAX_LISTED = 25  # a theme with hundreds of catalogue records stays readable


@dataclass
class ExampleButton:
    button: gr.Button
    question: str


def short(text: str, limit: int = MAX_DESCRIPTION) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def dataset_markdown(info: DatasetInfo) -> str:
    title = f"[{escape_md(info.title)}]({info.source_url})" if info.source_url else \
        escape_md(info.title)
    coverage = "; ".join(x for x in (info.time_coverage, info.geography_level) if x)
    lines = [f"**{title}**", escape_md(short(info.description))]
    if coverage:
        lines.append(f"*Coverage:* {escape_md(short(coverage, 240))}")
    lines.append(f"*Publisher:* {escape_md(info.publisher)} · *Licence:* {escape_md(info.licence)}"
                 + (f" · *Last updated:* {info.updated}" if info.updated else ""))
    return "  \n".join(lines)


def datasets_markdown(layer: SemanticLayer, collection: CollectionInfo) -> str:
    found = [layer.datasets[i] for i in collection.dataset_ids if i in layer.datasets]
    if not found:
        return "_No datasets in this collection yet._"
    listed = "\n\n".join(dataset_markdown(d) for d in found[:MAX_LISTED])
    more = len(found) - MAX_LISTED
    return listed + (f"\n\n_…and {more} more, listed by the [API](/v1/collections/"
                     f"{collection.id})._" if more > 0 else "")


def collection_block(layer: SemanticLayer, collection: CollectionInfo) -> list[ExampleButton]:
    """One collection: heading, description, example buttons, datasets (collapsed)."""
    examples: list[ExampleButton] = []
    count = len([i for i in collection.dataset_ids if i in layer.datasets])
    with gr.Row(elem_classes="collection", elem_id=f"collection-{collection.id}"):
        with gr.Column(scale=2):
            gr.Markdown(f"### {escape_md(collection.title)}\n"
                        f"{escape_md(short(collection.description))}")
            if collection.examples:
                gr.Markdown("**Try asking:**")
            for n, question in enumerate(collection.examples):
                button = gr.Button(question, size="sm", elem_classes="example-question",
                                   elem_id=f"example-{collection.id}-{n}")
                examples.append(ExampleButton(button, question))
        with gr.Column(scale=3):
            label = f"{count} dataset{'s' if count != 1 else ''} in this collection"
            with gr.Accordion(label, open=False, elem_id=f"datasets-{collection.id}"):
                gr.Markdown(datasets_markdown(layer, collection))
    return examples


def collections_view(layer: SemanticLayer | None, problem: str | None = None
                     ) -> list[ExampleButton]:
    """Render every collection; returns the example buttons so the chat can wire them."""
    gr.Markdown("## Collections\nThe library's data, grouped by theme. Pick an example "
                "question to ask it, or open a collection to see its datasets.")
    if layer is None:
        gr.Markdown(problem or "The collections are not available right now.")
        return []
    buttons: list[ExampleButton] = []
    for collection in shown_collections(layer):
        buttons.extend(collection_block(layer, collection))
    return buttons


def shown_collections(layer: SemanticLayer) -> list[CollectionInfo]:
    """Collections with at least one dataset loaded: an empty theme answers nothing."""
    return [c for c in layer.collections if any(i in layer.datasets for i in c.dataset_ids)]
