"""Property-based tests: bad data never crashes diagrules and never silently drops a rule.

The property: evaluating any snapshot document either returns a report with exactly one
outcome per selected rule, or raises the project's own documented error with a message that
names the location. Never any other exception. JSON reports round-trip exactly.

Runs with a fixed seed and a bounded example count by default (profile ``ci``); the long run is
``HYPOTHESIS_PROFILE=long python -m pytest tests/test_properties.py`` (see docs/reliability.md).
"""

from __future__ import annotations

import json
import math
import string
from pathlib import Path
from typing import Any

import pytest
import toyplugin
from hypothesis import event, given
from hypothesis import strategies as st

import diagrules
from diagrules import ConfigError, DiagrulesError, SnapshotError

TOY_METRICS = ["visits", "orders", "conversion", "service_score", "items_listed", "访客数", "转化率"]

scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["93.5%", "1,234", "-5%", "", " ", "1e400", "是", "否", "$12.5", "NaN", "inf", "５０%"]),
)
value = st.one_of(scalar, st.lists(scalar, max_size=3), st.dictionaries(st.text(max_size=5), scalar, max_size=3))
metric_key = st.one_of(st.sampled_from(TOY_METRICS), st.text(min_size=1, max_size=15))
row = st.dictionaries(st.sampled_from(["sku", "sold", "货号", "销量", "extra", "SKU "]), scalar, max_size=5)

documents = st.fixed_dictionaries(
    {},
    optional={
        "platform": st.one_of(st.sampled_from(["toyshop", "othershop", "amazon"]), scalar),
        "store": st.one_of(st.text(string.printable + "店铺", min_size=1, max_size=20), scalar),
        "metrics": st.one_of(st.dictionaries(metric_key, value, max_size=8), scalar),
        "datasets": st.one_of(
            st.fixed_dictionaries({}, optional={"items": st.one_of(st.lists(row, max_size=5), scalar)}),
            st.dictionaries(st.text(max_size=6), st.lists(row, max_size=2), max_size=2),
        ),
        "seller_stage": st.one_of(st.sampled_from(["new", "established", "old"]), scalar),
        "as_of": st.one_of(st.sampled_from(["2026-11-20", "2026-13-01", "yesterday"]), scalar),
        "category": scalar,
        "unexpected": scalar,
    },
)


@pytest.fixture(scope="module")
def engine() -> diagrules.Engine:
    return diagrules.Engine({"plugins": {"autoload": False}}, plugins=[toyplugin])


@given(doc=documents)
def test_any_document_yields_a_full_report_or_a_located_error(engine, doc):
    try:
        report = engine.evaluate(doc)
    except SnapshotError as exc:
        text = str(exc)
        assert exc.problems or exc.message, text
        # every problem names where it is: "field.path: what"
        for problem in exc.problems:
            assert ": " in problem, problem
        return
    selected = [c.rule.id for c in engine.plan.rules_for(report.platform)]
    assert [o.rule for o in report.outcomes] == selected
    for lang in ("en", "zh"):
        text = diagrules.to_json(report, lang)
        assert diagrules.to_json(diagrules.from_json(text), lang) == text


@given(metrics=st.dictionaries(st.sampled_from(["visits", "orders", "conversion", "service_score"]),
                               st.one_of(st.integers(0, 10**12), st.floats(0, 1), st.floats(0, 100)),
                               max_size=4))
def test_valid_numbers_always_evaluate(engine, metrics):
    doc = {"platform": "toyshop", "store": "S", "metrics": metrics}
    try:
        report = engine.evaluate(doc)
    except SnapshotError as exc:
        # only range errors are acceptable for these inputs
        assert all("must be" in p for p in exc.problems), exc.problems
        return
    for f in report.findings:
        assert not (isinstance(f.observed, float) and math.isnan(f.observed))


# -- hostile documents (issue 14): depth, size, surrogates, control characters -------------------------

#: Text as hostile as JSON allows: lone surrogates, C0/C1 controls, ESC/OSC sequences, NUL.
hostile_text = st.one_of(
    st.text(alphabet=st.characters(codec=None, categories=None), max_size=20),
    st.sampled_from(["\ud800", "a\udfffb", "\x1b]0;title\x07", "\x1b[2J", "\x00", "\x9b1m", "\x07" * 3]),
)


