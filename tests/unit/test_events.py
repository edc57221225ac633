"""events: events.yaml and actors' roles read into records, every mistake reported at its line."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from parley.errors import format_error
from parley.model.events import EventDate, Moment, Role, chronological, roles_on
from parley.read.content import parse_source
from parley.read.events import read_events, rounds_from_events
from parley.read.registry import read_actors
from parley.render.event_pages import event_date_label, tenure_label

ACTORS = """\
- id: asaad-al-shaibani
  name: Asaad al-Shaibani
  kind: person
  affiliation: Syria
  aliases: [Shaibani]
- id: roman-gofman
  name: Roman Gofman
  kind: person
  affiliation: Israel
  roles:
    - title: Military Secretary
      until: before 2026-01-05
      sources: [Axios]
    - title: Head of the Mossad
      from: 2026-02
      sources: [Haaretz]
"""
ROUND = """\
- id: paris-round-5
  title: Fifth round
  kind: meeting
  start: 2026-01-05
  end: 2026-01-06
  status: held
  place: Paris
  round: 5
  summary: Talks.
  sources: [Axios, Haaretz]
  participants:
    Syria:
      - actor: Shaibani
        attendance: attended
        sources: [Axios]
    Israel:
      - actor: roman-gofman
        role: military secretary
        attendance: reported
        sources: [Haaretz]
  disagreements:
    - actor: roman-gofman
      note: Haaretz names him; another account does not.
      sources: [Haaretz, Axios]
