"""The fleet path: diagnose many stores at once, as columns, with the same results as store by store.

A platform or a seller-tool vendor diagnoses hundreds of thousands of stores a week. Store by
store, most of the time goes into building a report object per store that is then flattened
into rows again. This package evaluates a chunk of stores as frames of metric columns: the
rules that are naturally columnar (declarative threshold checks, rules declaring a vector
form, the scorecards) run as numpy operations, the others per store through the engine's own
rule runner, and the results are finding rows and one summary row per store — equal to what
``diagrules.batch.scale.finding_rows(engine.evaluate(doc))`` gives for each store, which a
differential test holds it to.

numpy is imported on first use only (the ``fleet`` extra); ``import diagrules`` never imports
this package.
"""

from __future__ import annotations

from diagrules.fleet.columns import FINDING_COLUMNS, STORE_COLUMNS, FleetResult
from diagrules.fleet.evaluate import evaluate_frame

__all__ = ["FINDING_COLUMNS", "STORE_COLUMNS", "FleetResult", "evaluate_frame"]
