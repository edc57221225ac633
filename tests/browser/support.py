"""Browser-test helpers: a static server for a sub-path, and what tests read from a loaded page."""

from __future__ import annotations

import http.server
import io
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from playwright.sync_api import Page

REPO = Path(__file__).resolve().parents[2]

BASE_PATH = "/archive/"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
WIDTHS = {375: 800, 1280: 900}  # viewport width -> height


class SubPathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves `directory` at BASE_PATH only; anything else, or any missing file, gets 404.html."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".js": "text/javascript"}

    def send_head(self):
        path = unquote(urlsplit(self.path).path)
        target = Path(self.translate_path(path))
        if not path.startswith(BASE_PATH) or not (target.is_file() or (target / "index.html").is_file()):
            body = (Path(self.directory) / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return io.BytesIO(body)
        return super().send_head()

    def translate_path(self, path: str) -> str:
        path = unquote(urlsplit(path).path)
        return str(Path(self.directory) / path[len(BASE_PATH):]) if path.startswith(BASE_PATH) else self.directory

    def log_message(self, format, *args):  # keep test output quiet
        pass


@dataclass
class Watched:
    """A page plus everything that went wrong while it loaded."""

    page: Page
    problems: list[str] = field(default_factory=list)


# Collects CSP violations as they happen; init scripts are injected by the browser, not the page.
CSP_LISTENER = ("window.__cspViolations = [];"
                "document.addEventListener('securitypolicyviolation',"
                " e => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));")


def is_expected_404(text: str, expect_status: int) -> bool:
    """Chromium logs the 404 page's own status as a console error; that one is expected."""
    return expect_status == 404 and "status of 404" in text


def csp_violations(page: Page) -> list[str]:
    return page.evaluate("window.__cspViolations")


def horizontal_overflow(page: Page) -> int:
    """How many CSS pixels the document is wider than the viewport (0 when nothing scrolls sideways)."""
    return page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")


def save_screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
