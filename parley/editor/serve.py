"""Preview server: serves the archive from memory on 127.0.0.1 and brings it up to date when a file is saved.

Never touches site/: pages are rendered in memory as they are asked for (`memory`); only the search
index is built on disk, into a temporary folder removed on exit (`workspace`). Pages get the
live-reload script (`livereload`) at serve time only, so real builds never contain it.
"""

from __future__ import annotations

import http.server
import mimetypes
import posixpath
import shutil
import signal
import sys
import threading
import time
import traceback
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import watchfiles

from ..read.content import BuildOptions
from ..errors import BuildFailed, format_error
from .livereload import EVENTS_URL, RELOAD_SCRIPT, RELOAD_SCRIPT_URL, inject_reload_script, render_error_page
from ..render.pages import make_environment
from ..pipeline import CACHE_DIR
from ..publish.search import BUNDLE_DIR as SEARCH_DIR
from .memory import PreviewArchive
from .workspace import SearchIndexer, make_workspace

HOST = "127.0.0.1"
# A comment line this often lets a stream notice a closed tab and end its thread.
KEEPALIVE_SECONDS = 15
# The watcher yields (empty) after this many quiet milliseconds: the first such yield shows it is running.
WAKE_MS = 100
CONTENT_TYPES = {".html": "text/html; charset=utf-8", ".xml": "application/xml", ".txt": "text/plain; charset=utf-8",
                 ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}


@dataclass(frozen=True, slots=True)
class Reply:
    status: int
    content_type: str = "text/plain; charset=utf-8"
    body: bytes = b""
    location: str | None = None


