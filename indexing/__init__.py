"""Builds what the assistant reads: DuckDB tables, their profile, the semantic layer, Chroma."""