def _nested(depth: int, leaf: Any) -> Any:
    for i in range(depth):
        leaf = [leaf] if i % 2 else {"k": leaf}
    return leaf


hostile_documents = st.fixed_dictionaries(
    {"platform": st.sampled_from(["toyshop", "\ud800"]), "store": hostile_text},
    optional={
        "metrics": st.one_of(
            st.dictionaries(st.one_of(metric_key, hostile_text), st.one_of(value, hostile_text), max_size=6),
            st.builds(lambda d: {"visits": _nested(d, 1)}, st.integers(0, 80)),
            st.builds(lambda n: {"visits": n}, st.integers(-(10**60), 10**60)),
        ),
        "category": st.one_of(hostile_text, st.integers(1, 70_000).map(lambda n: "x" * n)),
    },
)


@given(doc=hostile_documents)
def test_hostile_documents_yield_a_report_or_a_located_error_and_always_render(engine, doc):
    from diagrules.render import render
    from diagrules.render.base import options_from_registry

    try:
        report = engine.evaluate(doc)
    except SnapshotError as exc:
        assert exc.problems or exc.message
        return
    options = options_from_registry(engine.registry, lang="en")
    for fmt in ("text", "markdown"):
        out = render(fmt, [report], options)
        out.encode("utf-8")  # always writable
        assert "\x1b" not in out and "\x07" not in out
    import xml.etree.ElementTree as ET

    ET.fromstring(render("junit", [report], options).split("\n", 1)[1])  # well-formed


@given(depth=st.integers(0, 3000), digits=st.integers(1, 6000))
def test_deep_or_long_json_is_a_located_error_never_a_crash(depth, digits):
    from diagrules.io.limits import MAX_DEPTH, MAX_INT_DIGITS, loads_json

    text = '{"store": "S", "metrics": {"v": ' + "[" * depth + "9" * digits + "]" * depth + "}}"
    try:
        loads_json(text, "upload")
    except SnapshotError as exc:
        assert exc.location == "upload"
        assert depth + 2 > MAX_DEPTH or digits > MAX_INT_DIGITS, str(exc)
        return
    assert depth + 2 <= MAX_DEPTH and digits <= MAX_INT_DIGITS


selectors = st.one_of(
    st.sampled_from(["ALL", "TOY", "TOY0", "TOY001", "OTH", "toy", "toyshop", "conversion-low",
                     "TOY005", "XX", "", "toy*", "AEG"]),
    st.text(max_size=8),
)
conditions = st.one_of(
    st.sampled_from(["< 0.5", ">= 80", "between 1 and 2", "< 5%", "== 0", "outside 3 and 1", "<", "eval('1')"]),
    st.text(max_size=12),
    st.floats(),
)
configs = st.fixed_dictionaries(
    {},
    optional={
        "select": st.lists(selectors, max_size=3),
        "ignore": st.lists(selectors, max_size=3),
        "extend-select": st.lists(selectors, max_size=2),
        "fail-on": st.one_of(st.sampled_from(["info", "warning", "error", "critical", "loud"]), scalar),
        "lang": st.one_of(st.sampled_from(["en", "zh", "fr"]), scalar),
        "rules": st.dictionaries(
            st.sampled_from(["TOY001", "conversion-low", "TOY9", "OTH001"]),
            st.dictionaries(st.sampled_from(["min_conversion", "severity", "min-conversion", "bogus"]), scalar, max_size=2),
            max_size=2,
        ),
        "waivers": st.lists(
            st.fixed_dictionaries({"rule": selectors}, optional={
                "reason": st.text(max_size=10), "store": st.text(max_size=5),
                "until": st.one_of(st.dates(), scalar)}),
            max_size=2,
        ),
        "checks": st.lists(
            st.fixed_dictionaries(
                {"id": st.sampled_from(["MY001", "MY002", "TOY001", "bad id"]),
                 "metric": st.sampled_from(["conversion", "visits", "转化率", "nope"]),
                 "fail": conditions},
                optional={"warn": conditions, "severity": st.sampled_from(["error", "info", "x"])},
            ),
            max_size=2,
        ),
        "per-store-ignores": st.dictionaries(st.text(max_size=4), st.lists(selectors, max_size=2), max_size=2),
        "bogus-key": scalar,
    },
)


