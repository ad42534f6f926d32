"""TOML parsing: the standard library's ``tomllib``, or ``tomli`` where it is missing."""

from __future__ import annotations

import sys

if sys.version_info >= (3, 11):  # noqa: UP036 - kept so the package can widen its Python range
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = ["tomllib"]
