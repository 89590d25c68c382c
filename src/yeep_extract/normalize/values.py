"""Value cells: printed text → number, status and note, by the project's scoring convention.

A token is a number when it matches ``%?digits[.,digits]``; ``%`` marks a percentage, kept in
percentage points (``%7.88`` → 7.88, ``%8,2`` → 8.2); in a count, a dot followed by exactly three
digits is a thousands separator (``4.285`` → 4285). ``-`` and an empty cell are ``empty``; words are
``text``. A number broken over two lines of its cell ("%24," / "82") is rejoined with a note.
Everything the parser cannot read with confidence is ``suspect`` with the reason in ``note``: a value
is never guessed silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..vocab import Status

_NUMBER = re.compile(r"^(%)?\s*(\d+(?:[.,]\d+)*)\s*(%)?$")
_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")
_TR_GROUPED_DECIMAL = re.compile(r"^\d{1,3}(\.\d{3})+,\d+$")
_EMPTY_MARKS = {"", "-", "–", "—", "--"}
_FRAGMENT = re.compile(r"^%?[\d.,]*%?$")
#: A number whose last thousands group is short ("2.500.0"): cut at its column's edge.
_SHORT_GROUP = re.compile(r"^\d{1,3}(?:\.\d{3})+\.(\d{1,2})$")


@dataclass(frozen=True)
class ParsedValue:
    """One value cell read: the number (or None), whether it was a percentage, status and note."""

    value: float | None
    percent: bool
    status: Status
    note: str | None = None


def _number(digits: str, percent: bool) -> tuple[float | None, str | None]:
    """The float of a digit string with separators, and a doubt when its reading is not certain.

    A number with several separators ("2.500.000", "1.234,5") is read as Turkish grouping, but
    doubted: the scoring convention reads numbers as ``%?digits[.,digits]`` (one separator at most),
    so such a value is one a person confirms; with groups of other lengths ("2.500.0", a number cut
    at its column's edge) it has no value."""
    separators = re.findall(r"[.,]", digits)
    grouped = _TR_GROUPED_DECIMAL.match(digits) or (not percent and _THOUSANDS.match(digits))
    if len(separators) > 1:
        if grouped:
            return (float(digits.replace(".", "").replace(",", ".")),
                    f"several separators in {digits!r}: read as thousands groups, outside the scoring "
                    "convention (one separator at most)")
        return None, f"several separators in {digits!r}"
    if grouped:
        return float(digits.replace(".", "")), None
    if not separators:
        return float(digits), None
    value = float(digits.replace(",", "."))
    if not percent and separators == [","] and re.search(r",\d{3}$", digits):
        return value, f"{digits!r}: a comma before three digits may be a thousands separator"
    return value, None


def _cut_in_group(parts: list[str]) -> bool:
    """Two lines of a cell that are one number cut inside a thousands group ("2.500.0" / "00"): the
    first ends in a group too short for any printed number, the second's digits complete it."""
    match = _SHORT_GROUP.match(parts[0])
    return len(parts) == 2 and bool(match) and parts[1].isdigit() and len(match.group(1)) + len(parts[1]) == 3


def parse_value(raw: str) -> ParsedValue:
    """Read one printed value cell. Never raises."""
    text = raw.strip()
    if text in _EMPTY_MARKS:
        return ParsedValue(None, False, Status.EMPTY)
    note = None
    match = _NUMBER.match(text)
    parts = text.split()
    if match is None and len(parts) > 1 and all(_FRAGMENT.match(p) for p in parts):
        joined = "".join(parts)
        broken_at_separator = any(p[-1] in ".,%" or p[0] in ".,%" for p in parts[:-1]) or parts[-1][0] in ".," \
            or _cut_in_group(parts)
        if broken_at_separator and _NUMBER.match(joined):
            match, note = _NUMBER.match(joined), f"number rejoined from lines {parts!r}"
        elif len(set(parts)) == 1 and _NUMBER.match(parts[0]):
            parsed = parse_value(parts[0])
            return ParsedValue(parsed.value, parsed.percent, Status.SUSPECT,
                               f"the same number printed {len(parts)} times in one cell")
        else:
            return ParsedValue(None, "%" in text, Status.SUSPECT, f"several numbers in one cell: {parts!r}")
    if match is None:
        if re.search(r"\d", text):
            return ParsedValue(None, "%" in text, Status.SUSPECT, "number mixed with words")
        return ParsedValue(None, False, Status.TEXT)
    percent = bool(match.group(1) or match.group(3))
    if match.group(1) and match.group(3):
        note = "percent sign printed twice"
    value, doubt = _number(match.group(2), percent)
    if value is None or doubt:
        return ParsedValue(value, percent, Status.SUSPECT, doubt)
    return ParsedValue(value, percent, Status.OK, note)


def indicator_unit(name: str, percents: list[bool]) -> str:
    """``percent`` or ``count`` for an indicator from the percent flags of its numeric values.

    The majority of its numbers decides; with no numbers (or a tie) a ``%`` in the name does.
    """
    with_percent = sum(percents)
    without = len(percents) - with_percent
    if with_percent != without:
        return "percent" if with_percent > without else "count"
    return "percent" if "%" in name else "count"
