"""The suite reads the shipped sample and tests/data only: a foreign PDF dropped into data/raw
(or anything in data/processed) changes nothing the notebooks or the report tests read."""
import shutil
from pathlib import Path

import nbformat

from budgetlib.corpus import find_pdfs, run_batch
from budgetlib.report.render import NOTEBOOKS
from conftest import REAL, ROOT, SAMPLE


def parameters(notebook: Path) -> dict:
    cells = nbformat.read(str(notebook), as_version=4).cells
    source = next(c.source for c in cells if "parameters" in c.metadata.get("tags", []))
    values: dict = {}
    exec(compile(source, str(notebook), "exec"), {}, values)  # the notebook's own, plain assignments
    return values


def project_copy(tmp_path: Path) -> Path:
    """The project's data folder and tests/data/real copied, and the notebooks' folder made, so
    the notebooks' relative paths resolve inside the copy."""
    proj = tmp_path / "proj"
    shutil.copytree(ROOT / "data", proj / "data")
    shutil.copytree(REAL, proj / "tests" / "data" / "real")
    (proj / "budgetlib" / "report" / "notebooks").mkdir(parents=True)
    return proj


def read_by_notebooks(proj: Path) -> dict[str, list[str]]:
    here = proj / "budgetlib" / "report" / "notebooks"
    out = {}
    for nb in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        p = parameters(nb)
        paths = p.get("sources") or [p["pdf"]]
        out[nb.name] = [str(f.resolve().relative_to(proj)) for f in find_pdfs(here / s for s in paths)]
    return out


def test_a_foreign_pdf_in_data_changes_nothing_the_suite_reads(tmp_path):
    proj = project_copy(tmp_path)
    before = read_by_notebooks(proj)
    assert before["01_extraction_and_validation.ipynb"] == ["data/raw/luohu-2024-budget.pdf"]
    foreign = REAL.parent / "regions" / "2026年福州市商务局部门预算.pdf"
    shutil.copy(foreign, proj / "data" / "raw" / foreign.name)
    (proj / "data" / "processed").mkdir(exist_ok=True)
    shutil.copy(foreign, proj / "data" / "processed" / "stray.pdf")
    assert read_by_notebooks(proj) == before
    assert all(not f.startswith("data/processed") for files in before.values() for f in files)
    # notebook 05's corpus of its fixed sources: the same documents with or without the foreign file
    here = proj / "budgetlib" / "report" / "notebooks"
    sources = [here / s for s in parameters(NOTEBOOKS / "05_compare_documents.ipynb")["sources"]]
    assert parameters(NOTEBOOKS / "05_compare_documents.ipynb")["corpus_dir"] is None  # a fresh temp folder
    tally = run_batch(sources, tmp_path / "corpus", workers=1, progress=False)
    assert tally["found"] == 6 and foreign.name not in {p.name for p in find_pdfs(sources)}
    assert SAMPLE.name in {p.name for p in find_pdfs(sources)}
