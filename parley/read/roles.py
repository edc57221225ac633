"""Reads an actor's `roles:` in content/actors.yaml: each position held, when, for whom, and who says so."""

from __future__ import annotations

import datetime as dt
import re

import yaml

from ..errors import ContentError
from ..model.events import Moment, Role
from .fields import Field, FieldProblem, list_of, parse_text, read_mapping

BEFORE = re.compile(r"^before\s+(\d{4}-\d{2}-\d{2})$")
MONTH = re.compile(r"^\d{4}-\d{2}$")
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_moment(node: yaml.Node) -> Moment:
    """A scalar -> a day (2025-09-17) or a month (2025-08)."""
    text = parse_text(node)
    try:
        if MONTH.match(text):
            return Moment(dt.date.fromisoformat(text + "-01"), "month")
        if DAY.match(text):
            return Moment(dt.date.fromisoformat(text), "day")
    except ValueError:
        pass
    raise FieldProblem(f"'{text}' is not a date or a month", "write YYYY-MM-DD, or YYYY-MM for a month, e.g. 2025-08")


def parse_outlets(node: yaml.Node) -> tuple[str, ...]:
    return list_of(parse_text, empty_hint="name at least one outlet, e.g. [Axios]")(node)


def parse_bound(node: yaml.Node) -> Moment:
    """`from:` or `until:` -> a day, a month, or `before YYYY-MM-DD` (a day the sources do not give)."""
    text = parse_text(node)
    match = BEFORE.match(text)
    if match:
        try:
            return Moment(dt.date.fromisoformat(match[1]), "before")
        except ValueError:
            raise FieldProblem(f"'{match[1]}' is not a valid date", "write it as YYYY-MM-DD, e.g. 2026-01-04") from None
    try:
        return parse_moment(node)
    except FieldProblem as problem:
        raise FieldProblem(problem.message, problem.hint + ", or 'before 2026-01-04' when only a bound is known") from None


ROLE_SCHEMA = {
    "title": Field(parse_text, required=True, example="Israeli Ambassador to the United States"),
    "from": Field(parse_bound, example="2026-01"),
    "until": Field(parse_bound, example="before 2026-01-05"),
    "affiliation": Field(parse_text, example="Israel"),
    "sources": Field(parse_outlets, required=True, example="[Axios]"),
}


def read_roles(node: yaml.Node | None, affiliation: str, source_path: str,
               errors: list[ContentError]) -> tuple[Role, ...]:
    """An actor's `roles:` node -> Roles in the order written; a role's affiliation defaults to the actor's."""
    if node is None:
        return ()
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    roles = []
    for item in items:
        count = len(errors)
        record = read_mapping(item, ROLE_SCHEMA, source_path, errors, "roles.")
        if record is None or len(errors) > count:
            continue
        values = record.values
        start, until = values.get("from"), values.get("until")
        if start is not None and until is not None and until.day < start.day:
            errors.append(ContentError(source_path, record.lines["until"], "roles.until",
                                       f"'{until.day}' is before from '{start.day}'", "swap the two dates"))
            continue
        roles.append(Role(values["title"], start, until, values.get("affiliation", affiliation), values["sources"]))
    return tuple(roles)

