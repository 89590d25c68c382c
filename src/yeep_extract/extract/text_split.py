"""The first text of an activity in a flow dump → activity title | unit names | first indicator name.

In a flow dump the title, the units and the first indicator name of an activity follow one another
with nothing between them. Where each ends is chosen by a small score over word classes kept as data
in ``schemas/text_markers.csv``: activity titles end in a verb ("düzenlemek", "sağlanması"), unit
names in an institution word ("Başkanlığı", "Merkezi") or are acronyms ("MEB"), indicator names end
in a measure word ("sayısı"); a cut at the start of a printed line scores better than one inside it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from itertools import groupby

from .text_words import DASHES, Piece, acronyms, filler_words, kind_of, shouted, word_key

#: Punctuation printed between unit names of one cell.
LIST_SEPARATORS = frozenset({",", "/", ";"})

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
#: A cell's text starting in lower case is a wrapped line of the cell before it, not a new cell
#: (3.0 for names: more than the measure-word bonus, so "sayısı" alone is never a name).
NAME_LOWER_START_PENALTY = 3.0
UNIT_LOWER_START_PENALTY = 2.0
#: The title cut right before a word in lower case: the title goes on ("... kentte yapılması" /
#: "istedikleri faaliyetleri ... koyma"), even after a word that looks like its verb.
TITLE_CUT_LOWER_PENALTY = 3.0
#: A name whose first printed line leaves room for the next line's first word did not wrap there: that
#: line is another cell's (a unit name on its own line: "Mercek" / "Açılan kurs ve atölye sayısı").
NAME_FIRST_LINE_FITS_PENALTY = 2.0
#: Share of a name's longest line that its first line and the next line's first word must stay within
#: to count as fitting: widths of proportional letters differ, character counts only approximate them.
FIT_SHARE = 0.8
#: A name starting with an acronym followed by a capitalised word ("IOM Merkez sayısı"): the
#: acronym is the last unit name, printed on the name's line.
NAME_ACRONYM_START_PENALTY = 1.0


def split_first(words: list[Piece], has_units: bool) -> tuple[list[Piece], list[list[Piece]], list[Piece]]:
    """Title words, unit names and first indicator name words of an activity's first text."""
    if len(words) < 2:
        return words, [], []
    kinds = [kind_of(p.text) for p in words]
    acronym = acronyms(words)
    n = len(words)
    lower_names = lower_name_counter(words)
    name_scores = [_name_score(words, kinds, acronym, c2) for c2 in range(n)]  # each c2 pairs with many c1
    best: tuple[float, int, int] | None = None
    for c1 in range(1, n):
        title_score = _title_score(words, kinds, c1)
        for c2 in range(c1, n if has_units else c1 + 1):
            score = (title_score + _units_score(words, kinds, acronym, lower_names, c1, c2, has_units)
                     + name_scores[c2])
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
    acronym, lower_names = acronyms(words), lower_name_counter(words)
    c2 = max(range(len(words)), key=lambda c: _units_score(words, kinds, acronym, lower_names, 0, c, has_units)
             + _name_score(words, kinds, acronym, c))
    return unit_names(words[:c2]), words[c2:]


def split_carried(words: list[Piece], has_run: bool) -> tuple[list[Piece], list[Piece], list[Piece], list[Piece]]:
    """The start of a part continued on a new page → (rest of the title, of the last unit name and of
    the indicator name of the row broken at the page end, what follows). The broken row's text ends
    at a measure word closing a line ("Evde Temizlik" / page break / "Hizmeti sayısı" / "Tamirat
    hizmeti sayısı 36 ..."); without values after it, the whole part is the broken row's rest. Of
    that rest, the words up to the last verb-phrase ending are the title's ("paylaşımı toplantıları
    gerçekleştirmek"); the others are the name's when they hold a measure word, else a unit's
    ("Basın Yayın ve Halkla İlişkiler Dairesi" / page break / "Başkanlığı")."""
    kinds = [kind_of(p.text) for p in words]
    ends = [i + 1 for i in range(len(words)) if "measure" in kinds[i]
            and (i + 1 == len(words) or words[i + 1].line_no != words[i].line_no)]
    cut = len(words) if not has_run else next((e for e in ends if e < len(words)), 0)
    carried = words[:cut]
    verbs = [i + 1 for i in range(cut) if "title_end" in kinds[i]]
    title_end = verbs[-1] if verbs else 0
    rest = carried[title_end:]
    if any("measure" in kinds[i] for i in range(title_end, cut)):
        return carried[:title_end], [], rest, words[cut:]
    return carried[:title_end], rest, [], words[cut:]


def _title_score(words: list[Piece], kinds: list[frozenset[str]], c1: int) -> float:
    score = LINE_START_BONUS if words[c1].line_start else -LINE_START_BONUS
    if words[c1].text[:1].islower():
        score -= TITLE_CUT_LOWER_PENALTY
    if "title_end" in kinds[c1 - 1]:
        score += TITLE_VERB_BONUS
    elif _verb_before_bracket(words, kinds, c1):
        score += TITLE_PAREN_BONUS
    else:
        score -= TITLE_NO_VERB_PENALTY
    return score


def _verb_before_bracket(words: list[Piece], kinds: list[frozenset[str]], c1: int) -> bool:
    """True when ``words[:c1]`` ends with a bracket opened right after a verb: "düzenlemek (örn. ...)"."""
    if not words[c1 - 1].text.endswith(")"):
        return False
    opening = next((i for i in range(c1 - 1, -1, -1) if words[i].text.startswith("(")), None)
    return opening is not None and opening > 0 and "title_end" in kinds[opening - 1]


