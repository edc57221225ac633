"""ingest proposes the events an article reports, from its date and the places it names."""

from __future__ import annotations

import datetime as dt

from conftest import SITE_YAML, write_tree
from parley.editor.ingest import draft_from_article
from parley.editor.scaffold import load_registries, render_entry, write_entry

TODAY = dt.date(2026, 11, 22)
TREE = {
    "content/site.yaml": SITE_YAML,
    "content/actors.yaml": """
        - {id: asaad-al-shaibani, name: Asaad al-Shaibani, kind: person, affiliation: Syria}
        - {id: ron-dermer, name: Ron Dermer, kind: person, affiliation: Israel}
    """,
    "content/events.yaml": """
        - {id: london-meeting, title: London, kind: meeting, date: 2025-09-17, status: held, place: London,
           summary: S, sources: [Axios]}
        - {id: paris-round-5, title: Paris, kind: meeting, start: 2026-01-05, end: 2026-01-06, status: held,
           place: Paris, round: 5, summary: S, sources: [Axios]}
        - {id: paris-august, title: Paris in August, kind: meeting, date: 2025-08, status: held, place: Paris,
           summary: S, sources: [Axios]}
    """,
}
ARTICLE = ("Envoys agree to meet again\n\nAsaad al-Shaibani and Ron Dermer ended two days of talks in Paris on "
           "Tuesday, Axios reported. They first met in London last year.\n")


def test_events_near_the_date_in_a_named_place_are_proposed_and_written(tmp_path):
    root = write_tree(tmp_path, TREE)
    registries = load_registries(root)
    draft = draft_from_article(ARTICLE, registries, dt.date(2026, 1, 6), TODAY)
    # London is named but months away; Paris in August is in a named place but not near the date.
    assert draft.entry.event_ids == ("paris-round-5",)
    assert ("events", "paris-round-5 (Paris, 2026-01-05): keep only those the briefing reports") in draft.found
    assert "\nevents: [paris-round-5]\n" in render_entry(draft.entry)
    source_path = write_entry(root, registries, draft.entry)  # checked with the rules of `check`
    assert "events: [paris-round-5]" in (root / source_path).read_text(encoding="utf-8")


def test_no_event_is_proposed_far_from_every_event(tmp_path):
    registries = load_registries(write_tree(tmp_path, TREE))
    draft = draft_from_article(ARTICLE, registries, dt.date(2026, 3, 1), TODAY)
    assert draft.entry.event_ids == ()
    assert ("events", "no event in events.yaml within a week of the date in a place the text names") in draft.missing
