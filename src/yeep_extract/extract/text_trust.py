"""Whether a page's text layer gives the letters that are printed.

A PDF's characters are glyph codes mapped to Unicode by the font's ``ToUnicode`` table (or its
encoding). When that table is missing or wrong, the page still shows the right letters but its
text says something else, and nothing in the file tells: a font subset without ``ToUnicode``
gives control characters or pdfminer's ``(cid:7)`` for every letter outside ASCII, and a producer
that rebuilds the table wrongly (seen: Ghostscript 10.0's ``pdfwrite`` re-writing a Chromium PDF)
maps the Turkish letters to digits and punctuation ("Kad2n", "Ba`kanl2ğ2", "DESTEKÇ1"). Digits of
values usually survive, so reading such a page gives right-looking numbers under garbled names:
the page is to be read from its image (``pdf_ocr``), or not at all, never from its text.

Turkish text is words of letters: a digit or a stray symbol between two letters, or a character
that maps to no letter at all, is rare in a real report ("COVID-19" and "2024'te" have a separator,
codes as "1.1.2." have no letters). So a page whose words show either often enough is not trusted.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

#: A page needs at least this many words of two or more letters to be judged (a cover page of a
#: few words, or a page number, is left alone).
MIN_WORDS = 20
#: Share of those words, at or above which the page's text layer is not trusted. Measured: no page
#: of the fixtures or the shipped report reaches 0.02 (tests/test_text_trust.py); a missing or
#: wrong table for the Turkish letters garbles a third or more of a report's words.
MAX_GARBLED_SHARE = 0.1
#: Characters closer than this many em (of the character's size) are of one word when the
#: layer has no space between them (as ``geometry`` joins words without space characters).
WORD_GAP_EM = 0.12

#: A digit or a symbol no word holds between two letters ("Kad2n", "E`itlik", "BA_LANGIÇ").
_INSIDE_WORD = re.compile(r"[^\W\d_][\d_`^|~\\#@$*+=<>]+[^\W\d_]")
#: What pdfminer writes for a glyph its font maps to no character.
_CID = re.compile(r"\(cid:\d+\)")


def _unmapped(text: str) -> bool:
    """Whether ``text`` holds a character a font without a working Unicode map gives: a control
    character, a private-use one, the replacement character, or pdfminer's ``(cid:N)``."""
    if _CID.search(text):
        return True
    return any((unicodedata.category(c) in ("Cc", "Co", "Cs") and c not in "\t\n\r") or c == "\ufffd"
               for c in text)


def _words(chars: Sequence[dict[str, Any]]) -> Iterator[str]:
    """The chars in the order the page paints them, cut into words at spaces, at a gap wider than
    ``WORD_GAP_EM`` and where the line changes."""
    current: list[dict[str, Any]] = []
    for char in chars:
        text = char["text"]
        if text.isspace() or not text:
            if current:
                yield "".join(c["text"] for c in current)
            current = []
            continue
        if current:
            prev = current[-1]
            size = max(float(char.get("size") or 0.0), 1.0)
            if abs(char["top"] - prev["top"]) > size / 2 or not -size < char["x0"] - prev["x1"] < WORD_GAP_EM * size:
                yield "".join(c["text"] for c in current)
                current = []
        current.append(char)
    if current:
        yield "".join(c["text"] for c in current)


def garbled_share(words: Iterable[str]) -> tuple[int, int]:
    """How many of the words of two or more letters (or with unmapped glyphs) look garbled, and how
    many there are."""
    judged = garbled = 0
    for word in words:
        unmapped = _unmapped(word)
        if not unmapped and sum(1 for c in word if c.isalpha()) < 2:
            continue
        judged += 1
        garbled += unmapped or bool(_INSIDE_WORD.search(word))
    return garbled, judged


def untrusted_words(words: Iterable[str]) -> str | None:
    """Why a page of these words is not to be read (they are not the printed letters), or None."""
    garbled, judged = garbled_share(words)
    if judged < MIN_WORDS or garbled < MAX_GARBLED_SHARE * judged:
        return None
    return (f"its text layer does not give the printed letters ({garbled} of {judged} words garbled: "
            f"a font without a working Unicode map)")


def untrusted_text(chars: Sequence[dict[str, Any]]) -> str | None:
    """Why the page whose characters are ``chars`` is not to be read from them, or None."""
    return untrusted_words(_words(chars))
