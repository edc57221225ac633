"""Drafts a briefing from a news article's raw text: `build.py ingest ARTICLE.txt`.

The detect_* functions are pure (text and registries in, findings out); `draft_from_article` turns
findings into a `draft: true` entry that passes `check`, and `ingest_article` writes it via `scaffold`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .article_dates import detect_date
from ..model.archive import Actor, Round
from ..read.registry import normalise_name
from .event_match import propose_events
from .scaffold import (EntryRefused, NewEntry, Registries, SUMMARY_PLACEHOLDER, load_registries, today_in_archive,
                       write_entry)

RAW_MARKER = "<!-- raw article below: rewrite in your own words, then delete -->"
ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
            "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
            "eighteenth", "nineteenth", "twentieth")
ROUND_PATTERNS = (
    re.compile(rf"\b({'|'.join(ORDINALS)})\s+round\b", re.I),
    # "the new round of negotiations, which will be the fifth": the ordinal follows within the sentence.
    re.compile(rf"\bround\b[^.;]{{0,60}}?\b(?:be|is|was|as)\s+the\s+({'|'.join(ORDINALS)})\b", re.I),
    re.compile(r"\bround\s+(?:no\.?\s*)?(\d{1,2})\b", re.I),
    re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)\s+round\b", re.I),
)
KNOWN_CITIES = ("Abu Dhabi", "Amman", "Ankara", "Baku", "Beirut", "Berlin", "Brussels", "Cairo", "Damascus",
                "Doha", "Geneva", "Istanbul", "Jeddah", "Jerusalem", "London", "Moscow", "Muscat", "New York",
                "Nicosia", "Paris", "Riyadh", "Rome", "Tel Aviv", "Vienna", "Washington")
# Outlet as written in `sources` -> the spellings an article uses for it.
KNOWN_OUTLETS = {
    "AFP": ("AFP", "Agence France-Presse"), "AP": ("AP", "Associated Press"), "Reuters": ("Reuters",),
    "Axios": ("Axios",), "Haaretz": ("Haaretz",), "The Jerusalem Post": ("Jerusalem Post", "JPost"),
    "The Times of Israel": ("Times of Israel",), "Ynet": ("Ynet", "Ynetnews"), "i24NEWS": ("i24NEWS",),
    "SANA": ("SANA", "Syrian Arab News Agency"), "Enab Baladi": ("Enab Baladi",),
    "Alekhbariah": ("Alekhbariah", "Al-Ekhbariah", "Alekhbariya", "Al-Ekhbariya", "Al-Ikhbariya"),
    "Al Jazeera": ("Al Jazeera", "Aljazeera"), "Al Arabiya": ("Al Arabiya",), "Asharq Al-Awsat": ("Asharq Al-Awsat",),
    "Al-Monitor": ("Al-Monitor",), "Middle East Eye": ("Middle East Eye",), "Anadolu Agency": ("Anadolu",),
    "The New York Times": ("New York Times",), "The Washington Post": ("Washington Post",),
    "The Wall Street Journal": ("Wall Street Journal",), "Financial Times": ("Financial Times",),
    "The Guardian": ("The Guardian",), "BBC": ("BBC",), "CNN": ("CNN",), "Bloomberg": ("Bloomberg",),
    "Khaleejion 24": ("Khaleejion 24", "Khaleejion"),
}
# Two-letter acronyms ("AP") are matched in capitals only, so that ordinary words never count.
CASE_SENSITIVE_LENGTH = 2
TITLE_MAX_LENGTH = 120
TITLE_FALLBACK_WORDS = 8
SOURCE_PLACEHOLDER = "TODO: name the outlet"
REPORTED_FIELDS = ("title", "date", "actors", "round", "events", "location", "sources")


@dataclass(frozen=True, slots=True)
class Draft:
    """What `ingest` will write, and what it tells the editor: found (field, how) and missing (field, why)."""

    entry: NewEntry
    found: tuple[tuple[str, str], ...]
    missing: tuple[tuple[str, str], ...]


# "al-Assad's" and "al-Assad’s" name al-Assad: the possessive ending is dropped before matching.
POSSESSIVE = re.compile(r"(?<=\w)['’ʼ]s\b")


def match_key(text: str) -> str:
    """Text -> the form names are matched in: as the registry normalises, without accents, vowel marks
    or possessive endings."""
    decomposed = unicodedata.normalize("NFKD", normalise_name(POSSESSIVE.sub("", text)))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def find_whole_words(phrase_key: str, text_key: str) -> re.Match | None:
    """The first place `phrase_key` stands as whole words (in any script) in `text_key`."""
    return re.search(rf"(?<!\w){re.escape(phrase_key)}(?!\w)", text_key) if phrase_key else None


def detect_actors(text: str, actors: tuple[Actor, ...]) -> tuple[tuple[str, str], ...]:
    """Article text -> (actor_id, spelling found) for every actor named by id, name, alias or script name,
    in order of first mention."""
    text_key = match_key(text)
    found = []
    for actor in actors:
        spellings = (actor.actor_id, actor.name, *actor.aliases, *(name for _, name in actor.names))
        hits = [(match.start(), spelling) for spelling in spellings
                if (match := find_whole_words(match_key(spelling), text_key))]
        if hits:
            position, spelling = min(hits)
            found.append((position, actor.actor_id, spelling))
    return tuple((actor_id, spelling) for _, actor_id, spelling in sorted(found))


def detect_round(text: str) -> tuple[int, str] | None:
    """Article text -> (round number, phrase) from 'fifth round', 'round 5' or '5th round'; the first wins."""
    matches = [match for pattern in ROUND_PATTERNS if (match := pattern.search(text))]
    if not matches:
        return None
    match = min(matches, key=lambda m: m.start())
    word = match.group(1).lower()
    number = ORDINALS.index(word) + 1 if word in ORDINALS else int(word)
    return (number, match.group(0)) if number > 0 else None


def detect_venue(text: str, rounds: tuple[Round, ...]) -> str | None:
    """Article text -> the known city or round venue named as 'in <City>', the most mentioned one if several."""
    text_key = match_key(text)
    best: tuple[tuple[int, int], str] | None = None
    for venue in dict.fromkeys((*KNOWN_CITIES, *(r.venue for r in rounds))):
        phrase = find_whole_words(match_key(f"in {venue}"), text_key)
        if phrase:
            mentions = len(re.findall(rf"(?<!\w){re.escape(match_key(venue))}(?!\w)", text_key))
            score = (-mentions, phrase.start())  # most mentions, then the earliest
            if best is None or score < best[0]:
                best = (score, venue)
    return best[1] if best else None


def detect_outlets(text: str) -> tuple[str, ...]:
    """Article text -> the known outlets it cites, as written in `sources`, in order of first mention."""
    text_key = match_key(text)
    found = []
    for outlet, spellings in KNOWN_OUTLETS.items():
        positions = []
        for spelling in spellings:
            if len(spelling) <= CASE_SENSITIVE_LENGTH:
                match = re.search(rf"(?<!\w){re.escape(spelling)}(?!\w)", text)
            else:
                match = find_whole_words(match_key(spelling), text_key)
            if match:
                positions.append(match.start())
        if positions:
            found.append((min(positions), outlet))
    return tuple(outlet for _, outlet in sorted(found))


def detect_title(text: str) -> str | None:
    """The article's headline: its first line, if short and not a sentence or a date line."""
    first = next((line.strip() for line in text.split("\n") if line.strip()), "")
    if not first or len(first) > TITLE_MAX_LENGTH or first.endswith((".", ":")) or re.match(r"date\b", first, re.I):
        return None
    return first


