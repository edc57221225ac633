"""markup: Markdown to HTML, then the allow-list; whatever an editor writes, only safe HTML remains."""

from __future__ import annotations

import re

import lxml.html
import pytest
from markupsafe import Markup

from parley.render.markup import MarkdownRenderer, render_bodies


def render(text: str) -> str:
    html = MarkdownRenderer().render(text)
    assert isinstance(html, Markup)
    return str(html)


def parse(text: str):
    """Render Markdown and parse the HTML, so tests check elements rather than spacing."""
    return lxml.html.fragment_fromstring(render(text), create_parent="div")


def tags(text: str) -> list[str]:
    return [element.tag for element in parse(text).iter() if isinstance(element.tag, str)][1:]


@pytest.mark.parametrize("text", [
    "<script>alert(1)</script>",
    "<style>body { display: none }</style>",
    "<SCRIPT src='https://evil.example/x.js'></SCRIPT>",
])
def test_script_and_style_removed_with_their_content(text):
    assert render(f"Before\n\n{text}\n\nAfter").split() == ["<p>Before</p>", "<p>After</p>"]


def test_iframe_object_and_embed_removed():
    html = render('Text <iframe src="https://evil.example/"></iframe><object data="x.swf"></object><embed src="y">')
    assert html == "<p>Text </p>"


def test_event_handler_and_style_attributes_removed():
    html = render('<p onclick="steal()" onmouseover="x" style="color:red" class="note" title="t">Hi</p>')
    assert html == '<p class="note" title="t">Hi</p>'


@pytest.mark.parametrize("href", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)",
                                  "data:text/html,<b>x</b>", "vbscript:msgbox(1)"])
def test_dangerous_link_schemes_removed(href):
    (link,) = parse(f'<a href="{href}">x</a>').iter("a")
    assert (link.get("href"), link.text) == (None, "x")


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)",
                                 "java&#x09;script:alert(1)", "java\nscript:alert(1)", "data:text/html,x",
                                 "vbscript:msgbox(1)"])
@pytest.mark.parametrize("tag", ["q", "blockquote"])
def test_dangerous_cite_schemes_removed(tag, url):
    (element,) = parse(f'<{tag} cite="{url}">quoted</{tag}>').iter(tag)
    assert element.get("cite") is None
    assert "quoted" in element.text_content()


def test_safe_cite_urls_kept():
    quotes = parse('<q cite="https://example.org/a">a</q> <q cite="../b/">b</q> <q cite="mailto:x@example.org">c</q>')
    assert [q.get("cite") for q in quotes.iter("q")] == ["https://example.org/a", "../b/", "mailto:x@example.org"]


def test_safe_links_kept():
    links = parse("[web](https://example.org/a) [mail](mailto:desk@example.org) [rel](../x/) [note](#fn)").iter("a")
    assert [(a.get("href"), a.text) for a in links] == [
        ("https://example.org/a", "web"), ("mailto:desk@example.org", "mail"), ("../x/", "rel"), ("#fn", "note")]


def test_data_image_removed_but_image_kept():
    images = parse('![map](data:image/png;base64,AAAA) ![ok](https://example.org/m.png)').iter("img")
    assert [(i.get("src"), i.get("alt")) for i in images] == [(None, "map"), ("https://example.org/m.png", "ok")]


def test_body_heading_becomes_h2_with_id():
    assert render("# Talks resume\n\nText\n\n## Details") == (
        '<h2 id="talks-resume">Talks resume</h2>\n<p>Text</p>\n<h2 id="details">Details</h2>')


def test_heading_custom_id_kept():
    assert render("### Who came {#who}") == '<h3 id="who">Who came</h3>'


def test_tables_kept_with_their_alignment():
    table = parse("| a | b |\n|:--|--:|\n| 1 | 2 |")
    assert tags("| a | b |\n|:--|--:|\n| 1 | 2 |") == ["table", "thead", "tr", "th", "th", "tbody", "tr", "td", "td"]
    cells = list(table.iter("th", "td"))
    assert [c.text for c in cells] == ["a", "b", "1", "2"]
    # Alignment may be an attribute or a class, but it must survive, and never as an inline style.
    assert [c.get("align") or c.get("class") for c in cells] in (
        ["left", "right"] * 2, ["align-left", "align-right"] * 2)
    assert all(c.get("style") is None for c in cells)


@pytest.mark.parametrize("text", ['<table><tr><td class="note" align="right">x</td></tr></table>',
                                  "| a {: .note } |\n|--:|\n| 1 |"])
def test_table_cell_never_gets_two_class_attributes(text):
    html = render(text)
    assert all(tag.count(" class=") <= 1 for tag in re.findall(r"<t[hd]\b[^>]*>", html)), html


def test_footnotes_kept():
    document = parse("Text[^1]\n\n[^1]: Reuters.")
    assert [(a.get("class"), a.get("href")) for a in document.iter("a")] == [
        ("footnote-ref", "#fn:1"), ("footnote-backref", "#fnref:1")]
    assert [e.get("id") for e in document.iter() if e.get("id")] == ["fnref:1", "fn:1"]
    assert document.find(".//div[@class='footnote']/ol/li/p").text_content() == "Reuters.\xa0↩"


def test_bdi_dir_and_lang_kept():
    assert render('Said <bdi dir="rtl" lang="ar">أسعد الشيباني</bdi> and <span lang="he">רון</span>') == (
        '<p>Said <bdi dir="rtl" lang="ar">أسعد الشيباني</bdi> and <span lang="he">רון</span></p>')


def test_text_that_looks_like_html_is_escaped_in_code():
    assert render("`<script>` and `a & b`") == "<p><code>&lt;script&gt;</code> and <code>a &amp; b</code></p>"


def test_comments_removed():
    assert render("A <!-- secret --> B") == "<p>A  B</p>"


def test_renderer_state_does_not_leak_between_bodies():
    renderer = MarkdownRenderer()
    renderer.render("# Same\n\nText[^1]\n\n[^1]: One.")
    assert str(renderer.render("# Same")) == '<h2 id="same">Same</h2>'


def test_render_bodies_keys_by_source_path():
    class Body:
        def __init__(self, source_path, body):
            self.source_path, self.body = source_path, body
    bodies = render_bodies([Body("a.md", "*a*"), Body("b.md", "**b**")])
    assert bodies == {"a.md": Markup("<p><em>a</em></p>"), "b.md": Markup("<p><strong>b</strong></p>")}
