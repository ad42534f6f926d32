"""The seven abilities of AliExpress merchant growth: weights and improvement guides.

The abilities and what each covers are article 002's; the weights and the guides' concrete
steps are diagrules' own.
"""

from __future__ import annotations

from diagrules import Effort, Remedy, text
from diagrules.builtin.aliexpress.model import Ability, Basis


def _guide(*steps: tuple[str, str] | tuple[str, str, Basis]) -> tuple[Remedy, ...]:
    """An ability's guide: steps as (en, zh), diagrules' own, or (en, zh, "source") when the
    article gives the step itself."""
    return tuple(
        Remedy(text(en=step[0], zh=step[1]), priority=3, effort=Effort.MEDIUM,
               basis=step[2] if len(step) == 3 else "diagrules")
        for step in steps
    )


ABILITIES: tuple[Ability, ...] = (
    Ability(
        "product", text(en="Product", zh="商品能力"), 0.20,
        text(
            en="The most important ability: product count, hot products and sell-through show "
            "buyers and the platform what the store can sell.",
            zh="最重要的能力：商品数、爆品数、动销等指标向买家和平台展示店铺的商品实力。",
        ),
        _guide(
            ("Run a weekly product review: take zero-effect products offline, refresh the 10 "
             "most-visited listings and publish 2 new products in your best sub-category.",
             "每周做一次商品盘点：下架零效果商品，优化访客最多的10个商品，在最好的细分类目上新2款。"),
            ("Give every product a role: 1–2 hot products per sub-category, campaign products "
             "with free shipping and deeper discounts, and profit products.",
             "给每个商品定角色：每个细分类目1–2个爆款、包邮大折扣的活动款、以及利润款。", "source"),
        ),
    ),
    Ability(
        "traffic", text(en="Traffic", zh="流量能力"), 0.15,
        text(
            en="Natural search, off-site traffic, P4P ads and platform campaigns bring the "
            "visitors every other ability works on.",
            zh="自然搜索、站外流量、直通车和平台活动带来访客，其他能力都建立在流量之上。",
        ),
        _guide(
            ("Enrol products in at least two platform campaigns a month; campaigns are "
             "AliExpress's biggest traffic source.",
             "每月至少报名两个平台活动：平台活动是速卖通最大的流量入口。"),
            ("Run P4P only on products with proven conversion and rewrite their titles with "
             "the search terms that bring paid orders, so they also rank organically.",
             "只给转化已被验证的商品开直通车，并用带来成交的搜索词优化标题，争取自然排名。"),
        ),
    ),
    Ability(
        "conversion", text(en="Traffic conversion", zh="流量承接能力"), 0.15,
        text(
            en="The store homepage, custom and promotion pages, hot-sales and new-arrival "
            "modules and short videos turn visitors into orders.",
            zh="店铺首页、自定义页、大促承接页、热销排行与新品模块以及短视频，决定访客能否转化为订单。",
        ),
        _guide(
            ("Decorate the homepage with the hot-sales ranking, smart grouping, new-arrivals and "
             "'you may like' modules.",
             "店铺首页装修加入热销排行、智能分组、新品和猜你喜欢模块。", "source"),
            ("Add short videos and scenario images to the 10 most-visited detail pages.",
             "为访客最多的10个商品详情页添加短视频和场景图。", "source"),
        ),
    ),
    Ability(
        "user_ops", text(en="User operations", zh="用户运营能力"), 0.125,
        text(
            en="Returning and new buyers, 90-day repurchase, followers and Feed content measure "
            "whether the store keeps the customers it wins.",
            zh="老买家、新买家、90天回购率、粉丝和Feed内容衡量店铺能否留住赢得的客户。",
        ),
        _guide(
            ("Post in Feed twice a week in the buyers' language, strongest products first, and "
             "keep posted products listed for two months.",
             "每周用目标国家语言发两次Feed帖子，最强的商品放前面，帖子中的商品至少保持上架2个月。"),
            ("Run follower and returning-customer coupons through the customer-marketing tool.",
             "通过客户营销工具发放粉丝专享券和老客回购券。"),
        ),
    ),
    Ability(
        "service", text(en="Service", zh="服务能力"), 0.15,
        text(
            en="Disputes, positive feedback and DSR tell buyers 'we serve customers well' and "
            "make up the daily service score.",
            zh="纠纷、好评率和DSR向买家传递“我能服务好客户”的信息，也构成每日服务分。",
        ),
        _guide(
            ("Work through the service-score components from the largest point gap (AEG060).",
             "按每日服务分各项的失分从大到小逐项改进（见AEG060）。"),
            ("Answer every message within 24 hours and settle problems before they become "
             "disputes.",
             "所有买家消息24小时内回复，在问题升级为纠纷前解决。"),
        ),
    ),
    Ability(
        "logistics", text(en="Logistics", zh="物流能力"), 0.15,
        text(
            en="Shipping time, delivery, logistics disputes and overseas-warehouse coverage; "
            "products tagged as shipped from an overseas warehouse get 30–50% higher CTR.",
            zh="发货时长、妥投、物流纠纷和海外仓覆盖；海外仓打标商品的点击率高30%–50%。",
        ),
        _guide(
            ("Ship within 48 hours of payment and hand parcels over the day they are packed.",
             "付款后48小时内发货，打包当天交给物流商。"),
            ("Stock best sellers for the main countries in an overseas warehouse and get the tag.",
             "把主要国家的畅销品备货到海外仓并申请打标。"),
        ),
    ),
    Ability(
        "growth", text(en="Growth scale", zh="成长规模"), 0.075,
        text(
            en="The scale the other six abilities produce: payment amount, buyers and orders.",
            zh="其他六项能力的成果：支付金额、支付买家数和订单数。",
        ),
        _guide(
            ("Lift the weakest of the other abilities first; growth follows them.",
             "先补齐其他能力中最弱的一项，成长规模随之提升。"),
            ("Raise order value with bundles and multi-unit discounts for wholesale buyers.",
             "用组合购和多件折扣提升客单价，吸引批发买家。"),
        ),
    ),
)
ABILITY_BY_ID: dict[str, Ability] = {a.id: a for a in ABILITIES}
