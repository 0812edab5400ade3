"""Reliability: no silent loss, no hang, no traceback, nothing unsafe from the cache.

Each test builds its own input (a copy of the sample or of a real document with a byte changed,
a synthetic PDF, a planted cache file) and checks one defined behaviour.
"""
import os
import pickle
import re
import shutil
import signal
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

from budgetlib import BudgetInputError, read_budget
from budgetlib.cache import cache_file, load
from budgetlib.errors import TimeLimit
from budgetlib.guard import page_started, watch
from budgetlib.settings import Settings
from budgetlib.store import OUTPUT_FILES, clean_leftovers, write_budget
from conftest import REAL, SAMPLE
from pdfmaker import EXPENSE_HEADER, budget_pdf, expense_rows

SMALL_REAL = REAL / "上海市普陀区商务委员会25年预算.pdf"
SLOW_REAL = REAL.parent / "regions" / "西安-卫生健康委员会_2026年部门预算.pdf"  # 171 pages


def cli(*args, env=None, cache=None):
    env = {**os.environ, **(env or {})}
    if cache:
        env["BUDGETLIB_CACHE"] = str(cache)
    return subprocess.run([sys.executable, "-m", "budgetlib", *args], capture_output=True, text=True, env=env)


def one_line(r):
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in r.stderr, r.stderr
    return lines[0]


def content_object(pdf: Path, page: int) -> int:
    import playa

    with playa.open(pdf) as doc:
        c = doc.pages[page - 1].attrs["Contents"]
        return (c[0] if isinstance(c, list) else c).objid


def flip_in_stream(src: Path, dst: Path, objid: int, share: float = 2 / 3) -> Path:
    """Copy ``src`` with one byte of object ``objid``'s stream data changed."""
    data = bytearray(src.read_bytes())
    m = re.search(rb"(?<![0-9])%d\s+0\s+obj" % objid, data)
    start = data.index(b"stream", m.end()) + len(b"stream\n")
    end = data.index(b"endstream", start)
    data[start + int((end - start) * share)] ^= 0x55
    dst.write_bytes(bytes(data))
    return dst


@pytest.fixture()
def small(tmp_path):
    return budget_pdf(tmp_path / "small.pdf", [("表三：支出总表", EXPENSE_HEADER, expense_rows())])


# -- 1. no silent overwrite --------------------------------------------------------------------

def test_two_inputs_with_one_name_are_refused_before_anything_is_written(tmp_path, small):
    for d in ("a", "b"):
        (tmp_path / d).mkdir()
        shutil.copy(small, tmp_path / d / "budget.pdf")
    out = tmp_path / "out"
    r = cli("extract", tmp_path / "a/budget.pdf", tmp_path / "b/budget.pdf", "-o", out, cache=tmp_path / "c")
    assert r.returncode == 1 and "would both write budget" in one_line(r) and not out.exists()
    # names that differ only in case share one folder on a case-insensitive file system
    shutil.copy(small, tmp_path / "b/BUDGET.pdf")
    r = cli("extract", tmp_path / "a/budget.pdf", tmp_path / "b/BUDGET.pdf", "-o", out, cache=tmp_path / "c")
    assert r.returncode == 1 and not out.exists()
    r = cli("report", tmp_path / "a/budget.pdf", tmp_path / "b/budget.pdf", "-o", out, cache=tmp_path / "c")
    assert r.returncode == 1 and "would both write budget.html" in one_line(r) and not out.exists()
    # one file given twice is one input
    r = cli("extract", tmp_path / "a/budget.pdf", tmp_path / "a/budget.pdf", "-o", out, cache=tmp_path / "c")
    assert r.returncode == 0 and r.stdout.count("15 facts") == 1, r.stderr


# -- 2. no silent loss -------------------------------------------------------------------------

