"""links: which Markdown links and images point into the site, and where they lead."""

from __future__ import annotations

import pytest

from parley.model.links import find_links, site_path


def test_links_images_and_references_are_found_at_their_lines_outside_code():
    body = "\n".join([
        "Intro with [a link](/a/) and ![an image](/i.png \"title\").",
        "```",
        "[fenced](/no/)",
        "```",
        "Inline `[code](/no/)` and [nested [brackets]](<../b/>) here.",
        "    [indented code](/no/)",
        "[^1]: a footnote, [inside](/c/).",
        "[ref]: /d/ \"Title\"",
        "[paren](/e_(x)/)",
    ])
    assert list(find_links(body)) == [(0, False, "/a/"), (0, True, "/i.png"), (4, False, "../b/"),
                                      (6, False, "/c/"), (7, False, "/d/"), (8, False, "/e_(x)/")]


@pytest.mark.parametrize("target, expected", [
    ("/rounds/5/", "/rounds/5/"),
    ("/rounds/5/#delegations", "/rounds/5/"),
    ("../../05/valid/", "/briefings/2026/01/05/valid/"),
    ("../", "/briefings/2026/01/06/"),
    ("/briefings/2026/01/../01/x/", "/briefings/2026/01/x/"),
    ("/a%20b/", "/a b/"),
    ("https://example.org/", None),
    ("//example.org/x/", None),
    ("mailto:desk@example.org", None),
    ("#top", None),
])
def test_targets_resolve_from_the_entry_page(target, expected):
    assert site_path(target, "/briefings/2026/01/06/paris/") == expected
