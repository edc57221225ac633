"""Renders one feed as JSON Feed 1.1 (https://jsonfeed.org/version/1.1), from the same items as RSS and Atom.

JSON comes from json.dumps with sorted keys, never from a template, so the bytes are stable.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Iterable

from ..model.archive import SiteConfig
from ..model.routes import permalink
from .feed_items import FeedItem

if TYPE_CHECKING:
    from .feeds import FeedPlan

VERSION = "https://jsonfeed.org/version/1.1"


def render_json_feed(plan: "FeedPlan", items: Iterable[FeedItem], config: SiteConfig, feed_url: str) -> bytes:
    """A planned feed and its items -> the bytes of its feed.json."""
    author = {"name": config.title, "url": config.base_url}
    document = {
        "version": VERSION,
        "title": plan.title,
        "description": plan.description,
        "home_page_url": permalink(config.base_url, plan.page_url),
        "feed_url": feed_url,
        "language": config.language,
        "authors": [author],
        "items": [json_item(item) for item in items],
    }
    return (json.dumps(document, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode("utf-8")


def json_item(item: FeedItem) -> dict:
    """One FeedItem -> a JSON Feed item; `tags` holds every category's label."""
    return {
        "id": item.guid,
        "url": item.url,
        "title": item.title,
        "summary": item.summary,
        "content_html": item.content_html,
        "date_published": item.published.isoformat(),
        "date_modified": item.updated.isoformat(),
        "authors": [{"name": item.author}],
        "tags": [category.label for category in item.categories],
        "language": item.language,
    }
