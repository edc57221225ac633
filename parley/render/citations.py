"""Citations of one briefing: a plain-text reference, BibTeX and CSL-JSON, each with its stable URL and id.

Text only, built from the model; the layouts cite.bib and cite.json print what these return.
"""

from __future__ import annotations

import json
import re

from ..model.archive import Entry, SiteConfig
from .feeds import entry_guid
from ..model.routes import entry_url, permalink

# BibTeX's special characters, escaped so a title can never open a group or a command.
BIBTEX_ESCAPES = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&", "$": r"\$",
                  "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def bibtex_text(text: str) -> str:
    """Text -> a BibTeX field value that reads back as that text."""
    return "".join(BIBTEX_ESCAPES.get(character, character) for character in " ".join(text.split()))


def citation_key(entry: Entry) -> str:
    """A BibTeX key readers can type: the date and slug, ASCII only."""
    return re.sub(r"[^A-Za-z0-9-]", "", f"{entry.date:%Y-%m-%d}-{entry.slug}")[:80]


def plain_citation(entry: Entry, config: SiteConfig) -> str:
    """An outlet-style reference; the access date is left for the reader to fill in."""
    url = permalink(config.base_url, entry_url(entry))
    day = f"{entry.date.day} {MONTHS[entry.date.month - 1]} {entry.date.year}"
    return f"{config.title}, “{' '.join(entry.title.split())}”, {day}, {url} (id {entry_guid(entry, entry_url(entry))})."


def bibtex(entry: Entry, config: SiteConfig) -> str:
    """A biblatex @online record."""
    fields = [("title", bibtex_text(entry.title)), ("organization", bibtex_text(config.title)),
              ("date", entry.date.isoformat()), ("url", permalink(config.base_url, entry_url(entry))),
              ("langid", entry.lang or config.language), ("note", bibtex_text(f"id: {entry_guid(entry, entry_url(entry))}"))]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@online{{{citation_key(entry)},\n{body}\n}}\n"


def csl_json(entry: Entry, config: SiteConfig) -> str:
    """A CSL-JSON item (in a one-item list, as reference managers import it)."""
    item = {"id": entry_guid(entry, entry_url(entry)), "type": "webpage", "title": " ".join(entry.title.split()),
            "container-title": config.title, "publisher": config.title, "abstract": entry.summary,
            "issued": {"date-parts": [[entry.date.year, entry.date.month, entry.date.day]]},
            "URL": permalink(config.base_url, entry_url(entry)), "language": entry.lang or config.language}
    return json.dumps([item], ensure_ascii=False, sort_keys=True, indent=1) + "\n"
