"""files: only regular files are read, and every file or folder left out is reported, never skipped quietly.

Tests run as root, for whom permissions never refuse a read, so unreadable files and folders are
simulated at the OS boundary (os.scandir, os.open) rather than with chmod.
"""

from __future__ import annotations

import errno
import os

from conftest import write_tree
from parley.errors import format_error
from parley.read.content import load_sources

SITE = "title: T\ndescription: D\nbase_url: https://example.org/\nlanguage: en\ntimezone: UTC\n"
ENTRY = "---\ntitle: T\n---\n"


def project(tmp_path, files: dict[str, str]):
    return write_tree(tmp_path, {"content/site.yaml": SITE, "content/actors.yaml": "[]",
                                 "content/rounds.yaml": "[]", **files})


def errors_and_paths(root) -> tuple[list[str], list[str]]:
    sources = load_sources(root)
    return [format_error(e) for e in sources.errors], [f.source_path for f in sources.briefings]


def refuse(monkeypatch, function_name: str, path_suffix: str) -> None:
    """Make os.<function_name> fail with EACCES for paths ending in `path_suffix`, as for a non-root user."""
    real = getattr(os, function_name)

    def refusing(path, *args, **kwargs):
        if os.fspath(path).endswith(path_suffix):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(path))
        return real(path, *args, **kwargs)
    monkeypatch.setattr(os, function_name, refusing)


def test_an_unreadable_folder_is_an_error_not_a_silent_gap(tmp_path, monkeypatch):
    root = project(tmp_path, {"content/briefings/2026/01-06-a.md": ENTRY, "content/briefings/2025/01-06-b.md": ENTRY})
    refuse(monkeypatch, "scandir", "briefings/2025")
    errors, paths = errors_and_paths(root)
    assert errors == ["content/briefings/2025: file: folder cannot be read: Permission denied"
                      " — check its permissions; every briefing below it is left out until it can be read"]
    assert paths == ["content/briefings/2026/01-06-a.md"]


def test_an_unreadable_file_is_an_error(tmp_path, monkeypatch):
    root = project(tmp_path, {"content/briefings/2026/01-06-a.md": ENTRY})
    refuse(monkeypatch, "open", "01-06-a.md")
    errors, paths = errors_and_paths(root)
    assert errors == ["content/briefings/2026/01-06-a.md:1: file: cannot be read: Permission denied"
                      " — check that it exists and that its permissions let you read it"]
    assert paths == []


def test_a_pipe_named_md_is_refused_without_being_opened(tmp_path, monkeypatch):
    root = project(tmp_path, {"content/briefings/2026/01-06-a.md": ENTRY})
    os.mkfifo(root / "content/briefings/2026/01-07-pipe.md")
    refuse(monkeypatch, "open", "01-07-pipe.md")  # opening it would block; it must not even be tried
    errors, paths = errors_and_paths(root)
    assert errors == ["content/briefings/2026/01-07-pipe.md:1: file: is not a regular file (a pipe, socket or device)"
                      " — replace it with an ordinary text file, or remove it"]
    assert paths == ["content/briefings/2026/01-06-a.md"]


def test_a_pipe_as_site_yaml_is_refused(tmp_path):
    root = project(tmp_path, {})
    os.remove(root / "content/site.yaml")
    os.mkfifo(root / "content/site.yaml")
    errors, _ = errors_and_paths(root)
    assert errors == ["content/site.yaml:1: file: is not a regular file (a pipe, socket or device)"
                      " — replace it with an ordinary text file, or remove it"]


def test_a_huge_file_is_refused_without_being_read(tmp_path):
    root = project(tmp_path, {"content/briefings/2026/01-06-huge.md": ""})
    with open(root / "content/briefings/2026/01-06-huge.md", "wb") as file:
        file.truncate(5 * 2**30)  # sparse: five gigabytes that take no disk
    errors, paths = errors_and_paths(root)
    assert errors == ["content/briefings/2026/01-06-huge.md:1: file: file is 5,368,709,120 bytes, over the limit of"
                      " 2,097,152 — split it into several entries or move large material elsewhere"]
    assert paths == []


def test_markdown_files_not_named_md_are_reported(tmp_path):
    root = project(tmp_path, {"content/briefings/2026/01-06-a.MD": ENTRY, "content/briefings/2026/01-07-b.markdown": ENTRY,
                              "content/briefings/2026/notes.txt": "n", "content/briefings/2026/.01-08-c.Markdown": ENTRY})
    errors, paths = errors_and_paths(root)
    assert errors == [
        "content/briefings/2026/01-06-a.MD:1: file: is not read: briefings end in '.md' — rename it to 01-06-a.md",
        "content/briefings/2026/01-07-b.markdown:1: file: is not read: briefings end in '.md' — rename it to 01-07-b.md"]
    assert paths == []


def test_a_dangling_link_is_an_error(tmp_path):
    root = project(tmp_path, {"content/briefings/2026/01-06-a.md": ENTRY})
    os.symlink(root / "content/briefings/2026/gone.md", root / "content/briefings/2026/01-07-dangling.md")
    errors, _ = errors_and_paths(root)
    assert errors == ["content/briefings/2026/01-07-dangling.md:1: file: cannot be read: No such file or directory"
                      " — check that it exists and that its permissions let you read it"]


def test_reading_many_files_leaves_no_memory_mapping_behind(tmp_path):
    # A read buffer sized to the 2 MB limit and shrunk to the file stays a mapping of its own: at
    # 65,530 files the process could map nothing more and a 100,000-entry build died.
    write_tree(tmp_path, {f"content/briefings/2026/01-{n % 28 + 1:02d}-entry-{n}.md": "x" * 3000 for n in range(2000)})

    def mappings() -> int:
        with open("/proc/self/maps", encoding="utf-8") as maps:
            return sum(1 for _ in maps)

    before = mappings()
    sources = load_sources(tmp_path)
    assert len(sources.briefings) == 2000 and all(len(f.raw) == 3000 for f in sources.briefings)
    assert mappings() - before < 200
