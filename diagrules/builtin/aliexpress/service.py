"""The daily service score's components: the 8-item weighting and the one metric outside the 48.

AEG060 reads these to say which component loses the most points.
"""

from __future__ import annotations

import attrs

from diagrules import Effort, Metric, Remedy, ScoredMetric, Text, text
from diagrules.builtin.aliexpress.model import PLATFORM

SNAD_FAULT_RATE = Metric(
    "snad_seller_fault_rate", unit="ratio", better="lower", platform=PLATFORM,
    label=text(en="Not-as-described arbitration fault rate", zh="货不对板仲裁有责率"),
    description=text(
        en="Not-as-described disputes escalated to the platform and ruled the seller's fault ÷ "
        "orders shipped (30 days). A service-score component read by AEG060; not one of the 48.",
        zh="升级到平台仲裁并判卖家有责的货不对板纠纷 ÷ 已发货订单（30天）。AEG060读取的服务分分项，不在48项之内。",
    ),
    aliases=("货不对板仲裁有责率", "仲裁有责率", "卖家责任裁决率"),
)


@attrs.frozen(slots=True)
class ServiceComponent:
    """One item of the daily service score, its points out of 100, and how its input is scored.

    ``band`` scores the component's metric when the scorecard does not (the arbitration fault
    rate); for scorecard metrics the scorecard's own, benchmarked score is used.
    """

    label: Text
    points: float
    metric: str
    band: ScoredMetric | None = None
    action: Remedy | None = None


#: The 8-item weighting of the daily service score (ssopdot.com/blog/99419.html, [S3]).
#: Earlier 6-item versions exist; the weights are data so a change is a one-line edit.
SERVICE_COMPONENTS: tuple[ServiceComponent, ...] = (
    ServiceComponent(text(en="non-fulfilment rate", zh="成交不卖率"), 5, "non_fulfillment_rate"),
    ServiceComponent(
        text(en="not-received dispute rate", zh="未收到货纠纷提起率"), 5, "logistics_dispute_rate"
    ),
    ServiceComponent(text(en="not-as-described dispute rate", zh="货不对板纠纷提起率"), 10, "dispute_rate"),
    ServiceComponent(
        text(en="not-as-described arbitration fault rate", zh="货不对板仲裁有责率"), 15,
        SNAD_FAULT_RATE.name,
        band=ScoredMetric(SNAD_FAULT_RATE, pass_=0.003, excellent=0.001, better="lower"),
        action=Remedy(
            text(
                en="Settle not-as-described disputes with the buyer before they escalate: offer a "
                "partial refund or return within 48 hours and attach photos and videos of the "
                "item packed, so arbitration does not rule against you.",
                zh="在纠纷升级仲裁前与买家协商解决：48小时内提供部分退款或退货方案，并保留打包照片和视频作为证据，"
                "避免仲裁判定卖家有责。",
            ),
            priority=2, effort=Effort.MEDIUM, basis="diagrules",
        ),
    ),
    ServiceComponent(text(en="positive feedback rate", zh="好评率"), 10, "positive_feedback_rate"),
    ServiceComponent(text(en="DSR item as described", zh="DSR商品描述"), 30, "dsr_item_as_described"),
    ServiceComponent(text(en="DSR seller service", zh="DSR卖家服务"), 15, "dsr_communication"),
    ServiceComponent(text(en="DSR shipping speed", zh="DSR物流"), 10, "dsr_shipping_speed"),
)
