"""budgetlib's speed and memory against camelot and pdfplumber, measured in one run, as whole processes.

Run (about 10 minutes on 2 cores; nothing else heavy should run meanwhile):

    .venv/bin/python benchmarks/bench_extract.py            # full run → benchmarks/results.json + RESULTS.md
    .venv/bin/python benchmarks/bench_extract.py --quick    # 2 documents, 1 repeat, 4-document batch; prints only
    .venv/bin/python benchmarks/bench_extract.py --markdown-from benchmarks/results.json   # RESULTS.md again
    .venv/bin/python benchmarks/bench_extract.py --help     # --repeat, --json, --markdown, PDF arguments

What one run measures (every time is wall-clock seconds of a whole process, the median of
--repeat runs; the contenders take turns — document by document, repeat by repeat, in a rotating
order — so a noisy neighbour slows all of them rather than one):

1. cold extract of each document, one process each:
     budgetlib       python -m budgetlib extract PDF --no-cache -o TMP   (an empty $BUDGETLIB_CACHE)
     camelot vector  camelot.read_pdf(PDF, pages="all", flavor="lattice", engine="vector")
     camelot default camelot.read_pdf(PDF, pages="all", flavor="lattice")   (renders every page)
     pdfplumber      for page in pdfplumber.open(PDF).pages: page.extract_tables()
2. warm time per page: one process per document imports budgetlib and runs
   budgetlib.read_budget(PDF) once (imports, fonts, lazy tables), then times --repeat more
   read_budget calls (no cache) → "warm ms/page"; it also fills an empty cache with budgetlib.load
   and times the second load (a cache hit) → "hit ms/page".
3. batch throughput: python -m budgetlib batch FOLDER -o TMP --workers 1 and --workers 2 over a
   folder of symlinks to ~10 real documents (a new, empty output folder each run) → documents per
   hour, and the 2-worker speed-up (median seconds of 1 worker / median seconds of 2).
4. peak RSS (MiB) of every process, from os.wait4. For the batch it is the largest of the batch
   process and its worker processes (Linux reports the maximum over the waited-for process tree),
   i.e. the memory of the biggest single process, not the sum.

How to read the ratios: "budgetlib / X" is budgetlib's cold seconds divided by contender X's, on
the same document in the same run; below 1.0 budgetlib is faster. Compare ratios, not seconds:
these machines are shared and noisy, so this script asserts nothing about time. Note that the
contenders only find table cells, while budgetlib also locates, tidies, codes and validates the
tables and writes CSV/Parquet (and imports pandas, pyarrow, click); but the contenders read every
page, budgetlib only the pages its text scan locates (plus a rendering fallback on the pages where
the vector engine misses a grid). "pages/s" counts all pages of the document for every contender.

The goals of the "Performance" issue, which the printed table marks:
    cold extract   <= 1.0 x camelot vector (all documents together)
    warm           <= 20 ms per page
    batch          >= 1.85 x speed-up on 2 workers
    memory         <= 250 MB (MiB here) per worker process
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
SAMPLE = ROOT / "data/raw/luohu-2024-budget.pdf"
DOCUMENT_FOLDERS = [ROOT / "tests/data/real", ROOT / "tests/data/regions"]  # the real documents (moving to regions/)


def real(name: str) -> Path:
    """A real test document by file name, wherever under tests/data it lives now."""
    for folder in DOCUMENT_FOLDERS:
        if (folder / name).is_file():
            return folder / name
    found = sorted((ROOT / "tests/data").rglob(name))
    if not found:
        raise SystemExit(f"{name}: not under {ROOT / 'tests/data'}; pass documents as arguments")
    return found[0]


# different producers, layouts and sizes (see tests/data/real/SOURCES.md), 13 to 41 pages; about 7 minutes
COLD_DOCUMENTS = [
    "江苏省人大常委会办公厅2019年部门预算公开表.pdf",  # 13 pp, Distiller, tables only, 7-digit codes
    "上海市普陀区财政局2024年度部门决算.pdf",  # 25 pp, 3.5 MB ONLYOFFICE, 类/款/项 columns, 决算
    "广州-信访局_2026年部门预算.pdf",  # 25 pp, codes in brackets inside the name cell
    "西安-气象局_2026年部门预算.pdf",  # 33 pp, Acrobat, amounts in 元, a 序号 column
    "2026年杭州市交通运输局部门预算.pdf",  # 41 pp, no codes, tables over 2 pages
]  # after the sample (data/raw/luohu-2024-budget.pdf, 25 pp)
BATCH_DOCUMENTS = [
    "江苏省人大常委会办公厅2019年部门预算公开表.pdf", "上海市财政局25年预算.pdf", "2026年重庆市委宣传部部门预算.pdf",
    "广州-信访局_2026年部门预算.pdf", "上海市普陀区商务委员会25年预算.pdf", "上海市普陀区财政局2024年度部门决算.pdf",
    "江苏省高级人民法院2019年度部门预算公开.pdf", "2026年佛山市交通运输局部门预算.pdf", "2026年重庆市规划和自然资源局部门预算.pdf",
    "2026年苏州市审计局部门预算.pdf",
]
QUICK_COLD = COLD_DOCUMENTS[:1]
QUICK_BATCH = BATCH_DOCUMENTS[:4]

GOALS = {"cold_vs_vector": 1.0, "warm_ms_per_page": 20.0, "batch_speedup": 1.85, "worker_rss_mib": 250}

CONTENDERS = {  # name → the command for one PDF (budgetlib's output folder filled in by cold_command)
    "budgetlib": None,
    "camelot vector": "import sys, camelot; camelot.read_pdf(sys.argv[1], pages='all', flavor='lattice', engine='vector')",
    "camelot default": "import sys, camelot; camelot.read_pdf(sys.argv[1], pages='all', flavor='lattice')",
    "pdfplumber": "import sys, pdfplumber\nfor page in pdfplumber.open(sys.argv[1]).pages: page.extract_tables()",
}

WARM_SCRIPT = r"""
import json, os, statistics, sys, time, warnings, logging
warnings.filterwarnings("ignore")
logging.disable(logging.CRITICAL)
path, repeat = sys.argv[1], int(sys.argv[2])
t = time.perf_counter(); import budgetlib; imports = time.perf_counter() - t
t = time.perf_counter(); budgetlib.read_budget(path); first = time.perf_counter() - t
warm = []
for _ in range(repeat):
    t = time.perf_counter(); budgetlib.read_budget(path); warm.append(time.perf_counter() - t)
