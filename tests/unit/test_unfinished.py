"""unfinished: the publish gate finds placeholders only where readers would see them."""

from __future__ import annotations

import datetime as dt

from parley.errors import format_error
from parley.model.archive import Entry, Source
from parley.read.unfinished import find_unfinished

PATH = "content/briefings/2026/01-06-paris.md"


def problems(text: str, draft: bool = False, title: str = "Talks resume", outlets=("AFP",)) -> list[str]:
    """A briefing's text -> the gate's error lines (the Entry fields the gate reads are set to match)."""
    closing = text.split("\n").index("---", 1)
    entry = Entry(source_path=PATH, slug="paris", title=title, date=dt.date(2026, 1, 6),
                  published=dt.datetime(2026, 1, 6, tzinfo=dt.timezone.utc), summary="s",
                  body="\n".join(text.split("\n")[closing + 1:]), body_line=closing + 2, actor_ids=("syria",),
                  sources=tuple(Source(outlet) for outlet in outlets), draft=draft)
    return [format_error(error) for error in find_unfinished({PATH: text.encode()}, [entry])]


def test_a_finished_briefing_passes_even_with_notes_to_editors():
    text = ("---\ntitle: Talks resume\n# TODO: confirm the date with a second outlet\nsummary: >-\n  One line.\n"
            "sources:\n  - outlet: AFP  # the wire, not the newspaper\n---\nThe talks resumed.\n\n"
            "<!-- TODO: add the map\n  once it is public -->\n")
    assert problems(text) == []


def test_todo_in_a_folded_value_is_reported_on_its_own_line_under_its_field():
    text = "---\ntitle: Talks resume\nsummary: >-\n  Talks resumed;\n  TODO say where.\n---\nBody.\n"
    assert problems(text) == [f"{PATH}:5: summary: 'TODO say where.' is a TODO placeholder"
                              " — write the summary in your own words"]


def test_placeholder_marks_are_found_in_any_case_and_outlets_in_list_form():
    text = "---\ntitle: Talks resume\nlocation: Paris  #Placeholder\nsources:\n  - TBD\n---\nBody.\n"
    assert problems(text, outlets=("TBD",)) == [
        f"{PATH}:3: location: 'Paris' is marked '# placeholder' — replace it with the real location, then delete the comment",
        f"{PATH}:5: sources: outlet 'TBD' is a placeholder — name the outlet the briefing summarises, e.g. Reuters"]


def test_a_body_of_comments_only_is_empty_and_drafts_are_never_checked():
    text = "---\ntitle: Talks resume\n---\n<!-- write here -->\n\n"
    assert problems(text) == [f"{PATH}:3: body: is empty — write the briefing below this '---' line, in your own words,"
                              " naming its sources"]
    assert problems(text + "TODO\n", draft=True) == []


def test_a_title_that_starts_with_draft_in_any_case_is_refused():
    text = "---\ntitle: 'draft: talks resume'\n---\nBody.\n"
    assert problems(text, title="draft: talks resume") == [
        f"{PATH}:2: title: 'draft: talks resume' still begins with 'Draft:' — write the headline in your own words"]
