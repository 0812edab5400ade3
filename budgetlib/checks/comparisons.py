"""决算数 against 预算数 as the text words it: 大于 / 小于 / 等于 预算数, 与预算数（基本）持平, or
较预算数增加/减少 N万元 — and whether the two amounts bear it out."""
from __future__ import annotations

import re
from decimal import Decimal

from ..clean import decimal_of, half_unit

COMPARISON = re.compile(r"决算数?(?:(?P<word>大于|小于|等于|高于|低于|超过|持平)(?:年初)?预算数?"
                        r"|(?:与|和)(?:年初)?预算数?(?P<near>基本)?(?P<flat>持平|相等|一致)"
                        r"|较(?:年初)?预算数?(?P<dir>增加|减少)(?P<diff>\d+(?:,\d{3})*(?:\.\d+)?)万元)")
# 基本持平: within a hundredth of the budget (no template defines it; 94.8% is no longer 基本持平)
NEAR = Decimal("0.01")


def bears_out(m: re.Match, spent: Decimal, plan: Decimal) -> bool:
    """Whether 决算 ``spent`` and 预算 ``plan`` bear out the comparison ``m`` (of ``COMPARISON``)."""
    if m["word"]:
        return {"大于": spent > plan, "高于": spent > plan, "超过": spent > plan, "小于": spent < plan,
                "低于": spent < plan, "等于": spent == plan, "持平": spent == plan}[m["word"]]
    if m["flat"]:
        return abs(spent - plan) <= abs(plan) * NEAR if m["near"] else spent == plan
    diff = decimal_of(m["diff"])
    stated = diff if m["dir"] == "增加" else -diff
    return abs((spent - plan) - stated) <= half_unit(diff)
