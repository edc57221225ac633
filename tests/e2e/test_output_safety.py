"""Parley deletes only what it wrote: unsafe output folders are refused before anything is written.

Each case runs the real command line on a copy of archive-small and compares the whole project
folder (sources, .git, someone's files) before and after, byte for byte.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import copy_fixture, run_cli, snapshot, write_tree
from parley.publish.output import OUTPUT_HINT, SITE_MARKER, unsafe_output

FOREIGN_HINT = "move them out of it: Parley replaces the whole folder on every build"


def project(tmp_path: Path) -> Path:
    """archive-small as a git checkout, beside a folder of someone else's files."""
    root = copy_fixture("archive-small", tmp_path / "project")
    write_tree(root, {".git/HEAD": "ref: refs/heads/main\n", "docs/notes.md": "someone's notes"})
    write_tree(tmp_path, {"elsewhere/thesis.txt": "years of work"})
    return root


def refused(root: Path, output: str, message: str, hint: str = OUTPUT_HINT, command: str = "build") -> None:
    """Run `command --output OUTPUT` and assert the refusal line, exit 1, and a project left as it was."""
    before = snapshot(root.parent)
    result = run_cli(command, "--output", output, cwd=root)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.splitlines() == [f"{output}: output: {message} — {hint}", "1 error(s); nothing was written"]
    assert snapshot(root.parent) == before
    assert sorted(p.name for p in root.parent.iterdir()) == ["elsewhere", "project"]


@pytest.mark.parametrize(("output", "message"), [
    ("docs", "the output folder is not empty and was not written by Parley"),
    ("content", "the output folder is, holds or lies inside the source folder 'content'"),
    ("content/briefings", "the output folder is, holds or lies inside the source folder 'content'"),
    ("layouts", "the output folder is, holds or lies inside the source folder 'layouts'"),
    (".git", "the output folder is, holds or lies inside the source folder '.git'"),
    (".", "the output folder is the project folder"),
    ("", "the output folder is the project folder"),
    ("..", "the output folder contains the project folder"),
    ("../elsewhere", "the output folder is not empty and was not written by Parley"),
    ("content/site.yaml", "the output folder is, holds or lies inside the source folder 'content'"),
])
def test_unsafe_output_folders_are_refused_and_nothing_changes(tmp_path, output, message):
    root = project(tmp_path)
    shown = output or "."  # `--output ''` is the current folder, and is named so
    before = snapshot(tmp_path)
    result = run_cli("build", "--output", output, cwd=root)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.splitlines() == [f"{shown}: output: {message} — {OUTPUT_HINT}",
                                          "1 error(s); nothing was written"]
    assert snapshot(tmp_path) == before


def test_an_existing_file_is_refused(tmp_path):
    root = project(tmp_path)
    refused(root, "docs/notes.md", "the output folder is a file")


def test_a_symbolic_link_is_refused(tmp_path):
    root = project(tmp_path)
    (root / "public").symlink_to(tmp_path / "elsewhere")
    refused(root, "public", "the output folder is a symbolic link")


def test_content_errors_and_the_output_refusal_come_in_one_run(tmp_path):
    root = project(tmp_path)
    (root / "content/site.yaml").write_text((root / "content/site.yaml").read_text() + "colour: red\n")
    result = run_cli("build", "--output", "docs", cwd=root)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0].startswith("content/site.yaml:")
    assert "docs: output: the output folder is not empty and was not written by Parley" in result.stderr


def test_a_site_parley_built_is_replaced_and_marked(tmp_path):
    root = project(tmp_path)
    assert run_cli("build", "--output", "public", cwd=root).returncode == 0
    (root / "content/briefings").joinpath("2026").exists()
    result = run_cli("build", "--output", "public", "--no-cache", cwd=root)
    assert result.returncode == 0, result.stderr
    listed = (root / "public" / SITE_MARKER).read_text().splitlines()[1:]
    assert sorted(set(snapshot(root / "public")) - {SITE_MARKER}) == sorted(
        path for path in snapshot(root / "public") if path != SITE_MARKER
        and (path in listed or path.startswith("pagefind/")))
    assert "index.html" in listed and "pagefind/" in listed


def test_a_file_added_to_the_built_site_by_hand_is_never_deleted(tmp_path):
    root = project(tmp_path)
    assert run_cli("build", cwd=root).returncode == 0
    write_tree(root, {"site/CNAME": "briefings.example.org", "site/drafts/mine.html": "mine"})
    refused(root, "site", "the output folder holds files Parley did not write: 'CNAME', 'drafts/mine.html'",
            FOREIGN_HINT)


def test_an_empty_or_new_folder_is_accepted(tmp_path):
    root = project(tmp_path)
    (tmp_path / "empty").mkdir()
    for output in ("../empty", "../new/public"):
        result = run_cli("build", "--output", output, cwd=root)
        assert result.returncode == 0, result.stderr
        assert (root / output / "index.html").is_file()


def test_clean_removes_only_what_parley_wrote(tmp_path):
    root = project(tmp_path)
    assert run_cli("build", cwd=root).returncode == 0
    assert (root / ".cache").is_dir() and (root / "site").is_dir()
    result = run_cli("clean", cwd=root)
    assert result.returncode == 0, result.stderr
    assert not (root / "site").exists() and not (root / ".cache").exists()
    assert snapshot(root / "docs") == {"notes.md": b"someone's notes"}


def test_clean_refuses_folders_parley_did_not_write(tmp_path):
    root = project(tmp_path)
    refused(root, "docs", "the output folder is not empty and was not written by Parley", command="clean")
    refused(root, ".", "the output folder is the project folder", command="clean")
    assert run_cli("build", cwd=root).returncode == 0
    write_tree(root, {"site/mine.txt": "mine"})
    refused(root, "site", "the output folder holds files Parley did not write: 'mine.txt'", FOREIGN_HINT,
            command="clean")


def test_root_and_home_are_refused(tmp_path, monkeypatch):
    # Checked on the function itself: no test should ever point a build at / for real.
    root = project(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "elsewhere"))
    protected = [root / "content"]
    assert unsafe_output(Path("/"), protected, root) == ("the output folder is the root or home folder", OUTPUT_HINT)
    assert unsafe_output(tmp_path / "elsewhere", protected, root) == (
        "the output folder is the root or home folder", OUTPUT_HINT)
    assert unsafe_output(Path(os.sep) / "..", protected, root)[0] == "the output folder is the root or home folder"
