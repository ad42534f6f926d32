"""The plugin hooks. These docstrings are the plugin API reference.

A plugin is a module (or object) with functions decorated by :data:`hookimpl`, exposed through
an entry point in the ``diagrules`` group of its distribution::

    [project.entry-points.diagrules]
    myplatform = "diagrules_myplatform"

Every hook is called **once** when an :class:`~diagrules.Engine` is built, never per store or
per rule; return plain lists. All hooks are optional for a plugin: implement only those it
needs. Objects returned are validated; an invalid one is reported with the plugin's name.

The contract is versioned by ``diagrules.PLUGIN_API_VERSION``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar, cast

import pluggy

if TYPE_CHECKING:
    from diagrules.authoring.datasets import Dataset
    from diagrules.authoring.metrics import Metric
    from diagrules.authoring.platforms import Platform
    from diagrules.authoring.rules import Rule
    from diagrules.authoring.scoring import Scorecard

PROJECT = "diagrules"


def require_plugin_api(minimum: int, distribution: str) -> None:
    """Refuse to import a plugin written for a newer plugin API, saying what to upgrade.

    Call it at the top of the plugin's module — ``diagrules.require_plugin_api(2,
    "diagrules-shopee")`` — so that a too-old diagrules stops the import with this message
    (reported as the plugin's failure) instead of an ``AttributeError`` somewhere later.
    """
    from diagrules._version import PLUGIN_API_VERSION, __version__

    if minimum > PLUGIN_API_VERSION:
        raise ImportError(
            f"{distribution} needs diagrules plugin API {minimum} or newer, this diagrules "
            f"({__version__}) has {PLUGIN_API_VERSION}; upgrade diagrules"
        )
_F = TypeVar("_F", bound=Callable[..., Any])

#: Marks hook specifications (used by diagrules itself).
hookspec = cast(Callable[[_F], _F], pluggy.HookspecMarker(PROJECT))
#: Marks a plugin's hook implementations: ``@hookimpl def diagrules_rules(): ...``.
hookimpl = cast(Callable[[_F], _F], pluggy.HookimplMarker(PROJECT))


@hookspec
def diagrules_platforms() -> Sequence[Platform]:  # type: ignore[empty-body]
    """Return the platforms this plugin knows, as :class:`~diagrules.Platform` objects.

    A snapshot's ``platform`` must name a declared platform. Two plugins may declare the same
    platform with an identical definition (e.g. two rule sets for ``alibaba``).
    """


@hookspec
def diagrules_metrics() -> Sequence[Metric]:  # type: ignore[empty-body]
    """Return the :class:`~diagrules.Metric` specs this plugin understands.

    A metric name must be unique across plugins unless the definition is identical (rule sets
    of one platform share metrics that way). Derivations must name registered metrics and
    datasets and must not form a cycle; both are checked when the engine is built.
    """


@hookspec
def diagrules_datasets() -> Sequence[Dataset]:  # type: ignore[empty-body]
    """Return the :class:`~diagrules.Dataset` specs (record tables) this plugin understands."""


@hookspec
def diagrules_rules() -> Sequence[Rule]:  # type: ignore[empty-body]
    """Return the rules this plugin provides, each built with :func:`~diagrules.rule`.

    Rule ids must be unique across plugins; use a prefix of your own (``AMZ001``).
    Import heavy modules inside this function rather than at module import time.
    """


@hookspec
def diagrules_scorecards() -> Sequence[Scorecard]:  # type: ignore[empty-body]
    """Return :class:`~diagrules.Scorecard` models (dimension weights, bands, tiers).

    A scorecard runs for every snapshot of its platform; its results are in ``report.scores``
    and available to rules through ``ctx.score(id)``.
    """
