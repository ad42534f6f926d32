"""The Amazon platform, its account-health metrics and the report table they come from.

Amazon's account health report gives every metric with its own target (``targetValue`` and
``targetCondition``), so the plugin keeps the report's rows as a dataset next to the scalar
metrics: the rules read the value from the metric and the target from the row when the report
had one. A snapshot typed by hand (metrics only) is judged against the policy defaults.
"""

from __future__ import annotations

from typing import Annotated, Any

from diagrules import Dataset, Metric, Number, OptionalCount, OptionalNumber, Platform, Record, text
from pydantic import BeforeValidator

AMAZON = Platform("amazon", label=text(en="Amazon", zh="亚马逊"), stages=("new", "established"))

CONDITIONS: dict[str, str] = {"LESS_THAN": "<", "GREATER_THAN": ">", "EQUALS": "=="}
#: The Chinese a hand-made table may use for the report's conditions and statuses.
_CONDITIONS_ZH = {"小于": "LESS_THAN", "低于": "LESS_THAN", "大于": "GREATER_THAN", "高于": "GREATER_THAN",
                  "等于": "EQUALS"}
STATUSES = ("GOOD", "BAD", "NONE")
_STATUSES_ZH = {"良好": "GOOD", "正常": "GOOD", "不良": "BAD", "差": "BAD", "无": "NONE"}


def _condition(raw: Any) -> str | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    value = _CONDITIONS_ZH.get(str(raw).strip(), str(raw).strip().upper())
    if value not in CONDITIONS:
        raise ValueError(f"expected LESS_THAN, GREATER_THAN or EQUALS (小于、大于、等于), got {raw!r}")
    return value


def _status(raw: Any) -> str | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    value = _STATUSES_ZH.get(str(raw).strip(), str(raw).strip().upper())
    if value not in STATUSES:
        raise ValueError(f"expected GOOD, BAD or NONE (良好、不良、无), got {raw!r}")
    return value


Condition = Annotated[str | None, BeforeValidator(_condition)]
Status = Annotated[str | None, BeforeValidator(_status)]

ORDER_DEFECT_RATE = Metric(
    "order_defect_rate", unit="ratio", better="lower", platform="amazon",
    label=text(en="Order defect rate (seller-fulfilled)", zh="订单缺陷率（卖家自配送）"),
    description=text(
        en="Seller-fulfilled orders with negative feedback, an A-to-z Guarantee claim or a "
        "chargeback, over the 60 days ending 14 days ago (orderDefectRate.mfn).",
        zh="近60天（截至14天前）卖家自配送订单中，收到差评、亚马逊商城交易保障索赔或信用卡拒付的订单占比。",
    ),
    aliases=["orderDefectRate", "odr", "订单缺陷率"],
)
ORDER_DEFECT_RATE_FBA = Metric(
    "order_defect_rate_fba", unit="ratio", better="lower", platform="amazon",
    label=text(en="Order defect rate (Fulfilled by Amazon)", zh="订单缺陷率（亚马逊配送）"),
    description=text(
        en="The order defect rate of orders fulfilled by Amazon (orderDefectRate.afn).",
        zh="亚马逊配送（FBA）订单的订单缺陷率。",
    ),
    aliases=["fba_order_defect_rate", "订单缺陷率(亚马逊配送)"],
)
LATE_SHIPMENT_RATE = Metric(
    "late_shipment_rate", unit="ratio", better="lower", platform="amazon",
    label=text(en="Late shipment rate", zh="迟发率"),
    description=text(
        en="Seller-fulfilled orders confirmed as shipped after the expected ship date, over 10 "
        "or 30 days (lateShipmentRate).",
        zh="近10天或30天内，在预计发货日期之后才确认发货的卖家自配送订单占比。",
    ),
    aliases=["lateShipmentRate", "迟发率", "延迟发货率"],
)
PRE_FULFILLMENT_CANCEL_RATE = Metric(
    "pre_fulfillment_cancel_rate", unit="ratio", better="lower", platform="amazon",
    label=text(en="Pre-fulfilment cancel rate", zh="配送前取消率"),
    description=text(
        en="Seller-fulfilled orders the seller cancelled before shipping, over 7 days; "
        "cancellations the buyer requested do not count.",
        zh="近7天内卖家在发货前取消的自配送订单占比（买家申请的取消不计入）。",
    ),
    aliases=["prefulfillmentCancelRate", "preFulfillmentCancellationRate", "配送前取消率"],
)
VALID_TRACKING_RATE = Metric(
    "valid_tracking_rate", unit="ratio", better="higher", platform="amazon",
    label=text(en="Valid tracking rate", zh="有效追踪率"),
    description=text(
        en="Seller-fulfilled packages with a valid tracking number, over 30 days "
        "(validTrackingRate).",
        zh="近30天卖家自配送包裹中带有有效追踪编码的占比。",
    ),
    aliases=["validTrackingRate", "有效追踪率"],
)
ON_TIME_DELIVERY_RATE = Metric(
    "on_time_delivery_rate", unit="ratio", better="higher", platform="amazon",
    label=text(en="On-time delivery rate", zh="准时交货率"),
    description=text(
        en="Tracked seller-fulfilled packages delivered by the promised date, over 14 or 30 days "
        "(onTimeDeliveryRate).",
        zh="有追踪信息的卖家自配送包裹中，在承诺日期前送达的占比。",
    ),
    aliases=["onTimeDeliveryRate", "准时交货率"],
)
UNIT_ON_TIME_DELIVERY_RATE = Metric(
    "unit_on_time_delivery_rate", unit="ratio", better="higher", platform="amazon",
    label=text(en="Unit on-time delivery rate", zh="单件准时交货率"),
    description=text(
        en="Seller-fulfilled units delivered by the promised date, over 30 days "
        "(unitOnTimeDeliveryRate; US marketplace only).",
        zh="近30天卖家自配送的商品件数中，在承诺日期前送达的占比（仅美国站提供）。",
    ),
    aliases=["unitOnTimeDeliveryRate", "单件准时交货率"],
)
ACCOUNT_HEALTH_STATUS = Metric(
    "account_health_status", unit="enum", platform="amazon", choices=("GREAT", "WARNED"),
    label=text(en="Account Health Rating status", zh="账户状况评级状态"),
    description=text(
        en="The status the report gives the Account Health Rating (accountHealthRating.ahrStatus, "
        "GREAT or WARNED): the report's verdict when it carries no numeric rating.",
        zh="报告给出的账户状况评级状态（GREAT 或 WARNED）；报告不含评级分数时，以它为准。",
    ),
    aliases=["ahrStatus", "accountHealthRatingStatus", "账户状况评级状态"],
)
ACCOUNT_HEALTH_RATING = Metric(
    "account_health_rating", unit="score", better="higher", platform="amazon", minimum=0, maximum=1000,
    label=text(en="Account Health Rating", zh="账户状况评级"),
    description=text(
        en="Seller Central's 0–1000 rating of policy compliance (shown on the Account Health "
        "page; the SP-API report carries only its status).",
        zh="卖家平台账户状况页面显示的0–1000分政策合规评级（SP-API报告只给出状态，不含分数）。",
    ),
    aliases=["accountHealthRating", "AHR", "账户状况评级"],
)
ACCOUNT_STATUS = Metric(
    "account_status", unit="enum", platform="amazon", choices=("NORMAL", "AT_RISK", "DEACTIVATED"),
    label=text(en="Account status", zh="账户状态"),
    description=text(
        en="The account's status in this marketplace (accountStatuses[].status).",
        zh="账户在该站点的状态。",
    ),
    aliases=["accountStatus", "账户状态"],
)