def test_a_stream_that_no_longer_inflates_is_a_warning_on_its_page(tmp_path):
    """上海市普陀区商务委员会 p.12 prints 支出总表 (rows 合计 … ); with one byte of its content
    stream changed the page's rows go missing, and a warning must say so on p.12."""
    fresh = read_budget(SMALL_REAL)
    bad = flip_in_stream(SMALL_REAL, tmp_path / "flipped.pdf", content_object(SMALL_REAL, 12))
    b = read_budget(bad)
    damaged = [f for f in b.findings if f.rule == "damaged_stream"]
    assert [(f.severity, f.page) for f in damaged] == [("warning", 12)]
    assert len(b.facts) < len(fresh.facts)  # the loss this warning announces is real


def test_damaged_stream_of_a_synthetic_page(tmp_path, small):
    bad = flip_in_stream(small, tmp_path / "flipped.pdf", content_object(small, 3), share=0.5)
    r = cli("extract", bad, "-o", tmp_path / "out", cache=tmp_path / "c")
    assert "Traceback" not in r.stderr
    if r.returncode == 0:  # read what could be read, and said what was lost
        assert re.search(r"findings: \d+ defect, [1-9]\d* warning", r.stdout), r.stdout
        assert '"damaged_stream"' in (tmp_path / "out/flipped/validation.json").read_text(encoding="utf-8")
    else:
        assert "damaged PDF" in one_line(r) or "no budget tables" in one_line(r)


def test_clean_documents_have_no_damage_findings():
    assert not [f for f in read_budget(SMALL_REAL).findings if f.rule == "damaged_stream"]


# -- 3. the cache holds data, not code ---------------------------------------------------------

class Plant:
    def __reduce__(self):
        return (os.system, (f"touch {os.environ['PLANT_MARKER']}",))


def test_a_planted_pickle_never_runs(tmp_path, small, monkeypatch):
    marker = tmp_path / "ran"
    monkeypatch.setenv("PLANT_MARKER", str(marker))
    import hashlib

    digest = hashlib.sha256(small.read_bytes()).hexdigest()
    cache = tmp_path / "cache"
    entry = cache_file(digest, cache)
    entry.mkdir(parents=True)
    payload = pickle.dumps(Plant())
    for name in ("budget.json", "facts.parquet", "residue.parquet"):
        (entry / name).write_bytes(payload)
    Path(str(entry) + ".pickle").write_bytes(payload)  # where the old cache kept it
    b = load(small, folder=cache)
    assert not marker.exists()
    assert len(b.facts) == 15
    assert load(small, folder=cache).facts.equals(b.facts)  # the planted entry was replaced


def test_cached_budget_equals_the_fresh_one(tmp_path):
    from budgetlib.report import analysis, views

    cache = tmp_path / "cache"
    fresh = load(SAMPLE, folder=cache, refresh=True)
    cached = load(SAMPLE, folder=cache)
    assert cached is not fresh
    for f in ("document", "checks", "findings", "tables", "narrative"):
        assert getattr(cached, f) == getattr(fresh, f), f
    assert cached.facts.equals(fresh.facts) and cached.residue.equals(fresh.residue)
    assert cached.facts["amount"].map(type).eq(type(fresh.facts["amount"][0])).all()
    write_budget(fresh, tmp_path / "fresh")
    write_budget(cached, tmp_path / "cached")
    for name in OUTPUT_FILES:
        a = (tmp_path / "fresh" / SAMPLE.stem / name).read_bytes()
        assert a == (tmp_path / "cached" / SAMPLE.stem / name).read_bytes(), name
    for frame in (analysis.composition, analysis.basic_and_project, analysis.projects, analysis.project_items,
                  analysis.three_public_years, analysis.narrative_figures, views.document_summary, views.coverage,
                  views.check_tally, views.findings_table, views.residue_summary):
        assert frame(cached).equals(frame(fresh)), frame.__name__
    assert analysis.change_steps(cached.narrative).equals(analysis.change_steps(fresh.narrative))
    for key in cached.document.tables:
        assert views.table_as_printed(cached, key).equals(views.table_as_printed(fresh, key)), key


