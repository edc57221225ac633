"""Preview server: builds into a temporary folder, serves it on 127.0.0.1, rebuilds when content changes.

Never touches site/: every build is published into a `tempfile.mkdtemp()` folder, removed on exit.
Pages get the live-reload script (`livereload`) at serve time only, so real builds never contain it.
"""

from __future__ import annotations

import http.server
import mimetypes
import posixpath
import shutil
import signal
import sys
import tempfile
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
from ..pipeline import build

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
    """The build being served: its folder, generation number, errors and base path; shared with request threads."""

    def __init__(self, root: Path, layouts_dir: Path, site_dir: Path, make_options: Callable[[], BuildOptions],
                 refresh_search: bool = False):
        self.root, self.layouts_dir, self.site_dir, self.make_options = root, layouts_dir, site_dir, make_options
        self.refresh_search = refresh_search
        # Kept between rebuilds: compiling the layouts costs more than rendering the pages.
        self.environment = make_environment(layouts_dir)
        # One lock for all state: a rebuild holds it while publish swaps trees, so no request sees half a site.
        self.changed = threading.Condition()
        self.generation = 0
        self.errors: tuple[str, ...] = ()
        self.base_path = "/"
        self.stopping = False

    def rebuild(self) -> None:
        """Build into the served folder; on errors keep the last good build and show the errors instead."""
        started = time.monotonic()
        with self.changed:
            try:
                # The search index is made once (build makes one when there is none): re-indexing a
                # large archive would take seconds on every save; `serve --search` refreshes it each time.
                report = build(self.root, self.layouts_dir, self.site_dir, self.make_options(),
                               environment=self.environment, refresh_search=self.refresh_search)
                self.errors, self.base_path = (), base_path_of(report.base_url)
            except BuildFailed as failure:
                self.errors = tuple(format_error(error) for error in failure.errors)
            except Exception:  # a bug in a stage must not end the preview: show it and keep serving
                traceback.print_exc()
                self.errors = (f"internal error: {traceback.format_exc().strip().splitlines()[-1]}",)
            self.generation += 1
            self.changed.notify_all()
            errors, generation = self.errors, self.generation
        elapsed = f"{(time.monotonic() - started) * 1000:.0f} ms"
        if errors:
            print("\n".join(errors), f"{len(errors)} error(s); the preview shows them until they are fixed",
                  sep="\n", file=sys.stderr, flush=True)
        else:
            print(f"built generation {generation} in {elapsed}", flush=True)

    def wait_for_change(self, seen: int, timeout: float) -> int:
        """Block until the generation differs from `seen` (or the timeout passes); returns the generation."""
        with self.changed:
            self.changed.wait_for(lambda: self.generation != seen or self.stopping, timeout)
            return self.generation

    def stop(self) -> None:
        """End every event stream, so the server can close."""
        with self.changed:
            self.stopping = True
            self.changed.notify_all()

    def respond(self, url_path: str) -> Reply:
        """A request path -> the reply: a built file, a redirect, the 404 page, or the error page."""
        with self.changed:
            if self.errors and is_page(url_path):
                return Reply(500, CONTENT_TYPES[".html"], render_error_page(self.errors, self.generation))
            if not url_path.startswith(self.base_path):
                if url_path == "/" or url_path == self.base_path.rstrip("/"):
                    return Reply(302, location=self.base_path)
                return self.not_found()
            target = find_file(self.site_dir, url_path[len(self.base_path):])
            if target is None:
                return self.not_found()
            if target.name == "index.html" and not url_path.endswith(("/", "index.html")):
                return Reply(301, location=url_path + "/")
            return self.file_reply(200, target)

    def not_found(self) -> Reply:
        """The site's own 404 page (its links are root-relative under the base path), else plain text."""
        page = self.site_dir / "404.html"
        return self.file_reply(404, page) if page.is_file() else Reply(404, body=b"not found\n")

    def file_reply(self, status: int, target: Path) -> Reply:
        """A built file as a reply; HTML pages get the live-reload script."""
        content_type = CONTENT_TYPES.get(target.suffix) or mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        body = target.read_bytes()
        if target.suffix == ".html":
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
    temp_dir = Path(tempfile.mkdtemp(prefix="parley-serve-"))
    stop = threading.Event()
    previous_handler = signal.signal(signal.SIGTERM, lambda signum, frame: stop.set())
    site = LiveSite(root, layouts_dir, temp_dir / "site", make_options, refresh_search)
    server = None
    changes = watchfiles.watch(content_dir, layouts_dir, stop_event=stop, yield_on_timeout=True, rust_timeout=WAKE_MS)
    try:
        next(changes, None)  # the watcher now runs, so a save made during the first build is not missed
        print(f"building into {temp_dir} (removed on exit)", flush=True)
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
                site.rebuild()
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
