"""The built-in user-interface strings of the CLI and the reports, in English and Chinese.

Kept as plain ``(en, zh)`` tuples with no imports beyond the standard library, because the
command-line help is built from them and ``diagrules --help`` must start fast. :func:`t` picks
the language and fills ``{placeholders}``; :func:`system_lang` reads the locale environment.
"""

from __future__ import annotations

import os
from typing import Any

_UI: dict[str, tuple[str, str]] = {
    # -- command-line help --------------------------------------------------------------------
    "help.main": (
        "Diagnose cross-border e-commerce stores from their back-office numbers and say what to "
        "fix this week.\n\nStart with `diagrules demo`, then `diagrules check store.toml`.",
        "根据后台数据诊断跨境电商店铺，并告诉你本周该改什么。\n\n"
        "先运行 `diagrules demo`，再运行 `diagrules check store.toml`。",
    ),
    "help.check": (
        "Diagnose one or more store snapshot files (TOML, JSON, or JSONL with one store per line).",
        "诊断一个或多个店铺快照文件（TOML、JSON，或每行一个店铺的 JSONL）。",
    ),
    "help.batch": (
        "Diagnose many stores (a folder of snapshot files or a JSONL file) in parallel, "
        "streaming one result per store.",
        "并行诊断大量店铺（快照文件夹或 JSONL 文件），每个店铺输出一条结果。",
    ),
    "help.rules": ("List the rule catalogue.", "列出规则目录。"),
    "help.explain": (
        "Explain a rule: what it checks, why, its threshold and source, parameters and remedies.",
        "解释一条规则：检查什么、为什么、阈值及来源、参数和改进措施。",
    ),
    "help.metrics": ("List the metric catalogue with units and aliases.", "列出指标目录（单位和别名）。"),
    "help.plugins": (
        "Show loaded plugins, their distributions, what each registered, and failures.",
        "显示已加载的插件、所属发行包、各自注册的内容以及加载失败的插件。",
    ),
    "help.demo": (
        "Diagnose the bundled example stores, to see what a report looks like.",
        "诊断内置的示例店铺，看看报告是什么样子。",
    ),
    "help.init": (
        "Write a commented starter diagrules.toml listing the rule sets installed here.",
        "生成带注释的 diagrules.toml 模板，列出本机已安装的规则集。",
    ),
    "help.config": (
        "Print the effective configuration and where each value came from.",
        "打印生效的配置以及每个值的来源。",
    ),
    "opt.config": (
        "Configuration file (diagrules.toml or pyproject.toml). Default: discovered from the "
        "working directory upward.",
        "配置文件（diagrules.toml 或 pyproject.toml）。默认从当前目录向上查找。",
    ),
    "opt.select": (
        "Rules to run (ids, prefixes, names, rule sets or ALL; comma-separated). Replaces the "
        "configured selection.",
        "要运行的规则（规则编号、前缀、名称、规则集或 ALL，逗号分隔）。替换配置中的选择。",
    ),
    "opt.extend_select": ("Rules to add to the selection.", "在选择之外追加的规则。"),
    "opt.ignore": ("Rules to leave out.", "要忽略的规则。"),
    "opt.lang": (
        "Report language. Default: the configuration's `lang`, else the system locale.",
        "报告语言。默认取配置中的 `lang`，否则取系统区域设置。",
    ),
    "opt.format": ("Output format.", "输出格式。"),
    "opt.batch_format": (
        "jsonl: one full report per store; text: one line per store; html: report pages (with "
        "--output-dir); findings: one row per finding; stores: one summary row per store. "
        "findings and stores are written as Parquet when -o ends in .parquet.",
        "jsonl：每个店铺一份完整报告；text：每个店铺一行；html：报告页面（配合 --output-dir）；"
        "findings：每个问题一行；stores：每个店铺一行汇总。-o 以 .parquet 结尾时，findings 和 stores 写成 Parquet 文件。",
    ),
    "opt.output": ("Write the report to this file instead of standard output.", "将报告写入该文件而不是标准输出。"),
    "opt.fail_on": (
        "Exit with status 1 when a finding is at least this severe (default: config `fail-on`, "
        "else warning).",
        "当发现的问题达到该严重程度时以状态码 1 退出（默认取配置 `fail-on`，否则为 warning）。",
    ),
    "opt.exit_zero": ("Exit with status 0 even when findings are reported.", "即使发现问题也以状态码 0 退出。"),
    "opt.debug": ("Show the full traceback of errors.", "出错时显示完整的调用栈。"),
    "opt.platform": ("Only this platform (e.g. alibaba, aliexpress).", "只显示该平台（例如 alibaba、aliexpress）。"),
    "opt.catalogue_format": ("Output format of the catalogue.", "目录的输出格式。"),
    "opt.output_dir": (
        "With --format markdown: write one file per rule set and an index into this folder.",
        "配合 --format markdown：在该文件夹中为每个规则集生成一个文件和一个索引。",
    ),
    "opt.plugin_filter": (
        "Only the rules of this plugin (an entry-point name, as `diagrules plugins` lists it).",
        "只显示该插件的规则（插件的入口点名称）。",
    ),
    "opt.ruleset_filter": ("Only the rules of this rule set (e.g. rfq, aeg).", "只显示该规则集的规则（例如 rfq、aeg）。"),
    "opt.workers": ("Worker processes (default: one per CPU core).", "工作进程数（默认每个 CPU 核一个）。"),
    "opt.chunk_size": (
        "Stores sent to a worker at a time (default 64; 1024 for --format findings and stores, "
        "which diagnose a chunk at once).",
        "每次发送给一个工作进程的店铺数（默认 64；--format findings 和 stores 整块一起诊断，默认 1024）。",
    ),
    "opt.rule_timeout": (
        "Time budget in seconds for one rule on one store; a rule that overruns is reported as an "
        "error (default: rule-timeout from the configuration, else 10).",
        "单条规则在单个店铺上的时间预算（秒）；超时的规则记为出错（默认：配置中的 rule-timeout，否则 10）。",
    ),
    "opt.fresh": (
        "Start over even if the output file is left from an interrupted run (default: resume it).",
        "即使输出文件来自一次中断的运行也从头开始（默认：续跑）。",
    ),
    "opt.progress": (
        "Show a progress bar (default: only when standard error is a terminal).",
        "显示进度条（默认仅当标准错误输出是终端时显示）。",
    ),
    "opt.force": ("Overwrite an existing file.", "覆盖已存在的文件。"),
    "opt.init_path": ("Where to write the file.", "文件写入位置。"),
    "opt.version": ("Show the version and exit.", "显示版本并退出。"),
    "opt.help": ("Show this message and exit.", "显示此帮助信息并退出。"),
    # -- errors and command messages ----------------------------------------------------------
    "err.prefix": ("error", "错误"),
    "err.warning": ("warning", "警告"),
    "err.internal": (
        "internal error: {error}. This is a bug in diagrules or a plugin; rerun with --debug for "
        "the traceback and report it.",
        "内部错误：{error}。这是 diagrules 或插件的缺陷；请加 --debug 重新运行查看调用栈并报告。",
    ),
    "err.debug_hint": ("(rerun with --debug for the traceback)", "（加 --debug 重新运行可查看调用栈）"),
    "err.invalid_store": ("{source}: {error}", "{source}：{error}"),
    "err.no_stores": ("no store snapshots found in {paths}", "在 {paths} 中没有找到店铺快照"),
    "err.unknown_rule": ("unknown rule '{rule}'{hint}", "未知规则 '{rule}'{hint}"),
    "err.exists": (
        "{path} already exists; use --force to overwrite it",
        "{path} 已存在；如需覆盖请加 --force",
    ),
    "err.write": ("cannot write {path}: {error}", "无法写入 {path}：{error}"),
    "err.output_dir_format": (
        "--output-dir needs --format markdown",
        "--output-dir 需要配合 --format markdown 使用",
    ),
    "err.batch_format": (
        "batch writes a stream; use --format jsonl or text",
        "batch 以流的方式输出；请使用 --format jsonl 或 text",
    ),
    "err.no_examples": ("no example stores are installed with diagrules", "diagrules 未安装任何示例店铺"),
    "msg.wrote": ("wrote {path}", "已写入 {path}"),
    "msg.wrote_n": ("wrote {n} files to {path}", "已向 {path} 写入 {n} 个文件"),
    "msg.demo_intro": (
        "Diagnosing the example store {path}\nTo see it as a web page, run:\n  diagrules check {path} --format html -o report.html",
        "正在诊断示例店铺 {path}\n想看网页版报告，可运行：\n  diagrules check {path} --format html -o report.html",
    ),
    "msg.init_next": (
        "Edit it, then run: diagrules check your-store.toml",
        "修改后运行：diagrules check your-store.toml",
    ),
    # -- batch --------------------------------------------------------------------------------
    "batch.progress": ("Diagnosing", "诊断中"),
    "batch.summary": (
        "{stores} stores: {diagnosed} diagnosed, {invalid} invalid; {failing} with findings at or "
        "above {fail_on}; {seconds} s",
        "共 {stores} 个店铺：已诊断 {diagnosed} 个，数据无效 {invalid} 个；{failing} 个店铺有{fail_on}"
        "及以上级别的问题；用时 {seconds} 秒",
    ),
    "batch.line_ok": ("{store}: {counts}", "{store}：{counts}"),
    "batch.line_invalid": ("{source}: invalid data: {error}", "{source}：数据无效：{error}"),
    "batch.resumed": (
        "({n} of them were already in the output file from the interrupted run)",
        "（其中 {n} 个店铺的结果来自上次中断的运行，已在输出文件中）",
    ),
    "batch.interrupted": (
        "batch interrupted: a worker process stopped unexpectedly (killed, or out of memory); "
        "{n} stores were not diagnosed: {sources}",
        "批量诊断中断：有工作进程意外退出（被终止或内存不足）；{n} 个店铺未诊断：{sources}",
    ),
    "batch.resume_other_input": (
        "warning: resuming {path}, which an interrupted run wrote for other input ({before}); "
        "this run reads {now}. Use --fresh to start over.",
        "警告：正在续写 {path}，它是上次中断的运行为另一份输入（{before}）写的；本次读取的是 {now}。"
        "如需从头开始，请加 --fresh。",
    ),
    "batch.output_busy": (
        "{path} is being written by another diagrules batch run (it is locked); wait for it to "
        "finish or write to another file",
        "另一个 diagrules batch 正在写入 {path}（文件已加锁）；请等它结束，或写入另一个文件",
    ),
    "batch.resume_hint": (
        "Run the same command again to diagnose only those; the stores already in {path} are kept "
        "(--fresh starts over).",
        "再次运行同一命令即可只诊断这些店铺，{path} 中已有的结果会保留（加 --fresh 则从头开始）。",
    ),
    "batch.no_resume_text": (
        "Text output cannot be resumed: running the command again starts over. Use --format jsonl "
        "-o FILE for a run that can resume.",
        "文本格式的输出无法续跑：再次运行会从头开始。如需可续跑，请使用 --format jsonl -o 文件。",
    ),
    "batch.no_resume_stdout": (
        "Output went to standard output, so running again starts over; write it with -o FILE "
        "(jsonl) for a run that can resume.",
        "结果输出到了标准输出，再次运行会从头开始；如需可续跑，请用 -o 文件（jsonl 格式）。",
    ),
    "batch.needs_pyarrow": (
        "reading or writing Parquet needs pyarrow: pip install 'diagrules[fleet]'",
        "读写 Parquet 需要 pyarrow：pip install 'diagrules[fleet]'",
    ),
    "batch.no_resume_fleet": (
        "Findings and store-row output cannot be resumed: running the command again starts over. "
        "Use --format jsonl -o FILE for a run that can resume.",
        "问题行和店铺行格式的输出无法续跑：再次运行会从头开始。如需可续跑，请使用 --format jsonl -o 文件。",
    ),
    # -- report -------------------------------------------------------------------------------
    "report.title": ("Store diagnosis", "店铺诊断"),
    "report.platform": ("Platform", "平台"),
    "report.as_of": ("Data as of", "数据日期"),
    "report.stage": ("Seller stage", "卖家阶段"),
    "report.category": ("Category", "类目"),
    "report.source": ("Source", "来源"),
    "report.plan": ("Action plan — do these first", "行动计划：优先做这几件事"),
    "report.plan_short": ("Action plan", "行动计划"),
    "report.no_plan": ("Nothing to fix: no findings.", "无需改进：没有发现问题。"),
    "report.findings": ("Findings", "发现的问题"),
    "report.no_findings": ("No findings: every rule that ran passed.", "没有发现问题：所有已运行的规则都通过了。"),
    "report.remedies": ("What to do", "怎么做"),
    "report.see_plan": ("see action plan {steps}", "见行动计划第 {steps} 条"),
    "report.for_rules": ("for {rules}", "针对 {rules}"),
    "report.items": ("items", "涉及项"),
    "report.more_items": ("… and {n} more", "另有 {n} 项未列出"),
    "report.observed": ("observed {observed}", "实际 {observed}"),
    "report.expected": ("expected {comparison} {threshold}", "要求 {comparison} {threshold}"),
    "report.threshold": ("threshold {threshold}", "阈值 {threshold}"),
    "report.effort": ("effort {effort}", "投入 {effort}"),
    "report.priority": ("priority {priority}", "优先级 {priority}"),
    "report.effect": ("Expected effect", "预期效果"),
    "report.scores": ("Scores", "评分"),
    "report.overall": ("Overall", "总分"),
    "report.tier": ("Tier", "层级"),
    "report.weakest": ("Weakest", "短板"),
    "report.dimension": ("Dimension", "维度"),
    "report.score": ("Score", "得分"),
    "report.coverage": ("Data coverage", "数据覆盖"),
    "report.no_score": ("not enough data", "数据不足"),
    "report.radar_title": ("Ability radar", "能力雷达图"),
    "report.legend_pass": ("dashed ring: pass line (60)", "虚线圈：及格线（60 分）"),
    "report.legend_excellent": ("excellent (90 and above)", "优秀（90 分及以上）"),
    "report.legend_ok": ("passed (60–89)", "及格（60–89 分）"),
    "report.legend_low": ("below pass (under 60)", "未及格（60 分以下）"),
    "report.legend_unknown": ("not enough data", "数据不足"),
    "report.not_checked": ("Not checked", "未检查"),
    "report.rule_errors": ("Rule errors", "规则出错"),
    "report.waived": ("Waived", "已豁免"),
    "report.summary": ("Summary", "汇总"),
    "report.rules_run": ("{n} rules", "共 {n} 条规则"),
    "report.rules_run_1": ("1 rule", "共 1 条规则"),
    "report.worst": ("worst: {severity}", "最高级别：{severity}"),
    "report.generated": ("Generated by {by}", "由 {by} 生成"),
    "report.rule": ("Rule", "规则"),
    "report.rules_passed": ("Rules passed", "通过的规则"),
    "report.status": ("Status", "状态"),
    "report.message": ("Message", "说明"),
    "report.item": ("Item", "涉及项"),
    "report.stores": ("Stores", "店铺"),
    "report.contents": ("Contents", "目录"),
    "report.all_outcomes": ("All rules", "全部规则"),
    "report.reason": ("Reason", "原因"),
    "report.missing": ("missing data: {names}", "缺少数据：{names}"),
    "report.ladder": ("Ladder", "阶梯"),
    # -- severities, statuses, efforts ---------------------------------------------------------
    "severity.info": ("info", "提示"),
    "severity.warning": ("warning", "警告"),
    "severity.error": ("error", "错误"),
    "severity.critical": ("critical", "严重"),
    "severities.info": ("Info", "提示"),
    "severities.warning": ("Warnings", "警告"),
    "severities.error": ("Errors", "错误"),
    "severities.critical": ("Critical", "严重"),
    "status.passed": ("passed", "通过"),
    "status.failed": ("failed", "未通过"),
    "status.not_applicable": ("not applicable", "不适用"),
    "status.skipped": ("skipped", "未检查"),
    "status.waived": ("waived", "已豁免"),
    "status.error": ("error", "出错"),
    "effort.low": ("low", "低"),
    "effort.medium": ("medium", "中"),
    "effort.high": ("high", "高"),
    # -- catalogue ------------------------------------------------------------------------------
    "cat.rules": ("Rules", "规则"),
    "cat.id": ("ID", "编号"),
    "cat.name": ("Name", "名称"),
    "cat.title": ("Title", "标题"),
    "cat.severity": ("Severity", "级别"),
    "cat.platform": ("Platform", "平台"),
    "cat.ruleset": ("Rule set", "规则集"),
    "cat.selected": ("Selected", "已选"),
    "cat.status": ("Status", "状态"),
    "cat.what": ("What it checks", "检查内容"),
    "cat.why": ("Why it matters", "为什么重要"),
    "cat.threshold": ("Threshold", "阈值"),
    "cat.source": ("Source", "来源"),
    "cat.as_of": ("as of {date}", "截至 {date}"),
    "cat.official": ("official platform rule", "平台官方规则"),
    "cat.practitioner": (
        "practitioner article, not an official platform rule — adjust the parameters to your "
        "category",
        "从业者文章，非平台官方规则；请按所在类目调整参数",
    ),
    "cat.notes": ("Notes", "备注"),
    "cat.params": ("Parameters", "参数"),
    "cat.param": ("Parameter", "参数"),
    "cat.default": ("Default", "默认值"),
    "cat.configured": ("Configured", "当前配置"),
    "cat.description": ("Description", "说明"),
    "cat.no_params": ("This rule has no parameters.", "此规则没有参数。"),
    "cat.params_howto": (
        "Override in diagrules.toml under [rules.{id}], e.g. `{example}`.",
        "可在 diagrules.toml 的 [rules.{id}] 中覆盖，例如 `{example}`。",
    ),
    "cat.requires": ("Requires", "所需数据"),
    "cat.uses": ("Also reads", "另外读取"),
    "cat.datasets": ("Datasets", "数据表"),
    "cat.stages": ("Seller stages", "卖家阶段"),
    "cat.remedies": ("Remedies", "改进措施"),
    "cat.unit": ("Unit", "单位"),
    "cat.better": ("Better", "方向"),
    "cat.better.higher": ("higher", "越高越好"),
    "cat.better.lower": ("lower", "越低越好"),
    "cat.label": ("Label", "标签"),
    "cat.aliases": ("Aliases", "别名"),
    "cat.derived": ("Derived from", "推导自"),
    "cat.metrics": ("Metrics", "指标"),
    "cat.all_platforms": ("all platforms", "所有平台"),
    "cat.plugins": ("Plugins", "插件"),
    "cat.plugin": ("Plugin", "插件"),
    "cat.module": ("Module", "模块"),
    "cat.distribution": ("Distribution", "发行包"),
    "cat.version": ("Version", "版本"),
    "cat.registered": ("Registered", "注册内容"),
    "cat.failures": ("Plugins that failed to load", "加载失败的插件"),
    "cat.skipped": ("Not loaded (blocked or not allowed)", "未加载（被屏蔽或不在允许列表中）"),
    "cat.nothing": ("nothing", "无"),
    "cat.count_rules": ("{n} rules", "{n} 条规则"),
    "cat.rulesets": ("Rule sets", "规则集"),
    "cat.index_intro": (
        "Generated from the rule metadata by `python scripts/gen_rule_docs.py`; do not edit by hand.",
        "由 `python scripts/gen_rule_docs.py` 根据规则元数据生成，请勿手工修改。",
    ),
    "cat.kind.platform": ("platform", "平台"),
    "cat.kind.metric": ("metric", "指标"),
    "cat.kind.dataset": ("dataset", "数据表"),
    "cat.kind.rule": ("rule", "规则"),
    "cat.kind.scorecard": ("scorecard", "评分卡"),
    # -- config ---------------------------------------------------------------------------------
    "cfg.file": ("Configuration file: {path}", "配置文件：{path}"),
    "cfg.no_file": ("No configuration file found; using defaults.", "未找到配置文件；使用默认值。"),
    "cfg.default": ("default", "默认值"),
    "cfg.command_line": ("command line", "命令行"),
    # -- punctuation ----------------------------------------------------------------------------
    "p.colon": (": ", "："),
    "p.comma": (", ", "，"),
    "p.list": (", ", "、"),
    "p.paren": (" ({text})", "（{text}）"),
    "p.dash": (" — ", "："),
    # -- what the engine says about a rule it did not judge -------------------------------------
    "reason.platform": (
        "rule is for {platforms}, store is on {platform}", "规则适用于{platforms}，店铺在{platform}",
    ),
    "reason.stage": ("rule is for seller stage {stages}", "规则只适用于卖家阶段：{stages}"),
    "reason.until": ("{reason} (until {date})", "{reason}（有效期至 {date}）"),
    "reason.waiver_expired": ("waiver expired on {date}: {reason}", "豁免已于 {date} 到期：{reason}"),
    "reason.bad_dataset": (
        "cannot judge: the data it needs ({names}) had invalid rows, listed at the top of the report",
        "无法判断：所需数据（{names}）有无效的行，详见报告开头",
    ),
    "report.input_errors": ("Data that could not be read", "无法读取的数据"),
    "report.input_errors_note": (
        "left out; the rules that need it report an error, every other rule ran",
        "已略过；依赖这些数据的规则报告为出错，其余规则照常运行",
    ),
    "reason.no_history": (
        "reads the store's history; none is in use (`[history]` or `--history`)",
        "需要店铺的历史记录，当前未启用（`[history]` 或 `--history`）",
    ),
    "reason.timeout": (
        "exceeded its time budget of {seconds} s (rule-timeout)",
        "超出了 {seconds} 秒的时间预算（rule-timeout）",
    ),
    "reason.rule_error": (
        "{kind}: {error}", "规则运行出错（{kind}：{error}）；请加 --debug 查看调用栈并报告给插件作者",
    ),
    # -- comparisons in evidence -----------------------------------------------------------------
    "cmp.in": ("in", "属于"),
    "cmp.not in": ("not in", "不属于"),
    # -- seller stages and categories (snapshot values; Chinese input is accepted too) ------------
    "stage.new": ("new store", "新店"),
    "stage.established": ("established store", "成熟店铺"),
    "category.apparel": ("apparel", "服装"),
    "category.bags": ("bags", "箱包"),
    "category.shoes": ("shoes", "鞋靴"),
    "category.jewelry": ("jewelry", "珠宝饰品"),
    "category.home": ("home & garden", "家居园艺"),
    "category.electronics": ("consumer electronics", "消费电子"),
    "category.beauty": ("beauty", "美妆个护"),
    "category.toys": ("toys", "玩具"),
    "category.sports": ("sports & outdoors", "运动户外"),
    "category.automotive": ("automotive", "汽车用品"),
    # -- provenance of thresholds and remedies ---------------------------------------------------
    "basis.source": ("from the source", "来自资料来源"),
    "basis.diagrules": ("diagrules' own judgement", "diagrules 自行判断"),
    "cat.threshold_basis": ("Threshold basis", "阈值依据"),
    "cat.basis_line": ("threshold: {basis}", "阈值：{basis}"),
    # -- units, as the catalogue names them --------------------------------------------------------
    "unit.ratio": ("ratio", "比例"),
    "unit.change": ("change", "变化率"),
    "unit.percent": ("percent", "百分数"),
    "unit.count": ("count", "数量"),
    "unit.money": ("US$", "金额（美元）"),
    "unit.days": ("days", "天数"),
    "unit.hours": ("hours", "小时数"),
    "unit.seconds": ("seconds", "秒数"),
    "unit.multiple": ("multiple", "倍数"),
    "unit.score": ("score", "分数"),
    "unit.number": ("number", "数值"),
    "unit.bool": ("yes/no", "是/否"),
    "unit.enum": ("one of a list", "枚举值"),
    # -- history ------------------------------------------------------------------------------
    "help.history": (
        "Show a store's recorded metrics over time: a sparkline, the first and latest values, the change.",
        "显示店铺已记录指标随时间的变化：趋势线、最早值、最新值和较上期的变化。",
    ),
    "help.diff": (
        "Compare two JSON reports of a store: new, fixed and still-open findings, and changed outcomes.",
        "比较同一店铺的两份 JSON 报告：新增、已解决和仍未解决的问题，以及结论有变化的规则。",
    ),
    "opt.history": (
        "Remember this run in this history file (SQLite) and read previous periods from it.",
        "把本次运行记入该历史文件（SQLite），并从中读取上期数据。",
    ),
    "opt.no_history": ("Do not read or write history, even if the configuration names a file.",
                       "不读写历史记录，即使配置中指定了历史文件。"),
    "opt.baseline": (
        "A JSON report of an earlier run: label findings new or unchanged and list what was fixed.",
        "较早运行的 JSON 报告：把问题标记为新增或未变，并列出已解决的问题。",
    ),
    "opt.metric": ("Only this metric (repeatable).", "只显示该指标（可重复）。"),
    "msg.history_replaced": ("{store}: replaced the earlier history record of {as_of} with this run",
                             "{store}：本次运行已替换历史中 {as_of} 的原有记录"),
    "err.no_history": ("no history file: pass --history PATH or set [history] store in the configuration",
                       "没有历史文件：请使用 --history PATH，或在配置中设置 [history] store"),
    "err.no_baseline": ("{store}: no report of this store in the baseline {path}",
                        "{store}：基线 {path} 中没有该店铺的报告"),
}


