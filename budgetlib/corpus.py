"""Many documents in one DuckDB database: ``budgetlib batch`` and ``budgetlib.corpus()``.

Workers (local processes, or a Dask cluster) extract; one writer — this process — stores each
document in a single transaction (its documents row, its facts, its findings). So an
interrupted run leaves whole documents or nothing of them, and the next run, which skips every
content hash already stored by the same library version, completes it to what one
uninterrupted run gives. A document extracted by another version is extracted again.
"""
from __future__ import annotations

import hashlib
import os
import time
import warnings
from collections.abc import Iterable, Iterator
from functools import partial
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from .cache import code_fingerprint
from .clean import is_money_measure, to_wan
from .errors import BudgetInputError, OutputError, TimeLimit
from .guard import watch, with_complaints
from .model import FACT_COLUMNS, FINDING_COLUMNS
from .pipeline import read_budget
from .settings import DEFAULT, Settings
from .store import display_name
from .tables import FUNCTION_TABLES
from .workers import run_each

DEFAULT_DIR = Path("data/processed")
SCHEMA = [
    """CREATE TABLE IF NOT EXISTS documents (
        document_id VARCHAR PRIMARY KEY,  -- sha256 of the PDF's bytes
        file VARCHAR, unit VARCHAR, year INTEGER, kind VARCHAR, level VARCHAR, money_unit VARCHAR,
        pages INTEGER, tables INTEGER, facts INTEGER, status VARCHAR, error VARCHAR,
        checks_ok INTEGER, checks_rounding INTEGER, checks_break INTEGER,
        defects INTEGER, warnings INTEGER, infos INTEGER,
        library VARCHAR)  -- fingerprint of the budgetlib code that extracted it""",
    """CREATE TABLE IF NOT EXISTS facts (
        document_id VARCHAR, "table" VARCHAR, unit VARCHAR, code VARCHAR, name VARCHAR, measure VARCHAR,
        amount DECIMAL(38, 6), money_unit VARCHAR, subject_code VARCHAR, level VARCHAR, parent_code VARCHAR,
        classification VARCHAR, page INTEGER, amount_wan DECIMAL(38, 10))""",
    """CREATE TABLE IF NOT EXISTS findings (
        document_id VARCHAR, rule VARCHAR, severity VARCHAR, page INTEGER, "table" VARCHAR, message VARCHAR,
        evidence VARCHAR, expected VARCHAR, printed VARCHAR)""",
]
TOTAL_MEASURES = ("支出总计", "合计", "本年支出合计", "金额", "总计")


