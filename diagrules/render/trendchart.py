"""Small trend charts for the HTML report: one inline SVG line per metric, no JavaScript.

A chart is a sparkline with its first and latest values written beside it, so it reads on a
phone and on paper alike; the points are the recorded snapshots (``Report.trends``) ending with
the one being reported.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from diagrules.core.i18n import Text, format_value

WIDTH, HEIGHT, PAD = 160, 36, 3

_TITLE = Text(en="Trends", zh="趋势")
_NOTE = Text(en="Recorded snapshots of this store, oldest left; the last point is this report.",
             zh="本店铺已记录的历次快照，最左为最早，最后一个点即本报告。")


def polyline(values: Sequence[float]) -> str:
    """SVG ``points`` for ``values`` scaled into the chart box (a flat series is drawn mid-height)."""
    low, high = min(values), max(values)
    span = high - low
    step = (WIDTH - 2 * PAD) / max(len(values) - 1, 1)
    points = []
    for i, v in enumerate(values):
        y = HEIGHT / 2 if span == 0 else HEIGHT - PAD - (v - low) / span * (HEIGHT - 2 * PAD)
        points.append(f"{PAD + i * step:.1f},{y:.1f}")
    return " ".join(points)


def chart(label: str, values: Sequence[float], unit: str, lang: str) -> str:
    """One labelled chart: the line, the last point marked, first → latest in the metric's unit."""
    last_x, last_y = polyline(values).split(" ")[-1].split(",")
    first, latest = format_value(values[0], unit, lang), format_value(values[-1], unit, lang)
    return (
        f'<figure class="trend"><figcaption>{escape(label)}</figcaption>'
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" '
        f'aria-label="{escape(label)}: {escape(first)} → {escape(latest)}">'
        f'<polyline fill="none" stroke="currentColor" stroke-width="1.5" points="{polyline(values)}"/>'
        f'<circle cx="{last_x}" cy="{last_y}" r="2.5"/></svg>'
        f'<span class="trend-values">{escape(first)} → {escape(latest)}</span></figure>'
    )


def section(trends: Mapping[str, Sequence[tuple[str, float]]], labels: Mapping[str, Text],
            units: Mapping[str, str], lang: str) -> str:
    """The report's trend section, or ``""`` when it has no series of two points or more."""
    charts = [
        chart(labels[name].get(lang) if name in labels else name, [v for _, v in points],
              units.get(name, "score" if name.startswith("@score.") else "number"), lang)
        for name, points in trends.items() if len(points) >= 2
    ]
    if not charts:
        return ""
    return (f'<section class="trends"><h2>{escape(_TITLE.get(lang))}</h2>'
            f'<p class="note">{escape(_NOTE.get(lang))}</p><div class="trend-grid">{"".join(charts)}</div></section>')
