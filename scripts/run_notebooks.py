"""Re-execute the numbered notebooks in place (after a library change) and keep them clean:
outputs stay (nbval compares them), execution timestamps in cell metadata go.

    .venv/bin/python scripts/run_notebooks.py [NOTEBOOK ...]
"""
from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parents[1] / "budgetlib" / "report" / "notebooks"


def run(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}},
                   extra_arguments=["--IPKernelApp.log_level=ERROR"]).execute()
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    nbformat.write(nb, path)
    print(f"executed {path.name}")


if __name__ == "__main__":
    for p in [Path(a) for a in sys.argv[1:]] or sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        run(p)