def find_pdfs(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """Every PDF under the given files and folders, in a stable order."""
    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found += sorted(q for q in p.rglob("*") if q.suffix.lower() == ".pdf" and q.is_file())
        else:
            found.append(p)
    return list(dict.fromkeys(found))


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def failed(path: str, error: str, status: str = "failed") -> dict:
    """The rows of a document no worker could extract (it died, overran, or a bug of ours)."""
    p = Path(path)
    try:
        doc_id = sha256_of(p)
    except OSError:
        doc_id = f"missing:{p}"
    return {"document": {"document_id": doc_id, "file": display_name(p.name), "status": status,
                         "error": display_name(error)}, "facts": None, "findings": []}


def extract_one(path: str, settings: Settings = DEFAULT) -> dict:
    """Run in a worker: one PDF → its rows for the three tables (plain data, picklable)."""
    warnings.filterwarnings("ignore")
    path = Path(path)
    doc_id = sha256_of(path)
    base = {"document_id": doc_id, "file": display_name(path.name)}
    try:
        with watch(path, settings) as complaints:
            b = with_complaints(read_budget(path, settings=settings), complaints)
    except TimeLimit as exc:  # not the document's fault: a rerun with a longer --timeout may read it
        return {"document": {**base, "status": "failed", "error": display_name(str(exc))}, "facts": None,
                "findings": []}
    except BudgetInputError as exc:
        return {"document": {**base, "status": "refused", "error": display_name(str(exc))}, "facts": None,
                "findings": []}
    except Exception as exc:  # a bug of ours must not stop the batch
        return {"document": {**base, "status": "failed", "error": f"{type(exc).__name__}: {exc}"},
                "facts": None, "findings": []}
    d = b.document
    t = b.tally()
    status, sev = t["checks"], t["findings"]
    facts = b.facts[FACT_COLUMNS].copy()
    facts.insert(0, "document_id", doc_id)
    # a count (数量) or a rate (增减率) has no money unit and no amount in 万元
    facts["amount_wan"] = [to_wan(a, u) if is_money_measure(m) else None
                           for a, u, m in zip(facts["amount"], facts["money_unit"], facts["measure"])]
    document = {**base, "unit": d["unit"], "year": d["year"], "kind": d["kind"], "level": d.get("level", ""),
                "money_unit": d["money_unit"], "pages": d["pages"], "tables": len(b.tables), "facts": len(facts),
                "status": "ok", "error": None, "checks_ok": status["ok"], "checks_rounding": status["rounding"],
                "checks_break": status["break"], "defects": sev["defect"], "warnings": sev["warning"],
                "infos": sev["info"]}
    findings = [{"document_id": doc_id, **{k: f[k] for k in FINDING_COLUMNS}} for f in b.findings]
    return {"document": document, "facts": facts, "findings": findings}


def connect(path: str | os.PathLike):
    """The corpus database, opened for writing; ``OutputError`` (one line) if it cannot be."""
    import duckdb

    try:
        con = duckdb.connect(str(path))
        for statement in SCHEMA:
            con.execute(statement)
        con.execute("ALTER TABLE documents ADD COLUMN IF NOT EXISTS library VARCHAR")  # corpora from before 0.1
    except duckdb.Error as exc:
        raise OutputError(f"{path}: {database_problem(exc)}") from None
    return con


def database_problem(exc: Exception) -> str:
    """One line for what stopped the database: a lock, a full disk, a read-only folder."""
    text = str(exc)
    if "lock" in text.lower():
        return "in use by another process (a batch still running?); wait for it or use another -o"
    if "No space left" in text or "ENOSPC" in text:
        return "the disk is full"
    if "Read-only" in text or "read-only" in text or "Permission denied" in text:
        return "the folder is read-only"
    return text.splitlines()[0] if text else type(exc).__name__


def store(con, result: dict) -> None:
    """One document, all or nothing."""
    doc = {**result["document"], "library": code_fingerprint()}
    con.begin()
    try:
        for table in ("documents", "facts", "findings"):  # an older extraction of the same bytes is replaced
            con.execute(f"DELETE FROM {table} WHERE document_id = ?", [doc["document_id"]])
        cols = ["document_id", "file", "unit", "year", "kind", "level", "money_unit", "pages", "tables", "facts",
                "status", "error", "checks_ok", "checks_rounding", "checks_break", "defects", "warnings", "infos",
                "library"]
        con.execute(f"INSERT INTO documents ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                    [doc.get(c) for c in cols])
        facts = result["facts"]
        if facts is not None and len(facts):
            facts = facts.assign(amount=facts["amount"].map(str), amount_wan=facts["amount_wan"].map(lambda v: None if v is None else str(v)))
            con.register("new_facts", facts)
            con.execute('INSERT INTO facts SELECT document_id, "table", unit, code, name, measure, '
                        'CAST(amount AS DECIMAL(38, 6)), money_unit, subject_code, level, parent_code, classification, '
                        'page, CAST(amount_wan AS DECIMAL(38, 10)) FROM new_facts')
            con.unregister("new_facts")
        if result["findings"]:
            f = pd.DataFrame(result["findings"])
            f["page"] = f["page"].astype("Int64")
            for col in ("expected", "printed"):
                f[col] = f[col].map(lambda v: None if v is None else str(v))
            con.register("new_findings", f)
            con.execute('INSERT INTO findings SELECT document_id, rule, severity, page, "table", message, evidence, '
                        'expected, printed FROM new_findings')
            con.unregister("new_findings")
        con.commit()
    except Exception:
        con.rollback()
        raise


def store_or_stop(con, result: dict) -> None:
    """``store``, with a database failure (disk full, read-only) as one ``OutputError``."""
    import duckdb

    try:
        store(con, result)
    except duckdb.Error as exc:
        raise OutputError(f"corpus.duckdb: {database_problem(exc)}; the documents stored so far are kept") from None


def _largest_first(paths: list[str]) -> list[str]:
    """Biggest files first, so that the last document to finish is a small one (workers stay busy)."""
    def size(p: str) -> int:
        try:
            return os.path.getsize(p)
        except OSError:
            return 0
    return sorted(paths, key=lambda p: (-size(p), str(p)))


def _local(paths: list[str], workers: int, settings: Settings) -> Iterator[dict]:
    """Each document in its own worker; one that dies or overruns is a failed document."""
    grace = settings.document_seconds + 60  # the worker's own alarm ends it first; this is for a hang in C
    for path, status, value in run_each(partial(extract_one, settings=settings), _largest_first(paths), workers, grace):
        yield value if status == "ok" else failed(path, value)


def _dask(paths: list[str], scheduler: str, settings: Settings) -> Iterator[dict]:
    from distributed import Client, as_completed as dask_completed

    with Client(scheduler) as client:
        futures = client.map(partial(extract_one, settings=settings), paths, pure=False)
        for future in dask_completed(futures):
            yield future.result()


def run_batch(paths: Iterable[str | os.PathLike], out_dir: str | os.PathLike = DEFAULT_DIR, workers: int | None = None,
              scheduler: str | None = None, progress: bool = True, settings: Settings = DEFAULT) -> dict:
    """Extract every new PDF under ``paths`` into ``out_dir/corpus.duckdb``. Returns a tally.
    Raises ``OutputError`` (one line) when the database cannot be opened or written."""
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{out_dir}: cannot write the corpus ({exc.strerror or exc})") from None
    con = connect(out_dir / "corpus.duckdb")
    try:
        # a document counts as done only if this version of the library extracted it
        known = {r[0] for r in con.execute("SELECT document_id FROM documents WHERE library = ?",
                                           [code_fingerprint()]).fetchall()}
        todo, skipped, seen = [], 0, set()
        for pdf in find_pdfs(paths):
            digest = sha256_of(pdf) if pdf.is_file() else None
            if digest in known or digest in seen:
                skipped += 1
                continue
            if digest is None:
                store_or_stop(con, {"document": {"document_id": f"missing:{pdf}", "file": pdf.name, "status": "refused",
                                         "error": f"{pdf}: no such file"}, "facts": None, "findings": []})
                continue
            seen.add(digest)
            todo.append(str(pdf))
        tally = {"found": len(todo) + skipped, "skipped": skipped, "extracted": 0, "failed": 0}
        results = (_dask(todo, scheduler, settings) if scheduler
                   else _local(todo, workers or os.cpu_count() or 1, settings))
        start = time.perf_counter()
        with tqdm(total=len(todo), unit="doc", desc="batch", disable=not progress or not todo) as bar:
            for result in results:
                store_or_stop(con, result)
                ok = result["document"]["status"] == "ok"
                tally["extracted" if ok else "failed"] += 1
                bar.update(1)
                bar.set_postfix(failed=tally["failed"], rate=f"{bar.n / max(time.perf_counter() - start, 1e-9) * 60:.0f}/min")
        tally["seconds"] = round(time.perf_counter() - start, 2)
        return tally
    finally:
        con.close()


class Corpus:
    """The corpus database for pandas users: ``.documents()``, ``.facts()``, ``.findings()``, ``.sql()``."""

    def __init__(self, path: str | os.PathLike | None = None):
        import duckdb

        self.path = Path(path) if path else DEFAULT_DIR / "corpus.duckdb"
        if not self.path.exists():
            raise FileNotFoundError(f"{self.path}: no corpus yet; build one with `budgetlib batch PDF_FOLDER`")
        self.con = duckdb.connect(str(self.path), read_only=True)

    def sql(self, query: str, params=None) -> pd.DataFrame:
        return self.con.execute(query, params or []).df()

    def documents(self) -> pd.DataFrame:
        return self.sql("SELECT * FROM documents ORDER BY file, document_id")

    def facts(self) -> pd.DataFrame:
        return self.sql('SELECT * FROM facts ORDER BY document_id, page')

    def findings(self) -> pd.DataFrame:
        return self.sql("SELECT * FROM findings ORDER BY document_id, page")

    def spending_by_class(self) -> pd.DataFrame:
        """功能分类 类 spending per document in 万元: for each document the first of its function
        tables (支出总表, 支出决算表, 财政拨款支出表, 一般公共预算支出表) on its total column, every
        unit's 类 rows summed. Columns: file, unit, year, kind, subject_code, name, amount_wan."""
        facts = self.sql("""SELECT d.file, d.unit AS doc_unit, d.year, d.kind, f."table", f.measure, f.subject_code,
                                   f.name, CAST(f.amount_wan AS DOUBLE) AS amount_wan
                            FROM facts f JOIN documents d USING (document_id)
                            WHERE f.level = '类' AND f.classification = '功能分类' AND f.code <> ''""")
        out = []
        for file, doc in facts.groupby("file", sort=True):
            table = next((t for t in FUNCTION_TABLES if t in set(doc["table"])), None)
            rows = doc[doc["table"] == table]
            measure = next((m for m in TOTAL_MEASURES if m in set(rows["measure"])), None)
            rows = rows[rows["measure"] == measure]
            summed = rows.groupby(["subject_code"], as_index=False).agg(name=("name", "first"),
                                                                        amount_wan=("amount_wan", "sum"))
            summed.insert(0, "file", file)
            for col in ("doc_unit", "year", "kind"):
                summed.insert(1, col, doc[col].iloc[0])
            out.append(summed)
        cols = ["file", "kind", "year", "doc_unit", "subject_code", "name", "amount_wan"]
        frame = pd.concat(out, ignore_index=True)[cols] if out else pd.DataFrame(columns=cols)
        return frame.rename(columns={"doc_unit": "unit"})

    def close(self) -> None:
        self.con.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def corpus(path: str | os.PathLike | None = None) -> Corpus:
    """Open the corpus database (default ``data/processed/corpus.duckdb``) read-only."""
    return Corpus(path)
