"""Nothing silently dropped: the coverage check on page texts written out by hand."""
from decimal import Decimal

from budgetlib.checks.coverage import page_tokens, unplaced_numbers

PAGE = """- 9 -
表二：收入总表
单位名称：某中心 单位：万元
项目 行次 2024年预算数
合计 1 1,704.12
工资福利支出 2 705.28
商品和服务支出 3 998.84
说明：本年收入 1,704.12 万元，比上年增加 12.50
万元。
— 15 —
"""


def test_every_printed_amount_is_a_fact():
    amounts = [Decimal("1704.12"), Decimal("705.28"), Decimal("998.84")]
    assert unplaced_numbers(PAGE, amounts, [], set(), whole_numbers=False) == []


def test_an_amount_nobody_placed_is_listed():
    assert unplaced_numbers(PAGE, [Decimal("1704.12"), Decimal("705.28")], [], set(), False) == ["998.84"]


def test_residue_cells_account_for_their_numbers():
    assert unplaced_numbers(PAGE, [Decimal("1704.12")], ["705.28", "998.84"], set(), False) == []


def test_layout_numbers_are_not_amounts():
    # 行次 1 2 3, the page number 9 / 15, the year 2024年 and the narrative 1,704.12 万元 / 12.50 万元
    assert page_tokens(PAGE, whole_numbers=False) == ["1,704.12", "705.28", "998.84"]


def test_wrapped_cell_digits_match_either_piece():
    # data/raw/luohu-2024-budget.pdf p10 prints 667.95 in a narrow cell as "66" over "7.95"
    text = "中共深圳市委宣传部 66\n7.95\n35\n7.65\n"
    assert unplaced_numbers(text, [Decimal("667.95"), Decimal("357.65")], [], set(), False) == []


def test_whole_numbers_count_on_pages_in_yuan_but_codes_do_not():
    text = "单位：元\n2010501 行政运行 371514655 2024\n"
    assert unplaced_numbers(text, [], [], {"2010501"}, whole_numbers=True) == ["371514655"]
    assert unplaced_numbers(text, [Decimal("371514655")], [], {"2010501"}, whole_numbers=True) == []


def test_a_sentence_cut_by_the_page_end_is_narrative():
    # 江苏省高级人民法院 2019 p17 ends mid-sentence: "…收入预算37188.34万元，与上年相比增加4016.19"
    text = "一般公共预算收入预算37188.34万元，与上年相比增加4016.19"
    assert page_tokens(text, whole_numbers=False) == []