budgetlib.load(path)  # fills the empty $BUDGETLIB_CACHE
hit = []
for _ in range(repeat):
    t = time.perf_counter(); budgetlib.load(path); hit.append(time.perf_counter() - t)
print(json.dumps({"imports": imports, "first": first, "warm": warm, "hit": hit}))
"""


@dataclass
class Measurement:
    """Repeated runs of one contender on one input: seconds and peak RSS (MiB) of each run."""

    section: str  # "cold", "warm", "batch"
    contender: str
    document: str
    pages: int
    seconds: list[float] = field(default_factory=list)
    rss_mib: list[int] = field(default_factory=list)
    extra: dict = field(default_factory=dict)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds) if self.seconds else float("nan")

    @property
    def peak_rss(self) -> int:
        return max(self.rss_mib, default=0)


# ---------------------------------------------------------------------------------------- running


def descendants(pid: int) -> list[int]:
    """The processes below ``pid`` (Linux /proc), children before grandchildren."""
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        try:
            tasks = os.listdir(f"/proc/{p}/task")
        except OSError:
            continue
        for t in tasks:
            try:
                kids = [int(k) for k in Path(f"/proc/{p}/task/{t}/children").read_text().split()]
            except OSError:
                continue
            found += kids
            todo += kids
    return found


def memory_kib(pid: int) -> tuple[int, int]:
    """(VmHWM, Pss) of a process in KiB: its own peak RSS so far, and its current proportional
    set size (pages shared with the parent after fork counted by share); (0, 0) once it is gone."""
    def field_of(file: str, name: str) -> int:
        try:
            for line in Path(f"/proc/{pid}/{file}").read_text().splitlines():
                if line.startswith(name):
                    return int(line.split()[1])
        except (OSError, ValueError):
            pass
        return 0

    return field_of("status", "VmHWM:"), field_of("smaps_rollup", "Pss:")


class ChildWatch(threading.Thread):
    """Samples the memory of each descendant of a process (a batch's workers) every ``every`` s."""

    def __init__(self, pid: int, every: float = 0.1):
        super().__init__(daemon=True)
        self.pid, self.every, self.rss, self.pss, self.done = pid, every, {}, {}, threading.Event()

    def run(self) -> None:
        while not self.done.wait(self.every):
            for child in descendants(self.pid):
                rss, pss = memory_kib(child)
                self.rss[child] = max(self.rss.get(child, 0), rss)
                self.pss[child] = max(self.pss.get(child, 0), pss)

    def stop(self) -> tuple[int, int]:
        """Largest peak RSS and largest sampled PSS (MiB) among the descendants."""
        self.done.set()
        self.join()
        return max(self.rss.values(), default=0) // 1024, max(self.pss.values(), default=0) // 1024


def run(cmd: list[str], env: dict, cwd: Path | None = None, watch: bool = False) -> tuple[float, int, str]:
    """Wall seconds, peak RSS (MiB; with its waited-for children) and stdout of one process;
    with ``watch``, also the largest peak RSS among its child processes (sampled): (…, stdout, child MiB)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=out, stderr=err)
        watcher = ChildWatch(proc.pid) if watch else None
        if watcher:
            watcher.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        child_mib = watcher.stop() if watcher else None
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0), err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    if proc.returncode != 0:
        raise RuntimeError(f"exit {proc.returncode}: {' '.join(map(str, cmd))}\n{stderr[-3000:]}")
    if watch:
        return seconds, usage.ru_maxrss // 1024, stdout, child_mib
    return seconds, usage.ru_maxrss // 1024, stdout


def pages_of(path: Path) -> int:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def rotated(items: list, k: int) -> list:
    """items, started at position k (so no contender always runs first, after the cache drop)."""
    k %= len(items)
    return items[k:] + items[:k]


def fresh(folder: Path) -> Path:
    """An empty folder (removed first if it exists)."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def cold_command(contender: str, pdf: Path, out: Path) -> list[str]:
    if contender == "budgetlib":
        return [PYTHON, "-m", "budgetlib", "extract", str(pdf), "--no-cache", "-o", str(out)]
    return [PYTHON, "-c", CONTENDERS[contender], str(pdf)]


def base_env(tmp: Path) -> dict:
    return {**os.environ, "BUDGETLIB_CACHE": str(tmp / "cache"), "PYTHONWARNINGS": "ignore"}


def measure_cold(docs: list[Path], repeat: int, tmp: Path, log) -> list[Measurement]:
    env = base_env(tmp)
    names = list(CONTENDERS)
    table = {(d, c): Measurement("cold", c, d.name, pages_of(d)) for d in docs for c in names}
    for rep in range(repeat):
        for i, doc in enumerate(docs):
            for contender in rotated(names, rep + i):
                fresh(tmp / "cache")  # budgetlib's cache is empty for every cold run
                seconds, rss, _ = run(cold_command(contender, doc, fresh(tmp / "out")), env, cwd=tmp)
                m = table[doc, contender]
                m.seconds.append(seconds)
                m.rss_mib.append(rss)
                log(f"cold  {rep + 1}/{repeat} {doc.name[:30]:<30} {contender:<16} {seconds:6.2f} s {rss:4d} MiB")
    return list(table.values())


def measure_warm(docs: list[Path], repeat: int, tmp: Path, log) -> list[Measurement]:
    out = []
    for doc in docs:
        env = {**base_env(tmp), "BUDGETLIB_CACHE": str(fresh(tmp / "warm-cache"))}
        seconds, rss, stdout = run([PYTHON, "-c", WARM_SCRIPT, str(doc), str(repeat)], env, cwd=tmp)
        r = json.loads(stdout.strip().splitlines()[-1])
        m = Measurement("warm", "budgetlib read_budget", doc.name, pages_of(doc), seconds=r["warm"], rss_mib=[rss],
                        extra={"imports": r["imports"], "first": r["first"], "hit": r["hit"], "process": seconds})
        out.append(m)
        log(f"warm  {doc.name[:30]:<30} {m.median / m.pages * 1000:6.1f} ms/page "
            f"(hit {statistics.median(r['hit']) / m.pages * 1000:.2f} ms/page) {rss} MiB")
    return out


def batch_folder(names: list[str], tmp: Path) -> tuple[Path, int]:
    folder = fresh(tmp / "batch-in")
    for name in names:
        (folder / name).symlink_to(real(name))
    return folder, sum(pages_of(real(n)) for n in names)


def batch_tally(stdout: str) -> dict:
    """The counts of the CLI's last line: 'N PDFs: a extracted, b failed or refused, ...'."""
    import re

    m = re.search(r"(\d+) PDFs: (\d+) extracted, (\d+) failed", stdout)
    return {"found": int(m[1]), "extracted": int(m[2]), "failed": int(m[3])} if m else {}


def measure_batch(names: list[str], repeat: int, tmp: Path, log, workers=(1, 2)) -> list[Measurement]:
    env = base_env(tmp)
    folder, pages = batch_folder(names, tmp)
    table = {w: Measurement("batch", f"batch --workers {w}", f"{len(names)} documents", pages) for w in workers}
    for rep in range(repeat):
        for w in rotated(list(workers), rep):
            cmd = [PYTHON, "-m", "budgetlib", "batch", str(folder), "-o", str(fresh(tmp / "batch-out")),
                   "--workers", str(w)]
            seconds, rss, stdout, (worker_rss, worker_pss) = run(cmd, env, cwd=tmp, watch=True)
            m = table[w]
            m.seconds.append(seconds)
            m.rss_mib.append(rss)
            m.extra = {**batch_tally(stdout), "documents": len(names),
                       "worker_rss_mib": max(m.extra.get("worker_rss_mib", 0), worker_rss),
                       "worker_pss_mib": max(m.extra.get("worker_pss_mib", 0), worker_pss)}
            log(f"batch {rep + 1}/{repeat} workers={w} {seconds:6.2f} s {rss:4d} MiB (largest worker: RSS {worker_rss},"
                f" PSS {worker_pss} MiB) {batch_tally(stdout)}")
    return list(table.values())


def environment(tmp: Path) -> dict:
    """What was measured on what: versions, the budgetlib source tree, the machine's load."""
    probe = ("import json, budgetlib, camelot, pdfplumber, pandas; print(json.dumps({'budgetlib': budgetlib.__file__,"
             " 'camelot': camelot.__version__, 'pdfplumber': pdfplumber.__version__, 'pandas': pandas.__version__}))")
    _, _, stdout = run([PYTHON, "-c", probe], base_env(tmp), cwd=tmp)
    try:
        commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True).stdout.strip()
    except OSError:
        commit = ""
    return {**json.loads(stdout), "commit": commit, "python": platform.python_version(), "cores": os.cpu_count(),
            "machine": platform.machine(), "pythonpath": os.environ.get("PYTHONPATH", "")}


