"""Header mapping: printed column-header texts → column role and year.

Takes the header text of each column of one table (lines joined, as printed, broken words and all;
the text of a cell spanning several columns, "HEDEFLER" over the target years, comes before each
column's own) and gives one ``ColumnSpec`` per column. The wordings are data: ``schemas/headers.csv``
(a role and a wording people print: "Sorumlu müdürlük", "İşbirliği yapılacak kurum/kuruluş") and
``schemas/header_fillers.csv`` (words that qualify a header without changing its role: "Yılı",
"Değeri", "ve"). Every text is compared on a key folded for case, Turkish letters and their ASCII
spellings alike ("GERÇEKLEŞME", "Gerceklesme" and "GERCEKLESME" are one key, as an upper-case or
ASCII "I" may stand for "ı" or "İ"), with punctuation ("/") as a space:

1. the whole header against each wording, spaces taken out ("DESTEKÇİ KURUM/ KURULUŞ");
2. else word by word, by meaning: when each word is a word of some wordings (or it followed by a
   Turkish suffix: "Kuruluşlar", "Göstergesi"; one word alone only if it is a one-word wording so:
   "Hedefler", "Göstergeler"), the header's role is
   the one role all its words belong to ("Sorumlu Daire Başkanlığı", "İşbirliği Yapılacak Birim"),
   provided they read as one header (``_one_header``: the first word starts a wording, no later
   word starts one only); words of different roles ("Sorumlu Kurum ve Kuruluşlar"), qualifiers
   alone ("Kuruluş") or two headers run together ("Destekçi Kurum Paydaşlar") make no match;
3. else, when a word is of no wording, the whole against each wording, spaces taken out, fuzzily
   (rapidfuzz) and not longer: words broken over lines ("Gerçek leşme", "Gerçekle şme") or cut
   ("Gerçekle", the first line of a narrow cell).

A word of no wording that makes the header longer ("Oranı" in "Gerçekleşme Oranı") makes no
match: a wrong column role would put every value of the column in the wrong place, so it is never
guessed.

A header that matches no role is not fatal (``map_headers`` gives it ``role=None``: its column's
text is quarantined by the structure stage, and ``suggested_row`` offers the line to add to
``schemas/headers.csv``); a table without exactly one activity and one indicator column is a
``HeaderError``.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from .textnorm import ascii_fold, nfc
from .vocab import Role, schemas_dir

#: Minimum rapidfuzz ``ratio`` (0-100) of a header against a known header word. Broken or
#: misspelled headers score 85-95; different words ("Mevcut" vs "Gösterge") score below 40.
HEADER_MIN_SCORE = 80.0
#: A word of a wording followed by at most this many letters is that word with a Turkish suffix
#: ("hedef" + "ler", "gösterge" + "si", "kuruluş" + "ları"); only for words of five letters or
#: more, so that short words do not swallow others.
SUFFIX_MAX = 4
SUFFIX_MIN_STEM = 5
#: Fewest letters of a single word matched fuzzily (to a wording, or as a header word): one
#: letter off a short word is another word ("Kurum" and "Durum", "Kursu" and "Kurum").
FUZZY_MIN_WORD = 6
#: A header holding a word of no wording matches a whole wording, spaces taken out, only when it is
#: at most this share longer than the wording: a broken, misspelled or cut wording, not one with a
#: word more ("Gerçekleşme Oranı" is a rate, not the realization).
BROKEN_LENGTH_SHARE = 0.15

YEAR = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")



class HeaderError(ValueError):
    """A table header that cannot be read as a YEEP table (no activity or indicator column)."""


@dataclass(frozen=True)
class ColumnSpec:
    """Role of one column and, for target/actual columns, its year (None: the report's year).
    ``role`` is None for a header that fits no role: the column's text is quarantined."""

    role: Role | None
    year: int | None = None
    header: str = ""
    #: why the column's values are doubted whatever they read (``structure``: two columns of one measure and year)
    doubt: str | None = None


#: A suffix in brackets right after a word, "Birim(ler)", "Kurum(lar)": the word with or without it.
_BRACKETED_SUFFIX = re.compile(r"(?<=[^\W\d_])\(([^\W\d_]{1,4})\)")


def header_key(text: str) -> str:
    """Matching key of a header text: case, Turkish letters and ASCII spellings folded alike
    (``textnorm.ascii_fold``: an upper-case or ASCII-typed "I" may be ı or İ), punctuation as spaces;
    a suffix in brackets joined to its word ("Birim(ler)" is "Birimler", a word the suffix rule reads)."""
    return nfc(re.sub(r"[^\w\s]", " ", _BRACKETED_SUFFIX.sub(r"\1", ascii_fold(text))))


@lru_cache(maxsize=1)
def known_headers() -> dict[str, Role]:
    """Squeezed key of every known header wording → its role, from ``schemas/headers.csv``."""
    with open(schemas_dir() / "headers.csv", encoding="utf-8", newline="") as fh:
        return {_squeeze(_without_fillers(row["header"])): Role(row["role"]) for row in csv.DictReader(fh)}


@lru_cache(maxsize=1)
def filler_words() -> frozenset[str]:
    """Words that qualify a header without changing its role ("Yılı", "Değeri", "ve"), from
    ``schemas/header_fillers.csv``; dropped before matching."""
    with open(schemas_dir() / "header_fillers.csv", encoding="utf-8", newline="") as fh:
        return frozenset(header_key(row["word"]) for row in csv.DictReader(fh))


@lru_cache(maxsize=1)
def role_words() -> dict[str, frozenset[Role]]:
    """Every word of the known wordings (fillers left out) → the roles of the wordings it is in."""
    out: dict[str, set[Role]] = {}
    with open(schemas_dir() / "headers.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            for word in _without_fillers(row["header"]).split():
                out.setdefault(word, set()).add(Role(row["role"]))
    return {word: frozenset(roles) for word, roles in out.items()}


@lru_cache(maxsize=1)
def one_word_headers() -> frozenset[str]:
    """The keys of the wordings of one word ("gosterge", "hedef", "paydas")."""
    return frozenset(k for k in known_headers() if k and k in role_words())


@lru_cache(maxsize=1)
def head_words() -> tuple[frozenset[str], frozenset[str]]:
    """The words that start a wording ("sorumlu", "isbirligi", "gosterge") and those that follow
    the first word of some wording ("birim", "kurum", "gosterge" in "Performans göstergesi")."""
    with open(schemas_dir() / "headers.csv", encoding="utf-8", newline="") as fh:
        wordings = [words for row in csv.DictReader(fh) if (words := _without_fillers(row["header"]).split())]
    firsts = frozenset(w[0] for w in wordings)
    laters = {word for w in wordings for word in w[1:]}
    # a later word that is a first word with a suffix ("göstergesi" in "Performans göstergesi") may
    # follow with another suffix too ("Performans Göstergeleri"): its first word is a later word
    laters |= {first for first in firsts for word in list(laters) if first != word and _word_matches(word, first)}
    return firsts, frozenset(laters)


def _squeeze(key: str) -> str:
    return key.replace(" ", "")


def _without_fillers(text: str) -> str:
    """The header's key without filler words."""
    return " ".join(word for word in header_key(text).split() if word not in filler_words())


def _word_matches(word: str, known: str) -> bool:
    """A header word is a known word, or it with a suffix ("hedef" + "ler"). Not fuzzily: close
    spellings of single words are common words of the table's text ("desteği", "kursu"); a
    misspelled header is matched whole (``_role_of_text``, step 3)."""
    return word == known or (len(known) >= SUFFIX_MIN_STEM and word.startswith(known)
                             and len(word) - len(known) <= SUFFIX_MAX)


@lru_cache(maxsize=4096)
def _roles_of_word(word: str) -> frozenset[Role]:
    """The roles of the known words a header word is (empty: a word of no wording)."""
    roles: set[Role] = set()
    for known, known_roles in role_words().items():
        if _word_matches(word, known):
            roles |= known_roles
    return frozenset(roles)


def is_wording_word(key: str) -> bool:
    """True when one word's key is a word of some wording, or it with a suffix ("kuruluslar")."""
    return bool(_roles_of_word(key))


def _role_of_text(rest: str) -> Role | None:
    """The role of a header key without years and fillers (``header_role``)."""
    squeezed = _squeeze(rest)
    if squeezed in known_headers():
        return known_headers()[squeezed]
    word_roles = [_roles_of_word(word) for word in rest.split()]
    words = rest.split()
    if all(word_roles) and (len(words) > 1 or any(_word_matches(words[0], k) for k in one_word_headers())):
        # every word is a word of some wording: the one role they share, or none; a single word
        # only when it is a one-word wording with a suffix ("Göstergeler", "Hedefler")
        common = frozenset.intersection(*word_roles)
        return next(iter(common)) if len(common) == 1 and _one_header(words) else None
    # a word of no wording: a word broken over lines ("Gerçek leşme"), misspelled, or cut short
    # ("Gerçekle", the first line of a narrow cell), when the whole is close to one wording and not
    # longer (not "Gerçekleşme" + "Oranı")
    if len(words) == 1 and len(squeezed) < FUZZY_MIN_WORD:
        return None  # a short word one letter off a wording is another word ("Kurum", "Durum")
    match = process.extractOne(squeezed, known_headers().keys(), scorer=fuzz.ratio)
    if match is not None and match[1] >= HEADER_MIN_SCORE \
            and len(squeezed) <= (1 + BROKEN_LENGTH_SHARE) * len(match[0]):
        return known_headers()[match[0]]
    return None


def _one_header(words: list[str]) -> bool:
    """The words read as one header: the first starts a wording, and no later word starts one
    without following a first word in some other. Qualifiers alone ("Kuruluş", the rest of a
    header cut from its first words) name no column; "Destekçi Kurum Paydaşlar" is a header and a
    cell's text run together."""
    firsts, laters = head_words()

    def among(word: str, known: frozenset[str]) -> bool:
        return any(_word_matches(word, k) for k in known)

    return among(words[0], firsts) and all(among(w, laters) or not among(w, firsts) for w in words[1:])


def header_role(text: str) -> ColumnSpec | None:
    """The role of one printed header, or None when it fits no role."""
    years = YEAR.findall(text)
    if len(years) > 1:
        return None
    year = int(years[0]) if years else None
    rest = _without_fillers(YEAR.sub(" ", text))
    if not rest:
        return ColumnSpec(Role.TARGET, year, text) if year else None
    if any(ch.isdigit() for ch in rest):
        return None  # a number that is not a year: a value, never a header
    role = _role_of_text(rest)
    if role is None:
        return None
    if role in (Role.TARGET, Role.ACTUAL):
        return ColumnSpec(role, year, text)
    if year is not None and role != Role.BASELINE:
        return None  # a year in a text column's header: no known header
    return ColumnSpec(role, None, text)  # the baseline's year ("Mevcut Durum (2023)") is not a measure year


@lru_cache(maxsize=1)
def _wording_beginnings() -> frozenset[str]:
    """Every beginning of four letters or more of a known wording's key ("gerc" is too short,
    "gerce" and "gerceklesme" are in): ``is_header_word`` asks each word of every page whether it
    begins a wording, and a set answers without a loop over the wordings."""
    return frozenset(key[:n] for key in known_headers() for n in range(4, len(key) + 1))


@lru_cache(maxsize=8192)  # header and region detection ask again for the same words on every page
def is_header_word(text: str) -> bool:
    """True when a single printed word is (a fragment of) a known header: used to find header lines.

    A year, the beginning of a wording ("Gerçekle", "Destekçi"), a one-word wording with a suffix
    ("Hedefler", "Göstergeler"), or a word spelled close to a whole wording (the closest wording by
    rapidfuzz's ``ratio``, found in C: every word of a report is asked once)."""
    if YEAR.fullmatch(text.strip()):
        return True
    key = _squeeze(header_key(text))
    if not key or key in filler_words():
        return False
    if key in _wording_beginnings():
        return True
    if len(key) >= FUZZY_MIN_WORD and process.extractOne(key, known_headers().keys(), scorer=fuzz.ratio,
                                                         score_cutoff=HEADER_MIN_SCORE) is not None:
        return True
    # a one-word wording, or it with a suffix (``_word_matches``), looked up by the key's beginnings
    words = one_word_headers()
    return key in words or any(key[:n] in words for n in range(max(SUFFIX_MIN_STEM, len(key) - SUFFIX_MAX), len(key)))


def suggested_row(text: str) -> str:
    """The line to add to ``schemas/headers.csv`` for a header that fits no role: the role whose
    wordings share most of its words (a person checks it), the header as printed, a reason."""
    rest = _without_fillers(YEAR.sub(" ", text)) or header_key(text)
    scores: dict[Role, int] = {}
    for word in rest.split():
        for role in _roles_of_word(word):
            scores[role] = scores.get(role, 0) + 1
    role = max(scores, key=lambda r: (scores[r], -list(Role).index(r))).value if scores else "ROLE"
    printed = " ".join(text.split())
    quoted = f'"{printed}"' if "," in printed or '"' in printed else printed
    return f"{role},{quoted},seen in a report (check the role: {'|'.join(r.value for r in Role)})"


def map_headers(texts: list[str], unknown_ok: bool = False) -> list[ColumnSpec]:
    """Column specs for the header texts of one table, left to right.

    A header that fits no role is a ``HeaderError`` naming it, unless ``unknown_ok``: then its spec
    has ``role=None`` (the caller quarantines the column's text). A table without exactly one
    activity and one indicator column is a ``HeaderError`` either way."""
    specs = []
    for text in texts:
        spec = header_role(text)
        if spec is None:
            if not unknown_ok:
                raise HeaderError(f"unknown column header {text!r}; if it names a column role, add to "
                                  f"schemas/headers.csv: {suggested_row(text)}")
            spec = ColumnSpec(None, None, text)
        specs.append(spec)
    roles = [s.role for s in specs]
    for role in (Role.ACTIVITY, Role.INDICATOR):
        if roles.count(role) != 1:
            raise HeaderError(f"table header needs exactly one {role.value} column, got {texts!r}")
    return specs
