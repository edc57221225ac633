"""registry: actors.yaml and rounds.yaml, and how editors' spellings resolve to actor ids."""

from __future__ import annotations

import datetime as dt

import pytest

from parley.errors import format_error
from parley.model.archive import Actor, Round
from parley.read.registry import ActorIndex, normalise_name, read_actors, read_rounds

ACTORS = """\
- id: asaad-al-shaibani
  name: Asaad al-Shaibani
  kind: person
  affiliation: Syria
  aliases: [al-Shibani]
  names: {ar: أسعد الشيباني}
- id: tom-barrack
  name: Tom Barrack
  kind: person
  affiliation: United States
"""
ROUND_5 = """\
- number: 5
  venue: Paris
  start: 2026-01-05
  end: 2026-01-06
"""


def actors(text: str | None) -> tuple[tuple[Actor, ...], ActorIndex, list[str]]:
    errors = []
    found, index = read_actors(text, errors)
    return found, index, [format_error(e) for e in errors]


def rounds(text: str | None) -> tuple[tuple[Round, ...], list[str]]:
    errors = []
    _, index = read_actors(ACTORS, errors)
    found = read_rounds(text, index, errors)
    return found, [format_error(e) for e in errors]


# --- actors -----------------------------------------------------------------------------------

def test_actors_are_read_with_every_field():
    found, _, errors = actors(ACTORS)
    assert errors == []
    assert found == (
        Actor("asaad-al-shaibani", "Asaad al-Shaibani", "person", "Syria", "", aliases=("al-Shibani",),
              names=(("ar", "أسعد الشيباني"),)),
        Actor("tom-barrack", "Tom Barrack", "person", "United States", ""),
    )


@pytest.mark.parametrize("name", ["asaad-al-shaibani", "Asaad al-Shaibani", "AL-SHIBANI", "al shibani",
                                  "أسعد الشيباني"])
def test_index_resolves_every_spelling(name):
    assert actors(ACTORS)[1].resolve(name) == "asaad-al-shaibani"


def test_index_suggests_or_explains():
    index = actors(ACTORS)[1]
    assert index.resolve("Shibani") is None
    assert index.suggest("Shibani") == "did you mean asaad-al-shaibani?"
    assert index.suggest("Barrack") == "did you mean tom-barrack?"
    assert index.suggest("Emmanuel Macron") == "add it to content/actors.yaml, or use one of its ids"


def test_duplicate_actor_id_names_the_first_line():
    text = ACTORS + "- id: tom-barrack\n  name: Thomas Barrack\n  kind: person\n  affiliation: United States\n"
    found, _, errors = actors(text)
    assert errors == ["content/actors.yaml:11: id: duplicate actor id 'tom-barrack' — "
                      "first defined on line 7; give each actor its own id"]
    assert [a.name for a in found] == ["Asaad al-Shaibani", "Tom Barrack"]


def test_alias_naming_two_actors_is_an_error():
    text = ACTORS + "- id: ron-dermer\n  name: Ron Dermer\n  kind: person\n  affiliation: Israel\n  aliases: [Al Shibani]\n"
    _, index, errors = actors(text)
    assert errors == ["content/actors.yaml:15: aliases: 'Al Shibani' already names asaad-al-shaibani (line 5) — "
                      "an alias must name one actor only; remove it from one of them"]
    assert index.resolve("al-shibani") == "asaad-al-shaibani"


def test_actor_may_repeat_its_own_name_as_an_alias():
    text = ACTORS.replace("aliases: [al-Shibani]", "aliases: [al-Shibani, Asaad Al Shaibani]")
    assert actors(text)[2] == []


def test_actor_field_errors():
    text = "- id: Ron Dermer\n  name: Ron\n  kind: persn\n  affiliation: Israel\n- name: Nobody\n"
    found, _, errors = actors(text)
    assert found == ()
    assert errors == [
        "content/actors.yaml:1: id: 'Ron Dermer' is not kebab-case — "
        "use lowercase a-z, digits and hyphens, e.g. asaad-al-shaibani",
        "content/actors.yaml:3: kind: 'persn' is not one of person, state, organisation — did you mean person?",
        "content/actors.yaml:5: id: missing required field — add a line such as 'id: asaad-al-shaibani'",
        "content/actors.yaml:5: kind: missing required field — add a line such as 'kind: person'",
        "content/actors.yaml:5: affiliation: missing required field — add a line such as 'affiliation: Syria'",
    ]


def test_missing_actors_file_and_a_file_that_is_not_a_list():
    assert actors(None)[2] == ["content/actors.yaml:1: file: missing — create it with a list of actors"]
    assert actors("id: syria\nname: Syria\n")[2] == [
        "content/actors.yaml:1: yaml: expected a list of records — start each record with '- ', e.g. '- id: syria'"]


