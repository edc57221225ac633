"""Writes a synthetic Parley archive of N entries in the real content format (seeded, stdlib only).

    python bench/make_corpus.py OUT_DIR --entries 10000 [--seed 7]

Each briefing has 500–700 words of Markdown with two or three `##` headings, a list, emphasis and
inline links; 2–5 of about 60 actors (some named by an alias); the round of its date (1–40) on about 70 % of
entries; 1–3 sources; dates spread over four years. Same seed and N, same bytes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

ACTOR_COUNT = 60
ROUND_COUNT = 40
FIRST_DAY = dt.date(2022, 1, 1)
DAYS = 4 * 365
AFFILIATIONS = ("Syria", "Israel", "United States", "Russia", "United Nations", "Jordan")
OUTLETS = ("AFP", "Axios", "Reuters", "Haaretz", "The Jerusalem Post", "SANA", "Alekhbariah", "Enab Baladi",
           "Al Jazeera", "Associated Press")
VENUES = ("Paris", "London", "Baku", "Amman", "Geneva", "Washington", "Riyadh", "Doha")
WORDS = ("security", "agreement", "delegation", "border", "talks", "withdrawal", "buffer", "zone", "ceasefire",
         "mediator", "envoy", "minister", "proposal", "framework", "officials", "negotiators", "sanctions",
         "southern", "forces", "positions", "monitoring", "liaison", "channel", "measures", "confidence",
         "the", "of", "and", "to", "in", "a", "on", "with", "for", "that", "said", "would", "after", "before")
SYLLABLES = ("al", "ba", "da", "ha", "ka", "ma", "na", "ra", "sa", "ta", "ya", "za", "mi", "ri", "lo", "shi")


def make_name(rng: random.Random) -> str:
    return " ".join("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize() for _ in range(2))


def make_actors(rng: random.Random) -> list[dict]:
    actors, seen = [], set()
    while len(actors) < ACTOR_COUNT:
        name = make_name(rng)
        actor_id = name.lower().replace(" ", "-")
        if actor_id in seen:
            continue
        seen.add(actor_id)
        given, family = name.split(" ")
        actors.append({"id": actor_id, "name": name, "affiliation": rng.choice(AFFILIATIONS),
                       "aliases": [f"{given[0]}. {family}", f"{family}, {given}"]})
    return actors


def actors_yaml(actors: list[dict]) -> str:
    lines = []
    for actor in actors:
        lines += [f"- id: {actor['id']}", f"  name: {actor['name']}", "  kind: person",
                  f"  affiliation: {actor['affiliation']}", "  role: Negotiator",
                  f"  aliases: [\"{actor['aliases'][0]}\", \"{actor['aliases'][1]}\"]", ""]
    return "\n".join(lines)


def rounds_yaml(rng: random.Random, actors: list[dict]) -> str:
    lines = []
    for number in range(1, ROUND_COUNT + 1):
        start = FIRST_DAY + dt.timedelta(days=(number - 1) * DAYS // ROUND_COUNT)
        lines += [f"- number: {number}", f"  venue: {rng.choice(VENUES)}", f"  start: {start}",
                  f"  end: {start + dt.timedelta(days=rng.randint(0, 2))}", f"  mediator: {rng.choice(actors)['id']}",
                  f"  summary: Round {number} of the synthetic talks.", ""]
    return "\n".join(lines)


def sentence(rng: random.Random, length: int) -> str:
    words = [rng.choice(WORDS) for _ in range(length)]
    words[rng.randrange(length)] = f"*{rng.choice(WORDS)}*"
    if rng.random() < 0.3:
        word = rng.choice(WORDS)
        words[rng.randrange(length)] = f"[{word}](https://example.org/{word})"
    return " ".join(words).capitalize() + "."


def body(rng: random.Random) -> str:
    target, parts, count = rng.randint(500, 700), [], 0
    headings = rng.randint(2, 3)
    for index in range(headings):
        parts.append(f"## {sentence(rng, 3)[:-1]}")
        if index == 0:
            items = [f"- {sentence(rng, 6)}" for _ in range(3)]
            parts.append("\n".join(items))
            count += 18
        while count < target * (index + 1) // headings:
            paragraph = " ".join(sentence(rng, rng.randint(8, 16)) for _ in range(4))
            parts.append(paragraph)
            count += len(paragraph.split())
    return "\n\n".join(parts) + "\n"


def entry(rng: random.Random, index: int, actors: list[dict]) -> tuple[str, str]:
    day = rng.randrange(DAYS)
    date = FIRST_DAY + dt.timedelta(days=day)
    slug = f"briefing-{index:06d}"
    chosen = rng.sample(actors, rng.randint(2, 5))
    names = [a["aliases"][0] if rng.random() < 0.2 else a["id"] for a in chosen]
    lines = ["---", f"title: Synthetic briefing {index} on {rng.choice(WORDS)} {rng.choice(WORDS)}",
             f"date: {date}", "actors: [" + ", ".join(f'"{n}"' for n in names) + "]"]
    if rng.random() < 0.7:
        # The round held nearest the date, as a real briefing's would be (so the build warns of nothing).
        lines.append(f"round: {day * ROUND_COUNT // DAYS + 1}")
    lines.append("summary: " + " ".join(rng.choice(WORDS) for _ in range(14)).capitalize() + ".")
    lines.append("sources:")
    for outlet in rng.sample(OUTLETS, rng.randint(1, 3)):
        lines.append(f"  - outlet: {outlet}")
    lines += ["---", "", body(rng)]
    return f"content/briefings/{date:%Y}/{date:%m-%d}-{slug}.md", "\n".join(lines)


def write_corpus(out_dir: Path, entries: int, seed: int = 7) -> None:
    """Write site.yaml, actors.yaml, rounds.yaml and `entries` briefings below out_dir/content."""
    rng = random.Random(seed)
    actors = make_actors(rng)
    files = {
        "content/site.yaml": "title: Synthetic archive\ndescription: Benchmark corpus.\n"
                             "base_url: https://bench.example.org/\nlanguage: en\ntimezone: Asia/Damascus\n",
        "content/actors.yaml": actors_yaml(actors),
        "content/rounds.yaml": rounds_yaml(rng, actors),
    }
    files.update(entry(rng, index, actors) for index in range(entries))
    for relative, text in files.items():
        target = out_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    write_corpus(args.out_dir, args.entries, args.seed)


if __name__ == "__main__":
    main()
