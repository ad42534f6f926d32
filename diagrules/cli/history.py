"""The work behind ``diagrules history`` and ``diagrules diff`` and ``check --baseline``.

Kept apart from the click declarations in :mod:`diagrules.cli.main` so the commands stay thin:
opening a history file, reading a baseline report, building the history table.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from rich.cells import cell_len

from diagrules.core.errors import DiagrulesError, HistoryError
from diagrules.core.i18n import Text, format_value
from diagrules.core.model import Report
from diagrules.history.trend import change, sparkline

_ASSUMED = Text(en=" (no as_of: recorded under the day it was diagnosed)", zh="（快照无 as_of，按诊断当天记录）")
_HEAD = Text(en="{store} on {platform}: {n} snapshots, {first} to {last}",
             zh="{platform} 店铺 {store}：共 {n} 期快照，{first} 至 {last}")
_NO_STORE = Text(en="no history for store {store!r} in {path}", zh="{path} 中没有店铺 {store!r} 的历史记录")
_COLUMNS = (Text(en="metric", zh="指标"), Text(en="trend", zh="趋势"), Text(en="first", zh="最早"),
            Text(en="latest", zh="最新"), Text(en="change", zh="较上期"))


def read_reports(path: Path) -> list[Report]:
    """The reports in a JSON report file (one object, or an array as ``check`` writes for several)."""
    from diagrules.render.serialize import from_dict

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DiagrulesError(f"cannot read this report: {exc}", location=str(path)) from None
    items = data if isinstance(data, list) else [data]
    if not all(isinstance(i, dict) for i in items):
        raise DiagrulesError("expected a diagrules JSON report (an object or a list of objects)", location=str(path))
    return [from_dict(i) for i in items]


def match_baseline(reports: Sequence[Report], baselines: Sequence[Report]) -> list[tuple[Report, Report | None]]:
    """Pair each report with the baseline report of the same platform and store."""
    by_key = {(b.platform, b.store): b for b in baselines}
    return [(r, by_key.get((r.platform, r.store))) for r in reports]


def history_table(path: Path, platform: str | None, store: str, metrics: Sequence[str],
                  labels: dict[str, Text], units: dict[str, str], lang: str) -> str:
    """Each metric of ``store`` over time: a sparkline, the first and latest values, the change."""
    from diagrules.history.sqlite import SQLiteHistory

    if not path.exists():
        raise HistoryError("no history file here (run check or batch with --history first)", location=str(path))
    history = SQLiteHistory(path)
    try:
        keys = [(p, s) for p, s in history.stores() if s == store and (platform is None or p == platform)]
        if not keys:
            raise HistoryError(_NO_STORE.format(store=store, path=path).get(lang), location=str(path))
        out: list[str] = []
        for p, s in keys:
            entries = history.entries(p, s)
            head = _HEAD.format(store=s, platform=p, n=len(entries), first=entries[0].as_of.isoformat(),
                                last=entries[-1].as_of.isoformat()).get(lang)
            if any(e.as_of_assumed for e in entries):
                head += _ASSUMED.get(lang)
            names = list(metrics) or sorted({m for e in entries for m in e.metrics})
            rows = [[c.get(lang) for c in _COLUMNS]]
            for name in names:
                values = [v for _, v in history.series(p, s, name)]
                if not values:
                    continue
                unit = units.get(name, "score" if name.startswith("@score.") else "number")
                moved = _moved(values, unit, lang)
                label = labels[name].get(lang) if name in labels else name
                rows.append([label, sparkline(values), format_value(values[0], unit, lang),
                             format_value(values[-1], unit, lang), moved])
            out += [head, "", *_table(rows), ""]
        return "\n".join(out)
    finally:
        history.close()


def _moved(values: Sequence[float], unit: str, lang: str) -> str:
    """The latest change: percentage points for rates and shares, relative for other amounts."""
    absolute, relative = change(values)
    if absolute is None:
        return ""
    if unit == "ratio":
        points = f"{absolute * 100:+.1f}".replace(".0", "")
        return f"{points} 个百分点" if lang == "zh" else f"{points} pt"
    if relative is None:
        return format_value(absolute, unit, lang)
    return format_value(relative, "change", lang)


def _table(rows: list[list[str]]) -> list[str]:
    widths = [max(cell_len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return ["  ".join(c + " " * (w - cell_len(c)) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
