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
