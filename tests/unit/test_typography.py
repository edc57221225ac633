"""typography: curly quotes, dashes and ellipses in rendered bodies, never inside code or raw HTML."""

from __future__ import annotations

import pytest

from parley.render.markup import MarkdownRenderer


def render(text: str) -> str:
    return str(MarkdownRenderer().render(text))


@pytest.mark.parametrize("text, expected", [
    ('He said "yes".', "<p>He said “yes”.</p>"),
    ("It's Syria's turn.", "<p>It’s Syria’s turn.</p>"),
    ("'Quoted' and ('inside')", "<p>‘Quoted’ and (‘inside’)</p>"),
    ("1974--2024 and a break --- here...", "<p>1974–2024 and a break — here…</p>"),
    ('"*emphasised*" words', "<p>“<em>emphasised</em>” words</p>"),
    ('a "[link](https://example.org/)" here', '<p>a “<a href="https://example.org/">link</a>” here</p>'),
])
def test_straight_punctuation_becomes_typographic(text, expected):
    assert render(text) == expected


def test_each_block_starts_with_an_opening_quote():
    assert render('Ends here.\n\n"Starts" again\n\n- "item"') == (
        "<p>Ends here.</p>\n<p>“Starts” again</p>\n<ul>\n<li>“item”</li>\n</ul>")


def test_code_escapes_and_attributes_keep_straight_quotes():
    html = render('`"code"` and \\"escaped\\" [x](https://example.org/ "it\'s")\n\n    "block"')
    assert html == ('<p><code>"code"</code> and "escaped" <a href="https://example.org/" title="it\'s">x</a></p>\n'
                    '<pre><code>"block"\n</code></pre>')


def test_raw_inline_html_is_transparent_for_quotes():
    assert render('<b>"raw"</b> text') == "<p><b>“raw”</b> text</p>"


def test_heading_ids_come_from_the_final_text():
    assert render('## The "first" round') == '<h2 id="the-first-round">The “first” round</h2>'


def test_titles_and_summaries_get_the_same_punctuation_as_bodies():
    from parley.model.punctuation import smarten
    assert smarten('Talks end on a "positive" note -- al-Sharaa\'s view...') == \
        "Talks end on a “positive” note – al-Sharaa’s view…"
    assert smarten("'Quoted' at the start --- and (\"nested\")") == "‘Quoted’ at the start — and (“nested”)"
    assert smarten("no punctuation") == "no punctuation"