# ---------------------------------------------------------------------------------------- results


def ratio(a: float, b: float) -> float | None:
    return round(a / b, 3) if b else None


def cold_rows(cold: list[Measurement]) -> list[dict]:
    """One row per document (and one for all documents together) from the cold measurements."""
    by_doc: dict[str, dict[str, Measurement]] = {}
    for m in cold:
        by_doc.setdefault(m.document, {})[m.contender] = m
    rows = []
    for doc, ms in by_doc.items():
        rows.append(_cold_row(doc, next(iter(ms.values())).pages, {c: m.median for c, m in ms.items()},
                              {c: m.peak_rss for c, m in ms.items()}))
    if rows:
        total = {c: sum(r["seconds"][c] for r in rows) for c in CONTENDERS}
        rss = {c: max(r["rss_mib"][c] for r in rows) for c in CONTENDERS}
        rows.append(_cold_row("all documents together", sum(r["pages"] for r in rows), total, rss))
    return rows


def _cold_row(doc: str, pages: int, seconds: dict, rss: dict) -> dict:
    b = seconds["budgetlib"]
    return {"document": doc, "pages": pages, "seconds": {c: round(s, 3) for c, s in seconds.items()},
            "ratios": {f"budgetlib / {c}": ratio(b, seconds[c]) for c in CONTENDERS if c != "budgetlib"},
            "pages_per_second": {c: round(pages / s, 2) for c, s in seconds.items()}, "rss_mib": rss}


