"""Turning finished reports into output: one module per format, looked up by name, and the
cattrs serialization (``serialize``) they share.

May import ``core``, ``authoring``, ``io``, ``plugins``, ``config`` and ``engine`` (for types only).

A renderer is a function ``render(reports, options) -> str`` that receives finished
:class:`~diagrules.Report` objects and :class:`~diagrules.render.base.RenderOptions` (language,
colour, labels) and never reaches back into the engine. Modules are imported only when their
format is used, so the CLI's start-up does not pay for rich or the HTML templates::

    from diagrules.render import render
    from diagrules.render.base import RenderOptions
    html = render("html", [report], RenderOptions(lang="zh"))
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from diagrules.core.model import Report
    from diagrules.render.base import RenderOptions

#: Format name → module implementing ``render``. The order is the order shown in ``--help``.
RENDERERS: dict[str, str] = {
    "text": "diagrules.render.text",
    "json": "diagrules.render.json",
    "jsonl": "diagrules.render.jsonl",
    "markdown": "diagrules.render.markdown",
    "html": "diagrules.render.html",
    "sarif": "diagrules.render.sarif",
    "junit": "diagrules.render.junit",
}

FORMATS: tuple[str, ...] = tuple(RENDERERS)


class Renderer(Protocol):
    """The signature every format module's ``render`` function has."""

    def __call__(self, reports: Sequence[Report], options: RenderOptions) -> str: ...


def get_renderer(name: str) -> Renderer:
    """The ``render`` function of format ``name``; ``KeyError`` for an unknown format."""
    module = importlib.import_module(RENDERERS[name])
    renderer: Renderer = module.render
    return renderer


def render(name: str, reports: Sequence[Report], options: RenderOptions) -> str:
    """Render ``reports`` in format ``name``."""
    return get_renderer(name)(reports, options)


__all__ = ["FORMATS", "RENDERERS", "Renderer", "get_renderer", "render"]
