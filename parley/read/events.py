"""Reads content/events.yaml: what happened when, who took part for which side, and where sources disagree.

Every participant, outlet and date is checked here and every problem is reported at its line; the
rounds of talks are derived from the events that carry a round number (one source of truth).
"""

from __future__ import annotations

from typing import Callable

import yaml

from ..errors import ContentError, did_you_mean
from ..model.archive import Outlet, Round, Source
from ..model.events import (ATTENDANCES, EVENT_KINDS, EVENT_STATUSES, Disagreement, Event, EventDate, Moment,
                            Participant)
from .fields import (Field, FieldProblem, Record, list_of, one_of, parse_multiline_text, parse_round_number,
                     parse_slug, parse_text, read_mapping)
from .frontmatter import node_line
from .outlets import resolve_sources, sequence_item_lines
from .registry import ActorIndex, read_list
from .roles import OutletNames, as_written, parse_moment, parse_outlets

EVENTS_PATH = "content/events.yaml"
UNKNOWN = "unknown"


def parse_event_date(node: yaml.Node) -> Moment | None:
    """`date:` -> a day or a month, or None for `unknown` (the sources give no date)."""
    if isinstance(node, yaml.ScalarNode) and str(node.value).strip() == UNKNOWN:
        return None
    try:
        return parse_moment(node)
    except FieldProblem as problem:
        raise FieldProblem(problem.message, problem.hint + ", or 'unknown' when the sources give no date") from None


def raw_node(node: yaml.Node) -> yaml.Node:
    """Keeps a nested block as its node, so its items can be checked with their own lines."""
    return node


PARTICIPANT_SCHEMA = {
    "actor": Field(parse_text, required=True, example="yechiel-leiter"),
    "role": Field(parse_text, example="head of delegation"),
    "attendance": Field(one_of(*ATTENDANCES), required=True, example="attended"),
    "sources": Field(parse_outlets, required=True, example="[Axios, Haaretz]"),
}

DISAGREEMENT_SCHEMA = {
    "actor": Field(parse_text, example="roman-gofman"),
    "note": Field(parse_multiline_text, required=True, example="Haaretz names him; another account does not."),
    "sources": Field(parse_outlets, required=True, example="[Axios, Haaretz]"),
}


def event_schema(parse_source: Callable[[yaml.Node], Source]) -> dict[str, Field]:
    """The fields of one event; `parse_source` is the briefings' own reader of `sources` items."""
    return {
        "id": Field(parse_slug, required=True, example="paris-round-5"),
        "title": Field(parse_text, required=True, example="Fifth round of talks in Paris"),
        "kind": Field(one_of(*EVENT_KINDS), required=True, example="meeting"),
        "date": Field(parse_event_date, example="2025-09-17"),
        "start": Field(parse_moment, example="2026-01-05"),
        "end": Field(parse_moment, example="2026-01-06"),
        "date_note": Field(parse_text, example="The sources do not date it."),
        "status": Field(one_of(*EVENT_STATUSES), required=True, example="held"),
        "place": Field(parse_text, example="Paris"),
        "round": Field(parse_round_number, example="5"),
        "mediator": Field(parse_text, example="tom-barrack"),
        "summary": Field(parse_multiline_text, required=True, example="One or two sentences."),
        "sources": Field(list_of(parse_source, empty_hint="list at least one outlet, e.g. [Axios]"), required=True,
                         example="[Axios]"),
        "participants": Field(raw_node),
        "disagreements": Field(raw_node),
    }