class LiveSite:
    """The archive being served, from memory: its generation number, errors and base path; shared with request threads."""

    def __init__(self, root: Path, layouts_dir: Path, search_dir: Path, make_options: Callable[[], BuildOptions],
                 refresh_search: bool = False):
        self.root, self.layouts_dir, self.make_options = root, layouts_dir, make_options
        # Kept between rebuilds: compiling the layouts costs more than rendering the pages.
        self.environment = make_environment(layouts_dir)
        self.archive = PreviewArchive(root, layouts_dir, self.environment, root / CACHE_DIR)
        self.search = SearchIndexer(root, layouts_dir, search_dir, refresh_search)
        # One lock for all state: a rebuild holds it while the archive changes, so no request sees half of one.
        self.changed = threading.Condition()
        self.generation = 0
        self.errors: tuple[str, ...] = ()
        self.base_path = "/"
        self.stopping = False

    def rebuild(self, changed_paths: list[str] | None = None) -> None:
        """Bring the archive up to date with the changed files (all of them when None); on errors keep
        the last good state and show the errors instead."""
        started = time.monotonic()
        content_paths = None if changed_paths is None else [p for p in changed_paths if not self.is_layout(p)]
        errors: tuple[str, ...] = ()
        try:
            options = self.make_options()
            if changed_paths is not None and len(content_paths) < len(changed_paths):
                with self.changed:  # a layout changed: pages are rendered again as they are asked for
                    self.archive.pages.clear()
            self.archive.reload(options, content_paths, self.changed)
            self.search.update(options)
        except BuildFailed as failure:
            errors = tuple(format_error(error) for error in failure.errors)
        except Exception:  # a bug in a stage must not end the preview: show it and keep serving
            traceback.print_exc()
            errors = (f"internal error: {traceback.format_exc().strip().splitlines()[-1]}",)
        with self.changed:
            self.errors = errors
            if not errors:
                self.base_path = base_path_of(self.archive.snapshot.archive.config.base_url)
            self.generation += 1
            self.changed.notify_all()
            errors, generation = self.errors, self.generation
        elapsed = f"{(time.monotonic() - started) * 1000:.0f} ms"
        if errors:
            print("\n".join(errors), f"{len(errors)} error(s); the preview shows them until they are fixed",
                  sep="\n", file=sys.stderr, flush=True)
        else:
            print(f"built generation {generation} in {elapsed}", flush=True)

    def is_layout(self, path: str) -> bool:
        return Path(path).resolve().is_relative_to(self.layouts_dir.resolve())

    def wait_for_change(self, seen: int, timeout: float) -> int:
        """Block until the generation differs from `seen` (or the timeout passes); returns the generation."""
        with self.changed:
            self.changed.wait_for(lambda: self.generation != seen or self.stopping, timeout)
            return self.generation

    def stop(self) -> None:
        """End every event stream and the search indexer, so the server can close."""
        with self.changed:
            self.stopping = True
            self.changed.notify_all()
        self.search.stop()

    def respond(self, url_path: str) -> Reply:
        """A request path -> the reply: an output, a redirect, the 404 page, or the error page."""
        with self.changed:
            if self.errors and is_page(url_path):
                return Reply(500, CONTENT_TYPES[".html"], render_error_page(self.errors, self.generation))
            if not url_path.startswith(self.base_path):
                if url_path == "/" or url_path == self.base_path.rstrip("/"):
                    return Reply(302, location=self.base_path)
                return self.not_found()
            relative = urllib.parse.unquote(url_path[len(self.base_path):])
            if relative.startswith(SEARCH_DIR + "/"):
                target = find_file(self.search.site_dir, relative)
                return self.file_reply(200, target.name, target.read_bytes()) if target else self.not_found()
            out_path = relative + "index.html" if relative.endswith("/") or not relative else relative
            try:
                body = self.output(out_path)
                if body is not None:
                    return self.file_reply(200, out_path, body)
                if self.output(out_path + "/index.html") is not None:
                    return Reply(301, location=url_path + "/")
                return self.not_found()
            except BuildFailed as failure:  # a layout that fails on this page: shown like any build error
                errors = tuple(format_error(error) for error in failure.errors)
            except Exception:  # a bug while rendering must not end the preview either
                traceback.print_exc()
                errors = (f"internal error: {traceback.format_exc().strip().splitlines()[-1]}",)
            return Reply(500, CONTENT_TYPES[".html"], render_error_page(errors, self.generation))

    def output(self, out_path: str) -> bytes | None:
        """An output's bytes, rendered now if not kept; a layout error raises BuildFailed, as in a build."""
        return self.archive.output(out_path) if self.archive.snapshot is not None else None

    def not_found(self) -> Reply:
        """The site's own 404 page (its links are root-relative under the base path), else plain text."""
        page = self.output("404.html")
        return self.file_reply(404, "404.html", page) if page is not None else Reply(404, body=b"not found\n")

    def file_reply(self, status: int, name: str, body: bytes) -> Reply:
        """An output as a reply; HTML pages get the live-reload script."""
        suffix = posixpath.splitext(name)[1]
        content_type = CONTENT_TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"
        if suffix == ".html":
            body = inject_reload_script(body, self.generation)
        return Reply(status, content_type, body)


def base_path_of(base_url: str) -> str:
    """https://example.org/archive/ -> /archive/ (the path the site is served at)."""
    return "/" + base_url.split("://", 1)[1].partition("/")[2]


def is_page(url_path: str) -> bool:
    """Whether a request is for a page (which shows build errors) rather than a feed, image or stylesheet."""
    return url_path.endswith(("/", ".html")) or "." not in posixpath.basename(url_path)


def find_file(site_dir: Path, relative_url: str) -> Path | None:
    """A URL path below the base path -> the built file serving it, never a file outside `site_dir`."""
    relative = urllib.parse.unquote(relative_url)
    if "\0" in relative or not site_dir.is_dir():
        return None
    root = site_dir.resolve()
    target = (root / relative.lstrip("/")).resolve()
    if not target.is_relative_to(root):
        return None
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


