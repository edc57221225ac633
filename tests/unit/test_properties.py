"""Property-based: whatever an editor writes, reading it gives an entry or file:line errors, never a crash."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import yaml
from hypothesis import given, settings, strategies as st

from parley.errors import ContentError
from parley.read.body import check_body
from parley.read.frontmatter import decode_source
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
    raw = text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")  # a lone surrogate as a file holds it
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


# --- hostile YAML: deep nesting, huge integers, explicit tags, control characters ---------------------

FIELDS = ("title", "round", "draft", "actors", "tags", "sources", "summary", "x")
deep_values = st.builds(lambda depth, opener: opener * depth + "a" + {"[": "]", "{": "}"}[opener] * depth,
                        st.integers(1, 5_000), st.sampled_from("[{"))
block_values = st.integers(1, 60).map(lambda depth: "\n" + "".join("  " * (level + 1) + "-\n" for level in range(depth)))
huge_integers = st.integers(15, 6_000).map(lambda digits: "9" * digits)
tagged_values = st.builds(lambda tag, value: f"{tag} {value}",
                          st.sampled_from(["!!int", "!!bool", "!!str", "!!float", "!!binary", "!!set", "!!omap",
                                           "!!timestamp", "!!null", "!custom", "!", "!<tag:yaml.org,2002:int>"]),
                          st.sampled_from(["abc", "maybe", "5", "[a, b]", "{a: 1}", "aGk=", "2026-01-06", "''"]))
control_values = st.builds(lambda before, code, after: '"' + before + f"\\u{code:04x}" + after + '"',
                           st.text("ab ", max_size=3), st.one_of(st.integers(0, 0x1F), st.integers(0x7F, 0x9F),
                                                                 st.sampled_from([0xFFFE, 0xFFFF, 0x200B, 0x202E])),
                           st.text("ab ", max_size=3))
raw_controls = st.text(st.characters(categories=["Cc", "Cs", "Cf"]), min_size=1, max_size=3)
hostile_values = st.one_of(deep_values, block_values, huge_integers, tagged_values, control_values, raw_controls)
VALID_FRONT_MATTER = "title: T\ndate: 2026-01-06\nactors: [al-shibani]\nsummary: S\nsources: [AFP]\n"


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(FIELDS), hostile_values)
def test_hostile_yaml_values_give_an_entry_or_errors(field, value):
    lines = [line for line in VALID_FRONT_MATTER.splitlines() if not line.startswith(field + ":")]
    text = "---\n" + "\n".join(lines) + f"\n{field}: {value}\n---\nBody.\n"
    assert_entry_or_located_errors(*read(text))


@settings(max_examples=100, deadline=None)
@given(st.lists(hostile_values, min_size=1, max_size=4))
def test_hostile_registries_give_records_or_errors(values):
    text = ACTORS_YAML + "".join(f"- id: x{i}\n  name: {value}\n  kind: person\n  affiliation: S\n"
                                 for i, value in enumerate(values))
    decoded = decode_source(text.encode("utf-8", "surrogatepass"), "content/actors.yaml")  # as load_sources reads it
    errors = [decoded] if isinstance(decoded, ContentError) else []
    if not errors:
        read_actors(decoded, errors)
    assert all(error.source_path == "content/actors.yaml" and error.line >= 1 for error in errors)


markup_units = st.sampled_from(["[", "![a", "[a](", "<a ", "<div>", "*a* ", "`a` ", "- ", "> ", "1. ", "    ",
                                "\n", "\n\n", "|a", "&amp;", "\\*", "[^1] ", "# h\n", "```\n", "*[A]: b\n"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(markup_units, st.integers(1, 3_000)), min_size=1, max_size=4))
def test_pathological_bodies_are_refused_or_render(parts):
    body = "".join(unit * count for unit, count in parts)
    if check_body(body, SOURCE_PATH, 8) is None:
        assert isinstance(str(MarkdownRenderer().render(body)), str)
