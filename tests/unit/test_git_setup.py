"""The pre-commit hook and the GitHub workflow parse, and run the commands this repository really has."""

from __future__ import annotations

import shlex

import yaml

from conftest import REPO
from parley.cli import parse_arguments


def load(relative: str) -> dict:
    return yaml.safe_load((REPO / relative).read_text(encoding="utf-8"))


def steps_of(job: dict) -> tuple[list[str], list[str]]:
    """A job's `uses:` actions (without versions) and its `run:` commands."""
    actions = [step["uses"].split("@")[0] for step in job["steps"] if "uses" in step]
    return actions, [step["run"] for step in job["steps"] if "run" in step]


def test_pre_commit_hook_runs_check_on_content_and_layouts():
    [repo] = load(".pre-commit-config.yaml")["repos"]
    [hook] = repo["hooks"]
    assert repo["repo"] == "local"
    assert (hook["language"], hook["pass_filenames"], hook["files"]) == ("system", False, "^(content|layouts)/")
    command = shlex.split(hook["entry"])
    assert command[:2] == [".venv/bin/python", "build.py"]
    assert parse_arguments(command[2:]).command == "check"


def test_workflow_tests_pull_requests_and_publishes_main_to_pages():
    workflow = load(".github/workflows/site.yml")
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` key as true
    assert "pull_request" in triggers and triggers["push"]["branches"] == ["main"]
    jobs = workflow["jobs"]

    actions, commands = steps_of(jobs["test"])
    assert "pull_request" in jobs["test"]["if"]
    assert jobs["test"]["container"].startswith("debian:")  # Debian's Chromium, as .ci/run expects
    assert actions == ["actions/checkout"]
    assert commands[1:] == ["bash .ci/run", ".venv/bin/python build.py check --format github"]
    assert "python3-venv" in commands[0].split() and "npm" in commands[0].split()
    assert parse_arguments(shlex.split(commands[2])[2:]).format == "github"

    actions, commands = steps_of(jobs["build"])
    assert actions == ["actions/checkout", "actions/setup-python", "actions/configure-pages",
                       "actions/upload-pages-artifact"]
    assert jobs["build"]["steps"][1]["with"]["python-version"] == "3.11"
    assert jobs["build"]["steps"][-1]["with"]["path"] == "site"
    assert commands == ["make build"]

    deploy = jobs["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["concurrency"]["group"] == "pages"
    assert steps_of(deploy)[0] == ["actions/deploy-pages"]


def test_makefile_has_a_serve_target():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "\nserve: $(STAMP) $(NODE_STAMP)\n\t$(PY) build.py serve --drafts --port $(PORT)\n" in makefile
