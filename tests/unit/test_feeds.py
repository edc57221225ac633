"""feeds: RSS and Atom for the archive and each actor; stable GUIDs and dates taken from content."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from zoneinfo import ZoneInfo

import feedgen.entry
import feedgen.feed
import feedparser
import pytest
from lxml import etree

from parley.render.feeds import GUID_NAMESPACE, render_feeds
from parley.render.markup import render_bodies
from parley.model.archive import Actor, Entry, Round, SiteConfig, build_archive
from parley.model.routes import plan_routes

ZONE = ZoneInfo("Europe/Paris")
CONFIG = SiteConfig("Parley", "Briefings", "https://example.org/archive/", "en", "Europe/Paris")
ACTORS = (Actor("ron-dermer", "Ron Dermer", "person", "Israel", "Minister"),
          Actor("syria", "Syria", "state", "Syria", ""),
          Actor("quiet", "Quiet", "organisation", "UN", ""))
ROUNDS = (Round(5, "Paris", dt.date(2026, 1, 5), dt.date(2026, 1, 6), None, ""),)
ATOM = "{http://www.w3.org/2005/Atom}"


def entry(slug: str, day: int, actors: tuple[str, ...] = ("ron-dermer",), **fields) -> Entry:
    published = dt.datetime(2026, 1, day, 9, 0, tzinfo=ZONE)
    values = {"title": slug.title(), **fields}
    return Entry(source_path=f"content/briefings/2026/01-{day:02d}-{slug}.md", slug=slug, date=published.date(),
                 published=published, summary="S", body="Body", body_line=8, actor_ids=actors, **values)


ENTRIES = (entry("paris", 6), entry("rome", 5, ("syria",)), entry("geneva", 4, ("ron-dermer", "syria")))


def feeds(entries=ENTRIES, config=CONFIG) -> dict[str, bytes]:
    archive = build_archive(config, ACTORS, ROUNDS, entries)
    routes, errors = plan_routes(archive)
    assert errors == []
    return render_feeds(routes, archive, render_bodies(archive.entries))


def parse(xml: bytes):
    parsed = feedparser.parse(xml)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return parsed


def guids(xml: bytes) -> list[str]:
    return [e.id for e in parse(xml).entries]


def test_feed_files_for_the_archive_every_actor_round_and_topic():
    tagged = ENTRIES + (entry("vienna", 3, round_no=5, tags=("golan-heights",)),)
    scopes = ["", "actors/quiet/", "actors/ron-dermer/", "actors/syria/", "rounds/5/", "topics/golan-heights/"]
    assert sorted(feeds(tagged)) == sorted(scope + name for scope in scopes for name in ("atom.xml", "feed.json", "feed.xml"))


@pytest.mark.parametrize("out_path, version", [("feed.xml", "rss20"), ("atom.xml", "atom10")])
def test_whole_feeds_parse_cleanly_newest_first(out_path, version):
    parsed = parse(feeds()[out_path])
    assert parsed.version == version
    assert [e.title for e in parsed.entries] == ["Paris", "Rome", "Geneva"]
    assert [e.link for e in parsed.entries] == ["https://example.org/archive/briefings/2026/01/06/paris/",
                                                "https://example.org/archive/briefings/2026/01/05/rome/",
                                                "https://example.org/archive/briefings/2026/01/04/geneva/"]


def test_per_actor_feeds_hold_exactly_that_actors_entries():
    outputs = feeds()
    assert [e.title for e in parse(outputs["actors/ron-dermer/feed.xml"]).entries] == ["Paris", "Geneva"]
    assert [e.title for e in parse(outputs["actors/syria/atom.xml"]).entries] == ["Rome", "Geneva"]
    assert parse(outputs["actors/quiet/feed.xml"]).entries == []


def test_actor_feed_links_to_its_page_and_itself():
    parsed = parse(feeds()["actors/syria/feed.xml"])
    assert parsed.feed.link == "https://example.org/archive/actors/syria/"
    assert [l.href for l in parsed.feed.links if l.rel == "self"] == ["https://example.org/archive/actors/syria/feed.xml"]
    assert parsed.feed.title == "Syria — Parley"


def test_guids_do_not_change_with_base_url():
    moved = dataclasses.replace(CONFIG, base_url="https://moved.example/news/")
    for out_path in ("feed.xml", "atom.xml", "actors/syria/feed.xml"):
        assert guids(feeds()[out_path]) == guids(feeds(config=moved)[out_path])
    assert guids(feeds()["feed.xml"])[0] == "urn:uuid:" + str(uuid.uuid5(GUID_NAMESPACE, "/briefings/2026/01/06/paris/"))


def test_id_field_freezes_the_guid_across_a_rename():
    frozen = entry("paris", 6, feed_id="urn:uuid:0c4a2a4e-0000-4000-8000-000000000001")
    renamed = dataclasses.replace(frozen, slug="paris-talks", source_path="content/briefings/2026/01-06-paris-talks.md")
    assert guids(feeds((frozen,))["feed.xml"]) == guids(feeds((renamed,))["atom.xml"]) == [
        "urn:uuid:0c4a2a4e-0000-4000-8000-000000000001"]


def test_id_word_becomes_a_stable_uuid():
    worded = entry("paris", 6, feed_id="paris-2026")
    assert guids(feeds((worded,))["feed.xml"]) == ["urn:uuid:" + str(uuid.uuid5(GUID_NAMESPACE, "paris-2026"))]


def test_feed_dates_come_from_entries():
    newest = dt.datetime(2026, 1, 8, 12, 0, tzinfo=ZONE)
    outputs = feeds(ENTRIES + (entry("corrected", 3, updated=newest),))
    rss, atom = parse(outputs["feed.xml"]), parse(outputs["atom.xml"])
    assert rss.feed.updated == "Thu, 08 Jan 2026 12:00:00 +0100"
    assert atom.feed.updated == "2026-01-08T12:00:00+01:00"
    assert parse(outputs["actors/quiet/atom.xml"]).feed.updated == "2026-01-08T12:00:00+01:00"
    assert [e.updated for e in atom.entries][-1] == "2026-01-08T12:00:00+01:00"


class AnyDatetime(type):
    def __instancecheck__(cls, value):
        return isinstance(value, dt.datetime)


class FrozenClock(metaclass=AnyDatetime):
    """Stands in for feedgen's `datetime`, so a stray `now()` would show up in the output."""

    moment = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)

    @classmethod
    def now(cls, tz=None):
        return cls.moment


