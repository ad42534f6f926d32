"""The reader's names for the data a rule reads: metrics, datasets and dataset columns.

A skipped rule says what it lacked, and an operator maps that to a back-office screen by its
label ("回复率", "产品 › 近30天订单数"), not by the internal name ``products.orders_30d``. A
column has no label of its own; its header aliases are the names the back office prints, so
the first alias written in the reader's language stands in for one.
"""

from __future__ import annotations

from diagrules.core.i18n import Text
from diagrules.plugins.registry import Registry


def _has_cjk(text: str) -> bool:
    """Whether ``text`` has a CJK ideograph (U+3400–U+9FFF): a Chinese alias.

    A comparison per character rather than a regular expression: compiling the character class
    of that 27,000-character range costs ~4 ms at every start-up; aliases are a few characters.
    """
    return any("\u3400" <= ch <= "\u9fff" for ch in text)


def data_labels(registry: Registry) -> dict[str, Text]:
    """Label of every metric, dataset and ``dataset.column`` known to ``registry``."""
    labels = {name: m.label for name, m in registry.metrics.items() if m.label is not None}
    for name, ds in registry.datasets.items():
        head = ds.label or Text(en=name)
        labels[name] = head
        for column, aliases in ds.aliases.items():
            zh = next((a for a in aliases if _has_cjk(a)), None)
            en = next((a for a in aliases if not _has_cjk(a)), column.replace("_", " "))
            labels[f"{name}.{column}"] = Text(
                en=f"{head.get('en')} › {en}", zh=f"{head.get('zh')} › {zh}" if zh else None,
            )
    return labels


def data_label(registry: Registry, name: str, lang: str) -> str:
    """The label of one metric, dataset or ``dataset.column`` in ``lang`` (its name when unknown)."""
    label = data_labels(registry).get(name)
    return label.get(lang) if label is not None else name
