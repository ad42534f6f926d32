"""The rule-authoring API: :func:`rule`, :class:`Params`, :class:`RuleDoc` and :class:`Rule`.

A rule is a plain function decorated with :func:`rule`. The decorator records everything the
engine and the docs need (id, name, severity, inputs, parameters, texts) in a :class:`Rule`
spec; the function body is only the business logic::

    from diagrules import Metric, Params, Remedy, Severity, rule, text

    RESPONSE_RATE = Metric("response_rate", unit="ratio", better="higher",
                           label=text(en="Response rate", zh="回复率"), aliases=["回复率"])

    class ResponseParams(Params):
        min_rate: float = 0.95

    @rule("XMP001", "response-rate-low", severity=Severity.ERROR, platform="example",
          requires=[RESPONSE_RATE], params=ResponseParams,
          title=text(en="Response rate below target", zh="回复率未达标"),
          message=text(en="Response rate {observed} is below {threshold}.",
                       zh="回复率 {observed} 低于 {threshold}。"))
    def response_rate_low(ctx, p: ResponseParams):
        if ctx[RESPONSE_RATE] < p.min_rate:
            yield ctx.finding(observed=ctx[RESPONSE_RATE], threshold=p.min_rate,
                              comparison=">=")

The function receives a :class:`~diagrules.authoring.context.RuleContext` (the store's metrics,
datasets and scores) and its validated parameters, and yields (or returns a list of)
findings built with ``ctx.finding``. Returning nothing means the rule passed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, Literal

import attrs
from pydantic import BaseModel, ConfigDict

from diagrules.core.i18n import Text
from diagrules.core.model import Basis, Finding, Remedy, Severity

if TYPE_CHECKING:
    from diagrules.authoring.context import RuleContext

RuleStatus = Literal["stable", "preview", "deprecated"]
RuleFunction = Callable[..., "Iterable[Finding] | None"]

RULE_ID = re.compile(r"^[A-Z]{2,8}[0-9]{3,4}$")
RULE_NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


class Params(BaseModel):
    """Base class of a rule's parameters. Declare fields with defaults; TOML overrides them.

    Unknown keys are rejected, so a typo in ``[rules.RFQ002]`` is an error, not a silent no-op.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class NoParams(Params):
    """Parameters of a rule that has none."""


class Skip(Exception):
    """Raised inside a rule body when the data present is not enough to judge.

    ``requires=`` covers data that is absent; some rules can only tell from the values that
    they cannot judge (3 quotes where 5 are needed, a previous period with no inquiries).
    Yielding nothing would report ``passed``, which is not honest; raising ``Skip("only 3
    quotes this week; judged from 5")`` makes the outcome ``skipped`` with that reason.
    ``missing`` optionally names the metrics or datasets that would let the rule run.
    """

    def __init__(self, reason: str, *, missing: Iterable[str] = ()) -> None:
        super().__init__(reason)
        self.reason = reason
        self.missing = tuple(missing)


@attrs.frozen(slots=True)
class RuleDoc:
    """A rule's documentation: what it checks, why it matters, and where the threshold comes from.

    ``official`` is ``False`` when the threshold comes from a practitioner article rather than a
    platform's own rule page; the rule reference says so. ``threshold_basis`` says whether the
    threshold's *number* is the source's (``"source"``) or diagrules' own judgement
    (``"diagrules"``) — a source may name a problem without giving the line where it starts.
    """

    what: Text
    why: Text
    source: str
    as_of: str | None = None
    official: bool = True
    notes: Text | None = None
    threshold_basis: Basis | None = None


def _names(items: Iterable[Any]) -> tuple[str, ...]:
    return tuple(i if isinstance(i, str) else i.name for i in items)


def _platforms(value: str | Sequence[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


@attrs.frozen(slots=True)
class Rule:
    """Everything known about one rule. Built by :func:`rule`; registered through a hook."""

    id: str
    name: str
    fn: RuleFunction = attrs.field(repr=False)
    title: Text
    severity: Severity = Severity.WARNING
    platforms: tuple[str, ...] = ()
    ruleset: str = ""
    requires: tuple[str, ...] = ()
    datasets: tuple[str, ...] = ()
    uses: tuple[str, ...] = ()
    params: type[Params] = NoParams
    message: Text | None = None
    remedies: tuple[Remedy, ...] = ()
    doc: RuleDoc | None = None
    status: RuleStatus = "stable"
    stages: tuple[str, ...] = ()
    unit: str | None = None
    history: bool = False

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
    datasets: Iterable[Any] = (),
    uses: Iterable[Any] = (),
    params: type[Params] = NoParams,
    message: Text | None = None,
    remedies: Iterable[Remedy] = (),
    doc: RuleDoc | None = None,
    status: RuleStatus = "stable",
    stages: Sequence[str] = (),
    unit: str | None = None,
    history: bool = False,
) -> Callable[[RuleFunction], Rule]:
    """Declare a rule. See the module docstring for a complete example.

    ``requires`` lists metrics (objects or names) that must be present, else the rule is
    ``skipped`` naming them; ``datasets`` the same for tables; ``uses`` lists metrics read when
    present. ``stages`` limits the rule to seller stages (``not_applicable`` otherwise).
    ``unit`` is how ``observed``/``threshold`` are shown; it defaults to the first required
    metric's unit. ``history=True`` marks a rule that reads the store's recorded series
    (``ctx.series``): without a history in use it is ``not_applicable``, not a "not checked" line
    on every report.
    """
    required = tuple(requires)
    shown_unit = unit
    if shown_unit is None and required and not isinstance(required[0], str):
        shown_unit = required[0].unit

    def decorate(fn: RuleFunction) -> Rule:
        return Rule(
            id=id,
            name=name,
            fn=fn,
            title=title,
            severity=Severity.parse(severity),
            platforms=_platforms(platform),
            ruleset=ruleset or id.rstrip("0123456789").lower(),
            requires=_names(required),
            datasets=_names(datasets),
            uses=_names(uses),
            params=params,
            message=message,
            remedies=tuple(remedies),
            doc=doc,
            status=status,
            stages=tuple(stages),
            unit=shown_unit,
            history=history,
        )

    return decorate


def run_rule(r: Rule, ctx: RuleContext, params: Params) -> list[Finding]:
    """Call a rule function and collect what it yields or returns into a list."""
    result = r.fn(ctx, params)
    if result is None:
        return []
    return list(result)
