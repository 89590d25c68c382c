"""Turkish-aware text helpers: NFC for stored text, casefolding for matching only.

Stored values are never folded; these keys exist so that matching treats "İNSAN" and "insan",
"IŞIK" and "ışık" alike (Python's ``str.casefold`` turns "İ" into "i̇" and "I" into "i").
"""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz import fuzz

_SPACES = re.compile(r"\s+")

#: A folded word this close (rapidfuzz ratio, 0-100) to a known word is a misspelling of it ("baskanlgi",
#: "muuru" of "mudurlugu"'s variant "muduru"), when it has at least ``TYPO_MIN_LEN`` letters: shorter
#: words differ too much by one letter. Shared by the unit matcher's type words and the text reader's
#: unit markers, so that both read a misspelt word alike.
TYPO_MIN_RATIO = 85.0
TYPO_MIN_LEN = 5


#: Turkish letters read through a Western code page: Windows-1252 and Latin-1 have "ý þ ð Ý Þ Ð" at
#: the bytes where Windows-1254 (Turkish) has "ı ş ğ İ Ş Ğ". A Turkish text shows them when a PDF's
#: font maps its Turkish glyphs by WinAnsiEncoding, or a dump in Windows-1254 was read as 1252. No
#: Turkish word has these letters, so each one is put back.
_WESTERN_FOR_TURKISH = str.maketrans("ýþðÝÞÐ", "ışğİŞĞ")
_WESTERN_LETTERS = re.compile("[ýþðÝÞÐ]")
#: Each byte 0x80-0xFF as a one-byte code page shows it (Latin-1 and Windows-1252, which differ at
#: 0x80-0x9F), and back: a UTF-8 text read so shows each character of two or three bytes as two or
#: three of these.
_SHOWN = {chr(b): b for b in range(0x80, 0x100)} | {
    bytes([b]).decode("cp1252"): b for b in range(0x80, 0xA0) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}
_CONTINUATION = "".join(re.escape(c) for c, b in _SHOWN.items() if b < 0xC0)
#: A UTF-8 character read so: a lead byte (two bytes: "Ã", "Ä", "Å"; three: "â") and its continuations
_MOJIBAKE = re.compile(f"[\u00c2-\u00df][{_CONTINUATION}]|[\u00e0-\u00ef][{_CONTINUATION}]{{2}}")
#: What such a sequence may stand for in a Turkish report: its letters and the punctuation of a word
#: processor. Anything else is left as printed ("Ü’" is not the Syriac letter its bytes would make).
_MOJIBAKE_TARGETS = frozenset("çğıöşüÇĞİÖŞÜâîûÂÎÛéÉ’‘“”–—…•€₺°\u00a0")


def _unmojibaked(sequence: re.Match[str]) -> str:
    text = sequence.group(0)
    try:
        character = bytes(_SHOWN[c] for c in text).decode("utf-8")
    except UnicodeDecodeError:
        return text
    return character if character in _MOJIBAKE_TARGETS else text


def needs_repair(text: str) -> bool:
    """Whether ``repaired_letters`` may change ``text`` (a quick test for a page's words joined)."""
    return bool(_WESTERN_LETTERS.search(text) or _MOJIBAKE.search(text))


def repaired_letters(text: str) -> tuple[str, int]:
    """``text`` with the Turkish letters a code-page mix-up replaced put back, and how many places
    were repaired: each character of a UTF-8 text read in a one-byte code page ("BaÅŸkanlÄ±ÄŸÄ±"),
    then the Western letters standing for Turkish ones (``_WESTERN_FOR_TURKISH``). A repair, not a
    folding: what comes back is the text as it was written."""
    repairs = 0

    def counted(sequence: re.Match[str]) -> str:
        nonlocal repairs
        character = _unmojibaked(sequence)
        repairs += character != sequence.group(0)
        return character

    text = _MOJIBAKE.sub(counted, text)
    western = len(_WESTERN_LETTERS.findall(text))
    if western:
        text = text.translate(_WESTERN_FOR_TURKISH)
    return text, repairs + western