def _units_score(words: list[Piece], kinds: list[frozenset[str]], acronym: list[bool],
                 lower_names: Callable[[int, int], int], c1: int, c2: int, has_units: bool) -> float:
    if c2 == c1:
        return -NO_UNITS_PENALTY if has_units else 0.0
    score = 0.0
    for k, is_acronym in zip(kinds[c1:c2], acronym[c1:c2], strict=True):
        if k & {"unit_end", "unit_end_weak", "unit_continue"} or is_acronym:
            score += 1
        if "measure" in k:
            score -= MEASURE_IN_UNITS_PENALTY
        if "title_end" in k:
            score -= VERB_OUTSIDE_TITLE_PENALTY
    last = words[c2 - 1].text
    if kinds[c2 - 1] & {"unit_end", "unit_end_weak"} or acronym[c2 - 1] or last in DASHES:
        score += 1
    return score - UNIT_LOWER_START_PENALTY * lower_names(c1, c2)


def lower_name_counter(words: list[Piece]) -> Callable[[int, int], int]:
    """``count(c1, c2)``: how many of ``unit_names(words[c1:c2])`` begin in lower case, in constant time.

    The split tries every (c1, c2) pair, and cutting each candidate into names costs its length: a long
    activity took seconds. Only a word in lower case counts, and whether it starts a name depends on
    the words before it alone (``_starts_name`` asks about acronyms and capitals only of words that
    begin in upper case) or on being the candidate's first word: so the counts are prefix sums.
    ``tests/test_text_properties.py`` checks them against ``unit_names`` itself."""
    lower = [p.text not in LIST_SEPARATORS and p.text[:1].islower() for p in words]
    acronym, capitals = acronyms(words), shouted(words)
    prefix = [0, 0]  # prefix[k]: lower-case name starts among words[1:k], each after the word before it
    for k in range(1, len(words)):
        starts = words[k - 1].text in LIST_SEPARATORS or _starts_name(words, acronym, capitals, k)
        prefix.append(prefix[-1] + (lower[k] and starts))

    def count(c1: int, c2: int) -> int:
        return 0 if c2 <= c1 else lower[c1] + prefix[c2] - prefix[c1 + 1]

    return count


def _name_score(words: list[Piece], kinds: list[frozenset[str]], acronym: list[bool], c2: int) -> float:
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
    if _first_line_fits(words[c2:]):
        score -= NAME_FIRST_LINE_FITS_PENALTY
    if c2 + 1 < len(words) and acronym[c2] and words[c2 + 1].text[:1].isupper():
        score -= NAME_ACRONYM_START_PENALTY
    return score


def _first_line_fits(words: list[Piece]) -> bool:
    """True when the first printed line of ``words`` and the next line's first word fit well within
    their longest line (``FIT_SHARE``): a cell's text wraps only where the next word does not fit."""
    lines = [[p.text for p in line] for _, line in groupby(words, key=lambda p: p.line_no)]
    if len(lines) < 2:
        return False
    longest = max(len(" ".join(line)) for line in lines)
    return len(" ".join(lines[0])) + 1 + len(lines[1][0]) <= FIT_SHARE * longest


def unit_names(pieces: list[Piece]) -> list[list[Piece]]:
    """The units text cut into institution names: after a word that closes a name, at an acronym
    standing alone, and after a word that may close one when no continuing word follows. Commas and
    slashes between names separate them and are not kept ("STK’lar, paydaşlar", "Üniversiteler / ŞÖNİM")."""
    names: list[list[Piece]] = []
    acronym, capitals = acronyms(pieces), shouted(pieces)
    for k, piece in enumerate(pieces):
        if piece.text in LIST_SEPARATORS:
            names.append([])
        elif not names or _starts_name(pieces, acronym, capitals, k):
            names.append([piece])
        else:
            names[-1].append(piece)
    out = [name for name in names if name]
    for name in out:
        if len(name[-1].text) > 1 and name[-1].text[-1] in LIST_SEPARATORS:
            name[-1] = replace(name[-1], text=name[-1].text[:-1])
    return out


def _starts_name(pieces: list[Piece], acronym: list[bool], capitals: list[bool], k: int) -> bool:
    """Whether ``pieces[k]`` starts a new institution name (see ``unit_names``)."""
    prev, word = pieces[k - 1], pieces[k]
    prev_kinds, kinds = kind_of(prev.text), kind_of(word.text)
    if prev.text in DASHES or word.text in DASHES:
        return True
    if prev.text.endswith(","):
        return True
    if "unit_continue" in kinds or word_key(word.text) in filler_words():
        return False  # "Hizmetleri / Dairesi", "İnsan Kaynakları ve / Eğitim": one name
    if prev_kinds & {"unit_end", "unit_end_weak"}:
        return True  # in any case: "Sosyal Hizmetler / mercek", "kadın ve aile hiz. üst yönetim"
    if capitals[k - 1] and word.text[:1].isupper() and not capitals[k] and not acronym[k]:
        return True  # a name typed in capitals, then one that is not: "ÜST YÖNETİM İnsan Kaynakları"
    return acronym[k - 1] and (word.line_start or acronym[k]) and word.text[:1].isupper()