def clean_article(raw: bytes) -> str:
    """Raw article bytes -> text: UTF-8 (bad bytes replaced), '\\n' line ends, no control characters."""
    text = raw.decode("utf-8-sig", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(c for c in text if c in "\n\t" or unicodedata.category(c) != "Cc")
    return "\n".join(line.rstrip() for line in text.strip("\n").split("\n"))


@dataclass(slots=True)
class Findings:
    """What was found (field, how) and what was not (field, why), and comments for placeholder fields."""

    found: list[tuple[str, str]] = field(default_factory=list)
    missing: list[tuple[str, str]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)


def draft_from_article(text: str, registries: Registries, reference: dt.date | None, today: dt.date) -> Draft:
    """Article text -> a draft entry from everything detected, with placeholders (noted) where nothing was."""
    findings = Findings()
    round_no = pick_round(text, registries, findings)
    rounds = {r.round_no: r for r in registries.rounds}
    dated = detect_date(text, reference, today, rounds.get(round_no))
    if round_no is None and dated.date:
        round_no = round_from_date(text, dated.date, registries.rounds, findings)
    if dated.date:
        findings.found.append(("date", f"{dated.date}: {dated.how}"))
    else:
        findings.missing.append(("date", f"{dated.how}; used today's date, {today}: correct it"))
    outlets = detect_outlets(text)
    if outlets:
        findings.found.append(("sources", ", ".join(outlets)))
    else:
        findings.notes.append(("sources", "placeholder: no known outlet was found in the article"))
        findings.missing.append(("sources", f"no known outlet cited; wrote '{SOURCE_PLACEHOLDER}'"))
    location = detect_venue(text, registries.rounds)
    if location:
        findings.found.append(("location", f"{location} (from 'in {location}')"))
    else:
        findings.missing.append(("location", "no 'in <City>' naming a known city or round venue"))
    events = pick_events(text, registries, dated.date, findings)
    entry = NewEntry(title=pick_title(text, findings), date=dated.date or today, event_ids=events,
                     actor_ids=pick_actors(text, registries, findings), summary=SUMMARY_PLACEHOLDER,
                     outlets=outlets or (SOURCE_PLACEHOLDER,), round_no=round_no,
                     location=location, draft=True, body=f"{RAW_MARKER}\n\n{text}\n", notes=tuple(findings.notes))
    return Draft(entry, tuple(sorted(findings.found, key=field_order)), tuple(sorted(findings.missing, key=field_order)))


def pick_events(text: str, registries: Registries, day: dt.date | None, findings: Findings) -> tuple[str, ...]:
    """Events of events.yaml near the article's date in a place it names (a proposal the editor confirms)."""
    proposed = propose_events(text, registries.events, day) if day else ()
    if proposed:
        findings.found.append(("events", ", ".join(f"{e.event_id} ({e.place}, {e.date.first})" for e in proposed)
                               + ": keep only those the briefing reports"))
    elif registries.events and day:  # without events.yaml or a date there is nothing to propose from
        findings.missing.append(("events", "no event in events.yaml within a week of the date in a place the text names"))
    return tuple(e.event_id for e in proposed)


def field_order(finding: tuple[str, str]) -> int:
    """Findings are printed in the order the fields appear in the file."""
    return REPORTED_FIELDS.index(finding[0])


def pick_title(text: str, findings: Findings) -> str:
    """The article's headline, or its first words marked as a draft title."""
    title = detect_title(text)
    if title:
        findings.found.append(("title", f"'{title}', the article's first line: rewrite it in your own words"))
        return title
    words = re.sub(r"^\s*date\s*:?\s*\S+", "", text, flags=re.I).split()[:TITLE_FALLBACK_WORDS]
    findings.missing.append(("title", "no headline line; used the first words of the text: write a headline"))
    return "Draft: " + " ".join(words) + "…"


def pick_actors(text: str, registries: Registries, findings: Findings) -> tuple[str, ...]:
    """The actors named in the text, or one placeholder actor (noted in the file) so the draft stays valid."""
    actors = detect_actors(text, registries.actors)
    if actors:
        findings.found.append(("actors", ", ".join(f"{actor_id} ('{spelling}')" for actor_id, spelling in actors)))
        return tuple(actor_id for actor_id, _ in actors)
    placeholder = min((a.actor_id for a in registries.actors), default=None)
    if placeholder is None:
        raise EntryRefused(["content/actors.yaml lists no actors — add the actors first"])
    findings.notes.append(("actors", "placeholder: no known actor was found in the article"))
    findings.missing.append(("actors", f"no name from actors.yaml in the text; wrote {placeholder} as a placeholder"))
    return (placeholder,)


def pick_round(text: str, registries: Registries, findings: Findings) -> int | None:
    """The detected round number, if rounds.yaml lists it (otherwise `check` would refuse the draft)."""
    detected = detect_round(text)
    if detected is None:
        findings.missing.append(("round", "no 'fifth round', 'round 5' or '5th round' in the text"))
        return None
    round_no, phrase = detected
    if round_no not in {r.round_no for r in registries.rounds}:
        findings.missing.append(("round", f"'{phrase}' names round {round_no}, which rounds.yaml does not list:"
                                          " add it there, then set 'round:'"))
        return None
    findings.found.append(("round", f"{round_no} (from '{phrase}')"))
    return round_no


def round_from_date(text: str, date: dt.date, rounds: tuple[Round, ...], findings: Findings) -> int | None:
    """The round whose dates include `date` and whose venue the article names, when no round is numbered."""
    text_key = match_key(text)
    for talks in rounds:
        if talks.start <= date <= talks.end and find_whole_words(match_key(talks.venue), text_key):
            findings.missing[:] = [m for m in findings.missing if m[0] != "round"]
            findings.found.append(("round", f"{talks.round_no} (not numbered in the text: {date} falls within"
                                             f" round {talks.round_no} in {talks.venue}, {talks.start} to {talks.end},"
                                             f" and the article names {talks.venue}): check it"))
            return talks.round_no
    return None


def ingest_article(root: Path, article_path: Path, *, reference: dt.date | None, now: dt.datetime) -> int:
    """Read an article, write its draft under content/briefings/, and print what was and was not found."""
    try:
        text = clean_article(article_path.read_bytes())
    except OSError as exc:
        raise EntryRefused([f"{article_path}: cannot be read: {exc.strerror}"]) from None
    if not text.strip():
        raise EntryRefused([f"{article_path}: is empty — give the text of a news article"])
    registries = load_registries(root)
    draft = draft_from_article(text, registries, reference, today_in_archive(registries.config, now))
    print(write_entry(root, registries, draft.entry))
    for heading, lines in (("found", draft.found), ("not found", draft.missing)):
        if lines:
            print(f"{heading}:")
            print("\n".join(f"  {name}: {how}" for name, how in lines))
    print("next: rewrite the text below the marker in your own words, write the summary,"
          " check the fields, then remove 'draft: true'")
    return 0
