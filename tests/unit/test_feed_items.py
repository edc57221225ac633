"""feed items: escaping as readers interpret it, dates every reader sees on the right day, sources,
authors and categories, JSON Feed against its schema, the stylesheet and the OPML list."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import jsonschema
import lxml.html
import pytest
from lxml import etree

from parley.model.archive import Actor, Entry, Round, SiteConfig, Source, build_archive
from parley.model.routes import plan_routes
from parley.render.feeds import render_feeds
from parley.render.markup import render_bodies
from parley.render.opml import render_opml

SCHEMA = json.loads((Path(__file__).parent.parent / "schemas" / "jsonfeed-1.1.schema.json").read_text())
DAMASCUS = "Asia/Damascus"
CONFIG = SiteConfig("Parley", "Briefings", "https://example.org/archive/", "en", DAMASCUS)
ACTORS = (Actor("ron-dermer", "Ron Dermer", "person", "Israel", "Minister"),
          Actor("syria", "Syria", "state", "Syria", ""))
ROUNDS = (Round(5, "Paris", dt.date(2026, 1, 5), dt.date(2026, 1, 6), None, ""),)
HOSTILE = "<img src=x onerror=alert(1)> & <script>alert(2)</script>"
# The zones of readers at both ends of the inhabited range, and UTC between them.
READER_ZONES = (dt.timezone(dt.timedelta(hours=-9)), dt.timezone.utc, dt.timezone(dt.timedelta(hours=14)))


def dated(slug: str, day: dt.date, zone: str = DAMASCUS, time: dt.time | None = None, **fields) -> Entry:
    """An entry as the reader makes it: a date-only `date:` is midnight in the archive's zone."""
    published = dt.datetime.combine(day, time or dt.time(0), tzinfo=ZoneInfo(zone))
    values = {"title": slug.title(), "summary": "S", "actor_ids": ("ron-dermer",), "body": "Body", **fields}
    return Entry(source_path=f"content/briefings/{day:%Y}/{day:%m-%d}-{slug}.md", slug=slug, date=day,
                 published=published, body_line=8, **values)


def render(entries, config=CONFIG, actors=ACTORS) -> dict[str, bytes]:
    archive = build_archive(config, actors, ROUNDS, tuple(entries))
    routes, errors = plan_routes(archive)
    assert errors == []
    return {**render_feeds(routes, archive, render_bodies(archive.entries)), **render_opml(routes, archive)}


def parse(xml: bytes, **options):
    parsed = feedparser.parse(xml, **options)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return parsed


def html_text(fragment: str):
    """An HTML fragment as a browser-based reader builds it -> (its elements' tags, its visible text)."""
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    return [element.tag for element in root.iterdescendants()], root.text_content()


@pytest.mark.parametrize("sanitize", [False, True])
@pytest.mark.parametrize("out_path", ["feed.xml", "atom.xml"])
def test_summary_is_text_in_every_reader_never_markup(out_path, sanitize):
    outputs = render([dated("paris", dt.date(2026, 1, 6), summary=HOSTILE)])
    parsed = parse(outputs[out_path], sanitize_html=sanitize)
    summary = parsed.entries[0].summary_detail
    assert summary.type == "text/html"
    assert html_text(summary.value) == ([], HOSTILE)


@pytest.mark.parametrize("sanitize", [False, True])
def test_channel_description_and_actor_names_are_text_in_rss(sanitize):
    mallory = Actor("mallory", HOSTILE, "person", "X", "role <b>bold</b>")
    outputs = render([dated("paris", dt.date(2026, 1, 6), actor_ids=("mallory",))], actors=(mallory,),
                     config=dataclasses.replace(CONFIG, description=HOSTILE))
    expectations = (("feed.xml", HOSTILE), ("actors/mallory/feed.xml", f"Briefings that involve {HOSTILE}, role <b>bold</b>"))
    for out_path, expected in expectations:
        parsed = parse(outputs[out_path], sanitize_html=sanitize)
        assert parsed.feed.subtitle_detail.type == "text/html"
        assert html_text(parsed.feed.subtitle) == ([], expected)
    assert json.loads(outputs["feed.json"])["description"] == HOSTILE


def utc_date_in(moment: tuple, zone: dt.tzinfo) -> dt.date:
    """feedparser's parsed time (a UTC struct_time) -> the calendar date a reader in `zone` sees."""
    return dt.datetime(*moment[:6], tzinfo=dt.timezone.utc).astimezone(zone).date()


