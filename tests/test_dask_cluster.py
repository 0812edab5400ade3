"""`budgetlib batch --scheduler` on a real Dask cluster: a `dask scheduler` and a `dask worker`
(two worker processes, one thread each) started as separate processes on 127.0.0.1, as an
analyst would start them on other machines. The corpus must equal the one local workers build."""
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import budgetlib
from conftest import REAL, ROOT

pytestmark = pytest.mark.slow

DASK = Path(sys.executable).with_name("dask")
SMALL = ["江苏省人大常委会办公厅2019年部门预算公开表.pdf", "上海市普陀区商务委员会25年预算.pdf"]


def corpus_rows(folder):
    """documents and facts of a corpus, every row, in one fixed order."""
    with budgetlib.corpus(folder / "corpus.duckdb") as c:
        return {t: sorted(map(tuple, c.sql(f"SELECT * FROM {t}").astype(str).values.tolist()))
                for t in ("documents", "facts")}


def start(args, log, env):
    # a session of its own, so that stopping it also stops the worker processes the nanny spawned
    return subprocess.Popen([str(DASK), *args], stdout=log, stderr=subprocess.STDOUT, env=env,
                            start_new_session=True)


def stop(proc):
    if proc.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def wait_for_address(scheduler_file: Path, proc, timeout=60) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, "dask scheduler exited"
        if scheduler_file.exists():
            try:
                return json.loads(scheduler_file.read_text())["address"]
            except (json.JSONDecodeError, KeyError):
                pass  # being written
        time.sleep(0.2)
    raise AssertionError("dask scheduler did not come up within %s s" % timeout)


def batch(*args, env):
    done = subprocess.run([sys.executable, "-m", "budgetlib", "batch", *map(str, args)], capture_output=True,
                          text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_batch_on_a_dask_cluster_gives_the_local_corpus(tmp_path):
    assert DASK.exists(), f"{DASK}: the dask command of the distributed package"
    pdfs = tmp_path / "pdfs"
    pdfs.mkdir()
    for name in SMALL:
        shutil.copy(REAL / name, pdfs / name)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep),
           "BUDGETLIB_CACHE": str(tmp_path / "cache")}
    scheduler_file = tmp_path / "scheduler.json"
    log = open(tmp_path / "cluster.log", "w")
    procs = []
    try:
        procs.append(start(["scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                            "--scheduler-file", str(scheduler_file)], log, env))
        address = wait_for_address(scheduler_file, procs[0])
        assert address.startswith("tcp://127.0.0.1:")
        procs.append(start(["worker", address, "--nworkers", "2", "--nthreads", "1", "--no-dashboard",
                            "--local-directory", str(tmp_path / "dask-worker")], log, env))
        from distributed import Client

        with Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=120)
            assert len(client.scheduler_info()["workers"]) == 2

        on_cluster = batch(pdfs, "-o", tmp_path / "cluster", "--scheduler", address, env=env)
        local = batch(pdfs, "-o", tmp_path / "local", "--workers", "2", env=env)
    finally:
        for proc in reversed(procs):
            stop(proc)
        log.close()
    assert "2 PDFs: 2 extracted, 0 failed" in on_cluster and "2 PDFs: 2 extracted, 0 failed" in local
    cluster_rows, local_rows = corpus_rows(tmp_path / "cluster"), corpus_rows(tmp_path / "local")
    assert sorted(r[1] for r in cluster_rows["documents"]) == sorted(SMALL)
    assert len(cluster_rows["facts"]) > 100
    assert cluster_rows == local_rows
