"""Extraction speed against plain camelot, measured in one run, as whole processes.

    .venv/bin/python benchmarks/bench_extract.py [PDF ...]    (default: the sample and tests/data/real)

For each PDF, best of three runs of
  (a) plain camelot:  camelot.read_pdf(path, pages="all", flavor="lattice")
  (b) cold:           budgetlib extract PATH --no-cache   (an empty cache folder)
  (c) warm:           budgetlib extract PATH              (the cache filled by b)
It prints seconds, the ratios b/a and c/a, pages per second, and the peak memory (RSS) of each
process. It asserts nothing about time: these machines are shared and noisy; the ratios
against a baseline measured in the same run are what to compare.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
BUDGETLIB = [PYTHON, "-m", "budgetlib"]


def run(cmd: list[str], env: dict) -> tuple[float, int]:
    """Wall seconds and peak RSS (MiB) of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    stderr = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{stderr}")
    return seconds, usage.ru_maxrss // 1024


def best_of(n: int, cmd: list[str], env: dict) -> tuple[float, int]:
    runs = [run(cmd, env) for _ in range(n)]
    return min(s for s, _ in runs), max(m for _, m in runs)


def pages_of(path: Path) -> int:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def main(paths: list[Path], repeat: int = 3) -> None:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "BUDGETLIB_CACHE": str(Path(tmp) / "cache"), "PYTHONWARNINGS": "ignore"}
        out = str(Path(tmp) / "out")
        for path in paths:
            plain = [PYTHON, "-c", "import sys, camelot; camelot.read_pdf(sys.argv[1], pages='all', flavor='lattice')",
                     str(path)]
            a = best_of(repeat, plain, env)
            b = best_of(repeat, BUDGETLIB + ["extract", str(path), "-o", out, "--no-cache"], env)
            c = best_of(repeat, BUDGETLIB + ["extract", str(path), "-o", out], env)
            rows.append((path.name, pages_of(path), a, b, c))
            print(f"measured {path.name}", file=sys.stderr)
    print(f"\n{'document':<44} {'pages':>5} {'a camelot':>10} {'b cold':>8} {'c warm':>8} {'b/a':>6} {'c/a':>6}"
          f" {'b pages/s':>9} {'RSS a/b/c MiB':>15}")
    for name, pages, a, b, c in rows:
        print(f"{name[:44]:<44} {pages:>5} {a[0]:>9.2f}s {b[0]:>7.2f}s {c[0]:>7.2f}s {b[0] / a[0]:>6.2f} {c[0] / a[0]:>6.2f}"
              f" {pages / b[0]:>9.1f} {a[1]:>5}/{b[1]}/{c[1]}")
    ta, tb, tc = (sum(r[i][0] for r in rows) for i in (2, 3, 4))
    pages = sum(r[1] for r in rows)
    print(f"{'all documents together':<44} {pages:>5} {ta:>9.2f}s {tb:>7.2f}s {tc:>7.2f}s {tb / ta:>6.2f} {tc / ta:>6.2f}"
          f" {pages / tb:>9.1f}")
    print(f"\nmachine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, best of {repeat} runs each")


if __name__ == "__main__":
    args = [Path(p) for p in sys.argv[1:]] or [ROOT / "data/raw/luohu-2024-budget.pdf",
                                               *sorted((ROOT / "tests/data/real").glob("*.pdf"))]
    main(args)
