"""The project's own promises: conda and pip list the same dependencies; README and CI agree."""
import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _name_spec(req: str) -> tuple[str, str]:
    m = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", req)
    return m.group(1).lower().replace("_", "-"), m.group(2).replace(" ", "")


def test_environment_yml_lists_the_pyproject_dependencies():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = [r for reqs in project["optional-dependencies"].values() for r in reqs if not r.startswith("budgetlib[")]
    pip_side = dict(_name_spec(r) for r in project["dependencies"] + extras)
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda_side = {}
    for dep in env["dependencies"]:
        items = dep["pip"] if isinstance(dep, dict) else [dep]
        for item in items:
            if item.startswith("-e") or item.split(">")[0].split("=")[0] in ("python", "pip"):
                continue
            name, spec = _name_spec(item)
            conda_side[name] = spec
    assert conda_side == pip_side
    assert project["requires-python"].replace(" ", "") == ">=3.11"
    assert "python>=3.11" in env["dependencies"]


def test_ci_runs_the_readme_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```(?:bash|sh)\n(.*?)```", readme, flags=re.S)
    setup, tests = blocks[0].strip(), blocks[1].strip()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for command in (setup, tests):
        for line in command.splitlines():
            assert line.strip() in ci, f"README command not run by .ci/run: {line}"


def test_dev_installs_the_report_extra():
    """The README's set-up (`pip install -e ".[dev]"`) must bring what `budgetlib report` needs."""
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    assert "budgetlib[report]" in extras["dev"]
    report = {_name_spec(r)[0] for r in extras["report"]}
    assert {"papermill", "nbconvert", "matplotlib", "seaborn", "ipykernel", "mplfonts", "jupyterlab"} <= report
