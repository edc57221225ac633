"""What the preview server adds for the browser: the live-reload script, its event URL, and the error page.

Used only while serving: nothing here reaches a real build. Error lines quote content verbatim, so
every one is escaped.
"""

from __future__ import annotations

import html
import re

RELOAD_SCRIPT_URL = "/__parley/reload.js"
EVENTS_URL = "/__parley/events"
# Server-Sent Events carry the build generation; a page reloads when it differs from the one it was built by.
RELOAD_SCRIPT = ("""(function () {
  var script = document.currentScript, generation = script && script.getAttribute("data-generation");
  var events = new EventSource("%s");
  events.onmessage = function (message) {
    if (message.data !== generation) { events.close(); window.location.reload(); }
  };
})();
""" % EVENTS_URL).encode()
ERROR_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Build failed — Parley preview</title>
<style>body{{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}}
.errors li{{font-family:ui-monospace,monospace;white-space:pre-wrap;margin:.5rem 0;color:#8b0000}}</style>
</head>
<body>
<h1>The site could not be built</h1>
<p>{count} error(s). Fix them and save the file: this page reloads by itself.</p>
<ol class="errors">
{items}
</ol>
</body>
</html>
"""


def inject_reload_script(page: bytes, generation: int) -> bytes:
    """Add the live-reload script before </body> (or at the end): done while serving, never in a build."""
    tag = f'<script src="{RELOAD_SCRIPT_URL}" data-generation="{generation}"></script>\n'.encode()
    ends = [m.start() for m in re.finditer(rb"</body\s*>", page, re.I)]
    return page[:ends[-1]] + tag + page[ends[-1]:] if ends else page + tag


def render_error_page(errors: tuple[str, ...], generation: int) -> bytes:
    """Error lines -> an HTML page listing them, every line escaped (they quote content verbatim)."""
    items = "\n".join(f"<li>{html.escape(line)}</li>" for line in errors)
    return inject_reload_script(ERROR_PAGE.format(count=len(errors), items=items).encode("utf-8"), generation)