def nfc(text: str) -> str:
    """NFC-normalised text with runs of white space collapsed to one space and trimmed."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def turkish_fold(text: str) -> str:
    """Lower-case key for matching: İ→i, I→ı, then ordinary lower-casing, NFC, spaces collapsed; an "i"
    with a combining dot above (what non-Turkish lower-casing makes of "İ") is an "i"."""
    text = unicodedata.normalize("NFC", text).replace("İ", "i").replace("I", "ı")
    return nfc(text.lower().replace("i\u0307", "i"))


def match_key(text: str) -> str:
    """Folded key without punctuation, for fuzzy matching of names and headers."""
    folded = turkish_fold(text)
    return nfc(re.sub(r"[^\w\s]", " ", folded))


#: Turkish letters → the ASCII letter typed on a keyboard without them (and the circumflex vowels).
_TO_ASCII = str.maketrans({"ı": "i", "ş": "s", "ğ": "g", "ç": "c", "ö": "o", "ü": "u", "â": "a", "î": "i",
                           "û": "u"})
#: Inside a word that has letters, a one or a bar is a scanner's "l" or "I" and a zero its "O".
_GLYPH_WORD = re.compile(r"[\w|]*[a-z][\w|]*")
#: One glyph for another, letter for letter: "1", "|", "l" and "I" (ASCII "i" after folding) are all
#: "i"; "0" is "o".
_GLYPH_LETTERS = str.maketrans({"1": "i", "|": "i", "l": "i", "0": "o"})
#: Letter sequences a scanner confuses, as (pattern, replacement) applied in order to a glyph key, each
#: pair turning both spellings into one: "rn" is "m"; a word's last "ri" (the folded "rı") is read as
#: "n" ("Haklan" for "Hakları", "Kurumlan"), and so is a word's last "i" alone. ("rı" inside a word is
#: left: folding it too turns one lost letter nearby into two differences.)
_SCAN_CONFUSIONS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"rn"), "m"),
    (re.compile(r"ri\b"), "n"),
    (re.compile(r"i\b"), "n"),
)


def ascii_fold(text: str) -> str:
    """``turkish_fold`` and then every Turkish letter as its ASCII letter: "İnsan Kaynakları", "INSAN
    KAYNAKLARI" and "Insan Kaynaklari" (typed without Turkish letters) all give "insan kaynaklari"."""
    return turkish_fold(text).translate(_TO_ASCII)


def glyph_key(text: str) -> str:
    """``ascii_fold`` without punctuation, with the one-for-one glyph confusions of ``_GLYPH_LETTERS``
    inside words ("K0ntr01", "Kontrol" → "kontroi"), for matching only: lengths are kept, so a fuzzy
    score over it counts each lost or wrong letter once."""
    key = nfc(re.sub(r"[^\w\s|]", " ", ascii_fold(text)))
    return _GLYPH_WORD.sub(lambda word: word.group(0).translate(_GLYPH_LETTERS), key)


def scan_key(text: str) -> str:
    """A key that survives keyboards and scanners, for matching only: ``glyph_key`` with the letter
    sequences of ``_SCAN_CONFUSIONS`` folded away. Many spellings share one key ("Sağlik Işleri",
    "Saglik lsleri", "Sağlık İşlen"); whether two names that share it are one is for the caller."""
    key = glyph_key(text)
    for pattern, replacement in _SCAN_CONFUSIONS:
        key = pattern.sub(replacement, key)
    return key


def is_typo_of(key: str, known: str) -> bool:
    """Whether folded ``key`` is ``known`` misspelt by about a letter (see ``TYPO_MIN_RATIO``)."""
    return len(key) >= TYPO_MIN_LEN and fuzz.ratio(key, known) >= TYPO_MIN_RATIO
