"""Checks the links and images in entry bodies that point into the site: each must reach a planned page or file.

Reads Markdown as text (no rendering, so `check` stays fast) and returns errors at the body line;
external links, anchors and mail links are left alone.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from typing import Iterable, Iterator
from urllib.parse import unquote, urlsplit

from ..errors import ContentError
from .archive import Archive, Entry
from .routes import Routes, entry_url

# [text](target "title") and ![alt](target), with one level of brackets inside the text.
INLINE_LINK = re.compile(r"(!?)\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*(<[^<>\n]*>|[^\s()<>]*(?:\([^\s()]*\)[^\s()<>]*)*)")
# [label]: target   (a reference definition; footnotes, [^1]:, are not links)
REFERENCE = re.compile(r"^ {0,3}\[(?!\^)[^\]]+\]:\s*(<[^<>]*>|\S+)")
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
LINK_HINT = "link to the page's address, e.g. /briefings/2026/01/06/paris-talks/"
IMAGE_HINT = "put the file in layouts/assets/ and link to it as /assets/<name>, or fix the path"


def check_links(archive: Archive, routes: Routes, file_paths: Iterable[str] = ()) -> list[ContentError]:
    """Entries and planned routes (plus other published files, as out_paths) -> an error per broken site link."""
    known = {route.url for route in routes.routes} | {"/" + route.out_path for route in routes.routes}
    known |= {"/" + out_path for out_path in file_paths}
    # Did-you-mean candidates: every page's address and every other file, each named once.
    page_urls = sorted({route.url for route in routes.routes} | {"/" + out_path for out_path in file_paths})
    errors = []
    for entry in archive.entries:
        page_url = entry_url(entry)  # not looked up in routes: an entry that lost its URL is checked too
        found = entry.body_links if entry.body_links is not None else find_links(entry.body)
        for offset, is_image, target in found:
            path = site_path(target, page_url)
            if path is not None and path not in known:
                errors.append(link_error(entry, offset, is_image, target, path, known, page_urls))
    return errors


def find_links(body: str) -> Iterator[tuple[int, bool, str]]:
    """Markdown text -> (line offset, is image, target as written) for each link outside code."""
    fence = None
    for offset, line in enumerate(body.split("\n")):
        opening = FENCE.match(line)
        if fence is not None:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
            continue
        if opening:
            fence = opening.group(1)
            continue
        if line.startswith(("    ", "\t")) and not line.lstrip().startswith(("-", "*", "+")):
            continue  # an indented code block (or a continuation paragraph: links there are rare)
        text = CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)
        reference = REFERENCE.match(text)
        if reference:
            yield offset, False, reference.group(1).strip("<>")
            continue
        for match in INLINE_LINK.finditer(text):
            yield offset, match.group(1) == "!", match.group(2).strip("<>")


def site_path(target: str, page_url: str) -> str | None:
    """A link target -> the site path it reaches from the page at `page_url`, or None if it leaves the site."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path:
        return None  # another site, a mail address, or an anchor on this page
    path = unquote(parts.path)
    joined = path if path.startswith("/") else posixpath.join(page_url, path)
    normal = posixpath.normpath(joined)
    if joined.endswith(("/", "/.", "/..")) and normal != "/":
        normal += "/"
    return normal


def link_error(entry: Entry, offset: int, is_image: bool, target: str, path: str, known: set[str],
               page_urls: list[str]) -> ContentError:
    """One broken link -> an error at its body line, with the closest existing address as a hint."""
    what = "image" if is_image else "link"
    shown = f"'{target}'" if target == path else f"'{target}' ({path})"
    # An image is only ever another file of its own type: a page or a different format is no answer.
    suffix = posixpath.splitext(path)[1]
    candidates = [url for url in page_urls if url.endswith(suffix)] if is_image else page_urls
    close = difflib.get_close_matches(path, candidates, n=1, cutoff=0.6)
    if path + "/" in known:
        hint = f"did you mean {path}/?"
    elif close:
        hint = f"did you mean {close[0]}?"
    else:
        hint = IMAGE_HINT if is_image else LINK_HINT
    return ContentError(entry.source_path, entry.body_line + offset, "body",
                        f"{what} {shown} leads to no page or file on this site", hint)