def test_an_unwritable_cache_warns_and_the_extract_goes_on(tmp_path, small):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    r = cli("extract", small, "-o", tmp_path / "out", cache=blocker / "cache")
    assert r.returncode == 0 and "15 facts" in r.stdout
    assert "warning: result not cached" in one_line(r)
    assert (tmp_path / "out/small/facts.csv").is_file()


# -- 4. resource limits ------------------------------------------------------------------------

def test_file_size_limit(tmp_path, small):
    big = tmp_path / "big.pdf"
    big.write_bytes(small.read_bytes() + b"%" + b" " * (3 << 20))
    with pytest.raises(BudgetInputError, match=r"big.pdf: 3 MB, more than the file size limit of 2 MB"):
        load(big, cache=False, settings=Settings(max_file_mb=2))


def test_a_stream_that_inflates_past_the_limit_is_refused(tmp_path, small):
    bomb = zlib.compress(b"0" * (3 << 20), 9)
    data = small.read_bytes() + b"\n999 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(bomb) + bomb \
        + b"\nendstream\nendobj\n"
    pdf = tmp_path / "bomb.pdf"
    pdf.write_bytes(data)
    with pytest.raises(BudgetInputError, match="object 999 inflates past 2 MB"):
        read_budget(pdf, settings=Settings(max_stream_mb=2))
    assert len(read_budget(pdf).facts) == 15  # under the default limit it is read


def test_cells_per_page_limit(small):
    with pytest.raises(BudgetInputError, match=r"page 3 holds \d+ table cells, more than the limit of 10"):
        read_budget(small, settings=Settings(max_cells_per_page=10))


def test_time_limits_end_a_document_with_one_line(small):
    with pytest.raises(TimeLimit, match=r"page 7 took longer than 1 s \(the limit per page\)"):
        with watch(small, Settings(page_seconds=1)):
            page_started(7)
            time.sleep(5)
    with pytest.raises(TimeLimit, match=r"reading took longer than 1 s \(the limit per document\)"):
        with watch(small, Settings(document_seconds=1)):
            for page in range(50):  # every page is quick; the document is not
                page_started(page)
                time.sleep(0.1)
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)  # nothing left armed


def test_a_slow_real_document_is_stopped(tmp_path):
    pdf = SLOW_REAL  # 171 pages: reading it takes far more than 2 s
    start = time.monotonic()
    with pytest.raises(TimeLimit, match="took longer than 2 s"):
        load(pdf, cache=False, settings=Settings(document_seconds=2))
    assert time.monotonic() - start < 30


# -- 6. limits hold everywhere -----------------------------------------------------------------

def test_page_limit_holds_for_a_cached_result_and_in_every_command(tmp_path):
    cache = tmp_path / "cache"
    assert cli("extract", SAMPLE, "-o", tmp_path / "out", cache=cache).returncode == 0
    for command in (["extract", "-o", str(tmp_path / "o2")], ["audit"], ["report", "-o", str(tmp_path / "r")]):
        r = cli(*command, str(SAMPLE), "--max-pages", "10", cache=cache)
        assert r.returncode == 1 and "Traceback" not in r.stderr, command
        errors = [line for line in r.stderr.splitlines() if line.startswith("error:")]  # report draws a bar too
        assert len(errors) == 1 and errors[0].endswith("25 pages, more than the page limit of 10 (raise it with --max-pages)")


def test_progress_for_a_long_document(capsys, small):
    load(small, cache=False, progress=True, settings=Settings(progress_pages=1))
    assert "small.pdf: pages read" in capsys.readouterr().err
    load(small, cache=False, progress=True)
    assert "pages read" not in capsys.readouterr().err  # a short one stays quiet


# -- 7. messages and leftovers -----------------------------------------------------------------

