"""What is installed, shown to people: the rule and metric catalogues, rule explanations,
loaded plugins, and the generated rule reference in ``docs/rules/``.

Each view is built first as plain data (the ``*_info`` functions, also the JSON output), then
rendered as rich text or Markdown from that data, so the three formats cannot disagree. The
rule reference is bilingual (English, then Chinese) and deterministic: it depends only on the
rules' metadata, which is what lets a test say when ``docs/rules`` is out of date.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from diagrules.authoring.rules import Params, Rule, param_description
from diagrules.core.i18n import Text
from diagrules.core.strings import label, t
from diagrules.io.toml import toml_key, toml_value
from diagrules.render.markdown import esc as _md

if TYPE_CHECKING:
    from rich.console import Console

    from diagrules.authoring.metrics import Metric
    from diagrules.plugins.registry import Registry

DOCS_COMMAND = "python scripts/gen_rule_docs.py"


# -- data -------------------------------------------------------------------------------------


def _get(text: Text | None, lang: str) -> str | None:
    return text.get(lang) if text is not None else None


def _param_docs(params: type[Params]) -> dict[str, str]:
    """Per-field descriptions written as ``name``: text lines in a Params docstring."""
    found: dict[str, str] = {}
    for match in re.finditer(r"``(\w+)``\s*:\s*(.+?)(?=\n\s*``\w+``\s*:|\n\s*\n|\Z)", params.__doc__ or "", re.S):
        found[match.group(1)] = " ".join(match.group(2).split())
    return found


def _type_name(annotation: Any) -> str:
    return annotation.__name__ if isinstance(annotation, type) else str(annotation).replace("typing.", "")


def params_info(rule: Rule, configured: Params | None = None, lang: str = "en") -> list[dict[str, Any]]:
    """Each parameter of ``rule``: name, type, default, configured value and description in ``lang``."""
    docs = _param_docs(rule.params)
    result = []
    for name, field in rule.params.model_fields.items():
        default = None if field.is_required() else field.get_default(call_default_factory=True)
        value = getattr(configured, name, default) if configured is not None else default
        result.append({
            "name": name,
            "type": _type_name(field.annotation),
            "default": default,
            "configured": value,
            "description": param_description(field, lang) or docs.get(name),
        })
    return result


def rule_info(
    rule: Rule,
    registry: Registry,
    lang: str,
    *,
    configured: Params | None = None,
    severity: str | None = None,
    selected: bool | None = None,
) -> dict[str, Any]:
    """Everything known about ``rule`` as JSON-ready data in ``lang``."""
    doc = rule.doc

    def metric(name: str) -> dict[str, Any]:
        m = registry.metrics.get(name)
        unit = m.unit if m else None
        return {"name": name, "label": m.title(lang) if m else name, "unit": unit,
                "unit_label": t(f"unit.{unit}", lang) if unit else None}

    return {
        "id": rule.id,
        "name": rule.name,
        "title": rule.title.get(lang),
        "severity": severity or rule.severity.label,
        "default_severity": rule.severity.label,
        "status": rule.status,
        "ruleset": rule.ruleset,
        "platforms": list(rule.platforms),
        "platform_labels": [registry.platforms[p].label.get(lang) if p in registry.platforms else p for p in rule.platforms],
        "plugin": registry.owner("rule", rule.id),
        "selected": selected,
        "requires": [metric(m) for m in rule.requires],
        "uses": [metric(m) for m in rule.uses],
        "datasets": list(rule.datasets),
        "stages": list(rule.stages),
        "stage_labels": [label("stage", s, lang) for s in rule.stages],
        "message": _get(rule.message, lang),
        "what": _get(doc.what, lang) if doc else None,
        "why": _get(doc.why, lang) if doc else None,
        "notes": _get(doc.notes, lang) if doc else None,
        "source": (doc.source if isinstance(doc.source, str) else doc.source.get(lang)) if doc else None,
        "threshold_basis": doc.threshold_basis if doc else None,
        "as_of": doc.as_of if doc else None,
        "official": doc.official if doc else None,
        "params": params_info(rule, configured, lang),
        "remedies": [
            {
                "action": r.action.get(lang),
                "priority": r.priority,
                "effort": r.effort.value,
                "effect": _get(r.effect, lang),
                "basis": r.basis,
            }
            for r in rule.remedies
        ],
    }


def metric_info(metric: Metric, registry: Registry, lang: str) -> dict[str, Any]:
    """A metric as JSON-ready data in ``lang``."""
    derive = metric.derive
    return {
        "name": metric.name,
        "label": metric.title(lang),
        "unit": metric.unit,
        "unit_label": t(f"unit.{metric.unit}", lang),
        "better": metric.better,
        "platform": metric.platform,
        "platform_label": registry.platforms[metric.platform].label.get(lang)
        if metric.platform in registry.platforms else metric.platform,
        "aliases": list(metric.aliases),
        "description": _get(metric.description, lang),
        "derived_from": [*derive.metrics, *derive.datasets] if derive else [],
        "choices": list(metric.choices),
        "plugin": registry.owner("metric", metric.name),
    }


def plugins_info(registry: Registry) -> dict[str, Any]:
    """Loaded plugins (with what each registered), failures and skipped entry points."""
    loaded = registry.plugins
    registered: dict[str, dict[str, list[str]]] = {}
    for key, plugin in sorted(registry.owners.items()):
        kind, _, name = key.partition(":")
        registered.setdefault(plugin, {}).setdefault(kind, []).append(name)
    plugins = []
    for p in loaded.plugins if loaded else []:
        plugins.append({
            "name": p.name,
            "module": p.module,
            "distribution": p.distribution,
            "version": p.version,
            "registered": registered.get(p.name, {}),
        })
    return {
        "plugins": plugins,
        "failures": [
            {"name": f.name, "distribution": f.distribution, "version": f.version, "error": f.error}
            for f in registry.failures
        ],
        "skipped": list(loaded.skipped) if loaded else [],
    }


def filter_platform(rules: Iterable[Rule], platform: str | None) -> list[Rule]:
    """Rules of ``platform`` (rules for every platform included); all rules when None."""
    return [r for r in rules if platform is None or not r.platforms or platform in r.platforms]


# -- text (rich) --------------------------------------------------------------------------------


def _console(color: bool, width: int | None) -> tuple[Console, io.StringIO]:
    from rich.console import Console

    buffer = io.StringIO()
    console = Console(
        file=buffer, width=width or 100, force_terminal=color, color_system="standard" if color else None,
        no_color=not color, highlight=False, emoji=False, legacy_windows=False,
    )
    return console, buffer


def _finish(buffer: io.StringIO) -> str:
    return "\n".join(line.rstrip() for line in buffer.getvalue().split("\n"))


def rules_text(infos: Sequence[Mapping[str, Any]], lang: str, *, color: bool = False, width: int | None = None) -> str:
    """The rule catalogue as a table."""
    from rich import box
    from rich.table import Table

    from diagrules.render.wrap import WrappingText as RichText

    console, buffer = _console(color, width)
    table = Table(title=t("cat.rules", lang), title_justify="left", box=box.SIMPLE_HEAD)
    for key in ("cat.id", "cat.title", "cat.severity", "cat.platform", "cat.selected"):
        table.add_column(t(key, lang), overflow="fold", no_wrap=key != "cat.title", ratio=1 if key == "cat.title" else None)
    for info in infos:
        cell = RichText(info["title"])
        cell.append("\n" + info["name"], style="dim")
        table.add_row(
            info["id"], cell, t(f"severity.{info['severity']}", lang),
            _platforms_shown(info, lang),
            "✓" if info["selected"] else "",
        )
    console.print(table)
    return _finish(buffer)


def explain_text(info: Mapping[str, Any], lang: str, *, color: bool = False, width: int | None = None) -> str:
    """One rule explained for a terminal."""
    from diagrules.render.wrap import WrappingText as RichText

    console, buffer = _console(color, width)
    head = RichText(f"{info['id']} ", style="bold")
    head.append(info["title"], style="bold")
    head.append(t("p.paren", lang, text=info["name"]), style="dim")
    console.print(head)
    facts = [
        f"{t('cat.severity', lang)}{t('p.colon', lang)}{t('severity.' + info['severity'], lang)}",
        f"{t('cat.ruleset', lang)}{t('p.colon', lang)}{info['ruleset']}",
        f"{t('cat.platform', lang)}{t('p.colon', lang)}{_platforms_shown(info, lang)}",
        f"{t('cat.plugin', lang)}{t('p.colon', lang)}{info['plugin']}",
    ]
    console.print(RichText(" · ".join(facts), style="dim"))
    for key, field in (("cat.what", "what"), ("cat.why", "why"), ("cat.notes", "notes")):
        if info.get(field):
            console.print()
            console.print(RichText(t(key, lang), style="bold underline"))
            console.print(RichText(info[field]))
    console.print()
    console.print(RichText(t("cat.source", lang), style="bold underline"))
    console.print(RichText(source_line(info, lang)))
    console.print()
    console.print(RichText(t("cat.params", lang), style="bold underline"))
    for line in params_lines(info, lang):
        console.print(RichText(line))
    inputs = [(t("cat.requires", lang), info["requires"]), (t("cat.uses", lang), info["uses"])]
    for title, metrics in inputs:
        if metrics:
            console.print()
            console.print(RichText(title, style="bold underline"))
            for m in metrics:
                console.print(RichText(f"  • {m['name']} — {m['label']}{_unit_shown(m, lang)}"))
    if info["datasets"]:
        console.print()
        console.print(RichText(t("cat.datasets", lang), style="bold underline"))
        console.print(RichText("  " + t("p.list", lang).join(info["datasets"])))
    if info["remedies"]:
        console.print()
        console.print(RichText(t("cat.remedies", lang), style="bold underline"))
        for i, r in enumerate(info["remedies"], start=1):
            step = RichText(f"  {i}. {r['action']}")
            step.append(t("p.paren", lang, text=_remedy_meta(r, lang)), style="dim")
            console.print(step)
            if r["effect"]:
                console.print(RichText(f"     → {r['effect']}", style="green"))
    return _finish(buffer)


def source_line(info: Mapping[str, Any], lang: str) -> str:
    """``practitioner article 004 …, as of 2021 — practitioner article, not official``, and
    whose number the threshold is (the source's or diagrules' own judgement)."""
    if not info.get("source"):
        return "—"
    line = str(info["source"])
    if info.get("as_of"):
        line += t("p.paren", lang, text=t("cat.as_of", lang, date=info["as_of"]))
    if info.get("official") is False:
        line += t("p.dash", lang) + t("cat.practitioner", lang)
    elif info.get("official"):
        line += t("p.dash", lang) + t("cat.official", lang)
    if info.get("threshold_basis"):
        basis = t(f"basis.{info['threshold_basis']}", lang)
        line += ("；" if lang == "zh" else "; ") + t("cat.basis_line", lang, basis=basis)
    return line


def _platforms_shown(info: Mapping[str, Any], lang: str) -> str:
    return t("p.list", lang).join(info["platform_labels"]) or t("cat.all_platforms", lang)


def _unit_shown(metric: Mapping[str, Any], lang: str) -> str:
    return t("p.paren", lang, text=metric["unit_label"]) if metric.get("unit_label") else ""


def _remedy_meta(remedy: Mapping[str, Any], lang: str) -> str:
    """``priority 1 · effort low · diagrules' own judgement``."""
    meta = [
        t("report.priority", lang, priority=remedy["priority"]),
        t("report.effort", lang, effort=t("effort." + remedy["effort"], lang)),
    ]
    if remedy.get("basis"):
        meta.append(t(f"basis.{remedy['basis']}", lang))
    return " · ".join(meta)


