"""Reads the outlet registry, content/outlets.yaml, and resolves the outlet names briefings cite.

Optional: without the file, a source's outlet is free text. With it, every outlet a published
briefing names must be listed (by name or alias), and is shown under its one registered name.
"""

from __future__ import annotations

import yaml

from ..errors import ContentError
from ..model.archive import Outlet, Source
from .fields import Field, FieldProblem, list_of, one_of, parse_text, parse_url, read_mapping
from .frontmatter import node_line
from .registry import NameIndex, normalise_name, parse_actor_id, read_list

OUTLETS_PATH = "content/outlets.yaml"
OUTLET_KINDS = ("wire agency", "newspaper", "broadcaster", "state media", "news site", "magazine")

OUTLET_SCHEMA = {
    "id": Field(parse_actor_id, required=True, example="the-jerusalem-post"),
    "name": Field(parse_text, required=True, example="The Jerusalem Post"),
    "kind": Field(one_of(*OUTLET_KINDS), required=True, example="newspaper"),
    "country": Field(parse_text, example="Israel"),
    "homepage": Field(parse_url, example="https://www.jpost.com/"),
    "aliases": Field(list_of(parse_text), example="[Jerusalem Post, JPost]"),
}


def read_outlets(text: str | None, errors: list[ContentError]) -> tuple[tuple[Outlet, ...], NameIndex | None]:
    """outlets.yaml text -> outlets and the index of their names (None when there is no registry)."""
    if text is None:
        return (), None
    outlets: list[Outlet] = []
    keys: dict[str, tuple[str, int]] = {}  # normalised name -> (outlet_id, line)
    for item in read_list(text, OUTLETS_PATH, errors):
        record = read_mapping(item, OUTLET_SCHEMA, OUTLETS_PATH, errors)
        if record is None or not {"id", "name", "kind"} <= record.values.keys():
            continue
        values, lines = record.values, record.lines
        outlet_id = values["id"]
        if any(owner == outlet_id for owner, _ in keys.values()):
            errors.append(ContentError(OUTLETS_PATH, lines["id"], "id", f"duplicate outlet id '{outlet_id}'",
                                       "give each outlet its own id"))
            continue
        spellings = [("id", outlet_id), ("name", values["name"])]
        spellings += [("aliases", alias) for alias in values.get("aliases", ())]
        for field_name, spelling in spellings:
            owner = keys.setdefault(normalise_name(spelling), (outlet_id, lines[field_name]))
            if owner[0] != outlet_id:
                errors.append(ContentError(OUTLETS_PATH, lines[field_name], field_name,
                                           f"'{spelling}' already names {owner[0]} (line {owner[1]})",
                                           "an alias must name one outlet only; remove it from one of them"))
        outlets.append(Outlet(outlet_id, values["name"], values["kind"], values.get("country", ""),
                              values.get("homepage"), values.get("aliases", ())))
    index = NameIndex({key: owner[0] for key, owner in keys.items()}, {o.outlet_id: o.name for o in outlets},
                      f"add it to {OUTLETS_PATH}, or use a name listed there")
    return tuple(outlets), index


def resolve_sources(sources: tuple[Source, ...], item_lines: list[int], outlets: dict[str, Outlet],
                    index: NameIndex, source_path: str, errors: list[ContentError], strict: bool) -> tuple[Source, ...]:
    """Sources as written -> the same sources under their outlets' registered names.

    An unknown outlet is an error when `strict` (a briefing to be published); a draft keeps it as written.
    """
    resolved = []
    for source, line in zip(sources, item_lines):
        outlet_id = index.resolve(source.outlet)
        if outlet_id is None:
            if strict:
                errors.append(ContentError(source_path, line, "sources", f"unknown outlet '{source.outlet}'",
                                           index.suggest(source.outlet)))
            resolved.append(source)
        else:
            resolved.append(Source(outlets[outlet_id].name, source.url, source.published, outlet_id))
    return tuple(resolved)


def sequence_item_lines(front_matter: yaml.Node, key: str) -> list[int]:
    """The line of each item of the list under `key` in a mapping node (the key's line for a scalar)."""
    for key_node, value_node in front_matter.value if isinstance(front_matter, yaml.MappingNode) else ():
        if key_node.value == key:
            items = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
            return [node_line(item) for item in items]
    return []