def warm_rows(warm: list[Measurement]) -> list[dict]:
    return [{"document": m.document, "pages": m.pages, "imports_s": round(m.extra["imports"], 3),
             "first_s": round(m.extra["first"], 3), "warm_s": round(m.median, 3),
             "warm_ms_per_page": round(m.median / m.pages * 1000, 1),
             "hit_ms_per_page": round(statistics.median(m.extra["hit"]) / m.pages * 1000, 3),
             "rss_mib": m.peak_rss} for m in warm]


def batch_summary(batch: list[Measurement]) -> dict:
    by = {m.contender: m for m in batch}
    rows = [{"workers": int(c.rsplit(" ", 1)[1]), "documents": m.extra.get("documents"), "pages": m.pages,
             "extracted": m.extra.get("extracted"), "failed": m.extra.get("failed"), "seconds": round(m.median, 3),
             "docs_per_hour": round(m.extra.get("documents", 0) / m.median * 3600), "max_rss_mib": m.peak_rss,
             "worker_rss_mib": m.extra.get("worker_rss_mib"), "worker_pss_mib": m.extra.get("worker_pss_mib")}
            for c, m in by.items()]
    one = next((r for r in rows if r["workers"] == 1), None)
    two = next((r for r in rows if r["workers"] == 2), None)
    return {"runs": rows, "speedup_2_over_1": ratio(one["seconds"], two["seconds"]) if one and two else None}


