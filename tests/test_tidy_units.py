"""tidy on small hand-built grids: stitching pages, header trees, column roles, facts rows."""
from decimal import Decimal

from budgetlib.model import Grid
from budgetlib.tidy import read_table, table_facts
from budgetlib.tidy.columns import assign_roles, column_groups, header_columns, mark_sides, measure_names
from budgetlib.tidy.stitch import column_map, header_end, rejoin_page_breaks, stitch


def grid(text, merged=None, page=1, cols=None, key="expense_summary", context="单位：万元"):
    """A Grid from rows of cell texts; ``merged`` maps a cell to the top-left cell of its block."""
    merged = merged or {}
    n_cols = len(text[0])
    cols = cols or [(100.0 * c, 100.0 * c + 100) for c in range(n_cols)]
    rows = [(800.0 - 20 * r, 780.0 - 20 * r) for r in range(len(text))]
    origin = [[merged.get((r, c), (r, c)) for c in range(n_cols)] for r in range(len(text))]
    blocks = {}
    for r, row in enumerate(text):
        for c, t in enumerate(row):
            if t:
                o = origin[r][c]
                blocks[o] = blocks[o] + "\n" + t if o in blocks else t
    return Grid(page=page, bbox=(0, rows[-1][1], cols[-1][1], 800.0), cols=cols, rows=rows, text=text,
                origin=origin, key=key, title="支出总表", context=context, blocks=blocks)


# 科目编码 | 科目名称 under 功能分类科目; 合计 over two header rows; 一般公共预算拨款 over 小计 | 项目
HEADER = [["功能分类科目", "", "合计", "一般公共预算拨款", ""],
          ["科目编码", "科目名称", "", "小计", "项目"]]
HEADER_MERGES = {(0, 1): (0, 0), (1, 2): (0, 2), (0, 4): (0, 3)}


def test_header_tree_follows_merged_blocks_to_the_leaf():
    g = grid(HEADER + [["201", "一般公共服务支出", "10.00", "6.00", "4.00"]], HEADER_MERGES)
    assert header_end(g) == 2
    paths = [c.path for c in header_columns(g, 2)]
    assert paths == [("功能分类科目", "科目编码"), ("功能分类科目", "科目名称"), ("合计",),
                     ("一般公共预算拨款", "小计"), ("一般公共预算拨款", "项目")]


def test_column_roles_from_header_words_and_cell_contents():
    g = grid(HEADER + [["201", "一般公共服务支出", "10.00", "6.00", "4.00"],
                       ["20101", "人大事务", "10.00", "6.00", "4.00"]], HEADER_MERGES)
    rows = stitch([g]).parts[0]
    columns = assign_roles(header_columns(g, 2), rows)
    assert [c.role for c in columns] == ["code", "label", "amount", "amount", "amount"]
    assert [c.measure for c in columns if c.role == "amount"] == ["合计", "小计", "项目"]


def test_a_repeated_leaf_takes_its_parent():
    header = [["基本支出", "", "项目支出", ""], ["小计", "人员", "小计", "其他"]]
    g = grid(header + [["1.00", "1.00", "2.00", "2.00"]], {(0, 1): (0, 0), (0, 3): (0, 2)})
    columns = header_columns(g, 2)
    assert measure_names(columns) == {0: "基本支出/小计", 1: "人员", 2: "项目支出/小计", 3: "其他"}


def test_a_mostly_text_column_is_a_label_and_a_second_one_is_extra():
    g = grid([["项目名称", "主要内容", "金额"], ["网信工作", "宣传", "91.00"], ["运维", "维护", "5.00"]])
    columns = assign_roles(header_columns(g, 1), stitch([g]).parts[0])
    assert [c.role for c in columns] == ["label", "extra", "amount"]


def test_two_sided_table_marks_sides_and_groups():
    g = grid([["收入", "", "支出", ""], ["项目", "预算数", "项目", "预算数"],
              ["一、财政拨款", "667.95", "一般公共服务支出", "667.95"]],
             {(0, 1): (0, 0), (0, 3): (0, 2)}, key="income_expense_summary")
    rows = stitch([g]).parts[0]
    columns = mark_sides(g, 2, header_columns(g, 2), rows)
    assert [(c.side, c.path) for c in columns] == [("收入", ("项目",)), ("收入", ("预算数",)),
                                                    ("支出", ("项目",)), ("支出", ("预算数",))]
    columns = assign_roles(columns, rows)
    assert [[c.index for c in grp] for grp in column_groups(columns)] == [[0, 1], [2, 3]]


