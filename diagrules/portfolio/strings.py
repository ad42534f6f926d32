"""The portfolio's interface strings, in English and Chinese.

Kept apart from :mod:`diagrules.core.strings` (the CLI's and the single-store report's table) so
that the portfolio layer adds its texts without touching a table every renderer shares. Same
shape: ``(en, zh)`` tuples filled with :func:`pt`.
"""

from __future__ import annotations

from typing import Any

_UI: dict[str, tuple[str, str]] = {
    "title": ("Portfolio summary", "店铺组合汇总"),
    "subtitle": ("{stores} stores · {diagnosed} diagnosed", "共 {stores} 个店铺 · 已诊断 {diagnosed} 个"),
    # sections
    "sec.platforms": ("Stores by platform and status", "各平台店铺及状态"),
    "sec.scores": ("Scores and tiers", "评分与层级"),
    "sec.findings": ("Most frequent findings", "最常见的问题"),
    "sec.attention": ("Stores that need attention first", "最需要关注的店铺"),
    "sec.attention_how": (
        "Ranked by worst severity, then points below the pass mark of 60, then findings at that "
        "severity, then all findings, then rules that errored (diagrules' own ranking).",
        "排序依据（diagrules 自定）：先看最高严重级别，再看低于及格线 60 分的分数，"
        "然后是该级别的问题数、全部问题数，最后是出错的规则数。",
    ),
    "sec.abilities": ("Abilities: averages and weakest stores", "各项能力：平均分与最弱店铺"),
    "sec.rule_problems": ("Rules that errored or were skipped", "出错或被跳过的规则"),
    "sec.rule_problems_how": (
        "The missing data is what to ask the stores for.",
        "缺少的数据就是需要向店铺索要的数据。",
    ),
    "sec.invalid": ("Stores that could not be diagnosed", "无法诊断的店铺"),
    "sec.problems": ("Lines that could not be read", "无法读取的行"),
    "sec.stores": ("All stores", "全部店铺"),
    "none": ("None.", "无。"),
    "more": ("… and {n} more", "… 另有 {n} 项"),
    # columns
    "col.platform": ("Platform", "平台"),
    "col.store": ("Store", "店铺"),
    "col.source": ("Source", "来源"),
    "col.status": ("Status", "状态"),
    "col.stores": ("Stores", "店铺数"),
    "col.diagnosed": ("Diagnosed", "已诊断"),
    "col.invalid": ("Invalid", "数据无效"),
    "col.error": ("Rule errors", "规则出错"),
    "col.scorecard": ("Scorecard", "评分卡"),
    "col.scored": ("Scored", "有评分"),
    "col.mean": ("Mean", "平均分"),
    "col.median": ("Median", "中位数"),
    "col.tier": ("Tier", "层级"),
    "col.tiers": ("Tiers", "层级分布"),
    "col.score": ("Score", "得分"),
    "col.rule": ("Rule", "规则"),
    "col.name": ("Name", "名称"),
    "col.severity": ("Severity", "严重级别"),
    "col.worst": ("Worst", "最高级别"),
    "col.affected": ("Stores affected", "涉及店铺"),
    "col.share": ("Share", "占比"),
    "col.findings": ("Findings", "问题数"),
    "col.median_observed": ("Median observed", "实际值中位数"),
    "col.threshold": ("Threshold", "阈值"),
    "col.unit": ("Unit", "单位"),
    "col.rank": ("Rank", "排名"),
    "col.below_pass": ("Points below pass", "低于及格分"),
    "col.why": ("Why", "原因"),
    "col.ability": ("Ability", "能力"),
    "col.weakest_stores": ("Weakest stores", "最弱店铺"),
    "col.weakest": ("Weakest ability", "最弱能力"),
    "col.errored": ("Errored", "出错"),
    "col.skipped": ("Skipped", "跳过"),
    "col.missing": ("Missing data", "缺少的数据"),
    "col.line": ("Line", "行号"),
    "col.problem": ("Problem", "问题"),
    "col.top_action": ("Top action", "首要措施"),
    "col.report": ("Report", "报告"),
    "col.message": ("Message", "说明"),
    "col.item": ("Item", "涉及项"),
    "col.observed": ("Observed", "实际值"),
    "col.comparison": ("Comparison", "比较"),
    "col.remedy": ("Remedy", "改进措施"),
    "col.value": ("Value", "数值"),
    "col.what": ("What", "项目"),
    "col.unscored": ("Not scored", "无评分"),
    # store statuses
    "status.diagnosed": ("diagnosed", "已诊断"),
    "status.invalid": ("invalid", "数据无效"),
    "status.error": ("rule errors", "规则出错"),
    # problems with lines
    "problem.invalid_json": ("not valid JSON (column {column})", "不是有效的 JSON（第 {column} 列）"),
    "problem.truncated": ("the last line is cut short (the run was interrupted?)", "最后一行不完整（运行被中断？）"),
    "problem.not_object": ("not a JSON object", "不是 JSON 对象"),
    "problem.not_report": (
        "not a diagrules report line (expected the keys store, platform and outcomes)",
        "不是 diagrules 报告行（应包含 store、platform 和 outcomes 键）",
    ),
    "problem.schema": (
        "written by another diagrules version: schema_version {found}, this one reads {expected}",
        "由其他版本的 diagrules 写出：schema_version 为 {found}，本版本读取 {expected}",
    ),
    # attention reasons
    "why.worst": ("{severity} finding ({rules})", "有{severity}问题（{rules}）"),
    "why.below": ("{points} points below pass on {scorecard}", "{scorecard}低于及格线 {points} 分"),
    "why.findings": ("{n} findings", "共 {n} 个问题"),
    "why.errors": ("{n} rules errored", "{n} 条规则出错"),
    "why.clean": ("no findings", "没有问题"),
    # totals
    "totals.lines": ("Lines read", "读取行数"),
    "totals.stores": ("Stores", "店铺数"),
    "totals.diagnosed": ("Diagnosed", "已诊断"),
    "totals.invalid": ("Invalid data", "数据无效"),
    "totals.error": ("With rule errors", "有规则出错"),
    "totals.unreadable": ("Unreadable lines", "无法读取的行"),
    "sheet.stores": ("Stores", "店铺"),
    "sheet.findings": ("Findings", "问题"),
    "sheet.summary": ("Summary", "汇总"),
    "chart.scores": ("Score distribution: {scorecard}", "得分分布：{scorecard}"),
    "sort_hint": ("Click a column heading to sort.", "点击列标题可排序。"),
    # command line
    "help.summary": (
        "Summarise a batch output (JSONL) across stores: platforms, scores, the most frequent "
        "findings, the stores that need attention first, and the data the stores are missing.",
        "汇总批量诊断的输出（JSONL）：各平台、评分、最常见的问题、最需要关注的店铺，以及店铺缺少的数据。",
    ),
    "opt.summary_format": (
        "Output format; xlsx needs -o.", "输出格式；xlsx 需要配合 -o 使用。",
    ),
    "opt.top": ("How many rows the ranked lists show.", "排行列表显示的行数。"),
    "opt.batch_summary": (
        "After the run, print the portfolio summary to standard error.",
        "运行结束后，在标准错误输出中打印店铺组合汇总。",
    ),
    "opt.batch_output_dir": (
        "With --format html: write one HTML report per store, results.jsonl and an index page "
        "(the portfolio summary) into this folder.",
        "配合 --format html：在该文件夹中为每个店铺写一份 HTML 报告，并写出 results.jsonl 和索引页（店铺组合汇总）。",
    ),
    "err.xlsx_needs_output": (
        "--format xlsx writes a file: add -o FILE.xlsx",
        "--format xlsx 会写出文件：请加上 -o 文件名.xlsx",
    ),
    "err.html_needs_dir": (
        "batch --format html needs --output-dir DIR",
        "batch --format html 需要配合 --output-dir 目录 使用",
    ),
    "err.output_dir_needs_html": (
        "batch --output-dir needs --format html",
        "batch --output-dir 需要配合 --format html 使用",
    ),
    "err.summary_text": (
        "batch --summary needs --format jsonl (text lines cannot be summarised)",
        "batch --summary 需要配合 --format jsonl（文本行无法汇总）",
    ),
    "err.no_lines": ("{path}: no store lines to summarise", "{path}：没有可汇总的店铺行"),
    "warn.line": ("warning: {path}:{line}: {problem}", "警告：{path} 第 {line} 行：{problem}"),
    "more_rows": ("{n} more in the JSON and XLSX output", "另有 {n} 行，见 JSON 和 XLSX 输出"),
}


def pt(key: str, lang: str, **values: Any) -> str:
    """The portfolio string ``key`` in ``lang`` (``"zh"`` or anything else for English), filled in."""
    en, zh = _UI[key]
    chosen = zh if lang == "zh" else en
    return chosen.format(**values) if values else chosen


def keys() -> list[str]:
    """Every key (the tests check both languages of each)."""
    return list(_UI)
