"""Finds and reads the files under content/: regular files only, every refusal reported.

Never opens a pipe, socket or device (opening a FIFO blocks forever), never reads more than the
size limit, and never skips an unreadable folder or a Markdown file with the wrong extension in silence.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..errors import ContentError
from .frontmatter import MAX_SOURCE_BYTES

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".mkdn")


def find_briefing_files(root: Path, folder: Path, errors: list[ContentError]) -> tuple[list[str], list[str]]:
    """Source paths of every `.md` file below `folder` (hidden ones skipped), and of links to folders.

    Links to folders are never followed, so an editor is told about them rather than left wondering.
    Folders that cannot be listed and Markdown files not named `.md` go to `errors`.
    """
    files, folder_links = [], []

    def report_unlistable(exc: OSError) -> None:
        source_path = Path(exc.filename).relative_to(root).as_posix() if exc.filename else folder.name
        if source_path != folder.relative_to(root).as_posix() or folder.exists():  # a missing folder is no error
            errors.append(ContentError(source_path, 0, "file", f"folder cannot be read: {exc.strerror}",
                                       "check its permissions; every briefing below it is left out until it can be read"))

    for dirpath, dirnames, filenames in os.walk(folder, onerror=report_unlistable):
        relative = Path(dirpath).relative_to(root).as_posix()
        folder_links += [f"{relative}/{d}" for d in dirnames if os.path.islink(os.path.join(dirpath, d))]
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if name.startswith("."):
                continue
            if name.endswith(".md"):
                files.append(f"{relative}/{name}")
            elif name.lower().endswith(MARKDOWN_SUFFIXES):
                stem = name[: name.rfind(".")]
                errors.append(ContentError(f"{relative}/{name}", 1, "file", "is not read: briefings end in '.md'",
                                           f"rename it to {stem}.md"))
    return sorted(files), sorted(folder_links)


def read_regular_file(path: Path, source_path: str) -> bytes | ContentError:
    """A regular file's bytes, or an error for anything else (pipe, device, folder), too large or unreadable."""
    try:
        # stat first, so a pipe or device is never opened; fstat again, in case it was swapped meanwhile.
        if not stat.S_ISREG(os.stat(path).st_mode):
            return not_regular(path, source_path)
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
        with open(descriptor, "rb") as file:
            status = os.fstat(file.fileno())
            if not stat.S_ISREG(status.st_mode):
                return not_regular(path, source_path)
            if status.st_size > MAX_SOURCE_BYTES:
                return too_large(source_path, status.st_size)
            # A buffer sized to the file, not to the limit: a 2 MB buffer shrunk to a few kB stays a
            # memory mapping of its own, and 65,530 of them (an archive of that many files) made the
            # process run out of mappings. The extra byte tells whether the file grew since fstat.
            raw = file.read(min(status.st_size, MAX_SOURCE_BYTES) + 1)
            if len(raw) > status.st_size:
                raw += file.read(MAX_SOURCE_BYTES + 1 - len(raw))
    except OSError as exc:
        return ContentError(source_path, 1, "file", f"cannot be read: {exc.strerror}",
                            "check that it exists and that its permissions let you read it")
    return too_large(source_path, len(raw)) if len(raw) > MAX_SOURCE_BYTES else raw


def not_regular(path: Path, source_path: str) -> ContentError:
    kind = "a folder" if path.is_dir() else "not a regular file (a pipe, socket or device)"
    return ContentError(source_path, 1, "file", f"is {kind}", "replace it with an ordinary text file, or remove it")


def too_large(source_path: str, size: int) -> ContentError:
    return ContentError(source_path, 1, "file", f"file is {size:,} bytes, over the limit of {MAX_SOURCE_BYTES:,}",
                        "split it into several entries or move large material elsewhere")
