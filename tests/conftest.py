"""Shared fixtures: an engine made of the toy plugin only, isolated from installed plugins."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

import diagrules
import toyplugin


@pytest.fixture(autouse=True)
def _fresh_plugins() -> Iterator[None]:
    yield
    diagrules.purge_plugin_cache()


@pytest.fixture
def toy_engine() -> Callable[..., diagrules.Engine]:
    """Build an engine with only the toy plugin and the given configuration keys."""

    def build(**config: Any) -> diagrules.Engine:
        data = {"plugins": {"autoload": False}, **{k.replace("_", "-"): v for k, v in config.items()}}
        return diagrules.Engine(data, plugins=[toyplugin])

    return build


def toy_snapshot(**metrics: Any) -> dict[str, Any]:
    return {"platform": "toyshop", "store": "Toy Store", "metrics": metrics}
