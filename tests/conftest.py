"""Shared test helpers: inline content trees, fixture archives, the CLI as a subprocess, HTML parsing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import lxml.html
import pytest

REPO = Path(__file__).resolve().parent.parent
LAYOUTS = REPO / "layouts"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write {relative path: text or bytes} below root (text is dedented); returns root."""
    for relative, content in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    return root


def run_cli(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run `build.py` as editors do, from `cwd`, with the repository's layouts unless told otherwise."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, str(REPO / "build.py"), *args], cwd=cwd, env=full_env,
                          capture_output=True, text=True, timeout=300)


def copy_fixture(name: str, destination: Path) -> Path:
    """A fresh copy of tests/fixtures/<name> (a project root holding content/) in `destination`."""
    shutil.copytree(FIXTURES / name, destination, symlinks=True)
    return destination


def parse_html(path: Path):
    return lxml.html.fromstring(path.read_bytes())


@pytest.fixture(scope="session")
def small_site(tmp_path_factory) -> Path:
    """archive-small built once with the real layouts; returns its site/ folder. Read it, never modify it."""
    root = copy_fixture("archive-small", tmp_path_factory.mktemp("small") / "project")
    result = run_cli("build", "--layouts", str(LAYOUTS), cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "site"
