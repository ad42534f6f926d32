"""Compile-time configuration: TOML discovery and model, rule selection, declarative checks.

Everything here runs once, before the first store: ``settings`` finds and validates the TOML,
``selection`` resolves ruff-style selectors, ``conditions`` parses the condition grammar and
``checks`` turns ``[[checks]]`` into rules. May import ``core``, ``authoring``, ``io`` and ``plugins``.
"""
