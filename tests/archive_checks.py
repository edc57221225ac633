"""What a built site must show, derived from the content/ folder it was built from.

Reads content/ independently of Parley (plain YAML), so a reader bug cannot hide itself, and never
hard-codes counts: any valid briefing, actor or round added to an archive keeps these checks true.
Used on the real archive and on the copies the editor-journey tests change.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import yaml

from conftest import broken_links, parse_html

FILE_NAME = re.compile(r"^(?P<month>\d{2})-(?P<day>\d{2})-(?P<slug>.+)\.md$")
DEFAULT_FEED_LIMIT = 50  # SiteConfig.feed_limit when site.yaml does not set it


@dataclass(frozen=True)
class ExpectedBriefing:
    url: str  # site-relative, e.g. /briefings/2026/01/06/paris-round-five-ends/
    published: dt.datetime
    actor_ids: frozenset[str]
    round_no: int | None


@dataclass(frozen=True)
class ExpectedArchive:
    briefings: tuple[ExpectedBriefing, ...]  # only those published: no drafts, nothing dated after `now`
    actor_ids: tuple[str, ...]
    round_numbers: tuple[int, ...]
    feed_limit: int

    def urls(self, actor_id: str | None = None, round_no: int | None = None) -> set[str]:
        return {b.url for b in self.briefings if (actor_id is None or actor_id in b.actor_ids)
                and (round_no is None or b.round_no == round_no)}


def read_yaml(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def name_keys(actors: list[dict]) -> dict[str, str]:
    """Every id, name and alias (case-folded) -> its actor id, as editors may write them in `actors:`."""
    keys = {}
    for actor in actors:
        for spelling in (actor["id"], actor["name"], *actor.get("aliases", ()), *(actor.get("names") or {}).values()):
            keys[" ".join(str(spelling).casefold().replace("-", " ").split())] = actor["id"]
    return keys


def expected_archive(root: Path, now: dt.datetime) -> ExpectedArchive:
    """A project folder -> what its built site must list, at time `now`."""
    site = read_yaml(root / "content/site.yaml")
    zone = ZoneInfo(site["timezone"])
    actors = read_yaml(root / "content/actors.yaml") or []
    keys = name_keys(actors)
    briefings = []
    for path in sorted((root / "content/briefings").glob("*/*.md")):
        front_matter = yaml.safe_load(path.read_text(encoding="utf-8").split("\n---\n", 1)[0].removeprefix("---\n"))
        date = front_matter["date"]
        published = date if isinstance(date, dt.datetime) else dt.datetime.combine(date, dt.time(0), tzinfo=zone)
        published = published if published.tzinfo else published.replace(tzinfo=zone)
        if front_matter.get("draft") or published > now:
            continue
        slug = front_matter.get("slug") or FILE_NAME.match(path.name)["slug"]
        actor_ids = frozenset(keys[" ".join(str(name).casefold().replace("-", " ").split())]
                              for name in front_matter["actors"])
        briefings.append(ExpectedBriefing(f"/briefings/{published.date():%Y/%m/%d}/{slug}/", published,
                                          actor_ids, front_matter.get("round")))
    # A round is listed in rounds.yaml, or is an event numbered with `round:` in events.yaml.
    rounds = [r["number"] for r in read_yaml(root / "content/rounds.yaml") or []]
    events = read_yaml(root / "content/events.yaml") if (root / "content/events.yaml").is_file() else []
    rounds += [event["round"] for event in events or [] if event.get("round") is not None]
    return ExpectedArchive(tuple(sorted(briefings, key=lambda b: (b.published, b.url), reverse=True)),
                           tuple(a["id"] for a in actors), tuple(sorted(rounds)),
                           site.get("feed_limit", DEFAULT_FEED_LIMIT))


def site_url(site: Path, page: Path, href: str) -> str:
    """A relative link on `page` -> the site-relative URL it points to."""
    target = (page.parent / href).resolve().relative_to(site.resolve()).as_posix()
    return "/" + (target.removesuffix("index.html") if target.endswith("index.html") else target + "/")


def listed_briefings(site: Path, url: str) -> list[str]:
    """The briefing URLs a list page shows, following its pagination (rel=next within the same URL)."""
    listed, page_url = [], url
    while page_url:
        page = site / page_url.lstrip("/") / "index.html"
        document = parse_html(page)
        listed += [site_url(site, page, a.get("href")) for a in document.cssselect(".entry-list .entry-title a")]
        following = [site_url(site, page, link.get("href")) for link in document.xpath("//*[@rel='next'][@href]")]
        page_url = next((u for u in following if u.startswith(url) and u != page_url), None)
    return listed


def is_redirect(page: Path) -> bool:
    return bool(parse_html(page).xpath("//meta[translate(@http-equiv,'REFSH','refsh')='refresh']"))


def feed_urls(site: Path, out_path: str, base_url: str) -> list[str]:
    feed = feedparser.parse((site / out_path).read_bytes())
    assert feed.bozo == 0, f"{out_path}: {feed.bozo_exception}"
    return ["/" + entry.link.removeprefix(base_url) for entry in feed.entries]


def assert_feed_holds(site: Path, out_path: str, base_url: str, expected: list[str], limit: int) -> None:
    """A feed holds the newest `limit` of the expected briefings (all of them if there are fewer)."""
    found = feed_urls(site, out_path, base_url)
    assert len(found) == min(len(expected), limit), out_path
    assert set(found) <= set(expected), out_path
    if len(expected) <= limit:
        assert set(found) == set(expected), out_path


def assert_site_matches_content(root: Path, site: Path, now: dt.datetime) -> None:
    """The site built from `root` at `now` links correctly and lists exactly what root/content/ holds."""
    expected = expected_archive(root, now)
    assert broken_links(site) == []
    pages = {"/" + p.parent.relative_to(site).as_posix() + "/" for p in site.glob("briefings/*/*/*/*/index.html")
             if not is_redirect(p)}
    assert pages == expected.urls()
    base_url = read_yaml(root / "content/site.yaml")["base_url"]
    newest_first = [b.url for b in expected.briefings]
    assert_feed_holds(site, "feed.xml", base_url, newest_first, expected.feed_limit)
    for actor_id in expected.actor_ids:
        assert sorted(listed_briefings(site, f"/actors/{actor_id}/")) == sorted(expected.urls(actor_id=actor_id)), actor_id
        assert_feed_holds(site, f"actors/{actor_id}/feed.xml", base_url,
                          [u for u in newest_first if u in expected.urls(actor_id=actor_id)], expected.feed_limit)
    for round_no in expected.round_numbers:
        assert sorted(listed_briefings(site, f"/rounds/{round_no}/")) == sorted(expected.urls(round_no=round_no)), round_no
