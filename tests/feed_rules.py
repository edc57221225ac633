"""The W3C feed validator's rules that Parley's feeds can break, asserted directly.

The validator (github.com/w3c/feedvalidator) is not on PyPI, so the suite cannot install it; these
checks follow its source (validators.py, rss.py, item.py, feed.py, entry.py). Each returns a list of
problems in the validator's words, so a failing test says what the validator would say.
"""

from __future__ import annotations

import email.utils
import re
import uuid
from html.entities import name2codepoint
from urllib.parse import urlsplit

from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT_ENCODED = "{http://purl.org/rss/1.0/modules/content/}encoded"
# RFC 822 as the validator accepts it: a weekday, a four-digit year and a numeric zone.
RFC822 = re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
                    r"\d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$")
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
# validators.py, absUrlMixin: links and images in HTML content must be absolute.
ANCHOR = re.compile(r"<a\s+href=(?:\"(.*?)\"|'(.*?)'|([\w-]+))[\s>]", re.IGNORECASE)
IMAGE = re.compile(r"<img\s+[^>]*src=(?:\"(.*?)\"|'(.*?)'|([\w-]+))[\s>]", re.IGNORECASE)
# validators.py, nonhtml: plain-text elements hold no end tags and no entity references.
END_TAG = re.compile(r"</(\w+)>")
ENTITY = re.compile(r"&(#?\w+)")
HTML_TAGS = {"a", "b", "p", "div", "span", "img", "script", "i", "em", "strong", "br", "h1", "h2", "ul", "li"}


def relative_refs(html: str) -> list[str]:
    """ContainsRelRef: every href or src in an HTML string that is not absolute."""
    refs = [next(filter(None, groups)) for groups in ANCHOR.findall(html) + IMAGE.findall(html) if any(groups)]
    return [ref for ref in refs if not re.match(r"\w+:", ref.strip())]


def html_in_text(text: str | None) -> list[str]:
    """ContainsHTML / the RSS Profile: end tags or character references in a plain-text element."""
    text = text or ""
    tags = [tag for tag in END_TAG.findall(text) if tag.lower() in HTML_TAGS]
    entities = [e for e in ENTITY.findall(text) if e in name2codepoint or e == "apos" or not e.isalpha()]
    return tags + entities


def id_problems(value: str | None) -> list[str]:
    """An RSS guid or Atom id: a URI, and a urn:uuid: one must hold a valid UUID."""
    if not value or not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$", value):
        return [f"id must be a full and valid URI: {value!r}"]
    if value.lower().startswith("urn:uuid:"):
        try:
            uuid.UUID(value[9:])
        except ValueError:
            return [f"{value!r} is not a valid UUID"]
    return []


def check_rss(xml: bytes, url: str) -> list[str]:
    """An RSS 2.0 file published at `url` -> what the validator would report (errors and warnings)."""
    channel = etree.fromstring(xml).find("channel")
    problems = [f"missing channel/{name}" for name in ("title", "link", "description") if channel.find(name) is None]
    for name in ("title", "description"):
        problems += [f"channel {name} should not contain HTML: {found}"
                     for found in html_in_text(channel.findtext(name))]
    self_links = [link.get("href") for link in channel.findall(f"{ATOM}link") if link.get("rel") == "self"]
    if self_links != [url]:
        problems.append(f"atom:link rel=self is {self_links}, not {url}")
    for name in ("lastBuildDate", "pubDate"):
        value = channel.findtext(name)
        if value is not None and not RFC822.match(value):
            problems.append(f"{name} is not an RFC-822 date: {value!r}")
    guids, dates = [], []
    for item in channel.findall("item"):
        if item.find("title") is None and item.find("description") is None:
            problems.append("item needs a title or a description")
        guid = item.find("guid")
        if guid is None:
            problems.append("item without a guid")
            continue
        guids.append(guid.text)
        problems += id_problems(guid.text)
        is_url = urlsplit(guid.text).scheme in ("http", "https")
        if guid.get("isPermaLink", "true") == "true" and not is_url:
            problems.append(f"guid {guid.text!r} is not a permalink but isPermaLink is true")
        date = item.findtext("pubDate")
        if date is None or not RFC822.match(date) or email.utils.parsedate_to_datetime(date) is None:
            problems.append(f"item pubDate is not an RFC-822 date: {date!r}")
        dates.append(date)
        problems += [f"item title should not contain HTML: {found}" for found in html_in_text(item.findtext("title"))]
        problems += [f"item category should not contain HTML: {found}"
                     for category in item.findall("category") for found in html_in_text(category.text)]
        for name in ("description", CONTENT_ENCODED):
            problems += [f"relative URL in {name}: {ref}" for ref in relative_refs(item.findtext(name) or "")]
        if item.find("author") is not None and "@" not in (item.findtext("author") or ""):
            problems.append("item author is not an email address")
    if len(set(guids)) != len(guids):
        problems.append("duplicate guid")
    return problems


def check_atom(xml: bytes, url: str) -> list[str]:
    """An Atom 1.0 file published at `url` -> what the validator would report (errors and warnings)."""
    feed = etree.fromstring(xml)
    problems = [f"missing feed {name}" for name in ("id", "title", "updated") if feed.find(ATOM + name) is None]
    if feed.find(f"{ATOM}author/{ATOM}name") is None:
        problems.append("missing feed author (every entry would need its own)")
    self_links = [link.get("href") for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self"]
    if self_links != [url]:
        problems.append(f"link rel=self is {self_links}, not {url}")
    for name in ("title", "subtitle"):
        element = feed.find(ATOM + name)
        if element is not None and element.get("type", "text") == "text":
            problems += [f"feed {name} should not contain HTML: {found}" for found in html_in_text(element.text)]
    ids, updated = [], []
    for entry in feed.findall(f"{ATOM}entry"):
        problems += [f"missing entry {name}" for name in ("id", "title", "updated") if entry.find(ATOM + name) is None]
        ids.append(entry.findtext(f"{ATOM}id"))
        problems += id_problems(ids[-1])
        alternate = [link for link in entry.findall(f"{ATOM}link") if link.get("rel", "alternate") == "alternate"]
        if entry.find(f"{ATOM}content") is None and not alternate:
            problems.append("missing content or alternate link")
        updated.append(entry.findtext(f"{ATOM}updated"))
        for name in ("updated", "published"):
            value = entry.findtext(ATOM + name)
            if value is not None and not RFC3339.match(value):
                problems.append(f"entry {name} is not an RFC 3339 date: {value!r}")
        title = entry.find(f"{ATOM}title")
        if title is not None and title.get("type", "text") == "text":
            problems += [f"entry title should not contain HTML: {found}" for found in html_in_text(title.text)]
        problems += [f"category label should not contain HTML: {found}"
                     for category in entry.findall(f"{ATOM}category") for found in html_in_text(category.get("label"))]
        for name in ("summary", "content"):
            element = entry.find(ATOM + name)
            if element is not None and element.get("type") == "html":
                problems += [f"relative URL in {name}: {ref}" for ref in relative_refs(element.text or "")]
    if len(set(ids)) != len(ids):
        problems.append("duplicate entry id")
    if len(set(updated)) != len(updated):
        problems.append("DuplicateUpdated: two entries with the same atom:updated")
    return problems