@given(config=configs)
def test_any_config_builds_or_fails_with_config_error(config):
    data = {"plugins": {"autoload": False}, **config}
    try:
        engine = diagrules.Engine(data, plugins=[toyplugin])
    except ConfigError as exc:
        assert str(exc)
        return
    report = engine.evaluate({"platform": "toyshop", "store": "S", "metrics": {"visits": 10, "orders": 1}})
    assert [o.rule for o in report.outcomes] == [
        c.rule.id for c in engine.plan.rules_for("toyshop")
        if not any(c.rule.id in ids for p, ids in engine.plan.per_store_ignores
                   if diagrules_store_match(p, "S"))
    ]


def diagrules_store_match(pattern: str, store: str) -> bool:
    from diagrules.config.selection import store_matches

    return store_matches(pattern, store)


headers = st.lists(st.sampled_from(["货号", "sku", "销量", "sold", "备注", "SKU", ""]), min_size=0, max_size=6)
cells = st.one_of(st.text(alphabet=string.ascii_letters + string.digits + "%,.-", max_size=6), st.none())


@given(header=headers, rows=st.lists(st.lists(cells, max_size=7), max_size=6), title_rows=st.integers(0, 3))
def test_any_table_loads_or_fails_with_snapshot_error(engine, header, rows, title_rows):
    from diagrules.io.tables import rows_from_grid, validate_rows

    spec = engine.registry.datasets["items"]
    grid: list[list[Any]] = [["Report title"] for _ in range(title_rows)] + [list(header)] + [list(r) for r in rows]
    try:
        raw = rows_from_grid(grid, spec, origin="t.csv")
    except DiagrulesError as exc:
        assert "t.csv" in str(exc)
        return
    problems: list[str] = []
    records = validate_rows(spec, raw, origin="t.csv", problems=problems)
    assert len(records) + len({p.split("]")[0] for p in problems}) >= len(raw) or len(problems) > 50
    for p in problems:
        assert p.startswith("datasets.items[") and "t.csv row" in p


# -- the real built-in platforms ---------------------------------------------------------------------------
#
# The same property over Alibaba.com and AliExpress snapshots: metric keys drawn from the registry's
# names and aliases (plus junk), nasty values, and dataset rows whose headers are shuffled, duplicated
# (two aliases of one field) or missing.

REAL = diagrules.Engine({"plugins": {"allow": ["alibaba_rts", "alibaba_rfq", "aliexpress_growth"]}})
REAL_PLATFORMS = ("alibaba", "aliexpress")
REAL_DATASETS = {"alibaba": ("products", "rfq_quotes"), "aliexpress": ("store_daily",)}

nasty = st.one_of(
    scalar,
    st.sampled_from([
        "1.15%", " 93.5 % ", "１２３", "1,2,3", "--5", "%", "0x10", "1e-400", "-0", "N/A", "-", "∞", "是", "Y",
        "RTS", "定制", "2026-11-20", "2026/11/20", "20261120", "45678", "12:30", "1.5万", "$1,234.50", "¥88",
    ]),
)


def _metric_names(platform: str) -> list[str]:
    return sorted(n for n, m in REAL.registry.metrics.items() if m.platform in (None, platform))


def _headers(dataset: str) -> list[str]:
    spec = REAL.registry.datasets[dataset]
    fields = list(spec.record.model_fields)
    return sorted({*fields, *(a for f in fields for a in spec.aliases.get(f, ()))})


def _field_of(dataset: str, header: str) -> str | None:
    spec = REAL.registry.datasets[dataset]
    return header if header in spec.record.model_fields else next(
        (f for f, names in spec.aliases.items() if header in names), None)