def params_lines(info: Mapping[str, Any], lang: str) -> list[str]:
    """The parameters as lines ``name = default  (configured: x) — description`` plus how to override."""
    params = info["params"]
    if not params:
        return ["  " + t("cat.no_params", lang)]
    lines = []
    for p in params:
        line = f"  • {p['name']} = {_show(p['default'])}"
        if p["configured"] != p["default"]:
            line += t("p.paren", lang, text=f"{t('cat.configured', lang)}{t('p.colon', lang)}{_show(p['configured'])}")
        if p["description"]:
            line += t("p.dash", lang) + p["description"]
        lines.append(line)
    first = params[0]
    example = f"{toml_key(first['name'])} = {_show(first['default'])}"
    lines.append("  " + t("cat.params_howto", lang, id=info["id"], example=example))
    return lines


def _show(value: Any) -> str:
    try:
        return toml_value(value)
    except TypeError:
        return repr(value)


def metrics_text(infos: Sequence[Mapping[str, Any]], lang: str, *, color: bool = False, width: int | None = None) -> str:
    """The metric catalogue as a table."""
    from rich import box
    from rich.table import Table

    console, buffer = _console(color, width)
    table = Table(title=t("cat.metrics", lang), title_justify="left", box=box.SIMPLE_HEAD)
    for key in ("cat.name", "cat.label", "cat.unit", "cat.better", "cat.platform", "cat.aliases"):
        wraps = key in ("cat.label", "cat.aliases")
        # Folded, never cut: an operator maps their export's headers by these labels and aliases.
        table.add_column(t(key, lang), overflow="fold", ratio=(2 if key == "cat.aliases" else 1) if wraps else None)
    for m in infos:
        better = t(f"cat.better.{m['better']}", lang) if m["better"] else ""
        aliases = t("p.list", lang).join(m["aliases"])
        if m["derived_from"]:
            aliases += ("；" if lang == "zh" else "; ") * bool(aliases)
            aliases += t("cat.derived", lang) + t("p.colon", lang) + t("p.list", lang).join(m["derived_from"])
        table.add_row(m["name"], m["label"], m["unit_label"], better, m["platform_label"] or "", aliases)
    console.print(table)
    return _finish(buffer)


