"""JSON: the report exactly as :func:`diagrules.to_json` writes it (a list for several stores).

One report gives one JSON object that :func:`diagrules.from_json` reads back; several give an
array of such objects. The keys are the versioned contract documented in
:mod:`diagrules.render.serialize`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from diagrules.core.model import Report
from diagrules.render.base import RenderOptions
from diagrules.render.serialize import to_dict, to_json


def render(reports: Sequence[Report], options: RenderOptions) -> str:
    """One JSON object for one report, an array for several (text ends with a newline)."""
    if len(reports) == 1:
        return to_json(reports[0], options.lang) + "\n"
    body = [to_dict(r, options.lang) for r in reports]
    return json.dumps(body, ensure_ascii=False, indent=2) + "\n"