def results(cold, warm, batch, env: dict, repeat: int, started: float, load: tuple) -> dict:
    rows = cold_rows(cold)
    summary = batch_summary(batch)
    total = rows[-1] if rows else None
    worst_warm = max((r["warm_ms_per_page"] for r in warm_rows(warm)), default=None)
    # per worker: the cold extract processes and the batch's worker processes (not the batch's writer process)
    rss_all = [m.peak_rss for m in cold if m.contender == "budgetlib"] + [r["worker_rss_mib"] or 0 for r in summary["runs"]]
    return {
        "environment": {**env, "repeat": repeat, "statistic": "median",
                        "date": time.strftime("%Y-%m-%d %H:%M", time.localtime(started)),
                        "run_seconds": round(time.time() - started), "load_before": load,
                        "load_after": os.getloadavg()},
        "goals": GOALS,
        "goal_check": {
            "cold_vs_vector": total["ratios"]["budgetlib / camelot vector"] if total else None,
            "warm_ms_per_page_worst": worst_warm,
            "batch_speedup": summary["speedup_2_over_1"],
            "budgetlib_max_rss_mib": max(rss_all, default=None),
        },
        "cold": rows,
        "warm": warm_rows(warm),
        "batch": summary,
        "raw": [asdict(m) for m in cold + warm + batch],
    }


# ---------------------------------------------------------------------------------------- rendering

SHORT = {"budgetlib": "budgetlib", "camelot vector": "vector", "camelot default": "default", "pdfplumber": "plumber"}


def _f(x, spec: str = ".2f") -> str:
    return "–" if x is None else format(x, spec)


def verdict(name: str, value) -> str:
    if value is None:
        return "not measured"
    goal = GOALS[name if name != "warm_ms_per_page_worst" else "warm_ms_per_page"] if name != "budgetlib_max_rss_mib" \
        else GOALS["worker_rss_mib"]
    ok = value >= goal if name == "batch_speedup" else value <= goal
    return "met" if ok else "NOT met"


def goal_lines(r: dict) -> list[tuple[str, str, str]]:
    g = r["goal_check"]
    return [
        ("cold extract / camelot vector (all documents)", f"{_f(g['cold_vs_vector'])} x", "<= 1.0 x",
         verdict("cold_vs_vector", g["cold_vs_vector"])),
        ("warm read_budget, worst document", f"{_f(g['warm_ms_per_page_worst'], '.1f')} ms/page", "<= 20 ms/page",
         verdict("warm_ms_per_page_worst", g["warm_ms_per_page_worst"])),
        ("batch speed-up, 2 workers over 1", f"{_f(g['batch_speedup'])} x", ">= 1.85 x",
         verdict("batch_speedup", g["batch_speedup"])),
        ("peak RSS of a budgetlib extract/worker process", f"{_f(g['budgetlib_max_rss_mib'], 'd')} MiB", "<= 250 MB",
         verdict("budgetlib_max_rss_mib", g["budgetlib_max_rss_mib"])),
    ]


