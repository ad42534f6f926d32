"""Reading and writing files: snapshot documents (TOML, JSON, JSONL), dataset tables (CSV,
XLSX, XLS, JSON) and TOML writing.

May import ``core`` and ``authoring`` (a table is read against a dataset's declared schema);
nothing in here knows about plugins, configuration or the engine.
"""
