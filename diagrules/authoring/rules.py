"""The rule-authoring API: :func:`rule`, :class:`Params`, :class:`RuleDoc` and :class:`Rule`.

All of it is public as ``diagrules.<name>``; import it from there. A rule is a plain function
decorated with :func:`rule`. The decorator records everything the engine and the docs need
(id, name, severity, inputs, parameters, texts) in a :class:`Rule` spec; the function body is
only the business logic (the example under :func:`rule`).
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Generic, Literal, Protocol, cast

import attrs
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic.fields import FieldInfo
from typing_extensions import TypeVar

from diagrules.authoring.datasets import Dataset
from diagrules.core.convert import names, optional_strings
from diagrules.core.i18n import Localized, Text
from diagrules.core.model import Basis, Finding, Remedy, Severity

if TYPE_CHECKING:
    from diagrules.authoring.context import RuleContext

RuleStatus = Literal["stable", "preview", "deprecated"]

RULE_ID = re.compile(r"^[A-Z]{2,8}[0-9]{3,4}$")
RULE_NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


class Params(BaseModel):
    """Base class of a rule's parameters. Declare fields with defaults; TOML overrides them.

    Unknown keys are rejected, so a typo in ``[rules.RFQ002]`` is an error, not a silent no-op.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class NoParams(Params):
    """Parameters of a rule that has none."""


def param(
    default: Any,
    *,
    en: str,
    zh: str,
    ge: float | None = None,
    gt: float | None = None,
    le: float | None = None,
    lt: float | None = None,
) -> Any:
    """A parameter with a description in both languages, and optional bounds.

    ``min_rate: Ratio = param(0.95, en="Lowest acceptable rate", zh="可接受的最低比率", ge=0)``.
    The rule reference and ``diagrules explain`` show the description in the reader's language;
    the bounds make an override outside them a configuration error naming the parameter. (This
    is pydantic's ``Field``, so a plugin needs no pydantic import of its own.)
    """
    return Field(default, description=en, json_schema_extra={"description_zh": zh}, ge=ge, gt=gt, le=le, lt=lt)


def param_description(field: FieldInfo, lang: str) -> str | None:
    """The description of a parameter field in ``lang`` (English when no Chinese was given)."""
    extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
    zh = extra.get("description_zh", extra.get("zh"))  # param(..., zh=) or Field(json_schema_extra={"zh": …})
    if lang == "zh" and isinstance(zh, str):
        return zh
    return field.description or (zh if isinstance(zh, str) else None)


P = TypeVar("P", bound=Params, default=Params, covariant=True)
"""A rule's parameter class. Covariant, so a list of rules with different parameters is a
``list[Rule]``; the default makes a bare ``Rule`` mean ``Rule[Params]``."""
_P = TypeVar("_P", bound=Params, default=NoParams)

RuleFunction = Callable[["RuleContext", P], "Iterable[Finding] | None"]
"""What :func:`rule` decorates: ``(ctx, params) -> findings`` (yielded, returned, or None)."""

#: Placeholders every finding fills (``ctx.finding`` sets them, ``None`` when not given).
STANDARD_PLACEHOLDERS = ("observed", "threshold", "comparison", "item")


class Skip(Exception):
    """Raised inside a rule body when the data present is not enough to judge.

    ``requires=`` covers data that is absent; some rules can only tell from the values that
    they cannot judge (3 quotes where 5 are needed, a previous period with no inquiries).
    Yielding nothing would report ``passed``, which is not honest; raising ``Skip("only 3
    quotes this week; judged from 5")`` makes the outcome ``skipped`` with that reason.
    ``missing`` optionally names the metrics or datasets that would let the rule run. A
    :class:`~diagrules.Text` reason is shown in the reader's language; as an exception message
    (a plain-text log) it is the English.
    """

    def __init__(self, reason: str | Localized, *, missing: Iterable[str] = ()) -> None:
        super().__init__(reason if isinstance(reason, str) else reason.get("en"))
        self.reason = reason
        self.missing = tuple(missing)


