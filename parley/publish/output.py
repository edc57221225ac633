"""Publishes rendered outputs to site/: the only module that writes there.

Everything is written to a staging folder beside site/ and swapped in with one atomic exchange
(Linux renameat2), or two renames where that is unsupported, so a failed or killed build leaves
the previous site as it was; `recover` mends an interrupted swap and removes stale staging folders.
Every folder Parley writes carries a manifest (SITE_MARKER) listing its files: Parley replaces or
deletes only folders that carry one and hold nothing else, so it never destroys what it did not write.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import posixpath
import shutil
import subprocess
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping

STAGING_SUFFIX = ".staging-"
PREVIOUS_SUFFIX = ".previous"
TRASH_SUFFIX = ".replaced-"
# The manifest inside every site Parley publishes: its first line says what it is, the rest lists
# every file of the site (sorted, so identical builds write identical bytes).
SITE_MARKER = ".parley-site"
MARKER_HEADER = b"# written by Parley (build.py); it replaces or deletes only the files listed here\n"
FOREIGN_FILES_SHOWN = 3


OUTPUT_HINT = "choose an empty or new folder, or the site/ folder Parley built"
FOREIGN_HINT = "move them out of it: Parley replaces the whole folder on every build"


@dataclass(frozen=True, slots=True)
class Manifest:
    """What a Parley-written folder lists as its own: files, and folders owned whole (a line ending in /)."""

    files: frozenset[str]
    folders: tuple[str, ...]

    def owns(self, out_path: str) -> bool:
        return out_path in self.files or out_path.startswith(self.folders)


def read_manifest(folder: Path) -> Manifest | None:
    """The manifest of a Parley-written folder; None if it has no (valid) marker."""
    marker = folder / SITE_MARKER
    try:
        if marker.is_symlink() or not marker.is_file():
            return None
        text = marker.read_bytes()
    except OSError:
        return None
    if not text.startswith(MARKER_HEADER):
        return None
    lines = text[len(MARKER_HEADER):].decode("utf-8", "replace").splitlines()
    return Manifest(frozenset(lines) | {SITE_MARKER}, tuple(line for line in lines if line.endswith("/")))


def foreign_files(folder: Path, files: Iterable[str] | None = None) -> list[str] | None:
    """Files in `folder` that Parley did not write (sorted); None if it is no Parley folder at all.

    `files` is the folder's listing when the caller already has one (listing a large site costs
    half a second; a build lists its output folder once and shares the listing).
    """
    manifest = read_manifest(folder)
    if manifest is None:
        return None
    return sorted(path for path in (list_files(folder) if files is None else files) if not manifest.owns(path))


def is_parley_folder(folder: Path) -> bool:
    """Whether `folder` is a real folder that Parley wrote and that holds only what Parley wrote."""
    return folder.is_dir() and not folder.is_symlink() and foreign_files(folder) == []


def write_manifest(folder: Path, out_paths: Iterable[str], whole_folders: tuple[str, ...] = ()) -> None:
    """Write the marker listing `out_paths`, those inside `whole_folders` as the folder alone.

    The marker is replaced, never written into: it may be a hard link to the live site's. Folders
    another tool writes whole (the search index, whose file names Pagefind chooses) are listed as
    one line, so the manifest does not depend on the indexer's naming.
    """
    marker = folder / SITE_MARKER
    with contextlib.suppress(FileNotFoundError):
        marker.unlink()
    listed = sorted({next((prefix for prefix in whole_folders if path.startswith(prefix)), path)
                     for path in out_paths if path != SITE_MARKER})
    marker.write_bytes(MARKER_HEADER + "".join(f"{path}\n" for path in listed).encode("utf-8"))


def unsafe_output(site_dir: Path, protected: Iterable[Path], project_root: Path) -> tuple[str, str] | None:
    """Why Parley must not publish into `site_dir`, with a hint; None if it may. Checked before anything is written.

    It may publish into a new folder, an empty one, or one it published itself (its marker lists
    every file in it). Never into /, the home folder, the project folder or one of its parents, a
    source folder (content/, layouts/, .git) or anything inside one, a file, or a symbolic link.
    """
    return check_output(site_dir, protected, project_root)[0]


def check_output(site_dir: Path, protected: Iterable[Path],
                 project_root: Path) -> tuple[tuple[str, str] | None, dict[str, tuple[int, int]]]:
    """`unsafe_output`'s answer, and the files the output folder holds (as `list_files`, empty when refused
    or new), listed once so the build can reuse the listing instead of walking the site again."""
    refusal = unsafe_location(site_dir, protected, project_root)
    if refusal is not None:
        return refusal, {}
    target = Path(os.path.realpath(site_dir))
    if not target.is_dir() or not any(target.iterdir()):
        return None, {}
    files = list_files(target)
    foreign = foreign_files(target, files)
    if foreign is None:
        return ("the output folder is not empty and was not written by Parley", OUTPUT_HINT), {}
    if foreign:
        shown = ", ".join(f"'{path}'" for path in foreign[:FOREIGN_FILES_SHOWN])
        more = f" and {len(foreign) - FOREIGN_FILES_SHOWN} more" if len(foreign) > FOREIGN_FILES_SHOWN else ""
        return (f"the output folder holds files Parley did not write: {shown}{more}", FOREIGN_HINT), {}
    return None, files


def unsafe_location(site_dir: Path, protected: Iterable[Path], project_root: Path) -> tuple[str, str] | None:
    """The checks of `unsafe_output` that need no listing: where the folder is and what kind of file it is."""
    target = Path(os.path.realpath(site_dir))
    root = Path(os.path.realpath(project_root))
    if site_dir.is_symlink():
        return "the output folder is a symbolic link", OUTPUT_HINT
    if target == Path(target.anchor) or target == Path(os.path.realpath(Path.home())):
        return "the output folder is the root or home folder", OUTPUT_HINT
    if target == root or target in root.parents:
        relation = "is" if target == root else "contains"
        return f"the output folder {relation} the project folder", OUTPUT_HINT
    for folder in protected:
        source = Path(os.path.realpath(folder))
        if target == source or source in target.parents or target in source.parents:
            return f"the output folder is, holds or lies inside the source folder '{folder}'", OUTPUT_HINT
    if target.exists() and not target.is_dir():
        return "the output folder is a file", OUTPUT_HINT
    return None


class Staging:
    """The folder a new site is written into, beside site/; files are added once each, never twice."""

    def __init__(self, folder: Path, site_dir: Path, cloned: bool = False, cloned_files: Iterable[str] = ()):
        self.folder, self.site_dir = folder, site_dir
        self.cloned = cloned  # the folder starts as a hard-linked copy of the current site
        self._cloned_files = frozenset(cloned_files)  # what the clone holds, from the site's listing
        self._written: set[str] = set()
        self._made_dirs: set[str] = set()

    def claim(self, out_path: str) -> str:
        """Record `out_path` as part of the new site; a path that would leave the folder, or a second claim, is a bug."""
        if out_path != posixpath.normpath(out_path) or out_path.startswith(("/", "../")) or out_path in (".", ".."):
            raise ValueError(f"refusing to write outside the output folder: {out_path!r}")
        if out_path in self._written:
            raise ValueError(f"two outputs claim {out_path!r}")
        self._written.add(out_path)
        return out_path

    @property
    def file_count(self) -> int:
        return len(self._written)

    def write(self, out_path: str, content: bytes) -> tuple[int, int]:
        """Add one file -> its (size, mtime_ns)."""
        self.claim(out_path)
        return write_claimed(self.folder, self.cloned, out_path, content, self._made_dirs)

    def claim_all(self, out_paths: Iterable[str]) -> StagedTarget:
        """Claim files that other processes will write, each through `write_claimed` with the target returned."""
        for out_path in out_paths:
            self.claim(out_path)
        return StagedTarget(self.folder, self.cloned)

    def reuse(self, out_path: str) -> None:
        """Take the current site's file unchanged: already in a clone, else a hard link to it."""
        self.claim(out_path)
        if self.cloned:
            return
        source, target = self.site_dir / out_path, self.folder / out_path
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)

    @property
    def written(self) -> frozenset[str]:
        return frozenset(self._written)

    def remove_unclaimed(self) -> None:
        """Delete what a clone holds but the new site does not (pages of removed entries, old indexes),
        and the folders that leaves empty: work in proportion to what was removed, not to the site."""
        emptied = set()
        for out_path in self._cloned_files - self._written:
            with contextlib.suppress(FileNotFoundError):
                (self.folder / out_path).unlink()
            emptied.add(posixpath.dirname(out_path))
        for folder in sorted(emptied, key=len, reverse=True):  # deepest first
            while folder:
                try:
                    (self.folder / folder).rmdir()
                except OSError:  # not empty (or already gone): its parents are not empty either
                    break
                folder = posixpath.dirname(folder)


