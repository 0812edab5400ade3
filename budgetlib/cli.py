"""The ``budgetlib`` command line."""
from __future__ import annotations

import logging
import sys
import traceback
import warnings
from dataclasses import replace
from pathlib import Path

import click
from tqdm import tqdm

from .cache import load
from .checks.review import review_rows, write_review
from .corpus import run_batch
from .errors import BudgetInputError, OutputError
from .model import SEVERITIES
from .report.annotate import annotate_pdf
from .report.views import findings_table
from .settings import DEFAULT
from .store import display_name, distinct_outputs, write_budget

MAX_PAGES = click.option("--max-pages", default=500, show_default=True, type=click.IntRange(min=1),
                         help="Refuse documents with more pages.")


def summary_line(budget, folder: Path) -> str:
    t = budget.tally()
    status, sev = t["checks"], t["findings"]
    return (f"{display_name(budget.path.name)}: {len(budget.tables)} tables, {len(budget.facts)} facts, "
            f"{len(budget.checks)} checks ({status['ok']} exact, {status['rounding']} within rounding, "
            f"{status['break']} broken); findings: {sev['defect']} defect, {sev['warning']} warning, "
            f"{sev['info']} info; {len(budget.residue)} residue cells → {folder}")


def coverage_line(budget) -> str:
    missing = [f.table for f in budget.findings if f.rule == "table_missing"]
    found = ", ".join(budget.document.tables) or "none"
    return f"  tables found: {found}" + (f"; announced but not found: {', '.join(missing)}" if missing else "")


