"""frontmatter: decoding bytes and splitting the YAML block off a briefing, with file line numbers."""

from __future__ import annotations

import pytest
import yaml

from parley.errors import ContentError, format_error
from parley.read.frontmatter import (MAX_SOURCE_BYTES, SourceDocument, construct_value, decode_source,
                                split_front_matter)

PATH = "content/briefings/2026/01-06-paris.md"
YAML_HINT = "check indentation, and quote values that contain ': ' or start with a symbol"
NOT_MAPPING = ("front-matter: front-matter is not a set of 'field: value' lines — "
               "write one 'field: value' per line, e.g. 'title: Talks resume in Paris'")


def read(raw: bytes) -> SourceDocument | ContentError:
    """Raw file bytes -> what content.validate_entry gets: a document or the first error."""
    text = decode_source(raw, PATH)
    return text if isinstance(text, ContentError) else split_front_matter(text, PATH)


def error_line(raw: bytes) -> str:
    result = read(raw)
    assert isinstance(result, ContentError), f"expected an error, got {result!r}"
    return format_error(result)


def keys_and_lines(document: SourceDocument) -> list[tuple[str, int]]:
    return [(key.value, key.start_mark.line + 1) for key, _ in document.front_matter.value]


# --- decoding ---------------------------------------------------------------------------------

def test_bom_and_crlf_are_accepted():
    document = read(b"\xef\xbb\xbf---\r\ntitle: Talks\r\nround: 5\r\n---\r\nBody line.\r\n")
    assert isinstance(document, SourceDocument)
    assert keys_and_lines(document) == [("title", 2), ("round", 3)]
    assert document.body == "Body line.\n"
    assert document.body_line == 5


def test_old_mac_line_ends_become_newlines():
    assert decode_source(b"---\rtitle: T\r---\rBody", PATH) == "---\ntitle: T\n---\nBody"


def test_non_utf8_byte_reports_its_line():
    assert error_line(b"---\ntitle: caf\xe9\n---\n") == (
        f"{PATH}:2: file: byte 0xe9 is not valid UTF-8 — save the file as UTF-8")


def test_non_utf8_byte_after_crlf_lines_reports_its_line():
    raw = b"---\r\ntitle: T\r\nround: 5\r\n---\r\nBody \xff here\r\n"
    assert error_line(raw) == f"{PATH}:5: file: byte 0xff is not valid UTF-8 — save the file as UTF-8"


def test_non_utf8_byte_after_cr_only_lines_reports_its_line():
    assert error_line(b"---\rtitle: caf\xe9\r---\r") == (
        f"{PATH}:2: file: byte 0xe9 is not valid UTF-8 — save the file as UTF-8")


def test_file_over_the_size_limit_is_refused():
    assert error_line(b"x" * (MAX_SOURCE_BYTES + 1)) == (
        f"{PATH}:1: file: file is 2,097,153 bytes, over the limit of 2,097,152 — "
        "split it into several entries or move large material elsewhere")


def test_file_exactly_at_the_size_limit_is_decoded():
    raw = b"---\ntitle: T\n---\n"
    text = decode_source(raw + b"x" * (MAX_SOURCE_BYTES - len(raw)), PATH)
    assert isinstance(text, str) and len(text) == MAX_SOURCE_BYTES


# --- splitting --------------------------------------------------------------------------------

@pytest.mark.parametrize("raw", [b"", b"  \n\n", b"\xef\xbb\xbf", b"\r\n"])
def test_empty_file(raw):
    assert error_line(raw) == (f"{PATH}:1: front-matter: file is empty — "
                               "start it with a '---' line, the fields, and another '---' line")


@pytest.mark.parametrize("raw", [b"title: Talks\n", b"\n---\ntitle: Talks\n---\n", b"# Talks\n\nBody\n"])
def test_missing_front_matter(raw):
    assert error_line(raw) == (f"{PATH}:1: front-matter: no front-matter block at the top of the file — "
                               "start the file with a '---' line, then the fields, then another '---' line")


def test_unclosed_front_matter():
    assert error_line(b"---\ntitle: Talks\nround: 5\n\nBody\n") == (
        f"{PATH}:1: front-matter: front-matter is not closed — add a '---' line after the last field")


def test_yaml_error_on_first_field_is_file_line_2():
    assert error_line(b"---\ntitle: Talks: resumed\n---\n") == (
        f"{PATH}:2: yaml: syntax error: mapping values are not allowed in this context — {YAML_HINT}")


def test_yaml_error_line_counts_from_the_top_of_the_file():
    raw = b"\xef\xbb\xbf---\r\ntitle: Talks\r\ndate: 2026-01-06\r\nsummary: a: b\r\n---\r\n"
    assert error_line(raw) == (
        f"{PATH}:4: yaml: syntax error: mapping values are not allowed in this context — {YAML_HINT}")


@pytest.mark.parametrize("raw, line", [
    (b"---\n- title\n- date\n---\n", 2),  # a list
    (b"---\n\njust some words\n---\n", 3),  # a scalar, on the line it starts
    (b"---\n---\nBody\n", 2),  # nothing at all
])
def test_front_matter_that_is_not_a_mapping(raw, line):
    assert error_line(raw) == f"{PATH}:{line}: {NOT_MAPPING}"


def test_closing_fence_may_be_dots_or_carry_trailing_spaces():
    for raw in (b"---\ntitle: T\n...\nBody\n", b"--- \ntitle: T\n---  \nBody\n"):
        document = read(raw)
        assert keys_and_lines(document) == [("title", 2)]
        assert document.body == "Body\n"


def test_body_keeps_later_rules_and_knows_its_first_line():
    document = read(b"---\ntitle: T\ndate: 2026-01-06\n---\nAbove\n---\nBelow\n")
    assert document.body == "Above\n---\nBelow\n"
    assert document.body_line == 5


def test_dates_stay_text_so_fields_can_check_them():
    document = read(b"---\ndate: 2026-01-06\nbad: 2026-02-30\nround: 5\n---\n")
    values = [construct_value(value) for _, value in document.front_matter.value]
    assert values == ["2026-01-06", "2026-02-30", 5]
    assert isinstance(document.front_matter, yaml.MappingNode)
