"""Configuration: discovery of ``diagrules.toml`` / ``[tool.diagrules]`` and its validation.

Precedence, highest first: command-line options (``overrides``), an explicit path, then the
first ``diagrules.toml`` or ``pyproject.toml`` with a ``[tool.diagrules]`` table found from the
working directory upward (in one directory ``diagrules.toml`` wins). Unknown keys are errors
naming the file, the key path and the nearest valid key — a misspelt ``selct`` must never be
silently ignored.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from diagrules.authoring.metrics import parse_unit
from diagrules.core.errors import ConfigError, did_you_mean
from diagrules.core.model import Severity
from diagrules.plugins.loading import PluginSettings

CONFIG_FILE = "diagrules.toml"
PYPROJECT = "pyproject.toml"


def _kebab(name: str) -> str:
    return name.replace("_", "-")


def _new_list() -> list[Any]:
    return []


def _new_dict() -> dict[str, Any]:
    return {}


# Default factories are plain functions rather than ``list``/``dict`` or a model class: pydantic
# inspects each factory's signature, which for ``list`` means tokenizing its text signature (a
# regex compiled on first use), and calling a model class validates its defaults, building that
# model's schema. Both were paid by every run without a configuration file (~10 ms of
# ``diagrules check``); the values are the same.


class _Strict(BaseModel):
    # Schemas are built on first use: a run without a config file never pays for them.
    model_config = ConfigDict(
        extra="forbid", alias_generator=_kebab, populate_by_name=True, frozen=True, defer_build=True
    )


class LocalizedText(_Strict):
    """A text given in TOML as ``{ en = "...", zh = "..." }``."""

    en: str | None = None
    zh: str | None = None


class Waiver(_Strict):
    """Accept a known problem for a while: the rule is reported ``waived`` with the reason."""

    rule: str = Field(min_length=1)
    store: str = "*"
    reason: str = Field(min_length=1)
    until: dt.date | None = None


class CheckConfig(_Strict):
    """A declarative check on one metric, written in TOML instead of Python.

    Exactly one kind: ``fail`` (with an optional ``warn``) tests the value; ``change`` tests the
    change against the previous snapshot in history (``"< -5%"`` relative, ``"< -0.02"``
    absolute); ``falling``/``rising`` = N fires after N consecutive falls/rises.
    """

    id: str
    metric: str
    fail: str | None = None
    warn: str | None = None
    change: str | None = None
    falling: int | None = Field(default=None, ge=1, le=52)
    rising: int | None = Field(default=None, ge=1, le=52)
    name: str | None = None
    severity: str = "error"
    platform: str | None = None
    title: str | LocalizedText | None = None
    message: str | LocalizedText | None = None
    remedy: str | LocalizedText | None = None

    @field_validator("severity")
    @classmethod
    def _severity(cls, v: str) -> str:
        Severity.parse(v)
        return v


class PluginsConfig(_Strict):
    """Which plugins load: auto-loading, an allow-list, a block-list, strictness."""

    autoload: bool = True
    allow: list[str] | None = None
    block: list[str] = Field(default_factory=_new_list)
    strict: bool = False

    def settings(self) -> PluginSettings:
        """These choices as the plugin host's :class:`PluginSettings` (the one place they are mapped)."""
        return PluginSettings(autoload=self.autoload, allow=self.allow, block=self.block, strict=self.strict)


class HistoryConfig(_Strict):
    """``[history]``: where diagnosed snapshots are remembered (opt-in; see ``docs/history.md``).

    ``store`` is a SQLite file path, relative to the configuration file. ``tolerance-days`` is how
    far the snapshot found for "one period earlier" may sit from the exact date. ``record = false``
    reads history (previous-period metrics, trends) without adding this run to it.
    """

    store: str | None = None
    tolerance_days: int = Field(default=3, ge=0, le=31)
    record: bool = True


class BandOverride(_Strict):
    """New scoring band values for one metric in one industry category.

    Values are numbers in the metric's unit; ``"1.2%"`` is accepted for ratios.
    """

    pass_: float | None = Field(default=None, alias="pass")
    excellent: float | None = None

    @field_validator("pass_", "excellent", mode="before")
    @classmethod
    def _percent(cls, v: Any) -> Any:
        if isinstance(v, str) and v.strip().endswith("%"):
            return parse_unit("ratio", v)
        return v


#: The sane range of ``rule-timeout`` in seconds (docs/security.md).
MIN_RULE_TIMEOUT = 0.001
MAX_RULE_TIMEOUT = 3600.0


