"""The language check: every text an operator can read is in the language they asked for.

The corpus is what a user can actually see: every rule case in ``tests/rules`` and in the
example plugins' ``tests/rules`` (which drive each rule to fire, pass and skip), the demo and
the bundled examples in every output format, ``explain`` of every rule, and the rule and metric
catalogues. In Chinese a text fails on a Latin word outside :data:`ALLOWED_WORDS` (ids, units,
brand names) and on an ASCII ``, ; : ( )`` right after a CJK character; in English it fails on
any CJK character. Values that come from the store's own data (store and product names, file
paths, header aliases) are removed first: they are the operator's words, not ours.

Texts registered by the rule sets (rule titles, messages, remedies, docs, metric and score
labels) are checked per owner, so a failure names the rule or metric to fix.
"""

from __future__ import annotations

import csv
import json
import re
import tomllib
from collections.abc import Iterable, Iterator
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner

import diagrules
from diagrules.catalogue import catalogue
from diagrules.cli.main import main
from diagrules.core.model import Report
from diagrules.render import FORMATS, render
from diagrules.render.base import options_from_registry
from diagrules.testing import engine_for, load_cases

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "diagrules" / "examples"
CASE_FILES = sorted([*ROOT.glob("tests/rules/test_*.toml"), *ROOT.glob("plugins/*/tests/rules/test_*.toml")])
LANGS = ("zh", "en")