class PreviewHandler(http.server.BaseHTTPRequestHandler):
    """Answers one request from the LiveSite in `site` (set on a subclass by `make_handler`)."""

    site: LiveSite
    server_version = "ParleyPreview"

    def do_GET(self) -> None:
        self.handle_request(include_body=True)

    def do_HEAD(self) -> None:
        self.handle_request(include_body=False)

    def handle_request(self, include_body: bool) -> None:
        """Tool URLs first (reload script, event stream), then the site itself."""
        url_path = urllib.parse.urlsplit(self.path).path
        if url_path == EVENTS_URL and include_body:
            return self.stream_events()
        reply = Reply(200, CONTENT_TYPES[".js"], RELOAD_SCRIPT) if url_path == RELOAD_SCRIPT_URL else self.site.respond(url_path)
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.send_header("Cache-Control", "no-store")
        if reply.location:
            self.send_header("Location", reply.location)
        self.end_headers()
        if include_body:
            self.wfile.write(reply.body)

    def stream_events(self) -> None:
        """Server-Sent Events: the current generation now, then each new one as builds finish."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        seen = -1
        try:
            while not self.site.stopping:
                generation = self.site.wait_for_change(seen, KEEPALIVE_SECONDS)
                self.wfile.write(f"data: {generation}\n\n".encode() if generation != seen else b": keepalive\n\n")
                self.wfile.flush()
                seen = generation
        except (BrokenPipeError, ConnectionResetError):
            pass  # the tab was closed or reloaded

    def log_message(self, format: str, *args) -> None:
        pass  # the terminal is for build results, not one line per request


def make_handler(site: LiveSite) -> type[PreviewHandler]:
    """A request handler class bound to one LiveSite (http.server makes one handler per request)."""
    return type("BoundPreviewHandler", (PreviewHandler,), {"site": site})


class PreviewServer(http.server.ThreadingHTTPServer):
    # Event streams never end by themselves: closing must not wait for their threads.
    block_on_close = False
    daemon_threads = True


def serve(root: Path, layouts_dir: Path, port: int, make_options: Callable[[], BuildOptions],
          refresh_search: bool = False) -> int:
    """Build, serve on 127.0.0.1:port and rebuild on every change until Ctrl-C or SIGTERM; returns the exit code."""
    content_dir = root / "content"
    if not content_dir.is_dir():
        print(f"serve: no content/ folder in {root} — run from the project folder, or pass --root DIR", file=sys.stderr)
        return 1
    temp_dir = make_workspace()
    stop = threading.Event()
    previous_handler = signal.signal(signal.SIGTERM, lambda signum, frame: stop.set())
    site = LiveSite(root, layouts_dir, temp_dir / "site", make_options, refresh_search)
    server = None
    changes = watchfiles.watch(content_dir, layouts_dir, stop_event=stop, yield_on_timeout=True, rust_timeout=WAKE_MS)
    try:
        next(changes, None)  # the watcher now runs, so a save made during the first build is not missed
        print(f"reading the archive; the search index is built into {temp_dir} (removed on exit)", flush=True)
        site.rebuild()
        server = start_server(site, port)
        if server is None:
            return 1
        print(f"serving http://{HOST}:{server.server_address[1]}{site.base_path}"
              f" — watching {content_dir} and {layouts_dir}; Ctrl-C to stop", flush=True)
        for batch in changes:
            if batch:
                names = sorted({Path(path).name for _, path in batch})
                print(f"changed: {', '.join(names[:3])}{' …' if len(names) > 3 else ''}", flush=True)
                site.rebuild([path for _, path in batch])
    except KeyboardInterrupt:
        pass
    finally:
        changes.close()
        site.stop()
        if server is not None:
            server.shutdown()
            server.server_close()
        shutil.rmtree(temp_dir, ignore_errors=True)
        signal.signal(signal.SIGTERM, previous_handler)
    print("stopped; preview folder removed", flush=True)
    return 0


def start_server(site: LiveSite, port: int) -> PreviewServer | None:
    """A running server for `site` on 127.0.0.1:port (0: any free port), or None if it cannot listen."""
    try:
        server = PreviewServer((HOST, port), make_handler(site))
    except OSError as exc:
        print(f"serve: cannot listen on {HOST}:{port}: {exc.strerror} — choose another --port, or --port 0",
              file=sys.stderr)
        return None
    threading.Thread(target=server.serve_forever, name="preview-server", daemon=True).start()
    return server
