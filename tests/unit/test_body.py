"""body: a Markdown body is refused, with the line and a hint, when rendering it could take too long.

Time itself is measured in a scratch script, never here: these tests pin which bodies are refused
and that the largest accepted ones render.
"""

from __future__ import annotations

import pytest

from parley.errors import format_error
from parley.read.body import (MAX_BODY_NESTING, MAX_FOOTNOTE_REFERENCES, MAX_HEADINGS, MAX_MARKS, check_body)
from parley.render.markup import MarkdownRenderer

PATH = "content/briefings/2026/01-06-paris.md"
SPLIT = "split it into several entries"


def refusal(body: str, body_line: int = 8) -> str | None:
    error = check_body(body, PATH, body_line)
    return format_error(error) if error else None


@pytest.mark.parametrize("body", ["[" * 30_000, "![a" * 20_000, "[a](" * 20_000, "<a " * 30_000, "\\*" * 60_000])
def test_tens_of_thousands_of_marks_are_refused(body):
    marks = refusal(body).split("has ")[1].split(" ")[0]
    assert refusal(body) == f"{PATH}:8: body: has {marks} lines and markup marks, over the limit of {MAX_MARKS:,} — {SPLIT}"


def test_a_body_over_the_size_limit_is_refused():
    assert refusal("word " * 60_000) == f"{PATH}:8: body: is 300,000 bytes, over the limit of 262,144 — {SPLIT}"


@pytest.mark.parametrize("line", ["- " * 40 + "a", ">" * 40 + " a", "1. " * 40 + "a", "    " * 40 + "- a"])
def test_deep_list_and_quote_nesting_is_refused_at_its_line(line):
    assert refusal(f"Intro.\n\n{line}\n") == (
        f"{PATH}:10: body: lists and quotes nest more than {MAX_BODY_NESTING} deep — flatten the list or quote")


def test_deep_indentation_inside_fenced_code_is_not_nesting():
    assert refusal("```\n" + "    " * 40 + "x = 1\n```\n") is None


def test_unmatched_brackets_in_long_paragraphs_are_refused_at_the_paragraph():
    body = "Intro.\n\n" + ("[" + "x" * 20_000 + "\n\n") * 10
    assert refusal(body) == (f"{PATH}:24: body: '[' or '(' is unmatched or nested too deeply to render in time"
                             " — close each '[' with ']' and each '(' with ')', or write \\[ for a literal bracket")


def test_unclosed_tags_far_from_any_close_are_refused():
    body = "Intro.\n\n" + "<b" + "x" * 200_000
    assert refusal(body) == (f"{PATH}:10: body: '<' starts tags that never close with '>'"
                             " — close each tag with '>', or write &lt; for a literal '<'")


@pytest.mark.parametrize("unit, limit, what", [("# h\n\n", MAX_HEADINGS, "headings"),
                                               ("[^1] a\n\n", MAX_FOOTNOTE_REFERENCES, "footnote marks")])
def test_counted_elements_over_their_limit_are_refused_at_the_first_extra_one(unit, limit, what):
    body = unit * (limit + 5)
    line = 8 + 2 * limit
    assert refusal(body) == f"{PATH}:{line}: body: has {limit + 5} {what}, over the limit of {limit} — {SPLIT}"


def test_the_deepest_and_largest_accepted_bodies_render():
    renderer = MarkdownRenderer()
    deepest = "".join("    " * level + "- item\n" for level in range(MAX_BODY_NESTING // 2))
    quoted = ">" * MAX_BODY_NESTING + " deep\n"
    links = "[a](https://example.org/) and *b*\n\n" * 1_000
    for body in (deepest, quoted, links):
        assert refusal(body) is None
        assert "<" in renderer.render(body)


def test_an_ordinary_briefing_is_accepted():
    body = ("The talks resumed in [Paris](https://example.org/) on *Monday*.\n\n## What was agreed\n\n"
            "- a joint mechanism\n- more meetings\n\n> A quote (with a note).\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    assert refusal(body * 50) is None
