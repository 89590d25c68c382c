"""Turkish-aware text helpers: NFC for stored text, casefolding for matching only.

Stored values are never folded; these keys exist so that matching treats "İNSAN" and "insan",
"IŞIK" and "ışık" alike (Python's ``str.casefold`` turns "İ" into "i̇" and "I" into "i").
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def nfc(text: str) -> str:
    """NFC-normalised text with runs of white space collapsed to one space and trimmed."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def turkish_fold(text: str) -> str:
    """Lower-case key for matching: İ→i, I→ı, then ordinary lower-casing, NFC, spaces collapsed."""
    text = unicodedata.normalize("NFC", text).replace("İ", "i").replace("I", "ı")
    return nfc(text.lower())


def match_key(text: str) -> str:
    """Folded key without punctuation, for fuzzy matching of names and headers."""
    folded = turkish_fold(text)
    return nfc(re.sub(r"[^\w\s]", " ", folded))


#: Turkish letters → the ASCII letter typed on a keyboard without them (and the circumflex vowels).
_TO_ASCII = str.maketrans({"ı": "i", "ş": "s", "ğ": "g", "ç": "c", "ö": "o", "ü": "u", "â": "a", "î": "i",
                           "û": "u"})
#: Glyphs a scanner confuses, as (pattern, replacement) applied in order to an ASCII key, each pair
#: turning both spellings into one: a one and a bar read for "l" or "I" (ASCII "i" after folding), and
#: "l" itself, all become "i"; a zero beside letters is "o"; "rn" is "m"; "ri" (the folded "rı") is
#: read as "n" ("Haklan" for "Hakları"), and so is a word's last "i" ("Kurumlan", "Başkanlığn").
_SCAN_CONFUSIONS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?<=[a-z])[1|]|[1|](?=[a-z])"), "i"),
    (re.compile(r"(?<=[a-z])0|0(?=[a-z])"), "o"),
    (re.compile(r"l"), "i"),
    (re.compile(r"rn"), "m"),
    (re.compile(r"ri"), "n"),
    (re.compile(r"i\b"), "n"),
)


def ascii_fold(text: str) -> str:
    """``turkish_fold`` and then every Turkish letter as its ASCII letter: "İnsan Kaynakları", "INSAN
    KAYNAKLARI" and "Insan Kaynaklari" (typed without Turkish letters) all give "insan kaynaklari"."""
    return turkish_fold(text).translate(_TO_ASCII)


def scan_key(text: str) -> str:
    """A key that survives keyboards and scanners, for matching only: ``ascii_fold``, punctuation out,
    and the glyph confusions of ``_SCAN_CONFUSIONS`` folded away. Many spellings share one key
    ("Sağlik Işleri", "Saglik lsleri"); whether two names that share it are one is for the caller."""
    key = nfc(re.sub(r"[^\w\s|]", " ", ascii_fold(text)))
    for pattern, replacement in _SCAN_CONFUSIONS:
        key = pattern.sub(replacement, key)
    return key