def test_awkward_file_names(tmp_path, small):
    out, cache = tmp_path / "out", tmp_path / "c"
    dots = tmp_path / "..pdf"
    shutil.copy(small, dots)
    r = cli("extract", dots, "-o", out, cache=cache)
    assert r.returncode == 0 and (out / "_." / "facts.csv").is_file(), r.stderr
    raw = os.fsencode(tmp_path) + b"/\xff\xfebudget.pdf"  # not UTF-8
    shutil.copy(small, raw)
    r = subprocess.run([sys.executable, "-m", "budgetlib", "extract", raw, "-o", out], capture_output=True,
                       env={**os.environ, "BUDGETLIB_CACHE": str(cache)})
    assert r.returncode == 0 and b"Traceback" not in r.stderr, r.stderr
    assert (out / "\ufffd\ufffdbudget" / "facts.csv").is_file()
    long = tmp_path / ("预" * 80 + "abcd.pdf")  # 244 bytes before .pdf
    assert len(long.stem.encode()) == 244
    shutil.copy(small, long)
    for _ in range(2):
        r = cli("extract", long, "-o", out, cache=cache)
        assert r.returncode == 0, r.stderr
    assert (out / long.stem / "facts.csv").is_file()
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_a_reader_failure_says_damaged_pdf(tmp_path):
    """An ASCII85 stream with a character outside !..u: the readers raise ValueError."""
    data = bytearray(SAMPLE.read_bytes())
    m = re.search(rb"(?<![0-9])%d\s+0\s+obj" % content_object(SAMPLE, 9), data)
    at = data.index(b"stream", m.end()) + len(b"stream\n") + 40
    data[at] = ord("{")
    pdf = tmp_path / "a85.pdf"
    pdf.write_bytes(bytes(data))
    r = cli("extract", pdf, "-o", tmp_path / "out", cache=tmp_path / "c")
    assert "could not be processed" not in r.stderr and "Traceback" not in r.stderr, r.stderr
    if r.returncode:
        assert one_line(r).startswith(f"error: {pdf}: damaged PDF (")
    else:
        assert '"damaged_stream"' in (tmp_path / "out/a85/validation.json").read_text(encoding="utf-8")


KILL_MIDWAY = """
import os, sys
sys.path[:0] = [{root!r}, {tests!r}]
from pathlib import Path
import budgetlib.store as store
from budgetlib import read_budget
b = read_budget({pdf!r})
if {fallback}:
    store._exchange = lambda a, b: False
    real = os.rename
    calls = []
    def rename(a, b):
        real(a, b)
        calls.append(a)
        if len(calls) == 1:
            os._exit(9)  # killed between moving the old output aside and moving the new one in
    os.rename = rename
else:
    store.shutil.rmtree = lambda *a, **k: os._exit(9)  # killed right after the swap
store.write_budget(b, {out!r})
"""


@pytest.mark.parametrize("fallback", [True, False])
def test_a_write_killed_midway_leaves_an_output_and_the_next_run_cleans_up(tmp_path, small, fallback):
    out = tmp_path / "out"
    write_budget(read_budget(small), out)
    before = (out / "small" / "facts.csv").read_bytes()
    script = KILL_MIDWAY.format(root=str(Path(__file__).parents[1]), tests=str(Path(__file__).parent),
                                pdf=str(small), out=str(out), fallback=fallback)
    assert subprocess.run([sys.executable, "-c", script]).returncode == 9
    assert any(p.name.startswith(".budgetlib-") for p in out.iterdir())
    clean_leftovers(out)
    assert sorted(p.name for p in out.iterdir()) == ["small"]
    assert (out / "small" / "facts.csv").read_bytes() == before
    assert sorted(p.name for p in (out / "small").iterdir()) == sorted(OUTPUT_FILES)


def test_an_unwritable_output_folder_is_one_line(tmp_path, small):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    r = cli("extract", small, "-o", blocker / "out", cache=tmp_path / "c")
    assert r.returncode == 1 and "cannot write the outputs" in one_line(r)


# -- 8. determinism ----------------------------------------------------------------------------