def test_header_words_are_not_changed_in_place():
    g = grid([["收入", "", "支出", ""], ["财政拨款", "1.00", "教育支出", "2.00"]], {(0, 1): (0, 0), (0, 3): (0, 2)},
             key="income_expense_summary")
    columns = header_columns(g, 1)
    marked = mark_sides(g, 1, columns, stitch([g]).parts[0])
    assert [c.side for c in columns] == [""] * 4 and [c.side for c in marked] == ["收入", "收入", "支出", "支出"]


def test_income_and_expense_over_amount_columns_only_are_measures_not_sides():
    # 西安卫健委 p159 政府性基金预算财政拨款收入支出决算表: “229 其他支出 58,830.98 509,220.66 568,051.63
    # 568,051.63” under 科目代码 | 科目名称 | 年初结转和结余 | 本年收入 | 本年支出(小计 基本支出 项目支出)
    g = grid([["科目代码", "科目名称", "年初结转和结余", "本年收入", "本年支出", "", ""],
              ["", "", "", "", "小计", "基本支出", "项目支出"],
              ["229", "其他支出", "58,830.98", "509,220.66", "568,051.63", "", "568,051.63"]],
             {(1, 0): (0, 0), (1, 1): (0, 1), (1, 2): (0, 2), (1, 3): (0, 3), (0, 5): (0, 4), (0, 6): (0, 4)},
             key="final_gov_fund")
    facts, _, problems = table_facts(read_table([g]), set(), "某委")
    assert {(f["code"], f["name"], f["measure"], str(f["amount"])) for f in facts} == {
        ("229", "其他支出", "年初结转和结余", "58830.98"), ("229", "其他支出", "本年收入", "509220.66"),
        ("229", "其他支出", "小计", "568051.63"), ("229", "其他支出", "项目支出", "568051.63")}
    assert not problems


def test_continuation_page_is_stitched_by_column_position_and_its_header_dropped():
    base = grid(HEADER + [["201", "一般公共服务支出", "10.00", "6.00", "4.00"]], HEADER_MERGES)
    # the next page repeats the lower header row and its columns sit a little to the right
    shifted = [(100.0 * c + 3, 100.0 * c + 103) for c in range(5)]
    part = grid([["科目编码", "科目名称", "合计", "小计", "项目"],
                 ["20101", "人大事务", "10.00", "6.00", "4.00"]], page=2, cols=shifted)
    assert column_map(base, part) == {0: 0, 1: 1, 2: 2, 3: 3, 4: 4}
    stitched = stitch([base, part])
    assert stitched.header_rows == 2 and stitched.stray == []
    assert [[c.text for c in row.values()] for row in stitched.parts[1]] == [["20101", "人大事务", "10.00", "6.00", "4.00"]]
    assert stitched.parts[1][0][2].page == 2


def test_a_column_that_overlaps_no_base_column_goes_to_the_stray_cells():
    base = grid([["科目", "金额"], ["a", "1.00"]])
    part = grid([["b", "2.00", "备注"]], page=2, cols=[(0, 100), (100, 200), (400, 500)])
    stitched = stitch([base, part])
    assert [c.text for c in stitched.stray] == ["备注"]


def test_a_label_cut_by_the_page_break_is_rejoined():
    base = grid([["科目名称", "金额"], ["事业运行", "1.00"], ["预", ""]])
    part = grid([["算准备金", "10.00"]], page=2)
    rows = rejoin_page_breaks(stitch([base, part]).parts)
    assert [(r[0].text, r[1].text) for r in rows] == [("事业运行", "1.00"), ("预算准备金", "10.00")]


def test_facts_rows_unit_rows_and_a_placeholder_row_in_the_residue():
    g = grid([["单位名称", "科目编码", "科目名称", "合计"],
              ["深圳市某中心", "", "", "10.00"],
              ["", "201", "一般公共服务支出", "10.00"],
              ["", "", "", "0.00"]])
    table = read_table([g])
    facts, residue, findings = table_facts(table, set(), "")
    assert [(f["unit"], f["code"], f["name"], f["measure"], f["amount"]) for f in facts] == [
        ("深圳市某中心", "", "", "合计", Decimal("10.00")),
        ("深圳市某中心", "201", "一般公共服务支出", "合计", Decimal("10.00"))]
    assert [(r["text"], r["reason"]) for r in residue] == [("0.00", "placeholder row (no label, only zeros)")]
    assert table.residue == []  # the table read is not changed by reading its facts
    assert findings == []


