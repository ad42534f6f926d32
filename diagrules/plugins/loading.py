"""Finding and loading plugins.

Plugins are discovered through the ``diagrules`` entry-point group — the built-in rule sets
too, from this project's own ``pyproject.toml``. Each entry point loads on its own: one that
fails to import is recorded (with its distribution name and version) and the others still
load. Strict mode (``strict=True`` or ``DIAGRULES_STRICT_PLUGINS=1``) re-raises instead.
Auto-loading can be turned off (``autoload=False`` or ``DIAGRULES_DISABLE_PLUGIN_AUTOLOAD=1``),
or restricted to an allow-list; names on the block-list never load.

Loading is cached per settings, because scanning installed distributions costs milliseconds
that batch runs and tests should pay once; the scan itself is made once per process for every
entry-point group (:func:`installed_entry_points`). :func:`purge_plugin_cache` resets both.
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs
import pluggy

from diagrules.core.convert import optional_strings, strings
from diagrules.core.errors import PluginError
from diagrules.plugins import hookspecs

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint, EntryPoints

ENTRY_POINT_GROUP = "diagrules"
ENV_STRICT = "DIAGRULES_STRICT_PLUGINS"
ENV_NO_AUTOLOAD = "DIAGRULES_DISABLE_PLUGIN_AUTOLOAD"


def _env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


@attrs.frozen
class PluginSettings:
    """Which plugins to load. ``allow=None`` means every plugin not blocked."""

    autoload: bool = True
    allow: tuple[str, ...] | None = attrs.field(default=None, converter=optional_strings)
    block: tuple[str, ...] = attrs.field(default=(), converter=strings)
    strict: bool = False

    def effective(self) -> PluginSettings:
        """Apply the environment variables (they can only make loading stricter or off)."""
        return attrs.evolve(
            self,
            autoload=self.autoload and not _env_flag(ENV_NO_AUTOLOAD),
            strict=self.strict or _env_flag(ENV_STRICT),
        )


@attrs.frozen
class PluginInfo:
    """A loaded plugin and where it came from."""

    name: str
    module: str
    distribution: str | None = None
    version: str | None = None


@attrs.frozen
class PluginFailure:
    """A plugin that did not load or registered something invalid."""

    name: str
    distribution: str | None
    version: str | None
    error: str
    traceback: str = ""

    def describe(self) -> str:
        dist = f" from {self.distribution} {self.version or ''}".rstrip() if self.distribution else ""
        return f"plugin '{self.name}'{dist} failed: {self.error}"


@attrs.define
class LoadedPlugins:
    """The plugin manager and what happened while filling it."""

    manager: pluggy.PluginManager
    plugins: list[PluginInfo] = attrs.field(factory=list)
    failures: list[PluginFailure] = attrs.field(factory=list)
    skipped: list[str] = attrs.field(factory=list)
    settings: PluginSettings = PluginSettings()

    def info(self, name: str) -> PluginInfo | None:
        for p in self.plugins:
            if p.name == name:
                return p
        return None


def _new_manager() -> pluggy.PluginManager:
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    return pm


def _register(
    loaded: LoadedPlugins, name: str, obj: Any, dist: str | None, version: str | None
) -> None:
    try:
        loaded.manager.register(obj, name=name)
    except Exception as exc:  # pluggy validation of hook signatures
        _fail(loaded, name, dist, version, exc)
        return
    module = getattr(obj, "__name__", type(obj).__name__)
    loaded.plugins.append(PluginInfo(name, module, dist, version))


def _fail(
    loaded: LoadedPlugins, name: str, dist: str | None, version: str | None, exc: BaseException
) -> None:
    failure = PluginFailure(
        name, dist, version, f"{type(exc).__name__}: {exc}", "".join(traceback.format_exception(exc))
    )
    if loaded.settings.strict:
        raise PluginError(failure.describe() + " (strict plugin loading is on)") from exc
    loaded.failures.append(failure)


def _check_pending(loaded: LoadedPlugins) -> None:
    """Reject hook implementations that match no spec (a misspelt hook name)."""
    while True:
        try:
            loaded.manager.check_pending()
            return
        except pluggy.PluginValidationError as exc:
            plugin = exc.plugin
            name = loaded.manager.get_name(plugin) or repr(plugin)
            info = loaded.info(name)
            loaded.manager.unregister(plugin)
            loaded.plugins = [p for p in loaded.plugins if p.name != name]
            _fail(loaded, name, info.distribution if info else None, info.version if info else None, exc)


_CACHE: dict[tuple[Any, ...], LoadedPlugins] = {}
_SCANS: list[Any] = []  # the one scan of installed entry points (all groups), once read


def installed_entry_points(group: str) -> EntryPoints:
    """The installed entry points of ``group``, from one scan per process of every group.

    Reading entry points opens every installed distribution's ``entry_points.txt`` (a few ms
    for a hundred distributions) whichever group is asked for, so the plugin loader and
    :func:`skip_pydantic_plugin_scan` share a single reading.
    """
    if not _SCANS:
        from importlib.metadata import entry_points

        _SCANS.append(entry_points())
    found: EntryPoints = _SCANS[0].select(group=group)
    return found


def skip_pydantic_plugin_scan() -> None:
    """Spare pydantic its own scan of the installed distributions when none has a plugin for it.

    At its first schema build pydantic looks for plugins in the ``pydantic`` entry-point group,
    reading every distribution's entry points again (~5 ms of ``diagrules check``). When the scan
    diagrules makes anyway finds no such entry point, ``PYDANTIC_DISABLE_PLUGINS=__all__`` gives
    pydantic the same answer (no plugins) without the scan. Only the command line calls this, in
    its own process, before pydantic builds a schema; an installed pydantic plugin keeps loading
    (the variable is not set), and so does a value the user set.
    """
    if "PYDANTIC_DISABLE_PLUGINS" not in os.environ and not installed_entry_points("pydantic"):
        os.environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"


def _distribution(ep: EntryPoint) -> tuple[str | None, str | None]:
    """The name and version of the distribution that declares ``ep``.

    Read from the two header lines of its ``METADATA`` (``PKG-INFO`` for an egg): the
    ``metadata`` property parses the whole file with the e-mail parser, long description and
    all, about 1 ms per distribution at every start-up.
    """
    dist = ep.dist
    if dist is None:
        return None, None
    text = dist.read_text("METADATA") or dist.read_text("PKG-INFO")
    fields: dict[str, str] = {}
    for line in (text or "").partition("\n\n")[0].splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip().lower() in ("name", "version"):
            fields.setdefault(key.strip().lower(), value.strip())
    if "name" not in fields or "version" not in fields:  # unusual metadata: let the parser decide
        return dist.metadata["Name"], dist.version
    return fields["name"], fields["version"]


def load_plugins(
    settings: PluginSettings | None = None, extra: Sequence[Any] = ()
) -> LoadedPlugins:
    """Discover and load plugins.

    ``extra`` adds plugin objects directly (modules or instances with hook implementations),
    which is how tests and applications register code that has no entry point.
    """
    s = (settings or PluginSettings()).effective()
    key = (s, tuple(id(e) for e in extra))
    cached = _CACHE.get(key)
    if cached is not None:
        return cached
    loaded = LoadedPlugins(manager=_new_manager(), settings=s)
    if s.autoload or s.allow:
        for ep in sorted(installed_entry_points(ENTRY_POINT_GROUP), key=lambda e: e.name):
            if ep.name in s.block or (s.allow is not None and ep.name not in s.allow):
                loaded.skipped.append(ep.name)
                continue
            dist, version = _distribution(ep)
            if loaded.manager.has_plugin(ep.name):
                continue
            try:
                obj = ep.load()
            except (Exception, SystemExit) as exc:  # sys.exit() at import fails that plugin only
                _fail(loaded, ep.name, dist, version, exc)
                continue
            _register(loaded, ep.name, obj, dist, version)
    for obj in extra:
        name = getattr(obj, "__name__", None) or f"{type(obj).__name__}-{id(obj)}"
        if name in s.block:
            loaded.skipped.append(name)
            continue
        _register(loaded, name, obj, None, None)
    _check_pending(loaded)
    _CACHE[key] = loaded
    return loaded


def purge_plugin_cache() -> None:
    """Forget loaded plugins so the next engine rescans entry points (for tests)."""
    _CACHE.clear()
    _SCANS.clear()