"""


def read(events_text: str, actors_text: str = ACTORS):
    errors = []
    actors, index = read_actors(actors_text, errors)
    sides = tuple(sorted({a.affiliation for a in actors}))
    events, _ = read_events(textwrap.dedent(events_text), index, sides, parse_source, errors)
    return actors, events, [format_error(e) for e in errors]


def test_an_event_is_read_with_its_delegations_and_disagreements():
    _, (event,), errors = read(ROUND)
    assert errors == []
    assert event.date == EventDate(Moment(dt.date(2026, 1, 5), "day"), Moment(dt.date(2026, 1, 6), "day"))
    assert event.sides == ("Syria", "Israel")
    assert [(p.actor_id, p.attendance, p.outlets) for p in event.participants] == [
        ("asaad-al-shaibani", "attended", ("Axios",)), ("roman-gofman", "reported", ("Haaretz",))]
    assert event.disagreements[0].actor_id == "roman-gofman"
    assert event.disagreements[0].outlets == ("Haaretz", "Axios")
    (round_,) = rounds_from_events((event,))
    assert (round_.round_no, round_.venue, round_.start, round_.end) == (5, "Paris", dt.date(2026, 1, 5), dt.date(2026, 1, 6))


@pytest.mark.parametrize("written, label, first, last", [
    ("date: 2025-08", "August 2025", dt.date(2025, 8, 1), dt.date(2025, 8, 31)),
    ("date: 2025-09-17", "17 September 2025", dt.date(2025, 9, 17), dt.date(2025, 9, 17)),
    ("start: 2026-01-05\n  end: 2026-01-06", "5–6 January 2026", dt.date(2026, 1, 5), dt.date(2026, 1, 6)),
    ("start: 2025-12-30\n  end: 2026-01-02", "30 December 2025 – 2 January 2026", dt.date(2025, 12, 30), dt.date(2026, 1, 2)),
    ("date: unknown", "Date not reported", None, None),
])
def test_dates_may_be_a_day_a_month_a_range_or_not_reported(written, label, first, last):
    _, (event,), errors = read(f"- id: e\n  title: E\n  kind: visit\n  {written}\n  status: held\n  summary: S\n  sources: [AFP]\n")
    assert errors == []
    assert (event_date_label(event.date), event.date.first, event.date.last) == (label, first, last)


def test_undated_events_sort_after_every_dated_one():
    _, events, _ = read("""\
        - {id: b-undated, title: B, kind: resignation, date: unknown, status: held, summary: S, sources: [AFP]}
        - {id: a-late, title: A, kind: visit, date: 2026-01-01, status: held, summary: S, sources: [AFP]}
        - {id: c-month, title: C, kind: visit, date: 2025-08, status: held, summary: S, sources: [AFP]}
        """)
    assert [e.event_id for e in sorted(events, key=chronological)] == ["c-month", "a-late", "b-undated"]


def test_every_mistake_is_reported_at_its_line():
    _, events, errors = read("""\
        - id: bad
          title: Bad
          kind: meetin
          start: 2026-01-06
          end: 2026-01-05
          status: held
          summary: S
          sources: [Axios]
          participants:
            Isreal:
              - actor: roman-gofman
                attendance: attended
                sources: [Axios]
            Syria:
              - actor: Shaibany
                attendance: attended
                sources: [Axios]
              - actor: asaad-al-shaibani
                attendance: attended
              - actor: asaad-al-shaibani
                attendance: atended
                sources: [Haaretz]
        - id: undated-round
          title: U
          kind: meeting
          date: unknown
          round: 3
          status: held
          summary: S
          sources: [AFP]
        """)
    assert events == ()
    assert errors == [
        "content/events.yaml:3: kind: 'meetin' is not one of meeting, visit, statement, announcement, resignation, "
        "appointment, military — did you mean meeting?",
        "content/events.yaml:5: end: '2026-01-05' is before start '2026-01-06' — swap the two dates",
        "content/events.yaml:10: participants: unknown side 'Isreal' — did you mean Israel?",
        "content/events.yaml:15: participants.actor: unknown actor 'Shaibany' — did you mean asaad-al-shaibani?",
        "content/events.yaml:18: participants.sources: missing required field — add a line such as 'sources: [Axios, Haaretz]'",
        "content/events.yaml:21: participants.attendance: 'atended' is not one of attended, reported, expected — did you mean attended?",
        "content/events.yaml:27: round: a round needs a date — give the event a 'date:' or 'start:' and 'end:'",
    ]


def test_outlets_credited_for_a_participant_must_be_among_the_event_sources():
    _, _, errors = read(ROUND.replace("sources: [Haaretz]\n", "sources: [Haaretz, Haretz]\n"))
    assert errors == ["content/events.yaml:20: participants.sources: outlet 'Haretz' is not among the event's sources"
                      " — did you mean Haaretz?"]


def test_an_event_needs_a_date_of_some_kind():
    _, _, errors = read("- id: e\n  title: E\n  kind: visit\n  status: held\n  summary: S\n  sources: [AFP]\n")
    assert errors == ["content/events.yaml:1: date: missing required field — add 'date: 2025-09-17', "
                      "'date: 2025-08', or 'date: unknown'"]


def test_roles_have_tenures_and_hold_only_inside_them():
    (_, gofman), _, errors = read("[]")
    assert errors == []
    secretary, mossad = gofman.roles
    assert secretary == Role("Military Secretary", None, Moment(dt.date(2026, 1, 5), "before"), "Israel", ("Axios",))
    assert roles_on(gofman.roles, dt.date(2026, 1, 4)) == (secretary,)
    assert roles_on(gofman.roles, dt.date(2026, 1, 20)) == ()
    assert roles_on(gofman.roles, dt.date(2026, 2, 1)) == (mossad,)
    assert tenure_label(secretary) == "start not reported; ended on a date not reported, before 5 January 2026"
    assert tenure_label(mossad) == "from February 2026; no end reported"


def test_a_role_that_ends_before_it_starts_is_an_error():
    text = ACTORS.replace("      from: 2026-02\n", "      from: 2026-02\n      until: 2026-01-03\n")
    _, _, errors = read("[]", text)
    assert errors == ["content/actors.yaml:16: roles.until: '2026-01-03' is before from '2026-02' — swap the two dates"]
