"""The command line's own texts, in English and Chinese, and Chinese for click's built-in ones.

Kept apart from :mod:`diagrules.core.strings` (the reports' strings) so that the command line
can grow options without touching the renderers' table, and with no imports beyond the
standard library because ``diagrules --help`` builds its text from them.

click writes "Usage:", "Options:", "[default: …]", "Show this message and exit." and its
error messages through the module-level names ``_`` (``gettext.gettext``) and ``ngettext``
that each of its modules imports. :func:`use_click_zh` rebinds those names to a lookup in
:data:`CLICK_ZH`, which is the hook click offers short of shipping a compiled message catalogue
for the whole process's default gettext domain (which would change other libraries' texts too).
A text missing from the table stays English, so a newer click degrades to mixed, not broken.
"""

from __future__ import annotations

import sys
from typing import Any

_CLI: dict[str, tuple[str, str]] = {
    "opt.quiet": ("Print only the report and errors (no progress or summary lines).",
                  "只输出报告和错误（不输出进度和汇总行）。"),
    "opt.verbose": ("Print more: the configuration file used, the stores and rules counted.",
                    "输出更多信息：所用的配置文件、店铺数和规则数。"),
    "opt.silent": ("Print nothing but errors; the exit status still tells the result.",
                   "除错误外什么都不输出；退出码仍然表示结果。"),
    "opt.statistics": ("Print how many findings each rule produced instead of the report.",
                       "不输出报告，改为输出每条规则发现问题的次数。"),
    "opt.pretty": ("With --format json: indent the JSON for reading (it is compact by default, for programs).",
                   "配合 --format json：输出带缩进、便于阅读的 JSON（默认输出供程序读取的紧凑 JSON）。"),
    "opt.color": ("Colour the text output: auto (only on a terminal), always or never.",
                  "文本输出是否着色：auto（仅终端）、always（总是）或 never（从不）。"),
    "opt.snapshots": ("Snapshot files or folders; - reads one from standard input.",
                      "快照文件或文件夹；- 表示从标准输入读取。"),
    "help.usage": ("Usage: ", "用法："),
    "help.options_metavar": ("[OPTIONS]", "[选项]"),
    "help.subcommand_metavar": ("COMMAND [ARGS]...", "命令 [参数]..."),
    "help.rules_metavar": ("RULES", "规则"),
    "help.snapshots_metavar": ("SNAPSHOT...", "快照..."),
    "help.seconds_metavar": ("SECONDS", "秒"),
    "help.inputs_metavar": ("DIR_OR_JSONL...", "文件夹或JSONL..."),
    "help.rule_id_metavar": ("RULE_ID", "规则编号"),
    "help.path_metavar": ("[PATH]", "[路径]"),
    "help.completion": ("Print the shell completion script for bash, zsh or fish.",
                        "输出 bash、zsh 或 fish 的命令补全脚本。"),
    "verbose.configfile": ("configfile: {path}", "配置文件：{path}"),
    "verbose.no_configfile": ("configfile: none (defaults)", "配置文件：无（使用默认配置）"),
    "verbose.counts": ("{stores} stores, {rules} rules selected, fail-on {fail_on}",
                       "店铺 {stores} 家，已选规则 {rules} 条，失败级别 {fail_on}"),
    "err.empty_file": ("{source}: holds no store (an empty list); expected one store or a list of stores",
                       "{source}：其中没有店铺（空列表）；应为一个店铺或店铺列表"),
    "err.stdin_empty": ("standard input is empty; expected a store snapshot in TOML, JSON or JSONL",
                        "标准输入为空；应为 TOML、JSON 或 JSONL 格式的店铺快照"),
    "err.stdin_twice": ("- (standard input) can be given only once", "- （标准输入）只能指定一次"),
    "err.statistics_format": ("--statistics prints a table: use --output-format {formats}",
                              "--statistics 输出的是统计表：请使用 --output-format {formats}"),
    "err.summary_fleet": ("--summary reads full reports: it needs --format jsonl, not {format}",
                          "--summary 需要完整报告：请使用 --format jsonl，而不是 {format}"),
    "err.parquet_needs_rows": (
        "-o *.parquet writes rows: use --format findings or --format stores (not {format})",
        "-o *.parquet 输出的是行表：请使用 --format findings 或 --format stores（而不是 {format}）",
    ),
    "err.batch_invalid": ("{n} store(s) could not be diagnosed: {sources}",
                          "有 {n} 家店铺无法诊断：{sources}"),
    "err.batch_incomplete": (
        "{n} store(s) were diagnosed without data that could not be read (see input_errors in their reports)",
        "有 {n} 家店铺的部分数据无法读取，已在缺少这些数据的情况下诊断（见各报告中的 input_errors）",
    ),
    "err.demo_failed": ("{n} example store(s) could not be diagnosed; see the errors above",
                        "有 {n} 家示例店铺无法诊断，见上面的错误"),
    "stats.rule": ("rule", "规则"),
    "stats.count": ("findings", "问题数"),
    "stats.stores": ("stores", "店铺数"),
    "stats.severity": ("severity", "级别"),
    "stats.title": ("title", "标题"),
    "stats.none": ("no findings in {stores} stores", "{stores} 家店铺中没有发现问题"),
}


