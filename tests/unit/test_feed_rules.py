"""The validator's rules in tests/feed_rules.py report what the W3C feed validator reports."""

from __future__ import annotations

from feed_rules import check_atom, check_rss

BAD_RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>
<title>T</title><link>https://example.org/</link><description>A &amp;amp; B</description>
<atom:link href="https://example.org/other.xml" rel="self"/>
<item><title>One</title><description>&lt;a href="../x/"&gt;x&lt;/a&gt;</description>
  <guid>urn:uuid:1</guid><pubDate>2026-01-06</pubDate><author>Parley</author></item>
<item><title>Two &lt;/b&gt;</title><guid isPermaLink="false">urn:uuid:1</guid>
  <pubDate>Tue, 06 Jan 2026 12:00:00 +0300</pubDate></item>
</channel></rss>"""

BAD_ATOM = b"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><id>x</id><title>T</title><updated>2026-01-06T12:00:00+03:00</updated>
<entry><id>a</id><title>A</title><updated>2026-01-06T12:00:00+03:00</updated>
  <content type="html">&lt;img src="pic.png"&gt;</content></entry>
<entry><id>a</id><title>B &lt;/i&gt;</title><updated>2026-01-06T12:00:00+03:00</updated><published>6 Jan 2026</published></entry>
</feed>"""


def test_rss_rules_catch_what_the_validator_catches():
    assert check_rss(BAD_RSS, "https://example.org/feed.xml") == [
        "channel description should not contain HTML: amp",
        "atom:link rel=self is ['https://example.org/other.xml'], not https://example.org/feed.xml",
        "'urn:uuid:1' is not a valid UUID",
        "guid 'urn:uuid:1' is not a permalink but isPermaLink is true",
        "item pubDate is not an RFC-822 date: '2026-01-06'",
        "relative URL in description: ../x/",
        "item author is not an email address",
        "'urn:uuid:1' is not a valid UUID",
        "item title should not contain HTML: b",
        "duplicate guid",
    ]


def test_atom_rules_catch_what_the_validator_catches():
    assert check_atom(BAD_ATOM, "https://example.org/atom.xml") == [
        "missing feed author (every entry would need its own)",
        "link rel=self is [], not https://example.org/atom.xml",
        "id must be a full and valid URI: 'a'",
        "relative URL in content: pic.png",
        "id must be a full and valid URI: 'a'",
        "missing content or alternate link",
        "entry published is not an RFC 3339 date: '6 Jan 2026'",
        "entry title should not contain HTML: i",
        "duplicate entry id",
        "DuplicateUpdated: two entries with the same atom:updated",
    ]
