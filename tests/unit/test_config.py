"""config: content/site.yaml into a SiteConfig, with every problem reported at its line."""

from __future__ import annotations

import pytest

from parley.read.config import read_config
from parley.errors import format_error
from parley.model.archive import SiteConfig

SITE = """\
title: Parley
description: Briefings on the talks.
base_url: https://example.org/archive/
language: en
timezone: Asia/Damascus
"""
BASE_URL_HINT = "write it in full, e.g. https://example.org/ or https://example.org/archive/"


def read(text: str | None) -> tuple[SiteConfig | None, list[str]]:
    errors = []
    config = read_config(text, errors)
    return config, [format_error(e) for e in errors]


def with_line(old: str, new: str) -> str:
    assert old in SITE
    return SITE.replace(old, new)


def test_valid_config_with_default_feed_limit():
    config, errors = read(SITE)
    assert errors == []
    assert config == SiteConfig("Parley", "Briefings on the talks.", "https://example.org/archive/", "en",
                                "Asia/Damascus", feed_limit=50)
    assert config.zone.key == "Asia/Damascus"


def test_feed_limit_is_read():
    assert read(SITE + "feed_limit: 3\n")[0].feed_limit == 3


def test_missing_site_yaml():
    assert read(None) == (None, [
        "content/site.yaml:1: file: missing — create it with title, description, base_url, language and timezone"])


def test_empty_site_yaml():
    assert read("") == (None, [
        "content/site.yaml:1: file: is empty — add title, description, base_url, language and timezone"])


@pytest.mark.parametrize("written, expected", [
    ("https://example.org/archive", "https://example.org/archive/"),
    ("https://example.org", "https://example.org/"),
    ("http://localhost:8000/a/b", "http://localhost:8000/a/b/"),
    ("https://example.org/", "https://example.org/"),
])
def test_base_url_always_ends_with_a_slash(written, expected):
    assert read(with_line("https://example.org/archive/", written))[0].base_url == expected


@pytest.mark.parametrize("written", ["example.org/archive", "ftp://example.org/", "https://example.org/?page=1",
                                     "https:///archive/", "/archive/"])
def test_bad_base_url(written):
    config, errors = read(with_line("https://example.org/archive/", f"'{written}'"))
    assert config is None
    assert errors == [f"content/site.yaml:3: base_url: '{written}' is not an absolute web address — {BASE_URL_HINT}"]


def test_unknown_timezone_with_did_you_mean():
    assert read(with_line("Asia/Damascus", "Asia/Damascas")) == (None, [
        "content/site.yaml:5: timezone: unknown time zone 'Asia/Damascas' — did you mean Asia/Damascus?"])


def test_unknown_timezone_without_close_match():
    assert read(with_line("Asia/Damascus", "Syria time"))[1] == [
        "content/site.yaml:5: timezone: unknown time zone 'Syria time' — use an IANA name such as Asia/Damascus"]


def test_bad_language_and_unknown_field_all_reported():
    config, errors = read(with_line("language: en", "language: English") + "theme: dark\n")
    assert config is None
    assert errors == [
        "content/site.yaml:4: language: 'English' is not a language code — use a code such as en, ar, he or en-GB",
        "content/site.yaml:6: theme: unknown field — known fields: title, description, base_url, language, timezone, feed_limit, license, license_url",
    ]


def test_missing_required_fields():
    assert read("title: Parley\n")[1] == [
        "content/site.yaml:1: description: missing required field — add a line such as 'description: Briefings on the talks'",
        "content/site.yaml:1: base_url: missing required field — add a line such as 'base_url: https://example.org/'",
        "content/site.yaml:1: language: missing required field — add a line such as 'language: en'",
        "content/site.yaml:1: timezone: missing required field — add a line such as 'timezone: Asia/Damascus'",
    ]


def test_yaml_syntax_error():
    assert read("title: Parley: the archive\n")[1] == [
        "content/site.yaml:1: yaml: syntax error: mapping values are not allowed in this context — "
        "check indentation, and quote values that contain ': ' or start with a symbol"]


def test_feed_limit_zero_hint_is_about_the_feed():
    (line,) = read(SITE + "feed_limit: 0\n")[1]
    assert line.startswith("content/site.yaml:6: feed_limit: '0' must be 1 or more — ")
    assert "round" not in line
