"""The store's memory: diagnosed snapshots recorded over time, and what changed between them.

``store`` defines what is recorded (:class:`HistoryEntry`), the small protocol every history
backend implements (:class:`HistoryStore`) and an in-memory backend; ``sqlite`` is the default
file backend; ``changes`` compares two reports (new, unchanged and fixed findings); ``trend``
reads a metric's series (runs of consecutive falls, sparklines). May import ``core`` and ``io``
only: the engine reads history to fill previous-period metrics, so history sits below it.
"""
