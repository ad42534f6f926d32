"""The built-in rule sets. Each module is a plugin registered through the ``diagrules``
entry-point group in this project's ``pyproject.toml`` — exactly like a third-party package."""