def read_events(text: str | None, actor_index: ActorIndex, sides: tuple[str, ...],
                parse_source: Callable[[yaml.Node], Source], errors: list[ContentError],
                outlet_names: OutletNames = OutletNames(), outlets: tuple[Outlet, ...] = ()
                ) -> tuple[tuple[Event, ...], tuple[str, ...]]:
    """events.yaml text -> the valid events, and the id of every event declared (valid or not).

    Unknown actors, sides and outlets, bad dates and duplicates go to `errors`. `sides` are the
    affiliations of the registered actors: a delegation's side must be one of them. Declared ids let
    a briefing name an event that has errors of its own without a second, misleading error. With an
    outlet registry (`outlet_names`, `outlets`), every outlet is shown under its registered name.
    """
    schema = event_schema(parse_source)
    events: list[Event] = []
    id_lines: dict[str, int] = {}
    round_lines: dict[int, int] = {}
    for item in read_list(text, EVENTS_PATH, errors):
        count = len(errors)
        record = read_mapping(item, schema, EVENTS_PATH, errors)
        if record is None or "id" not in record.values:
            continue
        values, lines = record.values, record.lines
        event_id = values["id"]
        if event_id in id_lines:
            errors.append(ContentError(EVENTS_PATH, lines["id"], "id", f"duplicate event id '{event_id}'",
                                       f"first defined on line {id_lines[event_id]}; give each event its own id"))
            continue
        id_lines[event_id] = lines["id"]
        date = read_event_date(record, errors)
        if outlet_names.index is not None and values.get("sources"):
            values["sources"] = resolve_sources(values["sources"], sequence_item_lines(item, "sources"),
                                                {o.outlet_id: o for o in outlets}, outlet_names.index, EVENTS_PATH,
                                                errors, strict=True)
        cited = tuple(source.outlet for source in values.get("sources", ()))
        context = Context(actor_index, sides, cited, outlet_names, errors)
        participants = read_participants(values.get("participants"), context)
        disagreements = read_disagreements(values.get("disagreements"), context)
        mediator_id = resolve_actor(values.get("mediator"), lines.get("mediator", record.line), "mediator", context)
        round_no = values.get("round")
        if round_no is not None:
            if round_no in round_lines:
                errors.append(ContentError(EVENTS_PATH, lines["round"], "round", f"round {round_no} is already an event",
                                           f"see line {round_lines[round_no]}; one event per round"))
            elif date is not None and not date.is_known:
                errors.append(ContentError(EVENTS_PATH, lines["round"], "round", "a round needs a date",
                                           "give the event a 'date:' or 'start:' and 'end:'"))
            round_lines.setdefault(round_no, lines["round"])
        if len(errors) > count or date is None:
            continue
        events.append(Event(event_id, values["title"], values["kind"], date, values["status"], values.get("place", ""),
                            values["summary"], values["sources"], participants, disagreements, round_no, mediator_id,
                            values.get("date_note", "")))
    return tuple(events), tuple(id_lines)


def read_event_date(record: Record, errors: list[ContentError]) -> EventDate | None:
    """`date`, or `start` with `end` -> an EventDate; None (with an error) when neither or both are given."""
    values, lines = record.values, record.lines
    has_date, has_range = "date" in lines, "start" in lines or "end" in lines
    if has_date and has_range:
        errors.append(ContentError(EVENTS_PATH, lines["date"], "date", "give either 'date' or 'start' and 'end', not both",
                                   "use 'date:' for one day or month, 'start:' and 'end:' for a range"))
        return None
    if not has_date and not has_range:
        errors.append(ContentError(EVENTS_PATH, record.line, "date", "missing required field",
                                   "add 'date: 2025-09-17', 'date: 2025-08', or 'date: unknown'"))
        return None
    if has_date:
        return EventDate(values["date"], None) if "date" in values else None
    if "start" not in lines or "end" not in lines:
        missing = "end" if "start" in lines else "start"
        errors.append(ContentError(EVENTS_PATH, lines.get("start", lines.get("end")), missing, "missing required field",
                                   "a range needs both 'start:' and 'end:'"))
        return None
    start, end = values.get("start"), values.get("end")
    if start is None or end is None:
        return None
    if end.last < start.first:
        errors.append(ContentError(EVENTS_PATH, lines["end"], "end",
                                   f"'{as_written(end)}' is before start '{as_written(start)}'", "swap the two dates"))
        return None
    return EventDate(start, end)


class Context:
    """What checking one event's participants needs: the actors, the known sides, the event's outlets."""

    def __init__(self, actor_index: ActorIndex, sides: tuple[str, ...], outlets: tuple[str, ...],
                 outlet_names: OutletNames, errors: list[ContentError]):
        self.actor_index, self.sides, self.outlets, self.errors = actor_index, sides, outlets, errors
        self.outlet_names = outlet_names


def resolve_actor(name: str | None, line: int, field: str, context: Context) -> str | None:
    """An actor as written -> its id; an unknown name is an error with a did-you-mean hint."""
    if name is None:
        return None
    actor_id = context.actor_index.resolve(name)
    if actor_id is None:
        context.errors.append(ContentError(EVENTS_PATH, line, field, f"unknown actor '{name}'",
                                           context.actor_index.suggest(name)))
    return actor_id


