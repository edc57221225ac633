"""The deploy's cache: .cache/ and site/ saved and restored as actions/cache does make the next build incremental.

actions/cache packs its paths with GNU tar in POSIX format (nanosecond mtimes survive), restores them
into a fresh checkout at the same path, and the build's last line says whether it was incremental.
"""

from __future__ import annotations

import re
import shutil
import subprocess

from conftest import copy_fixture, parse_html, run_cli

ENTRY = "content/briefings/2026/01-05-paris-opens.md"
PAGE = "site/briefings/2026/01/05/paris-opens/index.html"


def save_and_restore(root, archive) -> None:
    """What the deploy does between runs: pack .cache and site, start from a clean checkout, unpack."""
    subprocess.run(["tar", "--posix", "-cf", str(archive), "-P", "-C", str(root), ".cache", "site"], check=True)
    shutil.rmtree(root / ".cache")
    shutil.rmtree(root / "site")
    subprocess.run(["tar", "-xf", str(archive), "-P", "-C", str(root)], check=True)


def test_a_one_briefing_change_after_a_restored_cache_rebuilds_incrementally_and_says_so(tmp_path):
    root = copy_fixture("archive-small", tmp_path / "project")
    first = run_cli("build", cwd=root)
    assert re.match(r"built 7 entries into site \(\d+ files, a full build\);", first.stdout)
    save_and_restore(root, tmp_path / "cache.tar")
    entry = root / ENTRY
    entry.write_text(re.sub(r"(?m)^summary: .*$", "summary: A corrected summary.", entry.read_text(encoding="utf-8")),
                     encoding="utf-8")

    second = run_cli("build", cwd=root)
    assert second.returncode == 0, second.stderr
    headline = second.stdout.splitlines()[0]
    files, reused = map(int, re.match(r"built 7 entries into site \((\d+) files, incremental: (\d+) reused from the"
                                      r" last build\);", headline).groups())
    assert 0 < reused < files
    assert "A corrected summary." in parse_html(root / PAGE).text_content()


def test_without_the_restored_cache_the_build_is_full(tmp_path):
    root = copy_fixture("archive-small", tmp_path / "project")
    assert run_cli("build", cwd=root).returncode == 0
    shutil.rmtree(root / ".cache")
    assert " files, a full build);" in run_cli("build", cwd=root).stdout.splitlines()[0]
    assert " files, incremental: nothing changed, every file kept);" in run_cli("build", cwd=root).stdout.splitlines()[0]
