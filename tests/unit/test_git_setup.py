"""The pre-commit hook and the Makefile run the commands this repository really has (workflows: test_workflows)."""

from __future__ import annotations

import shlex

import yaml

from conftest import REPO
from parley.cli import parse_arguments


def load(relative: str) -> dict:
    return yaml.safe_load((REPO / relative).read_text(encoding="utf-8"))


def test_pre_commit_hook_runs_check_on_content_and_layouts():
    [repo] = load(".pre-commit-config.yaml")["repos"]
    [hook] = repo["hooks"]
    assert repo["repo"] == "local"
    assert (hook["language"], hook["pass_filenames"], hook["files"]) == ("system", False, "^(content|layouts)/")
    command = shlex.split(hook["entry"])
    assert command[:2] == [".venv/bin/python", "build.py"]
    assert parse_arguments(command[2:]).command == "check"


def test_makefile_has_a_serve_target():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "\nserve: $(STAMP) $(NODE_STAMP)\n\t$(PY) build.py serve --drafts --port $(PORT)\n" in makefile
