"""The command line: one clear line and a non-zero exit for input it refuses."""
import subprocess
import sys

from conftest import SAMPLE


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "budgetlib", *map(str, args)], capture_output=True, text=True, cwd=cwd)


def test_missing_file(tmp_path):
    r = run("extract", tmp_path / "nope.pdf", "-o", tmp_path / "out")
    assert r.returncode == 1
    assert r.stderr.strip().splitlines() == [f"error: {tmp_path / 'nope.pdf'}: no such file"]
    assert "Traceback" not in r.stderr
    assert not (tmp_path / "out" / "nope").exists()


def test_text_file_named_pdf(tmp_path):
    fake = tmp_path / "report.pdf"
    fake.write_text("<html><script>alert(1)</script></html>", encoding="utf-8")
    r = run("extract", fake, "-o", tmp_path / "out")
    assert r.returncode == 1
    assert r.stderr.strip() == f"error: {fake}: not a PDF (no %PDF header)"
    assert not (tmp_path / "out" / "report").exists()


def test_several_documents_continue_past_a_failure(tmp_path):
    r = run("extract", tmp_path / "missing.pdf", SAMPLE, "-o", tmp_path / "out")
    assert r.returncode == 1
    assert "747 facts" in r.stdout
    assert r.stderr.strip().splitlines()[-1] == "1 of 2 documents extracted"
    assert (tmp_path / "out" / SAMPLE.stem / "facts.csv").is_file()


def test_no_arguments_is_a_usage_error():
    r = run("extract")
    assert r.returncode == 2 and "Missing argument" in r.stderr


def test_internal_error_is_one_line_and_verbose_shows_the_traceback(monkeypatch, tmp_path):
    from click.testing import CliRunner

    import budgetlib.cache
    from budgetlib.cli import main

    def broken(*args, **kwargs):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(budgetlib.cache, "read_budget", broken)
    monkeypatch.setenv("BUDGETLIB_CACHE", str(tmp_path / "cache"))
    quiet = CliRunner().invoke(main, ["extract", str(SAMPLE), "-o", str(tmp_path)])
    assert quiet.exit_code == 1
    assert quiet.stderr.strip().splitlines() == [
        f"error: {SAMPLE}: could not be processed (RuntimeError: simulated bug); rerun with --verbose for the traceback"]
    loud = CliRunner().invoke(main, ["extract", str(SAMPLE), "-o", str(tmp_path), "--verbose"])
    assert loud.exit_code == 1 and "Traceback" in loud.stderr and "simulated bug" in loud.stderr
