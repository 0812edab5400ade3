"""Run one function per input in worker processes that cannot take the run down with them.

Each input gets its own process (forked from a server that has imported the library once, so a
process costs milliseconds). A process that dies (out of memory, killed) or overruns its time
is reported as a failure of that input alone, and the rest go on; when the parent dies, however
it dies, its workers follow within a second, so nothing is left running.
"""
from __future__ import annotations

import ctypes
import multiprocessing as mp
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from multiprocessing.connection import wait

PRELOAD = ["budgetlib.preload", "budgetlib.corpus"]


def _follow_parent(parent: int) -> None:
    """End this process when ``parent`` is gone (a killed batch leaves no worker behind)."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG: when the fork server goes
        except (OSError, AttributeError):
            pass

    def poll():
        while True:
            time.sleep(0.5)
            try:
                os.kill(parent, 0)
            except ProcessLookupError:
                os._exit(1)
            except PermissionError:
                pass

    threading.Thread(target=poll, daemon=True).start()


def _run(fn: Callable, item, conn, parent: int) -> None:
    _follow_parent(parent)
    try:
        result = ("ok", fn(item))
    except BaseException as exc:  # reported to the parent as this item's failure
        result = ("error", f"{type(exc).__name__}: {exc}")
    try:
        conn.send(result)
    finally:
        conn.close()


def _death(code: int | None) -> str:
    if code is not None and code < 0:
        name = signal.Signals(-code).name
        hint = " (out of memory?)" if -code == signal.SIGKILL else ""
        return f"the worker died: killed by {name}{hint}"
    return f"the worker died (exit code {code})"


def _context():
    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(PRELOAD)
        return ctx
    return mp.get_context("spawn")


def run_each(fn: Callable, items: list, workers: int, seconds: float) -> Iterator[tuple[object, str, object]]:
    """Yield ``(item, "ok", result)`` or ``(item, "failed", reason)`` for every item, as they finish.
    ``fn`` must be importable (it runs in another process); ``seconds`` bounds each item."""
    ctx = _context()
    queue, running = list(items), {}
    try:
        while queue or running:
            while queue and len(running) < max(1, workers):
                item = queue.pop(0)
                parent_end, child_end = ctx.Pipe(duplex=False)
                proc = ctx.Process(target=_run, args=(fn, item, child_end, os.getpid()), daemon=True)
                proc.start()
                child_end.close()
                running[parent_end] = (proc, item, time.monotonic())
            for conn in wait(list(running), timeout=0.5):
                proc, item, _ = running.pop(conn)
                try:
                    kind, value = conn.recv()
                except (EOFError, OSError):
                    proc.join(5)
                    kind, value = "error", _death(proc.exitcode)
                conn.close()
                proc.join(5)
                if proc.is_alive():
                    proc.kill()
                    proc.join()
                yield (item, "ok", value) if kind == "ok" else (item, "failed", value)
            now = time.monotonic()
            for conn, (proc, item, started) in list(running.items()):
                if now - started > seconds:
                    proc.kill()
                    proc.join()
                    conn.close()
                    del running[conn]
                    yield item, "failed", f"took longer than {seconds:.0f} s; stopped"
    finally:
        for conn, (proc, _, _) in running.items():
            proc.kill()
            proc.join()
            conn.close()