def text_report(r: dict) -> str:
    """The plain-text table printed at the end of a run."""
    names = list(CONTENDERS)
    lines = [f"{'cold extract (median s)':<40} {'pages':>5} " + " ".join(f"{SHORT[c]:>9}" for c in names)
             + f" {'/vector':>7} {'/default':>8} {'/plumber':>8} {'bl p/s':>6}  RSS MiB bl/vec/def/plb"]
    for row in r["cold"]:
        s, q = row["seconds"], row["ratios"]
        lines.append(f"{row['document'][:40]:<40} {row['pages']:>5} " + " ".join(f"{s[c]:>8.2f}s" for c in names)
                     + f" {_f(q['budgetlib / camelot vector']):>7} {_f(q['budgetlib / camelot default']):>8}"
                     f" {_f(q['budgetlib / pdfplumber']):>8} {row['pages_per_second']['budgetlib']:>6.1f}  "
                     + "/".join(str(row["rss_mib"][c]) for c in names))
    lines += ["", f"{'warm (one process)':<40} {'pages':>5} {'import s':>8} {'1st s':>7} {'warm s':>7}"
                  f" {'ms/page':>8} {'hit ms/p':>8} {'RSS MiB':>8}"]
    for w in r["warm"]:
        lines.append(f"{w['document'][:40]:<40} {w['pages']:>5} {w['imports_s']:>8.2f} {w['first_s']:>7.2f}"
                     f" {w['warm_s']:>7.2f} {w['warm_ms_per_page']:>8.1f} {w['hit_ms_per_page']:>8.2f} {w['rss_mib']:>8}")
    b = r["batch"]
    lines += ["", f"{'batch':<40} {'docs':>5} {'pages':>5} {'ok':>4} {'failed':>6} {'median s':>8} {'docs/hour':>9}"
                  f" {'max RSS MiB':>11} {'worker RSS':>10} {'worker PSS':>10}"]
    for run_ in b["runs"]:
        lines.append(f"{'--workers ' + str(run_['workers']):<40} {run_['documents']:>5} {run_['pages']:>5}"
                     f" {_f(run_['extracted'], 'd'):>4} {_f(run_['failed'], 'd'):>6} {run_['seconds']:>8.2f}"
                     f" {run_['docs_per_hour']:>9} {run_['max_rss_mib']:>11} {_f(run_['worker_rss_mib'], 'd'):>10}"
                     f" {_f(run_.get('worker_pss_mib'), 'd'):>10}")
    lines.append(f"{'speed-up 2 workers / 1':<40} {_f(b['speedup_2_over_1'])} x")
    lines += ["", "goals of the Performance issue:"]
    lines += [f"  {name:<48} {value:>14}   goal {goal:<14} {ok}" for name, value, goal, ok in goal_lines(r)]
    e = r["environment"]
    lines += ["", f"{e['cores']} cores, Python {e['python']}, camelot {e['camelot']}, pdfplumber {e['pdfplumber']},"
                  f" budgetlib {e['commit']} ({e['budgetlib']}); median of {e['repeat']}; run {e['run_seconds']} s;"
                  f" load average before {e['load_before'][0]:.2f}, after {e['load_after'][0]:.2f}"]
    return "\n".join(lines)


