"""ingest and article_dates: detection on invented article texts, and drafts that pass `check`."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import SITE_YAML, write_tree
from parley.editor.article_dates import detect_date
from parley.read.content import SourceFile, validate_entry
from parley.editor.ingest import (RAW_MARKER, detect_actors, detect_outlets, detect_round, detect_title, detect_venue,
                           draft_from_article)
from parley.render.markup import MarkdownRenderer
from parley.editor.scaffold import load_registries, render_entry

TODAY = dt.date(2026, 11, 22)
REGISTRIES = {
    "content/site.yaml": SITE_YAML,
    "content/actors.yaml": """
        - id: asaad-al-shaibani
          name: Asaad al-Shaibani
          kind: person
          affiliation: Syria
          aliases: [al-Shibani]
          names: {ar: أسعد الشيباني}
        - id: ron-dermer
          name: Ron Dermer
          kind: person
          affiliation: Israel
          names: {he: רון דרמר}
        - id: syria
          name: Syria
          kind: state
          affiliation: Syria
    """,
    "content/rounds.yaml": """
        - number: 5
          venue: Lausanne
          start: 2026-03-10
          end: 2026-03-11
    """,
}


@pytest.fixture
def registries(tmp_path):
    return load_registries(write_tree(tmp_path, REGISTRIES))


# --- dates -------------------------------------------------------------------------------------------------

def test_date_line_dates_the_article():
    finding = detect_date("date 2026-03-10 Envoys met again in the afternoon.\n", None, TODAY)
    assert (finding.date, finding.how) == (dt.date(2026, 3, 10), "from the article's date line")


def test_iso_date_anywhere_counts_as_the_date_line():
    finding = detect_date("Envoys meet\n\nPublished 2026-03-10 by the desk.\n", None, TODAY)
    assert finding.date == dt.date(2026, 3, 10)


def test_weekday_with_day_and_month_gets_the_year_that_fits_the_weekday():
    text = "Envoys meet\n\nThe envoys met, officials said on Wednesday, 11 March. More talks followed."
    finding = detect_date(text, None, TODAY)
    assert finding.date == dt.date(2026, 3, 11)
    assert finding.how == ("from 'Wednesday, 11 March': 2026 is the latest year up to today, 2026-11-22 (pass --date"
                           " with the article's date if it is older) in which it falls on a Wednesday")


def test_written_date_with_year_is_used_when_nothing_else_dates_the_article():
    finding = detect_date("The envoys met on 3 February 2026 in Geneva and talked for hours.", None, TODAY)
    assert (finding.date, finding.how) == (dt.date(2026, 2, 3), "from '3 February 2026', the first date written in full")


def test_bare_weekday_is_resolved_against_the_reference_date_and_says_so():
    text = "Envoys meet\n\nThe envoys said on Thursday that progress was made in the talks."
    finding = detect_date(text, dt.date(2026, 3, 14), TODAY)
    assert finding.date == dt.date(2026, 3, 12)
    assert finding.how == "from 'Thursday' in the opening lines: the Thursday on or before --date 2026-03-14"


def test_bare_weekday_is_resolved_against_the_date_line_without_reference():
    finding = detect_date("date 2026-03-14 The envoys said Friday that the talks went well.", None, TODAY)
    assert finding.date == dt.date(2026, 3, 13)
    assert "on or before the date line 2026-03-14" in finding.how


def test_weekday_in_a_future_sentence_does_not_date_the_article():
    finding = detect_date("Envoys will meet on Monday in Lausanne, officials said.", dt.date(2026, 3, 8), TODAY)
    assert (finding.date, finding.how) == (dt.date(2026, 3, 8), "from --date (no date in the text)")


def test_no_date_at_all_is_reported():
    finding = detect_date("Envoys met. Nobody said when.", None, TODAY)
    assert (finding.date, finding.how) == (None, "no date line, written date or weekday found")


# --- actors, round, venue, outlets, title -----------------------------------------------------------------

def test_actors_are_found_by_name_alias_and_other_scripts_as_whole_words(registries):
    text = ("قال أسعد الشيباني إن المحادثات مستمرة.\nIsraeli minister רון דרמר spoke after AL-SHIBANI left. "
            "A Syrian source confirmed it.")
    assert detect_actors(text, registries.actors) == (("asaad-al-shaibani", "أسعد الشيباني"),
                                                      ("ron-dermer", "רון דרמר"))


def test_actor_names_inside_longer_words_do_not_count(registries):
    assert detect_actors("Syrians and the Dermers family met al-Shibanis.", registries.actors) == ()


@pytest.mark.parametrize("text, expected", [
    ("They concluded a fifth round of talks.", (5, "fifth round")),
    ("Round 5 ended; a sixth round is planned.", (5, "Round 5")),
    ("the 12th round of negotiations", (12, "12th round")),
    ("a Twentieth Round, at last", (20, "Twentieth Round")),
    ("another round of talks", None),
    ("the new round of negotiations, which will be the fifth but the first in months",
     (5, "round of negotiations, which will be the fifth")),
])
def test_round_numbers_from_ordinals_and_digits(text, expected):
    assert detect_round(text) == expected


def test_venue_is_the_known_city_named_most_often(registries):
    text = "Envoys met in Geneva. Paris was next: talks in Paris resumed, and Paris hosted dinner."
    assert detect_venue(text, registries.rounds) == "Paris"
    assert detect_venue("The delegations gathered in Lausanne.", registries.rounds) == "Lausanne"
    assert detect_venue("The delegations gathered somewhere.", registries.rounds) is None


def test_outlets_are_found_as_whole_words_in_order_of_mention():
    text = ("An official told the Associated Press and Reuters; according to the Jerusalem Post, state agency "
            "Sana agreed. Reutersville, a snap poll and Haaretzian prose do not count.")
    assert detect_outlets(text) == ("AP", "Reuters", "The Jerusalem Post", "SANA")


def test_title_is_a_short_first_line():
    assert detect_title("\nEnvoys agree to meet again\n\nBody.") == "Envoys agree to meet again"
    assert detect_title("date 2026-03-10 Envoys met.") is None
    assert detect_title("Envoys met in Lausanne on Tuesday and agreed to meet again.") is None


# --- drafts ------------------------------------------------------------------------------------------------

def check_errors(registries, entry) -> list:
    errors = []
    source_path = f"content/briefings/{entry.date:%Y}/{entry.date:%m-%d}-draft.md"
    validate_entry(SourceFile(source_path, render_entry(entry).encode("utf-8")), registries.config.zone,
                   registries.actor_index, {r.round_no for r in registries.rounds}, errors)
    return errors


def test_draft_holds_every_detected_field_and_the_raw_text(registries):
    text = ("Envoys agree to meet again\n\nSyria and Israel on Tuesday concluded a fifth round of talks in Lausanne, "
            "Ron Dermer told Axios.\n<script>alert('x')</script>")
    draft = draft_from_article(text, registries, dt.date(2026, 3, 11), TODAY)
    entry = draft.entry
    assert (entry.date, entry.actor_ids, entry.round_no, entry.location, entry.outlets, entry.draft) == (
        dt.date(2026, 3, 10), ("syria", "ron-dermer"), 5, "Lausanne", ("Axios",), True)
    assert entry.body == f"{RAW_MARKER}\n\n{text}\n"
    assert [name for name, _ in draft.found] == ["title", "date", "actors", "round", "location", "sources"]
    assert draft.missing == ()
    assert check_errors(registries, entry) == []
    assert "<script" not in MarkdownRenderer().render(entry.body)


def test_nothing_detected_still_gives_a_valid_draft_that_says_what_is_missing(registries):
    draft = draft_from_article("Nothing much happened. Nobody said anything.", registries, None, TODAY)
    assert [name for name, _ in draft.missing] == ["title", "date", "actors", "round", "location", "sources"]
    assert draft.found == ()
    assert draft.entry.date == TODAY
    assert check_errors(registries, draft.entry) == []
    text = render_entry(draft.entry)
    assert "actors: [asaad-al-shaibani]  # placeholder: no known actor was found in the article\n" in text
    assert "draft: true\n" in text


def test_round_missing_from_rounds_yaml_is_left_out_and_explained(registries):
    draft = draft_from_article("Envoys held a sixth round in Lausanne.", registries, None, TODAY)
    assert draft.entry.round_no is None
    assert ("round", "'sixth round' names round 6, which rounds.yaml does not list: add it there, then set 'round:'") \
        in draft.missing
    assert check_errors(registries, draft.entry) == []


# --- reasoning like an editor: the round dates the weekday, the date and venue name the round ---------------

def test_a_weekday_in_a_report_on_a_round_is_that_rounds_weekday_not_this_weeks(registries):
    text = "Envoys conclude talks\n\nSyria and Israel on Tuesday concluded a fifth round of talks in Lausanne."
    draft = draft_from_article(text, registries, None, TODAY)
    assert (draft.entry.date, draft.entry.round_no) == (dt.date(2026, 3, 10), 5)
    assert ("date", "2026-03-10: from 'Tuesday' in the opening lines: the Tuesday of round 5's dates"
                    " (2026-03-10 to 2026-03-11)") in draft.found


def test_a_round_still_to_come_dates_the_article_the_day_before_and_asks_to_check(registries):
    text = ("Envoys to meet again\n\nEnvoys will meet in Lausanne on Tuesday, in a new round of talks which"
            " will be the fifth.")
    draft = draft_from_article(text, registries, None, TODAY)
    assert (draft.entry.date, draft.entry.round_no) == (dt.date(2026, 3, 9), 5)
    assert ("date", "2026-03-09: the article looks ahead to 'Tuesday', 2026-03-10 in round 5's dates"
                    " (2026-03-10 to 2026-03-11), so it was written before: the day before, 2026-03-09; check it") \
        in draft.found


def test_without_a_round_a_weekday_still_falls_back_to_today(registries):
    draft = draft_from_article("Envoys met\n\nEnvoys met on Tuesday in Lausanne.", registries, None, TODAY)
    assert (draft.entry.date, draft.entry.round_no) == (dt.date(2026, 11, 17), None)


def test_an_unnumbered_round_is_found_from_its_dates_and_venue(registries):
    text = "Talks end\n\nThe talks in Lausanne ended on Wednesday, 11 March, officials said."
    draft = draft_from_article(text, registries, None, TODAY)
    assert (draft.entry.date, draft.entry.round_no) == (dt.date(2026, 3, 11), 5)
    assert ("round", "5 (not numbered in the text: 2026-03-11 falls within round 5 in Lausanne, 2026-03-10 to"
                     " 2026-03-11, and the article names Lausanne): check it") in draft.found
    elsewhere = draft_from_article("Talks end\n\nTalks in Geneva ended on Wednesday, 11 March.", registries, None, TODAY)
    assert elsewhere.entry.round_no is None


def test_names_are_found_before_possessive_endings_straight_or_curly(registries):
    text = "Asaad al-Shaibani’s aides and Ron Dermer's team met; the Dermers did not."
    assert detect_actors(text, registries.actors) == (("asaad-al-shaibani", "Asaad al-Shaibani"),
                                                      ("ron-dermer", "Ron Dermer"))
