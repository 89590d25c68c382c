"""Shared vocabulary of the pipeline: column roles, measures, statuses and the staged-cell layout.

Every stage imports its words from here, so that an extractor (pdfplumber, camelot, text) and the
stages after it agree on one spelling of each thing without reaching into each other's internals.
"""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import Path

from .textnorm import ascii_fold


class Role(StrEnum):
    """What a table column holds, as decided by the header mapping (``headers``)."""

    ACTIVITY = "activity"
    RESPONSIBLE = "responsible"
    SUPPORTING = "supporting"
    INDICATOR = "indicator"
    BASELINE = "baseline"
    TARGET = "target"
    ACTUAL = "actual"
    REMARK = "remark"  # "Açıklama", "Not": a remark on the row (indicators.remark), never a value
    CODE = "code"  # "No", "Kod": the activity's code printed in a column of its own, not before its title


TEXT_ROLES = (Role.ACTIVITY, Role.RESPONSIBLE, Role.SUPPORTING, Role.INDICATOR)
VALUE_ROLES = (Role.BASELINE, Role.TARGET, Role.ACTUAL)


class Status(StrEnum):
    """Status of one value cell in ``observations``."""

    OK = "ok"
    EMPTY = "empty"
    TEXT = "text"
    SUSPECT = "suspect"


class Kind(StrEnum):
    """Kind of a staged cell line."""

    LINE = "line"  # a text line outside any table (titles, section and goal headings, stray text)
    HEADER = "header"  # a line of a table's column header
    BODY = "body"  # a line of a table body cell


class RowBreak(StrEnum):
    """How the start of a fine table row was found (decides how sure a row boundary is)."""

    RULE = "rule"  # a drawn ruling line, or an extractor that already knows the logical row
    TEXT = "text"  # only a new text line: the structure stage decides if a new logical row starts


#: Columns of the quarantine table: text that could not be placed, never dropped silently.
QUARANTINE_COLUMNS: dict[str, str] = {
    "page": "Int16: 1-based page (null for text input without form feeds)",
    "line_no": "Int32: line number in a text input (null for PDF)",
    "text": "str: the text as printed",
    "x0": "float64: left of the text's box in PDF points (null for text input)",
    "top": "float64: top, PDF points from the page top", "x1": "float64: right", "bottom": "float64: bottom",
    "reason": "str: why it could not be placed",
}

#: Columns of the staged cell table every extractor produces: one row per printed line fragment of a
#: table cell (or per text line outside tables), in document order.
STAGED_CELL_COLUMNS: dict[str, str] = {
    "seq": "int64: document order of the line",
    "page": "Int16: 1-based page (null for text input without form feeds)",
    "line_no": "Int32: 1-based line number in a text input (null for PDF)",
    "kind": "str: line | header | body",
    "table": "int32: running table number in the document (-1 for kind=line)",
    "row": "int32: fine row within the table; a merged cell's lines carry its first fine row",
    "row_end": "int32: last fine row the line's cell spans (beyond ``row`` for a cell merged over rows, "
    "as rules show it); ``row`` where the extractor cannot tell",
    "row_break": "str: rule | text, how the fine row's start was found",
    "col": "int16: 0-based column within the table (-1 for kind=line)",
    "text": "str: the printed text of the line fragment, NFC",
    "x0": "float64: left of the fragment in PDF points (null for text input)",
    "top": "float64: top, PDF points from the page top",
    "x1": "float64: right",
    "bottom": "float64: bottom",
    "joiner": "str: how the line attaches to the previous line of the same column ('\\n' new paragraph, "
    "' ' soft wrap, '' word broken by a narrow column); '' for a cell's first line",
    "cut": "bool: a text row's line that goes on a number cut at its column's right edge on the line "
    "above (\"17.95\" / \"5\"); the structure stage decides whether it belongs to that row",
    "flag": "object: str or null, why the extractor doubts this fragment's placement (becomes status suspect)",
}



def column_dtypes(columns: dict[str, str]) -> dict[str, str]:
    """The pandas dtype of each column of ``QUARANTINE_COLUMNS`` / ``STAGED_CELL_COLUMNS``: the word
    before the colon of its description, so that the dtypes are written down once, beside the meaning."""
    return {name: description.split(":", 1)[0] for name, description in columns.items()}


#: The pattern of a value token, shared with the scoring convention: ``%?digits[.,digits]``.
NUMBER_TOKEN = re.compile(r"^%?\s*(\d+(?:[.,]\d+)*)\s*%?$")
#: A number ending in its decimal mark ("%29,", "17."): no printed value ends so, it was cut right
#: after the mark by its column's edge and its decimals print on the next line.
NUMBER_CUT_AT_MARK = re.compile(r"^%?\d+[.,]$")

#: An activity / goal code at the start of a text: ``1.1.4.`` or ``8.1``.
CODE_AT_START = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2}){1,2})\.?(?=\s|$)")

