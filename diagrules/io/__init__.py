"""Loaders: snapshot documents (TOML, JSON, JSONL) and dataset tables (CSV, XLSX, XLS, JSON)."""