def quiet(verbose: bool, *loggers: str) -> None:
    """Unless --verbose: no warnings, and the PDF readers' per-font chatter off the terminal."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(message)s")
    if not verbose:
        warnings.filterwarnings("ignore")
        for name in ("playa", "camelot", "pypdfium2", "fontTools", *loggers):
            logging.getLogger(name).setLevel(logging.CRITICAL)


def guarded(pdf, verbose: bool, action, echo=None):
    """Run ``action()`` for one document: a refusal or a bug of ours becomes one line on stderr
    (the traceback only with --verbose) and None, so the next document still runs."""
    say = echo or (lambda line: click.echo(line, err=True))
    echo = lambda line: say(display_name(line))  # noqa: E731 - a name with undecodable bytes still prints
    try:
        return action()
    except (BudgetInputError, OutputError) as exc:
        echo(f"error: {exc}")
    except Exception as exc:  # a bug of ours: one line, and the traceback on request
        if verbose:
            traceback.print_exc()
        first = str(exc).splitlines()[0] if str(exc) else ""
        echo(f"error: {pdf}: could not be processed ({type(exc).__name__}: {first}); "
             "rerun with --verbose for the traceback")
    return None


@click.group()
@click.version_option(package_name="budgetlib")
def main() -> None:
    """Chinese departmental budget PDFs → tidy, validated data."""


def distinct_or_exit(pdfs, suffix: str = "") -> list[Path]:
    """The inputs, once each; two that would write one output end the run before anything is written."""
    try:
        return distinct_outputs(list(pdfs), suffix)
    except BudgetInputError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)


@main.command()
@click.argument("pdfs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--out", "out_dir", default="data/processed", show_default=True, type=click.Path(path_type=Path),
              help="Folder for <pdf stem>/facts.csv, facts.parquet, validation.json, residue.csv.")
@click.option("--password", default=None, help="Password of an encrypted PDF.")
@MAX_PAGES
@click.option("--no-cache", is_flag=True, help="Extract again even if this PDF's result is cached (and refresh it).")
@click.option("--excel", is_flag=True, help="Write facts.csv and residue.csv with a UTF-8 BOM (for Excel).")
@click.option("--verbose", is_flag=True, help="Show tracebacks (for bug reports).")
def extract(pdfs, out_dir, password, max_pages, no_cache, excel, verbose) -> None:
    """Extract every standard table of each PDF into tidy facts."""
    _extract(pdfs, out_dir, password, max_pages, no_cache, excel, False, verbose)


@main.command()
@click.argument("pdfs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--out", "out_dir", default="data/processed", show_default=True, type=click.Path(path_type=Path),
              help="Folder for <pdf stem>/ (the extract outputs, datapackage.json and <pdf stem>.xlsx).")
@click.option("--xlsx", is_flag=True, help="Also write <pdf stem>.xlsx: a sheet per table as printed, facts, findings, checks.")
@click.option("--excel", is_flag=True, help="Write facts.csv and residue.csv with a UTF-8 BOM (for Excel).")
@click.option("--password", default=None, help="Password of an encrypted PDF.")
@click.option("--max-pages", default=500, show_default=True, help="Refuse documents with more pages.")
@click.option("--verbose", is_flag=True, help="Show tracebacks (for bug reports).")
def export(pdfs, out_dir, xlsx, excel, password, max_pages, verbose) -> None:
    """Extract each PDF and export it for spreadsheets and data catalogues."""
    _extract(pdfs, out_dir, password, max_pages, False, excel, xlsx, verbose)


def _extract(pdfs, out_dir, password, max_pages, no_cache, excel, xlsx, verbose) -> None:
    from .report.export import write_datapackage, write_excel_csvs, write_xlsx  # openpyxl only for --xlsx

    quiet(verbose)
    pdfs = distinct_or_exit(pdfs)
    failed = 0
    for pdf in pdfs:
        def one(pdf=pdf):
            budget = load(pdf, password=password, max_pages=max_pages, refresh=no_cache, progress=True)
            folder = write_budget(budget, out_dir)
            if excel:
                write_excel_csvs(folder)
            write_datapackage(budget, folder)
            book = write_xlsx(budget, folder / f"{budget.path.stem}.xlsx") if xlsx else None
            return budget, folder, book

        done = guarded(pdf, verbose, one)
        if done is None:
            failed += 1
            continue
        budget, folder, book = done
        click.echo(summary_line(budget, folder))
        click.echo(coverage_line(budget))
        if book:
            click.echo(f"  workbook → {book}")
    if len(pdfs) > 1:
        click.echo(f"{len(pdfs) - failed} of {len(pdfs)} documents extracted", err=bool(failed))
    sys.exit(1 if failed else 0)


@main.command()
@click.argument("pdfs", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--out", "out_dir", default="reports", show_default=True, type=click.Path(path_type=Path),
              help="Folder for <pdf stem>.html.")
@MAX_PAGES
@click.option("--verbose", is_flag=True, help="Show tracebacks (for bug reports).")
def report(pdfs, out_dir, max_pages, verbose) -> None:
    """Render the report notebooks for each PDF (default: every PDF in data/raw/) to HTML."""
    from .report.render import render_report, report_notebooks  # papermill, nbconvert, matplotlib: report only

    quiet(verbose, "papermill", "traitlets")
    pdfs = list(pdfs) or sorted(Path("data/raw").glob("*.pdf"))
    if not pdfs:
        click.echo("error: no PDF given and none in data/raw/", err=True)
        sys.exit(1)
    pdfs = distinct_or_exit(pdfs, ".html")
    notebooks = report_notebooks()
    failed = 0
    with tqdm(total=len(pdfs) * len(notebooks), unit="notebook", desc="reports", leave=False) as bar:
        for pdf in pdfs:
            start = bar.n

            def one(pdf=pdf):
                load(pdf, max_pages=max_pages, progress=True)  # extract once (or find it cached) for the notebooks
                return render_report(pdf, out_dir, notebooks, step=lambda: bar.update(1))

            target = guarded(pdf, verbose, one, echo=lambda line: tqdm.write(line, file=sys.stderr))
            if target is None:
                failed += 1
                bar.update(start + len(notebooks) - bar.n)  # the notebooks this document did not run
                continue
            tqdm.write(display_name(f"{pdf.name}: report → {target}"))
    if len(pdfs) > 1:
        click.echo(f"{len(pdfs) - failed} of {len(pdfs)} reports written", err=bool(failed))
    sys.exit(1 if failed else 0)


@main.command()
@click.argument("pdfs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--min-severity", type=click.Choice(SEVERITIES), default="info", show_default=True,
              help="Show findings of this severity and worse.")
@click.option("--password", default=None, help="Password of an encrypted PDF.")
@click.option("--format", "fmt", type=click.Choice(["text", "csv", "xlsx"]), default="text", show_default=True,
              help="csv / xlsx: also write the findings as a reviewer's sheet (Chinese column names).")
@click.option("--annotate", is_flag=True,
              help="Also write <stem>.annotated.pdf: a copy of each PDF with every finding boxed on its page.")
@click.option("-o", "--out", "out", default=None, type=click.Path(path_type=Path),
              help="The csv / xlsx file (default: findings.csv or findings.xlsx here); with --annotate and "
                   "no --format, the folder of the annotated copies (default: here).")
@MAX_PAGES
@click.option("--verbose", is_flag=True, help="Show tracebacks (for bug reports).")
def audit(pdfs, min_severity, password, fmt, annotate, out, max_pages, verbose) -> None:
    """List each document's findings (page, severity, message, evidence); exit 1 if any is a defect."""
    quiet(verbose)
    shown = SEVERITIES[: SEVERITIES.index(min_severity) + 1]
    defects = failed = 0
    sheet = []
    for pdf in pdfs:
        budget = guarded(pdf, verbose, lambda pdf=pdf: load(pdf, password=password, max_pages=max_pages))
        if budget is None:
            failed += 1
            continue
        findings = findings_table(budget)
        counts = {s: int((findings["severity"] == s).sum()) if not findings.empty else 0 for s in SEVERITIES}
        defects += counts["defect"]
        sheet += review_rows(budget, min_severity)
        click.echo(f"{display_name(budget.path.name)}: {counts['defect']} defect, {counts['warning']} warning, {counts['info']} info")
        for f in findings.itertuples():
            if f.severity not in shown:
                continue
            page = f"p.{int(f.page)}" if f.page == f.page and f.page is not None else "doc"
            click.echo(f"  {page:>5} {f.severity:<7} {f.rule}: {f.message}")
            click.echo(f"        evidence: {f.evidence}")
        if annotate:
            folder = (out or Path(".")) if fmt == "text" else (out.parent if out else Path("."))
            copy = guarded(pdf, verbose, lambda b=budget: annotate_pdf(b, folder, min_severity, password))
            failed += copy is None
            if copy is not None:
                click.echo(display_name(f"  annotated copy → {copy}"))
    if fmt != "text":
        target = write_review(sheet, out or Path(f"findings.{fmt}"), fmt)
        click.echo(f"{len(sheet)} findings → {target}")
    sys.exit(1 if defects or failed else 0)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--out", "out_dir", default="data/processed", show_default=True, type=click.Path(path_type=Path),
              help="Folder of corpus.duckdb.")
@click.option("--workers", default=None, type=int, help="Worker processes (default: one per core).")
@click.option("--scheduler", default=None, help="A Dask scheduler address (tcp://host:8786) to extract on.")
@MAX_PAGES
@click.option("--timeout", default=DEFAULT.document_seconds, show_default=True, type=click.IntRange(min=1),
              help="Seconds one document may take; a slower one is recorded as failed.")
def batch(paths, out_dir, workers, scheduler, max_pages, timeout) -> None:
    """Extract every PDF under PATHS into one DuckDB database, skipping those already in it."""
    quiet(False)
    settings = replace(DEFAULT, max_pages=max_pages, document_seconds=timeout)
    try:
        tally = run_batch(paths, out_dir, workers=workers, scheduler=scheduler, settings=settings)
    except OutputError as exc:
        click.echo(display_name(f"error: {exc}"), err=True)
        sys.exit(1)
    click.echo(f"{tally['found']} PDFs: {tally['extracted']} extracted, {tally['failed']} failed or refused, "
               f"{tally['skipped']} already in the corpus → {Path(out_dir) / 'corpus.duckdb'} ({tally['seconds']} s)")
