"""The line of a text dump that every part of the text reader passes around.

Its own module so that the reader (``text``) and its parts (``text_flow``, ``text_header``,
``text_runs``) all import it from below: none of them imports the reader back (no import cycle).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TextLine:
    """One non-blank line of a dump: its 1-based number, page (None without form feeds) and text."""

    line_no: int
    page: int | None
    text: str
    page_end: bool = False  # the last line before a form feed or of the text (where a footer's page number prints)