@pytest.mark.parametrize("written, key", [
    ("Al-Shibani", "al shibani"), ("AL SHIBANI", "al shibani"), ("al_shibani", "al shibani"),
    ("O'Brien", "obrien"), ("O’Brien", "obrien"), ("  Ron \t Dermer ", "ron dermer"),
    ("Ron–Dermer", "ron dermer"), ("ＲＯＮ", "ron"), ("أسعد الشيباني", "أسعد الشيباني"),
])
def test_normalise_name_ignores_case_hyphens_apostrophes_and_spacing(written, key):
    assert normalise_name(written) == key


# --- rounds -----------------------------------------------------------------------------------

def test_rounds_are_read_and_mediator_resolved_by_name():
    found, errors = rounds(ROUND_5 + "  mediator: Tom Barrack\n  summary: |\n    First part\n    continued.\n\n    Second.\n")
    assert errors == []
    assert found == (Round(5, "Paris", dt.date(2026, 1, 5), dt.date(2026, 1, 6), "tom-barrack",
                           "First part continued.\n\nSecond."),)


def test_missing_rounds_file_is_no_rounds():
    assert rounds(None) == ((), [])


def test_unknown_mediator():
    found, errors = rounds(ROUND_5 + "  mediator: Tom Barack\n")
    assert found == ()
    assert errors == ["content/rounds.yaml:5: mediator: unknown actor 'Tom Barack' — did you mean tom-barrack?"]


def test_round_end_before_start():
    found, errors = rounds(ROUND_5.replace("end: 2026-01-06", "end: 2026-01-04"))
    assert found == ()
    assert errors == ["content/rounds.yaml:4: end: '2026-01-04' is before start '2026-01-05' — swap the two dates"]


def test_duplicate_round_number():
    found, errors = rounds(ROUND_5 + ROUND_5.replace("Paris", "Rome"))
    assert [r.venue for r in found] == ["Paris"]
    assert errors == ["content/rounds.yaml:5: number: duplicate round 5 — round 5 is already defined on line 1"]


# --- look-alike spellings ------------------------------------------------------------------------

def with_actor(name: str, aliases: str = "[]") -> str:
    return ACTORS + f"- id: impostor\n  name: {name}\n  kind: person\n  affiliation: Nowhere\n  aliases: {aliases}\n"


def test_a_spelling_with_zero_width_characters_resolves_to_the_same_actor():
    _, index, errors = actors(ACTORS)
    assert errors == []
    assert index.resolve("Tom\u200b Bar\u200drack") == "tom-barrack"
    assert index.resolve("\ufeffal-Shi\u00adbani") == "asaad-al-shaibani"


def test_an_alias_differing_only_by_zero_width_characters_cannot_name_a_second_actor():
    _, index, errors = actors(with_actor("Somebody Else", '["Tom\u200b Barrack", "Tom \u2060Barr\u00adack"]'))
    assert errors == [
        "content/actors.yaml:15: aliases: 'Tom\\u200b Barrack' already names tom-barrack (line 7)"
        " — an alias must name one actor only; remove it from one of them",
        "content/actors.yaml:15: aliases: 'Tom \\u2060Barr\u00adack' already names tom-barrack (line 7)"
        " — an alias must name one actor only; remove it from one of them"]
    assert index.resolve("Tom Barrack") == "tom-barrack"


def test_a_name_in_another_script_that_looks_like_an_actors_is_refused():
    cyrillic = "Тоm Ваrrасk".replace("Т", "T").replace("В", "B")  # Cyrillic о, а, с among Latin letters
    _, index, errors = actors(with_actor("Тот Баррак", f"[Αl Shibani, {cyrillic}]"))
    assert errors == [
        "content/actors.yaml:15: aliases: 'Αl Shibani' mixes Greek and Latin letters in one word"
        " — type it again in one script: look-alike letters let one actor pass for another",
        f"content/actors.yaml:15: aliases: '{cyrillic}' mixes Cyrillic and Latin letters in one word"
        " — type it again in one script: look-alike letters let one actor pass for another"]
    assert index.resolve(cyrillic) is None
    assert index.resolve("Тот Баррак") == "impostor"  # a genuinely Cyrillic name is fine


def test_a_whole_word_of_look_alike_letters_is_refused():
    # 'Тор' in Cyrillic looks exactly like the Latin 'Top'.
    text = ACTORS + ("- id: top\n  name: Top\n  kind: organisation\n  affiliation: X\n"
                     "- id: impostor\n  name: Тор\n  kind: person\n  affiliation: Y\n")
    _, index, errors = actors(text)
    assert errors == ["content/actors.yaml:16: name: 'Тор' looks the same as 'top' of top"
                      " — an alias must not be mistaken for another actor's name; remove it or spell it differently"]
    assert index.resolve("Тор") is None