@pytest.mark.parametrize("archive_zone", [DAMASCUS, "Europe/Paris", "UTC", "America/Los_Angeles", "Pacific/Kiritimati"])
@pytest.mark.parametrize("out_path", ["feed.xml", "atom.xml"])
def test_a_date_only_briefing_shows_its_own_date_to_readers_from_utc_minus_9_to_plus_14(archive_zone, out_path):
    days = [dt.date(2026, 1, 6)] * 3 + [dt.date(2026, 1, 5), dt.date(2025, 12, 31)]
    entries = [dated(f"item-{i}", day, archive_zone) for i, day in enumerate(days)]
    parsed = parse(render(entries, dataclasses.replace(CONFIG, timezone=archive_zone))[out_path])
    assert len(parsed.entries) == 5
    for item in parsed.entries:
        expected = dt.date.fromisoformat(item.link.split("/briefings/")[1][:10].replace("/", "-"))
        for zone in READER_ZONES:
            assert utc_date_in(item.published_parsed, zone) == expected, (item.link, zone)
            if out_path == "atom.xml":  # RSS has no update date
                assert utc_date_in(item.updated_parsed, zone) == expected, (item.link, zone)


@pytest.mark.parametrize("out_path", ["feed.xml", "atom.xml", "actors/ron-dermer/atom.xml"])
def test_same_day_items_get_distinct_timestamps_in_the_sites_order(out_path):
    day = dt.date(2026, 1, 6)
    entries = [dated(slug, day) for slug in ("charlie", "alpha", "bravo")] + [dated("delta", dt.date(2026, 1, 5))]
    parsed = parse(render(entries)[out_path])
    # The site lists same-day briefings by slug; readers sort by date, so the dates must say the same.
    assert [e.title for e in parsed.entries] == ["Alpha", "Bravo", "Charlie", "Delta"]
    stamps = [dt.datetime(*e.published_parsed[:6]) for e in parsed.entries]
    assert stamps == sorted(stamps, reverse=True) and len(set(stamps)) == 4
    assert stamps[0] == dt.datetime(2026, 1, 6, 9, 0, 2)  # noon in Damascus is 09:00 UTC; two more that day


def test_a_time_written_by_the_editor_is_kept_and_noon_is_noon_in_damascus():
    entries = [dated("timed", dt.date(2026, 1, 6), time=dt.time(18, 30)), dated("plain", dt.date(2026, 1, 5))]
    atom = etree.fromstring(render(entries)["atom.xml"])
    published = [p.text for p in atom.iter("{http://www.w3.org/2005/Atom}published")]
    assert published == ["2026-01-06T18:30:00+03:00", "2026-01-05T12:00:00+03:00"]


def test_a_date_only_update_is_stamped_on_its_day_after_that_days_briefings():
    corrected = dated("old", dt.date(2026, 1, 2), updated=dt.datetime(2026, 1, 6, tzinfo=ZoneInfo(DAMASCUS)))
    parsed = parse(render([dated("new", dt.date(2026, 1, 6)), corrected])["atom.xml"])
    updated = {e.title: dt.datetime(*e.updated_parsed[:6]) for e in parsed.entries}
    assert updated == {"New": dt.datetime(2026, 1, 6, 9, 0), "Old": dt.datetime(2026, 1, 6, 9, 0, 1)}


SOURCES = (Source("Axios", "https://www.axios.com/a?x=1&y=2", dt.date(2026, 1, 5)), Source("SANA <agency>"))


@pytest.mark.parametrize("out_path", ["feed.xml", "atom.xml"])
def test_content_carries_sources_with_absolute_links(out_path):
    body = "See [the actor](../../actors/syria/) and a note.[^1]\n\n[^1]: A footnote."
    item = dated("paris", dt.date(2026, 1, 6), sources=SOURCES, body=body)
    content = parse(render([item])[out_path]).entries[0].content[0].value
    page = lxml.html.fragment_fromstring(content, create_parent="div")
    sources = page.xpath("//h2[.='Sources']/following-sibling::ul[1]/li")
    assert [li.text_content() for li in sources] == ["Axios, 5 January 2026", "SANA <agency>"]
    assert sources[0].find("a").get("href") == "https://www.axios.com/a?x=1&y=2"
    links = [a.get("href") for a in page.iter("a")]
    # Resolved as the briefing page resolves them, so they lead where they lead on the site.
    assert links[:2] == ["https://example.org/archive/briefings/2026/01/actors/syria/",
                         "https://example.org/archive/briefings/2026/01/06/paris/#fn:1"]
    assert all(link.startswith("https://") for link in links), links


