"""The preview's temporary folder, and the search index built into it by a background build.

Pages are served from memory; only Pagefind needs pages on disk, so a `build` process writes the
site into the temporary folder (once, or after every change with `serve --search`) and the server
serves its pagefind/ bundle. The folder's name carries the server's process id, so a later server
can tell that a folder was left by one that was killed, and remove it.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from ..publish.output import is_running
from ..read.content import BuildOptions

PREFIX = "parley-serve-"
# mkdtemp's names: the prefix, the owner's process id, a dash, then eight random characters.
FOLDER_NAME = re.compile(rf"^{PREFIX}(\d+)-[a-z0-9_]{{8}}$")
PACKAGE_PARENT = Path(__file__).resolve().parent.parent.parent


def make_workspace() -> Path:
    """A new temporary folder for this server, after removing those left by servers no longer running."""
    top = Path(tempfile.gettempdir())
    for folder in top.glob(PREFIX + "*"):
        match = FOLDER_NAME.match(folder.name)
        if match and folder.is_dir() and not folder.is_symlink() and not is_running(match.group(1)):
            stop_orphaned_builds(folder / "site")
            shutil.rmtree(folder, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-"))


def stop_orphaned_builds(site_dir: Path) -> None:
    """Stop search builds that a killed server left writing into `site_dir` (each leads its own process
    group, with its rendering workers and indexer), so that removing the folder is final."""
    wanted = os.fsencode(site_dir)
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            arguments = cmdline.read_bytes().split(b"\0")
        except OSError:
            continue
        pid = int(cmdline.parent.name)
        with contextlib.suppress(OSError):
            if wanted in arguments and os.getpgid(pid) == pid:
                os.killpg(pid, signal.SIGKILL)


class SearchIndexer:
    """Builds the site with its search index into `site_dir` in a background process, one build at a time."""

    def __init__(self, root: Path, layouts_dir: Path, site_dir: Path, refresh: bool):
        self.root, self.layouts_dir, self.site_dir, self.refresh = root, layouts_dir, site_dir, refresh
        self.lock = threading.Lock()
        self.process: subprocess.Popen | None = None
        self.pending: BuildOptions | None = None
        self.started = False
        self.stopped = False

    def update(self, options: BuildOptions) -> None:
        """Index now if no index was made yet (or, with `refresh`, after every change); never waits."""
        with self.lock:
            if self.stopped or (self.started and not self.refresh):
                return
            self.started = True
            self.pending = options
            if self.process is None:
                threading.Thread(target=self.run, name="preview-search", daemon=True).start()

    def run(self) -> None:
        """Run builds until no change is pending; each one replaces the site in `site_dir` atomically."""
        while True:
            with self.lock:
                options, self.pending = self.pending, None
                if options is None or self.stopped:
                    self.process = None
                    return
                # A process group of its own: a later server can stop it if this one is killed.
                self.process = subprocess.Popen(self.command(options), stdin=subprocess.DEVNULL,
                                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                                start_new_session=True)
            _, errors = self.process.communicate()
            if self.process.returncode not in (0, -15) and not self.stopped:
                print(f"search index not updated: {errors.strip().splitlines()[-1:] or 'no output'}",
                      file=sys.stderr, flush=True)

    def command(self, options: BuildOptions) -> list[str]:
        start = f"import sys; sys.path.insert(0, {str(PACKAGE_PARENT)!r}); from parley.cli import main; raise SystemExit(main())"
        return [sys.executable, "-c", start, "build", "--root", str(self.root), "--layouts", str(self.layouts_dir),
                "--output", str(self.site_dir), *(["--drafts"] if options.include_drafts else []),
                *(["--future"] if options.include_future else [])]

    def stop(self) -> None:
        """Stop a running build with its rendering workers and indexer, its whole process group (it
        leaves nothing behind but its staging folder, removed with the workspace)."""
        with self.lock:
            self.stopped = True
            process = self.process
        if process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=10)
        # A terminated build's forked workers would wait for work forever, holding its memory: the
        # group is stopped whole (it still exists while any of them lives, so the id is still theirs).
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
