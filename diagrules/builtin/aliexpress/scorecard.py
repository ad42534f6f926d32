"""The ``aliexpress-growth`` scorecard built from the catalogue: abilities, tiers, payment ladder."""

from __future__ import annotations

from diagrules import Dimension, Ladder, LadderStep, Scorecard, Tier, text
from diagrules.builtin.aliexpress.abilities import ABILITIES
from diagrules.builtin.aliexpress.catalogue import CATALOGUE
from diagrules.builtin.aliexpress.model import PLATFORM

SCORECARD_ID = "aliexpress-growth"

#: Shown with every rendering of the score: AliExpress publishes neither its 48 indicators nor
#: how they are scored, so an operator must not read our numbers as the platform's.
MODEL_BASIS = text(
    en="The 48 metrics, their bands and the tiers are diagrules' own model, built from "
    "practitioner articles; they are not AliExpress's official scoring, and the seller back "
    "office remains the authority.",
    zh="这48项指标、评分区间和层级是 diagrules 根据实战文章自建的模型，并非速卖通官方评分；以卖家后台为准。",
)

#: Five tiers from the overall score, named like AliExpress's service levels (优秀/良好/及格…).
TIERS = (
    Tier("excellent", text(en="Excellent", zh="优秀"), 90),
    Tier("good", text(en="Good", zh="良好"), 75),
    Tier("pass", text(en="Pass", zh="及格"), 60),
    Tier("improving", text(en="Needs improvement", zh="待提升"), 40),
    Tier("weak", text(en="Weak", zh="薄弱"), 0),
)

#: Store tiers by payment amount (REFERENCE §2e, en.hb2b.com [S3]); the window is not stated
#: by the source, 30 days is our reading. A value at a step's lower bound belongs to it.
PAYMENT_TIERS = Ladder(
    "payment_tier",
    metric="pay_amount_30d",
    label=text(en="Payment-amount tier", zh="支付金额分层"),
    steps=(
        LadderStep("L1", text(en="L1 (under $1k)", zh="L1（1千美元以下）"), 0),
        LadderStep("L2", text(en="L2 ($1k–5k)", zh="L2（1千–5千美元）"), 1_000),
        LadderStep("L3", text(en="L3 ($5k–10k)", zh="L3（5千–1万美元）"), 5_000),
        LadderStep("L4", text(en="L4 ($10k–50k)", zh="L4（1万–5万美元）"), 10_000),
        LadderStep("L5", text(en="L5 ($50k and more)", zh="L5（5万美元及以上）"), 50_000),
    ),
)

GROWTH_SCORECARD = Scorecard(
    SCORECARD_ID,
    label=text(en="AliExpress merchant growth (7 abilities)", zh="速卖通商家成长（7大能力）"),
    platform=PLATFORM,
    dimensions=tuple(
        Dimension(
            a.id, a.label, a.weight, tuple(e.scored() for e in CATALOGUE if e.ability == a.id)
        )
        for a in ABILITIES
    ),
    tiers=TIERS,
    ladders=(PAYMENT_TIERS,),
    aggregation="mean",
    min_coverage=0.5,
    basis=MODEL_BASIS,
)
