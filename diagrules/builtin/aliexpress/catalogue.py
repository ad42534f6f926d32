"""The AliExpress merchant-growth model as data: 7 abilities, 48 metrics, their default bands.

AliExpress rates sellers on seven abilities measured by 48 indicators (practitioner article
002), but publishes neither the list of 48 nor how they are scored. **This catalogue and every
band value in it are diagrules' own**: metrics an operator can read in the seller back office
or Business Advisor (生意参谋), grouped by the abilities the article describes, with pass and
excellent values chosen as sensible cross-category defaults. Industries differ, so each value
can be overridden per category (``[benchmarks."<category>"]``) and each rule's threshold per
rule (``[rules.AEG0xx] threshold = …``).

Each entry carries the metric's declaration (zh/en names, unit, direction, Business Advisor
aliases), its scoring band, its weight inside the ability, and the concrete action its rule
recommends. The rules AEG010–AEG057 are generated from these entries in catalogue order.
"""

from __future__ import annotations

from diagrules import Effort, Metric, Remedy, text
from diagrules.builtin.aliexpress.advisor import DERIVATIONS
from diagrules.builtin.aliexpress.model import PLATFORM, Better, Curve, Entry

_EFFORTS = {"low": Effort.LOW, "medium": Effort.MEDIUM, "high": Effort.HIGH}


def _entry(
    ability: str,
    name: str,
    *,
    unit: str,
    better: Better,
    en: str,
    zh: str,
    aliases: tuple[str, ...],
    band: tuple[float, float],
    about: tuple[str, str],
    action: tuple[str, str],
    effort: str = "medium",
    curve: Curve = "linear",
    weight: float = 1.0,
    minimum: float | None = None,
    maximum: float | None = None,
    poor: float | None = None,
) -> Entry:
    metric = Metric(
        name, unit=unit, better=better, platform=PLATFORM,  # type: ignore[arg-type]
        label=text(en=en, zh=zh), description=text(en=about[0], zh=about[1]),
        aliases=aliases, minimum=minimum, maximum=maximum, derive=DERIVATIONS.get(name),
    )
    remedy = Remedy(
        text(en=action[0], zh=action[1]), priority=2, effort=_EFFORTS[effort], basis="diagrules"
    )
    return Entry(ability, metric, band[0], band[1], remedy, curve, weight, _poor(band, better, curve, minimum, poor))


def _poor(
    band: tuple[float, float], better: Better, curve: Curve, minimum: float | None, poor: float | None
) -> float | None:
    """Where the score reaches 0: ``poor`` if given, else the metric's floor (its ``minimum``,
    or 0) when the default two steps below pass would lie under it — a metric at its floor
    (no campaigns, no posts) is as bad as it gets and scores 0."""
    if poor is not None or curve != "linear" or better != "higher":
        return poor
    floor = 0.0 if minimum is None else minimum
    pass_, excellent = band
    return floor if pass_ - 2 * (excellent - pass_) < floor else None


