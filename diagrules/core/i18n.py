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
from collections.abc import Callable, Mapping
from typing import Any, Literal, Protocol

import attrs

from diagrules.core.errors import DiagrulesError

Lang = Literal["en", "zh"]
DEFAULT_LANG: Lang = "en"

#: The units a metric or a message value can carry. The renderer formats each in the reader's
#: language: ``ratio`` 0.935 → "93.5%", ``change`` 0.12 → "+12%", ``money`` (US dollars)
#: 9.8 → "US$9.80", ``days``/``hours``/``seconds`` → "4 days" / "4 天", ``multiple`` 5 → "5×" /
#: "5 倍", ``count`` grouped digits.
Unit = Literal[
    "ratio", "change", "percent", "count", "money", "days", "hours", "seconds", "multiple",
    "score", "number", "bool", "enum",
]
"""A metric's unit: how its input is read and how its value is shown (see the plugin guide)."""
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


@attrs.frozen
class Quantity:
    """A message value with its unit: ``ctx.finding(..., freight=Quantity(3.5, "money"))``.

    The rule states what the number *is*; the renderer decides how it reads in the reader's
    language ("US$3.50", "4 天", "37.6 秒"), so no rule set keeps its own formatter and a
    currency is written one way across every rule set.
    """

    value: float | int
    unit: Unit
    #: Decimals beyond the unit's usual ones: a search click rate reads "1.28%", not "1.3%".
    extra: int = 0

    def format(self, lang: str) -> str:
        return format_value(self.value, self.unit, lang, extra=self.extra)


class Localized(Protocol):
    """Anything that can be shown in a language: :class:`Text` and :class:`Message`."""

    def get(self, lang: str) -> str: ...


@attrs.frozen
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


class LanguageError(DiagrulesError):
    """A text read back from a one-language report was asked for in the other language."""


@attrs.frozen(slots=True)
class StoredText(Text):
    """A text read back from a report written in one language (``stored``).

    A JSON report holds each text in the language it was written in only. Answering a request
    for the other language with the stored text would put Chinese under ``"en"``; this says so
    instead, with :class:`LanguageError`.
    """

    stored: str = DEFAULT_LANG

    @classmethod
    def of(cls, value: str, lang: str) -> StoredText:
        return cls(stored=lang, **{lang: value})

    def get(self, lang: str) -> str:
        if lang != self.stored:
            raise LanguageError(
                f"this text was read back from a report written in '{self.stored}'; it has no "
                f"'{lang}' version (render the store again, or ask for lang='{self.stored}')"
            )
        return super().get(lang)


def text(en: str | None = None, zh: str | None = None) -> Text:
    """Build a :class:`Text`: ``text(en="Response rate low", zh="回复率低")``."""
    return Text(en=en, zh=zh)


@attrs.define
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
        # One pass over the values (this runs for every finding a report shows or serializes).
        units = self.units
        raw: dict[str, Any] = {}
        kinds: dict[str, str | None] = {}
        extras: dict[str, int] = {}
        texts: dict[str, str] = {}
        for k, v in self.values.items():
            if isinstance(v, Quantity):
                raw[k], kinds[k], extras[k] = v.value, v.unit, v.extra
                continue
            raw[k] = v
            kinds[k] = units.get(k)
            if isinstance(v, Text):
                texts[k] = v.get(lang)
        shown = distinct_values(raw, kinds, lang, extras)
        shown.update(texts)
        try:
            return self.template.get(lang).format(**shown)
        except (KeyError, IndexError, ValueError):
            return self.template.get(lang)


#: How many more decimals :func:`distinct_values` may add before it gives up.
_EXTRA_DIGITS = 4


def distinct_values(
    values: Mapping[str, Any], units: Mapping[str, str | None], lang: str, extras: Mapping[str, int] | None = None
) -> dict[str, str]:
    """Every value formatted, with as many more decimals as it takes to tell apart those that differ.

    "Response rate 95%, below 95%" is what a 94.99% reads as at one decimal: a reader sees a
    contradiction, not a finding. Values of the same unit that format alike but are not equal
    are shown with more digits (94.99% against 95%), up to four more. ``extras`` gives a value
    decimals of its own to start from (a :class:`Quantity`'s ``extra``).
    """
    base = extras or {}
    shown: dict[str, str] = {}
    numeric: list[str] = []
    for k, v in values.items():
        shown[k] = format_value(v, units.get(k), lang, extra=base.get(k, 0))
        if isinstance(v, int | float) and not isinstance(v, bool):
            numeric.append(k)
    if len(numeric) < 2:
        return shown
    for a in numeric:
        for b in numeric:
            if (a < b and units.get(a) == units.get(b) and shown[a] == shown[b]
                    and float(values[a]) != float(values[b])):
                for extra in range(1, _EXTRA_DIGITS + 1):
                    sa = format_value(values[a], units.get(a), lang, extra=base.get(a, 0) + extra)
                    sb = format_value(values[b], units.get(b), lang, extra=base.get(b, 0) + extra)
                    if sa != sb:
                        shown[a], shown[b] = sa, sb
                        break
    return shown


