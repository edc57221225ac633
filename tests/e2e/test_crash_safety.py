"""A build killed at any moment (SIGKILL) leaves site/ as the old tree or the new one, never a mix."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from bench.make_corpus import write_corpus
from conftest import REPO, snapshot

ENTRIES = 200
KILL_FRACTIONS = (0.15, 0.4, 0.7, 0.85, 0.93, 0.97, 1.0, 1.05)


def set_title(root: Path, title: str) -> None:
    config = root / "content/site.yaml"
    lines = [f"title: {title}" if line.startswith("title:") else line for line in config.read_text().splitlines()]
    config.write_text("\n".join(lines) + "\n")


def start_build(root: Path, output: Path) -> subprocess.Popen:
    # A session of its own, so the kill reaches any worker processes too.
    return subprocess.Popen([sys.executable, str(REPO / "build.py"), "build", "--output", str(output)], cwd=root,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)


def timed_build(root: Path, output: Path) -> float:
    started = time.monotonic()
    process = start_build(root, output)
    assert process.wait(timeout=600) == 0, process.stderr.read()
    return time.monotonic() - started


def test_killed_builds_leave_old_or_new_site_and_next_build_recovers(tmp_path):
    root = tmp_path / "project"
    write_corpus(root, ENTRIES)
    versions = {}
    for title in ("Version A", "Version B"):
        set_title(root, title)
        duration = timed_build(root, tmp_path / title)
        versions[title] = snapshot(tmp_path / title)
    assert versions["Version A"] != versions["Version B"]
    set_title(root, "Version A")
    timed_build(root, root / "site")
    current, outcomes = "Version A", set()
    for fraction in KILL_FRACTIONS:
        target = "Version B" if current == "Version A" else "Version A"
        set_title(root, target)
        process = start_build(root, root / "site")
        time.sleep(duration * fraction)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        found = snapshot(root / "site")
        assert found in (versions["Version A"], versions["Version B"]), f"mixed tree after kill at {fraction:.0%}"
        outcomes.add("old" if found == versions[current] else "new")
        current = "Version A" if found == versions["Version A"] else "Version B"
    assert "old" in outcomes, "no kill landed before the swap: the test proved nothing"
    timed_build(root, root / "site")
    assert snapshot(root / "site") == versions[target]
    # A replaced site may still be being deleted in the background; nothing else may be left.
    assert sorted(p.name for p in root.iterdir() if ".replaced-" not in p.name) == [".cache", "content", "site"]
