"""The Pagefind step: indexes each shard's marked pages on the staged site; a failure publishes nothing."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import PurePosixPath
from zoneinfo import ZoneInfo

import pytest

from conftest import snapshot, write_tree
from parley.errors import BuildFailed, format_error
from parley.model import routes
from parley.model.archive import Actor, Entry, SiteConfig, build_archive
from parley.model.routes import SearchShard, plan_routes, plan_search_shards
from parley.publish.output import publish
from parley.publish.search import NODE_MODULES, find_indexer, index_shards

PAGE = """<!DOCTYPE html><html lang="en"><head><title>{title}</title></head><body>
<nav>Menu words everywhere</nav>
<article data-pagefind-body><h1 data-pagefind-meta="title">{title}</h1>
<a data-pagefind-filter="actor">{actor}</a><p>{text}</p></article></body></html>"""


def shard(year: str, *out_paths: str) -> SearchShard:
    return SearchShard(year, f"/pagefind/{year}/", f"pagefind/{year}", f"briefings/{year}/*/index.html", out_paths)


SHARDS = (shard("2026", "briefings/2026/one/index.html"), shard("2025", "briefings/2025/two/index.html"))


def staged_site(root):
    return write_tree(root, {
        "briefings/2026/one/index.html": PAGE.format(title="One", actor="Ron Dermer", text="Talks in Paris"),
        "briefings/2025/two/index.html": PAGE.format(title="Two", actor="Tom Barrack", text="Talks in London"),
        "index.html": "<!DOCTYPE html><html lang='en'><body><h1>Home</h1><p>Menu words everywhere</p></body></html>",
    })


def bundle_entry(site, year):
    return json.loads((site / "pagefind" / year / "pagefind-entry.json").read_text())


def test_pagefind_comes_from_npm_at_the_pinned_version():
    command, version = find_indexer()
    package = json.loads((NODE_MODULES.parent / "package.json").read_text())
    assert version == package["dependencies"]["pagefind"] == "1.6.0"
    assert command and "node_modules" in command[0]


def test_each_shard_gets_its_own_bundle_of_its_own_pages(tmp_path):
    site = staged_site(tmp_path / "staging")
    index_shards(site, SHARDS)
    for year in ("2026", "2025"):
        entry = bundle_entry(site, year)
        assert entry["version"] == "1.6.0"
        assert entry["languages"]["en"]["page_count"] == 1  # its year's page only; never the home page
        assert list((site / "pagefind" / year / "filter").glob("*.pf_filter"))
        assert (site / "pagefind" / year / "pagefind.js").is_file()
    assert not (site / "pagefind" / "pagefind-entry.json").exists()


def test_indexing_the_same_pages_twice_writes_the_same_bytes(tmp_path):
    first, second = staged_site(tmp_path / "one"), staged_site(tmp_path / "two")
    index_shards(first, SHARDS)
    index_shards(second, SHARDS)
    assert snapshot(first / "pagefind") == snapshot(second / "pagefind")


def test_a_shard_without_pages_is_refused_with_pagefinds_reason(tmp_path):
    (tmp_path / "staging").mkdir()
    with pytest.raises(BuildFailed) as failure:
        index_shards(tmp_path / "staging", SHARDS[:1])
    assert [format_error(e) for e in failure.value.errors] == [
        "pagefind/2026:1: search: the indexer failed (exit 1): 'Most likely, the directory passed to Pagefind was"
        " empty or did not contain any html files.' — nothing was published; the previous site is unchanged"
        " (run `npm ci` to install Pagefind)"]


def test_a_missing_indexer_is_reported_not_raised(tmp_path):
    site = staged_site(tmp_path / "staging")
    with pytest.raises(BuildFailed) as failure:
        index_shards(site, SHARDS, command=[str(tmp_path / "no-such-pagefind")])
    assert failure.value.errors[0].message.startswith("could not run the indexer: ")
    with pytest.raises(BuildFailed) as failure:
        index_shards(site, SHARDS, command=[])
    assert failure.value.errors[0].message == "the Pagefind indexer is not installed"


def test_failed_index_leaves_the_previous_site_in_place(tmp_path):
    site_dir = tmp_path / "site"
    page = b"<html lang='en'><body><article data-pagefind-body>old</article></body></html>"
    publish({"briefings/2026/one/index.html": page}, site_dir, finish=lambda staging: index_shards(staging, SHARDS[:1]))
    before = snapshot(site_dir)
    assert "pagefind/2026/pagefind-entry.json" in before
    with pytest.raises(BuildFailed):
        publish({"notes.txt": b"no pages at all"}, site_dir, finish=lambda staging: index_shards(staging, SHARDS[:1]))
    assert snapshot(site_dir) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def entries_on(*days: str) -> tuple[Entry, ...]:
    """One briefing on each ISO day (a day may repeat), with slugs b0, b1, … in that order."""
    zone = ZoneInfo("Europe/Paris")
    return tuple(Entry(source_path=f"content/briefings/{date:%Y/%m-%d}-b{number}.md", slug=f"b{number}", title="T",
                       date=date, published=dt.datetime.combine(date, dt.time(0), tzinfo=zone), summary="S",
                       body="B", body_line=8, actor_ids=("ron-dermer",))
                 for number, date in enumerate(map(dt.date.fromisoformat, days)))


def archive_of(entries: tuple[Entry, ...]):
    return build_archive(SiteConfig("T", "D", "https://example.org/", "en", "Europe/Paris"),
                         (Actor("ron-dermer", "Ron Dermer", "person", "Israel", ""),), (), entries)


def test_years_up_to_the_threshold_are_one_shard_each_newest_first(monkeypatch):
    monkeypatch.setattr(routes, "SHARD_SPLIT_PAGES", 2)
    shards = plan_search_shards(archive_of(entries_on("2025-03-01", "2026-02-01", "2025-08-01", "2026-02-02")))
    assert [(s.name, s.url, s.out_dir, s.glob) for s in shards] == [
        ("2026", "/pagefind/2026/", "pagefind/2026", "briefings/2026/*/*/*/index.html"),
        ("2025", "/pagefind/2025/", "pagefind/2025", "briefings/2025/*/*/*/index.html")]
    assert shards[1].out_paths == ("briefings/2025/03/01/b0/index.html", "briefings/2025/08/01/b2/index.html")


def test_a_year_over_the_threshold_is_one_shard_per_month_with_briefings(monkeypatch):
    monkeypatch.setattr(routes, "SHARD_SPLIT_PAGES", 2)
    entries = entries_on("2024-12-31", "2025-01-05", "2025-01-20", "2025-11-02", "2026-04-01")
    shards = plan_search_shards(archive_of(entries))
    assert [(s.name, s.url, s.out_dir, s.glob) for s in shards] == [
        ("2026", "/pagefind/2026/", "pagefind/2026", "briefings/2026/*/*/*/index.html"),
        ("2025-11", "/pagefind/2025-11/", "pagefind/2025-11", "briefings/2025/11/*/*/index.html"),
        ("2025-01", "/pagefind/2025-01/", "pagefind/2025-01", "briefings/2025/01/*/*/index.html"),
        ("2024", "/pagefind/2024/", "pagefind/2024", "briefings/2024/*/*/*/index.html")]
    assert shards[2].out_paths == ("briefings/2025/01/05/b1/index.html", "briefings/2025/01/20/b2/index.html")
    assert plan_search_shards(archive_of(entries[::-1])) == shards  # the archive decides, not the file order


def test_the_real_threshold_keeps_a_small_archive_in_year_shards():
    shards = plan_search_shards(archive_of(entries_on(*(f"2025-{month:02d}-01" for month in range(1, 13)))))
    assert routes.SHARD_SPLIT_PAGES >= 12 and [s.name for s in shards] == ["2025"]


def test_each_shard_glob_matches_exactly_its_pages_among_every_planned_file(monkeypatch):
    monkeypatch.setattr(routes, "SHARD_SPLIT_PAGES", 2)
    archive = archive_of(entries_on("2024-12-31", "2025-01-05", "2025-01-20", "2025-11-02", "2025-11-02", "2026-04-01"))
    planned, errors = plan_routes(archive)
    assert errors == []
    out_paths = [route.out_path for route in planned.routes]  # entry pages, citations, month and year lists…
    shards = plan_search_shards(archive)
    # Pagefind matches its glob against paths relative to the site, "*" within one folder name.
    for shard in shards:
        assert tuple(sorted(p for p in out_paths if PurePosixPath(p).match(shard.glob))) == shard.out_paths
    assert sorted(p for shard in shards for p in shard.out_paths) == sorted(
        route.out_path for route in planned.of_kind("entry"))
