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
from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator

from diagrules.authoring.context import SeriesReader
from diagrules.core.errors import SnapshotError, did_you_mean
from diagrules.core.i18n import bilingual, localized
from diagrules.core.strings import from_label, label
from diagrules.engine.derive import derive
from diagrules.plugins.registry import Registry

MAX_PROBLEMS = 25


class DatasetFile(BaseModel):
    """A dataset kept in a file next to the snapshot (CSV, XLSX, XLS, JSON), or in several.

    ``file = ["Products-2026-11-19.xls", "rts-products.xlsx"]`` merges the exports on the
    dataset's key: the Data Manager analysis, the product management list and the RTS list each
    carry some columns of the same products.
    """

    model_config = ConfigDict(extra="forbid")
    file: str | list[str] = Field(min_length=1)
    sheet: str | None = None
    header_row: int | None = Field(default=None, ge=1)
    currency_rates: dict[str, float] = Field(default_factory=dict)
    """US$ per unit of another currency, for columns such as ``支付金额(元)``: ``{ CNY = 0.14 }``."""

    @field_validator("currency_rates")
    @classmethod
    def _rates(cls, v: dict[str, float]) -> dict[str, float]:
        for code, rate in v.items():
            if not (0 < rate < 1e6):
                raise ValueError(f"rate for {code} must be a positive number of US$, got {rate!r}")
        return {code.upper(): rate for code, rate in v.items()}


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

    @field_validator("seller_stage", "category")
    @classmethod
    def _from_label(cls, value: str | None, info: ValidationInfo) -> str | None:
        """An operator writes what the back office shows: ``新店`` is the stage ``new``."""
        kind = "stage" if info.field_name == "seller_stage" else "category"
        return None if value is None else from_label(kind, value)


@attrs.define
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
    #: Datasets left out because their rows were invalid: dataset → its located problems.
    input_errors: dict[str, list[str]] = attrs.field(factory=dict)
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
    data_root: Path | None = None,
    confine: bool = True,
    reject_invalid_datasets: bool = False,
) -> PreparedSnapshot:
    """Validate ``data`` against the registry and compute derived metrics.

    A dataset with invalid rows is left out and its problems kept in ``input_errors`` (the rules
    that need it then report an error), unless ``reject_invalid_datasets``: then the whole store
    is refused with a :class:`SnapshotError`, as before 0.2.

    Dataset files resolve against ``base_dir`` and must lie inside ``data_root`` (default:
    ``base_dir``) unless ``confine`` is false — see :func:`diagrules.io.tables.confined_path`.
    """
    snap = parse_snapshot(data, source=source)
    problems: list[str] = []
    if snap.platform not in registry.platforms:
        known = sorted(registry.platforms)
        hint = did_you_mean(snap.platform, known)
        problems.append(bilingual(
            f"platform: unknown platform {snap.platform!r}{hint}"
            f" (known: {', '.join(known) or 'none — no plugin declares a platform'})",
            f"platform：未知平台 {snap.platform!r}{localized(hint, 'zh')}"
            f"（已知平台：{'、'.join(known) or '无，没有插件声明平台'}）",
        ))
    else:
        stages = registry.platforms[snap.platform].stages
        if snap.seller_stage is not None and stages and snap.seller_stage not in stages:
            problems.append(bilingual(
                f"seller_stage: expected one of {', '.join(stages)}, got {snap.seller_stage!r}",
                f"seller_stage：应为以下之一：{'、'.join(label('stage', s, 'zh') for s in stages)}，"
                f"实际为 {snap.seller_stage!r}",
            ))
    metrics: dict[str, Any] = {}
    names: list[str] = []

    def known_names() -> list[str]:
        if not names:
            names.extend([*registry.metrics, *registry.alias_names()])
        return names

    lookup = registry.metric_lookup(snap.platform)
    for key, raw in snap.metrics.items():
        metric = lookup.get(key)
        if metric is not None and type(raw) is float and metric.name not in metrics:
            try:  # the usual case: a known key given once, as a number
                metrics[metric.name] = metric.parse(raw)
                continue
            except ValueError:
                pass  # the general path below reports it
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            continue
        name = registry.metric_key(key, snap.platform)
        if name is None:
            # Suggestions only for the problems shown: 10,000 unknown keys must not cost
            # 10,000 fuzzy searches.
            hint = did_you_mean(key, known_names()) if len(problems) < MAX_PROBLEMS else ""
            problems.append(bilingual(f"metrics.{key}: unknown metric{hint}",
                                      f"metrics.{key}：未知指标{localized(hint, 'zh')}"))
            continue
        if name in metrics:
            problems.append(bilingual(f"metrics.{key}: '{name}' is given twice (once under another alias)",
                                      f"metrics.{key}：'{name}' 重复给出（另一次用的是别名）"))
            continue
        try:
            metrics[name] = registry.metrics[name].parse(raw)
        except ValueError as exc:
            reason = exc.args[0] if exc.args and isinstance(exc.args[0], str) else str(exc)
            problems.append(bilingual(f"metrics.{key}: {exc}", f"metrics.{key}：{localized(reason, 'zh')}"))
    datasets: dict[str, list[Any]] = {}
    input_errors: dict[str, list[str]] = {}
    for ds_name, rows in snap.datasets.items():
        spec = registry.datasets.get(ds_name)
        if spec is None:
            hint = did_you_mean(ds_name, registry.datasets)
            problems.append(bilingual(
                f"datasets.{ds_name}: unknown dataset{hint} (known: {', '.join(sorted(registry.datasets)) or 'none'})",
                f"datasets.{ds_name}：未知数据表{localized(hint, 'zh')}"
                f"（已知数据表：{'、'.join(sorted(registry.datasets)) or '无'}）",
            ))
            continue
        from diagrules.io.tables import load_rows

        # A dataset with bad rows costs only the rules that read it: its problems are kept for
        # the report, the dataset is left out, and every other rule still runs.
        found: list[str] = []
        try:
            loaded = load_rows(spec, rows, base_dir=base_dir, problems=found, root=data_root, confine=confine)
        except SnapshotError as exc:  # the file itself: unreadable, outside its folder, too large
            found.append(f"datasets.{ds_name}: {exc.message}")
        if found and reject_invalid_datasets:
            problems += found
        elif found:
            input_errors[ds_name] = found[:MAX_PROBLEMS]
        else:
            datasets[ds_name] = loaded
    if problems:
        raise SnapshotError(
            bilingual(f"store '{snap.store}' has {len(problems)} problem{'s' if len(problems) > 1 else ''}:",
                      f"店铺“{snap.store}”有 {len(problems)} 处问题："),
            location=source,
            problems=problems[:MAX_PROBLEMS]
            + ([bilingual(f"… and {len(problems) - MAX_PROBLEMS} more", f"……另有 {len(problems) - MAX_PROBLEMS} 处")]
               if len(problems) > MAX_PROBLEMS else []),
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
        input_errors=input_errors,
        as_of=snap.as_of,
        seller_stage=snap.seller_stage,
        category=snap.category,
        source=source,
    )

