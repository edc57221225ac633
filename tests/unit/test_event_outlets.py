"""events and roles name outlets through content/outlets.yaml: one registered name, did-you-mean otherwise."""

from __future__ import annotations

import textwrap

from parley.errors import format_error
from parley.read.content import parse_source
from parley.read.events import read_events
from parley.read.outlets import read_outlets
from parley.read.registry import read_actors
from parley.read.roles import OutletNames

OUTLETS = """\
- {id: axios, name: Axios, kind: news site}
- {id: the-jerusalem-post, name: The Jerusalem Post, kind: newspaper, aliases: [Jerusalem Post, JPost]}
- {id: haaretz, name: Haaretz, kind: newspaper}
"""
ACTORS = """\
- id: gil-reich
  name: Gil Reich
  kind: person
  affiliation: Israel
  roles:
    - title: Acting National Security Adviser
      sources: [JPost, Axois]
"""
EVENT = """\
- id: paris
  title: Paris
  kind: meeting
  date: 2026-01-05
  status: held
  summary: S
  sources: [Axios, Jerusalem Post, Ynet]
  participants:
    Israel:
      - actor: gil-reich
        attendance: attended
        sources: [JPost, Haretz]
"""


def read(events_text: str = EVENT, actors_text: str = ACTORS):
    errors = []
    outlets, index = read_outlets(OUTLETS, errors)
    names = OutletNames(index, {o.outlet_id: o.name for o in outlets})
    actors, actor_index = read_actors(actors_text, errors, outlet_names=names)
    events, _ = read_events(textwrap.dedent(events_text), actor_index, ("Israel",), parse_source, errors,
                            outlet_names=names, outlets=outlets)
    return actors, events, [format_error(e) for e in errors]


def test_outlets_are_resolved_to_their_registered_names_and_unknown_ones_are_errors():
    (reich,), events, errors = read()
    assert errors == [
        "content/actors.yaml:7: roles.sources: unknown outlet 'Axois' — did you mean Axios?",
        "content/events.yaml:7: sources: unknown outlet 'Ynet' — add it to content/outlets.yaml, or use a name listed there",
        "content/events.yaml:12: participants.sources: unknown outlet 'Haretz' — did you mean Haaretz?",
    ]
    assert events == ()


def test_a_valid_event_shows_every_outlet_under_one_name():
    fixed_event = EVENT.replace(", Ynet]", "]").replace("[JPost, Haretz]", "[JPost]")
    (reich,), (event,), errors = read(fixed_event, ACTORS.replace(", Axois", ""))
    assert errors == []
    assert [s.outlet for s in event.sources] == ["Axios", "The Jerusalem Post"]
    assert event.participants[0].outlets == ("The Jerusalem Post",)
    assert reich.roles[0].outlets == ("The Jerusalem Post",)
