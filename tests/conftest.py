"""Shared fixtures: an engine made of the toy plugin only, isolated from installed plugins."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import toyplugin

import diagrules


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


# Property tests: fixed seed and bounded examples by default; HYPOTHESIS_PROFILE=long for the
# long run recorded in docs/reliability.md.
from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile(
    "ci", max_examples=150, derandomize=True, deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile(
    "long", max_examples=20_000, derandomize=False, deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
import os  # noqa: E402

settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
