"""The preview's temporary folder, and the search index built into it by a background build.

Pages are served from memory; only Pagefind needs pages on disk, so a `build` process writes the
site into the temporary folder (once, or after every change with `serve --search`) and the server
serves its pagefind/ bundle. The folder's name carries the server's process id, so a later server
can tell that a folder was left by one that was killed, and remove it.
"""

from __future__ import annotations

import re
import shutil
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
            shutil.rmtree(folder, ignore_errors=True)
    import os
    return Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-"))


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
                self.process = subprocess.Popen(self.command(options), stdin=subprocess.DEVNULL,
                                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
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
        """Stop a running build (it leaves nothing behind but its staging folder, removed with the workspace)."""
        with self.lock:
            self.stopped = True
            if self.process is not None and self.process.poll() is None:
                self.process.terminate()
        if self.process is not None:
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