def has(key: str) -> bool:
    """Whether ``key`` is an interface string (for values shown by label when one exists)."""
    return key in _UI


def t(key: str, lang: str, **values: Any) -> str:
    """The UI string ``key`` in ``lang`` (``"zh"`` or anything else for English), filled in."""
    en, zh = _UI[key]
    chosen = zh if lang == "zh" else en
    return chosen.format(**values) if values else chosen


def keys() -> list[str]:
    """Every UI string key (the tests check that both languages are filled in)."""
    return list(_UI)


def label(kind: str, value: str, lang: str) -> str:
    """The reader's word for a snapshot value of ``kind`` (``stage``, ``category``), else the value."""
    key = f"{kind}.{value}"
    return t(key, lang) if key in _UI else value


def from_label(kind: str, value: str) -> str:
    """The id of a ``kind`` value written in either language (``"新店"`` → ``"new"``), else ``value``.

    Operators type what their back office shows, so a Chinese stage or category is as good as
    the id; anything unknown is returned unchanged for the caller to validate.
    """
    prefix = f"{kind}."
    for key, texts in _UI.items():
        if key.startswith(prefix) and value.strip() in texts:
            return key[len(prefix):]
    return value


def system_lang() -> str:
    """``"zh"`` when the locale environment (LC_ALL, LC_MESSAGES, LANG) names Chinese, else ``"en"``.

    The first variable that is set wins, as in POSIX locale resolution.
    """
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "").strip()
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"