def tr(key: str, lang: str, **values: Any) -> str:
    """The command-line text ``key`` in ``lang`` (``"zh"`` or anything else for English)."""
    en, zh = _CLI[key]
    chosen = zh if lang == "zh" else en
    return chosen.format(**values) if values else chosen


def keys() -> list[str]:
    """Every key of the table (the language test renders them all)."""
    return sorted(_CLI)


#: click's English texts (the ``msgid`` it passes to gettext) → Chinese. Placeholders unchanged.
CLICK_ZH: dict[str, str] = {
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "位置参数",
    "Show this message and exit.": "显示此帮助信息并退出。",
    "Show the version and exit.": "显示版本并退出。",
    "default: {default}": "默认：{default}",
    "(dynamic)": "（动态）",
    "env var: {var}": "环境变量：{var}",
    "required": "必填",
    "deprecated": "已弃用",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行 '{command} {option}' 查看帮助。",
    "Aborted!": "已中止。",
    "unknown error": "未知错误",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Missing command.": "缺少命令。",
    "argument": "参数",
    "option": "选项",
    "parameter": "参数",
    "No such command {name!r}.": "没有名为 {name!r} 的命令。",
    "No such option {name!r}.": "没有名为 {name!r} 的选项。",
    "No such option: {name}": "没有该选项：{name}",
    "Option {name!r} does not take a value.": "选项 {name!r} 不接受值。",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Invalid value: {message}": "值无效：{message}",
    "Argument {name!r} takes {nargs} values.": "参数 {name!r} 需要 {nargs} 个值。",
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
    "{value!r} is not {choice}.": "{value!r} 不是 {choice}。",
    "{value!r} is not one of {choices}.": "{value!r} 不在可选值 {choices} 之中。",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的{number_type}。",
    "integer": "整数",
    "float": "数字",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 之内。",
    "{value!r} is not a valid boolean. Recognized values: {states}":
        "{value!r} 不是有效的布尔值。可用的值：{states}",
    "{value!r} does not match the format {format}.": "{value!r} 不符合格式 {format}。",
    "{value!r} does not match the formats {formats}.": "{value!r} 不符合格式 {formats} 中的任何一种。",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是文件。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是文件夹。",
    "{name} {filename!r} is not readable.": "{name} {filename!r} 不可读。",
    "{name} {filename!r} is not writable.": "{name} {filename!r} 不可写。",
    "{name} {filename!r} is not executable.": "{name} {filename!r} 不可执行。",
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
    "Could not open file {filename!r}: {message}": "无法打开文件 {filename!r}：{message}",
    "Did you mean {possibility}?": "是否想输入 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（是否想输入其中之一：{possibilities}？）",
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "Got unexpected extra arguments ({args})": "多余的参数（{args}）",
    "Option {name!r} requires an argument.": "选项 {name!r} 需要一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name!r} 需要 {nargs} 个值。",
    "Takes {nargs} values but 1 was given.": "需要 {nargs} 个值，但只给了 1 个。",
    "Takes {nargs} values but {len} were given.": "需要 {nargs} 个值，但给了 {len} 个。",
}

#: The click modules that bind ``_`` and ``ngettext`` at import and format user-facing text.
_CLICK_MODULES = ("click.core", "click.exceptions", "click.formatting", "click.parser", "click.types",
                  "click.decorators")


def _zh(message: str) -> str:
    return CLICK_ZH.get(message, message)


def _zh_plural(singular: str, plural: str, n: int) -> str:
    return _zh(singular if n == 1 else plural)


def use_click_zh() -> None:
    """Make click write its own texts in Chinese from now on (for this process)."""
    import importlib

    for name in _CLICK_MODULES:
        module = sys.modules.get(name) or importlib.import_module(name)
        if hasattr(module, "_"):
            module._ = _zh  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = _zh_plural  # type: ignore[attr-defined]


def cache_click_gettext() -> None:
    """Look up each of click's English texts in the gettext catalogues once per process.

    click asks gettext for a text every time it builds a parameter (``click.Path`` asks for
    "file"/"path" in its constructor), and gettext searches the locale folders afresh for every
    call that finds no catalogue: about 4 ms of ``diagrules --version`` for the ~30 parameters
    of the command line. The answer cannot change while the process runs (the environment that
    selects the catalogue is read at start-up), so a memoised lookup gives the same texts.
    """
    import functools
    import gettext
    import importlib

    cached_gettext = functools.lru_cache(maxsize=None)(gettext.gettext)
    for name in _CLICK_MODULES:
        module = sys.modules.get(name) or importlib.import_module(name)
        if getattr(module, "_", None) is gettext.gettext:
            module._ = cached_gettext  # type: ignore[attr-defined]
