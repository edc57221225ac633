"""Broken archives: the CLI prints every error exactly, exits 1 without a traceback, and site/ is untouched."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, run_cli, snapshot, write_tree

INVALID = FIXTURES / "invalid"
CASES = sorted(p.name for p in INVALID.iterdir() if p.is_dir() and not p.name.startswith("_"))


def built_base(tmp_path: Path) -> Path:
    """A project built once from the valid base archive, so site/ holds a previous good build."""
    root = tmp_path / "project"
    shutil.copytree(INVALID / "_base", root)
    result = run_cli("build", cwd=root)
    assert result.returncode == 0, result.stderr
    return root


def assert_refused(root: Path, expected_lines: list[str], before: dict[str, bytes]) -> None:
    result = run_cli("build", cwd=root)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == expected_lines + [f"{len(expected_lines)} error(s); nothing was written"]
    assert snapshot(root / "site") == before
    assert sorted(p.name for p in root.iterdir() if p.name.startswith("site")) == ["site"]


@pytest.mark.parametrize("case", CASES)
def test_invalid_archive_prints_exact_errors_and_keeps_site(tmp_path, case):
    root = built_base(tmp_path)
    before = snapshot(root / "site")
    shutil.copytree(INVALID / case, root, dirs_exist_ok=True)
    os.remove(root / "expected_errors.txt")
    expected = (INVALID / case / "expected_errors.txt").read_text(encoding="utf-8").splitlines()
    assert expected, f"{case} has no expected errors"
    assert_refused(root, expected, before)


def test_check_prints_the_same_errors_without_building(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(INVALID / "_base", root)
    shutil.copytree(INVALID / "wrong-types", root, dirs_exist_ok=True)
    expected = (INVALID / "wrong-types" / "expected_errors.txt").read_text(encoding="utf-8").splitlines()
    result = run_cli("check", cwd=root)
    assert result.returncode == 1
    assert result.stderr.splitlines()[:-1] == expected
    assert not (root / "site").exists()


def test_link_outside_content_is_refused(tmp_path):
    root = built_base(tmp_path)
    before = snapshot(root / "site")
    secret = write_tree(tmp_path, {"secret.md": "---\ntitle: x\n---\n"}) / "secret.md"
    os.symlink(secret, root / "content/briefings/2026/01-09-linked.md")
    assert_refused(root, ["content/briefings/2026/01-09-linked.md:1: file: is a link to a file outside content/"
                          " — copy the file into content/ instead of linking to it"], before)


def test_oversized_entry_is_refused(tmp_path):
    root = built_base(tmp_path)
    before = snapshot(root / "site")
    body = "word " * (10 * 1024 * 1024 // 5)
    write_tree(root, {"content/briefings/2026/01-09-huge.md": "---\ntitle: Huge\n---\n" + body})
    assert_refused(root, ["content/briefings/2026/01-09-huge.md:1: file: file is 10,485,780 bytes, over the limit"
                          " of 2,097,152 — split it into several entries or move large material elsewhere"], before)


def test_errors_in_every_file_are_reported_in_one_run(tmp_path):
    root = built_base(tmp_path)
    before = snapshot(root / "site")
    for case in ("unknown-actor", "bad-date", "unknown-round"):
        for path in (INVALID / case / "content/briefings/2026").glob("*.md"):
            # Each case's file gets its own slug, so all three sit side by side.
            (root / "content/briefings/2026" / f"{path.name[:6]}{case}.md").write_bytes(path.read_bytes())
    result = run_cli("build", cwd=root)
    messages = [line.split(": ", 2)[1] for line in result.stderr.splitlines()[:-1]]
    assert result.returncode == 1
    assert sorted(messages) == ["actors", "date", "round"]
    assert snapshot(root / "site") == before


# Inputs that `check` once accepted and `build` then crashed on; both must now say the same thing.
AGREEMENT_CASES = ("check-build-agreement", "control-characters", "yaml-deep-nesting", "yaml-huge-integer", "yaml-tags")


@pytest.mark.parametrize("case", AGREEMENT_CASES)
def test_check_and_build_refuse_the_same_input_alike(tmp_path, case):
    root = tmp_path / "project"
    shutil.copytree(INVALID / "_base", root)
    shutil.copytree(INVALID / case, root, dirs_exist_ok=True)
    checked = run_cli("check", "--future", "--drafts", cwd=root)
    built = run_cli("build", "--future", "--drafts", cwd=root)
    assert (checked.returncode, built.returncode) == (1, 1)
    assert "Traceback" not in built.stderr
    assert checked.stderr == built.stderr
    assert not (root / "site").exists()


def test_check_and_build_accept_the_edge_values_alike(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(INVALID / "_base", root)
    entry = "---\ntitle: T\ndate: {date}\nactors: [ron-dermer]\nsummary: S\nsources: [AFP]\nslug: {slug}\n---\nBody.\n"
    write_tree(root, {"content/briefings/2999/12-31-last.md": entry.format(date="2999-12-31", slug="b" * 100),
                      "content/briefings/1900/01-01-first.md": entry.format(date="1900-01-01", slug="first")})
    checked = run_cli("check", "--future", cwd=root)
    built = run_cli("build", "--future", cwd=root)
    assert (checked.returncode, built.returncode) == (0, 0), built.stderr
    assert (root / "site/briefings/2999/12/31" / ("b" * 100) / "index.html").is_file()


def test_a_pipe_named_md_does_not_hang_the_build(tmp_path):
    root = built_base(tmp_path)
    before = snapshot(root / "site")
    os.mkfifo(root / "content/briefings/2026/01-09-pipe.md")
    os.symlink(root / "content/briefings/2026/gone.md", root / "content/briefings/2026/01-10-dangling.md")
    assert_refused(root, [
        "content/briefings/2026/01-09-pipe.md:1: file: is not a regular file (a pipe, socket or device)"
        " — replace it with an ordinary text file, or remove it",
        "content/briefings/2026/01-10-dangling.md:1: file: cannot be read: No such file or directory"
        " — check that it exists and that its permissions let you read it"], before)


def test_a_file_name_with_a_newline_cannot_inject_github_annotations(tmp_path):
    root = built_base(tmp_path)
    (root / "content/briefings/2026/01-09-x\n::error file=README.md,line=1::forged.md").write_text("no front-matter")
    result = run_cli("check", "--format", "github", cwd=root)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "::error file=content/briefings/2026/01-09-x\\n%3A%3Aerror file=README.md%2Cline=1%3A%3Aforged.md,line=1::"
        "front-matter: no front-matter block at the top of the file"
        " — start the file with a '---' line, then the fields, then another '---' line",
        "1 error(s); nothing was written"]


def test_an_entry_naming_forty_actors_builds_and_stays_small(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(INVALID / "_base", root)
    actors = "".join(f"- id: actor-{n}\n  name: Actor {n}\n  kind: person\n  affiliation: Syria\n" for n in range(40))
    write_tree(root, {"content/actors.yaml": actors, "content/briefings/2026/01-05-valid.md":
                      "---\ntitle: T\ndate: 2026-01-05\nactors: [" + ", ".join(f"actor-{n}" for n in range(40)) + "]\n"
                      "summary: S\nsources: [AFP]\n---\nBody.\n"})
    result = run_cli("build", cwd=root)
    assert result.returncode == 0, result.stderr
    # Forty actor pages and feeds each repeat the entry with its forty actors: bounded, not 117 MB.
    sizes = [p.stat().st_size for p in (root / "site").rglob("*") if p.is_file() and "pagefind" not in p.parts]
    assert max(sizes) < 50_000 and sum(sizes) < 3_000_000