def plugins_text(data: Mapping[str, Any], lang: str, *, color: bool = False, width: int | None = None) -> str:
    """Loaded plugins, one block each with what it registered, then failures and skipped ones."""
    from rich.table import Table

    from diagrules.render.wrap import WrappingText as RichText

    console, buffer = _console(color, width)
    console.print(RichText(t("cat.plugins", lang), style="bold underline"))
    for p in data["plugins"]:
        console.print()
        head = RichText(p["name"], style="bold")
        dist = f"{p['distribution']} {p['version'] or ''}".strip() if p["distribution"] else "—"
        head.append(f"  {dist}  ({p['module']})", style="dim")
        console.print(head)
        grid = Table.grid(padding=(0, 1))
        grid.add_column(width=1)
        grid.add_column(no_wrap=True)
        grid.add_column(ratio=1)
        kinds = [k for k in ("platform", "rule", "metric", "dataset", "scorecard") if p["registered"].get(k)]
        for kind in kinds:
            names = p["registered"][kind]
            grid.add_row("", f"{t('cat.kind.' + kind, lang)} ({len(names)})", ", ".join(names))
        if not kinds:
            grid.add_row("", t("cat.nothing", lang), "")
        console.print(grid)
    if data["failures"]:
        console.print()
        console.print(RichText(t("cat.failures", lang), style="bold red"))
        for f in data["failures"]:
            dist = f" ({f['distribution']} {f['version'] or ''})".replace(" )", ")") if f["distribution"] else ""
            console.print(RichText(f"  • {f['name']}{dist}: {f['error']}"))
    if data["skipped"]:
        console.print()
        console.print(RichText(t("cat.skipped", lang), style="bold"))
        console.print(RichText("  " + ", ".join(data["skipped"])))
    return _finish(buffer)


