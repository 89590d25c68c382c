"""Words of a flow dump: value tokens, the word classes of ``schemas/text_markers.csv``, and pieces.

Shared by the flow reader's parts (``text_header``, ``text_runs``, ``text_split``) so that each
reads a word the same way: a value is a number as the scoring convention reads it or a dash, and a
word's class (closes an institution name, continues one, names a measure, ends a verb phrase) is
looked up on its Turkish-folded form.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache

from ..textnorm import turkish_fold
from ..vocab import NUMBER_TOKEN, schemas_dir

DASHES = frozenset({"-", "–", "—"})

#: Shortest folded word whose ending may mark a verb phrase (``title_end`` suffixes such as "mak"):
#: shorter words ("mak", "yemek"...) are too often nouns.
TITLE_END_MIN_LENGTH = 5


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
    """Word classes from ``schemas/text_markers.csv``: marker → folded words (or suffixes)."""
    out: dict[str, set[str]] = {}
    with open(schemas_dir() / "text_markers.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            out.setdefault(row["marker"], set()).add(word_key(row["word"]))
    return {k: frozenset(v) for k, v in out.items()}


#: Turkish letters to the ASCII letters a keyboard without them types ("Paydaslar", "Başkanlıgı").
_ASCII_LETTERS = str.maketrans("ışğçöüâîû", "isgcouaiu")


def word_key(word: str) -> str:
    """A word folded for the marker lists: Turkish lower case, then Turkish letters as ASCII ones (a
    report typed or scanned without them still marks its unit and measure words), one apostrophe, no
    edge punctuation."""
    folded = turkish_fold(word).translate(_ASCII_LETTERS)
    return folded.replace("’", "'").replace("‘", "'").strip(".,;:()[]\"“”")


def is_value_token(word: str) -> bool:
    """A printed value cell: a number as the scoring convention reads it, or a dash."""
    return word in DASHES or bool(NUMBER_TOKEN.match(word))


def kind_of(word: str) -> frozenset[str]:
    """The marker classes of one word (``unit_end``, ``measure``, ``title_end``, ...)."""
    key = word_key(word)
    kinds = {marker for marker, words in markers().items() if marker != "title_end" and key in words}
    if len(key) >= TITLE_END_MIN_LENGTH and any(key.endswith(s) for s in markers()["title_end"]):
        kinds.add("title_end")
    return frozenset(kinds)


def is_acronym(word: str) -> bool:
    """Two or more letters, all capitals: "MEB", "İŞKUR", "STK'lar" is not one."""
    letters = [ch for ch in word if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)