percent_text = st.floats(0, 100).map(lambda v: f"{v:.2f}%")
#: Values a back office really exports, by metric unit: most stores should get a report.
PLAUSIBLE_BY_UNIT: dict[str, st.SearchStrategy[Any]] = {
    "ratio": st.one_of(st.floats(0, 1), percent_text),
    "count": st.one_of(st.integers(0, 10**6), st.integers(0, 10**6).map(lambda v: f"{v:,}")),
    "money": st.one_of(st.floats(0, 1e7), st.floats(0, 1e7).map(lambda v: f"${v:,.2f}")),
    "score": st.floats(0, 100),
    "change": st.one_of(st.floats(-1, 1), st.floats(-100, 100).map(lambda v: f"{v:.1f}%")),
}
#: Cell values by dataset field (anything else gets a plausible number).
PLAUSIBLE_BY_FIELD: dict[str, st.SearchStrategy[Any]] = {
    "product_id": st.integers(10**9, 10**13).map(str) | st.integers(10**9, 10**13),
    "rfq_id": st.text(string.ascii_uppercase + string.digits, min_size=1, max_size=10),
    "kind": st.sampled_from(["RTS", "定制", "customized", "是", "否", "rts"]),
    "title": st.text(max_size=20),
    "product_level": st.sampled_from(["潜力品", "实力优品", "普通品", ""]),
    "status": st.sampled_from(["已查看", "已回复", "未查看", "buyer_viewed", "not_viewed"]),
    "date": st.dates().map(str) | st.dates(),
    "quoted_at": st.dates().map(lambda d: d.strftime("%Y/%m/%d 10:32")) | st.dates(),
    "search_ctr": percent_text,
    "bounce_rate": percent_text,
    "has_cross_border_packaging": st.sampled_from(["是", "否", "Y", "N"]),
    "in_weekly_deals": st.sampled_from(["是", "否"]),
    "has_shipping_template": st.sampled_from(["是", "否"]),
}
number_cell = st.one_of(st.integers(0, 10**6), st.floats(0, 1e6), st.integers(0, 10**6).map(lambda v: f"{v:,}"))


def plausible_metric(name: str) -> st.SearchStrategy[Any]:
    return PLAUSIBLE_BY_UNIT.get(str(REAL.registry.metrics[name].unit), st.floats(0, 1e4))


def plausible_cell(dataset: str, header: str) -> st.SearchStrategy[Any]:
    field = _field_of(dataset, header)
    return PLAUSIBLE_BY_FIELD.get(field, number_cell) if field else nasty


junk_key = st.text(min_size=1, max_size=12)


@st.composite
def header_rows(draw: st.DrawFn, dataset: str) -> list[str]:
    """A header row: usually the required columns under some name, plus others, shuffled, with
    a column now and then duplicated (two names of one field), missing, or unknown."""
    spec = REAL.registry.datasets[dataset]
    names = _headers(dataset)
    header = []
    for field in spec.required_fields():
        if draw(st.integers(0, 9)):  # 1 in 10: a required column is missing
            header.append(draw(st.sampled_from([field, *spec.aliases.get(field, ())])))
    header += draw(st.lists(st.one_of(st.sampled_from(names), st.sampled_from(names), junk_key), max_size=6))
    return draw(st.permutations(header))


def cell_for(draw: st.DrawFn, dataset: str, header: str) -> Any:
    return draw(nasty) if draw(st.integers(0, 14)) == 0 else draw(plausible_cell(dataset, header))


@st.composite
def dataset_rows(draw: st.DrawFn, dataset: str) -> list[dict[str, Any]]:
    """Inline rows sharing one drawn header set; some rows ragged, a few cells nasty."""
    header = draw(header_rows(dataset))
    rows = []
    for _ in range(draw(st.integers(0, 6))):
        keys = header if draw(st.integers(0, 4)) else header[: draw(st.integers(0, len(header)))]
        rows.append({k: cell_for(draw, dataset, k) for k in keys})
    return rows


@st.composite
def real_documents(draw: st.DrawFn) -> dict[str, Any]:
    platform = draw(st.sampled_from(REAL_PLATFORMS))
    metrics: dict[str, Any] = {}
    for name in draw(st.lists(st.sampled_from(_metric_names(platform)), max_size=14, unique=True)):
        aliases = REAL.registry.metrics[name].aliases
        key = draw(st.sampled_from([name, *aliases])) if aliases and draw(st.booleans()) else name
        metrics[key] = draw(nasty) if draw(st.integers(0, 19)) == 0 else draw(plausible_metric(name))
    if draw(st.integers(0, 9)) == 0:
        metrics[draw(junk_key)] = draw(nasty)
    doc: dict[str, Any] = {
        "platform": platform,
        "store": draw(st.one_of(st.text(string.ascii_letters + "店铺 -", min_size=1, max_size=12),
                                st.sampled_from(["Shenzhen Demo Co.", "义乌小商品"]), nasty)),
        "metrics": metrics,
    }
    names = draw(st.lists(st.sampled_from([*REAL_DATASETS[platform], *REAL_DATASETS[platform], "bogus"]),
                          max_size=2, unique=True))
    if names:
        doc["datasets"] = {n: draw(dataset_rows(n)) if n in REAL.registry.datasets else [] for n in names}
    for key, values in (("seller_stage", ["new", "established", "gold"]), ("as_of", ["2026-11-20", "soon"]),
                        ("category", ["Consumer Electronics", "服装"])):
        if draw(st.booleans()):
            doc[key] = draw(st.one_of(st.sampled_from(values), nasty))
    return doc


