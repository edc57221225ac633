"""Renders the open data under /data/: briefings (JSON and CSV), actors, rounds and outlets, with their JSON Schemas.

Pure functions of the Archive, serialised with json.dumps and csv (never templates), sorted, so two
builds of the same content give the same bytes. The schemas in schemas/ are the contract and the
source of the /data/ codebook page's field descriptions.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from ..model.archive import Archive, Entry
from ..model.routes import Routes, entry_url, permalink
from .feeds import entry_guid

SCHEMAS_DIR = Path(__file__).parent / "schemas"
# Export name -> its schema file; the order is the order of the codebook page.
EXPORTS = ("briefings", "events", "actors", "rounds", "outlets")
CSV_FIELDS = ("id", "url", "date", "title", "summary", "actors", "round", "location", "tags", "outlets", "source_urls")
# Spreadsheets run a cell that starts with one of these as a formula: such text is prefixed with '.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Outputs = dict[str, bytes]


def load_schema(name: str) -> dict:
    """The JSON Schema of one export, as shipped with Parley."""
    return json.loads((SCHEMAS_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))


def entry_id(entry: Entry) -> str:
    """The entry's stable identifier, the same as its feed GUID: it survives renames and moves."""
    return entry_guid(entry, entry_url(entry))


def briefing_record(entry: Entry, archive: Archive) -> dict:
    base_url = archive.config.base_url
    return {
        "id": entry_id(entry), "url": permalink(base_url, entry_url(entry)), "title": entry.title,
        "date": entry.date.isoformat(), "published": entry.published.isoformat(),
        "updated": entry.updated.isoformat() if entry.updated else None, "summary": entry.summary,
        "language": entry.lang or archive.config.language, "actors": list(entry.actor_ids), "round": entry.round_no,
        "location": entry.location, "tags": list(entry.tags),
        "sources": [{"outlet": s.outlet, "outlet_id": s.outlet_id, "url": s.url,
                     "published": s.published.isoformat() if s.published else None} for s in entry.sources],
    }


def moment_text(moment) -> str | None:
    """A Moment -> "2026-01-05", "2025-08" (a month) or "before 2026-01-05"; None when unreported."""
    if moment is None:
        return None
    if moment.precision == "month":
        return moment.day.strftime("%Y-%m")
    return ("before " if moment.precision == "before" else "") + moment.day.isoformat()


def event_record(event, archive: Archive, routes: Routes) -> dict:
    return {
        "id": event.event_id, "url": permalink(archive.config.base_url, routes.url("event", event.event_id)),
        "title": event.title, "kind": event.kind, "status": event.status, "place": event.place or None,
        "start": moment_text(event.date.start), "end": moment_text(event.date.end), "date_note": event.date_note or None,
        "round": event.round_no, "mediator": event.mediator_id, "summary": event.summary,
        "participants": [{"actor": p.actor_id, "side": p.side, "role": p.role or None, "attendance": p.attendance,
                          "outlets": list(p.outlets)} for p in event.participants],
        "disagreements": [{"note": d.note, "outlets": list(d.outlets), "actor": d.actor_id} for d in event.disagreements],
        "sources": [{"outlet": s.outlet, "outlet_id": s.outlet_id, "url": s.url,
                     "published": s.published.isoformat() if s.published else None} for s in event.sources],
        "briefings": [entry_id(entry) for entry in archive.by_event.get(event.event_id, ())],
    }


def export_records(name: str, archive: Archive, routes: Routes) -> list[dict]:
    """The records of one export, in a stable order."""
    base_url = archive.config.base_url
    if name == "briefings":
        return [briefing_record(entry, archive) for entry in archive.entries]
    if name == "actors":
        return [{"id": a.actor_id, "name": a.name, "kind": a.kind, "affiliation": a.affiliation, "role": a.role or None,
                 "aliases": list(a.aliases), "names": dict(a.names),
                 "url": permalink(base_url, routes.url("actor", a.actor_id)),
                 "briefings": len(archive.by_actor[a.actor_id])} for a in archive.actors.values()]
    if name == "rounds":
        return [{"number": r.round_no, "venue": r.venue, "start": r.start.isoformat(), "end": r.end.isoformat(),
                 "mediator": r.mediator_id, "summary": r.summary or None,
                 "url": permalink(base_url, routes.url("round", r.round_no)),
                 "briefings": len(archive.by_round[r.round_no])} for r in archive.rounds.values()]
    if name == "events":
        return [event_record(event, archive, routes) for event in archive.events.values()]
    return [{"id": o.outlet_id, "name": o.name, "kind": o.kind, "country": o.country or None, "homepage": o.homepage,
             "aliases": list(o.aliases)} for o in archive.outlets.values()]


