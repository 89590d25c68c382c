"""Cross-check: read a PDF with both backends and doubt every value cell they read differently.

The two backends find tables in unrelated ways (pdfplumber: our own word and rule geometry; camelot:
its lattice / stream parsers), so a cell both read alike is unlikely to be misplaced, and a cell they
read differently is exactly where a reader should look. The comparison is made on the staged value
cells (activity code, indicator number, measure, year → raw text as printed), after each backend's
output went through the same structure stage: a disagreement there is one a user would see.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .extract.geometry import SETTINGS, LayoutSettings

#: The columns that name one value cell of a report.
CELL_KEY = ["activity_code", "indicator_seq", "measure", "year"]
#: How a cross-check note begins, in ``flag`` and then in the observation's ``note``.
NOTE_PREFIX = "cross-check:"


def _reading(raw: object) -> str:
    """A cell's text for comparison: whitespace runs as one space (line breaks inside a cell differ)."""
    return " ".join(str(raw).split()) if isinstance(raw, str) else ""


def compare(primary: pd.DataFrame, other: pd.DataFrame, primary_name: str, other_name: str
            ) -> tuple[pd.DataFrame, int]:
    """``primary`` with a ``flag`` on each cell ``other`` reads differently, and the disagreement count.

    Cells only ``other`` found have no row in the output to mark; they count as disagreements.
    """
    theirs = other[[*CELL_KEY, "raw"]].rename(columns={"raw": "other_raw"})
    merged = primary.merge(theirs, on=CELL_KEY, how="left", indicator=True, validate="one_to_one")
    flags = list(primary["flag"])
    disagreements = 0
    for i, (raw, other_raw, found) in enumerate(zip(merged["raw"], merged["other_raw"], merged["_merge"],
                                                    strict=True)):
        mine, theirs_text = _reading(raw), _reading(other_raw)
        if found == "both" and mine == theirs_text:
            continue
        disagreements += 1
        their_reading = repr(theirs_text) if found == "both" else "no such cell"
        note = f"{NOTE_PREFIX} {primary_name} read {mine!r}, {other_name} read {their_reading}"
        flags[i] = "; ".join(x for x in (flags[i], note) if isinstance(x, str) and x)
    keys = set(map(tuple, primary[CELL_KEY].astype(str).to_numpy()))
    disagreements += sum(1 for k in map(tuple, other[CELL_KEY].astype(str).to_numpy()) if k not in keys)
    return primary.assign(flag=flags), disagreements


def disputed(values: pd.DataFrame) -> pd.Series:
    """Which value cells ``compare`` flagged: the two backends read them differently."""
    return values["flag"].map(lambda flag: isinstance(flag, str) and NOTE_PREFIX in flag).astype(bool)


def cross_check_values(path: Path, backend: str, values: pd.DataFrame, report_year: int | None,
                       settings: LayoutSettings = SETTINGS) -> tuple[pd.DataFrame, int]:
    """Read ``path`` again with the other PDF backend (with the same layout ``settings``) and
    compare its value cells with ``values``."""
    from .extract import extract
    from .structure import build

    other = "camelot" if backend != "camelot" else "pdfplumber"
    other_values = build(extract(path, other, settings).cells, report_year).values
    return compare(values, other_values, backend, other)
