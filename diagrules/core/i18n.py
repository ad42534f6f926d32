"""Bilingual text.

Built-in texts exist in Chinese and English; a plugin may give either or both. A :class:`Text`
answers :meth:`Text.get` with the requested language and falls back to the other one, so a
report never shows an empty line because a translation is missing.

:class:`Message` is a text template plus the values to fill in. Findings carry a ``Message``
rather than a formatted string: formatting happens only when a report is rendered, in the
language the reader asked for, which keeps evaluation cheap.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, Literal, Protocol

import attrs

Lang = Literal["en", "zh"]
LANGS: tuple[Lang, ...] = ("en", "zh")
DEFAULT_LANG: Lang = "en"

#: The units a metric or a message value can carry. The renderer formats each in the reader's
#: language: ``ratio`` 0.935 → "93.5%", ``change`` 0.12 → "+12%", ``money`` (US dollars)
#: 9.8 → "US$9.80", ``days``/``hours``/``seconds`` → "4 days" / "4 天", ``multiple`` 5 → "5×" /
#: "5 倍", ``count`` grouped digits.
Unit = Literal[
    "ratio", "change", "percent", "count", "money", "days", "hours", "seconds", "multiple",
    "score", "number", "bool", "enum",
]
UNITS: tuple[Unit, ...] = (
    "ratio", "change", "percent", "count", "money", "days", "hours", "seconds", "multiple",
    "score", "number", "bool", "enum",
)

#: How a duration or multiple is written after its number: (English singular, English plural, Chinese).
_SUFFIXES: dict[str, tuple[str, str, str]] = {
    "days": (" day", " days", " 天"),
    "hours": (" hour", " hours", " 小时"),
    "seconds": (" second", " seconds", " 秒"),
    "multiple": ("×", "×", " 倍"),
}


@attrs.frozen(slots=True)
class Quantity:
    """A message value with its unit: ``ctx.finding(..., freight=Quantity(3.5, "money"))``.

    The rule states what the number *is*; the renderer decides how it reads in the reader's
    language ("US$3.50", "4 天", "37.6 秒"), so no rule set keeps its own formatter and a
    currency is written one way across every rule set.
    """

    value: float | int
    unit: Unit

    def format(self, lang: str) -> str:
        return format_value(self.value, self.unit, lang)


class Localized(Protocol):
    """Anything that can be shown in a language: :class:`Text` and :class:`Message`."""

    def get(self, lang: str) -> str: ...


@attrs.frozen(slots=True)
class Text:
    """A piece of user-facing text in English and/or Chinese."""

    en: str | None = None
    zh: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.en is None and self.zh is None:
            raise ValueError("a Text needs at least one of en= or zh=")

    def get(self, lang: str) -> str:
        """The text in ``lang``, falling back to the other language."""
        if lang == "zh":
            return self.zh if self.zh is not None else self.en or ""
        return self.en if self.en is not None else self.zh or ""

    def format(self, **values: Any) -> Text:
        """Fill ``{placeholders}`` in every language present."""
        return Text(
            en=None if self.en is None else self.en.format(**values),
            zh=None if self.zh is None else self.zh.format(**values),
        )

    def __str__(self) -> str:
        return self.get(DEFAULT_LANG)


def text(en: str | None = None, zh: str | None = None) -> Text:
    """Build a :class:`Text`: ``text(en="Response rate low", zh="回复率低")``."""
    return Text(en=en, zh=zh)


@attrs.define(slots=True)
class Message:
    """A template and its values, formatted on demand in the reader's language.

    Values are shown with :func:`format_value`: a :class:`Text` in the reader's language (an
    ability's or a product kind's label), a :class:`Quantity` in its own unit, any other
    value in the unit ``units`` gives for its placeholder (e.g. ``{"observed": "ratio"}``), so
    that ratios read as percentages and durations carry their unit.
    """

    template: Text
    values: Mapping[str, Any]
    units: Mapping[str, str] = attrs.field(factory=dict)

    def get(self, lang: str) -> str:
        shown = {
            k: v.format(lang) if isinstance(v, Quantity)
            else v.get(lang) if isinstance(v, Text)
            else format_value(v, self.units.get(k), lang)
            for k, v in self.values.items()
        }
        try:
            return self.template.get(lang).format(**shown)
        except (KeyError, IndexError, ValueError):
            return self.template.get(lang)


def format_value(value: Any, unit: str | None = None, lang: str = DEFAULT_LANG) -> str:
    """Show a metric value the way an operator reads it: ratios as percentages, counts grouped.

    ``lang`` is accepted so that language-specific number formats can be added without
    changing callers; both supported languages currently share Western digit grouping.
    """
    if value is None:
        return "—" if lang == "en" else "无"
    if isinstance(value, bool):
        if lang == "zh":
            return "是" if value else "否"
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        v = float(value)
        if math.isnan(v) or math.isinf(v):
            return str(value)
        if unit in ("ratio", "change"):
            pct = v * 100
            sign = "+" if unit == "change" and pct > 0 else ""
            return f"{sign}{_trim(pct, 1)}%"
        if unit == "percent":
            return f"{_trim(v, 1)}%"
        if unit == "money":
            return f"US${v:,.2f}" if abs(v) < 1000 else f"US${v:,.0f}"
        if unit in _SUFFIXES:
            one, many, zh = _SUFFIXES[unit]
            shown = _trim(v, 1)
            return shown + (zh if lang == "zh" else one if v == 1 else many)
        if unit == "count" or (isinstance(value, int)):
            return f"{v:,.0f}"
        return _trim(v, 2)
    return str(value)


def _trim(v: float, digits: int) -> str:
    s = f"{v:,.{digits}f}"
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


def localized(value: Localized | str | None, lang: str) -> str | None:
    """Resolve a :class:`Text`, :class:`Message` or plain string in ``lang``."""
    if value is None or isinstance(value, str):
        return value
    return value.get(lang)