#: Part of a staged line's flag when OCR took a glyph for a percent sign ("9650" for "%50", ``pdf_ocr``):
#: in such a row the other numbers may have lost theirs the other way ("633" for "%33"), so when its
#: numbers disagree on being percents, a majority of them no longer tells which are (``api``).
OCR_PERCENT_GUESS = "read as a percent sign"

#: The report title on ``textnorm.ascii_fold``-ed text ("2024 yili ... gerceklesme raporu"): group 1 is the
#: report year. ASCII-folded so that a title typed or scanned without Turkish letters ("2024 YILI
#: GERCEKLESME RAPORU") gives the year too: without it a header's "2026 Gerçekleşme" is not split.
REPORT_TITLE = re.compile(r"((?:19|20)\d\d)\s+yili\b.*gerceklesme\s+raporu")
#: Any report's title, on ``ascii_fold``-ed text: the word "rapor" ("İzleme Raporu", "Değerlendirme
#: Raporu", "Gerçekleşme Raporu (2024)"). Trusted only before the first table (see ``title_year``).
_ANY_REPORT_TITLE = re.compile(r"\brapor")
#: A year on its own, not one end of a plan's period ("2024-2026", "2024 / 2026").
_LONE_YEAR = re.compile(r"(?<![\d/–-])(?<![\d/–-]\s)((?:19|20)\d\d)(?!\s?[/–-]\s?\d)(?!\d)")


def title_year(text: str, before_first_table: bool) -> int | None:
    """The report year when ``text`` is the report's title line, else None.

    Anywhere in a report, the family's own title ("2024 YILI GERÇEKLEŞME RAPORU", ``REPORT_TITLE``)
    gives it: it repeats as a page heading. Before the first table, so also any title that names a
    report and holds exactly one year that is not the end of a plan's period ("YEREL EŞİTLİK EYLEM
    PLANI (2024-2026) 2025 İZLEME RAPORU"): later years and other municipalities word their title
    otherwise. Inside tables the loose form is not trusted, an activity may mention a report."""
    folded = ascii_fold(text)
    if title := REPORT_TITLE.search(folded):
        return int(title.group(1))
    if before_first_table and _ANY_REPORT_TITLE.search(folded):
        years = set(_LONE_YEAR.findall(folded))
        if len(years) == 1:
            return int(years.pop())
    return None


_SECTION_DOT = re.compile(r"^\s*(\d{1,2})\s*\.(?!\d)\s*([^\d\s.].*)$")
_SECTION_WORD = re.compile(r"^\s*b[öo]l[üu]m\s+(\d{1,2})\s*[.):\-–]?\s*([^\W\d_].*)$", re.IGNORECASE)
_SECTION_MARK = re.compile(r"^\s*(\d{1,2})\s*[):\-–]\s*([^\W\d_].*)$")


def section_heading(text: str) -> tuple[int, str] | None:
    """A section heading's number and title: "1. EĞİTİM VE FARKINDALIK", "1.EĞİTİM" (no space),
    "BÖLÜM 1: Eğitim", and "1- EĞİTİM", "1) EĞİTİM" with the title in capitals (a value and a text
    value, "3 - Toplantıda belli olacak", look the same otherwise). Never a goal's or an activity's
    code: a digit follows the dot of "1.1."."""
    for pattern in (_SECTION_DOT, _SECTION_WORD):
        if match := pattern.match(text):
            return int(match.group(1)), match.group(2).strip()
    match = _SECTION_MARK.match(text)
    if match and match.group(2) == match.group(2).upper():
        return int(match.group(1)), match.group(2).strip()
    return None


#: A page number printed as page furniture, on ``turkish_fold``-ed text: "Sayfa 3", "SAYFA 3 / 9",
#: "- 3 -", "3 / 9" or a bare "3".
PAGE_NUMBER = re.compile(r"^\s*(sayfa\s*)?[-–]?\s*\d{1,4}\s*[-–]?\s*(/\s*\d{1,4})?\s*$")
#: A page number that says so ("Sayfa 3", "Sayfa 3 / 9"): unlike "3" or "- 3 -", never a row's values.
PAGE_LABEL = re.compile(r"^\s*sayfa\s*\d{1,4}\s*(/\s*\d{1,4})?\s*$")


def project_root() -> Path:
    """The project folder holding ``schemas/`` and ``raw/`` (the source checkout)."""
    return Path(__file__).resolve().parents[2]


def schemas_dir() -> Path:
    """Where the registries (header words, units, indicators) are kept as data: the project's
    ``schemas/``, reached through the package's ``schemas`` link to it, which a built wheel turns
    into a copy (``package-data`` in ``pyproject.toml``), so an install without ``-e`` finds them too."""
    return Path(__file__).resolve().parent / "schemas"
