"""The store metrics the RTS rules read, and the helpers every RTS rule uses on the products table."""

from __future__ import annotations

from typing import Any

from diagrules import (
    Metric,
    RuleContext,
    Skip,
    count_rows,
    ratio,
    share_of_rows,
    text,
)
from diagrules.builtin.alibaba.common import (
    KIND_LABELS,
    LISTED_PRODUCTS,
    PRODUCTS,
    Kind,
    Product,
)


def _is_rts(row: Product) -> bool | None:
    return None if row.kind is None else row.kind == "rts"


# -- store metrics -----------------------------------------------------------------------------

RTS_PRODUCTS = Metric(
    "rts_products", unit="count", better="higher", platform="alibaba",
    label=text(en="RTS products", zh="RTS产品数"),
    description=text(
        en="Ready-To-Ship products online; counted from the products table when not given.",
        zh="在线的RTS（现货直发）产品数；未提供时按产品表统计。",
    ),
    aliases=["RTS产品数", "RTS商品数", "rts_product_count"],
    derive=count_rows(PRODUCTS, _is_rts),
)

RTS_PRODUCT_SHARE = Metric(
    "rts_product_share", unit="ratio", better="higher", platform="alibaba",
    label=text(en="RTS product share", zh="RTS产品占比"),
    description=text(
        en="RTS products / listed products; from the store counts when given, else from the "
        "products table.",
        zh="RTS产品数 / 在线产品数；优先用店铺统计数，否则按产品表计算。",
    ),
    aliases=["RTS产品占比", "RTS占比"],
    derive=ratio(RTS_PRODUCTS, LISTED_PRODUCTS).or_else(share_of_rows(PRODUCTS, _is_rts)),
)

SMALL_BUYER_SHARE = Metric(
    "small_buyer_share", unit="ratio", better=None, platform="alibaba",
    label=text(en="Small-buyer share", zh="零散买家占比"),
    description=text(
        en="Share of the store's buyers whose procurement scale is small or scattered "
        "(Data Manager buyer analysis).",
        zh="按采购规模划分，零散/小额采购买家占店铺买家的比例（数据管家“买家采购规模”）。",
    ),
    aliases=["零散买家占比", "小B买家占比", "small_buyers_share"],
)

# -- helpers -----------------------------------------------------------------------------------


def require_column(rows: list[Product], *fields: str) -> list[Product]:
    """``rows``, or skip the rule when none of ``fields`` was exported as a column; the skip
    names the column and the back-office list that carries it."""
    PRODUCTS.require(rows, *fields)
    return rows


def _value(row: Product) -> tuple[int, int]:
    return -(row.orders_30d or 0), -(row.inquiries_30d or 0)


#: The keys of the per-store views below (see ``RuleContext.memo``).
_RANKED = ("diagrules.alibaba", "products, most valuable first")
_RANKED_BY_KIND = ("diagrules.alibaba", "products by kind, most valuable first")


def ranked_products(ctx: RuleContext) -> list[Product]:
    """The products table, orders first, then inquiries: the products where a fix earns most
    come first. Sorted once per store and shared by every RTS rule (read-only): sorting in each
    rule was most of their cost on a large catalogue."""
    return ctx.memo(_RANKED, lambda: sorted(ctx.rows(PRODUCTS), key=_value))


def _ranked_by_kind(ctx: RuleContext) -> dict[Kind | None, list[Product]]:
    """:func:`ranked_products` split by kind, in one pass; the sort is stable, so each part is
    in the order a sort of that kind's rows alone would give."""
    def split() -> dict[Kind | None, list[Product]]:
        parts: dict[Kind | None, list[Product]] = {}
        for row in ranked_products(ctx):
            parts.setdefault(row.kind, []).append(row)
        return parts

    return ctx.memo(_RANKED_BY_KIND, split)


def rows_needing(ctx: RuleContext, kind: Kind, *fields: str) -> list[Product]:
    """Rows of ``kind``, most valuable first (shared, read-only); skip the rule when there are
    none or ``fields`` were not exported."""
    require_column(ctx.rows(PRODUCTS), "kind")
    rows = _ranked_by_kind(ctx).get(kind, [])
    if not rows:
        raise Skip(text(en=f"the products table has no {KIND_LABELS[kind].get('en')} products",
                        zh=f"产品表中没有{KIND_LABELS[kind].get('zh')}"))
    return require_column(rows, *fields)


def catalogue_counts(ctx: RuleContext) -> tuple[int | None, int | None]:
    """(RTS products, listed products), from the same source as ``rts_product_share``:
    the store counts when both are usable, else the products table."""
    listed, rts = ctx.get(LISTED_PRODUCTS), ctx.get(RTS_PRODUCTS)
    if listed and rts is not None:
        return int(rts), int(listed)
    rows = ctx.rows(PRODUCTS)
    if rows:
        return sum(1 for r in rows if _is_rts(r)), len(rows)
    return (None if rts is None else int(rts)), (None if listed is None else int(listed))


def product_details(row: Product, **extra: Any) -> dict[str, Any]:
    base = {
        "title": row.title, "kind": row.kind, "product_level": row.product_level,
        "orders_30d": row.orders_30d, "inquiries_30d": row.inquiries_30d,
    }
    return {k: v for k, v in {**base, **extra}.items() if v is not None}


