"""Render the numbered notebooks for one PDF into one self-contained HTML report.

papermill runs each notebook with ``pdf`` set; the executed notebooks are joined and converted
by nbconvert without the code, images embedded. The HTML is written to a temporary file and
renamed into place, so a failed run leaves the previous report intact.
"""
from __future__ import annotations

import base64
import io
import os
import re
import tempfile
from pathlib import Path

from ..store import display_name, output_name
from .charts import cjk_font_path

NOTEBOOKS = Path(__file__).resolve().parent / "notebooks"  # shipped with the package
TEMPLATES = Path(__file__).resolve().parent / "templates"
# the kernels' own log lines ("Kernel is running over TCP without encryption") are not for the user
KERNEL_QUIET = ["--IPKernelApp.log_level=ERROR"]


def report_notebooks(folder: Path = NOTEBOOKS) -> list[Path]:
    """The numbered notebooks about one document: those whose parameters cell sets ``pdf``
    (05 compares a corpus and takes folders instead)."""
    import nbformat

    books = []
    for path in sorted(folder.glob("[0-9][0-9]_*.ipynb")):
        cells = nbformat.read(str(path), as_version=4).cells
        params = [c.source for c in cells if "parameters" in c.get("metadata", {}).get("tags", [])]
        if any(re.search(r"^pdf\s*=", src, flags=re.M) for src in params):
            books.append(path)
    if not books:
        raise FileNotFoundError(f"no report notebooks in {folder}")
    return books


def execute(notebook: Path, pdf: Path, workdir: Path):
    import nbformat
    import papermill

    out = workdir / notebook.name
    papermill.execute_notebook(str(notebook), str(out), parameters={"pdf": str(pdf)}, cwd=str(notebook.parent),
                               kernel_name="python3", progress_bar=False, log_output=False,
                               extra_arguments=KERNEL_QUIET)
    return nbformat.read(str(out), as_version=4)


# where a cell goes in the report: the headline and the charts first, then the tables as
# printed, then every check (a notebook keeps its own order when opened on its own)
SECTIONS = {"report-tables": 1, "report-checks": 2}


def section(cell) -> int:
    tags = cell.get("metadata", {}).get("tags", [])
    return max((SECTIONS.get(t, 0) for t in tags), default=0)


def merge(executed: list) -> object:
    """One notebook from several: their cells in order within each section (``SECTIONS``),
    parameter cells left out."""
    import nbformat

    merged = nbformat.v4.new_notebook(metadata=executed[0].metadata)
    cells = [cell for nb in executed for cell in nb.cells
             if not set(cell.get("metadata", {}).get("tags", [])) & {"parameters", "injected-parameters", "remove"}]
    merged.cells = sorted(cells, key=section)  # stable: order within a section is kept
    return merged


def to_html(notebook, title: str) -> str:
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="report", extra_template_basedirs=[str(TEMPLATES)], exclude_input=True,
                            exclude_input_prompt=True, exclude_output_prompt=True)
    notebook.metadata["title"] = title
    body, _ = exporter.from_notebook_node(notebook)
    return body


def embed_cjk_font(html: str) -> str:
    """Make the report legible where no Chinese font is installed: embed Noto Sans CJK SC,
    cut down to the characters the report uses, as a WOFF data URI."""
    from fontTools import subset

    chars = {c for c in html if ord(c) > 0x2000}
    if not chars:
        return html
    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = ["*"]
    font = subset.load_font(cjk_font_path(), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(chars)))
    subsetter.subset(font)
    buffer = io.BytesIO()
    subset.save_font(font, buffer, options)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    # first in every list: it holds only the report's characters beyond U+2000, so Latin text
    # falls through to the usual fonts while every Chinese character has a glyph
    family = "'Report CJK',-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif"
    css = ("<style>@font-face{font-family:'Report CJK';src:url(data:font/woff;base64," + data + ") format('woff');}"
           f":root{{--jp-content-font-family:{family};--jp-ui-font-family:{family};}}"
           f"body,h1,h2,h3,h4,p,li,th,td,pre,code,.jp-RenderedHTMLCommon{{font-family:{family};}}</style>")
    return html.replace("</head>", css + "</head>", 1)


def render_report(pdf: Path, out_dir: Path, notebooks: list[Path], step=lambda: None) -> Path:
    pdf = Path(pdf).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        executed = []
        for nb in notebooks:
            executed.append(execute(nb, pdf, Path(work)))
            step()
        html = embed_cjk_font(to_html(merge(executed), f"{display_name(pdf.stem)} · budgetlib"))
    target = out_dir / output_name(pdf, ".html")  # the same safe name as the extract's folder
    fd, tmp = tempfile.mkstemp(dir=out_dir, prefix=".budgetlib-report-", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(html)
    os.chmod(tmp, 0o644)
    os.replace(tmp, target)
    return target
