"""Renders entry bodies: Markdown to HTML, then an allow-list sanitiser.

The only producer of Markup from content: whatever raw HTML an editor writes, only the
tags and attributes below reach a reader's browser.
"""

from __future__ import annotations

import re

import markdown
import nh3
from markupsafe import Markup

from .typography import SmartPunctuationExtension

ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details",
    "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub",
    "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var",
})
ALLOWED_ATTRIBUTES = {
    "*": {"id", "class", "lang", "dir", "title"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "align"},  # align becomes a class below
    "th": {"colspan", "rowspan", "align", "scope"},
    "time": {"datetime"},
    "ol": {"start", "reversed"},
    "q": {"cite"},
    "blockquote": {"cite"},
}
# href/src values that start at the site root ("/briefings/…") but not another host ("//host/…").
SITE_ROOT_LINK = re.compile(r'(\s(?:href|src)=")/(?!/)')
ALIGN_CELL = re.compile(r'<t[hd]\b[^>]*? align="(?P<align>left|right|center)"[^>]*>')
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# A correction note is one line of inline Markdown: emphasis, code and links, nothing that makes blocks.
NOTE_TAGS = frozenset({"a", "abbr", "b", "bdi", "cite", "code", "del", "em", "i", "ins", "q", "s", "strong", "sub",
                       "sup", "time"})
# nh3 checks the schemes of href and src only; these other URL-valued attributes are checked here.
URL_ATTRIBUTES = frozenset({"cite"})
# Browsers drop tabs and newlines anywhere in a URL and control characters and spaces around it,
# so "java\tscript:" is read as "javascript:": the scheme is judged without them.
URL_IGNORED = re.compile(r"[\x00-\x20\x7f]")
URL_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
EXTENSIONS = ["abbr", "attr_list", "def_list", "fenced_code", "footnotes", "md_in_html", "tables", "toc",
              "sane_lists"]
EXTENSION_CONFIGS = {
    # Alignment as an attribute, not inline style: the CSP forbids inline styles.
    "tables": {"use_align_attribute": True},
    "footnotes": {"UNIQUE_IDS": False, "BACKLINK_TITLE": "Back to reference %d"},
}


class MarkdownRenderer:
    """Reuses one python-markdown instance (creating one costs more than rendering a briefing)."""

    def __init__(self) -> None:
        self._markdown = markdown.Markdown(extensions=[*EXTENSIONS, SmartPunctuationExtension()],
                                          extension_configs=EXTENSION_CONFIGS, output_format="html")

    def render(self, text: str) -> Markup:
        """Markdown text -> sanitised HTML, safe to place in a page or feed."""
        html = self._markdown.reset().convert(text)
        # The page title is the only <h1>; a '# heading' in a body becomes a section heading.
        html = html.replace("<h1", "<h2").replace("</h1>", "</h2>")
        return Markup(align_with_classes(sanitise_html(html)))


def sanitise_html(html: str) -> str:
    """Untrusted HTML -> HTML with only allow-listed tags, attributes and URL schemes."""
    return nh3.clean(html, tags=set(ALLOWED_TAGS), attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
                     url_schemes=set(URL_SCHEMES), link_rel=None, strip_comments=True,
                     attribute_filter=keep_allowed_url)


def keep_allowed_url(tag: str, attribute: str, value: str) -> str | None:
    """nh3's attribute filter: a URL-valued attribute survives only with an allowed scheme (or none)."""
    if attribute not in URL_ATTRIBUTES:
        return value
    scheme = URL_SCHEME.match(URL_IGNORED.sub("", value))
    return value if scheme is None or scheme.group(1).lower() in URL_SCHEMES else None


def align_with_classes(html: str) -> str:
    """Table cells' `align` (obsolete in HTML5; inline styles are barred by the CSP) -> align-* classes."""
    def replace(match: re.Match) -> str:
        tag = match.group(0).replace(f' align="{match["align"]}"', "")
        if ' class="' in tag:
            return tag.replace(' class="', f' class="align-{match["align"]} ', 1)
        return tag[:-1] + f' class="align-{match["align"]}">'
    return ALIGN_CELL.sub(replace, html)


def render_bodies(entries, renderer: MarkdownRenderer | None = None) -> dict[str, Markup]:
    """Entries -> their rendered bodies by source_path."""
    renderer = renderer or MarkdownRenderer()
    return {entry.source_path: renderer.render(entry.body) for entry in entries}


def render_note(text: str) -> Markup:
    """One line of inline Markdown (a correction note) -> sanitised inline HTML, without a <p> around it."""
    html = markdown.markdown(text, extensions=[SmartPunctuationExtension()], output_format="html")
    attributes = {tag: set(ALLOWED_ATTRIBUTES.get(tag, ())) | ALLOWED_ATTRIBUTES["*"] for tag in NOTE_TAGS}
    # Block tags are dropped but their text kept, so '# Note' or '- note' still reads as the note.
    return Markup(nh3.clean(html, tags=set(NOTE_TAGS), attributes=attributes, url_schemes=set(URL_SCHEMES),
                            link_rel=None, strip_comments=True).strip())


def rebase_site_links(html: Markup, prefix: str) -> Markup:
    """Sanitised HTML -> the same with links written from the site root ("/briefings/…") starting at `prefix`.

    An editor writes site paths; the site may be served under a sub-path (base_url), so pages get a
    relative prefix ("../../") and feeds the absolute base_url.
    """
    return Markup(SITE_ROOT_LINK.sub(lambda match: match.group(1) + prefix, str(html)))
