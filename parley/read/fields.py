"""Typed fields read from YAML nodes: one schema table per kind of record, checked in one place.

Each parser takes a YAML node and returns a Python value or raises FieldProblem; `read_mapping`
turns problems into ContentErrors with the line of the offending key or list item.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Callable

import yaml

from ..errors import ContentError, did_you_mean
from .frontmatter import construct_value, node_line
from .spelling import strip_invisible

INT_TAG = "tag:yaml.org,2002:int"
BOOL_TAG = "tag:yaml.org,2002:bool"
NULL_TAG = "tag:yaml.org,2002:null"
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$")
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# A slug names a folder of the site: file systems refuse names over 255 bytes, so stay well below.
MAX_SLUG_LENGTH = 100
# Dates far outside the archive's era are typos, and the timeline cannot count months past year 9999.
MIN_YEAR, MAX_YEAR = 1900, 2999
URI_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


class FieldProblem(Exception):
    """A field's value is wrong; `node` narrows the line to a list item when given."""

    def __init__(self, message: str, hint: str = "", node: yaml.Node | None = None,
                 more: tuple[FieldProblem, ...] = ()):
        super().__init__(message)
        self.message, self.hint, self.node = message, hint, node
        self.more = more  # problems in further list items, so each is reported


@dataclass(frozen=True, slots=True)
class Field:
    """One entry of a schema table: how to parse the value and whether it must be present."""

    parse: Callable[[yaml.Node], Any]
    required: bool = False
    example: str = ""


@dataclass(frozen=True, slots=True)
class Record:
    """A parsed mapping: its values by field name, and the line of each field (for later errors)."""

    values: dict[str, Any]
    lines: dict[str, int]
    line: int


def parse_item(node: yaml.Node, schema: dict[str, Field], shape: tuple[str, str], known_hint: str,
               missing: dict[str, tuple[str, str]]) -> dict[str, Any]:
    """A small inline mapping in a list (a source, a correction) -> its parsed values.

    Every problem in the item is collected into one FieldProblem (the rest in `more`), so an editor
    fixes them all in one go. `shape` is the (message, hint) when the node is no mapping at all;
    `known_hint` follows an unknown key that resembles no field; `missing` gives, for each required
    key, the (message, hint) when it is absent: not said when the key was already reported misspelt.
    """
    if not isinstance(node, yaml.MappingNode):
        raise FieldProblem(*shape, node)
    values, problems = {}, []
    for key_node, value_node in node.value:
        key = str(key_node.value)
        if key not in schema:
            problems.append(FieldProblem(f"unknown field '{key}'", did_you_mean(key, schema) or known_hint, key_node))
            continue
        try:
            values[key] = schema[key].parse(value_node)
        except FieldProblem as problem:
            problems.append(FieldProblem(f"{key}: {problem.message}", problem.hint, problem.node or value_node))
    for key, (message, hint) in missing.items():
        if key not in values and not any(p.message.startswith(f"{key}:") or f"{key}?" in p.hint for p in problems):
            problems.append(FieldProblem(message, hint, node))
    if problems:
        raise FieldProblem(problems[0].message, problems[0].hint, problems[0].node, tuple(problems[1:]))
    return values


def read_mapping(node: yaml.Node, schema: dict[str, Field], source_path: str,
                 errors: list[ContentError], prefix: str = "") -> Record | None:
    """A mapping node checked against `schema` -> Record of its valid fields; problems go to `errors`."""
    if not isinstance(node, yaml.MappingNode):
        errors.append(ContentError(source_path, node_line(node), prefix.rstrip(".") or "yaml",
                                   "expected 'field: value' lines", "known fields: " + ", ".join(schema)))
        return None
    values: dict[str, Any] = {}
    lines: dict[str, int] = {}
    for key_node, value_node in node.value:
        key, line = str(key_node.value), node_line(key_node)
        if key not in schema:
            hint = did_you_mean(key, schema) or "known fields: " + ", ".join(schema)
            label = key if key.strip() and key.isprintable() else repr(key)
            errors.append(ContentError(source_path, line, prefix + label, "unknown field", hint))
            continue
        if key in lines:
            errors.append(ContentError(source_path, line, prefix + key, f"field appears twice (also on line {lines[key]})",
                                       "keep one of them"))
            continue
        lines[key] = line
        if is_null(value_node):
            continue
        try:
            values[key] = schema[key].parse(value_node)
        except FieldProblem as problem:
            for each in (problem, *problem.more):
                where = node_line(each.node) if each.node is not None else line
                errors.append(ContentError(source_path, where, prefix + key, each.message, each.hint))
            values[key] = INVALID
    for key, field in schema.items():
        if field.required and key not in values:
            hint = f"add a line such as '{key}: {field.example}'" if field.example else f"add '{key}:'"
            message = "is empty" if key in lines else "missing required field"
            errors.append(ContentError(source_path, lines.get(key, node_line(node)), prefix + key, message, hint))
    return Record({k: v for k, v in values.items() if v is not INVALID}, lines, node_line(node))


