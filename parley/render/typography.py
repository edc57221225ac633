"""Typographic punctuation in rendered bodies: straight quotes become curly ones, `--` and `---`
en and em dashes, `...` an ellipsis.

A stand-in for Python-Markdown's `smarty` extension, which made each body about twice as slow to
render (its dozen inline patterns run over every text node): here one regular expression passes
once over the text of the finished tree. Code, escaped characters and raw HTML are left alone.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import ETX, STX, AtomicString

from ..model.punctuation import punctuate

# Stashed raw HTML and backslash escapes sit in the text as STX…ETX placeholders until the end.
TOKENS = re.compile(f"(?P<stashed>{STX}[^{ETX}]*{ETX})|---|--|\\.\\.\\.|[\"']")
# Below `inline` (20), which builds the elements, and above `toc` (5), so heading ids see the result.
PRIORITY = 6


class SmartPunctuation(Treeprocessor):
    """Rewrites the text and tails of the tree in document order, carrying the previous character."""

    def run(self, root: etree.Element) -> None:
        self.previous = " "
        self.visit(root)

    def visit(self, element: etree.Element) -> None:
        if self.md.is_block_level(element.tag):
            self.previous = " "
        if element.text:
            element.text = self.convert(element.text)
        for child in element:
            self.visit(child)
            if child.tail:
                child.tail = self.convert(child.tail)

    def convert(self, text: str) -> str:
        if isinstance(text, AtomicString):  # code spans and blocks
            self.previous = text[-1]
            return text
        pieces, position = [], 0
        for match in TOKENS.finditer(text):
            start = match.start()
            if start > position:
                self.previous = text[start - 1]
            pieces.append(text[position:start])
            position = match.end()
            token = match.group()
            if match.group("stashed"):
                pieces.append(token)  # transparent: `<b>"x"</b>` still opens its quote
                continue
            token = punctuate(token, self.previous)
            pieces.append(token)
            self.previous = token
        if position < len(text):
            self.previous = text[-1]
        pieces.append(text[position:])
        return "".join(pieces)


class SmartPunctuationExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.ESCAPED_CHARS.extend(['"', "'"])  # so a backslash keeps a quote straight, as with smarty
        md.treeprocessors.register(SmartPunctuation(md), "smart-punctuation", PRIORITY)
