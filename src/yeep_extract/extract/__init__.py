"""Extractors: a report file → staged cell lines (``vocab.STAGED_CELL_COLUMNS``) + quarantine.

Every backend (pdfplumber, camelot, plain text) returns the same ``Extraction`` so that the stages
after it never know where the cells came from. ``extract(path, backend)`` picks the backend.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..vocab import QUARANTINE_COLUMNS, STAGED_CELL_COLUMNS


class InputError(ValueError):
    """A report that cannot be read at all; the message is one line that names the file."""


_CELL_DTYPES = {
    "seq": "int64", "page": "Int16", "line_no": "Int32", "kind": "str", "table": "int32", "row": "int32",
    "row_break": "str", "col": "int16", "text": "str", "x0": "float64", "top": "float64",
    "x1": "float64", "bottom": "float64", "joiner": "str", "flag": "object",
}
_QUARANTINE_DTYPES = {
    "page": "Int16", "line_no": "Int32", "text": "str", "x0": "float64", "top": "float64",
    "x1": "float64", "bottom": "float64", "reason": "str",
}


def cells_frame(records: list[dict[str, Any]]) -> pd.DataFrame:
    """The staged cell table from a list of dicts (missing keys become null), typed and ordered."""
    frame = pd.DataFrame.from_records(records, columns=list(STAGED_CELL_COLUMNS))
    frame["seq"] = range(len(frame))
    frame["joiner"] = frame["joiner"].astype(object).fillna("")
    frame["row_break"] = frame["row_break"].astype(object).fillna("rule")
    return frame.astype(_CELL_DTYPES)


def quarantine_frame(records: list[dict[str, Any]]) -> pd.DataFrame:
    """The quarantine table from a list of dicts, typed and ordered."""
    return pd.DataFrame.from_records(records, columns=list(QUARANTINE_COLUMNS)).astype(_QUARANTINE_DTYPES)


@dataclass
class Extraction:
    """What an extractor gives: staged cell lines, quarantined text and facts for the manifest."""

    cells: pd.DataFrame
    quarantine: pd.DataFrame
    meta: dict[str, Any] = field(default_factory=dict)  # page_count, backend, backend_version, ...


def extract(path: Path, backend: str = "pdfplumber") -> Extraction:
    """Extract one report; ``.txt`` files always take the text path, PDFs the named backend."""
    suffix = path.suffix.lower()
    if suffix == ".txt":
        from .text import extract_text

        return extract_text(path)
    if backend == "pdfplumber":
        from .pdf_pdfplumber import extract_pdf

        return extract_pdf(path)
    if backend == "camelot":
        from .pdf_camelot import extract_pdf_camelot

        return extract_pdf_camelot(path)
    raise InputError(f"{path}: unknown backend {backend!r}")
