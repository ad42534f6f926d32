"""JSON: the report exactly as :func:`diagrules.to_json` writes it (a list for several stores).

One report gives one JSON object that :func:`diagrules.from_json` reads back; several give an
array of such objects. The keys are the versioned contract documented in
:mod:`diagrules.render.serialize`.
"""

from __future__ import annotations

from collections.abc import Sequence

from diagrules.core.model import Report
from diagrules.render.base import RenderOptions
from diagrules.render.serialize import dumps, report_document


def render(reports: Sequence[Report], options: RenderOptions) -> str:
    """One JSON object for one report, an array for several (text ends with a newline).

    Compact unless ``options.pretty`` (``--pretty``), which indents by two spaces.
    """
    documents = [report_document(r, options.lang) for r in reports]
    body = documents[0][0] if len(documents) == 1 else [data for data, _ in documents]
    finite = all(ok for _, ok in documents)
    return dumps(body, indent=2 if options.pretty else None, finite=finite) + "\n"
