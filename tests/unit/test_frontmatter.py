"""frontmatter: decoding bytes and splitting the YAML block off a briefing, with file line numbers."""

from __future__ import annotations

import pytest
import yaml

from parley.errors import ContentError, format_error, format_github
from parley.read.frontmatter import (MAX_SOURCE_BYTES, SourceDocument, construct_value, decode_source, parse_yaml,
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


# --- limits every YAML file gets (front-matter, site.yaml, every registry) ------------------------

def yaml_error(text: str, source_path: str = "content/actors.yaml") -> str:
    result = parse_yaml(text, source_path)
    assert isinstance(result, ContentError), f"expected an error, got {result!r}"
    return format_error(result)


def test_a_hundred_thousand_brackets_are_refused_before_composing():
    # libyaml's composer recursed once per '[' and crashed the process with a segfault.
    assert yaml_error("- names: " + "[" * 100_000) == (
        "content/actors.yaml:1: names: lists and mappings nest more than 16 deep"
        " — flatten the value; no Parley field needs more than 3 levels")


def test_deep_block_nesting_is_refused():
    text = "a:\n" + "".join("  " * (level + 1) + "-\n" for level in range(40))
    assert yaml_error(text).startswith("content/actors.yaml:17: a: lists and mappings nest more than 16 deep")


def test_aliases_used_as_a_mapping_key_cannot_expand_without_bound():
    # About 430 bytes that used to cost more than 4 GB when the key was turned into text.
    levels = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for name, previous in zip("bcdefgh", "abcdefg"):
        levels.append(f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]")
    text = "\n".join(levels) + "\n? [*h, *h, *h, *h, *h, *h, *h, *h, *h]\n: value\n"
    assert len(text.encode()) < 600
    assert yaml_error(text, PATH) == (f"{PATH}:4: d: aliases expand to more than 1,000 values"
                                      " — write the values out instead of repeating them with '*' aliases")


def test_a_list_as_a_field_name_is_refused():
    assert yaml_error("? [a, b]\n: c\n", PATH) == (
        f"{PATH}:1: yaml: a field name is a list or mapping — field names are plain words, e.g. 'title:'")


def test_small_aliases_still_work():
    node = parse_yaml("a: &p Paris\nb: *p\n", PATH)
    assert [(key.value, value.value) for key, value in node.value] == [("a", "Paris"), ("b", "Paris")]


@pytest.mark.parametrize("text, tag", [("round: !!int abc", "!!int"), ("draft: !!bool maybe", "!!bool"),
                                       ("title: !!binary aGk=", "!!binary"), ("x: !custom [a]", "!custom")])
def test_explicit_tags_are_refused(text, tag):
    field = text.split(":")[0]
    assert yaml_error(text, PATH) == (f"{PATH}:1: {field}: the YAML tag '{tag}' is not allowed"
                                      " — remove the tag and write the value plainly; quote text that must stay text")


def test_an_integer_of_thousands_of_digits_is_refused():
    assert yaml_error("round: " + "9" * 5000, PATH) == (
        f"{PATH}:1: round: number '999999999999999999999999999999999999999…' is 5,000 characters long"
        " — write a number of at most 20 digits")


def test_duplicate_keys_are_refused_at_every_level():
    assert yaml_error("- id: x\n  names: {ar: a, ar: b}\n") == (
        "content/actors.yaml:2: names: 'ar' appears twice (also on line 2) — keep one of them")
    assert yaml_error("- id: x\n  id: y\n") == (
        "content/actors.yaml:2: id: field appears twice (also on line 1) — keep one of them")


@pytest.mark.parametrize("escape, shown, code", [("\\e[31m", "\\x1b[31m", "U+001B"), ("\\x00", "\\x00", "U+0000"),
                                                 ("\\r", "\\r", "U+000D"), ("\\x9b", "\\x9b", "U+009B"),
                                                 ("\\uffff", "\\uffff", "U+FFFF")])
def test_control_characters_in_values_are_refused_and_shown_escaped(escape, shown, code):
    assert yaml_error(f'title: "A{escape}B"', PATH) == (
        f"{PATH}:1: title: 'A{shown}B' contains the control character {code}"
        " — delete it: it is invisible to readers and breaks feeds")


def test_raw_control_characters_anywhere_in_a_file_are_refused():
    assert error_line(b"---\ntitle: T\n---\nBody \x1b[2J here\n") == (
        f"{PATH}:4: file: contains the control character U+001B — delete it: it is invisible in most editors and breaks feeds")


def test_tab_and_newline_are_allowed():
    node = parse_yaml('title: "a\\tb\\nc"', PATH)
    assert node.value[0][1].value == "a\tb\nc"


def test_a_second_document_is_a_syntax_error():
    assert yaml_error("a: 1\n---\nb: 2\n", PATH).startswith(f"{PATH}:2: yaml: syntax error: but found another document")


def test_format_error_never_prints_what_a_terminal_obeys():
    error = ContentError("content/briefings/2026/01-06-a\nb.md", 1, "title", "'\x1b[2J\u202e' is odd", "hint")
    assert format_error(error) == "content/briefings/2026/01-06-a\\nb.md:1: title: '\\x1b[2J\\u202e' is odd — hint"


def test_a_file_name_with_a_newline_cannot_inject_a_github_command():
    error = ContentError("content/x\n::warning file=y,line=1::owned.md", 1, "file", "bad\n::error::more", "")
    line = format_github(error)
    assert "\n" not in line
    assert line == ("::error file=content/x\\n%3A%3Awarning file=y%2Cline=1%3A%3Aowned.md,line=1::"
                    "file: bad\\n::error::more")


@pytest.mark.parametrize("value", ["0x_", "0b_", "-0b_"])
def test_numbers_python_cannot_read_are_refused(value):
    assert yaml_error(f"round: {value}", PATH) == (
        f"{PATH}:1: round: '{value}' is not a number — write digits, e.g. 5, or quote the value if it is text")