def test_a_label_spilled_past_its_rule_goes_back_to_its_label():
    # 西安气象局 p22 (text layer): “2080506 机关事业单位职业年金缴费支出43608.96 43608.96”, “20899
    # 其他社会保障和就业支出 1090.22 1090.22”; the print clips each name at its cell's rule
    g = grid([["功能科目编码", "功能科目名称", "合计", "人员经费支出"],
              ["208", "社会保障和就业支出", "44699.18", "44699.18"],
              ["20805", "行政事业单位养老支出", "43608.96", "43608.96"],
              ["2080506", "机关事业单位职业年金", "缴费支出43608.96", "43608.96"],
              ["20899", "其他社会保障和就业支", "1090.22\n出", "1090.22"]], key="gpb_by_function")
    facts, residue, problems = table_facts(read_table([g]), set(), "某局")
    assert {(f["code"], f["name"], f["measure"], str(f["amount"])) for f in facts if f["code"] in ("2080506", "20899")} == {
        ("2080506", "机关事业单位职业年金缴费支出", "合计", "43608.96"),
        ("2080506", "机关事业单位职业年金缴费支出", "人员经费支出", "43608.96"),
        ("20899", "其他社会保障和就业支出", "合计", "1090.22"), ("20899", "其他社会保障和就业支出", "人员经费支出", "1090.22")}
    assert not problems and not residue


def test_a_centred_label_spilled_into_the_code_cell_on_its_left():
    # 西安气象局 p27: “9 气象灾害、空气质量、气象影视、农业气象等业务运维 6540000” centred under
    # 单位（项目）名称, its 气 in the 单位编码 cell and its 维 in the 项目金额 cell
    g = grid([["单位编码", "单位（项目）名称", "项目金额"], ["234001", "西安市气象局", "17159700"],
              ["", "李家河水库人影人工增雨作业", "2200000"],
              ["气", "象灾害、空气质量、气象影视、农业气象等业务运", "维\n6540000"]], key="project_expense")
    facts, _, problems = table_facts(read_table([g]), {"西安市气象局"}, "西安市气象局")
    assert [(f["name"], str(f["amount"])) for f in facts] == [
        ("", "17159700"), ("李家河水库人影人工增雨作业", "2200000"), ("气象灾害、空气质量、气象影视、农业气象等业务运维", "6540000")]
    assert not problems


def test_an_amount_with_a_money_unit_or_a_lone_bracket_is_no_spill():
    g = grid([["项目名称", "金额"], ["宣传", "3.00"], ["网信工作", "12.00万元"], ["(一)运维", "(5.00)"]],
             key="project_expense")
    rows = read_table([g]).rows
    assert [r[1].text for r in rows] == ["3.00", "12.00万元", "(5.00)"] and [r[0].text for r in rows] == ["宣传", "网信工作", "(一)运维"]


def test_classification_codes_after_the_amounts_stay_on_the_row():
    # 西安气象局 p29 政府采购 (header cut by its spilled headings): “4 220 05 07 国家突发事件预警发布平台业
    # 务维持项目 C0301电信服务 1 302 07 502 01 142500”; 部门经济 302 07, 政府经济 502 01
    g = grid([["科目编码", "", "", "单位编码", "采购项目", "采购目录", "部门数量", "预算支出经济科目政府预", "",
               "算支出经济分类科", "", "实施目编码采购时间", "预算金额"],
              ["类", "款", "项", "", "", "", "", "类", "款", "类", "款", "", ""],
              ["220", "05", "07", "", "国家突发事件预警发布平台业务维持项目", "C0301电信服务", "1", "302", "07", "502", "01",
               "", "142500"]],
             {(0, 1): (0, 0), (0, 2): (0, 0), (1, 3): (0, 3), (1, 4): (0, 4), (1, 5): (0, 5), (1, 6): (0, 6),
              (0, 8): (0, 7), (0, 10): (0, 9), (1, 11): (0, 11), (1, 12): (0, 12)}, key="procurement")
    facts, residue, problems = table_facts(read_table([g]), set(), "西安市气象局")
    assert {(f["code"], f["measure"], str(f["amount"]), f["gov_economic_code"]) for f in facts} == {
        ("2200507", "部门数量", "1", "50201"), ("2200507", "预算金额", "142500", "50201")}
    assert sorted(r["text"] for r in residue if r["reason"] == "code of a further classification") == ["07", "302"]
    assert not problems


