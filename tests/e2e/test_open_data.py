"""Open data, citations, licence and the About page, read as their users' tools read them.

The data files are validated against the JSON Schemas the site publishes beside them, the CSV is
read as a spreadsheet would, citations are parsed, and every expectation comes from the content.
"""

from __future__ import annotations

import csv
import io
import json
import re
from urllib.parse import urljoin

import feedparser
import jsonschema
import pytest

from conftest import copy_fixture, parse_html, run_cli, write_tree

BASE = "https://example.org/archive/"
EXPORTS = ("briefings", "actors", "rounds", "outlets")


def load(site, name):
    return json.loads((site / "data" / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", EXPORTS)
def test_every_export_is_valid_against_its_published_schema(small_site, name):
    schema = load(small_site, f"{name}.schema.json")
    jsonschema.Draft202012Validator.check_schema(schema)
    document = load(small_site, f"{name}.json")
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(document)
    assert document["schema"] == f"{BASE}data/{name}.schema.json"
    assert document["license"] == "CC BY 4.0 <international>"


def test_briefings_json_holds_exactly_the_published_briefings_with_their_feed_ids(small_site):
    feed = feedparser.parse((small_site / "feed.xml").read_bytes())
    records = load(small_site, "briefings.json")["briefings"]
    # The same briefings as the site-wide feed (which holds them all here), under the same stable ids.
    assert sorted((r["id"], r["url"]) for r in records) == sorted((e.id, e.link) for e in feed.entries)
    pages = {p.parent.relative_to(small_site).as_posix() + "/" for p in small_site.glob("briefings/*/*/*/*/index.html")}
    assert {r["url"][len(BASE):] for r in records} == pages
    assert [r["date"] for r in records] == sorted((r["date"] for r in records), reverse=True)


def test_actor_and_round_exports_match_their_pages(small_site):
    actors = load(small_site, "actors.json")["actors"]
    assert {a["url"][len(BASE):] for a in actors} == {
        p.parent.relative_to(small_site).as_posix() + "/" for p in small_site.glob("actors/*/index.html")}
    for actor in actors:
        page = parse_html(small_site / actor["url"][len(BASE):] / "index.html")
        assert page.cssselect("h1")[0].text_content().strip() == actor["name"]
    rounds = load(small_site, "rounds.json")["rounds"]
    assert [r["number"] for r in rounds] == sorted(int(p.parent.name) for p in small_site.glob("rounds/*/index.html"))


def test_the_csv_reads_back_as_the_json_and_defuses_formulas(tmp_path):
    root = copy_fixture("archive-small", tmp_path / "project")
    write_tree(root, {"content/briefings/2026/01-07-formula.md": (
        "---\ntitle: '=HYPERLINK(\"https://evil.example\",\"click\")'\ndate: 2026-01-07\nactors: [ron-dermer]\n"
        "summary: '@SUM(1+1) and, commas \"quoted\"'\nsources: [AFP]\n---\nBody.\n")})
    assert run_cli("build", cwd=root).returncode == 0
    rows = list(csv.DictReader(io.StringIO((root / "site/data/briefings.csv").read_text(encoding="utf-8"))))
    records = load(root / "site", "briefings.json")["briefings"]
    assert [row["id"] for row in rows] == [r["id"] for r in records]
    formula = next(row for row in rows if "HYPERLINK" in row["title"])
    assert formula["title"] == "'=HYPERLINK(“https://evil.example”,”click”)"
    assert formula["summary"] == "'@SUM(1+1) and, commas “quoted”"
    assert formula["actors"] == "ron-dermer" and formula["outlets"] == "AFP"


def test_data_page_documents_every_field_of_every_schema(small_site):
    page = parse_html(small_site / "data/index.html")
    links = {urljoin(f"{BASE}data/", a.get("href"))[len(f"{BASE}data/"):] for a in page.cssselect("main a")}
    for name in EXPORTS:
        assert {f"{name}.json", f"{name}.schema.json"} <= links
        fields = load(small_site, f"{name}.schema.json")["properties"][name]["items"]["properties"]
        documented = [th.text_content() for th in page.cssselect(f"#book-{name} + p + div th[scope=row]")]
        assert sorted(documented) == sorted(fields) and len(documented) == len(fields)
    assert "briefings.csv" in links
    assert page.cssselect("#cite") and "accessed" in page.cssselect("#cite ~ p.citation")[0].text_content()


def test_exports_and_about_are_in_the_sitemap(small_site):
    sitemap = (small_site / "sitemap.xml").read_text()
    for name in (*(f"data/{n}.json" for n in EXPORTS), "data/briefings.csv", "data/", "about/"):
        assert f"<loc>{BASE}{name}</loc>" in sitemap


def test_every_page_footer_shows_the_licence(small_site):
    for page_path in small_site.rglob("*.html"):
        footer = parse_html(page_path).cssselect("footer a[rel=license]")
        assert [(a.text_content(), a.get("href")) for a in footer] == [
            ("CC BY 4.0 <international>", "https://creativecommons.org/licenses/by/4.0/")], page_path


def bibtex_fields(text: str) -> dict[str, str]:
    """A one-record BibTeX file -> its fields; asserts the braces balance, so no value escapes its field."""
    depth = 0
    for index, character in enumerate(text):
        if character in "{}" and text[index - 1] != "\\":
            depth += 1 if character == "{" else -1
            assert depth >= 0
    assert depth == 0
    return dict(re.findall(r"^  (\w+) = \{(.*)\},?$", text, flags=re.M))


def test_every_briefing_can_be_cited_with_its_stable_url_and_id(small_site):
    feed = {e.link: e.id for e in feedparser.parse((small_site / "feed.xml").read_bytes()).entries}
    for page_path in small_site.glob("briefings/*/*/*/*/index.html"):
        url = BASE + page_path.parent.relative_to(small_site).as_posix() + "/"
        page = parse_html(page_path)
        box = page.cssselect("section.cite")[0]
        assert url in box.cssselect(".citation")[0].text_content() and feed[url] in box.text_content()
        assert box.cssselect("input#share-url")[0].get("value") == url
        mailto = next(a.get("href") for a in box.cssselect("a") if a.get("href").startswith("mailto:"))
        assert "body=" in mailto and url.replace(":", "%3A").replace("/", "%2F") in mailto.replace("/", "%2F")
        downloads = {a.text_content(): urljoin(url, a.get("href")) for a in box.cssselect("a[download]")}
        assert downloads == {"BibTeX": url + "cite.bib", "CSL-JSON": url + "cite.json"}
        fields = bibtex_fields((page_path.parent / "cite.bib").read_text(encoding="utf-8"))
        assert (fields["url"], fields["note"]) == (url, f"id: {feed[url]}")
        [item] = json.loads((page_path.parent / "cite.json").read_text(encoding="utf-8"))
        assert (item["URL"], item["id"], item["title"]) == (url, feed[url], page.cssselect("h1")[0].text_content())


def test_a_hostile_title_stays_inside_its_bibtex_field(small_site):
    [page_path] = small_site.glob("briefings/2026/01/06/hostile/index.html")
    fields = bibtex_fields((page_path.parent / "cite.bib").read_text(encoding="utf-8"))
    assert fields["title"] == 'Talks <script>alert(“title”)</script> \\& “quotes” ]]> end'


def test_about_page_renders_sanitised_and_is_linked_from_every_page(small_site):
    page = parse_html(small_site / "about/index.html")
    assert page.cssselect("h1")[0].text_content() == "About the <small> archive"
    assert not page.cssselect("main script") and page.cssselect("main h2")[0].text_content() == "Method"
    home = parse_html(small_site / "index.html")
    assert [a.get("href") for a in home.cssselect("footer a") if a.text_content() == "About and method"] == ["about/"]
    feed = (small_site / "feed.xml").read_text()
    assert "About the" not in feed


def test_titles_read_the_same_with_curly_quotes_in_pages_feeds_and_data(small_site):
    # archive-small's hostile entry is titled with straight quotes in its front-matter.
    expected = 'Talks <script>alert(“title”)</script> & “quotes” ]]> end'
    page = parse_html(small_site / "briefings/2026/01/06/hostile/index.html")
    assert page.cssselect("h1")[0].text_content() == expected
    feed = feedparser.parse((small_site / "feed.xml").read_bytes())
    assert expected in [entry.title for entry in feed.entries]
    assert expected in [r["title"] for r in load(small_site, "briefings.json")["briefings"]]
    [item] = json.loads((small_site / "briefings/2026/01/06/hostile/cite.json").read_text(encoding="utf-8"))
    assert item["title"] == expected
