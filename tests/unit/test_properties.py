"""Property-based: whatever an editor writes, reading it gives an entry or file:line errors, never a crash."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import yaml
from hypothesis import given, settings, strategies as st

from parley.read.content import ENTRY_SCHEMA, SourceFile, validate_entry
from parley.render.markup import MarkdownRenderer
from parley.model.archive import Entry
from parley.read.registry import read_actors

ACTORS_YAML = """
- id: asaad-al-shaibani
  name: Asaad al-Shaibani
  kind: person
  affiliation: Syria
  aliases: [al-Shibani]
"""
SOURCE_PATH = "content/briefings/2026/01-06-paris.md"
ZONE = ZoneInfo("Asia/Damascus")

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10, 10**12), st.floats(allow_nan=True),
                    st.text(max_size=30), st.dates().map(str), st.sampled_from(["asaad-al-shaibani", "al-Shibani",
                                                                                "2026-01-06", "2026-02-30", "]]>"]))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(st.text(max_size=8), inner, max_size=4)),
                      max_leaves=8)
field_names = st.one_of(st.sampled_from(sorted(ENTRY_SCHEMA)), st.text(max_size=10))
front_matters = st.dictionaries(field_names, values, max_size=10)


def read(text: str | bytes):
    errors = []
    actors, index = read_actors(ACTORS_YAML, errors)
    assert errors == []
    raw = text if isinstance(text, bytes) else text.encode("utf-8")
    entry = validate_entry(SourceFile(SOURCE_PATH, raw), ZONE, index, {5}, errors)
    lines = re.split("\r\n|[\r\n\x85\u2028\u2029]", raw.decode("utf-8", errors="replace"))
    return entry, errors, len(lines)


def assert_entry_or_located_errors(entry, errors, line_count):
    if entry is None:
        assert errors, "an entry was refused without saying why"
    else:
        assert isinstance(entry, Entry) and errors == []
    for error in errors:
        assert error.source_path == SOURCE_PATH
        assert 1 <= error.line <= line_count, error
        assert error.field and error.message


@settings(max_examples=300, deadline=None)
@given(front_matters, st.text(max_size=200))
def test_random_front_matter_gives_an_entry_or_errors(front_matter, body):
    text = "---\n" + yaml.safe_dump(front_matter, allow_unicode=True) + "---\n" + body
    assert_entry_or_located_errors(*read(text))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_random_text_gives_an_entry_or_errors(text):
    assert_entry_or_located_errors(*read(text))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes_give_an_entry_or_errors(raw):
    assert_entry_or_located_errors(*read(b"---\ntitle: x\n" + raw))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_random_markdown_never_renders_script(body):
    html = str(MarkdownRenderer().render(body + "\n<script>alert(1)</script><img src=x onerror=alert(1)>"))
    assert "<script" not in html.lower() and "onerror" not in html.lower()


def test_a_valid_front_matter_is_an_entry():
    entry, errors, _ = read("---\ntitle: T\ndate: 2026-01-06\nactors: [al-shibani]\nsummary: S\nsources: [AFP]\n---\n")
    assert errors == []
    assert entry.actor_ids == ("asaad-al-shaibani",)
    assert entry.published == dt.datetime(2026, 1, 6, tzinfo=ZONE)