class StoreColumns(Protocol):
    """What a rule's vector form reads: the metrics of many stores, one column per metric.

    Every store in the columns has all the rule's ``requires`` (the others are ``skipped``
    before the vector form runs, as per store). Columns are numpy float arrays, one entry per
    store, in the order the stores are given.
    """

    @property
    def size(self) -> int:
        """How many stores the columns hold."""
        ...

    def values(self, metric: Any) -> Any:
        """The values of a float metric (a :class:`~diagrules.Metric` or its name) of every store,
        NaN where a store lacks it (never for a required metric)."""
        ...

    def scored(self, scorecard: str, metric: Any) -> tuple[Any, float] | None:
        """The metric's score in ``scorecard`` for every store (what ``ctx.score(scorecard)
        .metric(name)`` gives per store: its ``score``) and the band's pass value, which is the
        same for every store of the columns; ``None`` if the scorecard does not score it."""
        ...

    def dimensions(self, scorecard: str) -> list[tuple[str, Any, Any]] | None:
        """Each dimension of ``scorecard`` in order: its id, its score for every store (NaN where
        the store's dimension has no score) and its coverage (``DimensionScore.coverage``);
        ``None`` if the stores have no such scorecard."""
        ...


@attrs.frozen
class VectorFindings:
    """What a vector form returns: one finding per listed store, as columns.

    A vector form ``fn(columns: StoreColumns, params) -> VectorFindings`` is declared with
    ``rule(..., vector=fn)`` beside the rule's function, for a rule that judges scalar metrics
    and yields a few findings per store at most. ``rows`` are the positions (in the columns) of the
    stores with a finding, ascending (a store listed twice has two findings, in that order);
    ``observed`` holds their values, ``threshold`` is one value
    for all or one per row, and each finding means what ``ctx.finding(observed=…,
    threshold=…, comparison=…, severity=…, message=…, **values)`` would mean: ``severity`` is
    ``None`` (the rule's), one severity, or one per row; ``values`` are the message's extra
    placeholders, each one value or one per row, shown as ``Quantity(v, units[name])``;
    ``message`` is one template for all rows or one per row (default: the rule's);
    ``texts`` are placeholders already written in a language (``texts[name](lang)`` gives one
    string per row). ``declined`` are positions the vector form cannot judge: the rule runs
    there per store, as it would without a vector form.
    """

    rows: Sequence[int]
    observed: Sequence[Any]
    threshold: Any = None
    comparison: str | None = None
    severity: Severity | Sequence[Severity | None] | None = None
    message: Text | Sequence[Text] | None = None
    values: Mapping[str, Any] = attrs.field(factory=dict)
    units: Mapping[str, str] = attrs.field(factory=dict)
    texts: Mapping[str, Callable[[str], Sequence[str]]] = attrs.field(factory=dict)
    unit: str | None = None
    declined: Sequence[int] = ()


VectorForm = Callable[[StoreColumns, P], VectorFindings]
"""A rule over many stores: ``(columns, params) -> VectorFindings`` (see :class:`VectorFindings`)."""


@attrs.frozen
class RuleDoc:
    """A rule's documentation: what it checks, why it matters, and where the threshold comes from.

    ``official`` is ``False`` when the threshold comes from a practitioner article rather than a
    platform's own rule page; the rule reference says so. ``threshold_basis`` says whether the
    threshold's *number* is the source's (``"source"``) or diagrules' own judgement
    (``"diagrules"``) — a source may name a problem without giving the line where it starts.
    """

    what: Text
    why: Text
    source: str | Text
    as_of: str | None = None
    official: bool = True
    notes: Text | None = None
    threshold_basis: Basis | None = None