#: Report field → metric, for the rate metrics of the account health report.
RATE_METRICS: dict[str, Metric] = {
    "lateShipmentRate": LATE_SHIPMENT_RATE,
    "prefulfillmentCancelRate": PRE_FULFILLMENT_CANCEL_RATE,
    "preFulfillmentCancellationRate": PRE_FULFILLMENT_CANCEL_RATE,
    "validTrackingRate": VALID_TRACKING_RATE,
    "onTimeDeliveryRate": ON_TIME_DELIVERY_RATE,
    "unitOnTimeDeliveryRate": UNIT_ON_TIME_DELIVERY_RATE,
}

#: The report's policy-compliance counters (all have the target 0, EQUALS).
VIOLATIONS: dict[str, tuple[str, str]] = {
    "listingPolicyViolations": ("Listing policy violations", "商品政策违规"),
    "productAuthenticityCustomerComplaints": ("Product authenticity customer complaints", "商品真实性买家投诉"),
    "productConditionCustomerComplaints": ("Product condition customer complaints", "商品状况买家投诉"),
    "productSafetyCustomerComplaints": ("Product safety customer complaints", "商品安全买家投诉"),
    "receivedIntellectualPropertyComplaints": ("Received intellectual property complaints", "知识产权投诉"),
    "restrictedProductPolicyViolations": ("Restricted product policy violations", "受限商品政策违规"),
    "suspectedIntellectualPropertyViolations": ("Suspected intellectual property violations", "涉嫌知识产权侵权"),
    "foodAndProductSafetyIssues": ("Food and product safety issues", "食品和商品安全问题"),
    "otherPolicyViolations": ("Other policy violations", "其他政策违规"),
    "documentRequests": ("Document requests", "文件要求"),
}


class HealthRow(Record):
    """One metric of the report: its value (a rate or a count) and Amazon's target for it."""

    metric: str
    value: Number
    target_value: OptionalNumber = None
    target_condition: Condition = None
    status: Status = None
    orders: OptionalCount = None
    date_from: str | None = None
    date_to: str | None = None


ACCOUNT_HEALTH_METRICS = Dataset(
    "account_health_metrics", record=HealthRow, key="metric", platform="amazon",
    label=text(en="Account health report", zh="账户状况报告"),
    description=text(
        en="The rows of Amazon's account health report (one per metric, with its target).",
        zh="亚马逊账户状况报告的各项指标及其目标值。",
    ),
    aliases={
        "target_value": ["targetValue"],
        "target_condition": ["targetCondition"],
        "value": ["rate", "defectsCount"],
        "orders": ["orderCount"],
    },
)



class WarningState(Record):
    """One of the report's account warning states (``warningStates``; the schema's own example
    spells it ``warningState``): a warning type and its status, GOOD, BAD or NONE."""

    warning_type: str
    status: Status = None


WARNING_STATES = Dataset(
    "account_warning_states", record=WarningState, key="warning_type", platform="amazon",
    label=text(en="Account warning states", zh="账户警告状态"),
    description=text(
        en="The warning states of Amazon's account health report (e.g. spammingSellerMessaging).",
        zh="亚马逊账户状况报告中的账户警告状态（如 spammingSellerMessaging）。",
    ),
    aliases={"warning_type": ["warningType"]},
)

METRICS = [
    ORDER_DEFECT_RATE, ORDER_DEFECT_RATE_FBA, LATE_SHIPMENT_RATE, PRE_FULFILLMENT_CANCEL_RATE,
    VALID_TRACKING_RATE, ON_TIME_DELIVERY_RATE, UNIT_ON_TIME_DELIVERY_RATE, ACCOUNT_HEALTH_RATING,
    ACCOUNT_HEALTH_STATUS, ACCOUNT_STATUS,
]
DATASETS = [ACCOUNT_HEALTH_METRICS, WARNING_STATES]
