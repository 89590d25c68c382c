"""Words of a flow dump: value tokens, the word classes of ``schemas/text_markers.csv``, and pieces.

Shared by the flow reader's parts (``text_header``, ``text_runs``, ``text_split``) so that each
reads a word the same way: a value is a number as the scoring convention reads it or a dash, and a
word's class (closes an institution name, continues one, names a measure, ends a verb phrase) is
looked up on the key the unit matcher folds names to (``textnorm.scan_key``: case, Turkish letters
typed as ASCII ones and a scanner's confusions folded away), and an institution word misspelt by a
letter ("Diresi", "BAŞKAI", "Müürü") is still one, as the unit matcher reads it (``textnorm.is_typo_of``).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache

from ..textnorm import is_typo_of, scan_key
from ..vocab import NUMBER_TOKEN, schemas_dir

DASHES = frozenset({"-", "–", "—"})

#: Shortest folded word whose ending may mark a verb phrase (``title_end`` suffixes such as "mak"):
#: shorter words ("mak", "yemek"...) are too often nouns.
TITLE_END_MIN_LENGTH = 5
#: Most letters of an acronym ("KOSGEB", "UNICEF"); a longer word in capitals is a word typed in capitals.
ACRONYM_MAX_LETTERS = 6
#: A misspelt marker word differs from it in length by a letter at most: "Muhtarlık" is no misspelt
#: "Muhtarlıklar", though the two are as close as a typo (``textnorm.TYPO_MIN_RATIO``).
TYPO_MAX_LENGTH_CHANGE = 1
#: Word classes of institution names, whose words are matched misspelt too (see ``kind_of``).
UNIT_CLASSES = ("unit_end", "unit_end_weak", "unit_continue")


@dataclass(frozen=True)
class Piece:
    """A word of an activity's text with where it was printed; ``flag`` says why its column is doubtful."""

    text: str
    line_no: int
    page: int | None
    line_start: bool
    flag: str | None = None


@lru_cache(maxsize=1)
def markers() -> dict[str, frozenset[str]]:
    """Word classes: marker → folded words (or suffixes). From ``schemas/text_markers.csv``, and from
    the unit matcher's own data, so that a type word or abbreviation it knows marks a name here too:
    each type word of ``schemas/unit_words.csv`` ("Başkanı", "Müdürü", "Daire") takes the classes of the
    word it means ("başkanlığı"), and each abbreviation of ``schemas/unit_abbreviations.csv`` ("DB", "Dai.
    Bşk.", "Hiz.") ends as its expansion ends, its other abbreviated words continuing a name."""
    out: dict[str, set[str]] = {}
    with open(schemas_dir() / "text_markers.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            out.setdefault(row["marker"], set()).add(word_key(row["word"]))

    def classes(word: str) -> list[str]:
        return [marker for marker in UNIT_CLASSES if word_key(word) in out.get(marker, ())]

    derived: list[tuple[str, str]] = []
    with open(schemas_dir() / "unit_words.csv", encoding="utf-8", newline="") as fh:
        derived += [(row["word"], marker) for row in csv.DictReader(fh) if row["kind"] == "type"
                    for marker in classes(row["means"])]
    with open(schemas_dir() / "unit_abbreviations.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            *inner, last = row["abbreviation"].split()
            derived += [(last, marker) for marker in classes(row["expansion"].split()[-1])]
            # an abbreviated word inside one continues a name ("Dai." of "Dai. Bşk."); a whole word
            # there may as well start one ("İl" of "İl Md.": "İl Milli Eğitim Müdürlüğü")
            derived += [(word, "unit_continue") for word in inner if word.endswith(".")]
    for word, marker in derived:
        out[marker].add(word_key(word))
    return {k: frozenset(v) for k, v in out.items()}


@lru_cache(maxsize=65536)  # the splitter asks again for the same words of a cell, split after split
def word_key(word: str) -> str:
    """A word folded for the marker lists as the unit matcher folds names (``textnorm.scan_key``): a
    report typed without Turkish letters, in capitals or through a scanner ("BASKANLIGI", "Kurumlan",
    "Hizrnetleri") still marks its unit and measure words. Punctuation inside the word is a space in
    the key ("d b" for "D.B."), the same for the marker lists and the text."""
    return scan_key(word)


def is_value_token(word: str) -> bool:
    """A printed value cell: a number as the scoring convention reads it, or a dash."""
    return word in DASHES or bool(NUMBER_TOKEN.match(word))


def kind_of(word: str) -> frozenset[str]:
    """The marker classes of one word (``unit_end``, ``measure``, ``title_end``, ...)."""
    return _kinds(word_key(word))


@lru_cache(maxsize=4096)
def _kinds(key: str) -> frozenset[str]:
    kinds = {marker for marker, words in markers().items() if marker != "title_end" and key in words}
    if not kinds & set(UNIT_CLASSES):  # an institution word misspelt, as the unit matcher reads type words
        kinds |= {marker for marker in UNIT_CLASSES for known in markers().get(marker, ())
                  if abs(len(key) - len(known)) <= TYPO_MAX_LENGTH_CHANGE and is_typo_of(key, known)}
    if len(key) >= TITLE_END_MIN_LENGTH and any(key.endswith(s) for s in markers()["title_end"]):
        kinds.add("title_end")
    return frozenset(kinds)


@lru_cache(maxsize=65536)
def is_acronym(word: str) -> bool:
    """Two or more letters, all capitals: "MEB", "İŞKUR", "STK'lar" is not one."""
    letters = [ch for ch in word if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


@lru_cache(maxsize=1)
def filler_words() -> frozenset[str]:
    """Keys of the words that join the words of a name ("ve"), from the unit matcher's
    ``schemas/unit_words.csv``."""
    with open(schemas_dir() / "unit_words.csv", encoding="utf-8", newline="") as fh:
        return frozenset(word_key(row["word"]) for row in csv.DictReader(fh) if row["kind"] == "filler")


def _shouted_lines(pieces: list[Piece]) -> set[int]:
    """Lines typed in capitals: their capitals words include one the marker lists or the fillers know
    as an ordinary word ("KADIN VE AİLE", "MBB KARİYER MERKEZİ"), or one longer than acronyms are
    ("TEKSİN UYGULAMASI"; digits count, a scanner's "Y0NETIM" is a word)."""
    return {p.line_no for p in pieces if is_acronym(p.text) and (
        kind_of(p.text) or word_key(p.text) in filler_words()
        or sum(ch.isalnum() for ch in p.text) > ACRONYM_MAX_LETTERS)}


def acronyms(pieces: list[Piece]) -> list[bool]:
    """Which pieces stand as acronyms ("MEB", "AÇEV MEB"): words in capitals, but not on a line typed
    in capitals (``_shouted_lines``), where case tells no acronym from a word and names are cut at
    their institution words alone."""
    shouted = _shouted_lines(pieces)
    return [is_acronym(p.text) and p.line_no not in shouted for p in pieces]


def shouted(pieces: list[Piece]) -> list[bool]:
    """Which pieces are words of a line typed in capitals (see ``_shouted_lines``)."""
    lines = _shouted_lines(pieces)
    return [is_acronym(p.text) and p.line_no in lines for p in pieces]