def _platforms(value: str | Sequence[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


@attrs.frozen
class Rule(Generic[P]):
    """Everything known about one rule. Built by :func:`rule`; registered through a hook.

    ``Rule[P]`` is a rule whose parameters are a ``P``; its function takes ``(ctx, P)``.
    ``values`` names the extra message placeholders the rule fills (``None``: not declared).
    """

    id: str
    name: str
    fn: RuleFunction[P] = attrs.field(repr=False)
    title: Text
    severity: Severity = Severity.WARNING
    platforms: tuple[str, ...] = ()
    ruleset: str = ""
    requires: tuple[str, ...] = ()
    datasets: tuple[str, ...] = ()
    uses: tuple[str, ...] = ()
    # A rule without parameters gets NoParams; the cast states that P is then NoParams.
    params: type[P] = attrs.field(default=cast("type[P]", NoParams))
    message: Text | None = None
    remedies: tuple[Remedy, ...] = ()
    doc: RuleDoc | None = None
    status: RuleStatus = "stable"
    stages: tuple[str, ...] = ()
    unit: str | None = None
    values: tuple[str, ...] | None = attrs.field(default=None, converter=optional_strings)
    history: bool = False
    #: The rule over many stores at once (see :class:`VectorFindings`); ``None``: per store only.
    vector: VectorForm[P] | None = attrs.field(default=None, repr=False)

    def __attrs_post_init__(self) -> None:
        if not RULE_ID.match(self.id):
            raise ValueError(
                f"rule id {self.id!r} must be an upper-case prefix and 3–4 digits, like 'RFQ002'"
            )
        if not RULE_NAME.match(self.name):
            raise ValueError(f"rule {self.id}: name {self.name!r} must be kebab-case")
        if not (isinstance(self.params, type) and issubclass(self.params, Params)):
            raise ValueError(f"rule {self.id}: params= must be a subclass of diagrules.Params")

    @property
    def prefix(self) -> str:
        """The letters of the id (``RFQ`` for ``RFQ002``)."""
        return self.id.rstrip("0123456789")

    def applies_to(self, platform: str) -> bool:
        return not self.platforms or platform in self.platforms


def rule(
    id: str,
    name: str,
    *,
    title: Text,
    severity: Severity | str = Severity.WARNING,
    platform: str | Sequence[str] | None = None,
    ruleset: str | None = None,
    requires: Iterable[Any] = (),
    uses: Iterable[Any] = (),
    datasets: Iterable[Any] = (),
    params: type[_P] | None = None,
    message: Text | None = None,
    values: Iterable[str] | None = None,
    remedies: Iterable[Remedy] = (),
    doc: RuleDoc | None = None,
    status: RuleStatus = "stable",
    stages: Sequence[str] = (),
    unit: str | None = None,
    history: bool = False,
    vector: VectorForm[_P] | None = None,
) -> Callable[[RuleFunction[_P]], Rule[_P]]:
    """Declare a rule::

        from diagrules import Metric, Params, Severity, rule, text

        RESPONSE_RATE = Metric("response_rate", unit="ratio", better="higher",
                               label=text(en="Response rate", zh="回复率"), aliases=["回复率"])

        class ResponseParams(Params):
            min_rate: float = 0.95

        @rule("XMP001", "response-rate-low", severity=Severity.ERROR, platform="example",
              requires=[RESPONSE_RATE], params=ResponseParams,
              title=text(en="Response rate below target", zh="回复率未达标"),
              message=text(en="Response rate {observed} is below {threshold}.",
                           zh="回复率 {observed} 低于 {threshold}。"))
        def response_rate_low(ctx: RuleContext, p: ResponseParams) -> Iterator[Finding]:
            if ctx[RESPONSE_RATE] < p.min_rate:
                yield ctx.finding(observed=ctx[RESPONSE_RATE], threshold=p.min_rate,
                                  comparison=">=")

    The function receives a :class:`diagrules.RuleContext` (the store's metrics, datasets and
    scores) and its validated parameters, and yields (or returns a list of) findings built with
    ``ctx.finding``. Returning nothing means the rule passed.

    ``requires`` lists what must be present — metrics and datasets, as objects (or metric
    names) — else the rule is ``skipped`` naming them; ``uses`` lists metrics read when present.
    (``datasets=`` is the older spelling for required datasets and still works.) ``params`` is
    the :class:`Params` subclass the function's second argument receives; a type checker holds
    the function to it. ``values`` names the extra placeholders ``message`` uses (the keywords
    the rule passes to ``ctx.finding``); they are checked when the rule registers. ``stages``
    limits the rule to seller stages (``not_applicable`` otherwise). ``unit`` is how
    ``observed``/``threshold`` are shown; it defaults to the first required metric's unit.
    ``history=True`` marks a rule that reads the store's recorded series (``ctx.series``):
    without a history in use it is ``not_applicable``, not a "not checked" line on every report.
    ``vector`` is the same rule over a column of stores (see :class:`VectorFindings`), which the
    fleet path (:func:`diagrules.fleet.evaluate_frame`) runs instead of calling the function
    once per store; it must find exactly what the function finds.
    """
    needed = tuple(requires)
    metrics = tuple(i for i in needed if not isinstance(i, Dataset))
    tables = (*(i for i in needed if isinstance(i, Dataset)), *datasets)
    shown_unit = unit
    if shown_unit is None and metrics and not isinstance(metrics[0], str):
        shown_unit = metrics[0].unit
    chosen = cast("type[_P]", NoParams if params is None else params)

    def decorate(fn: RuleFunction[_P]) -> Rule[_P]:
        return Rule(
            id=id,
            name=name,
            fn=fn,
            title=title,
            severity=Severity.parse(severity),
            platforms=_platforms(platform),
            ruleset=ruleset or id.rstrip("0123456789").lower(),
            requires=names(metrics),
            datasets=names(tables),
            uses=names(uses),
            params=chosen,
            message=message,
            remedies=tuple(remedies),
            doc=doc,
            status=status,
            stages=tuple(stages),
            unit=shown_unit,
            values=values,
            history=history,
            vector=vector,
        )

    return decorate


def registration_problems(r: Rule[Any]) -> list[str]:
    """What is wrong with ``r`` as declared: message placeholders and default parameters.

    Called once when the rule registers, so that a misspelt ``{obsreved}`` or a parameter
    without a default is reported at engine build naming the rule, instead of rendering raw
    or making every store report ``error: AttributeError``.
    """
    problems = [*_placeholder_problems(r)]
    defaults = _default_problem(r.params)
    if defaults:
        problems.append(defaults)
    return problems


def _placeholder_problems(r: Rule[Any]) -> list[str]:
    """Placeholders of the title and message that no finding of ``r`` fills.

    With ``values`` declared, every placeholder must be standard or declared. A rule that does
    not declare them (rules written before ``values=`` existed) is only held to the standard
    names: a placeholder one or two typos away from one (``{obsreved}``) is an error.
    """
    standard = (*STANDARD_PLACEHOLDERS, *(r.values or ()))
    problems: list[str] = []
    for what, template in (("title", r.title), ("message", r.message)):
        if template is None:
            continue
        for lang in ("en", "zh"):
            names = _fields(template.get(lang))
            if isinstance(names, str):
                problems.append(f"has a {what} ({lang}) that is not a valid template: {names}")
                continue
            for field in names:
                base = re.split(r"[.\[]", field, maxsplit=1)[0]
                if base in standard:
                    continue
                if not base or base.isdigit():
                    problems.append(f"has a positional placeholder '{{{field}}}' in its {what} ({lang}); name it")
                elif r.values is not None:
                    problems.append(
                        f"uses '{{{base}}}' in its {what} ({lang}), which is neither a standard placeholder "
                        f"({', '.join(STANDARD_PLACEHOLDERS)}) nor declared in values="
                    )
                else:
                    close = _near_standard(base)
                    if close is not None:
                        problems.append(
                            f"uses '{{{base}}}' in its {what} ({lang}) — did you mean '{{{close}}}'? "
                            "(declare values= if it is the rule's own)"
                        )
    return problems


@functools.lru_cache(maxsize=4096)
def _fields(template: str) -> tuple[str, ...] | str:
    """The placeholders of ``template``, or why it does not parse.

    Cached (bounded: users' ``[[checks]]`` messages pass here too), because engines are built
    repeatedly from the same plugins.
    """
    try:
        return tuple(f for _, f, _, _ in string.Formatter().parse(template) if f is not None)
    except ValueError as exc:
        return str(exc)


@functools.lru_cache(maxsize=4096)
def _near_standard(name: str) -> str | None:
    """The standard placeholder ``name`` is one or two typos away from, if any.

    Cached: rule sets reuse a few dozen names, and engines are built repeatedly.
    """
    for standard in STANDARD_PLACEHOLDERS:
        if abs(len(name) - len(standard)) <= 2 and _typos(name, standard) <= 2:
            return standard
    return None


def _typos(a: str, b: str) -> int:
    """Edit distance counting a swap of two neighbours as one edit (optimal string alignment)."""
    d = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


_DEFAULTS: dict[type[Params], str | None] = {}


def _default_problem(params: type[Params]) -> str | None:
    """Why ``params()`` is invalid, or None.

    Cached per class, so each class is validated once per process (building its pydantic
    schema then), not at every engine build.
    """
    if params in _DEFAULTS:
        return _DEFAULTS[params]
    problem = None
    try:
        params.model_validate({})
    except ValidationError as exc:
        details = "; ".join(
            f"'{'.'.join(str(p) for p in e['loc'])}': {e['msg'].lower()}" for e in exc.errors()
        )
        problem = f"has invalid default parameters ({params.__name__}): {details} — give every field a valid default"
    _DEFAULTS[params] = problem
    return problem


def run_rule(r: Rule[Any], ctx: RuleContext, params: Params) -> list[Finding]:
    """Call a rule function and collect what it yields or returns into a list."""
    result = r.fn(ctx, params)
    if result is None:
        return []
    return list(result)
