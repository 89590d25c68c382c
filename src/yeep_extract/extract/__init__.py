"""Extractors: a report file → staged cell lines (``vocab.STAGED_CELL_COLUMNS``) + quarantine.

Every backend returns the same ``Extraction`` (``staged.py``) so that the stages after it never know
where the cells came from. ``BACKENDS`` is the table of readers, as camelot's parsers are: adding a
reader is one module with an ``extract(path, settings) -> Extraction`` function and one row here
(``settings``: the layout thresholds, ``geometry.LayoutSettings``, passed in as pdfplumber's
``table_settings`` are).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from .geometry import LayoutSettings
    from .staged import Extraction, StagedRead

__all__ = ["BACKENDS", "DEFAULT_BACKEND", "PDF_BACKENDS", "Backend", "Extraction", "InputError", "StagedCells",
           "cells_frame", "extract", "quarantine_frame", "reader_for"]


@dataclass(frozen=True)
class Backend:
    """One reader: the module and function that turn a file into an ``Extraction``, imported only
    when used (camelot brings OpenCV; a text run should not pay for it)."""

    module: str
    function: str
    pdf: bool  # a PDF reader (chosen with --backend); else it reads the other inputs by suffix
    #: the reader up to its staged lines, without pandas (``staged.StagedRead``), if it has one: it
    #: can read ahead in a second process (``read_ahead``)
    stage: str | None = None

    def load(self) -> Callable[[Path, LayoutSettings], Extraction]:
        return getattr(importlib.import_module(self.module, __package__), self.function)

    def load_stage(self) -> Callable[[Path, LayoutSettings], StagedRead]:
        if self.stage is None:
            raise ValueError(f"the reader {self.module} has no staging function")
        return getattr(importlib.import_module(self.module, __package__), self.stage)


#: name → reader. PDF readers are chosen with ``--backend``; ``text`` reads every ``.txt`` input.
BACKENDS: dict[str, Backend] = {
    "pdfium": Backend(".pdf_pdfium", "extract_pdf_pdfium", pdf=True, stage="stage_pdf_pdfium"),
    "pdfplumber": Backend(".pdf_pdfplumber", "extract_pdf", pdf=True, stage="stage_pdf"),
    "camelot": Backend(".pdf_camelot", "extract_pdf_camelot", pdf=True),
    "text": Backend(".text", "extract_text", pdf=False, stage="stage_text"),
}
PDF_BACKENDS: tuple[str, ...] = tuple(name for name, b in BACKENDS.items() if b.pdf)
#: The PDF reader used unless another is named: PDFium reads every fixture exactly as pdfplumber does
#: (``tests/test_pdfium.py``), at about half its cost per page.
DEFAULT_BACKEND = "pdfium"


def reader_for(path: Path, backend: str = DEFAULT_BACKEND) -> tuple[str, Backend]:
    """The reader of a report file: ``.txt`` files always the text reader, PDFs the named backend."""
    if path.suffix.lower() == ".txt":
        backend = "text"
    reader = BACKENDS.get(backend)
    if reader is None or (not reader.pdf and backend != "text"):
        from .staged import InputError

        raise InputError(f"{path}: unknown backend {backend!r} (one of {', '.join(PDF_BACKENDS)})")
    return backend, reader


def extract(path: Path, backend: str = DEFAULT_BACKEND, settings: LayoutSettings | None = None) -> Extraction:
    """Extract one report (``reader_for`` chooses the reader). ``settings``: the layout thresholds
    (default: ``geometry.SETTINGS``)."""
    backend, reader = reader_for(path, backend)
    if settings is None:
        from .geometry import SETTINGS

        settings = SETTINGS
    if reader.stage is not None:
        from . import read_ahead

        staged = read_ahead.take(path, backend, settings)  # read by a second process, if it was
        return (staged or reader.load_stage()(path, settings)).extraction()
    return reader.load()(path, settings)


def __getattr__(name: str) -> Any:
    """The staged types (``staged.py``), imported on first use: the command line reads ``BACKENDS``
    for its help without paying for pandas."""
    if name in {"Extraction", "InputError", "StagedCells", "cells_frame", "quarantine_frame"}:
        from . import staged

        return getattr(staged, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
