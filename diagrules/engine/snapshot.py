"""The store snapshot: the interchange format (TOML or JSON) and its validation.

``StoreSnapshot`` is the pydantic boundary model of the documented format::

    platform = "alibaba"
    store = "Shenzhen Demo Co."
    as_of = 2026-11-20
    seller_stage = "established"
    [metrics]
    response_rate = "93.5%"
    [datasets]
    products = [ { product_id = "P1", kind = "rts", orders_30d = 4 } ]
    # or: products = { file = "products.xlsx" }

:func:`prepare` checks it against the registry (metric names and aliases, units, ranges,
dataset rows), computes derived metrics, and returns a :class:`PreparedSnapshot` of plain
values. All problems of one store are reported together, each with its field path.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from diagrules.authoring.context import SeriesReader
from diagrules.core.errors import SnapshotError, did_you_mean
from diagrules.plugins.registry import Registry

MAX_PROBLEMS = 25


class DatasetFile(BaseModel):
    """A dataset kept in a file next to the snapshot (CSV, XLSX, XLS, JSON)."""

    model_config = ConfigDict(extra="forbid")
    file: str
    sheet: str | None = None
    header_row: int | None = Field(default=None, ge=1)


class StoreSnapshot(BaseModel):
    """One store's numbers at one date."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    platform: str = Field(min_length=1)
    store: str = Field(min_length=1)
    as_of: dt.date | None = None
    seller_stage: str | None = None
    category: str | None = None
    metrics: dict[str, Any] = Field(default_factory=dict)
    datasets: dict[str, list[dict[str, Any]] | DatasetFile] = Field(default_factory=dict)


@attrs.define(slots=True)
class PreparedSnapshot:
    """A validated snapshot: canonical metric names, normalised values, typed dataset rows."""

    store: str
    platform: str
    metrics: dict[str, Any]
    datasets: dict[str, list[Any]]
    as_of: dt.date | None = None
    seller_stage: str | None = None
    category: str | None = None
    source: str | None = None
    #: The store's recorded series, bound by the engine when a history is in use.
    history: SeriesReader | None = None


def format_validation_error(exc: ValidationError, prefix: str = "") -> list[str]:
    """Turn pydantic's errors into ``path: message (got value)`` lines."""
    lines = []
    for err in exc.errors():
        path = ".".join(str(p) for p in err["loc"])
        where = f"{prefix}{'.' if prefix and path else ''}{path}" or "(top level)"
        msg = err["msg"]
        if msg.startswith("Value error, "):
            msg = msg[len("Value error, "):]
        if err["type"] in ("extra_forbidden",):
            msg = "unknown field"
        got = err.get("input")
        shown = "" if err["type"] in ("missing", "extra_forbidden") or "got" in msg else f" (got {got!r})"
        lines.append(f"{where}: {msg}{shown}")
    return lines


def parse_snapshot(data: Any, *, source: str | None = None) -> StoreSnapshot:
    """Validate the structure of a snapshot document (not yet its metric names)."""
    if isinstance(data, StoreSnapshot):
        return data
    if not isinstance(data, Mapping):
        raise SnapshotError(
            f"a snapshot must be a table/object with platform, store and metrics, got {type(data).__name__}",
            location=source,
        )
    try:
        return StoreSnapshot.model_validate(data)
    except ValidationError as exc:
        store = data.get("store") if isinstance(data.get("store"), str) else None
        raise SnapshotError(
            f"store {store!r} is not a valid snapshot:" if store else "not a valid snapshot:",
            location=source,
            problems=format_validation_error(exc),
            store=store,
        ) from None


def prepare(
    data: Any,
    registry: Registry,
    *,
    source: str | None = None,
    base_dir: Path | None = None,
) -> PreparedSnapshot:
    """Validate ``data`` against the registry and compute derived metrics."""
    snap = parse_snapshot(data, source=source)
    problems: list[str] = []
    if snap.platform not in registry.platforms:
        known = sorted(registry.platforms)
        problems.append(
            f"platform: unknown platform {snap.platform!r}{did_you_mean(snap.platform, known)}"
            f" (known: {', '.join(known) or 'none — no plugin declares a platform'})"
        )
    else:
        stages = registry.platforms[snap.platform].stages
        if snap.seller_stage is not None and stages and snap.seller_stage not in stages:
            problems.append(
                f"seller_stage: expected one of {', '.join(stages)}, got {snap.seller_stage!r}"
            )
    metrics: dict[str, Any] = {}
    for key, raw in snap.metrics.items():
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            continue
        name = registry.metric_key(key, snap.platform)
        if name is None:
            problems.append(
                f"metrics.{key}: unknown metric{did_you_mean(key, [*registry.metrics, *registry.alias_names()])}"
            )
            continue
        if name in metrics:
            problems.append(f"metrics.{key}: '{name}' is given twice (once under another alias)")
            continue
        try:
            metrics[name] = registry.metrics[name].parse(raw)
        except ValueError as exc:
            problems.append(f"metrics.{key}: {exc}")
    datasets: dict[str, list[Any]] = {}
    for ds_name, rows in snap.datasets.items():
        spec = registry.datasets.get(ds_name)
        if spec is None:
            problems.append(
                f"datasets.{ds_name}: unknown dataset{did_you_mean(ds_name, registry.datasets)}"
                f" (known: {', '.join(sorted(registry.datasets)) or 'none'})"
            )
            continue
        from diagrules.io.tables import load_rows

        try:
            datasets[ds_name] = load_rows(spec, rows, base_dir=base_dir, problems=problems)
        except SnapshotError as exc:
            problems.append(f"datasets.{ds_name}: {exc.message}")
    if problems:
        raise SnapshotError(
            f"store '{snap.store}' has {len(problems)} problem{'s' if len(problems) > 1 else ''}:",
            location=source,
            problems=problems[:MAX_PROBLEMS]
            + ([f"… and {len(problems) - MAX_PROBLEMS} more"] if len(problems) > MAX_PROBLEMS else []),
            store=snap.store,
        )
    try:
        derive(metrics, datasets, registry)
    except SnapshotError as exc:
        raise SnapshotError(
            f"store '{snap.store}' has 1 problem:", location=source, problems=[exc.message], store=snap.store
        ) from None
    return PreparedSnapshot(
        store=snap.store,
        platform=snap.platform,
        metrics=metrics,
        datasets=datasets,
        as_of=snap.as_of,
        seller_stage=snap.seller_stage,
        category=snap.category,
        source=source,
    )


def derive(metrics: dict[str, Any], datasets: Mapping[str, list[Any]], registry: Registry) -> None:
    """Fill in derived metrics whose inputs are present and which were not given."""
    for name in registry.derivation_order:
        if name in metrics:
            continue
        derivation = registry.metrics[name].derive
        for d in derivation.chain() if derivation is not None else ():
            if any(m not in metrics for m in d.metrics) or any(ds not in datasets for ds in d.datasets):
                continue
            try:
                value = d.fn(*(metrics[m] for m in d.metrics), *(datasets[ds] for ds in d.datasets))
            except (ArithmeticError, ValueError, TypeError) as exc:  # e.g. a date in year 1 in a window
                inputs = ", ".join([*d.metrics, *(f"datasets.{ds}" for ds in d.datasets)])
                raise SnapshotError(
                    f"metrics.{name}: cannot be derived from {inputs}: {type(exc).__name__}: {exc}"
                ) from None
            if value is not None:
                metrics[name] = value
                break