def test_columns_describing_a_purchase_start_no_group_and_a_count_has_no_money_unit():
    # 西安应急 p30 表12: “224 01 06 125001 事故应急救援 其他专用汽车 事故救援专业车 1 310 03 503 06
    # 2019-02-09 59.80”, with 购买服务的内容 and 说明 blank; 规格型号 and 采购时间 describe the row
    g = grid([["科目编码", "", "", "单位编码", "采购项目", "采购目录", "购买服务的内容", "规格型号", "数量",
               "部门经济科目", "", "政府经济科目", "", "采购时间", "预算金额", "说明"],
              ["类", "款", "项", "", "", "", "", "", "", "类", "款", "类", "款", "", "", ""],
              ["224", "01", "06", "125001", "事故应急救援", "其他专用汽车", "", "事故救援专业车", "1", "310", "03",
               "503", "06", "2019-02-09", "59.80", ""]],
             {(0, 1): (0, 0), (0, 2): (0, 0), **{(1, c): (0, c) for c in (3, 4, 5, 6, 7, 8, 13, 14, 15)},
              (0, 10): (0, 9), (0, 12): (0, 11)}, key="procurement")
    table = read_table([g])
    assert len(table.groups) == 1
    facts, residue, problems = table_facts(table, set(), "西安市安全生产监督管理局")
    assert sorted((f["code"], f["name"], f["measure"], str(f["amount"]), f["money_unit"], f["gov_economic_code"])
                  for f in facts) == [("2240106", "事故应急救援", "数量", "1", "", "50306"),
                                      ("2240106", "事故应急救援", "预算金额", "59.80", "万元", "50306")]
    assert sorted(r["text"] for r in residue if r["reason"] == "descriptive text") == [
        "2019-02-09", "事故救援专业车", "其他专用汽车"]
    assert not problems


def test_a_code_heading_beside_the_total_row_is_no_spilled_label():
    # 上海普陀财政局 2024 决算 p10 支出决算表: the 类 款 项 headings share the line of “合计 2,940.05 2,336.91 603.14”
    g = grid([["支出功能分类科目编码", "", "", "科目名称", "本年支出合计"], ["类", "款", "项", "合计", "2,940.05"],
              ["201", "", "", "一般公共服务支出", "2,106.66"]], {(0, 1): (0, 0), (0, 2): (0, 0)}, key="final_expense")
    facts, _, _ = table_facts(read_table([g]), set(), "上海市普陀区财政局")
    assert [(f["code"], f["name"], str(f["amount"])) for f in facts] == [("", "合计", "2940.05"), ("201", "一般公共服务支出", "2106.66")]


def test_a_spilled_piece_alone_in_a_blank_number_cell_goes_back_to_its_label():
    # 西安应急管理局 p3 收支总表: “(3)对个人和家庭的补助” prints no amount, its 助 alone in the 预算数 cell
    g = grid([["项目", "预算数"], ["(1)工资福利支出", "1,834.69"], ["(2)商品和服务支出", "182.88"],
              ["(3)对个人和家庭的补", "助"], ["(4)资本性支出", "无"], ["2、专项业务经费支出", "1,620.98"],
              ["(2)商品和服务支出", "1,516.67"]], key="income_expense_summary")
    rows = read_table([g]).rows
    assert [(r[0].text, r[1].text if 1 in r else None) for r in rows][2:4] == [
        ("(3)对个人和家庭的补助", None), ("(4)资本性支出", "无")]


def test_a_word_alone_in_a_targets_form_value_cell_is_its_value():
    # 长沙市公安局 p44 绩效目标表: 三级指标 “人口管理” | 指标值 “加强”
    g = grid([["三级指标", "指标值"], ["宣传知晓率", "95"], ["人口管理", "加强"], ["服务人数", "12"]],
             key="performance_targets")
    assert [(r[0].text, r[1].text) for r in read_table([g]).rows][1] == ("人口管理", "加强")