INVALID = object()


def is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == NULL_TAG


def parse_text(node: yaml.Node) -> str:
    """A scalar -> its text exactly as written (so `title: 1984` stays '1984'), stripped."""
    if not isinstance(node, yaml.ScalarNode):
        raise FieldProblem("expected text, found a " + describe(node), "write the value on the same line after the colon")
    text = " ".join(str(node.value).split())
    if not text:
        raise FieldProblem("is empty", "write a value after the colon")
    if not strip_invisible(text).strip():
        raise FieldProblem("is empty once invisible characters are removed", "write a value readers can see")
    return text


def parse_multiline_text(node: yaml.Node) -> str:
    """Like parse_text, but keeps paragraph breaks of a `|` block."""
    parse_text(node)
    return "\n\n".join(" ".join(part.split()) for part in str(node.value).strip().split("\n\n"))


def parse_slug(node: yaml.Node) -> str:
    """A scalar -> a URL-safe slug, or a problem naming the characters that are not allowed."""
    slug = parse_text(node)
    if not SLUG_PATTERN.match(slug):
        raise FieldProblem(f"'{slug}' is not a valid slug",
                           "use lowercase letters a-z, digits and single hyphens, e.g. 'paris-talks-resume'")
    check_slug_length(slug)
    return slug


def check_slug_length(slug: str) -> None:
    """A slug, tag or id that names a folder of the site must fit a file name."""
    if len(slug) > MAX_SLUG_LENGTH:
        raise FieldProblem(f"'{slug[:20]}…' is {len(slug)} characters long",
                           f"keep it to {MAX_SLUG_LENGTH} characters or fewer")


def check_year(day: dt.date, text: str) -> None:
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise FieldProblem(f"'{text}' is outside the years {MIN_YEAR} to {MAX_YEAR}", "check the year")


def positive_int(hint: str) -> Callable[[yaml.Node], int]:
    """A parser for a whole number of at least 1; `hint` says why (e.g. "rounds are numbered from 1")."""
    def parse_positive_int(node: yaml.Node) -> int:
        if not isinstance(node, yaml.ScalarNode) or node.tag != INT_TAG:
            raise FieldProblem(f"{scalar_text(node)} is not a whole number", "write a number such as 5")
        number = int(construct_value(node))
        if number < 1:
            raise FieldProblem(f"'{number}' must be 1 or more", hint)
        return number
    return parse_positive_int


parse_round_number = positive_int("rounds are numbered from 1")
parse_count = positive_int("write a number of at least 1")


def parse_bool(node: yaml.Node) -> bool:
    if not isinstance(node, yaml.ScalarNode) or node.tag != BOOL_TAG:
        raise FieldProblem(f"{scalar_text(node)} is not true or false", "write true or false")
    return bool(construct_value(node))


def parse_date(node: yaml.Node) -> dt.date:
    """A scalar -> a calendar date (YYYY-MM-DD)."""
    text = parse_text(node)
    try:
        if not ISO_DATE.match(text):  # fromisoformat also takes 20260106 and week dates
            raise ValueError(text)
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise FieldProblem(f"'{text}' is not a valid date", "write it as YYYY-MM-DD, e.g. 2026-01-06") from None
    check_year(day, text)
    return day