def markdown_report(r: dict) -> str:
    """RESULTS.md, for the README to include; generated from results.json only."""
    names = list(CONTENDERS)
    e = r["environment"]
    out = ["<!-- generated by: python benchmarks/bench_extract.py --markdown-from benchmarks/results.json -->", "",
           f"Measured {e['date']} on {e['cores']} cores (shared machine), Python {e['python']}, camelot {e['camelot']},"
           f" pdfplumber {e['pdfplumber']}, budgetlib {e['commit']}; every figure is the median of {e['repeat']}"
           " whole-process runs, the contenders interleaved. Ratios are budgetlib's cold seconds over the"
           " contender's (below 1 = budgetlib faster).", "",
           "| goal | measured | target | |", "|---|---:|---:|---|"]
    out += [f"| {name} | {value} | {goal.replace('<=', '≤').replace('>=', '≥')} | {ok} |"
            for name, value, goal, ok in goal_lines(r)]
    out += ["", "**Cold extract** (seconds per document, whole process; RSS in MiB)", "",
            "| document | pages | " + " | ".join(names) + " | / vector | / default | / pdfplumber | budgetlib pages/s"
            " | RSS " + "/".join(SHORT[c] for c in names) + " |",
            "|---|---:|" + "---:|" * (len(names) + 5)]
    for row in r["cold"]:
        s, q = row["seconds"], row["ratios"]
        doc = f"**{row['document']}**" if row is r["cold"][-1] else row["document"]
        out.append(f"| {doc} | {row['pages']} | " + " | ".join(f"{s[c]:.2f}" for c in names)
                   + f" | {_f(q['budgetlib / camelot vector'])} | {_f(q['budgetlib / camelot default'])}"
                   f" | {_f(q['budgetlib / pdfplumber'])} | {row['pages_per_second']['budgetlib']:.1f} | "
                   + "/".join(str(row["rss_mib"][c]) for c in names) + " |")
    out += ["", "**Warm** (one process: `budgetlib.read_budget` after a first call; `hit` = `budgetlib.load` from the"
                " cache)", "", "| document | pages | imports s | first call s | warm s | warm ms/page | hit ms/page |"
                " RSS MiB |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
    out += [f"| {w['document']} | {w['pages']} | {w['imports_s']:.2f} | {w['first_s']:.2f} | {w['warm_s']:.2f} |"
            f" {w['warm_ms_per_page']:.1f} | {w['hit_ms_per_page']:.2f} | {w['rss_mib']} |" for w in r["warm"]]
    b = r["batch"]
    out += ["", "**Batch** (`budgetlib batch FOLDER --workers N`, empty output folder; max RSS = the largest single"
                " process of the batch, writer included, from wait4; worker RSS / PSS = the largest worker's, sampled every"
                " 0.1 s; PSS counts pages shared with the forking parent by share)", "",
            "| workers | documents | pages | extracted | failed | seconds | docs/hour | max RSS MiB | worker RSS MiB"
            " | worker PSS MiB |", "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    out += [f"| {x['workers']} | {x['documents']} | {x['pages']} | {_f(x['extracted'], 'd')} | {_f(x['failed'], 'd')}"
            f" | {x['seconds']:.2f} | {x['docs_per_hour']} | {x['max_rss_mib']} | {_f(x['worker_rss_mib'], 'd')}"
            f" | {_f(x.get('worker_pss_mib'), 'd')} |" for x in b["runs"]]
    out += ["", f"Speed-up on 2 workers: **{_f(b['speedup_2_over_1'])} x**.", ""]
    return "\n".join(out)


# ---------------------------------------------------------------------------------------- main


def parse(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("pdfs", nargs="*", type=Path, help="documents for the cold and warm sections (default: a chosen 6)")
    p.add_argument("--quick", action="store_true", help="2 documents, 1 repeat, a 4-document batch; writes no files"
                                                        " unless --json/--markdown are given")
    p.add_argument("--repeat", type=int, default=None, help="runs per measurement (default 3, --quick 1)")
    p.add_argument("--json", type=Path, default=None, help="default benchmarks/results.json")
    p.add_argument("--markdown", type=Path, default=None, help="default benchmarks/RESULTS.md")
    p.add_argument("--markdown-from", type=Path, default=None, help="only regenerate the Markdown from this JSON")
    p.add_argument("--skip", action="append", default=[], choices=["cold", "warm", "batch"], help="leave a section out")
    return p.parse_args(argv)


def main(argv: list[str]) -> None:
    a = parse(argv)
    if a.markdown_from:
        r = json.loads(a.markdown_from.read_text(encoding="utf-8"))
        (a.markdown or HERE / "RESULTS.md").write_text(markdown_report(r), encoding="utf-8")
        print(text_report(r))
        return
    repeat = a.repeat or (1 if a.quick else 3)
    docs = a.pdfs or [SAMPLE, *map(real, QUICK_COLD if a.quick else COLD_DOCUMENTS)]
    batch_docs = QUICK_BATCH if a.quick else BATCH_DOCUMENTS
    json_path = a.json or (None if a.quick else HERE / "results.json")
    md_path = a.markdown or (None if a.quick else HERE / "RESULTS.md")
    started, load = time.time(), os.getloadavg()

    def log(line: str) -> None:
        print(f"[{time.time() - started:6.0f} s] {line}", file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory(prefix="budgetlib-bench-") as t:
        tmp = Path(t)
        env = environment(tmp)
        log(f"budgetlib from {env['budgetlib']}")
        cold = measure_cold(docs, repeat, tmp, log) if "cold" not in a.skip else []
        warm = measure_warm(docs, repeat, tmp, log) if "warm" not in a.skip else []
        batch = measure_batch(batch_docs, repeat, tmp, log) if "batch" not in a.skip else []
    r = results(cold, warm, batch, env, repeat, started, load)
    if json_path:
        json_path.write_text(json.dumps(r, ensure_ascii=False, indent=1), encoding="utf-8")
    if md_path:
        md_path.write_text(markdown_report(r), encoding="utf-8")
    print(text_report(r))


if __name__ == "__main__":
    main(sys.argv[1:])
