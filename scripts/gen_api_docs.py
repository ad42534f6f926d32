"""Generate docs/api.md from the public API (``diagrules.__all__``) and its docstrings.

Run ``python scripts/gen_api_docs.py`` after changing the public API; a test fails while the
file is out of date.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import itertools
import sys
import typing
from pathlib import Path

from pydantic import BaseModel

GROUPS = [
    ("Running diagnoses", ["Engine", "diagnose", "InvalidSnapshot", "StoreSnapshot", "Config",
                           "load_config", "find_config"]),
    ("Results", ["Report", "RuleOutcome", "Finding", "Remedy", "Severity", "Status", "Effort",
                 "ScorecardResult", "DimensionScore", "MetricScore", "Action", "action_plan"]),
    ("Serialization", ["to_json", "from_json", "to_dict", "from_dict"]),
    ("Writing plugins", ["hookimpl", "Platform", "Metric", "Derivation", "ratio", "count_rows",
                         "share_of_rows", "Dataset", "Record", "Ratio", "Count", "Money", "Number",
                         "Flag", "OptionalRatio", "OptionalCount", "OptionalMoney", "OptionalNumber",
                         "OptionalFlag", "Unit", "Better", "Curve", "rule", "Rule", "Params", "param",
                         "NoParams", "Skip", "RuleDoc", "RuleContext", "Comparison", "require_plugin_api",
                         "Scorecard", "Dimension", "ScoredMetric", "Tier", "Ladder",
                         "LadderStep", "Text", "text", "Message"]),
    ("Plugin loading", ["load_plugins", "PluginSettings", "purge_plugin_cache"]),
    ("Errors", ["DiagrulesError", "ConfigError", "SnapshotError", "PluginError"]),
    ("Versions", ["__version__", "PLUGIN_API_VERSION"]),
]


def summary(obj: object) -> str:
    doc = inspect.getdoc(obj) or ""
    return doc.split("\n\n")[0].replace("\n", " ")


def attribute_docs(module: str) -> dict[str, str]:
    """The docstrings written under module-level assignments (``Ratio = ...`` then a string).

    Python keeps no such docstring at run time: an alias's ``__doc__`` is its type's ("Runtime
    representation of an annotated type"), so the meaning is read from the source instead.
    """
    source = inspect.getsource(importlib.import_module(module))
    found: dict[str, str] = {}
    body = ast.parse(source).body
    for node, after in itertools.pairwise(body):
        if (
            isinstance(node, ast.Assign | ast.AnnAssign)
            and isinstance(after, ast.Expr)
            and isinstance(after.value, ast.Constant)
            and isinstance(after.value.value, str)
        ):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name):
                    found[target.id] = inspect.cleandoc(after.value.value).split("\n\n")[0].replace("\n", " ")
    return found


class _Shown:
    """Shows a string annotation as written (``str``, not ``'str'``)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


def signature(obj: object) -> str:
    try:
        sig = inspect.signature(obj)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return ""

    def shown(annotation: object) -> object:
        return _Shown(annotation) if isinstance(annotation, str) else annotation

    params = [p.replace(annotation=shown(p.annotation)) for p in sig.parameters.values()]
    return str(sig.replace(parameters=params, return_annotation=inspect.Signature.empty))


def entry(name: str, obj: object, module: str) -> str:
    """One line: the name with its signature (or definition), its kind and module, its meaning."""
    if inspect.isclass(obj):
        # A pydantic model's signature changes once its schema is built (defer_build): show the
        # keyword form, which is what it accepts either way.
        shown = "(**fields)" if issubclass(obj, BaseModel) else signature(obj)
        return f"- **`{name}{shown}`** (class, `{module}`) — {summary(obj)}"
    if inspect.isfunction(obj):
        return f"- **`{name}{signature(obj)}`** (function, `{module}`) — {summary(obj)}"
    if typing.get_origin(obj) is not None:  # a type alias: Ratio, Comparison…
        meaning = attribute_docs(module).get(name, "")
        base = typing.get_args(obj)[0] if typing.get_origin(obj) is typing.Annotated else obj
        shown = getattr(base, "__name__", None) if isinstance(base, type) else str(base).replace("typing.", "")
        return f"- **`{name}`** (type, `{module}`): `{shown}` — {meaning}".rstrip(" —")
    if isinstance(obj, str | int):
        return f"- **`{name}`** (value) — `{obj!r}`"
    return f"- **`{name}`** (`{module}`) — {attribute_docs(module).get(name, summary(obj))}".rstrip(" —")


def render() -> str:
    import diagrules

    names = list(diagrules.__all__)
    grouped = {n for _, members in GROUPS for n in members}
    extra = [n for n in names if n not in grouped]
    lines = [
        "# Public API",
        "",
        "Everything importable from `diagrules` (its `__all__`); nothing else is public.",
        "Generated by `python scripts/gen_api_docs.py` from the signatures and docstrings — do not",
        "edit by hand. `help(diagrules.<name>)` shows the full docstring.",
        "",
    ]
    for title, members in [*GROUPS, ("Other", extra)]:
        present = [m for m in members if m in names]
        if not present:
            continue
        lines += [f"## {title}", ""]
        for name in present:
            obj = getattr(diagrules, name)
            module = diagrules._EXPORTS.get(name, "diagrules")
            lines.append(entry(name, obj, module))
        lines.append("")
    return "\n".join(lines)


def main() -> int:
    target = Path(__file__).resolve().parent.parent / "docs" / "api.md"
    target.write_text(render(), encoding="utf-8")
    importlib.invalidate_caches()
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
