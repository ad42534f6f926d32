"""Where the Alibaba.com rules' thresholds and advice come from: one line per source.

Each source is a :class:`~diagrules.Text`: the English line names an article by its English
gist, the Chinese line by its Chinese title, so that neither reader meets the other script.
Pages the project only has an undated copy of carry no ``as_of``; their source line says
"undated" instead. The two RFQ help pages stay plain strings: only English notes quote them.
"""

from diagrules import text

ARTICLE_000 = text(
    en="practitioner article 000 (how much RTS matters on Alibaba.com)",
    zh="从业者文章000《阿里巴巴国际站RTS到底有多重要》",
)
ARTICLE_000_DATE = "2023-03-19"
RTS_RECTIFY_RULE = text(
    en="Alibaba.com rule page on RTS products to be rectified, undated copy (rule.alibaba.com/rule/detail/11004574.htm)",
    zh="Alibaba.com 官方规则页《待整改RTS商品》（存档副本无日期）",
)
RTS_STANDARD_SOURCE = text(
    en="third-party summary of the RTS standard, undated copy (ssopdot.com/blog/15422.html)",
    zh="第三方整理的RTS产品标准（存档副本无日期）",
)
ARTICLE_004 = text(
    en="practitioner article 004 (Alibaba.com store diagnosis, undated)",
    zh="从业者文章004《平台诊断》（无日期）",
)
ARTICLE_004_DATE: str | None = None  # the article carries no date; its source line says "undated"
ARTICLE_001 = text(
    en="practitioner article 001 (Alibaba.com operations notes: how much Trade Assurance really matters, Qidatong Technology)",
    zh="从业者文章001《国际站运营杂谈：信保的影响到底大不大》（七达通科技）",
)
ARTICLE_001_DATE = "2021-01-01"
RFQ_SCORE_PAGE = "Alibaba.com RFQ help: market performance score (activity.alibaba.com/page/rfq_qa_detail04.html)"
RETURN_REASONS_PAGE = "Alibaba.com RFQ help, quote return reasons (copy at help-w.com/apple_en/1495003979_zh.html)"
STAR_RULE_DATE = "2020-09-07"
OWN_DEFAULT_DATE = "2026-11"

#: RFQ006's reply-rate floor is the project's own; only the weekly review is the article's.
OWN_FLOOR_WITH_ARTICLE_004 = text(
    en=f"diagrules default (no published benchmark); weekly review from {ARTICLE_004.en}",
    zh=f"diagrules 默认值（无公开基准）；每周复盘来自{ARTICLE_004.zh}",
)
#: RFQ008 reads the star level's transaction indicator from the official star-level rule.
ARTICLE_001_WITH_STAR_RULE = text(
    en=f"{ARTICLE_001.en}; transaction indicator from the Alibaba.com star-level rule for CN/HK/TW "
    "sellers (rule.alibaba.com/rule/detail/11002943.htm)",
    zh=f"{ARTICLE_001.zh}；交易指标来自 Alibaba.com 中国大陆、香港、台湾卖家星等级规则",
)