def test_outputs_do_not_depend_on_the_hash_seed(tmp_path):
    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"out{seed}"
        r = cli("extract", SAMPLE, SMALL_REAL, "-o", out, "--no-cache", env={"PYTHONHASHSEED": seed},
                cache=tmp_path / f"cache{seed}")
        assert r.returncode == 0, r.stderr
        outs.append(out)
    files = sorted(p.relative_to(outs[0]) for p in outs[0].rglob("*") if p.is_file())
    names = {f.name for f in files}
    assert names == set(OUTPUT_FILES) | {"datapackage.json"} and len(files) == 2 * len(names)
    for f in files:
        assert (outs[0] / f).read_bytes() == (outs[1] / f).read_bytes(), f


# -- 5. batch: a worker's death is one document's failure ---------------------------------------

def work(item):
    """Run in a worker by ``run_each``: dies, hangs or doubles."""
    if item == "die":
        os.kill(os.getpid(), signal.SIGKILL)
    if item == "hang":
        time.sleep(120)
    return item * 2


def test_a_dead_or_hung_worker_fails_its_item_and_the_rest_finish():
    from budgetlib.workers import run_each

    start = time.monotonic()
    got = {item: (status, value) for item, status, value in run_each(work, ["a", "die", "hang", "b"], 2, 10)}
    assert got["a"] == ("ok", "aa") and got["b"] == ("ok", "bb")
    assert got["die"] == ("failed", "the worker died: killed by SIGKILL (out of memory?)")
    assert got["hang"] == ("failed", "took longer than 10 s; stopped")
    assert time.monotonic() - start < 60


def test_batch_records_a_slow_document_as_failed_and_finishes_the_rest(tmp_path, small):
    import budgetlib
    from budgetlib.corpus import run_batch

    folder = tmp_path / "pdfs"
    folder.mkdir()
    shutil.copy(small, folder / "small.pdf")
    shutil.copy(SLOW_REAL, folder / "slow.pdf")
    tally = run_batch([folder], tmp_path / "out", workers=2, progress=False, settings=Settings(document_seconds=4))
    assert (tally["extracted"], tally["failed"]) == (1, 1)
    with budgetlib.corpus(tmp_path / "out" / "corpus.duckdb") as c:
        docs = c.documents().set_index("file")
    assert docs.loc["small.pdf", "status"] == "ok" and docs.loc["small.pdf", "facts"] == 15
    assert docs.loc["slow.pdf", "status"] == "failed"
    assert "took longer than 4 s" in docs.loc["slow.pdf", "error"]


def descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    out, todo = set(), [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            out.add(c)
            todo.append(c)
    return out


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process tree from /proc")
def test_a_killed_batch_leaves_no_worker_behind(tmp_path):
    folder = tmp_path / "pdfs"
    folder.mkdir()
    shutil.copy(SLOW_REAL, folder / "slow.pdf")
    proc = subprocess.Popen([sys.executable, "-m", "budgetlib", "batch", str(folder), "-o", str(tmp_path / "out"),
                             "--workers", "1"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline, workers = time.time() + 60, set()
    while len(workers) < 2 and time.time() < deadline:  # the fork server and the document's worker
        time.sleep(0.2)
        workers = descendants(proc.pid)
    assert len(workers) >= 2, "no worker started"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.time() + 10
    while any(alive(p) for p in workers) and time.time() < deadline:
        time.sleep(0.2)
    assert not [p for p in workers if alive(p)]


def test_batch_database_problems_are_one_line(tmp_path, small, monkeypatch):
    import duckdb
    from click.testing import CliRunner

    from budgetlib.cli import main

    folder = tmp_path / "pdfs"
    folder.mkdir()
    shutil.copy(small, folder / "small.pdf")
    out = tmp_path / "out"
    out.mkdir()
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
                               "print('ok', flush=True); time.sleep(60)", str(out / "corpus.duckdb")],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ok"
        r = cli("batch", folder, "-o", out)
        assert r.returncode == 1 and "in use by another process" in one_line(r)
    finally:
        holder.kill()
        holder.wait()
    blocker = tmp_path / "file"
    blocker.write_text("x")
    r = cli("batch", folder, "-o", blocker / "out")
    assert r.returncode == 1 and "cannot write the corpus" in one_line(r)

    def full(con, result):
        raise duckdb.IOException("IO Error: No space left on device")

    monkeypatch.setattr(sys.modules["budgetlib.corpus"], "store", full)
    r = CliRunner().invoke(main, ["batch", str(folder), "-o", str(tmp_path / "full")])
    assert r.exit_code == 1 and r.exception is None or isinstance(r.exception, SystemExit)
    assert "error: corpus.duckdb: the disk is full; the documents stored so far are kept" in r.output


def test_an_object_the_reader_cannot_parse_is_a_warning(tmp_path):
    """江苏省人大常委会办公厅 p.12: its resources dictionary (fonts) broken by 14 stray bytes over
    its end, the page's text is lost to camelot; a warning must say the reader could not parse it."""
    import playa

    src = REAL / "江苏省人大常委会办公厅2019年部门预算公开表.pdf"
    with playa.open(src) as doc:
        objid = doc.pages[11].attrs["Resources"].objid
    data = bytearray(src.read_bytes())
    m = re.search(rb"(?<![0-9])%d\s+0\s+obj" % objid, data)
    end = data.index(b"endobj", m.end())
    data[end - 6:end + 8] = b")\r\x89\xc5\xd1\xd5\xea\x1e\xfe\x92\xccj\r\x00"
    pdf = tmp_path / "resources.pdf"
    pdf.write_bytes(bytes(data))
    fresh, broken = load(src, cache=False), load(pdf, cache=False)
    assert len(broken.facts) < len(fresh.facts)
    assert not [f for f in fresh.findings if f.rule == "reader_complaint"]
    complaints = [f for f in broken.findings if f.rule == "reader_complaint"]
    # on p.12 when camelot was reading it, on the document (page None) when playa met it on opening
    assert complaints and {f.page for f in complaints} <= {None, 12}
    assert all(f.severity == "warning" for f in complaints)


def test_a_check_that_breaks_costs_its_own_result_only(sample, monkeypatch):
    """An unforeseen layout that makes one check raise (a three_public column with an empty header
    path did, on a twin without rules) leaves every other check and the facts standing, and a
    warning names the check — the document is not lost."""
    import budgetlib.checks as checks

    def broken(ix, rec, n, budget):
        raise IndexError("tuple index out of range")

    base, base_findings = checks.run_checks(sample)
    monkeypatch.setattr(checks, "TEXT_CLAIMS", (broken, *checks.TEXT_CLAIMS))
    got, findings = checks.run_checks(sample)
    assert len(got) == len(base) == 501
    failed = [f for f in findings if f.rule == "check_failed"]
    assert [(f.severity, f.message) for f in failed] == [
        ("warning", "检查“broken”未能完成（IndexError: tuple index out of range），其结果缺失；请报告此文件")]
    assert [f for f in findings if f.rule != "check_failed"] == base_findings


def test_object_headers_are_found_as_the_forward_pattern_finds_them():
    """streams.objects scans for "obj" and reads the numbers backwards (8x faster on the shared
    documents); it must find exactly the headers the forward regex finds, also where digits and
    spaces run on past its window or the word is part of another (endobj, objx)."""
    import random

    from budgetlib.read.streams import OBJ, objects
    random.seed(7)
    pieces = [b"0", b"1", b"12", b" ", b"\n", b"obj", b"x", b"endobj", b"\t", b"12345678901", b"\r\n"]
    cases = [SAMPLE.read_bytes(), b"7" + b" " * 120 + b"0 obj", b"1 0 obj1 0 obj", b"a1 0 obj"]
    cases += [b"".join(random.choice(pieces) for _ in range(random.randint(1, 40))) for _ in range(3000)]
    for data in cases:
        assert list(objects(data)) == [(int(m.group(1)), m.end()) for m in OBJ.finditer(data)], data[:80]