@dataclass(frozen=True, slots=True)
class StagedTarget:
    """Where rendering workers write files already claimed in the Staging (it is picklable; Staging is not)."""

    folder: Path
    cloned: bool


def write_claimed(folder: Path, cloned: bool, out_path: str, content: bytes, made_dirs: set[str]) -> tuple[int, int]:
    """Write one claimed file into the staging folder -> its (size, mtime_ns), for the manifest."""
    target = folder / out_path
    if cloned:
        # The clone's file shares its inode with the live site: replace it, never write into it.
        with contextlib.suppress(FileNotFoundError):
            target.unlink()
    parent = posixpath.dirname(out_path)
    if parent not in made_dirs:
        target.parent.mkdir(parents=True, exist_ok=True)
        made_dirs.add(parent)
    target.write_bytes(content)
    written = target.stat()
    return written.st_size, written.st_mtime_ns


def staging_folder(site_dir: Path) -> Path:
    """Where this process stages a new `site_dir` (beside it, so the swap is a rename)."""
    return site_dir.with_name(f"{site_dir.name}{STAGING_SUFFIX}{os.getpid()}")


class Clone:
    """A hard-linked copy of the published site made by `cp -al` in the background, into the staging folder.

    A build starts it before it knows it will need it, so the copy (about a second for 40,000
    files) runs on a spare core while the content is checked; `finish` waits for it, `abandon`
    stops it and deletes the copy. Leftover staging folders are mended first.
    """

    def __init__(self, site_dir: Path):
        self.site_dir = site_dir.absolute()
        recover(self.site_dir)
        self.folder = staging_folder(self.site_dir)
        self.process = subprocess.Popen(["cp", "-al", str(self.site_dir), str(self.folder)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.taken = False

    def finish(self) -> bool:
        """Wait for the copy -> whether it is complete (an incomplete one is removed)."""
        self.taken = True
        if self.process.wait() != 0:
            shutil.rmtree(self.folder, ignore_errors=True)
            return False
        return True

    def abandon(self) -> None:
        """Stop the copy and delete it, unless `finish` handed it to a build; in the foreground, so a
        failed build leaves nothing behind when it exits."""
        if self.taken:
            return
        self.taken = True
        self.process.kill()
        self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


@contextmanager
def staged_site(site_dir: Path, finish: Callable[[Path], None] | None = None, clone: bool | Clone = False,
                whole_folders: tuple[str, ...] = (), site_files: Iterable[str] | None = None) -> Iterator[Staging]:
    """Yield a Staging; when the block ends without error, swap it in as `site_dir`.

    With `clone`, staging starts as a hard-linked copy of the current site (made here, or by a Clone
    started earlier), so a build that changes a few files writes only those, and the replaced site is
    deleted in the background; `site_files`
    is the site's listing if the caller has one (else it is listed here). `finish` runs on the
    staging folder before the swap (e.g. a search indexer that reads the written pages) and may
    write only inside `whole_folders`, which the manifest lists as folders (see write_manifest).
    If anything raises, the staging folder is removed and site/ stays as it was.
    """
    site_dir = site_dir.absolute()
    if not isinstance(clone, Clone):
        recover(site_dir)  # a Clone did it before it started, and its copy must not count as a leftover
    staging = staging_folder(site_dir)
    previous = site_dir.with_name(site_dir.name + PREVIOUS_SUFFIX)
    try:
        if clone and site_dir.is_dir() and site_files is None:
            site_files = list_files(site_dir)
        if isinstance(clone, Clone):
            cloned = clone.finish()
        else:
            cloned = clone and site_dir.is_dir() and clone_tree(site_dir, staging)
        if not cloned:
            staging.mkdir(parents=True)
        # Marked from the start, so `recover` may remove it if this build is killed.
        write_manifest(staging, ())
        stage = Staging(staging, site_dir, cloned, site_files if cloned else ())
        stage.claim(SITE_MARKER)
        yield stage
        if cloned:
            stage.remove_unclaimed()
        if finish is not None:
            finish(staging)
        # The staging folder now holds exactly the claimed files and what `finish` wrote in whole folders.
        filled = [prefix for prefix in whole_folders if has_files(staging / prefix)]
        write_manifest(staging, [*stage.written, *filled], whole_folders)
        if site_dir.exists() and exchange(staging, site_dir):
            if cloned:
                discard_in_background(staging)  # it now holds the old site
            return
        if site_dir.exists():
            site_dir.rename(previous)
        try:
            staging.rename(site_dir)
        except OSError:
            if previous.exists():
                previous.rename(site_dir)
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    shutil.rmtree(previous, ignore_errors=True)


def publish(outputs: Mapping[str, bytes], site_dir: Path, finish: Callable[[Path], None] | None = None) -> None:
    """Outputs (out_path -> bytes) -> a complete new `site_dir`, swapped in only once fully written."""
    with staged_site(site_dir, finish) as staging:
        for out_path in sorted(outputs):
            staging.write(out_path, outputs[out_path])


def clone_tree(source: Path, target: Path) -> bool:
    """Copy `source` to `target` as hard links (coreutils `cp -al`, far faster than a Python loop)."""
    result = subprocess.run(["cp", "-al", str(source), str(target)], capture_output=True)
    if result.returncode != 0:
        shutil.rmtree(target, ignore_errors=True)
    return result.returncode == 0


# Deletes a replaced site, its marker last: if the deletion is interrupted, the marker still tells
# the next build's `recover` that what is left is Parley's to remove.
DISCARD_SCRIPT = f'find "$1" -mindepth 1 -maxdepth 1 ! -name {SITE_MARKER} -exec rm -rf {{}} + ; rm -rf "$1"'


def discard_in_background(folder: Path) -> None:
    """Remove a replaced site without making the editor wait: renamed aside, then deleted by `rm`."""
    # The inode makes the name unique: a preview server discards a site on every save, and a second
    # trash folder of the same name would have to wait for the first one's `rm`.
    trash = folder.with_name(f"{folder.name.replace(STAGING_SUFFIX, TRASH_SUFFIX)}-{folder.stat().st_ino}")
    try:
        folder.rename(trash)
        subprocess.Popen(["sh", "-c", DISCARD_SCRIPT, "sh", str(trash)], start_new_session=True,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except OSError:
        shutil.rmtree(trash if trash.exists() else folder, ignore_errors=True)


def has_files(folder: Path) -> bool:
    """Whether `folder` exists and holds at least one file, at any depth."""
    return any(filenames for _, _, filenames in os.walk(folder))


def list_files(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file below `folder` (out_path -> (size, mtime_ns)); empty if the folder does not exist.

    Symbolic links are listed as files, never followed: Parley writes none, so one in a site is
    someone else's. os.scandir's entries carry their type, which makes this about a third faster
    than os.walk with a stat per path (it runs on every build, over every published file).
    """
    found: dict[str, tuple[int, int]] = {}
    pending = [(str(folder), "")]
    while pending:
        path, prefix = pending.pop()
        try:
            entries = os.scandir(path)
        except (FileNotFoundError, NotADirectoryError):
            continue
        with entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    pending.append((entry.path, f"{prefix}{entry.name}/"))
                else:
                    stat = entry.stat(follow_symlinks=False)
                    found[prefix + entry.name] = (stat.st_size, stat.st_mtime_ns)
    return found


def exchange(first: Path, second: Path) -> bool:
    """Atomically swap two folders, so site/ is never missing; False where the OS cannot."""
    rename_exchange, at_fdcwd = 2, -100
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    if renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.EXDEV):
        return False
    raise OSError(code, os.strerror(code), str(second))


def recover(site_dir: Path) -> None:
    """Finish or undo a swap that a killed build left half done, and remove stale staging folders.

    Only folders that carry Parley's marker are touched: a `site.previous` of someone else's stays.
    """
    previous = site_dir.with_name(site_dir.name + PREVIOUS_SUFFIX)
    if read_manifest(previous) is not None and not previous.is_symlink():
        if site_dir.exists():
            shutil.rmtree(previous)  # the new site was already in place
        else:
            previous.rename(site_dir)  # killed between the two renames: the old site comes back
    for stale in site_dir.parent.glob(f"{site_dir.name}{STAGING_SUFFIX}*"):
        owner = stale.name.rpartition(STAGING_SUFFIX)[2]
        # This process builds one site at a time, so a staging folder of its own is an earlier failure's.
        if (owner == str(os.getpid()) or not is_running(owner)) and is_parley_leftover(stale):
            shutil.rmtree(stale, ignore_errors=True)
    for trash in site_dir.parent.glob(f"{site_dir.name}{TRASH_SUFFIX}*"):
        # A trash folder of this process is being deleted by the `rm` it started: leave it to that.
        if not is_running(trash.name.rpartition(TRASH_SUFFIX)[2].partition("-")[0]) and is_parley_leftover(trash):
            shutil.rmtree(trash, ignore_errors=True)  # its `rm` was interrupted


def is_parley_leftover(folder: Path) -> bool:
    """A half-written staging folder or a half-deleted old site: a real folder with Parley's marker."""
    return folder.is_dir() and not folder.is_symlink() and read_manifest(folder) is not None


def remove_site(site_dir: Path) -> bool:
    """Delete a site Parley published, and its leftovers; False (nothing deleted) if it is not wholly Parley's."""
    recover(site_dir)
    if not site_dir.exists():
        return True
    if not is_parley_folder(site_dir):
        return False
    shutil.rmtree(site_dir)
    return True


def is_running(pid_text: str) -> bool:
    """Whether the process that owns a staging or trash folder is still alive (this one counts as alive)."""
    if not pid_text.isdigit():
        return False
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
