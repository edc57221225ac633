"""Browser-test fixtures: archive-small served under /archive/ on 127.0.0.1, and the system Chromium.

The site is served as a static host would serve it: only below its base path, with 404.html and a
404 status for anything missing. Chromium is Debian's (/usr/bin/chromium); nothing is downloaded.
"""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from .support import (BASE_PATH, CHROMIUM, CHROMIUM_ARGS, CSP_LISTENER, WIDTHS, SubPathHandler, Watched,
                      is_expected_404)


@pytest.fixture(scope="session")
def site_url(small_site):
    """The fixture site's address, e.g. http://127.0.0.1:PORT/archive/ (a free port, this session only)."""
    handler = functools.partial(SubPathHandler, directory=str(small_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}{BASE_PATH}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    assert Path(CHROMIUM).is_file(), f"{CHROMIUM} is missing: install Debian's chromium package (see .ci/run)"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser: Browser):
    """open_page(url, width, scheme="light", **context) -> Watched: console errors, failed requests, CSP."""
    contexts = []

    def open_watched(url: str, width: int, scheme: str = "light", expect_status: int = 200,
                     wait_until: str = "networkidle", **options) -> Watched:
        context = browser.new_context(viewport={"width": width, "height": WIDTHS.get(width, 800)},
                                      color_scheme=scheme, **options)
        contexts.append(context)
        page = context.new_page()
        watched = Watched(page)
        page.add_init_script(CSP_LISTENER)
        page.on("console", lambda m: m.type == "error" and not is_expected_404(m.text, expect_status)
                and watched.problems.append(f"console: {m.text}"))
        page.on("pageerror", lambda error: watched.problems.append(f"page error: {error}"))
        page.on("requestfailed", lambda r: watched.problems.append(f"request failed: {r.url} {r.failure}"))
        page.on("response", lambda r: r.status >= 400 and not (r.url == url and r.status == expect_status)
                and watched.problems.append(f"HTTP {r.status}: {r.url}"))
        response = page.goto(url, wait_until=wait_until)
        assert response.status == expect_status, f"{url}: HTTP {response.status}"
        return watched

    yield open_watched
    for context in contexts:
        context.close()
