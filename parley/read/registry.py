"""Reads the registries content/actors.yaml and content/rounds.yaml, and resolves actor names.

An actor may be named by id, name, alias or name in another script; ActorIndex owns that lookup.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

import yaml

from ..errors import ContentError
from .fields import (Field, FieldProblem, check_slug_length, list_of, mapping_of_text, one_of, parse_date,
                     parse_multiline_text, parse_round_number, parse_text, read_mapping)
from .frontmatter import node_line, parse_yaml
from .spelling import mixed_scripts, skeleton, strip_invisible
from ..model.punctuation import smarten
from ..model.archive import Actor, Round
from .roles import OutletNames, read_roles

ACTORS_PATH = "content/actors.yaml"
ROUNDS_PATH = "content/rounds.yaml"
ACTOR_KINDS = ("person", "state", "organisation")
ACTOR_ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def normalise_name(text: str) -> str:
    """A name as editors type it -> the key it is looked up by: case, hyphens, apostrophes and spacing ignored."""
    text = unicodedata.normalize("NFKC", strip_invisible(text)).casefold()
    text = re.sub(r"[\-‐‑–—_]", " ", text)
    text = re.sub(r"['’‘`ʼʻ]", "", text)
    return " ".join(text.split())


@dataclass(frozen=True, slots=True)
class NameIndex:
    """Every way of naming a registry's records (normalised) -> the record's id."""

    keys: dict[str, str]
    labels: dict[str, str] | None = None  # id -> how a hint names it (default: the id)
    missing_hint: str = f"add it to {ACTORS_PATH}, or use one of its ids"

    def resolve(self, name: str) -> str | None:
        return self.keys.get(normalise_name(name))

    def suggest(self, name: str) -> str:
        """A did-you-mean hint for an unknown name: the closest spelling, or a name containing it."""
        key = normalise_name(name)
        close = difflib.get_close_matches(key, sorted(self.keys), n=1, cutoff=0.6)
        if not close:
            close = [k for k in sorted(self.keys) if key and re.search(rf"\b{re.escape(key)}\b", k)][:1]
        if close:
            record_id = self.keys[close[0]]
            return f"did you mean {(self.labels or {}).get(record_id, record_id)}?"
        return self.missing_hint


ActorIndex = NameIndex  # actors were the first registry; the name stays for its many callers


def parse_actor_id(node: yaml.Node) -> str:
    actor_id = parse_text(node)
    if not ACTOR_ID_PATTERN.match(actor_id):
        raise FieldProblem(f"'{actor_id}' is not kebab-case", "use lowercase a-z, digits and hyphens, e.g. asaad-al-shaibani")
    check_slug_length(actor_id)
    return actor_id


ACTOR_SCHEMA = {
    "id": Field(parse_actor_id, required=True, example="asaad-al-shaibani"),
    "name": Field(parse_text, required=True, example="Asaad al-Shaibani"),
    "kind": Field(one_of(*ACTOR_KINDS), required=True, example="person"),
    "affiliation": Field(parse_text, required=True, example="Syria"),
    "role": Field(parse_text, example="Foreign Minister of Syria"),
    "aliases": Field(list_of(parse_text)),
    "names": Field(mapping_of_text),
    "roles": Field(lambda node: node),  # checked item by item in read_roles, each at its own line
}

ROUND_SCHEMA = {
    "number": Field(parse_round_number, required=True, example="5"),
    "venue": Field(parse_text, required=True, example="Paris"),
    "start": Field(parse_date, required=True, example="2026-01-05"),
    "end": Field(parse_date, required=True, example="2026-01-06"),
    "mediator": Field(parse_text, example="tom-barrack"),
    "summary": Field(parse_multiline_text, example="Both sides agreed to meet more often."),
}


def read_list(text: str | None, source_path: str, errors: list[ContentError]) -> list[yaml.Node]:
    """A registry file -> its list items as nodes; a missing or empty file is an empty list."""
    if text is None:
        return []
    node = parse_yaml(text, source_path)
    if isinstance(node, ContentError):
        errors.append(node)
        return []
    if node is None:
        return []
    if not isinstance(node, yaml.SequenceNode):
        errors.append(ContentError(source_path, node_line(node), "yaml", "expected a list of records",
                                   "start each record with '- ', e.g. '- id: syria'"))
        return []
    return node.value


def read_actors(text: str | None, errors: list[ContentError],
                outlet_names: OutletNames | None = None) -> tuple[tuple[Actor, ...], ActorIndex]:
    """actors.yaml text -> actors and the index of their names; duplicates and clashes go to `errors`.

    `outlet_names` resolves the outlets cited by actors' `roles:` (kept as written without it).
    """
    if text is None and not any(error.source_path == ACTORS_PATH for error in errors):
        errors.append(ContentError(ACTORS_PATH, 1, "file", "missing", "create it with a list of actors"))
    actors: list[Actor] = []
    id_lines: dict[str, int] = {}
    keys: dict[str, tuple[str, int]] = {}  # normalised name -> (actor_id, line)
    looks: dict[str, tuple[str, str]] = {}  # skeleton of a name -> (actor_id, spelling)
    for item in read_list(text, ACTORS_PATH, errors):
        record = read_mapping(item, ACTOR_SCHEMA, ACTORS_PATH, errors)
        if record is None or "id" not in record.values:
            continue
        values = record.values
        actor_id = values["id"]
        if actor_id in id_lines:
            errors.append(ContentError(ACTORS_PATH, record.lines["id"], "id", f"duplicate actor id '{actor_id}'",
                                       f"first defined on line {id_lines[actor_id]}; give each actor its own id"))
            continue
        id_lines[actor_id] = record.lines["id"]
        if not {"name", "kind", "affiliation"} <= values.keys():
            continue
        spellings = [("id", actor_id), ("name", values["name"])]
        spellings += [("aliases", alias) for alias in values.get("aliases", ())]
        spellings += [("names", name) for name in values.get("names", {}).values()]
        for field_name, spelling in spellings:
            key = normalise_name(spelling)
            owner = keys.get(key)
            problem = check_spelling(spelling, key, actor_id, owner, looks)
            if problem:
                errors.append(ContentError(ACTORS_PATH, record.lines[field_name], field_name, *problem))
            elif not owner:
                keys[key] = (actor_id, record.lines[field_name])
                looks.setdefault(skeleton(key), (actor_id, spelling))
        roles = read_roles(values.get("roles"), values["affiliation"], ACTORS_PATH, errors, outlet_names or OutletNames())
        actors.append(Actor(actor_id, values["name"], values["kind"], values["affiliation"], values.get("role", ""),
                            values.get("aliases", ()), tuple(values.get("names", {}).items()), roles))
    return tuple(actors), ActorIndex({key: owner[0] for key, owner in keys.items()})


def check_spelling(spelling: str, key: str, actor_id: str, owner: tuple[str, int] | None,
                   looks: dict[str, tuple[str, str]]) -> tuple[str, str] | None:
    """(message, hint) when a spelling names another actor, looks like its name, or mixes look-alike scripts."""
    if owner and owner[0] != actor_id:
        return (f"'{spelling}' already names {owner[0]} (line {owner[1]})",
                "an alias must name one actor only; remove it from one of them")
    scripts = mixed_scripts(spelling)
    if scripts:
        return (f"'{spelling}' mixes {' and '.join(s.title() for s in scripts)} letters in one word",
                "type it again in one script: look-alike letters let one actor pass for another")
    other = looks.get(skeleton(key))
    if not owner and other and other[0] != actor_id:
        return (f"'{spelling}' looks the same as '{other[1]}' of {other[0]}",
                "an alias must not be mistaken for another actor's name; remove it or spell it differently")
    return None


def read_rounds(text: str | None, actor_index: ActorIndex, errors: list[ContentError]) -> tuple[Round, ...]:
    """rounds.yaml text -> rounds; unknown mediators, bad date ranges and duplicate numbers go to `errors`."""
    rounds: dict[int, int] = {}  # round_no -> line
    result: list[Round] = []
    for item in read_list(text, ROUNDS_PATH, errors):
        count = len(errors)
        record = read_mapping(item, ROUND_SCHEMA, ROUNDS_PATH, errors)
        if record is None or len(errors) > count:
            continue
        values, lines = record.values, record.lines
        number = values["number"]
        if number in rounds:
            errors.append(ContentError(ROUNDS_PATH, lines["number"], "number", f"duplicate round {number}",
                                       f"round {number} is already defined on line {rounds[number]}"))
            continue
        rounds[number] = lines["number"]
        if values["end"] < values["start"]:
            errors.append(ContentError(ROUNDS_PATH, lines["end"], "end", f"'{values['end']}' is before start '{values['start']}'",
                                       "swap the two dates"))
            continue
        mediator_id = None
        if "mediator" in values:
            mediator_id = actor_index.resolve(values["mediator"])
            if mediator_id is None:
                errors.append(ContentError(ROUNDS_PATH, lines["mediator"], "mediator",
                                           f"unknown actor '{values['mediator']}'", actor_index.suggest(values["mediator"])))
                continue
        result.append(Round(number, values["venue"], values["start"], values["end"], mediator_id,
                            smarten(values.get("summary", ""))))
    return tuple(result)