# -- markdown ------------------------------------------------------------------------------------


def rules_markdown(infos: Sequence[Mapping[str, Any]], lang: str) -> str:
    """The rule catalogue as a Markdown table."""
    head = [t(k, lang) for k in ("cat.id", "cat.name", "cat.title", "cat.severity", "cat.platform")]
    out = [f"# {t('cat.rules', lang)}", "", "| " + " | ".join(head) + " |", "|---|---|---|---|---|"]
    for i in infos:
        platforms = ", ".join(i["platforms"]) or t("cat.all_platforms", lang)
        out.append(
            f"| {i['id']} | `{i['name']}` | {_md(i['title'])} | {t('severity.' + i['severity'], lang)} | {platforms} |"
        )
    return "\n".join(out) + "\n"


def explain_markdown(info: Mapping[str, Any], lang: str, level: int = 1) -> str:
    """One rule explained as Markdown (``level`` is the heading level of the title)."""
    h = "#" * level
    out = [f"{h} {info['id']} — {_md(info['title'])}", ""]
    out += _facts_table(info, lang)
    for key, field in (("cat.what", "what"), ("cat.why", "why"), ("cat.notes", "notes")):
        if info.get(field):
            out += [f"{h}# {t(key, lang)}", "", _md(info[field]), ""]
    out += _params_markdown(info, lang, h)
    out += _remedies_markdown(info, lang, h)
    return "\n".join(out)


