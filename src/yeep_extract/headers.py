"""Header mapping: printed column-header texts → column role and year.

Takes the header text of each column of one table (lines joined, as printed, broken words and all)
and gives one ``ColumnSpec`` per column. Known header words are data (``schemas/headers.csv``, and
words that qualify a header without changing it, "Yılı", "Değeri", in ``schemas/header_fillers.csv``);
matching is fuzzy (rapidfuzz) over Turkish-folded keys with the spaces taken out, so that
"Gerçek leşme", "GERÇEKLEŞME" and "Gerçekle şme" all find "Gerçekleşme". A header that matches nothing
is a ``HeaderError`` naming it: a wrong column role would put every value of the column in the
wrong place, so it is never guessed.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from .textnorm import match_key
from .vocab import Role, schemas_dir

#: Minimum rapidfuzz ``ratio`` (0-100) of a header against a known header word. Broken or
#: misspelled headers score 85-95; different words ("Mevcut" vs "Gösterge") score below 40.
HEADER_MIN_SCORE = 80.0

YEAR = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")


class HeaderError(ValueError):
    """A column header the mapping does not know."""


@dataclass(frozen=True)
class ColumnSpec:
    """Role of one column and, for target/actual columns, its year (None: the report's year)."""

    role: Role
    year: int | None = None
    header: str = ""


@lru_cache(maxsize=1)
def known_headers() -> dict[str, Role]:
    """Squeezed match key of every known header word → its role, from ``schemas/headers.csv``."""
    with open(schemas_dir() / "headers.csv", encoding="utf-8", newline="") as fh:
        return {_squeeze(row["header"]): Role(row["role"]) for row in csv.DictReader(fh)}


@lru_cache(maxsize=1)
def filler_words() -> frozenset[str]:
    """Words that qualify a header without changing its role ("Yılı", "Değeri"), from
    ``schemas/header_fillers.csv``; dropped before matching."""
    with open(schemas_dir() / "header_fillers.csv", encoding="utf-8", newline="") as fh:
        return frozenset(match_key(row["word"]) for row in csv.DictReader(fh))


def _squeeze(text: str) -> str:
    return match_key(text).replace(" ", "")


def _without_fillers(text: str) -> str:
    return " ".join(word for word in match_key(text).split() if word not in filler_words())


def header_role(text: str) -> ColumnSpec | None:
    """The role of one printed header, or None when it matches no known header word."""
    years = YEAR.findall(text)
    rest = _squeeze(_without_fillers(YEAR.sub(" ", text)))
    year = int(years[0]) if len(years) == 1 else None
    if len(years) > 1:
        return None
    if not rest:
        return ColumnSpec(Role.TARGET, year, text) if year else None
    if any(ch.isdigit() for ch in rest):
        return None  # a number that is not a year: a value, never a header
    match = process.extractOne(rest, known_headers().keys(), scorer=fuzz.ratio)
    if match is None or match[1] < HEADER_MIN_SCORE:
        return None
    role = known_headers()[match[0]]
    if role in (Role.TARGET, Role.ACTUAL):
        return ColumnSpec(role, year, text)
    if year is not None and role != Role.BASELINE:
        return None  # a year in a text column's header: no known header
    return ColumnSpec(role, None, text)  # the baseline's year ("Mevcut Durum (2023)") is not a measure year


def is_header_word(text: str) -> bool:
    """True when a single printed word is (a fragment of) a known header: used to find header lines."""
    key = _squeeze(text)
    if not key:
        return False
    if YEAR.fullmatch(text.strip()):
        return True
    return any(len(key) >= 4 and (k.startswith(key) or fuzz.ratio(key, k) >= HEADER_MIN_SCORE)
               for k in known_headers())


def map_headers(texts: list[str]) -> list[ColumnSpec]:
    """Column specs for the header texts of one table, left to right; HeaderError on any unknown one."""
    specs = []
    for text in texts:
        spec = header_role(text)
        if spec is None:
            raise HeaderError(f"unknown column header {text!r}")
        specs.append(spec)
    roles = [s.role for s in specs]
    for role in (Role.ACTIVITY, Role.INDICATOR):
        if roles.count(role) != 1:
            raise HeaderError(f"table header needs exactly one {role.value} column, got {texts!r}")
    return specs