CATALOGUE: tuple[Entry, ...] = (
    # -- product (8) ------------------------------------------------------------------------
    _entry(
        "product", "product_count", unit="count", better="higher", curve="lognormal",
        en="Products online", zh="在线商品数", aliases=("在线商品数", "商品数", "在线商品数量"),
        band=(20, 100),
        about=("Products listed and approved in the store.", "店铺已上架且审核通过的商品数量。"),
        action=("List 10 more products this week from in-stock SKUs of your best sub-category "
                "(Business Advisor › market overview shows the visitor-rich ones), each with full "
                "attributes and at least 6 images.",
                "本周从最好的细分类目（生意参谋 › 市场大盘可查访客多的类目）中挑选有现货的SKU再上架10款，"
                "每款属性填全、图片不少于6张。"),
    ),
    _entry(
        "product", "hot_products", unit="count", better="higher", curve="lognormal", weight=1.5,
        en="Hot products", zh="爆品数", aliases=("爆品数", "热销商品数", "爆款数"),
        band=(1, 5),
        about=("Products ranked as hot sellers in product analysis over the last 30 days.",
               "近30天商品分析中被评为爆品的商品数。"),
        action=("Pick the 1–2 products with the best add-to-cart rate and enrol them in Flash "
                "Deals with a deeper discount and free shipping to build short-term orders.",
                "选出加购率最高的1–2个商品报名Flash Deals，加大折扣并包邮，短期内积累订单。"),
    ),
    _entry(
        "product", "sell_through_rate", unit="ratio", better="higher", weight=1.5,
        en="Sell-through rate", zh="动销率", aliases=("动销率", "商品动销率"),
        band=(0.8, 0.9),
        about=("Products with at least one sale ÷ products online (a stale product has no sale "
               "in 90 days).",
               "有销量的商品数 ÷ 在线商品数（90天无销量视为滞销）。"),
        action=("Export the products without a sale in 90 days: re-title, re-price or enrol in a "
                "campaign those that still get visitors, and take the rest offline.",
                "导出90天无销量的商品：仍有访客的改标题、调价或报名活动，其余下架。"),
    ),
    _entry(
        "product", "new_products_30d", unit="count", better="higher", curve="lognormal",
        en="New products (30 days)", zh="30天新发商品数", aliases=("新发商品数", "30天新品数", "新品数"),
        band=(5, 20),
        about=("Products published in the last 30 days.", "近30天新发布的商品数。"),
        action=("Publish at least 2 new products a week in the sub-category where your hot "
                "products sell, and watch each one's click-through, wishlist and add-to-cart "
                "rates: article 003 says search weighs a new product by how buyers respond to "
                "it (popularity is half its weight), not by its sales.",
                "在爆品所在的细分类目每周至少上新2款，并盯住每个新品的点击率、收藏率和加购率：文章003指出，"
                "搜索给新品的权重看买家是否喜欢（人气模型占新品权重的50%），而不是看销量。"),
    ),
    _entry(
        "product", "listing_quality_score", unit="score", better="higher", minimum=0, maximum=100,
        en="Listing quality score", zh="商品信息质量分",
        aliases=("商品信息质量分", "商品质量分", "信息质量分"),
        band=(70, 90), effort="low",
        about=("Average information-quality score (0–100) of listed products: title, "
               "attributes, images and detail page.",
               "在线商品信息质量的平均分（0–100）：标题、属性、图片和详情页。"),
        action=("Open the 10 most-visited products with the lowest quality score and fill every "
                "missing attribute, add a size chart and at least 6 images.",
                "打开访客最多但质量分最低的10个商品，补全所有缺失属性，加尺码表，图片补到6张以上。"),
    ),
    _entry(
        "product", "video_coverage", unit="ratio", better="higher",
        en="Video coverage", zh="视频覆盖率", aliases=("视频覆盖率", "主图视频覆盖率"),
        band=(0.3, 0.7),
        about=("Share of listed products with a main-image video.", "带主图视频的在线商品占比。"),
        action=("Shoot 30-second videos of your 10 most-visited products in use (phone footage is "
                "enough) and attach them as main-image videos.",
                "为访客最多的10个商品拍30秒使用场景视频（手机拍摄即可），设为主图视频。"),
    ),
    _entry(
        "product", "avg_product_rating", unit="score", better="higher", minimum=1, maximum=5,
        en="Average product rating", zh="商品平均评分", aliases=("商品平均评分", "商品评分", "平均星级"),
        band=(4.5, 4.8),
        about=("Average star rating (1–5) of the store's products.", "店铺商品的平均星级（1–5）。"),
        action=("Read every 1–3★ review of the last 90 days and fix the top complaint in the "
                "listing (size chart, true-colour photos, materials) and with the supplier.",
                "阅读近90天所有1–3星评价，针对最多的抱怨修改商品页面（尺码表、实拍颜色、材质）并反馈给供应商。"),
    ),
    _entry(
        "product", "zero_effect_product_share", unit="ratio", better="lower",
        en="Zero-effect product share", zh="零效果商品占比",
        aliases=("零效果商品占比", "无效商品占比"),
        band=(0.3, 0.1), effort="low",
        about=("Share of listed products with no visitor, wishlist, add-to-cart or order in "
               "90 days.",
               "近90天无访客、无收藏、无加购、无订单的在线商品占比。"),
        action=("List the zero-effect products; rewrite the titles of those worth keeping with "
                "search-term keywords and take the rest offline so they stop diluting store rates.",
                "列出零效果商品：值得保留的用热搜词重写标题，其余下架，避免拉低店铺整体指标。"),
    ),
    # -- traffic (7) ------------------------------------------------------------------------
    _entry(
        "traffic", "store_visitors", unit="count", better="higher", curve="lognormal",
        en="Store visitors (30 days)", zh="店铺访客数", aliases=("店铺访客数", "访客数", "UV"),
        band=(3000, 20000),
        about=("Distinct visitors to the store and its products in the last 30 days.",
               "近30天访问店铺及商品的去重访客数。"),
        action=("Put your 3 best-converting products into a campaign and a P4P plan with a "
                "fixed daily budget, so more visitors reach the products that already sell.",
                "把转化最好的3个商品报名活动并开直通车（设固定日预算），让更多访客看到已经卖得动的商品。"),
    ),
    _entry(
        "traffic", "search_impressions", unit="count", better="higher", curve="lognormal",
        en="Search impressions (30 days)", zh="搜索曝光量",
        aliases=("搜索曝光量", "搜索曝光次数", "曝光量"),
        band=(50000, 500000),
        about=("Times the store's products were shown in search results in the last 30 days.",
               "近30天商品在搜索结果中展示的次数。"),
        action=("Rewrite the titles of your top 20 products with the leading search terms from "
                "Business Advisor's keyword tool and fill every attribute used as a search filter.",
                "用生意参谋选词工具中的热搜词重写前20个商品的标题，并填全所有可用于搜索筛选的属性。"),
    ),
    _entry(
        "traffic", "natural_search_share", unit="ratio", better="higher",
        en="Natural search share", zh="自然搜索流量占比", aliases=("自然搜索流量占比", "自然搜索占比"),
        band=(0.4, 0.6),
        about=("Visitors from unpaid search ÷ all visitors.", "自然搜索访客 ÷ 全部访客。"),
        action=("Take the keywords that bring paid orders in P4P and put them into the titles and "
                "attributes of those products; check their organic rank weekly.",
                "把直通车中带来成交的关键词写进对应商品的标题和属性，每周检查自然排名。"),
    ),
    _entry(
        "traffic", "offsite_traffic_share", unit="ratio", better="higher", effort="low",
        en="Off-site traffic share", zh="站外流量占比", aliases=("站外流量占比",),
        band=(0.05, 0.15),
        about=("Visitors arriving from outside AliExpress (social media, affiliates) ÷ all "
               "visitors.",
               "来自站外（社交媒体、联盟）的访客 ÷ 全部访客。"),
        action=("Share 3 products a week to your social accounts with the content tool's "
                "'sync to social platform' option, or promote them through affiliates.",
                "每周用内容后台的“同步到社交平台”把3个商品分享到已绑定的社交账号，或通过联盟推广。"),
    ),
    _entry(
        "traffic", "p4p_roi", unit="number", better="higher",
        en="P4P return on spend", zh="直通车投入产出比", aliases=("直通车ROI", "直通车投入产出比", "推广ROI"),
        band=(2, 4), effort="low",
        about=("Payment amount attributed to P4P ads ÷ P4P spend, last 30 days.",
               "近30天直通车带来的支付金额 ÷ 直通车花费。"),
        action=("Pause P4P keywords that spent over three times your average click cost without "
                "an order, and move the budget to the keywords and products with the best ROI.",
                "暂停花费超过平均点击成本3倍仍无订单的直通车关键词，把预算转给投入产出比最高的词和商品。"),
    ),
    _entry(
        "traffic", "campaigns_joined_30d", unit="count", better="higher",
        en="Campaigns joined (30 days)", zh="30天参加活动数", aliases=("参加活动数", "报名活动数", "30天参加活动数"),
        band=(2, 6), effort="low",
        about=("Platform campaigns the store took part in over the last 30 days.",
               "近30天参加的平台活动数。"),
        action=("Enrol at least 2 products in the next platform campaign (Flash Deals or a themed "
                "sale) with free shipping to your main countries.",
                "为下一个平台活动（Flash Deals或主题大促）至少报名2个商品，并对主要国家包邮。"),
    ),
    _entry(
        "traffic", "impressions_growth", unit="change", better="higher", minimum=-1,
        en="Impressions growth", zh="曝光环比增长", aliases=("曝光环比", "搜索曝光量环比", "曝光增长率"),
        band=(0.0, 0.2),
        about=("Change of search impressions against the previous 30 days.",
               "搜索曝光量与上一个30天相比的变化。"),
        action=("Find the products whose impressions fell most against the previous period and "
                "check their price, stock and recent edits; restore or refresh them.",
                "找出曝光比上期下降最多的商品，检查价格、库存和近期改动，恢复或重新优化。"),
    ),
    # -- conversion (7) ---------------------------------------------------------------------
    _entry(
        "conversion", "pay_conversion_rate", unit="ratio", better="higher", weight=1.5,
        en="Payment conversion rate", zh="支付转化率", aliases=("支付转化率", "转化率"),
        band=(0.015, 0.03),
        about=("Paying buyers ÷ visitors.", "支付买家数 ÷ 访客数。"),
        action=("On the 5 most-visited products, compare price plus shipping with the top 3 "
                "competitors and close the gap (coupon, free shipping, a better first image).",
                "对访客最多的5个商品，与前3名竞品比较“价格+运费”，用优惠券、包邮或更好的首图缩小差距。"),
    ),
    _entry(
        "conversion", "search_ctr", unit="ratio", better="higher", effort="low",
        en="Search click-through rate", zh="搜索点击率", aliases=("搜索点击率",),
        band=(0.02, 0.04),
        about=("Search clicks ÷ search impressions.", "搜索点击次数 ÷ 搜索曝光量。"),
        action=("Test a new first image (clean background, product filling the frame) on the 5 "
                "products with the most impressions and the lowest CTR; keep the winner after 7 days.",
                "对曝光最多、点击率最低的5个商品测试新首图（干净背景、商品占满画面），7天后保留效果好的。"),
    ),
    _entry(
        "conversion", "add_to_cart_rate", unit="ratio", better="higher", effort="low",
        en="Add-to-cart rate", zh="加购率", aliases=("加购率", "商品加购率"),
        band=(0.06, 0.10),
        about=("Visitors who added to cart ÷ visitors.", "加购人数 ÷ 访客数。"),
        action=("Add a 'spend X, save Y' store coupon with its threshold just above your average "
                "order value, and show variant stock and delivery time clearly.",
                "设置门槛略高于客单价的满减店铺券，并清楚展示各规格库存和送达时间。"),
    ),
    _entry(
        "conversion", "wishlist_rate", unit="ratio", better="higher", effort="low",
        en="Wishlist rate", zh="收藏率", aliases=("收藏率", "商品收藏率"),
        band=(0.04, 0.08),
        about=("Visitors who added to their wishlist ÷ visitors.", "收藏人数 ÷ 访客数。"),
        action=("Offer a small coupon for adding to the wishlist and say so on the first screen "
                "of your top detail pages.",
                "设置收藏有礼小额券，并在主推商品详情页首屏说明。"),
    ),
    _entry(
        "conversion", "bounce_rate", unit="ratio", better="lower",
        en="Bounce rate", zh="跳失率", aliases=("跳失率",),
        band=(0.6, 0.4),
        about=("Visitors who left after one page ÷ visitors.", "只浏览一个页面就离开的访客 ÷ 访客数。"),
        action=("Add related-product and 'you may like' modules to detail pages and a hot-sales "
                "ranking to the homepage, so every visitor has a next click.",
                "在详情页加关联推荐和猜你喜欢模块，首页加热销排行，让访客总有下一次点击。"),
    ),
    _entry(
        "conversion", "pv_per_uv", unit="number", better="higher", minimum=0, poor=1,
        en="Pages per visitor", zh="人均浏览量", aliases=("人均浏览量", "PV/UV"),
        band=(2.5, 4.0),
        about=("Page views ÷ visitors.", "浏览量 ÷ 访客数。"),
        action=("Link each top detail page to 3–4 matching products (bundles, 'complete the "
                "look') and group store products with smart grouping.",
                "在主推详情页关联3–4个搭配商品（组合购、搭配推荐），并用智能分组整理店铺商品。"),
    ),
    _entry(
        "conversion", "avg_stay_seconds", unit="seconds", better="higher", poor=20,
        en="Average time on page", zh="平均停留时长", aliases=("平均停留时长", "停留时长"),
        band=(40, 90),
        about=("Average seconds a visitor stays on the store's pages.", "访客在店铺页面的平均停留秒数。"),
        action=("Add a short video and scenario images to the top detail pages and move the size "
                "or specification table near the top.",
                "给主推详情页加短视频和场景图，把尺码或规格表移到靠前位置。"),
    ),
    # -- user operations (7) ----------------------------------------------------------------
    _entry(
        "user_ops", "new_buyers_30d", unit="count", better="higher", curve="lognormal",
        en="New buyers (30 days)", zh="新买家数", aliases=("新买家数", "新客数"),
        band=(50, 300),
        about=("Paying buyers in the last 30 days who never bought from the store before.",
               "近30天首次在本店支付的买家数。"),
        action=("Run a new-buyer coupon on your top sellers and enrol them in the platform's "
                "new-user campaigns.",
                "为主推商品设置新人专享券，并报名平台新人频道活动。"),
    ),
    _entry(
        "user_ops", "returning_buyer_share", unit="ratio", better="higher", effort="low",
        en="Returning buyer share", zh="老买家占比", aliases=("老买家占比", "老客占比", "回头客占比"),
        band=(0.15, 0.30),
        about=("Paying buyers who bought from the store before ÷ paying buyers.",
               "曾在本店购买过的支付买家 ÷ 支付买家数。"),
        action=("Send buyers of the last 90 days a returning-customer coupon through the "
                "customer-marketing tool.",
                "通过客户营销工具给近90天的买家发放老客回购券。"),
    ),
    _entry(
        "user_ops", "repurchase_rate_90d", unit="ratio", better="higher",
        en="90-day repurchase rate", zh="90天回购率", aliases=("90天回购率", "回购率"),
        band=(0.05, 0.12),
        about=("Buyers with two or more paid orders in 90 days ÷ paying buyers in 90 days.",
               "90天内支付2单及以上的买家 ÷ 90天支付买家数。"),
        action=("Put a card with a next-order code in every parcel and follow up wholesale "
                "buyers personally by e-mail.",
                "每个包裹放一张带下次购物优惠码的卡片，批发买家由业务员用邮件单独跟进。"),
    ),
    _entry(
        "user_ops", "followers", unit="count", better="higher", curve="lognormal",
        en="Store followers", zh="粉丝数", aliases=("粉丝数", "店铺粉丝数", "关注人数"),
        band=(1000, 10000),
        about=("Buyers following the store.", "关注店铺的买家数。"),
        action=("Offer a follower-only coupon and add a 'follow us' banner to the store homepage.",
                "设置关注有礼的粉丝专享券，并在店铺首页加关注引导横幅。"),
    ),
    _entry(
        "user_ops", "follower_growth", unit="change", better="higher", minimum=-1, effort="low",
        en="Follower growth", zh="粉丝增长率", aliases=("粉丝增长率", "粉丝环比"),
        band=(0.02, 0.10),
        about=("Change of the follower count over the last 30 days.", "近30天粉丝数的变化。"),
        action=("Invite buyers to follow the store in the dispatch message and on the parcel "
                "card, with a follower coupon as the reason.",
                "在发货通知和包裹卡片中邀请买家关注店铺，并以粉丝券作为理由。"),
    ),
    _entry(
        "user_ops", "feed_posts_30d", unit="count", better="higher", effort="low",
        en="Feed posts (30 days)", zh="Feed发帖数", aliases=("Feed发帖数", "帖子数", "内容发布数"),
        band=(4, 12),
        about=("Posts published to the Feed channel in the last 30 days.", "近30天发布到Feed频道的帖子数。"),
        action=("Plan 2 Feed posts a week in the buyers' language, strongest 3 products first, "
                "and keep posted products listed for two months.",
                "每周用买家语言发2篇Feed帖子，最强的3个商品放在前面，帖子里的商品保持上架2个月。"),
    ),
    _entry(
        "user_ops", "store_promotions_active", unit="count", better="higher", effort="low",
        en="Store promotions running", zh="进行中的店铺营销活动数",
        aliases=("店铺营销活动数", "进行中的店铺活动", "店铺活动数"),
        band=(2, 4),
        about=("Store promotions running now: discounts, coupons, spend-and-save, bundles.",
               "当前进行中的店铺营销活动：单品折扣、优惠券、满减、组合购。"),
        action=("Keep a single-product discount and a store coupon running at all times, and "
                "schedule the next one before the current one ends.",
                "始终保持一个单品折扣和一张店铺优惠券在线，并在当前活动结束前排好下一个。"),
    ),
    # -- service (7) ------------------------------------------------------------------------
    _entry(
        "service", "daily_service_score", unit="score", better="higher", minimum=0, maximum=100,
        en="Daily service score", zh="每日服务分", aliases=("每日服务分", "日服务分"),
        band=(80, 90),
        about=("AliExpress's daily service score (0–100), built from eight components.",
               "速卖通每日服务分（0–100），由8个分项组成。"),
        action=("Open the service-score page, find the component with the largest point gap "
                "(AEG060 names it) and fix that one first.",
                "打开服务分页面，找到失分最多的分项（AEG060会指出），优先改进。"),
    ),
    _entry(
        "service", "positive_feedback_rate", unit="ratio", better="higher", weight=1.5,
        en="Positive feedback rate", zh="好评率", aliases=("好评率", "卖家好评率"),
        band=(0.95, 0.98),
        about=("4–5★ ratings ÷ all ratings over 6 months.", "近6个月4–5星评价 ÷ 全部评价。"),
        action=("Contact every buyer with a delayed or problem order before they rate, settle it "
                "by partial refund or reshipment, and reply publicly to negative reviews.",
                "在买家评价前联系所有延误或有问题的订单，用部分退款或补发解决，并公开回复差评。"),
    ),
    _entry(
        "service", "dsr_item_as_described", unit="score", better="higher", minimum=1, maximum=5,
        weight=1.5,
        en="DSR item as described", zh="DSR商品描述", aliases=("DSR商品描述", "商品描述相符", "描述相符"),
        band=(4.5, 4.8),
        about=("Buyers' rating (1–5) of how well the item matched its description.",
               "买家对商品与描述相符程度的评分（1–5）。"),
        action=("Compare each top listing with the item that ships: correct sizes, colours and "
                "materials and add real photos — this rating carries 30 of the service score's 100 points.",
                "逐个核对主推商品页面与实际发出的商品：修正尺码、颜色、材质并加实拍图——该项占服务分100分中的30分。"),
    ),
    _entry(
        "service", "dsr_communication", unit="score", better="higher", minimum=1, maximum=5,
        en="DSR seller service", zh="DSR卖家服务", aliases=("DSR卖家服务", "卖家服务", "沟通质量"),
        band=(4.5, 4.8), effort="low",
        about=("Buyers' rating (1–5) of the seller's communication.", "买家对卖家沟通服务的评分（1–5）。"),
        action=("Answer buyer messages within 24 hours (set auto-replies in the main buyer "
                "languages) and message each buyer at dispatch with the tracking number.",
                "24小时内回复买家消息（设置主要买家语言的自动回复），发货时把运单号发给每位买家。"),
    ),
    _entry(
        # Article 002 names the logistics service score (物流服务评分) under the logistics ability:
        # the buyers' DSR rating of shipping, so this entry is scored there while keeping its
        # place (and id AEG043) in the catalogue.
        "logistics", "dsr_shipping_speed", unit="score", better="higher", minimum=1, maximum=5,
        en="Logistics service score (DSR shipping)", zh="物流服务评分（DSR物流）",
        aliases=("物流服务评分", "DSR物流", "DSR物流服务", "物流服务", "物流速度"),
        band=(4.5, 4.8),
        about=("Buyers' rating (1–5) of the shipping service (the DSR shipping rating), which article 002 "
               "calls the logistics service score.",
               "买家对物流服务的评分（1–5，即DSR物流服务），文章002称之为物流服务评分。"),
        action=("Move your main countries to a faster shipping line and ship within 48 hours of "
                "payment.",
                "主要国家改用更快的物流线路，并在付款后48小时内发货。"),
    ),
    _entry(
        "service", "dispute_rate", unit="ratio", better="lower",
        en="Not-as-described dispute rate", zh="货不对板纠纷提起率",
        aliases=("货不对板纠纷提起率", "货不对板纠纷率"),
        band=(0.01, 0.003),
        about=("Item-not-as-described disputes opened in 30 days (minus those the buyer "
               "cancelled) ÷ orders confirmed, auto-confirmed or disputed in 30 days.",
               "近30天货不对板纠纷数（减去买家取消的）÷ 近30天确认收货、自动确认及发生纠纷的订单数。"),
        action=("Read the last 30 days' not-as-described disputes, fix the listing detail each "
                "one cites, and quality-check your 5 best sellers before dispatch.",
                "逐条阅读近30天的货不对板纠纷，修正被指出的页面信息，并对5个畅销品做发货前质检。"),
    ),
    _entry(
        "service", "non_fulfillment_rate", unit="ratio", better="lower", effort="low",
        en="Non-fulfilment rate", zh="成交不卖率", aliases=("成交不卖率",),
        band=(0.02, 0.005),
        about=("Orders without a tracking number uploaded before the ship deadline ÷ orders.",
               "未在发货期限内上传运单号的订单 ÷ 订单数。"),
        action=("Sync stock with the warehouse daily, switch off sold-out variants, and upload "
                "tracking numbers before the ship deadline.",
                "每天与仓库同步库存，下架售罄的规格，并在发货期限前上传运单号。"),
    ),
    # -- logistics (7) ----------------------------------------------------------------------
    _entry(
        "logistics", "online_rate_72h", unit="ratio", better="higher", weight=1.5,
        en="72-hour online-scan rate", zh="72小时上网率", aliases=("72小时上网率", "72h上网率"),
        band=(0.8, 0.95),
        about=("Orders whose tracking shows a carrier scan within 72 hours ÷ orders shipped.",
               "72小时内物流信息有揽收扫描的订单 ÷ 已发货订单。"),
        action=("Hand parcels to the carrier the day they are packed, use lines with first-mile "
                "pick-up, and check unscanned orders every morning.",
                "打包当天交给物流商，选择有上门揽收的线路，每天早上检查未上网的订单。"),
    ),
    _entry(
        "logistics", "avg_ship_days", unit="days", better="lower",
        en="Average days to ship", zh="平均发货时长", aliases=("平均发货时长", "发货时长", "平均发货天数"),
        band=(3, 1.5),
        about=("Average days from payment to shipment.", "从付款到发货的平均天数。"),
        action=("Set a daily packing cut-off (e.g. 15:00) and keep your 20 best-selling SKUs in "
                "stock so orders ship within 48 hours.",
                "设定每日打包截单时间（如15:00），畅销的20个SKU保持现货，确保48小时内发货。"),
    ),
    _entry(
        "logistics", "logistics_dispute_rate", unit="ratio", better="lower",
        en="Not-received dispute rate", zh="未收到货纠纷提起率",
        aliases=("未收到货纠纷提起率", "物流纠纷率", "未收到货纠纷率"),
        band=(0.01, 0.003),
        about=("Item-not-received disputes opened in 30 days ÷ orders confirmed, auto-confirmed "
               "or disputed in 30 days.",
               "近30天未收到货纠纷数 ÷ 近30天确认收货、自动确认及发生纠纷的订单数。"),
        action=("Message buyers whose parcels stall before the delivery promise expires, extend "
                "their protection period and reship lost parcels at once.",
                "在承诺运达期到期前联系包裹停滞的买家，延长收货时间，丢件立即补发。"),
    ),
    _entry(
        "logistics", "overseas_warehouse_share", unit="ratio", better="higher", effort="high",
        en="Overseas-warehouse product share", zh="海外仓商品占比",
        aliases=("海外仓商品占比", "海外仓占比"),
        band=(0.1, 0.3),
        about=("Share of listed products shipped from an overseas warehouse.",
               "从海外仓发货的在线商品占比。"),
        action=("Stock your 5 best sellers for the main countries (e.g. Spain, France, Poland) in "
                "an overseas warehouse and apply for the overseas-warehouse tag.",
                "把主要国家（如西班牙、法国、波兰）的5个畅销品备货到海外仓，并申请海外仓打标。"),
    ),
    _entry(
        "logistics", "free_shipping_top_country_coverage", unit="ratio", better="higher",
        effort="low",
        en="Free-shipping coverage of top countries", zh="主要国家包邮覆盖率",
        aliases=("主要国家包邮覆盖率", "包邮国家覆盖率"),
        band=(0.6, 0.9),
        about=("Share of the sub-category's top traffic countries covered by free-shipping "
               "templates.",
               "细分类目流量最大的国家中，被包邮运费模板覆盖的占比。"),
        action=("List the top 10 visitor countries of your sub-category in Business Advisor › "
                "market overview and add free shipping for them to your main products' templates.",
                "在生意参谋 › 市场大盘中列出细分类目访客最多的10个国家，把它们加入主推商品运费模板的包邮区域。"),
    ),
    _entry(
        "logistics", "avg_delivery_days", unit="days", better="lower",
        en="Average delivery days", zh="平均妥投时长", aliases=("平均妥投时长", "平均妥投天数", "妥投时长"),
        band=(20, 12),
        about=("Average days from shipment to delivery.", "从发货到妥投的平均天数。"),
        action=("Move the main countries to a faster line or an overseas warehouse and drop "
                "lines whose delivery averages more than 20 days.",
                "主要国家改用更快的线路或海外仓，停用平均妥投超过20天的线路。"),
    ),
    _entry(
        "logistics", "fake_shipment_count", unit="count", better="lower", effort="low",
        en="Fake shipments (30 days)", zh="虚假发货次数", aliases=("虚假发货次数", "虚假发货", "虚假发货数"),
        band=(0.5, 0.2),
        about=("Orders flagged as fake shipment (tracking uploaded without a real dispatch) in "
               "the last 30 days; any is a penalty, so the pass band tolerates none.",
               "近30天被判定为虚假发货（未实际发货即上传运单号）的订单数；任何一单都会被处罚，及格线即为0。"),
        action=("Upload a tracking number only after the carrier has the parcel, and audit last "
                "month's tracking numbers that never scanned.",
                "只在物流商收到包裹后再上传运单号，并排查上月从未有扫描记录的运单号。"),
    ),
    # -- growth (5) -------------------------------------------------------------------------
    _entry(
        "growth", "pay_amount_30d", unit="money", better="higher", curve="lognormal",
        en="Payment amount (30 days)", zh="支付金额", aliases=("支付金额", "30天支付金额"),
        band=(5000, 50000),
        about=("Amount paid by buyers in the last 30 days, USD.", "近30天买家支付金额（美元）。"),
        action=("Add multi-unit discounts and bundles to your top sellers; wholesale buyers "
                "buying several units are where the margin is.",
                "为主推商品设置多件折扣和组合购；买多件的批发买家才是利润所在。"),
    ),
    _entry(
        "growth", "pay_amount_growth", unit="change", better="higher", minimum=-1,
        en="Payment amount growth", zh="支付金额环比", aliases=("支付金额环比", "成交金额环比", "GMV环比"),
        band=(0.0, 0.2),
        about=("Change of the payment amount against the previous 30 days.",
               "支付金额与上一个30天相比的变化。"),
        action=("Compare this period's sales by product with the last; restock or re-promote the "
                "products whose sales fell.",
                "按商品对比本期与上期销售额，为下滑的商品补货或重新推广。"),
    ),
    _entry(
        "growth", "pay_buyers_30d", unit="count", better="higher", curve="lognormal",
        en="Paying buyers (30 days)", zh="支付买家数", aliases=("支付买家数",),
        band=(100, 1000),
        about=("Distinct buyers who paid in the last 30 days.", "近30天完成支付的去重买家数。"),
        action=("Offer free shipping on your best-converting products to 3 more of the "
                "sub-category's top countries and add those products to P4P there.",
                "为转化最好的商品再对细分类目的3个主要国家包邮，并在这些国家开直通车推广。"),
    ),
    _entry(
        "growth", "avg_order_value", unit="money", better="higher", effort="low",
        en="Average order value", zh="客单价", aliases=("客单价",),
        band=(15, 40),
        about=("Payment amount ÷ paying buyers.", "支付金额 ÷ 支付买家数。"),
        action=("Add 'buy 2, get 10% off' to your top sellers and set a store-coupon threshold "
                "about 20% above the current average order value.",
                "为主推商品设置“买2件9折”，店铺券门槛设在当前客单价上浮约20%。"),
    ),
    _entry(
        "growth", "orders_30d", unit="count", better="higher", curve="lognormal",
        en="Paid orders (30 days)", zh="支付订单数", aliases=("支付订单数", "30天订单数"),
        band=(30, 300),
        about=("Paid orders in the last 30 days; AliExpress assesses abilities from 30 orders.",
               "近30天支付订单数；速卖通从30单起评估经营能力。"),
        action=("Get to 30 orders: enrol 1–2 products in Flash Deals with a deep discount and "
                "free shipping.",
                "先做到30单：选1–2个商品报名Flash Deals，大折扣并包邮。"),
    ),
)

BY_NAME: dict[str, Entry] = {e.name: e for e in CATALOGUE}
