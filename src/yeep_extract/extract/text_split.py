"""The first text of an activity in a flow dump → activity title | unit names | first indicator name.

In a flow dump the title, the units and the first indicator name of an activity follow one another
with nothing between them. Where each ends is chosen by a small score over word classes kept as data
in ``schemas/text_markers.csv``: activity titles end in a verb ("düzenlemek", "sağlanması"), unit
names in an institution word ("Başkanlığı", "Merkezi") or are acronyms ("MEB"), indicator names end
in a measure word ("sayısı"); a cut at the start of a printed line scores better than one inside it.
"""

from __future__ import annotations

from .text_words import DASHES, Piece, is_acronym, kind_of

#: Score weights of the split, by what each says about a cut (see ``split_first``).
LINE_START_BONUS = 1.0  # a cell's text starts on a new line in every dump form that breaks lines
TITLE_VERB_BONUS = 3.0  # the title's last word is a verb phrase ending ("düzenlemek")
TITLE_PAREN_BONUS = 2.0  # "... düzenlemek (örn. Araba tamiri)": a bracket closing after a verb
TITLE_NO_VERB_PENALTY = 2.0
NO_UNITS_PENALTY = 2.0  # the header has unit columns: an activity almost always names a unit
MEASURE_IN_UNITS_PENALTY = 3.0
VERB_OUTSIDE_TITLE_PENALTY = 2.0
NAME_MEASURE_END_BONUS = 2.0
NAME_MEASURE_INSIDE_BONUS = 1.0
NAME_UNIT_WORD_PENALTY = 1.0
NAME_LOWER_START_PENALTY = 2.0
#: How many words before a closing bracket a verb may stand for the bracket to end the title.
PAREN_VERB_REACH = 6


def split_first(words: list[Piece], has_units: bool) -> tuple[list[Piece], list[list[Piece]], list[Piece]]:
    """Title words, unit names and first indicator name words of an activity's first text."""
    if len(words) < 2:
        return words, [], []
    kinds = [kind_of(p.text) for p in words]
    n = len(words)
    best: tuple[float, int, int] | None = None
    for c1 in range(1, n):
        title_score = _title_score(words, kinds, c1)
        for c2 in range(c1, n if has_units else c1 + 1):
            score = title_score + _units_score(words, kinds, c1, c2, has_units) + _name_score(words, kinds, c2)
            if best is None or score > best[0]:
                best = (score, c1, c2)
    assert best is not None
    _, c1, c2 = best
    return words[:c1], unit_names(words[c1:c2]), words[c2:]


def split_continued(words: list[Piece], has_units: bool) -> tuple[list[list[Piece]], list[Piece]]:
    """Unit names and indicator name of a row continued over a page, which prints no title."""
    if not has_units or len(words) < 2:
        return [], words
    kinds = [kind_of(p.text) for p in words]
    c2 = max(range(len(words)), key=lambda c: _units_score(words, kinds, 0, c, has_units)
             + _name_score(words, kinds, c))
    return unit_names(words[:c2]), words[c2:]


def _title_score(words: list[Piece], kinds: list[frozenset[str]], c1: int) -> float:
    score = LINE_START_BONUS if words[c1].line_start else -LINE_START_BONUS
    last = words[c1 - 1].text
    tail = kinds[max(0, c1 - PAREN_VERB_REACH):c1]
    if "title_end" in kinds[c1 - 1]:
        score += TITLE_VERB_BONUS
    elif last.endswith(")") and any("title_end" in k for k in tail):
        score += TITLE_PAREN_BONUS
    else:
        score -= TITLE_NO_VERB_PENALTY
    return score


def _units_score(words: list[Piece], kinds: list[frozenset[str]], c1: int, c2: int, has_units: bool) -> float:
    if c2 == c1:
        return -NO_UNITS_PENALTY if has_units else 0.0
    score = 0.0
    for k in kinds[c1:c2]:
        if k & {"unit_end", "unit_end_weak", "unit_continue"}:
            score += 1
        if "measure" in k:
            score -= MEASURE_IN_UNITS_PENALTY
        if "title_end" in k:
            score -= VERB_OUTSIDE_TITLE_PENALTY
    last = words[c2 - 1].text
    if kinds[c2 - 1] & {"unit_end", "unit_end_weak"} or is_acronym(last) or last in DASHES:
        score += 1
    return score


def _name_score(words: list[Piece], kinds: list[frozenset[str]], c2: int) -> float:
    score = LINE_START_BONUS / 2 if words[c2].line_start else -LINE_START_BONUS / 2
    if "measure" in kinds[-1]:
        score += NAME_MEASURE_END_BONUS
    elif any("measure" in k for k in kinds[c2:]):
        score += NAME_MEASURE_INSIDE_BONUS
    for k in kinds[c2:]:
        if "unit_end" in k:
            score -= NAME_UNIT_WORD_PENALTY
        if "title_end" in k:
            score -= VERB_OUTSIDE_TITLE_PENALTY
    if words[c2].text[:1].islower():
        score -= NAME_LOWER_START_PENALTY
    return score


def unit_names(pieces: list[Piece]) -> list[list[Piece]]:
    """The units text cut into institution names: after a word that closes a name, at an acronym
    standing alone, and after a word that may close one when no continuing word follows."""
    names: list[list[Piece]] = []
    for k, piece in enumerate(pieces):
        if not names or _starts_name(pieces, k):
            names.append([piece])
        else:
            names[-1].append(piece)
    return names


def _starts_name(pieces: list[Piece], k: int) -> bool:
    prev, word = pieces[k - 1], pieces[k]
    prev_kinds, kinds = kind_of(prev.text), kind_of(word.text)
    if prev.text in DASHES or word.text in DASHES:
        return True
    if prev.text.endswith(","):
        return True
    if "unit_continue" in kinds:
        return False
    if "unit_end" in prev_kinds:
        return True
    if "unit_end_weak" in prev_kinds and word.text[:1].isupper():
        return True
    return bool(is_acronym(prev.text) and (word.line_start or is_acronym(word.text)) and word.text[:1].isupper())