def parse_date_or_datetime(node: yaml.Node) -> dt.date | dt.datetime:
    """A scalar -> a date, or a datetime when a time is given (naive if no offset is written)."""
    text = parse_text(node)
    if len(text) <= 10:
        return parse_date(node)
    try:
        if not ISO_DATETIME.match(text):
            raise ValueError(text)
        moment = dt.datetime.fromisoformat(text.replace(" ", "T", 1))
    except ValueError:
        raise FieldProblem(f"'{text}' is not a valid date and time",
                           "write YYYY-MM-DD, or YYYY-MM-DDTHH:MM+02:00 with the offset") from None
    check_year(moment, text)
    return moment


def parse_url(node: yaml.Node) -> str:
    """A scalar -> an absolute http(s) URL."""
    url = parse_text(node)
    unsafe = sorted(set(re.findall(r'[<>"{}|\\^`\s]', url)))
    if unsafe:
        names = " ".join("a space" if c == " " else repr(c)[1:-1] if c.isspace() else c for c in unsafe)
        raise FieldProblem(f"'{url}' contains {names}, which a web address cannot hold",
                           "percent-encode them (e.g. %3C for <) or copy the address from the browser bar")
    if not re.match(r"^https?://[^\s/]+\.[^\s/]+(/\S*)?$", url):
        guess = f"did you mean https://{url}?" if re.match(r"^[\w-]+(\.[\w-]+)+(/\S*)?$", url) else ""
        raise FieldProblem(f"'{url}' is not an absolute web address", guess or "write it in full, starting with https://")
    return url


def parse_identifier(node: yaml.Node) -> str:
    """A scalar -> a feed identifier: any text without spaces (a URI is kept as written)."""
    text = parse_text(node)
    if " " in text:
        raise FieldProblem(f"'{text}' contains spaces", "use a URI such as 'urn:uuid:…' or a word without spaces")
    return text


def list_of(parse_item: Callable[[yaml.Node], Any], empty_hint: str = "") -> Callable[[yaml.Node], tuple]:
    """A parser for a YAML list (or a single value, read as a list of one) of `parse_item` values.

    With `empty_hint`, an empty list is a problem and the hint says what to list.
    """
    def parse_list(node: yaml.Node) -> tuple:
        items = node.value if isinstance(node, yaml.SequenceNode) else [node]
        if not items and empty_hint:
            raise FieldProblem("is an empty list", empty_hint)
        parsed, problems = [], []
        for item in items:
            try:
                parsed.append(parse_item(item))
            except FieldProblem as problem:
                # An item may hold several problems (e.g. a source with two bad fields): keep each.
                problems += [FieldProblem(each.message, each.hint, each.node or item) for each in (problem, *problem.more)]
        if problems:
            raise FieldProblem(problems[0].message, problems[0].hint, problems[0].node, tuple(problems[1:]))
        return tuple(parsed)
    return parse_list


def mapping_of_text(node: yaml.Node) -> dict[str, str]:
    """A mapping of short codes to text, e.g. `{ar: أسعد الشيباني}`."""
    if not isinstance(node, yaml.MappingNode):
        raise FieldProblem("expected 'code: text' lines, found a " + describe(node), "e.g. names: {ar: سوريا}")
    names = {}
    for key_node, value_node in node.value:
        code = str(key_node.value)
        if not re.match(r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$", code):
            raise FieldProblem(f"'{code}' is not a language code", "use codes such as ar, he, fr", key_node)
        names[code] = parse_text(value_node)
    return dict(sorted(names.items()))


def one_of(*choices: str) -> Callable[[yaml.Node], str]:
    """A parser accepting only the listed words."""
    def parse_choice(node: yaml.Node) -> str:
        text = parse_text(node)
        if text not in choices:
            raise FieldProblem(f"'{text}' is not one of {', '.join(choices)}", did_you_mean(text, choices))
        return text
    return parse_choice


def scalar_text(node: yaml.Node) -> str:
    """A value for a message: quoted as written, or 'a list' / 'a set of fields'."""
    return f"'{node.value}'" if isinstance(node, yaml.ScalarNode) else "a " + describe(node)


def describe(node: yaml.Node) -> str:
    return {yaml.MappingNode: "set of fields", yaml.SequenceNode: "list"}.get(type(node), "value")
