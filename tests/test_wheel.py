"""An installed package works: the built wheel, installed into a fresh venv, renders a report
from a folder that is not the checkout (notebooks and templates ship as package data)."""
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from conftest import SAMPLE

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


def run(args, cwd, timeout=900, env=None):
    r = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env)
    assert r.returncode == 0, f"{args}\n{r.stdout[-2000:]}\n{r.stderr[-4000:]}"
    return r


def test_installed_wheel_renders_a_report_from_any_folder(tmp_path):
    src = tmp_path / "src"  # a copy, so the build leaves nothing in the checkout
    shutil.copytree(ROOT / "budgetlib", src / "budgetlib", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"), str(src)], tmp_path)
    wheel = next((tmp_path / "dist").glob("budgetlib-*.whl"))

    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", str(venv)], tmp_path)
    # the dependencies: this interpreter's packages, after the venv's own (where the wheel goes)
    purelib = run([str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                  tmp_path).stdout.strip()
    Path(purelib, "deps.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--no-deps", str(wheel)], tmp_path)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    pdf = elsewhere / "my budget.pdf"
    shutil.copy(SAMPLE, pdf)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["BUDGETLIB_CACHE"] = str(tmp_path / "cache")
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["JUPYTER_PATH"] = str(Path(sys.prefix) / "share" / "jupyter")  # nbconvert's templates, with its package
    where = run([str(venv / "bin" / "python"), "-c", "import budgetlib; print(budgetlib.__file__)"], elsewhere, env=env)
    assert str(venv) in where.stdout  # the installed copy, not the checkout
    run([str(venv / "bin" / "budgetlib"), "report", str(pdf), "-o", "out"], elsewhere, env=env)
    html = (elsewhere / "out" / "my budget.html").read_text(encoding="utf-8")
    # p.4 of the sample: "部门预算支出667.95万元,较2023年年初预算减少68.66万元,减少9.3%"
    assert "667.95" in html and "68.66" in html and "9.3%" in html
    assert "data:image/png;base64," in html
