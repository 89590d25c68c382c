"""Column headers of a flow dump: a run of lines made of known header words → column labels.

A flow dump prints a table's column header as words broken over lines ("Faaliyet Sorumlu birim" /
"Destekçi Kurum" / "/Kuruluş" / "Gösterge Mevcut 2024 2025 2026" / "Gerçek" / "leşme"). The words
are cut into columns by the fewest known header phrases (``headers.header_role``), which also gives
the number of value columns every row of the table is read against.
"""

from __future__ import annotations

import re

from ..headers import YEAR, ColumnSpec, filler_words, header_key, header_role, is_header_word, is_wording_word
from ..vocab import Role
from .text_line import TextLine
from .text_words import is_value_token

CODE = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){1,2})(?:\.\s*|\s+)(?=\S)")
#: A year as a header word may print in brackets: "Mevcut Durum (2023)".
_YEAR_WORD = re.compile(r"^\(?(19|20)\d\d\)?$")

#: Most words one column label may span ("Destekçi Kurum /Kuruluş" is three).
MAX_HEADER_WORDS = 5
#: How many lines a header continuation may need before it reads as header words again
#: ("Gerçek" / "leşme": only the two together are a header).
HEADER_LOOKAHEAD = 2
#: Share of a line's words that must be header words for it to start a column header.
HEADER_LINE_SHARE = 0.5


def segment_header(words: list[str], report_year: int | None) -> list[str] | None:
    """Header words cut into column labels by the fewest known header phrases, or None.

    A bare year word belongs to a target or actual column, never to the baseline's ("Mevcut 2024
    2025" is three columns; a baseline printed with its year has it in brackets, "Mevcut (2023)").
    A year joins a following actual word ("2024 Gerçekleşme") only when it is not after the report
    year: a report cannot hold actuals for a year to come, so "2026 Gerçekleşme" reads as the 2026
    target column followed by the report year's actual column.
    """
    n = len(words)
    best: list[list[str] | None] = [None] * (n + 1)
    best[0] = []
    for i in range(n):
        if best[i] is None:
            continue
        if not is_header_word(words[i]):
            continue  # a column's header starts with a header word ("birim Destekçi ..." does not)
        for j in range(i + 1, min(n, i + MAX_HEADER_WORDS) + 1):
            span = words[i:j]
            labels = [" ".join(span)]
            if j - i == 2 and span[1][:1].islower():
                labels.append("".join(span))  # a word cut by a narrow column: "Gerçek" + "leşme"
            for label in labels:
                spec = header_role(label)
                if spec is None or not _year_fits(spec, report_year) or _swallows(span, spec) or (
                        spec.role not in (Role.TARGET, Role.ACTUAL) and any(YEAR.fullmatch(w) for w in span)):
                    continue  # a bare year is a target or actual column's: "Mevcut 2024" is two columns
                candidate = [*best[i], label]
                if best[j] is None or len(candidate) < len(best[j]):
                    best[j] = candidate
    return best[n]


def distinct_value_columns(labels: list[str], report_year: int | None = None) -> bool:
    """True when no two value columns of a header read as the same measure and year: two "2024"
    columns mean the words of different columns were read as one ("2024 2025" over "Gerçekl
    Gerçekl"), or a header was cut short ("2024 Gerçekleşme" then "Gerçekleşme" of "Gerçekleşme
    Oranı (%)"), and every value under them would land in the wrong place. An actual column
    without a year is the ``report_year``'s."""
    keys = [(spec.role, spec.year or (report_year if spec.role == Role.ACTUAL else None))
            for spec in map(header_role, labels)
            if spec is not None and spec.role in (Role.BASELINE, Role.TARGET, Role.ACTUAL)]
    return len(keys) == len(set(keys))


def _foreign(line: TextLine) -> bool:
    """A line that cannot go on a header: no header word, word of a wording ("/Kuruluş"), filler or
    year, and no word's rest (which
    starts in lower case, "eşme"): a cell's text printed after it ("B.", the rest of a unit name
    broken over the page, which a fuzzy reading would take as a letter more of "Gerçekleşme")."""
    return not any(is_header_word(w) or w[:1].islower() or YEAR.search(w)
                   or any(key in filler_words() or is_wording_word(key) for key in header_key(w).split())
                   for w in line.text.split())


def _swallows(span: list[str], spec: ColumnSpec) -> bool:
    """True when a phrase holds a word that is a header of another role on its own: a fuzzy match
    over "Destekçi Kurum /Kuruluş Gösterge" must not eat the indicator column's header."""
    for word in span:
        alone = None if _YEAR_WORD.match(word) else header_role(word)
        if alone is not None and alone.role != spec.role:
            return True
    return False


def _year_fits(spec: ColumnSpec, report_year: int | None) -> bool:
    return not (spec.role == Role.ACTUAL and spec.year and report_year and spec.year > report_year)


def header_start(line: TextLine) -> bool:
    """A line may start a column header when most of its words are header words, two of them no
    year; whether it does is decided by reading the header whole (``read_header``)."""
    words = line.text.split()
    hits = [w for w in words if is_header_word(w)]
    named = [w for w in hits if not YEAR.fullmatch(w)]
    return len(named) >= 2 and len(hits) >= HEADER_LINE_SHARE * len(words)


def read_header(lines: list[TextLine], start: int, report_year: int | None) -> tuple[int, list[str] | None]:
    """End index and column labels of the header that starts at ``lines[start]``; no labels when two
    value columns read as one measure and year (``distinct_value_columns``)."""
    end, labels = _read_header_lines(lines, start, report_year)
    return end, labels if labels is None or distinct_value_columns(labels, report_year) else None


def _read_header_lines(lines: list[TextLine], start: int, report_year: int | None) -> tuple[int, list[str] | None]:
    words = lines[start].text.split()
    labels = segment_header(words, report_year)
    end = start + 1
    while end < len(lines):
        for ahead in range(1, HEADER_LOOKAHEAD + 1):
            chunk = lines[end:end + ahead]
            more = [w for line in chunk for w in line.text.split()]
            if len(chunk) < ahead or any(CODE.match(line.text.strip()) for line in chunk) or any(
                    is_value_token(w) and not YEAR.fullmatch(w) for w in more) or _foreign(chunk[0]):
                return end, labels
            longer = segment_header(words + more, report_year)
            if longer is not None:
                words, labels, end = words + more, longer, end + ahead
                break
        else:
            return end, labels
    return end, labels