def assert_full_report_or_located_error(engine: diagrules.Engine, doc: Any, **kwargs: Any) -> Any:
    """The property: one outcome per selected rule and an exact JSON round trip, or a located error."""
    try:
        report = engine.evaluate(doc, **kwargs)
    except SnapshotError as exc:
        event("invalid snapshot")
        assert exc.problems or exc.message, str(exc)
        for problem in exc.problems:  # "field.path: what", then "… and 3 more" past the first 25
            assert ": " in problem or problem.startswith("… and "), problem
        return exc
    event("report")
    selected = [c.rule.id for c in engine.plan.rules_for(report.platform)]
    assert [o.rule for o in report.outcomes] == selected
    for lang in ("en", "zh"):
        text = diagrules.to_json(report, lang)
        assert diagrules.to_json(diagrules.from_json(text), lang) == text
    return report


@given(doc=real_documents())
def test_real_platform_documents_yield_a_full_report_or_a_located_error(doc):
    assert_full_report_or_located_error(REAL, doc)


# -- dataset files next to the snapshot ------------------------------------------------------------------
#
# Back-office exports written to a temporary folder (CSV in UTF-8, UTF-8 with BOM or GB18030 with
# any delimiter, XLSX, JSON) with a title block, shuffled, duplicated and missing headers, ragged
# rows and nasty cells, referenced from the snapshot as ``{ file = ... }``.

@st.composite
def export_files(draw: st.DrawFn) -> tuple[str, str, list[list[Any]], str]:
    """(platform, dataset, grid, file name) for a dataset export."""
    platform = draw(st.sampled_from(REAL_PLATFORMS))
    dataset = draw(st.sampled_from(REAL_DATASETS[platform]))
    header: list[Any] = draw(header_rows(dataset))
    if draw(st.integers(0, 4)) == 0:
        header.insert(draw(st.integers(0, len(header))), draw(st.sampled_from(["", None, "备注"])))
    title = [[draw(st.sampled_from(["数据管家 产品报表", "Report", "统计时间: 2026-11-01 ~ 2026-11-30"]))]
             for _ in range(draw(st.integers(0, 3)))]
    body = []
    for _ in range(draw(st.integers(0, 8))):
        row = [cell_for(draw, dataset, h) if isinstance(h, str) else None for h in header]
        if draw(st.integers(0, 4)) == 0:  # ragged
            row = row[: draw(st.integers(0, len(row)))] + draw(st.lists(nasty, max_size=2))
        body.append(row)
    suffix = draw(st.sampled_from([".csv", ".csv", ".csv", ".tsv", ".xlsx", ".xlsx", ".json", ".txt", ".pdf"]))
    return platform, dataset, [*title, list(header), *body], "export" + suffix


def write_export(folder: Path, name: str, grid: list[list[Any]], encoding: str, delimiter: str) -> None:
    import csv
    import io

    path = folder / name
    if name.endswith(".xlsx"):
        from openpyxl import Workbook
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        wb = Workbook()
        ws = wb.active
        for row in grid:
            ws.append([ILLEGAL_CHARACTERS_RE.sub("", c) if isinstance(c, str) else c for c in row])
        wb.save(path)
    elif name.endswith(".json"):
        if grid and grid[-1] and isinstance(grid[-1][0], str) and len(grid) % 3 == 0:
            path.write_text(grid[-1][0], encoding="utf-8")  # not JSON at all
        else:
            head = [str(c) for c in grid[len(grid) // 2]] if grid else []
            rows = [dict(zip(head, row, strict=False)) for row in grid]
            path.write_text(json.dumps(rows, ensure_ascii=False, default=str), encoding="utf-8")
    else:
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="\t" if name.endswith(".tsv") else delimiter)
        for row in grid:
            writer.writerow(["" if c is None else c for c in row])
        path.write_bytes(buffer.getvalue().encode(encoding, errors="replace"))


@given(export=export_files(), encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]),
       delimiter=st.sampled_from([",", ";", "\t"]),
       reference=st.sampled_from(["same", "same", "same", "same", "missing", "folder"]),
       header_row=st.sampled_from([None, None, None, None, 1, 2, 3, 9]))