def test_two_renders_at_different_times_give_identical_bytes(monkeypatch):
    monkeypatch.setattr(feedgen.feed, "datetime", FrozenClock)
    monkeypatch.setattr(feedgen.entry, "datetime", FrozenClock)
    first = feeds()
    monkeypatch.setattr(FrozenClock, "moment", dt.datetime(2031, 7, 9, 3, 4, 5, tzinfo=dt.timezone.utc))
    assert feeds() == first


@pytest.mark.parametrize("out_path, path", [("feed.xml", "channel/item/title"), ("atom.xml", f"{ATOM}entry/{ATOM}title")])
def test_hostile_title_survives_as_text(out_path, path):
    title = 'Talks ]]> end <script>alert("x")</script> & more'
    xml = feeds((entry("paris", 6, title=title),))[out_path]
    parse(xml)
    assert etree.fromstring(xml).find(path).text == title
    assert b"<script>" not in xml


def test_feed_limit_is_respected():
    outputs = feeds(config=dataclasses.replace(CONFIG, feed_limit=2))
    assert [e.title for e in parse(outputs["feed.xml"]).entries] == ["Paris", "Rome"]
    assert [e.title for e in parse(outputs["actors/ron-dermer/atom.xml"]).entries] == ["Paris", "Geneva"]
    assert len(parse(outputs["actors/syria/atom.xml"]).entries) == 2


def test_entries_carry_actor_and_round_categories():
    outputs = feeds((entry("paris", 6, ("ron-dermer", "syria"), round_no=5),))
    assert [(t.term, t.label) for t in parse(outputs["atom.xml"]).entries[0].tags] == [
        ("ron-dermer", "Ron Dermer"), ("syria", "Syria"), ("round-5", "Round 5")]
