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


# site.yaml of the small archives the editor-tool tests write with `write_tree` (dedented there).
SITE_YAML = """
    title: Test
    description: A test archive
    base_url: https://example.org/
    language: en
    timezone: Asia/Damascus
"""


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


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below `folder` by relative path -> its bytes (for byte-for-byte comparisons)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def broken_links(site: Path) -> list[str]:
    """Every internal href/src in every page that does not resolve to a file in `site` (with its page)."""
    broken = []
    for page in html_pages(site):
        document = parse_html(page)
        for element, attribute, link, _ in document.iterlinks():
            target = resolve_internal(site, page, link)
            if target is not None and not target.is_file():
                broken.append(f"{page.relative_to(site)}: {element.tag} {attribute}={link}")
    return broken


def resolve_internal(site: Path, page: Path, link: str) -> Path | None:
    """A link's target file inside `site`, or None for external links, anchors and mail links.

    Root-relative links (only the 404 page uses them) are resolved under the base path `/archive/`
    or `/`, whichever the site was built for.
    """
    from urllib.parse import unquote, urlsplit
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = unquote(parts.path)
    if path.startswith("/"):
        base_path = "/archive/" if path.startswith("/archive/") else "/"
        target = site / path[len(base_path):]
    else:
        target = (page.parent / path).resolve()
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target
