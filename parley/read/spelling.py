"""Spellings that look alike: invisible characters, letters borrowed from another script.

Used to resolve names (a zero-width space never makes a new actor) and to refuse a spelling that
could be mistaken for another actor's. A small table of the Cyrillic and Greek letters that look
Latin covers the names an archive holds; Unicode's full confusables list would be a dependency
for the rare rest.
"""

from __future__ import annotations

import re
import unicodedata

# Format characters and fillers that render as nothing: zero-width spaces and joiners, soft hyphen,
# bidi marks, word joiners, variation selectors, the BOM and the Hangul fillers.
INVISIBLE = re.compile("[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
                       "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]")
# Cyrillic and Greek letters (lower case, as keys are casefolded) -> the Latin letter they look like.
LOOKALIKES = str.maketrans({
    "а": "a", "в": "b", "е": "e", "ё": "e", "з": "3", "і": "i", "ї": "i", "ј": "j", "к": "k", "м": "m",
    "н": "h", "о": "o", "п": "n", "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "һ": "h",
    "ԁ": "d", "ԛ": "q", "ԝ": "w", "ӏ": "l", "ь": "b", "г": "r",
    "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t",
    "υ": "u", "χ": "x", "γ": "y", "ω": "w", "ϲ": "c", "ϳ": "j",
})
CONFUSABLE_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK")


def strip_invisible(text: str) -> str:
    """Text -> the same text without characters that render as nothing."""
    return INVISIBLE.sub("", text)


def skeleton(key: str) -> str:
    """A normalised name -> what it looks like: look-alike letters of other scripts read as Latin."""
    return key.translate(LOOKALIKES)


def mixed_scripts(text: str) -> tuple[str, ...]:
    """The look-alike scripts mixed inside one word of `text` (e.g. ('CYRILLIC', 'LATIN')), or ()."""
    for word in text.split():
        scripts = {unicodedata.name(c, "").split(" ")[0] for c in word if c.isalpha()}
        mixed = tuple(sorted(scripts & set(CONFUSABLE_SCRIPTS)))
        if len(mixed) > 1:
            return mixed
    return ()
