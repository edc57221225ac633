"""A reader cites a briefing: the download links save the BibTeX and CSL-JSON files in a real browser."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("label", "file_name"), [("BibTeX", "cite.bib"), ("CSL-JSON", "cite.json")])
def test_citation_downloads_carry_the_stable_url(open_page, site_url, label, file_name, tmp_path):
    url = site_url + "briefings/2026/01/06/paris-ends/"
    watched = open_page(url, 375, accept_downloads=True)
    page = watched.page
    with page.expect_download() as download_info:
        page.get_by_role("link", name=label, exact=True).click()
    download = download_info.value
    assert download.suggested_filename == file_name
    saved = tmp_path / file_name
    download.save_as(saved)
    text = saved.read_text(encoding="utf-8")
    permalink = "https://example.org/archive/briefings/2026/01/06/paris-ends/"
    if file_name == "cite.json":
        assert json.loads(text)[0]["URL"] == permalink
    else:
        assert text.startswith("@online{2026-01-06-paris-ends,") and f"url = {{{permalink}}}" in text
    assert page.locator("#share-url").input_value() == permalink
    assert watched.problems == []