def format_value(value: Any, unit: str | None = None, lang: str = DEFAULT_LANG, *, extra: int = 0) -> str:
    """Show a metric value the way an operator reads it: ratios as percentages, counts grouped.

    ``extra`` adds decimals (see :func:`distinct_values`). Both languages share Western digit
    grouping; units after the number are written per language ("4 days" / "4 天").
    """
    if type(value) is str:
        return value
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
        # A whole number given as an int reads as a count unless its unit says otherwise.
        shown_as = "count" if isinstance(value, int) and unit not in _OWN_FORMAT else unit
        return number_formatter(shown_as, lang, extra)(v)
    return str(value)


#: Units whose numbers have a format of their own (an int among them is not shown as a count).
_OWN_FORMAT = frozenset({"ratio", "change", "percent", "money", *_SUFFIXES})
_FORMATTERS: dict[tuple[str | None, str, int], Callable[[float], str]] = {}


def number_formatter(unit: str | None, lang: str, extra: int = 0) -> Callable[[float], str]:
    """The function :func:`format_value` applies to a finite float of ``unit`` in ``lang``.

    Chosen once per (unit, language, extra decimals) and cached, so that code formatting a
    whole column of values (the fleet path) shows them exactly as a single report does without
    a second copy of the rules.
    """
    key = (unit, lang, extra)
    found = _FORMATTERS.get(key)
    if found is None:
        found = _FORMATTERS[key] = _number_format(unit, lang, extra)
    return found


def _number_format(unit: str | None, lang: str, extra: int) -> Callable[[float], str]:
    if unit in ("ratio", "change"):
        plus = unit == "change"

        def pct(v: float) -> str:
            p = v * 100
            return f"{'+' if plus and p > 0 else ''}{_trim(p, 1 + extra)}%"

        return pct
    if unit == "percent":
        return lambda v: f"{_trim(v, 1 + extra)}%"
    if unit == "money":
        return lambda v: f"US${v:,.{2 + extra}f}" if abs(v) < 1000 or extra else f"US${v:,.0f}"
    if unit in _SUFFIXES:
        one, many, zh = _SUFFIXES[unit]
        if lang == "zh":
            return lambda v: _trim(v, 1 + extra) + zh
        return lambda v: _trim(v, 1 + extra) + (one if v == 1 else many)
    if unit == "count":
        return lambda v: f"{v:,.0f}" if not extra or v == int(v) else _trim(v, 2 + extra)
    return lambda v: _trim(v, 2 + extra)


def _trim(v: float, digits: int) -> str:
    s = f"{v:,.{digits}f}"
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


class BilingualStr(str):
    """A string that is the English text and also knows the Chinese one (:meth:`get`).

    For result fields that were always plain strings (an outcome's ``reason`` and ``note``):
    code reading them as strings keeps working, and the renderers show the reader's language.
    """

    zh: str

    def __new__(cls, text: Text) -> BilingualStr:
        made = super().__new__(cls, text.get("en"))
        made.zh = text.get("zh")
        return made

    def get(self, lang: str) -> str:
        return self.zh if lang == "zh" else str(self)

    def __reduce__(self) -> tuple[type[BilingualStr], tuple[Text]]:
        # Reports cross process boundaries (batch workers); keep both languages.
        return (BilingualStr, (Text(en=str(self), zh=self.zh),))

    @classmethod
    def of(cls, value: str | Localized) -> str:
        """``value`` as a string field: a plain string as is, a bilingual text as both."""
        if isinstance(value, str):
            return value
        return cls(Text(en=value.get("en"), zh=value.get("zh")))


def bilingual(en: str, zh: str) -> BilingualStr:
    """A message the library creates in both languages, e.g. a validation error."""
    return BilingualStr(Text(en=en, zh=zh))


def ui_text(key: str, **values: Any) -> BilingualStr:
    """The interface string ``key`` of :mod:`diagrules.core.strings` in both languages.

    For texts the library itself writes into a result (a skip reason, a waiver's period), which
    must be shown later in whichever language the reader asks for.
    """
    from diagrules.core.strings import t

    return BilingualStr(Text(en=t(key, "en", **values), zh=t(key, "zh", **values)))


def localized(value: Localized | str | None, lang: str) -> str | None:
    """Resolve a :class:`Text`, :class:`Message`, :class:`BilingualStr` or plain string in ``lang``."""
    if isinstance(value, BilingualStr):
        return value.get(lang)
    if value is None or isinstance(value, str):
        return value
    return value.get(lang)
