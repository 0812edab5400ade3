"""The corpus: a batch over many PDFs into DuckDB, incremental, resumable, local or on Dask."""
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

import budgetlib
from budgetlib.corpus import run_batch
from conftest import REAL, SAMPLE

PDFS = [SAMPLE, *sorted(REAL.glob("*.pdf"))]


def snapshot(folder):
    """The corpus as comparable data: every row of every table, sorted."""
    with budgetlib.corpus(folder / "corpus.duckdb") as c:
        return {t: sorted(map(tuple, c.sql(f"SELECT * FROM {t}").astype(str).values.tolist()))
                for t in ("documents", "facts", "findings")}


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    """A folder of the six PDFs plus one that is not a PDF."""
    folder = tmp_path_factory.mktemp("pdfs")
    for p in PDFS:
        shutil.copy(p, folder / p.name)
    (folder / "broken.pdf").write_text("<html>not a pdf</html>", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def reference(library, tmp_path_factory):
    out = tmp_path_factory.mktemp("reference")
    tally = run_batch([library], out, workers=2, progress=False)
    assert tally == {**tally, "found": 7, "extracted": 6, "failed": 1, "skipped": 0}
    return out


def test_batch_builds_the_corpus(reference):
    with budgetlib.corpus(reference / "corpus.duckdb") as c:
        docs = c.documents()
        assert len(docs) == 7 and (docs["status"] == "ok").sum() == 6
        broken = docs[docs["file"] == "broken.pdf"].iloc[0]
        assert broken["status"] == "refused" and "not a PDF" in broken["error"]
        sample = docs[docs["file"] == SAMPLE.name].iloc[0]
        assert (sample["unit"], sample["year"], sample["kind"], sample["facts"]) == ("深圳市罗湖区互联网信息中心", 2024, "预算", 747)
        # amounts converted to 万元: 上海市财政局 prints 元
        row = c.sql("""SELECT CAST(amount AS VARCHAR) AS amount, CAST(amount_wan AS VARCHAR) AS amount_wan
                       FROM facts JOIN documents USING (document_id)
                       WHERE file = '上海市财政局25年预算.pdf' AND "table" = 'income_summary' AND code = '2010601'
                       AND measure = '合计'""")
        assert (str(row["amount"].iloc[0]), str(row["amount_wan"].iloc[0])) == ("84861719.000000", "8486.1719000000")
        assert len(c.findings()) > 0


def test_second_run_skips_everything(library, reference, tmp_path):
    out = tmp_path / "again"
    shutil.copytree(reference, out)
    before = snapshot(out)
    tally = run_batch([library], out, workers=2, progress=False)
    assert (tally["skipped"], tally["extracted"], tally["failed"]) == (7, 0, 0)
    assert snapshot(out) == before


def test_killed_batch_resumes_to_the_same_corpus(library, reference, tmp_path):
    out = tmp_path / "killed"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "budgetlib", "batch", str(library), "-o", str(out), "--workers", "1"],
                            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, env=env)
    seen, deadline = b"", time.time() + 120
    while b"2/7" not in seen and time.time() < deadline and proc.poll() is None:
        seen += os.read(proc.stderr.fileno(), 256)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL, "the batch finished before it could be killed"
    partial = snapshot(out)
    assert 2 <= len(partial["documents"]) < 7
    run_batch([library], out, workers=2, progress=False)
    assert snapshot(out) == snapshot(reference)


def test_dask_cluster_gives_the_same_corpus(library, reference, tmp_path):
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        tally = run_batch([library], tmp_path, scheduler=cluster.scheduler_address, progress=False)
    assert (tally["extracted"], tally["failed"]) == (6, 1)
    assert snapshot(tmp_path) == snapshot(reference)


def test_missing_corpus_says_how_to_build_one(tmp_path):
    with pytest.raises(FileNotFoundError, match="budgetlib batch"):
        budgetlib.corpus(tmp_path / "corpus.duckdb")


def test_a_new_library_version_extracts_again(library, reference, tmp_path):
    """A corpus built by another version of budgetlib is not trusted: its documents are replaced."""
    import duckdb

    out = tmp_path / "old"
    shutil.copytree(reference, out)
    con = duckdb.connect(str(out / "corpus.duckdb"))
    con.execute("UPDATE documents SET library = 'an-older-version', facts = -1")
    con.execute("DELETE FROM facts WHERE page > 5")
    con.close()
    tally = run_batch([library], out, workers=2, progress=False)
    assert (tally["extracted"], tally["failed"], tally["skipped"]) == (6, 1, 0)
    assert snapshot(out) == snapshot(reference)