def export_document(name: str, archive: Archive, routes: Routes) -> dict:
    """One export file: what it is, under which licence, and its records."""
    config = archive.config
    return {"title": f"{config.title}: {name}", "publisher": config.title, "source": config.base_url,
            "license": config.license or None, "license_url": config.license_url,
            "schema": permalink(config.base_url, routes.url("export", f"{name}.schema.json")), name: export_records(name, archive, routes)}


def csv_cell(value) -> str:
    """A value -> CSV text: lists joined by '; ', None empty, formula-like text defused."""
    if value is None:
        return ""
    text = "; ".join(map(str, value)) if isinstance(value, list) else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def briefings_csv(archive: Archive) -> bytes:
    """The briefings as one CSV row each (UTF-8, CRLF line ends as RFC 4180 says)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_FIELDS)
    for entry in archive.entries:
        record = briefing_record(entry, archive)
        record["outlets"] = [s["outlet"] for s in record["sources"]]
        record["source_urls"] = [s["url"] for s in record["sources"] if s["url"]]
        writer.writerow([csv_cell(record[field]) for field in CSV_FIELDS])
    return buffer.getvalue().encode("utf-8")


def to_bytes(value) -> bytes:
    """A JSON document, each item of a top-level list on a line of its own: still readable and diffable
    line by line, and written by json's C encoder (an indented dump runs in pure Python: about 1 s for
    10,000 briefings on every build)."""
    def encode(item) -> str:
        return json.dumps(item, ensure_ascii=False, sort_keys=True)

    def member(key: str, item) -> str:
        if isinstance(item, list) and item:
            return f"{encode(key)}: [\n  " + ",\n  ".join(map(encode, item)) + "\n ]"
        return f"{encode(key)}: {encode(item)}"

    if not isinstance(value, dict):
        return (encode(value) + "\n").encode("utf-8")
    return ("{\n " + ",\n ".join(member(key, value[key]) for key in sorted(value)) + "\n}\n").encode("utf-8")


def render_exports(routes: Routes, archive: Archive) -> Outputs:
    """Every /data/ file: each export as JSON, the briefings as CSV too, and the schemas."""
    outputs: Outputs = {}
    for name in EXPORTS:
        outputs[routes.by_subject[("export", f"{name}.json")].out_path] = to_bytes(export_document(name, archive, routes))
        outputs[routes.by_subject[("export", f"{name}.schema.json")].out_path] = (json.dumps(load_schema(name), ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode("utf-8")
    outputs[routes.by_subject[("export", "briefings.csv")].out_path] = briefings_csv(archive)
    return outputs


def codebook(archive: Archive) -> list[dict]:
    """For the /data/ page: each export with its fields and what they mean, read from its schema."""
    counts = {"briefings": len(archive.entries), "events": len(archive.events), "actors": len(archive.actors),
              "rounds": len(archive.rounds), "outlets": len(archive.outlets)}
    books = []
    for name in EXPORTS:
        schema = load_schema(name)
        item = schema["properties"][name]["items"]
        fields = [{"name": field, "type": describe_type(spec), "description": spec.get("description", "")}
                  for field, spec in item["properties"].items()]
        books.append({"name": name, "title": schema.get("title", name), "description": schema.get("description", ""),
                      "fields": fields, "count": counts[name]})
    return books


def describe_type(spec: dict) -> str:
    """A schema property -> a short type for readers: "text", "date", "list of text", "number or empty"."""
    kinds = spec.get("type", "object")
    kinds = [kinds] if isinstance(kinds, str) else list(kinds)
    optional = "null" in kinds
    kinds = [k for k in kinds if k != "null"]
    words = {"string": "text", "integer": "number", "array": "list", "object": "record", "boolean": "yes/no"}
    text = " or ".join(words.get(k, k) for k in kinds)
    if spec.get("format") in ("date", "date-time", "uri"):
        text = {"date": "date", "date-time": "date and time", "uri": "web address"}[spec["format"]]
    if "array" in kinds and isinstance(spec.get("items"), dict):
        text = f"list of {describe_type(spec['items'])}"
    return f"{text} or empty" if optional else text