def test_dataset_files_yield_a_full_report_or_a_located_error(export, encoding, delimiter, reference, header_row):
    import tempfile

    platform, dataset, grid, name = export
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if reference == "folder":
            (folder / name).mkdir()  # a folder where the export should be
        elif reference == "same":
            write_export(folder, name, grid, encoding, delimiter)
        ref: dict[str, Any] = {"file": name}
        if header_row is not None:
            ref["header_row"] = header_row
        doc = {"platform": platform, "store": "Export Co", "metrics": {}, "datasets": {dataset: ref}}
        result = assert_full_report_or_located_error(REAL, doc, source="store.toml", base_dir=folder)
    if isinstance(result, SnapshotError):
        assert result.location == "store.toml"
        assert any(f"datasets.{dataset}" in p for p in result.problems), result.problems


# -- configuration files ------------------------------------------------------------------------------------
#
# TOML text, valid or broken, through ``load_config(path)`` and the engine: a Config, or a
# ConfigError whose message names the file.

toml_scalars = st.one_of(
    st.booleans(), st.integers(-(2**63), 2**63 - 1), st.floats(), st.text(max_size=10), st.dates(),
    st.sampled_from(["warning", "error", "RFQ002", "RTS", "ALL", "en", "zh", "1.2%", "< 0.9", "*"]),
)
toml_values = st.recursive(
    toml_scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)
config_keys = st.one_of(
    st.sampled_from(["select", "extend-select", "ignore", "fail-on", "lang", "rule-timeout", "per-store-ignores",
                     "rules", "waivers", "checks", "plugins", "benchmarks", "selct", "fail_on"]),
    st.text(max_size=8),
)
table_names = st.sampled_from(["rules.RFQ002", "rules.RTS001", "rules.NOPE", "plugins", "benchmarks.服装",
                               "per-store-ignores", "tool.diagrules", "[waivers]", "[checks]", "rules"])


def _toml_string(value: str) -> str:
    out = []
    for ch in value:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def render_toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf") if math.isinf(value) else repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(render_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_toml_string(k)} = {render_toml_value(v)}" for k, v in value.items()) + "}"
    return value.isoformat()


@st.composite
def config_texts(draw: st.DrawFn) -> str:
    lines = [f"{_toml_string(k)} = {render_toml_value(v)}"
             for k, v in draw(st.dictionaries(config_keys, toml_values, max_size=5)).items()]
    for table in draw(st.lists(table_names, max_size=3)):
        lines.append(f"[{table}]")  # "[[waivers]]" for the array-of-tables names
        lines += [f"{_toml_string(k)} = {render_toml_value(v)}"
                  for k, v in draw(st.dictionaries(st.text(max_size=8) | st.sampled_from(
                      ["min_rate", "severity", "allow", "autoload", "strict", "rule", "reason", "id", "metric",
                       "fail", "pass", "excellent"]), toml_values, max_size=3)).items()]
    text = "\n".join(lines) + "\n"
    mutation = draw(st.sampled_from(["none", "none", "truncate", "insert", "duplicate"]))
    if mutation == "truncate":
        text = text[: draw(st.integers(0, len(text)))]
    elif mutation == "insert":
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(["=", "[", "]", '"', "\n", "\x00", "\\", "{", "é"])) + text[at:]
    elif mutation == "duplicate" and lines:
        text += lines[0] + "\n"
    return text


@given(text=config_texts(), name=st.sampled_from(["diagrules.toml", "pyproject.toml"]))
def test_any_config_file_loads_or_fails_with_a_config_error_naming_it(text, name):
    import tempfile

    from diagrules.config.settings import load_config

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_text(text, encoding="utf-8")
        try:
            loaded = load_config(path)
            engine = diagrules.Engine(loaded)
        except ConfigError as exc:
            event("config error")
            assert str(path) in str(exc), str(exc)
            return
    event("config loaded")
    # a configuration that loads runs: one outcome per selected rule
    report = engine.evaluate({"platform": "alibaba", "store": "S", "metrics": {"response_rate": "91%"}})
    assert [o.rule for o in report.outcomes] == [c.rule.id for c in engine.plan.rules_for("alibaba")
                                                 if not any(c.rule.id in ids for p, ids in engine.plan.per_store_ignores
                                                            if diagrules_store_match(p, "S"))]
