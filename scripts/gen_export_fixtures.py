"""Write the back-office export fixtures in ``tests/fixtures/exports/`` (reproducible bytes).

No real export can be shipped (they hold sellers' data), so these files copy the layouts the
back offices write, as described by operators' scripts and notes (issue 15):

- ``Products-2026-11-19.xls`` — Alibaba.com Data Manager (数据管家) › 产品分析, a BIFF8
  workbook: ``A1`` reads ``产品分析,时间周期2026-10-21~2026-11-19``, description rows follow,
  the header is on row 6 with the export's 29 columns, numbers are text (``48,210``,
  ``1.27%``), flags ``Y``/``N``, and ``-`` marks "no value". It has no product-type column.
- ``business-advisor-store.csv`` — AliExpress Business Advisor (生意参谋) › 店铺概况 by day, in
  GB18030, with description rows, ``(元)``, ``(%)`` and ``(秒)`` header suffixes, ``万``
  values, ``-`` cells and a ``合计`` footer.
- ``business-advisor-store-xls.csv`` — the same table as BIFF8 bytes under a ``.csv`` name,
  which is what a browser download often produces.

Run ``python scripts/gen_export_fixtures.py [folder]``; ``tests/test_back_office_exports.py``
checks that the committed files are exactly what this script writes. Needs ``xlwt`` (in the
``test`` extra).
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import xlwt

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "exports"

DM_HEADERS = [
    "产品ID", "产品名称", "是否橱窗", "是否顶展", "是否P4P", "搜索曝光次数", "搜索点击次数",
    "搜索点击率", "访问人数", "询盘个数", "近90天商机人数", "询盘人数", "询盘率", "收藏人数",
    "分享人数", "对比人数", "提交订单个数", "TM咨询人数", "产品负责人", "RTS线上买家数",
    "RTS线上实收GMV", "全店曝光次数", "全店点击次数", "营销曝光次数", "营销点击次数",
    "标准推广曝光次数", "标准推广点击次数", "全站推广曝光次数", "全站推广点击次数",
]
DM_TITLE = [
    ["产品分析,时间周期2026-10-21~2026-11-19"],
    ["店铺:Shenzhen Demo Bags Co.", "终端:全部"],
    ["说明:搜索点击率=搜索点击次数/搜索曝光次数;询盘率=询盘人数/访问人数;“-”表示无数据"],
    [],
    ["数据更新时间:2026-11-20 09:00(美国太平洋时间)"],
]

# id, name, impressions, clicks, visitors, inquiries, inquirers, rts buyers, rts gmv (US$)
# Chosen around the store's medians (CTR 1.0 %, inquiry rate 5 %) so that each Data Manager
# rule has products just inside and just outside its thresholds.
_DM_PRODUCTS: list[tuple[Any, ...]] = [
    (1600512340001, "Canvas Tote Bag with Zipper", 48210, 1012, 702, 61, 58, 14, 1893.5),
    (1600512340002, "Recycled PET Shopping Bag", 30554, 611, 430, 31, 30, 9, 640.0),
    (1600512340003, "Insulated Lunch Cooler Bag", 21873, 219, 160, 8, 8, 0, 0),
    (1600512340004, "Drawstring Gym Sack", 15020, 150, 101, 5, 5, 2, 88.0),
    (1600512340005, "Mini Crossbody Phone Bag", 12011, 121, 90, 4, 4, 0, 0),
    (1600512340006, "Kids Cartoon Backpack", 9804, 98, 71, 4, 4, 0, 0),
    (1600512340101, "Custom Logo Non-woven Bag", 96032, 480, 350, 12, 11, 0, 0),
    (1600512340102, "OEM Leather Laptop Briefcase", 40577, 205, 150, 5, 5, 0, 0),
    (1600512340103, "Custom Printed Jute Tote", 35120, 351, 260, 0, 0, 0, 0),
    (1600512340104, "Branded Cooler Backpack", 22019, 220, 170, 9, 8, 0, 0),
    (1600512340105, "Personalised Canvas Pencil Case", 18430, 184, 140, 7, 7, 0, 0),
    (1600512340106, "Custom Sublimation Beach Bag", 16002, 160, 120, 6, 6, 0, 0),
    (1600512340107, "Eco Kraft Paper Gift Bag", 14310, 143, 100, 5, 5, 0, 0),
    (1600512340108, "Promotional Drawstring Bag", 13009, 130, 95, 5, 5, 0, 0),
    (1600512340109, "Custom Waterproof Dry Bag", 11870, 118, 90, 0, 0, 0, 0),
    (1600512340110, "OEM Hard Shell Luggage Set", 10544, 105, 80, 4, 4, 0, 0),
    (1600512340111, "Custom Golf Shoe Bag", 8120, 81, 60, 3, 3, 0, 0),
    (1600512340112, "Logo Embroidered Duffel", 7902, 79, 58, 3, 3, 0, 0),
    (1600512340113, "Custom Pet Carrier Bag", 0, 0, 0, 0, 0, 0, 0),
    (1600512340114, "Branded Wine Tote", None, None, None, None, None, None, None),
]
_OWNERS = ("Lily", "Kevin", "Mia")


def _num(v: int | None) -> str:
    return "-" if v is None else f"{v:,}"


def _pct(num: int | None, den: int | None) -> str:
    return "-" if not den or num is None else f"{num / den * 100:.2f}%"


def data_manager_rows() -> list[list[Any]]:
    """The product rows, cells as the Data Manager export writes them (text)."""
    rows: list[list[Any]] = []
    for i, (pid, name, imp, clk, vis, inq, inqr, rb, gmv) in enumerate(_DM_PRODUCTS):
        rows.append([
            str(pid), name, "Y" if i < 4 else "N", "Y" if i == 6 else "N", "Y" if i % 3 == 0 else "N",
            _num(imp), _num(clk), _pct(clk, imp), _num(vis), _num(inq),
            _num(None if inqr is None else inqr + 2), _num(inqr), _pct(inqr, vis),
            _num(None if vis is None else vis // 20), _num(None if vis is None else vis // 90),
            _num(None if vis is None else vis // 60), _num(rb), _num(None if inq is None else inq // 3),
            _OWNERS[i % 3], _num(rb), "-" if gmv is None else f"{gmv:,.2f}",
            _num(None if imp is None else imp + imp // 4), _num(None if clk is None else clk + clk // 5),
            _num(None if imp is None else imp // 4), _num(None if clk is None else clk // 5),
            _num(None if imp is None else imp // 8), _num(None if clk is None else clk // 10),
            _num(None if imp is None else imp // 8), _num(None if clk is None else clk // 10),
        ])
    return rows


BA_HEADERS = [
    "统计日期", "访客数", "浏览量", "搜索曝光量", "搜索点击率(%)", "加购人数", "收藏人数",
    "支付买家数", "支付订单数", "支付金额(元)", "跳失率", "平均停留时长(秒)", "新买家数", "老买家数",
]
BA_TITLE = [
    ["店铺概况 - 每日数据"],
    ["统计时间:2026-10-22 ~ 2026-11-20", "币种:人民币"],
    ["说明:支付金额单位为元;浏览量超过一万时以“万”为单位;“-”表示当日无数据"],
    [],
]
BA_LAST_DAY = dt.date(2026, 11, 20)


def business_advisor_rows() -> list[list[Any]]:
    """30 days of the store overview plus the 合计 footer, as text cells."""
    rows: list[list[Any]] = []
    totals = [0] * 6
    for n in range(30):
        day = BA_LAST_DAY - dt.timedelta(days=29 - n)
        visitors = 380 + (n * 37) % 90
        views = visitors * 27 + n * 11
        impressions = 21000 + (n * 577) % 4000
        buyers = 3 + n % 4
        orders = buyers + (1 if n % 5 == 0 else 0)
        amount = 460 + (n * 97) % 300
        totals = [t + v for t, v in zip(totals, (visitors, views, impressions, buyers, orders, amount), strict=True)]
        rows.append([
            day.isoformat(), f"{visitors:,}", f"{views / 10000:.2f}万" if views >= 10000 else f"{views:,}",
            f"{impressions:,}", f"{1.4 + (n % 7) / 10:.2f}", str(20 + n % 9),
            "-" if n == 3 else str(11 + n % 5), str(buyers), str(orders), f"{amount:,.2f}",
            f"{55 + n % 6}.00%", str(80 + n % 30), str(buyers - 1), "1",
        ])
    visitors, views, impressions, buyers, orders, amount = totals
    rows.append([
        "合计", f"{visitors - 210:,}", f"{views / 10000:.2f}万", f"{impressions:,}", "-", "-", "-",
        str(buyers), str(orders), f"{amount:,.2f}", "-", "-", "-", "-",
    ])
    return rows


def _xls(title: Sequence[Sequence[Any]], headers: Sequence[str], rows: Sequence[Sequence[Any]], sheet: str) -> bytes:
    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet(sheet)
    for r, line in enumerate([*title, headers, *rows]):
        for c, value in enumerate(line):
            ws.write(r, c, value)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _csv(title: Sequence[Sequence[Any]], headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    import csv

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    for line in [*title, headers, *rows]:
        writer.writerow(line)
    return buf.getvalue()


def write_all(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    files = {
        "Products-2026-11-19.xls": _xls(DM_TITLE, DM_HEADERS, data_manager_rows(), "产品分析"),
        "business-advisor-store.csv": _csv(BA_TITLE, BA_HEADERS, business_advisor_rows()).encode("gb18030"),
        "business-advisor-store-xls.csv": _xls(BA_TITLE, BA_HEADERS, business_advisor_rows(), "店铺概况"),
    }
    for name, data in files.items():
        (out / name).write_bytes(data)
    return [out / name for name in files]


if __name__ == "__main__":
    for path in write_all(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT):
        print(path)
