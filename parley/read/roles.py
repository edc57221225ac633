"""Reads an actor's `roles:` in content/actors.yaml: each position held, when, for whom, and who says so."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import yaml

from ..errors import ContentError
from ..model.events import Moment, Role
from .fields import Field, FieldProblem, Record, list_of, parse_text, read_mapping

if TYPE_CHECKING:  # registry.py reads roles through this module
    from .registry import NameIndex

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


def as_written(moment: Moment) -> str:
    """A Moment as an editor writes it: 2025-09-17, 2025-08 or 'before 2026-01-05'."""
    if moment.precision == "month":
        return f"{moment.day:%Y-%m}"
    return ("before " if moment.precision == "before" else "") + moment.day.isoformat()


def parse_outlets(node: yaml.Node) -> tuple[str, ...]:
    return list_of(parse_text, empty_hint="name at least one outlet, e.g. [Axios]")(node)


@dataclass(frozen=True, slots=True)
class OutletNames:
    """Outlet names as written -> their registered names (content/outlets.yaml); kept as written without one."""

    index: NameIndex | None = None
    names: dict[str, str] = field(default_factory=dict)  # outlet_id -> registered name

    def resolve(self, name: str) -> str | None:
        """The registered name, or None for an outlet the registry does not list."""
        if self.index is None:
            return name
        outlet_id = self.index.resolve(name)
        return self.names[outlet_id] if outlet_id else None

    def check(self, record: Record, field_name: str, source_path: str, errors: list[ContentError]) -> tuple[str, ...]:
        """A record's `sources` -> registered names; each unknown outlet is an error with a did-you-mean hint."""
        resolved = []
        for outlet in record.values.get("sources", ()):
            name = self.resolve(outlet)
            if name is None:
                errors.append(ContentError(source_path, record.lines["sources"], field_name,
                                           f"unknown outlet '{outlet}'", self.index.suggest(outlet)))
            elif name not in resolved:
                resolved.append(name)
        return tuple(resolved)


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


def read_roles(node: yaml.Node | None, affiliation: str, source_path: str, errors: list[ContentError],
               outlet_names: OutletNames = OutletNames()) -> tuple[Role, ...]:
    """An actor's `roles:` node -> Roles in the order written; a role's affiliation defaults to the actor's,
    its outlets are shown under their registered names."""
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
        outlets = outlet_names.check(record, "roles.sources", source_path, errors)
        if len(errors) > count:
            continue
        start, until = values.get("from"), values.get("until")
        if start is not None and until is not None and until.day < start.day:
            errors.append(ContentError(source_path, record.lines["until"], "roles.until",
                                       f"'{as_written(until)}' is before from '{as_written(start)}'",
                                       "swap the two dates"))
            continue
        roles.append(Role(values["title"], start, until, values.get("affiliation", affiliation), outlets))
    return tuple(roles)

