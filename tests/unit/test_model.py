"""model: the Archive's order, indexes, neighbours and related entries."""

from __future__ import annotations

import dataclasses
import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from parley.model.archive import Actor, Archive, Entry, Round, SiteConfig, build_archive

ZONE = ZoneInfo("Europe/Paris")
CONFIG = SiteConfig("T", "D", "https://example.org/", "en", "Europe/Paris")
ACTORS = (Actor("zed", "Zed", "person", "B", ""), Actor("amal", "amal", "person", "A", ""),
          Actor("bo", "Bo", "state", "A", ""))
ROUNDS = (Round(2, "Rome", dt.date(2026, 2, 1), dt.date(2026, 2, 2), None, ""),
          Round(1, "Paris", dt.date(2026, 1, 1), dt.date(2026, 1, 2), None, ""))


def entry(slug: str, day: str, actors: tuple[str, ...] = ("amal",), round_no: int | None = None,
          time: str = "00:00", **fields) -> Entry:
    """An Entry dated `day` (YYYY-MM-DD) at `time` in Paris, filed under its date and slug."""
    published = dt.datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=ZONE)
    source_path = f"content/briefings/{day[:4]}/{day[5:]}-{slug}.md"
    return Entry(source_path=source_path, slug=slug, title=slug.title(), date=published.date(), published=published,
                 summary="S", body="B", body_line=8, actor_ids=actors, round_no=round_no, **fields)


def archive(*entries: Entry) -> Archive:
    return build_archive(CONFIG, ACTORS, ROUNDS, entries)


def slugs(entries) -> list[str]:
    return [e.slug for e in entries]


def test_entries_newest_first_with_ties_broken_by_slug():
    made = archive(entry("b", "2026-01-06"), entry("old", "2026-01-01"), entry("a", "2026-01-06"),
                   entry("late", "2026-01-06", time="18:00"))
    assert slugs(made.entries) == ["late", "a", "b", "old"]


def test_order_does_not_depend_on_input_order():
    items = [entry(s, "2026-01-06") for s in ("c", "a", "b")] + [entry("d", "2026-01-07")]
    assert slugs(archive(*items).entries) == slugs(archive(*reversed(items)).entries) == ["d", "a", "b", "c"]


def test_actors_sorted_by_name_ignoring_case_and_rounds_by_number():
    made = archive()
    assert list(made.actors) == ["amal", "bo", "zed"]
    assert list(made.rounds) == [1, 2]


def test_by_actor_and_by_round_hold_exactly_their_entries():
    one = entry("one", "2026-01-01", ("amal",), round_no=1)
    two = entry("two", "2026-01-02", ("amal", "bo"), round_no=1)
    three = entry("three", "2026-01-03", ("bo",))
    made = archive(one, two, three)
    assert {k: slugs(v) for k, v in made.by_actor.items()} == {"amal": ["two", "one"], "bo": ["three", "two"], "zed": []}
    assert {k: slugs(v) for k, v in made.by_round.items()} == {1: ["two", "one"], 2: []}


def test_actor_rounds_come_from_participation_not_mentions():
    from parley.model.events import Event, EventDate, Moment, Participant
    paris = Event("paris", "Paris", "meeting", EventDate(Moment(dt.date(2026, 1, 1), "day"), None), "held", "Paris",
                  "S", (), (Participant("zed", "B", "", "attended", ("Axios",)),), round_no=1)
    made = build_archive(CONFIG, ACTORS, ROUNDS, (entry("one", "2026-01-01", ("zed", "amal"), round_no=1),),
                         events=(paris,))
    assert made.actor_rounds("zed") == (made.rounds[1],)
    assert made.actor_rounds("amal") == ()  # named in the round's briefing, but not recorded as taking part


def test_neighbours_are_older_then_newer():
    made = archive(entry("first", "2026-01-01"), entry("middle", "2026-01-02"), entry("last", "2026-01-03"))
    first, middle, last = (made.entries[made.positions[p]] for p in sorted(made.positions))
    assert made.neighbours(middle) == (first, last)
    assert made.neighbours(first) == (None, middle)
    assert made.neighbours(last) == (middle, None)


def test_same_round_scores_above_one_shared_actor():
    subject = entry("subject", "2026-01-05", ("amal",), round_no=1)
    same_round = entry("same-round", "2026-01-01", ("zed",), round_no=1)
    shared_actor = entry("shared-actor", "2026-01-05", ("amal",), time="09:00")
    both = entry("both", "2026-01-02", ("amal",), round_no=1)
    unrelated = entry("unrelated", "2026-01-05", ("bo",))
    made = archive(subject, same_round, shared_actor, both, unrelated)
    assert slugs(made.related[subject.source_path]) == ["both", "same-round", "shared-actor"]


def test_related_prefers_more_shared_actors_then_nearer_dates():
    subject = entry("subject", "2026-01-10", ("amal", "bo"))
    made = archive(subject, entry("far", "2026-01-01", ("amal",)), entry("near", "2026-01-09", ("amal",)),
                   entry("two-actors", "2026-01-02", ("amal", "bo")))
    assert slugs(made.related[subject.source_path]) == ["two-actors", "near", "far"]


def test_related_never_includes_itself_and_is_limited_to_five_nearest():
    many = [entry(f"e{i}", f"2026-01-{i + 1:02d}", ("amal",), round_no=1) for i in range(8)]
    made = archive(*many)
    assert all(item not in made.related[item.source_path] for item in many)
    # Equal scores: nearer dates first, then the slug.
    assert slugs(made.related[many[4].source_path]) == ["e3", "e5", "e2", "e6", "e1"]


def test_related_entries_are_the_same_whatever_order_they_are_asked_in():
    many = [entry(f"e{i}", f"2026-01-{i + 1:02d}", ("amal", "bo")[: 1 + i % 2], round_no=(1, None, 1)[i % 3]) for i in range(12)]
    forward, backward = archive(*many), archive(*many)
    asked_forward = {item.source_path: forward.related[item.source_path] for item in many}
    asked_backward = {item.source_path: backward.related[item.source_path] for item in reversed(many)}
    assert asked_forward == asked_backward == dict(archive(*many).related.items())
    assert len(forward.related) == len(many) and set(forward.related) == {item.source_path for item in many}


def test_entry_direction_and_modified():
    assert entry("a", "2026-01-01", lang="ar").direction == "rtl"
    assert entry("a", "2026-01-01", lang="he-IL").direction == "rtl"
    assert entry("a", "2026-01-01", lang="fr").direction == "ltr"
    assert entry("a", "2026-01-01").direction == "ltr"
    plain = entry("a", "2026-01-01")
    assert plain.modified == plain.published
    later = dt.datetime(2026, 1, 3, tzinfo=ZONE)
    assert entry("a", "2026-01-01", updated=later).modified == later


def test_archive_is_read_only():
    made = archive(entry("a", "2026-01-01"))
    with pytest.raises(TypeError):
        made.by_actor["amal"] = ()
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.entries[0].title = "changed"
    assert dict(made.left_out) == {}
    assert dict(build_archive(CONFIG, ACTORS, ROUNDS, (), {"future": 2, "draft": 1}).left_out) == {"draft": 1, "future": 2}
