"""The “三公” table's own total against its parts, row by row, where the parts are printed as
columns split by fund (深圳: 总计 | 因公出国（境）费 | 公务接待费 | 公务用车购置及运行维护费 (小计 |
购置费 | 运行维护费), each over 一般公共预算 | 政府性基金预算 | 国有资本经营预算):

    总计 = 因公出国（境）费 + 公务接待费 + 公务用车购置及运行费, and 公务用车购置及运行费 = 购置费 + 运行费,

fund by fund. A header tree reads 总计 as the sum of its funds only, so the identities across the
parts are checked here; a table whose parts are not split by fund is summed by the row
identities already (杭州's “三公”经费合计 = 小计 + 公务接待费)."""
from __future__ import annotations

from ..model import Budget, Narrative, Row
from .index import TableIndex
from .record import Recorder
from .three_public_cells import FUND, _others, cell_part

TABLES = ("three_public", "final_three_public")
NAMES = {"total": "“三公”经费合计", "overseas_travel": "因公出国（境）费", "reception": "公务接待费",
         "vehicle": "公务用车购置及运行费", "vehicle_purchase": "公务用车购置费", "vehicle_operation": "公务用车运行费"}


def _cells(row: Row, paths: dict, others: bool) -> dict[tuple[str, str], str]:
    """(fund, part) → measure, for the row's amount cells split by fund."""
    out = {}
    for measure in row.values:
        path = paths.get(measure)
        fund = next((s for s in path or () if FUND.match(s)), "")
        part = cell_part(row.name, path, others) if path and fund else None
        if part and part != "other":
            out.setdefault((fund, part), measure)
    return out


def _add(rec: Recorder, row: Row, cells: dict, fund: str, whole: str, parts: tuple[str, ...]) -> None:
    if (fund, whole) not in cells or any((fund, p) not in cells for p in parts):
        return
    measure = cells[(fund, whole)]
    terms = [(cells[(fund, p)], row.values[cells[(fund, p)]]) for p in parts]
    rec.add("three_public_parts", row, measure, row.values[measure], terms,
            f"{NAMES[whole]}（{fund}）= " + " + ".join(NAMES[p] for p in parts))


def _row_blocks(rows: list[Row], others: bool) -> list[dict[str, Row]]:
    """The parts printed as rows (福州, 广州, row-layout 决算: 合计 / 因公出国（境）费 / 公务用车购置及
    运行费 / 其中：购置费 / 运行费 / 公务接待费), part → row, a new block at each repeated part."""
    blocks: list[dict[str, Row]] = [{}]
    for row in rows:
        part = cell_part(row.name, (), others)
        if part in (None, "other"):
            continue
        if part in blocks[-1]:
            blocks.append({})
        blocks[-1][part] = row
    return [b for b in blocks if b]


def rows_add_up(rec: Recorder, table: str, paths: dict, rows: list[Row]) -> None:
    """合计 = 因公出国（境）费 + 公务接待费 + 公务用车购置及运行费 and 公务用车购置及运行费 = 购置费 +
    运行费, column by column, where the parts are the rows (no column names a part)."""
    others = _others(paths, rows)
    if any(cell_part("", path, others) for path in paths.values()):
        return  # the parts are columns: the row identities sum them
    for block in _row_blocks(rows, others):
        vehicle = ("vehicle",) if "vehicle" in block else ("vehicle_purchase", "vehicle_operation")
        for whole, parts in (("total", ("overseas_travel", "reception", *vehicle)),
                             ("vehicle", ("vehicle_purchase", "vehicle_operation"))):
            if whole not in block or any(p not in block for p in parts):
                continue
            top = block[whole]
            for measure, value in top.values.items():
                if all(measure in block[p].values for p in parts):
                    rec.add("three_public_parts", top, measure, value, [(NAMES[p], block[p].values[measure]) for p in parts],
                            f"{NAMES[whole]} = " + " + ".join(NAMES[p] for p in parts))


def parts_add_up(ix: TableIndex, rec: Recorder, n: Narrative | None, budget: Budget) -> None:
    for table in TABLES:
        paths = {c.measure: c.path for c in ix.columns.get(table, []) if c.role == "amount"}
        rows = ix.rows.get(table, [])
        if not any(FUND.match(s) for path in paths.values() for s in path):
            rows_add_up(rec, table, paths, rows)
            continue
        others = _others(paths, rows)
        for row in rows:
            cells = _cells(row, paths, others)
            for fund in sorted({f for f, _ in cells}):
                vehicle = ("vehicle",) if (fund, "vehicle") in cells else ("vehicle_purchase", "vehicle_operation")
                _add(rec, row, cells, fund, "total", ("overseas_travel", "reception", *vehicle))
                _add(rec, row, cells, fund, "vehicle", ("vehicle_purchase", "vehicle_operation"))
