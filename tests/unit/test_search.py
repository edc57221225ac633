"""The Pagefind step: indexes what the layouts mark on the staged site; a failure publishes nothing."""

from __future__ import annotations

import json

import pytest

from conftest import snapshot, write_tree
from parley.errors import BuildFailed, format_error
from parley.publish.output import publish
from parley.publish.search import index_site

PAGE = """<!DOCTYPE html><html lang="en"><head><title>{title}</title></head><body>
<nav>Menu words everywhere</nav>
<article data-pagefind-body><h1 data-pagefind-meta="title">{title}</h1>
<a data-pagefind-filter="actor">{actor}</a><p>{text}</p></article></body></html>"""


def staged_site(root):
    return write_tree(root, {
        "briefings/one/index.html": PAGE.format(title="One", actor="Ron Dermer", text="Talks in Paris"),
        "briefings/two/index.html": PAGE.format(title="Two", actor="Tom Barrack", text="Talks in London"),
        "index.html": "<!DOCTYPE html><html lang='en'><body><h1>Home</h1><p>Menu words everywhere</p></body></html>",
    })


def test_only_marked_pages_are_indexed_with_their_filters(tmp_path):
    site = staged_site(tmp_path / "staging")
    index_site(site)
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text())
    assert entry["version"] == "1.5.2"
    assert entry["languages"]["en"]["page_count"] == 2  # the home page has no data-pagefind-body
    assert list((site / "pagefind" / "filter").glob("*.pf_filter"))
    assert (site / "pagefind" / "pagefind.js").is_file()


def test_pages_outside_the_glob_are_not_read(tmp_path):
    site = staged_site(tmp_path / "staging")
    index_site(site, glob="briefings/one/*.html")
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text())
    assert entry["languages"]["en"]["page_count"] == 1


def test_an_empty_site_is_refused_with_pagefinds_reason(tmp_path):
    (tmp_path / "staging").mkdir()
    with pytest.raises(BuildFailed) as failure:
        index_site(tmp_path / "staging")
    assert [format_error(e) for e in failure.value.errors] == [
        "pagefind:1: search: the indexer failed (exit 1): 'Most likely, the directory passed to Pagefind was empty"
        " or did not contain any html files.' — nothing was published; the previous site is unchanged"
        " (is pagefind[bin] installed?)"]


def test_a_missing_indexer_is_reported_not_raised(tmp_path):
    site = staged_site(tmp_path / "staging")
    with pytest.raises(BuildFailed) as failure:
        index_site(site, command=[str(tmp_path / "no-such-pagefind")])
    assert failure.value.errors[0].message.startswith("could not run the indexer: ")


def test_failed_index_leaves_the_previous_site_in_place(tmp_path):
    site_dir = tmp_path / "site"
    publish({"index.html": b"<html lang='en'><body><article data-pagefind-body>old</article></body></html>"},
            site_dir, finish=index_site)
    before = snapshot(site_dir)
    assert "pagefind/pagefind-entry.json" in before
    with pytest.raises(BuildFailed):
        publish({"notes.txt": b"no pages at all"}, site_dir, finish=index_site)
    assert snapshot(site_dir) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
