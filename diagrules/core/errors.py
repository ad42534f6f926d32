"""The error hierarchy.

Every error the library raises on purpose derives from :class:`DiagrulesError` and carries a
*location* (a file, a store, a field path) so that the message alone tells a user where to look.
The CLI maps all of them to exit status 2 with a one-paragraph message and no traceback.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence


class DiagrulesError(Exception):
    """Base class of every deliberate diagrules error."""

    def __init__(self, message: str, *, location: str | None = None) -> None:
        self.message = message
        self.location = location
        super().__init__(f"{location}: {message}" if location else message)


class ConfigError(DiagrulesError):
    """The configuration (TOML file, API arguments, CLI options) is invalid."""


class SnapshotError(DiagrulesError):
    """A store snapshot is invalid; ``problems`` lists every problem found, each with its field path."""

    def __init__(
        self,
        message: str,
        *,
        location: str | None = None,
        problems: Sequence[str] = (),
        store: str | None = None,
    ) -> None:
        self.problems = tuple(problems)
        self.store = store
        #: The first line alone, as given: a bilingual message keeps its Chinese here.
        self.headline = message
        if self.problems:
            message = message + "\n" + "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(message, location=location)


class PluginError(DiagrulesError):
    """A plugin could not be loaded or registered something invalid or conflicting."""


class UnknownNameError(ConfigError):
    """A name (rule selector, metric, platform…) is not known; the message suggests the nearest."""


#: Names longer than this get no did-you-mean suggestion.
SUGGEST_MAX_CHARS = 100


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    """Return `` — did you mean 'x'?`` for the closest candidate, or an empty string.

    The hint is bilingual (``.get("zh")`` gives ``，是否想写 'x'？``) where a caller composes a
    message in both languages; as a string it is the English.

    A name longer than :data:`SUGGEST_MAX_CHARS` gets no suggestion: no real name is that long,
    and comparing a 64 KiB key with every candidate costs seconds.
    """
    import difflib

    from diagrules.core.i18n import bilingual

    if len(name) > SUGGEST_MAX_CHARS:
        return ""
    pool = list(candidates)
    lowered = {c.lower(): c for c in pool}
    close = difflib.get_close_matches(name.lower(), list(lowered), n=1, cutoff=0.6)
    if not close:
        return ""
    return bilingual(f" — did you mean '{lowered[close[0]]}'?", f"，是否想写 '{lowered[close[0]]}'？")


class HistoryError(DiagrulesError):
    """The history file cannot be used: corrupt, locked, or written by a newer diagrules."""