def test_items_have_an_author_and_actor_round_and_topic_categories():
    item = dated("paris", dt.date(2026, 1, 6), actor_ids=("ron-dermer", "syria"), round_no=5, tags=("golan-heights",))
    outputs = render([item])
    atom, rss = parse(outputs["atom.xml"]).entries[0], parse(outputs["feed.xml"]).entries[0]
    assert [(t.term, t.scheme) for t in atom.tags] == [
        ("ron-dermer", "https://example.org/archive/actors/"), ("syria", "https://example.org/archive/actors/"),
        ("round-5", "https://example.org/archive/rounds/"), ("golan-heights", "https://example.org/archive/topics/")]
    assert [t.term for t in rss.tags] == ["Ron Dermer", "Syria", "Round 5", "golan heights"]
    assert atom.author == rss.author == "Parley"
    assert json.loads(outputs["feed.json"])["items"][0]["tags"] == ["Ron Dermer", "Syria", "Round 5", "golan heights"]


def test_round_and_topic_feeds_hold_exactly_their_entries():
    entries = [dated("a", dt.date(2026, 1, 6), round_no=5, tags=("x",)),
               dated("b", dt.date(2026, 1, 5), tags=("x", "y")), dated("c", dt.date(2026, 1, 4))]
    outputs = render(entries)
    titles = lambda out_path: [e.title for e in parse(outputs[out_path]).entries]
    assert titles("rounds/5/feed.xml") == ["A"]
    assert titles("topics/x/atom.xml") == ["A", "B"]
    assert titles("topics/y/feed.xml") == ["B"]
    assert [i["title"] for i in json.loads(outputs["topics/x/feed.json"])["items"]] == ["A", "B"]


@pytest.mark.parametrize("out_path", ["feed.json", "actors/syria/feed.json", "rounds/5/feed.json",
                                      "topics/x/feed.json"])
def test_json_feed_is_valid_json_feed_1_1_and_matches_the_atom_feed(out_path):
    entries = [dated("a", dt.date(2026, 1, 6), round_no=5, tags=("x",), summary=HOSTILE, sources=SOURCES,
                     actor_ids=("syria",)), dated("b", dt.date(2026, 1, 6), lang="ar", actor_ids=("syria",))]
    outputs = render(entries)
    document = json.loads(outputs[out_path])
    jsonschema.validate(document, SCHEMA)
    atom = parse(outputs[out_path.replace("feed.json", "atom.xml")])
    assert [i["id"] for i in document["items"]] == [e.id for e in atom.entries]
    assert [i["url"] for i in document["items"]] == [e.link for e in atom.entries]
    assert document["feed_url"] == "https://example.org/archive/" + out_path
    assert document["items"][0]["summary"] in (HOSTILE, "S")


def test_the_schema_refuses_what_json_feed_1_1_refuses():
    document = json.loads(render([dated("a", dt.date(2026, 1, 6))])["feed.json"])
    for broken in ({**document, "version": "https://jsonfeed.org/version/1"},
                   {**document, "items": [{**document["items"][0], "date_published": "6 January 2026"}]},
                   {**document, "items": [{"id": "x"}]}, {**document, "author": {"name": "x"}}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(broken, SCHEMA)


@pytest.mark.parametrize("out_path, href", [("feed.xml", "assets/feed.xsl"),
                                            ("actors/syria/atom.xml", "../../assets/feed.xsl"),
                                            ("topics/x/feed.xml", "../../assets/feed.xsl")])
def test_feeds_point_browsers_at_the_stylesheet_without_troubling_readers(out_path, href):
    xml = render([dated("a", dt.date(2026, 1, 6), actor_ids=("syria",), tags=("x",))])[out_path]
    instruction = etree.fromstring(xml).getroottree().getroot().getprevious()
    assert (instruction.target, instruction.get("type"), instruction.get("href")) == (
        "xml-stylesheet", "text/xsl", href)
    assert len(parse(xml).entries) == 1


def test_opml_lists_every_feed_once_by_its_rss_address():
    outputs = render([dated("a", dt.date(2026, 1, 6), round_no=5, tags=("x",))])
    opml = etree.fromstring(outputs["feeds.opml"])
    groups = {group.get("text"): [o.get("xmlUrl") for o in group] for group in opml.find("body")}
    base = "https://example.org/archive/"
    assert groups == {"The whole archive": [base + "feed.xml"],
                      "Actors": [base + "actors/ron-dermer/feed.xml", base + "actors/syria/feed.xml"],
                      "Rounds": [base + "rounds/5/feed.xml"], "Topics": [base + "topics/x/feed.xml"],
                      "Corrections": [base + "corrections/feed.xml"]}
    # The corrections feed is rendered with the corrections page (render/corrections.py), not here.
    rss_files = sorted([*(path for path in outputs if path.endswith("feed.xml")), "corrections/feed.xml"])
    assert sorted(url[len(base):] for urls in groups.values() for url in urls) == rss_files