def check_outlets(record: Record, field: str, context: Context) -> tuple[str, ...]:
    """The outlets credited for a participant or a disagreement, under their registered names; each must
    be among the event's sources."""
    resolved = context.outlet_names.check(record, field, EVENTS_PATH, context.errors)
    for outlet in resolved:
        if outlet not in context.outlets:
            hint = did_you_mean(outlet, context.outlets) or "add it to the event's 'sources:' first"
            context.errors.append(ContentError(EVENTS_PATH, record.lines["sources"], field,
                                               f"outlet '{outlet}' is not among the event's sources", hint))
    return resolved


def read_participants(node: yaml.Node | None, context: Context) -> tuple[Participant, ...]:
    """`participants:` (side -> list of people) -> Participants, sides and people in the order written."""
    if node is None:
        return ()
    if not isinstance(node, yaml.MappingNode):
        context.errors.append(ContentError(EVENTS_PATH, node_line(node), "participants", "expected one list per side",
                                           "e.g. 'participants:' then 'Israel:' then '- actor: yechiel-leiter'"))
        return ()
    participants: list[Participant] = []
    for side_node, people in node.value:
        side = str(side_node.value)
        if side not in context.sides:
            hint = did_you_mean(side, context.sides) or "sides are actors' affiliations: " + ", ".join(context.sides)
            context.errors.append(ContentError(EVENTS_PATH, node_line(side_node), "participants", f"unknown side '{side}'",
                                               hint))
            continue
        items = people.value if isinstance(people, yaml.SequenceNode) else [people]
        for item in items:
            participant = read_participant(item, side, context)
            if participant is not None:
                participants.append(participant)
    return tuple(participants)


def read_participant(node: yaml.Node, side: str, context: Context) -> Participant | None:
    count = len(context.errors)
    record = read_mapping(node, PARTICIPANT_SCHEMA, EVENTS_PATH, context.errors, "participants.")
    if record is None or len(context.errors) > count:
        return None
    actor_id = resolve_actor(record.values["actor"], record.lines["actor"], "participants.actor", context)
    outlets = check_outlets(record, "participants.sources", context)
    if len(context.errors) > count:
        return None
    values = record.values
    return Participant(actor_id, side, values.get("role", ""), values["attendance"], outlets)


def read_disagreements(node: yaml.Node | None, context: Context) -> tuple[Disagreement, ...]:
    """`disagreements:` -> where the sources differ, each credited to the event's outlets."""
    if node is None:
        return ()
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    result = []
    for item in items:
        count = len(context.errors)
        record = read_mapping(item, DISAGREEMENT_SCHEMA, EVENTS_PATH, context.errors, "disagreements.")
        if record is None or len(context.errors) > count:
            continue
        actor_id = resolve_actor(record.values.get("actor"), record.lines.get("actor", 0), "disagreements.actor", context)
        outlets = check_outlets(record, "disagreements.sources", context)
        if len(context.errors) == count:
            result.append(Disagreement(record.values["note"], outlets, actor_id))
    return tuple(result)


def rounds_from_events(events: tuple[Event, ...]) -> tuple[Round, ...]:
    """The numbered events as rounds: their place, dates, mediator and summary, so no round is described twice."""
    return tuple(Round(e.round_no, e.place, e.date.first, e.date.last, e.mediator_id, e.summary)
                 for e in events if e.round_no is not None and e.date.is_known)


def check_round_sources(rounds: tuple[Round, ...], events: tuple[Event, ...], rounds_text: str | None,
                        rounds_path: str, errors: list[ContentError]) -> tuple[Round, ...]:
    """rounds.yaml's rounds minus those an event already numbers (each such one is an error at its line)."""
    numbered = {e.round_no: e.event_id for e in events if e.round_no is not None}
    lines = {}
    for item in read_list(rounds_text, rounds_path, []):
        for key, value in item.value if isinstance(item, yaml.MappingNode) else ():
            if key.value == "number":
                lines.setdefault(str(value.value), node_line(key))
    kept = []
    for round_ in rounds:
        if round_.round_no in numbered:
            errors.append(ContentError(rounds_path, lines.get(str(round_.round_no), 1), "number",
                                       f"round {round_.round_no} is also the event '{numbered[round_.round_no]}' "
                                       f"in {EVENTS_PATH}",
                                       "describe a round once: keep the event and remove it from rounds.yaml"))
        else:
            kept.append(round_)
    return tuple(kept)
