"""Reads content/site.yaml into a SiteConfig; touches no other file."""

from __future__ import annotations

import re
import zoneinfo

import yaml

from ..errors import ContentError, did_you_mean
from .fields import Field, FieldProblem, parse_count, parse_text, parse_url, read_mapping
from .frontmatter import parse_yaml
from ..model.archive import SiteConfig

CONFIG_PATH = "content/site.yaml"


def parse_base_url(node: yaml.Node) -> str:
    """A scalar -> an absolute http(s) URL ending in '/', so page paths can be appended to it."""
    url = parse_text(node)
    if not re.match(r"^https?://[^\s/?#]+(/[^\s?#]*)?$", url):
        raise FieldProblem(f"'{url}' is not an absolute web address",
                           "write it in full, e.g. https://example.org/ or https://example.org/archive/")
    return url if url.endswith("/") else url + "/"


def parse_language(node: yaml.Node) -> str:
    code = parse_text(node)
    if not re.match(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$", code):
        raise FieldProblem(f"'{code}' is not a language code", "use a code such as en, ar, he or en-GB")
    return code


def parse_timezone(node: yaml.Node) -> str:
    name = parse_text(node)
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a folder such as 'America'
        zones = sorted(zoneinfo.available_timezones())
        inside = [zone for zone in zones if zone.startswith(name + "/")]
        hint = (f"'{name}' is a region: name a zone in it, e.g. {inside[0]}" if inside else
                did_you_mean(name, zones) or "use an IANA name such as Asia/Damascus")
        raise FieldProblem(f"unknown time zone '{name}'", hint) from None
    return name


SITE_SCHEMA = {
    "title": Field(parse_text, required=True, example="Parley"),
    "description": Field(parse_text, required=True, example="Briefings on the talks"),
    "base_url": Field(parse_base_url, required=True, example="https://example.org/"),
    "language": Field(parse_language, required=True, example="en"),
    "timezone": Field(parse_timezone, required=True, example="Asia/Damascus"),
    "feed_limit": Field(parse_count, example="50"),
    "license": Field(parse_text, example="CC BY 4.0"),
    "license_url": Field(parse_url, example="https://creativecommons.org/licenses/by/4.0/"),
}


def read_config(text: str | None, errors: list[ContentError]) -> SiteConfig | None:
    """site.yaml text -> SiteConfig, or None with the problems appended to `errors`."""
    if text is None:
        if any(error.source_path == CONFIG_PATH for error in errors):
            return None  # already reported as unreadable
        errors.append(ContentError(CONFIG_PATH, 1, "file", "missing",
                                   "create it with title, description, base_url, language and timezone"))
        return None
    node = parse_yaml(text, CONFIG_PATH)
    if isinstance(node, ContentError):
        errors.append(node)
        return None
    if node is None:
        errors.append(ContentError(CONFIG_PATH, 1, "file", "is empty", "add title, description, base_url, language and timezone"))
        return None
    count = len(errors)
    record = read_mapping(node, SITE_SCHEMA, CONFIG_PATH, errors)
    if record is None or len(errors) > count:
        return None
    return SiteConfig(**record.values)