class Config(_Strict):
    """The whole configuration. Every key is documented in ``docs/configuration.md``."""

    lang: Literal["en", "zh"] | None = None
    fail_on: str = "warning"
    select: list[str] | None = None
    extend_select: list[str] = Field(default_factory=_new_list)
    ignore: list[str] = Field(default_factory=_new_list)
    per_store_ignores: dict[str, list[str]] = Field(default_factory=_new_dict)
    rules: dict[str, dict[str, Any]] = Field(default_factory=_new_dict)
    waivers: list[Waiver] = Field(default_factory=_new_list)
    checks: list[CheckConfig] = Field(default_factory=_new_list)
    plugins: PluginsConfig = Field(default_factory=lambda: PluginsConfig.model_construct())
    benchmarks: dict[str, dict[str, BandOverride]] = Field(default_factory=_new_dict)
    # Seconds; below a millisecond the timer fires before a rule can run, and above an hour
    # (inf, 1e308) the interval timer overflows or a batch effectively has no budget.
    rule_timeout: float | None = Field(default=None, ge=MIN_RULE_TIMEOUT, le=MAX_RULE_TIMEOUT)
    data_root: str | None = None
    trust_dataset_paths: bool = False
    reject_invalid_datasets: bool = False
    history: HistoryConfig = Field(default_factory=lambda: HistoryConfig.model_construct())

    @field_validator("fail_on")
    @classmethod
    def _fail_on(cls, v: str) -> str:
        return Severity.parse(v).label

    @property
    def fail_on_severity(self) -> Severity:
        return Severity.parse(self.fail_on)


#: Where each top-level setting came from, for ``diagrules config``.
Sources = dict[str, str]


class LoadedConfig:
    """A validated :class:`Config` plus the file it came from and each key's origin."""

    __slots__ = ("config", "path", "sources")

    def __init__(self, config: Config, path: Path | None, sources: Sources) -> None:
        self.config = config
        self.path = path
        self.sources = sources


_MODELS_BY_KEY: dict[str, type[BaseModel]] = {
    "waivers": Waiver,
    "checks": CheckConfig,
    "plugins": PluginsConfig,
}


def _valid_keys(loc: tuple[Any, ...]) -> list[str]:
    """The keys allowed at the parent of ``loc`` (for did-you-mean)."""
    model: type[BaseModel] = Config
    if len(loc) > 1 and isinstance(loc[0], str) and loc[0] in _MODELS_BY_KEY:
        model = _MODELS_BY_KEY[loc[0]]
    elif len(loc) > 1 and loc[0] == "benchmarks":
        model = BandOverride
    return [f.alias or n for n, f in model.model_fields.items()]


def _describe(exc: ValidationError, where: str, prefix: str) -> str:
    lines = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        path = prefix + ".".join(str(p) for p in loc)
        if err["type"] == "extra_forbidden":
            key = str(loc[-1])
            lines.append(f"unknown key '{path}'{did_you_mean(key, _valid_keys(loc))}")
        else:
            msg = err["msg"].removeprefix("Value error, ")
            lines.append(f"'{path}': {msg} (got {err.get('input')!r})")
    return f"{where}: invalid configuration: " + "; ".join(lines)


def find_config(start: Path | None = None) -> tuple[Path, str] | None:
    """The config file that applies in ``start`` (default: the working directory).

    Returns the path and the key prefix inside it (``""`` or ``"tool.diagrules."``).
    """
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_FILE
        if candidate.is_file():
            return candidate, ""
        pyproject = folder / PYPROJECT
        if pyproject.is_file():
            try:
                data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError):
                continue
            if isinstance(data.get("tool"), dict) and "diagrules" in data["tool"]:
                return pyproject, "tool.diagrules."
    return None


def read_toml(path: Path) -> dict[str, Any]:
    """Parse a TOML file, turning syntax errors into a ConfigError with line and column."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError("file not found", location=str(path)) from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"not UTF-8 text ({exc.reason})", location=str(path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML: {exc}", location=str(path)) from None


def load_config(
    path: str | Path | None = None,
    *,
    overrides: Mapping[str, Any] | None = None,
    discover: bool = True,
    start: Path | None = None,
) -> LoadedConfig:
    """Read, merge and validate the configuration.

    ``path`` names a file explicitly (``diagrules.toml`` or a ``pyproject.toml``); otherwise the
    file is discovered from ``start`` unless ``discover`` is False. ``overrides`` (from the
    command line) replace file values key by key, except ``extend-select`` and ``ignore``, which
    add to them.
    """
    data: dict[str, Any] = {}
    sources: Sources = {}
    file: Path | None = None
    prefix = ""
    if path is not None:
        file = Path(path)
        prefix = "tool.diagrules." if file.name == PYPROJECT else ""
    elif discover:
        found = find_config(start)
        if found is not None:
            file, prefix = found
    if file is not None:
        raw = read_toml(file)
        if prefix:
            tool = raw.get("tool", {})
            raw = tool.get("diagrules", {}) if isinstance(tool, dict) else {}
            if not isinstance(raw, dict):
                raise ConfigError("[tool.diagrules] must be a table", location=str(file))
        data = dict(raw)
        sources = {k: str(file) for k in data}
    for key, value in (overrides or {}).items():
        if value is None:
            continue
        k = _kebab(key)
        if k in ("extend-select", "ignore"):
            data[k] = [*data.get(k, []), *value]
        elif k == "history" and isinstance(value, Mapping) and isinstance(data.get(k), Mapping):
            data[k] = {**data[k], **value}  # --history PATH keeps the file's tolerance-days
        else:
            data[k] = value
        sources[k] = "command line" if k not in sources else f"{sources[k]} + command line"
    where = str(file) if file is not None else "configuration"
    if not data:
        return LoadedConfig(Config.model_construct(), file, sources)
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_describe(exc, where, prefix)) from None
    return LoadedConfig(config, file, sources)