#: Latin words a Chinese text may contain: platform and product brand names, back-office terms
#: operators use untranslated, file formats and the tool's own name.
ALLOWED_WORDS: frozenset[str] = frozenset({
    "Alibaba.com", "AliExpress", "Amazon", "RTS", "RFQ", "TM", "App", "SKU", "P4P", "Weekly", "Deals",
    "Super", "diagrules", "diagrules.toml", "pyproject.toml", "TOML", "JSON", "JSONL", "CSV", "XLSX",
    "HTML", "ID", "US", "ODR", "L1", "L2", "L3", "L4", "L5", "Feed", "Flash", "SP-API", "Peter", "Liao",
})
#: Upper-case abbreviations and item ids (GMV, MOQ, DSR, the product "R1" of a case file): what an
#: operator reads in Chinese as it stands in the back office.
ACRONYM = re.compile(r"[A-Z][A-Z0-9]{0,4}")
#: Units written after numbers in both languages.
UNIT_WORDS: frozenset[str] = frozenset({"s", "h", "x"})

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_PUNCT = "\u3000-\u303f\uff00-\uffef"
CJK_CHAR = re.compile(f"[{_CJK}{_CJK_PUNCT}]")
ASCII_AFTER_CJK = re.compile(f"[{_CJK}{_CJK_PUNCT}][,;:()]")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*(?:[._'’-][A-Za-z0-9_]+)*")
RULE_ID = re.compile(r"[A-Z]{2,5}\d{3}")


def zh_problems(text: str, allowed: Iterable[str] = ()) -> list[str]:
    """What is wrong with ``text`` as Chinese: Latin words and ASCII punctuation after CJK."""
    permitted = ALLOWED_WORDS | UNIT_WORDS | set(allowed)
    problems = [
        f"Latin word {word!r}" for word in LATIN_WORD.findall(text)
        if word not in permitted and not RULE_ID.fullmatch(word) and not ACRONYM.fullmatch(word)
    ]
    problems += [f"ASCII punctuation {m.group()!r}" for m in ASCII_AFTER_CJK.finditer(text)]
    return problems


def en_problems(text: str, allowed: Iterable[str] = ()) -> list[str]:
    """What is wrong with ``text`` as English: any CJK character."""
    return [f"CJK {m.group()!r}" for m in CJK_CHAR.finditer(text)]


CHECKERS = {"zh": zh_problems, "en": en_problems}


def test_the_checker_fails_on_what_it_must() -> None:
    assert zh_problems("回复率为 93.5%，低于 95%。RFQ002 见 RTS 与 Alibaba.com") == []
    assert zh_problems("卖家阶段 established") == ["Latin word 'established'"]
    assert zh_problems("低于95,至少") == []  # a digit, not a CJK character, before the comma
    assert zh_problems("低于,至少") == ["ASCII punctuation '于,'"]
    assert zh_problems("产品(必填)") == ["ASCII punctuation '品('", "ASCII punctuation '填)'"]
    assert en_problems("Response rate 93.5%") == []
    assert en_problems("Response rate（回复率）") != []


# -- the corpus -----------------------------------------------------------------------------


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield str(k)
            yield from _strings(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _strings(v)


@cache
def input_words() -> tuple[str, ...]:
    """Everything the stores' own data says (names, titles, statuses, paths), longest first."""
    found: set[str] = {str(EXAMPLES), str(ROOT)}
    for store in EXAMPLES.glob("*/store.toml"):
        found.update(_strings(tomllib.loads(store.read_text(encoding="utf-8"))))
        found.add(str(store))
    for table in EXAMPLES.glob("*/*.csv"):
        with table.open(encoding="utf-8-sig") as fh:
            for row in csv.reader(fh):
                found.update(row)
    from python_calamine import CalamineWorkbook

    for book in EXAMPLES.glob("*/*.xlsx"):
        workbook = CalamineWorkbook.from_path(str(book))
        for name in workbook.sheet_names:
            for cells in workbook.get_sheet_by_name(name).to_python():
                found.update(c for c in cells if isinstance(c, str))
    for path in CASE_FILES:
        cases = tomllib.loads(path.read_text(encoding="utf-8")).get("cases", {})
        found.update(_strings(cases))
        found.update(f"{path.name}::{name}" for name in cases)
    for case in (c for path in CASE_FILES for c in load_cases(path)):
        found.add(str(case.snapshot.get("store", "")))
    registry = diagrules.Engine().registry
    for metric in registry.metrics.values():
        found.update(metric.aliases)
    for dataset in registry.datasets.values():
        for names in dataset.aliases.values():
            found.update(names)
    # Short Latin values ("new", "no") would erase the very leaks this test looks for.
    kept = (w for w in found if (len(w) > 3 or CJK_CHAR.search(w)) and not w.replace(".", "").isdigit())
    return tuple(sorted(kept, key=len, reverse=True))


@cache
def example_reports() -> tuple[Report, ...]:
    """The bundled example stores, diagnosed as ``diagrules demo`` does."""
    from diagrules.cli.main import diagnose_paths, example_stores

    reports, _sources, _invalid = diagnose_paths(diagrules.Engine(), example_stores(), "en")
    return tuple(reports)


@cache
def case_reports() -> tuple[Report, ...]:
    """One report per rule case (error cases excepted: they are checked by their message)."""
    reports = []
    for path in CASE_FILES:
        for case in load_cases(path):
            if "expect_error" in case.expect:
                continue
            engine = engine_for(case.config, case.rule)
            reports.append(engine.evaluate(case.snapshot, source=f"{path.name}::{case.name}"))
    return tuple(reports)


def owned_texts(lang: str) -> dict[str, set[str]]:
    """Every text the rule sets registered, by owner key (``rule:RTS001``), in ``lang``."""
    registry = diagrules.Engine().registry
    owned: dict[str, set[str]] = {}

    def add(key: str, *values: Any) -> None:
        for v in values:
            if v is not None:
                shown = v.get(lang) if hasattr(v, "get") else v  # a BilingualStr is a str too
                if shown:
                    owned.setdefault(key, set()).add(shown)

    for rid, r in registry.rules.items():
        key = f"rule:{rid}"
        add(key, r.title)
        if r.doc is not None:
            add(key, r.doc.what, r.doc.why, r.doc.notes, r.doc.source, r.doc.as_of)
        for remedy in r.remedies:
            add(key, remedy.action, remedy.effect)
        for p in catalogue.params_info(r, lang=lang):
            add(key, p["description"])
    for report in (*case_reports(), *example_reports()):
        for f in report.findings:
            add(f"rule:{f.rule}", f.message)
            add(f"rule:{f.rule}", *(v for v in (f.observed, f.threshold) if isinstance(v, str)))
            for remedy in f.remedies:
                add(f"rule:{f.rule}", remedy.action, remedy.effect)
        for o in report.outcomes:
            if isinstance(o.reason, str):  # a rule's own Skip reason (the engine's are bilingual)
                add(f"rule:{o.rule}", o.reason)
    for name, m in registry.metrics.items():
        add(f"metric:{name}", m.label, m.description)
    for name, d in registry.datasets.items():
        add(f"dataset:{name}", d.label, d.description)
    for pid, platform in registry.platforms.items():
        add(f"platform:{pid}", platform.label)
    for sid, s in registry.scorecards.items():
        key = f"scorecard:{sid}"
        add(key, s.label, *(d.label for d in s.dimensions), *(t.label for t in s.tiers))
        for ladder in s.ladders:
            add(key, ladder.label, *(step.label for step in ladder.steps))
    return owned


def test_the_rule_sets_texts_are_in_the_readers_language() -> None:
    failures = []
    for lang in LANGS:
        for key, texts in sorted(owned_texts(lang).items()):
            for text in sorted(texts):
                problems = _problems(lang, text)
                if problems:
                    failures.append(f"[{lang}] {key}: {'; '.join(problems)}\n    {text}")
    assert not failures, f"{len(failures)} texts:\n" + "\n".join(failures)


def _without_input(text: str, exempt: Iterable[str] = ()) -> str:
    """``text`` without the ``exempt`` texts, quoted commands and the stores' own data."""
    text = _pattern(tuple(sorted(exempt, key=len, reverse=True))).sub(" ", text)
    return _pattern(input_words()).sub(" ", COMMAND.sub(" ", text))


@cache
def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    if not words:
        return re.compile("(?!)")
    alternatives = "|".join(re.escape(w) for w in words)
    return re.compile(f"(?<![A-Za-z0-9_-])(?:{alternatives})(?![A-Za-z0-9_-])")


#: Command lines and options quoted in a text (``diagrules check store.toml``, ``--debug``) are
#: typed as written, in any language.
COMMAND = re.compile(r"diagrules(?: (?:[\w./<>:-]+))+|--[\w-]+|`[^`]*`|\[rules\.[A-Z0-9]+\]")


def _problems(lang: str, text: str, allowed: Iterable[str] = ()) -> list[str]:
    """The problems of ``text`` once the store's data is taken out."""
    if not CHECKERS[lang](text, allowed):  # the common case, without the costly removal
        return []
    return CHECKERS[lang](_without_input(text), allowed)


class _TextNodes(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.nodes: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script"):
            self._skip += 1
        self.nodes.extend(v for k, v in attrs if k in ("title", "aria-label", "alt") and v)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.nodes.append(data)


#: Keys of machine values in JSON and SARIF output (ids, enums, paths), not read as prose.
MACHINE_KEYS = frozenset({
    "rule", "status", "severity", "name", "platform", "store", "as_of", "generated_by", "lang",
    "missing", "item", "items", "rules", "unit", "comparison", "effort", "traceback", "ruleId",
    "level", "uri", "version", "informationUri", "$schema", "id", "kind", "dimension", "metric",
    "tier", "weakest", "aggregation", "scorecard", "details", "seller_stage", "category", "basis",
    "source", "extra", "ladder", "language",
})


def _json_prose(value: Any, key: str = "") -> Iterator[str]:
    if key in MACHINE_KEYS:
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _json_prose(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from _json_prose(v, key)


def prose(fmt: str, output: str) -> list[str]:
    """The human-readable pieces of ``output`` in format ``fmt``."""
    if fmt == "html":
        parser = _TextNodes()
        parser.feed(output)
        return parser.nodes
    if fmt in ("json", "sarif"):
        return list(_json_prose(json.loads(output)))
    if fmt == "jsonl":
        return [p for line in output.splitlines() if line.strip() for p in _json_prose(json.loads(line))]
    if fmt == "junit":
        root = ElementTree.fromstring(output)
        pieces = []
        for el in root.iter():
            pieces += [v for k, v in el.attrib.items() if k in ("message",)]
            if el.text and el.text.strip():
                pieces.append(el.text)
        return pieces
    if fmt == "markdown":
        return [re.sub(r"\\(.)", r"\1", line) for line in output.splitlines()]
    return output.splitlines()


def check_output(what: str, fmt: str, lang: str, output: str, allowed: Iterable[str] = ()) -> list[str]:
    failures = []
    for piece in prose(fmt, output):
        problems = _problems(lang, piece, allowed)
        if problems:
            failures.append(f"[{lang}] {what} ({fmt}): {'; '.join(dict.fromkeys(problems))}\n    {piece.strip()[:300]}")
    return failures


@pytest.mark.parametrize("lang", LANGS)
def test_the_demo_reads_in_one_language_in_every_format(lang: str) -> None:
    runner = CliRunner()
    failures = []
    for fmt in FORMATS:
        result = runner.invoke(main, ["demo", "--lang", lang, "--format", fmt], env={"COLUMNS": "10000"})
        assert result.exit_code in (0, 1), result.output
        failures += check_output("demo", fmt, lang, result.stdout)
        failures += check_output("demo (stderr)", "text", lang, result.stderr)
    assert not failures, f"{len(failures)} pieces:\n" + "\n".join(failures)


@pytest.mark.parametrize("lang", LANGS)
def test_every_rule_case_reads_in_one_language(lang: str) -> None:
    engine = diagrules.Engine()
    options = options_from_registry(engine.registry, lang=lang, width=10_000, max_items=1_000)
    reports = case_reports()
    items = {f.item for r in reports for f in r.findings if f.item is not None}  # product and order ids
    failures = []
    for fmt in ("text", "json", "html"):
        failures += check_output("rule cases", fmt, lang, render(fmt, reports, options), items)
    assert not failures, f"{len(failures)} pieces:\n" + "\n".join(failures)


@pytest.mark.parametrize("lang", LANGS)
def test_explain_and_the_catalogues_read_in_one_language(lang: str) -> None:
    registry = diagrules.Engine().registry
    failures = []
    for rule in registry.rules.values():
        info = catalogue.rule_info(rule, registry, lang)
        ids = {rule.name, rule.ruleset, registry.owner("rule", rule.id) or "", *rule.requires, *rule.uses,
               *rule.datasets, *(p["name"] for p in info["params"]), *rule.platforms}
        defaults = [p["default"] for p in info["params"]]
        ids |= {catalogue._show(d) for d in defaults} | {str(v) for d in defaults if isinstance(d, list | tuple | frozenset) for v in d}
        failures += check_output(f"explain {rule.id}", "text", lang, catalogue.explain_text(info, lang, width=10_000), ids)
        failures += check_output(f"explain {rule.id}", "markdown", lang, catalogue.explain_markdown(info, lang), ids)
    infos = [catalogue.rule_info(r, registry, lang) for r in registry.rules.values()]
    names = {n for r in registry.rules.values() for n in (r.name, *r.platforms)}
    failures += check_output("rules", "text", lang, catalogue.rules_text(infos, lang, width=10_000), names)
    metrics = [catalogue.metric_info(m, registry, lang) for m in registry.metrics.values()]
    metric_ids = {n for m in registry.metrics.values() for n in (m.name, *m.aliases, *m.choices)}
    failures += check_output("metrics", "text", lang, catalogue.metrics_text(metrics, lang, width=10_000), metric_ids)
    assert not failures, f"{len(failures)} pieces:\n" + "\n".join(failures)


# -- what the core guarantees whatever the rule sets write ------------------------------------


def test_a_value_never_looks_equal_to_the_threshold_it_failed() -> None:
    template = diagrules.Text(en="{observed} below {threshold}", zh="{observed}，低于 {threshold}")
    close = diagrules.Message(template, {"observed": 0.9499, "threshold": 0.95}, {"observed": "ratio", "threshold": "ratio"})
    assert close.get("zh") == "94.99%，低于 95%"
    apart = diagrules.Message(template, {"observed": 0.935, "threshold": 0.95}, {"observed": "ratio", "threshold": "ratio"})
    assert apart.get("en") == "93.5% below 95%"  # digits are added only where they are needed
    shares = diagrules.Message(template, {"observed": diagrules.Quantity(0.2999, "ratio"), "threshold": diagrules.Quantity(0.3, "ratio")})
    assert shares.get("en") == "29.99% below 30%"
    finding = diagrules.Finding(rule="X001", severity=diagrules.Severity.WARNING, message=template,
                                observed=0.9499, threshold=0.95, comparison=">=", unit="ratio")
    from diagrules.render.base import evidence

    assert evidence(finding, "zh") == "实际 94.99% · 要求 ≥ 95%"


def test_a_report_read_back_says_its_language_and_refuses_the_other() -> None:
    report = example_reports()[0]
    back = diagrules.from_json(diagrules.to_json(report, "zh"))
    assert back.lang == "zh"
    assert CJK_CHAR.search(back.findings[0].message.get("zh"))
    with pytest.raises(diagrules.DiagrulesError, match="written in 'zh'"):
        back.findings[0].message.get("en")
    with pytest.raises(diagrules.DiagrulesError, match="written in 'zh'"):
        diagrules.to_json(back, "en")
    assert diagrules.to_json(back, "zh") == diagrules.to_json(report, "zh")


@pytest.mark.parametrize(("field", "written", "stored"), [
    ("seller_stage", "新店", "new"), ("seller_stage", "成熟店铺", "established"), ("category", "服装", "apparel"),
])
def test_chinese_snapshot_values_are_accepted(field: str, written: str, stored: str) -> None:
    report = diagrules.Engine().evaluate({"platform": "alibaba", "store": "S", field: written, "metrics": {}})
    assert getattr(report, field) == stored


def test_an_unknown_stage_is_still_refused() -> None:
    with pytest.raises(diagrules.SnapshotError, match="seller_stage"):
        diagrules.Engine().evaluate({"platform": "alibaba", "store": "S", "seller_stage": "老店", "metrics": {}})


@pytest.mark.parametrize("columns", ["44", "70"])
def test_text_output_wraps_at_columns_and_never_cuts(columns: str) -> None:
    from rich.cells import cell_len

    result = CliRunner().invoke(main, ["demo", "--lang", "zh"], env={"COLUMNS": columns})
    lines = result.stdout.splitlines()
    assert max(cell_len(line) for line in lines) <= int(columns)
    assert "…" not in result.stdout
    joined = "".join(result.stdout.split())
    for report in example_reports():
        for f in report.findings[:10]:
            words = "".join(f.message.get("zh").split())
            assert words in joined, words


def test_chinese_wraps_between_characters_not_at_spaces() -> None:
    from diagrules.render.wrap import break_offsets

    text = "回复率为 93.5%，低于 95% 的目标。"
    breaks = break_offsets(text, 16)
    lines = [text[a:b] for a, b in zip([0, *breaks], [*breaks, len(text)], strict=True)]
    assert all(not line.startswith(("，", "。")) for line in lines)
    assert lines[0] == "回复率为 93.5%，"  # the comma stays with what it closes
    assert lines[1:] == ["低于 95% 的目", "标。"]  # the full stop goes down with its character


@pytest.mark.parametrize("lang", LANGS)
def test_a_store_with_bad_values_is_told_so_in_its_language(lang: str, tmp_path: Path) -> None:
    store = tmp_path / "store.toml"
    store.write_text('platform = "alibaba"\nstore = "S"\nseller_stage = "老店"\n[metrics]\n'
                     'response_rate = 93.5\nlisted_products = 2.5\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(store), "--lang", lang])
    assert result.exit_code == 2
    fields = {"seller_stage", "metrics.response_rate", "metrics.listed_products", str(store), "S"}
    lines = [line.replace("老店", "") for line in result.stderr.splitlines()] if lang == "en" else result.stderr.splitlines()
    failures = [f"{line}: {p}" for line in lines if (p := CHECKERS[lang](_without_input(line, fields), fields))]
    assert len(lines) == 4 and not failures, result.stderr


def test_a_remedys_basis_and_the_thresholds_are_shown() -> None:
    remedy = diagrules.Remedy(action=diagrules.Text(en="Answer today.", zh="今天回复。"), basis="diagrules")
    finding = diagrules.Finding(rule="X001", severity=diagrules.Severity.WARNING,
                                message=diagrules.Text(en="Low.", zh="偏低。"), remedies=(remedy,))
    outcome = diagrules.RuleOutcome("X001", diagrules.Status.FAILED, diagrules.Severity.WARNING, findings=1)
    report = diagrules.Report(store="S", platform="p", outcomes=[outcome], findings=[finding])
    from diagrules.render.base import RenderOptions

    for fmt in ("text", "html"):
        assert "diagrules 自行判断" in render(fmt, [report], RenderOptions(lang="zh", plan_limit=0))
        assert "own judgement" in render(fmt, [report], RenderOptions(lang="en", plan_limit=0))
    info = {"source": "article 004", "official": False, "threshold_basis": "source", "as_of": None}
    assert catalogue.source_line(info, "zh").endswith("阈值：来自资料来源")