def _facts_table(info: Mapping[str, Any], lang: str) -> list[str]:
    rows = [
        (t("cat.name", lang), f"`{info['name']}`"),
        (t("cat.severity", lang), t("severity." + info["default_severity"], lang)),
        (t("cat.platform", lang), _platforms_shown(info, lang)),
        (t("cat.ruleset", lang), f"`{info['ruleset']}`"),
    ]
    if info["status"] != "stable":
        rows.append((t("cat.status", lang), info["status"]))
    if info["requires"]:
        rows.append((t("cat.requires", lang), _metrics_md(info["requires"], lang)))
    if info["uses"]:
        rows.append((t("cat.uses", lang), _metrics_md(info["uses"], lang)))
    if info["datasets"]:
        rows.append((t("cat.datasets", lang), t("p.list", lang).join(f"`{d}`" for d in info["datasets"])))
    if info["stages"]:
        rows.append((t("cat.stages", lang), t("p.list", lang).join(info["stage_labels"])))
    rows.append((t("cat.source", lang), _md(source_line(info, lang))))
    return ["| | |", "|---|---|", *(f"| {k} | {v} |" for k, v in rows), ""]


def _metrics_md(metrics: Sequence[Mapping[str, Any]], lang: str) -> str:
    return t("p.list", lang).join(f"`{m['name']}`{t('p.paren', lang, text=_md(m['label']))}" for m in metrics)


def _params_markdown(info: Mapping[str, Any], lang: str, h: str) -> list[str]:
    out = [f"{h}# {t('cat.params', lang)}", ""]
    if not info["params"]:
        return [*out, t("cat.no_params", lang), ""]
    out += [
        f"| {t('cat.param', lang)} | {t('cat.default', lang)} | {t('cat.description', lang)} |",
        "|---|---|---|",
    ]
    for p in info["params"]:
        out.append(f"| `{p['name']}` | `{_show(p['default'])}` | {_md(p['description'] or '')} |")
    first = info["params"][0]
    example = f"{toml_key(first['name'])} = {_show(first['default'])}"
    return [*out, "", t("cat.params_howto", lang, id=info["id"], example=example), ""]


def _remedies_markdown(info: Mapping[str, Any], lang: str, h: str) -> list[str]:
    if not info["remedies"]:
        return []
    out = [f"{h}# {t('cat.remedies', lang)}", ""]
    for i, r in enumerate(info["remedies"], start=1):
        out.append(f"{i}. {_md(r['action'])} *{t('p.paren', lang, text=_remedy_meta(r, lang)).strip()}*")
        if r["effect"]:
            out.append(f"   → {_md(r['effect'])}")
    return [*out, ""]


def metrics_markdown(infos: Sequence[Mapping[str, Any]], lang: str) -> str:
    head = [t(k, lang) for k in ("cat.name", "cat.label", "cat.unit", "cat.better", "cat.platform", "cat.aliases")]
    out = [f"# {t('cat.metrics', lang)}", "", "| " + " | ".join(head) + " |", "|---|---|---|---|---|---|"]
    for m in infos:
        better = t(f"cat.better.{m['better']}", lang) if m["better"] else ""
        aliases = ", ".join(f"`{a}`" for a in m["aliases"])
        out.append(f"| `{m['name']}` | {_md(m['label'])} | {m['unit']} | {better} | {m['platform'] or ''} | {aliases} |")
    return "\n".join(out) + "\n"


