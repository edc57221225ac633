"""outlets: the outlet registry, and sources shown under one registered name."""

from __future__ import annotations

import datetime as dt

from conftest import write_tree
from parley.cli import main
from parley.read.content import BuildOptions, load_sources, validate
from parley.read.outlets import read_outlets

OUTLETS = """\
- id: the-jerusalem-post
  name: The Jerusalem Post
  kind: newspaper
  country: Israel
  homepage: https://www.jpost.com/
  aliases: [Jerusalem Post, JPost]
- id: axios
  name: Axios
  kind: news site
"""
NOW = dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc)


def test_every_spelling_resolves_to_one_outlet():
    errors = []
    outlets, index = read_outlets(OUTLETS, errors)
    assert errors == []
    assert [outlet.name for outlet in outlets] == ["The Jerusalem Post", "Axios"]
    assert {index.resolve(name) for name in ("jerusalem post", "The Jerusalem Post", "JPOST", "the-jerusalem-post",
                                             "The  Jerusalem-Post")} == {"the-jerusalem-post"}
    assert index.resolve("Jerusalem") is None
    assert index.suggest("Jeruslem Post") == "did you mean The Jerusalem Post?"


def test_without_a_registry_outlets_are_free_text():
    assert read_outlets(None, []) == ((), None)


def test_invalid_records_are_errors_at_their_lines():
    errors = []
    read_outlets(OUTLETS + "- id: jpost\n  name: JPost\n  kind: tabloid\n- id: Bad Id\n  name: X\n  kind: newspaper\n",
                 errors)
    assert [(e.line, e.field, e.message) for e in errors] == [
        (12, "kind", "'tabloid' is not one of wire agency, newspaper, broadcaster, state media, news site, magazine"),
        (13, "id", "'Bad Id' is not kebab-case")]


def test_briefings_show_and_filter_sources_under_the_registered_name(tmp_path, capsys):
    root = write_tree(tmp_path, {
        "content/site.yaml": "title: T\ndescription: D\nbase_url: https://example.org/\nlanguage: en\ntimezone: UTC\n",
        "content/actors.yaml": "- {id: ron-dermer, name: Ron Dermer, kind: person, affiliation: Israel}\n",
        "content/outlets.yaml": OUTLETS,
        "content/briefings/2026/01-06-a.md": "---\ntitle: A\ndate: 2026-01-06\nactors: [ron-dermer]\nsummary: S.\n"
                                             "sources:\n  - outlet: jerusalem post\n  - {outlet: JPost, url: https://www.jpost.com/x}\n---\nBody.\n",
    })
    archive, errors = validate(load_sources(root), BuildOptions(now=NOW))
    assert errors == []
    sources = archive.entries[0].sources
    assert [(s.outlet, s.outlet_id, s.url) for s in sources] == [
        ("The Jerusalem Post", "the-jerusalem-post", None),
        ("The Jerusalem Post", "the-jerusalem-post", "https://www.jpost.com/x")]
    assert list(archive.outlets) == ["axios", "the-jerusalem-post"]


def test_new_writes_the_registered_name_and_refuses_unknown_outlets(tmp_path, capsys):
    root = write_tree(tmp_path, {
        "content/site.yaml": "title: T\ndescription: D\nbase_url: https://example.org/\nlanguage: en\ntimezone: UTC\n",
        "content/actors.yaml": "- {id: ron-dermer, name: Ron Dermer, kind: person, affiliation: Israel}\n",
        "content/outlets.yaml": OUTLETS,
    })
    code = main(["new", "Talks", "--root", str(root), "--actor", "ron-dermer",
                 "--source", "Jeruslem Post", "--source", "The Daily Planet", "--date", "2026-01-06"])
    assert code == 1
    assert capsys.readouterr().err.splitlines() == [
        "new: --source: unknown outlet 'Jeruslem Post' — did you mean The Jerusalem Post?",
        "new: --source: unknown outlet 'The Daily Planet' — add it to content/outlets.yaml, or use a name listed there",
        "nothing was written"]
    code = main(["new", "Talks", "--root", str(root), "--actor", "ron-dermer", "--source", "jpost",
                 "--date", "2026-01-06"])
    assert code == 0
    path = capsys.readouterr().out.strip()
    assert "  - outlet: The Jerusalem Post\n" in (root / path).read_text()
