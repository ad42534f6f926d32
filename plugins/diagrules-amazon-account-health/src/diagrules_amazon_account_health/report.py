"""Turning Amazon's account health report (SP-API ``GET_V2_SELLER_PERFORMANCE_REPORT``) into a
diagrules snapshot.

The report is JSON shaped by Amazon's ``accountHealthReport-2020-11-18`` schema: rates are
fractions (``"rate": 0.009``), and every metric carries ``targetValue``, ``targetCondition``
(``LESS_THAN``/``GREATER_THAN``/``EQUALS``) and a ``status``. The conversion keeps the values as
metrics and the whole metric list, targets included, as the ``account_health_metrics`` dataset.
A rate over zero orders says nothing and is left out, so its rule reports ``skipped``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from diagrules_amazon_account_health.data import (
    ACCOUNT_HEALTH_METRICS,
    ACCOUNT_HEALTH_RATING,
    ACCOUNT_HEALTH_STATUS,
    ACCOUNT_STATUS,
    ORDER_DEFECT_RATE,
    ORDER_DEFECT_RATE_FBA,
    RATE_METRICS,
    VIOLATIONS,
    WARNING_STATES,
)

_COUNT_FIELDS = ("orderCount", "shipmentCount", "shipmentCountWithValidTracking", "totalUnitCount")
_ALIASES = {"documentRequest": "documentRequests"}


def _load(report: Mapping[str, Any] | str | Path) -> Mapping[str, Any]:
    if isinstance(report, Mapping):
        return report
    path = Path(report)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path}: not a readable account health report: {exc}") from None
    if not isinstance(data, Mapping):
        raise ValueError(f"{path}: an account health report is a JSON object")
    return data


def _marketplace(report: Mapping[str, Any], marketplace_id: str | None) -> Mapping[str, Any]:
    entries = report.get("performanceMetrics")
    if not isinstance(entries, list) or not entries:
        raise ValueError("the report has no performanceMetrics")
    ids = [str(e.get("marketplaceId")) for e in entries]
    if marketplace_id is None:
        if len(entries) > 1:
            raise ValueError(f"the report covers several marketplaces ({', '.join(ids)}); pass marketplace_id=")
        return entries[0]  # type: ignore[no-any-return]
    for entry in entries:
        if entry.get("marketplaceId") == marketplace_id:
            return entry  # type: ignore[no-any-return]
    raise ValueError(f"marketplace {marketplace_id!r} is not in the report (it has {', '.join(ids)})")


def _orders(block: Mapping[str, Any]) -> int | None:
    for field in _COUNT_FIELDS:
        if isinstance(block.get(field), (int, float)):
            return int(block[field])
    return None


def _row(metric: str, value: Any, block: Mapping[str, Any]) -> dict[str, Any]:
    dates = block.get("reportingDateRange") or {}
    return {
        "metric": metric,
        "value": value,
        "target_value": block.get("targetValue"),
        "target_condition": block.get("targetCondition"),
        "status": block.get("status"),
        "orders": _orders(block),
        "date_from": dates.get("reportingDateFrom"),
        "date_to": dates.get("reportingDateTo"),
    }


def snapshot_from_report(
    report: Mapping[str, Any] | str | Path,
    *,
    store: str,
    marketplace_id: str | None = None,
    account_health_rating: int | None = None,
    seller_stage: str | None = None,
) -> dict[str, Any]:
    """A diagrules snapshot (``platform = "amazon"``) of one marketplace of the report.

    ``report`` is the parsed JSON or the path of the JSON file. ``marketplace_id`` is needed
    when the report covers several marketplaces. The report carries only the status of the
    Account Health Rating, not the 0–1000 score; pass the score from Seller Central as
    ``account_health_rating`` to have it checked. ``as_of`` is the last day the report covers.
    """
    doc = _load(report)
    entry = _marketplace(doc, marketplace_id)
    market = str(entry.get("marketplaceId", ""))
    metrics: dict[str, Any] = {}
    rows: list[dict[str, Any]] = []

    def add_rate(metric: str, block: Any) -> None:
        if not isinstance(block, Mapping) or not isinstance(block.get("rate"), (int, float)):
            return
        if _orders(block) == 0:
            return
        metrics[metric] = block["rate"]
        rows.append(_row(metric, block["rate"], block))

    odr = entry.get("orderDefectRate") or {}
    add_rate(ORDER_DEFECT_RATE.name, odr.get("mfn"))
    add_rate(ORDER_DEFECT_RATE_FBA.name, odr.get("afn"))
    for field, metric in RATE_METRICS.items():
        add_rate(metric.name, entry.get(field))
    for field, block in entry.items():
        name = _ALIASES.get(field, field)
        if name in VIOLATIONS and isinstance(block, Mapping) and "defectsCount" in block:
            rows.append(_row(name, block["defectsCount"], block))
    warnings = [
        {"warning_type": str(w["warningType"]), "status": str(w.get("status") or "NONE")}
        for key in ("warningStates", "warningState")  # the schema's name and its example's
        for w in entry.get(key) or []
        if isinstance(w, Mapping) and w.get("warningType")
    ]
    rating = entry.get("accountHealthRating")
    if isinstance(rating, Mapping):
        ahr_status = rating.get("ahrStatus") or rating.get("accountHealthRatingStatus")
        if ahr_status:
            metrics[ACCOUNT_HEALTH_STATUS.name] = str(ahr_status).upper()
    for status in doc.get("accountStatuses") or []:
        if status.get("marketplaceId") == market and status.get("status"):
            metrics[ACCOUNT_STATUS.name] = status["status"]
    if account_health_rating is not None:
        metrics[ACCOUNT_HEALTH_RATING.name] = account_health_rating
    snapshot: dict[str, Any] = {
        "platform": "amazon",
        "store": store,
        "metrics": metrics,
        "datasets": {ACCOUNT_HEALTH_METRICS.name: rows, WARNING_STATES.name: warnings},
    }
    ends = sorted(r["date_to"][:10] for r in rows if r["date_to"])
    if ends:
        snapshot["as_of"] = ends[-1]
    if seller_stage is not None:
        snapshot["seller_stage"] = seller_stage
    return snapshot
