"""fields: typed parsers over YAML nodes, and read_mapping's collected, line-numbered errors."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from parley.errors import format_error
from parley.read.fields import (Field, FieldProblem, list_of, mapping_of_text, one_of, parse_bool, parse_date,
                           parse_date_or_datetime, parse_round_number, parse_slug, parse_text, parse_url,
                           read_mapping)
from parley.read.frontmatter import SourceLoader

PATH = "content/test.yaml"
SLUG_HINT = "use lowercase letters a-z, digits and single hyphens, e.g. 'paris-talks-resume'"
SCHEMA = {
    "title": Field(parse_text, required=True, example="Talks resume"),
    "round": Field(parse_round_number, example="5"),
    "tags": Field(list_of(parse_slug)),
}


def node(text: str) -> yaml.Node:
    """YAML text -> its root node, composed exactly as front-matter is."""
    return yaml.compose(text, Loader=SourceLoader)


def problem(parse, text: str) -> tuple[str, str]:
    with pytest.raises(FieldProblem) as caught:
        parse(node(text))
    return caught.value.message, caught.value.hint


def read(text: str):
    """A mapping in YAML -> (record, formatted error lines) for SCHEMA."""
    errors = []
    record = read_mapping(node(text), SCHEMA, PATH, errors)
    return record, [format_error(e) for e in errors]


# --- scalar parsers ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [("5", 5), ("12", 12), ("1", 1)])
def test_positive_int_accepts_whole_numbers(text, expected):
    assert parse_round_number(node(text)) == expected


@pytest.mark.parametrize("text, message, hint", [
    ("five", "'five' is not a whole number", "write a number such as 5"),
    ("true", "'true' is not a whole number", "write a number such as 5"),
    ("5.0", "'5.0' is not a whole number", "write a number such as 5"),
    ("'5'", "'5' is not a whole number", "write a number such as 5"),
    ("-1", "'-1' must be 1 or more", "rounds are numbered from 1"),
    ("0", "'0' must be 1 or more", "rounds are numbered from 1"),
])
def test_positive_int_rejects(text, message, hint):
    assert problem(parse_round_number, text) == (message, hint)


def test_text_is_kept_as_written_and_whitespace_collapsed():
    assert parse_text(node("1984")) == "1984"
    assert parse_text(node("'  Talks   resume\tin Paris '")) == "Talks resume in Paris"
    assert problem(parse_text, "{a: b}") == ("expected text, found a set of fields",
                                             "write the value on the same line after the colon")
    assert problem(parse_text, "'  '") == ("is empty", "write a value after the colon")


@pytest.mark.parametrize("text, expected", [("true", True), ("false", False), ("yes", True)])
def test_bool(text, expected):
    assert parse_bool(node(text)) is expected


def test_bool_rejects_other_words():
    assert problem(parse_bool, "maybe") == ("'maybe' is not true or false", "write true or false")


def test_date_rejects_impossible_day():
    assert problem(parse_date, "2026-02-30") == ("'2026-02-30' is not a valid date",
                                                 "write it as YYYY-MM-DD, e.g. 2026-01-06")


@pytest.mark.parametrize("text", ["20260106", "2026-W02-2"])
def test_date_accepts_only_year_month_day(text):
    assert problem(parse_date, text) == (f"'{text}' is not a valid date", "write it as YYYY-MM-DD, e.g. 2026-01-06")


def test_date_or_datetime_keeps_offset_and_naivety():
    assert parse_date_or_datetime(node("2026-01-06")) == dt.date(2026, 1, 6)
    with_offset = parse_date_or_datetime(node("2026-01-06T10:30+02:00"))
    assert with_offset.utcoffset() == dt.timedelta(hours=2)
    assert parse_date_or_datetime(node("2026-01-06 10:30")) == dt.datetime(2026, 1, 6, 10, 30)
    assert problem(parse_date_or_datetime, "2026-01-06T25:00") == (
        "'2026-01-06T25:00' is not a valid date and time", "write YYYY-MM-DD, or YYYY-MM-DDTHH:MM+02:00 with the offset")


@pytest.mark.parametrize("text", ["../../x", "a/b", "Paris", "paris--talks", "-paris", "paris talks"])
def test_slug_rejects_unsafe_text(text):
    assert problem(parse_slug, f"'{text}'") == (f"'{' '.join(text.split())}' is not a valid slug", SLUG_HINT)


def test_url_must_be_absolute_with_a_guess():
    assert parse_url(node("https://www.axios.com/story")) == "https://www.axios.com/story"
    assert problem(parse_url, "www.axios.com/story") == (
        "'www.axios.com/story' is not an absolute web address", "did you mean https://www.axios.com/story?")
    assert problem(parse_url, "javascript:alert(1)") == (
        "'javascript:alert(1)' is not an absolute web address", "write it in full, starting with https://")


def test_url_with_characters_a_web_address_cannot_hold():
    assert problem(parse_url, "'https://example.org/<x>'") == (
        "'https://example.org/<x>' contains < >, which a web address cannot hold",
        "percent-encode them (e.g. %3C for <) or copy the address from the browser bar")


def test_url_with_a_space_names_the_space_visibly():
    message, _ = problem(parse_url, "'https://example.org/a b'")
    assert message.startswith("'https://example.org/a b' contains ")
    assert "contains  ," not in message


def test_one_of_suggests_the_closest_word():
    assert problem(one_of("person", "state"), "persn") == ("'persn' is not one of person, state",
                                                            "did you mean person?")


def test_mapping_of_text_sorts_codes_and_rejects_bad_ones():
    assert mapping_of_text(node("{he: רון, ar: رون}")) == {"ar": "رون", "he": "רון"}
    assert problem(mapping_of_text, "{Arabic: x}") == ("'Arabic' is not a language code", "use codes such as ar, he, fr")


# --- lists ------------------------------------------------------------------------------------

def test_list_of_reads_a_single_value_as_a_list_of_one():
    assert list_of(parse_slug)(node("paris")) == ("paris",)
    assert list_of(parse_slug)(node("[a, b]")) == ("a", "b")


def test_empty_list_refused_when_not_allowed():
    assert list_of(parse_text)(node("[]")) == ()
    assert problem(list_of(parse_text, empty_hint="list at least one, e.g. [asaad-al-shaibani]"), "[]") == (
        "is an empty list", "list at least one, e.g. [asaad-al-shaibani]")


def test_every_bad_list_item_is_reported_on_its_own_line():
    record, errors = read("title: T\ntags:\n  - good\n  - Bad One\n  - also-good\n  - x/y\n")
    assert errors == [
        f"{PATH}:4: tags: 'Bad One' is not a valid slug — {SLUG_HINT}",
        f"{PATH}:6: tags: 'x/y' is not a valid slug — {SLUG_HINT}",
    ]
    assert record.values == {"title": "T"}


# --- read_mapping -----------------------------------------------------------------------------

def test_valid_mapping_gives_values_and_lines():
    record, errors = read("title: Talks\nround: 5\ntags: [a]\n")
    assert errors == []
    assert record.values == {"title": "Talks", "round": 5, "tags": ("a",)}
    assert record.lines == {"title": 1, "round": 2, "tags": 3}


def test_unknown_field_with_did_you_mean():
    _, errors = read("title: T\nrond: 5\n")
    assert errors == [f"{PATH}:2: rond: unknown field — did you mean round?"]


def test_unknown_field_without_close_match_lists_known_fields():
    _, errors = read("title: T\ncolour: red\n")
    assert errors == [f"{PATH}:2: colour: unknown field — known fields: title, round, tags"]


def test_missing_required_field_names_the_mapping_line():
    _, errors = read("round: 5\n")
    assert errors == [f"{PATH}:1: title: missing required field — add a line such as 'title: Talks resume'"]


def test_required_field_left_empty():
    _, errors = read("round: 5\ntitle:\n")
    assert errors == [f"{PATH}:2: title: is empty — add a line such as 'title: Talks resume'"]


def test_duplicate_field_keeps_the_first():
    record, errors = read("title: First\nround: 5\ntitle: Second\n")
    assert errors == [f"{PATH}:3: title: field appears twice (also on line 1) — keep one of them"]
    assert record.values["title"] == "First"


def test_not_a_mapping():
    errors = []
    assert read_mapping(node("- a\n- b\n"), SCHEMA, PATH, errors, prefix="site.") is None
    assert [format_error(e) for e in errors] == [
        f"{PATH}:1: site: expected 'field: value' lines — known fields: title, round, tags"]