def to_json_text(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# -- the generated rule reference ------------------------------------------------------------------


def rule_docs(registry: Registry) -> dict[str, str]:
    """File name → Markdown of the bilingual rule reference: ``index.md`` and one per rule set."""
    rulesets = registry.rulesets()
    files: dict[str, str] = {}
    index = [
        "# Rule reference · 规则参考",
        "",
        t("cat.index_intro", "en"),
        t("cat.index_intro", "zh"),
        "",
        "Thresholds marked *practitioner article* come from an operator's write-up rather than a platform's "
        "own rule page: treat them as defaults to tune per category. / 标注为“从业者文章”的阈值来自运营经验文章，"
        "而非平台官方规则页：请视为默认值，并按类目调整。",
        "",
        "| Rule set · 规则集 | Platform · 平台 | Plugin · 插件 | Rules · 规则数 |",
        "|---|---|---|---:|",
    ]
    for name, rules in rulesets.items():
        platforms = ", ".join(sorted({p for r in rules for p in r.platforms})) or "*"
        plugins = ", ".join(sorted({registry.owner("rule", r.id) for r in rules}))
        index.append(f"| [{name}]({name}.md) | {platforms} | {plugins} | {len(rules)} |")
        files[f"{name}.md"] = _ruleset_doc(name, rules, registry)
    index += ["", "## All rules · 全部规则", "", "| ID | Name | Severity | Title | 标题 |", "|---|---|---|---|---|"]
    for rules in rulesets.values():
        for r in rules:
            index.append(
                f"| [{r.id}]({r.ruleset}.md#{r.id.lower()}) | `{r.name}` | {r.severity.label} | "
                f"{_md(r.title.get('en'))} | {_md(r.title.get('zh'))} |"
            )
    files["index.md"] = "\n".join(index) + "\n"
    return files


def _ruleset_doc(name: str, rules: Sequence[Rule], registry: Registry) -> str:
    platforms = sorted({p for r in rules for p in r.platforms})
    labels = [
        f"{registry.platforms[p].label.get('en')} ({registry.platforms[p].label.get('zh')})"
        if p in registry.platforms else p
        for p in platforms
    ]
    plugins = ", ".join(sorted({registry.owner("rule", r.id) for r in rules}))
    out = [
        f"# Rule set `{name}` · 规则集 `{name}`",
        "",
        f"Platform · 平台: {', '.join(labels) or '*'} · Plugin · 插件: `{plugins}` · {len(rules)} rules · {len(rules)} 条规则",
        "",
        f"<!-- {t('cat.index_intro', 'en')} -->",
        "",
    ]
    for r in rules:
        en = rule_info(r, registry, "en")
        zh = rule_info(r, registry, "zh")
        out += [f'<a id="{r.id.lower()}"></a>', "", f"## {r.id} — {_md(en['title'])} · {_md(zh['title'])}", ""]
        out += _facts_table(en, "en")
        for key, field in (("cat.what", "what"), ("cat.why", "why"), ("cat.notes", "notes")):
            if en.get(field) or zh.get(field):
                out += [f"**{t(key, 'en')} · {t(key, 'zh')}**", ""]
                out += [_md(en[field] or ""), "", _md(zh[field] or ""), ""]
        out += _params_markdown(en, "en", "##")
        if en["remedies"]:
            out += ["### Remedies · 改进措施", ""]
            for i, (re_en, re_zh) in enumerate(zip(en["remedies"], zh["remedies"], strict=True), start=1):
                meta = f"priority {re_en['priority']} · effort {re_en['effort']}"
                out.append(f"{i}. {_md(re_en['action'])} *({meta})*")
                out.append(f"   <br>{_md(re_zh['action'])}")
                if re_en["effect"]:
                    out.append(f"   <br>→ {_md(re_en['effect'])} / {_md(re_zh['effect'] or '')}")
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def selected_rulesets(
    registry: Registry, *, platform: str | None = None, plugin: str | None = None, ruleset: str | None = None
) -> list[str]:
    """The rule sets with a rule that matches every filter given (platform, owning plugin, name)."""
    return [
        name for name, rules in registry.rulesets().items()
        if (ruleset is None or name == ruleset) and any(
            (platform is None or platform in r.platforms)
            and (plugin is None or registry.owner("rule", r.id) == plugin)
            for r in rules
        )
    ]


def write_rule_docs(registry: Registry, out_dir: Path, only: Sequence[str] | None = None) -> list[Path]:
    """Write :func:`rule_docs` into ``out_dir``; return the paths.

    Without ``only`` the whole reference is written and stale rule-set pages are removed. With
    ``only`` (rule-set names) just those pages are written — no index, nothing removed — so a
    plugin author can generate their own pages into a folder that holds other pages too.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    files = rule_docs(registry)
    if only is not None:
        files = {name: content for name, content in files.items() if name.removesuffix(".md") in only}
    else:
        for old in out_dir.glob("*.md"):
            if old.name not in files:
                old.unlink()
    written = []
    for name, content in files.items():
        path = out_dir / name
        path.write_text(content, encoding="utf-8")
        written.append(path)
    return written


def builtin_registry() -> Registry:
    """A registry of the rule sets shipped with diagrules only, whatever else is installed.

    The rule reference documents the built-ins; a third-party plugin in the same environment
    must not change it.
    """
    from importlib.metadata import distribution

    from diagrules.plugins.loading import ENTRY_POINT_GROUP, PluginSettings, load_plugins
    from diagrules.plugins.registry import build_registry

    names = [ep.name for ep in distribution("diagrules").entry_points if ep.group == ENTRY_POINT_GROUP]
    return build_registry(load_plugins(PluginSettings(autoload=True, allow=tuple(names))))
