"""QA images for the HTML report: each source PDF page drawn with the cells the pipeline read on it.

A reviewer checks a value against the page in one click: every cell box from ``observations``
(x0/top/x1/bottom, PDF points) is outlined on the rendered page, suspect cells are filled red and
quarantined fragments orange, and the report lays a link target over each box. The source PDF is
found from the manifest (file name and sha256), so a different file of the same name is never
drawn as if it were the source.
"""

from __future__ import annotations

import base64
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pdfplumber

from .vocab import Status

# 100 dpi keeps 9-pt table digits legible at 100 % zoom while a landscape A4 page stays near 20 kB
# as PNG, so a 20-page report embeds in well under a megabyte.
PAGE_IMAGE_DPI = 100

# Boxes are the printed words' own boxes; drawn this many points outside them, the outline does not
# strike through the digits a reviewer wants to read.
BOX_PAD_PT = 1.5

# Colours (RGB, RGBA fill) by what a box holds: read values quietly outlined, doubts loud.
_STYLE = {
    Status.OK.value: ((31, 119, 180), None),
    Status.EMPTY.value: ((150, 150, 150), None),
    Status.TEXT.value: ((120, 80, 160), None),
    Status.SUSPECT.value: ((214, 39, 40), (214, 39, 40, 45)),
    "quarantine": ((230, 120, 0), (255, 150, 0, 60)),
}


@dataclass(frozen=True)
class PageImage:
    """One rendered page: its number, size in PDF points and the PNG as a data: URI."""

    page_no: int
    width: float
    height: float
    data_uri: str


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def find_source_pdf(manifest: dict, search: list[Path], explicit: Path | None = None) -> tuple[Path | None, str]:
    """The source PDF of a report and a one-line note on how it was found (or why not).

    ``explicit`` (the ``--pdf`` option) wins; otherwise the manifest's file name is looked for in
    each folder of ``search`` (recursively). A file whose sha256 differs from the manifest's is not
    used: its pages would not match the boxes.
    """
    source = manifest.get("source", {})
    name, digest = source.get("file", ""), source.get("sha256")
    if not name.lower().endswith(".pdf") and explicit is None:
        return None, f"source {name or '?'} is not a PDF: no page images"
    # Compared by name, not globbed: a file name may hold glob characters ([, ], *).
    candidates = [explicit] if explicit else [p for d in search if d.is_dir() for p in sorted(d.rglob("*"))
                                              if p.name == name]
    for path in candidates:
        if path.is_file() and (digest is None or _sha256(path) == digest):
            return path, f"pages drawn from {path.name} (sha256 matches the manifest)"
    if explicit:
        return None, f"{explicit} is missing or differs from the converted file: no page images"
    return None, f"source {name} not found in {', '.join(str(d) for d in search)}: no page images (use --pdf)"


def _boxes(frame: pd.DataFrame, page_no: int) -> pd.DataFrame:
    on_page = frame[(frame["source_page"] == page_no)]
    return on_page.dropna(subset=["x0", "top", "x1", "bottom"])


def padded(x0: float, top: float, x1: float, bottom: float) -> tuple[float, float, float, float]:
    """A cell box grown by ``BOX_PAD_PT`` on every side (the same box the HTML overlays)."""
    return x0 - BOX_PAD_PT, top - BOX_PAD_PT, x1 + BOX_PAD_PT, bottom + BOX_PAD_PT


def render_pages(pdf_path: Path, observations: pd.DataFrame, quarantine: pd.DataFrame,
                 dpi: int = PAGE_IMAGE_DPI) -> list[PageImage]:
    """Every page of the PDF as a PNG data: URI with cell boxes drawn (suspects and quarantine filled)."""
    images = []
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            image = page.to_image(resolution=dpi)
            cells = _boxes(observations, page.page_number)
            # Suspects last, so their fill sits on top of any neighbour's outline.
            order = cells["status"].eq(Status.SUSPECT.value).sort_values(kind="stable").index
            for row in cells.loc[order].itertuples():
                stroke, fill = _STYLE.get(row.status, _STYLE[Status.OK.value])
                image.draw_rect(padded(row.x0, row.top, row.x1, row.bottom), fill=fill or (0, 0, 0, 0),
                                stroke=stroke, stroke_width=1 if fill is None else 2)
            stroke, fill = _STYLE["quarantine"]
            for row in _boxes(quarantine, page.page_number).itertuples():
                image.draw_rect(padded(row.x0, row.top, row.x1, row.bottom), fill=fill, stroke=stroke,
                                stroke_width=2)
            buffer = io.BytesIO()
            image.annotated.convert("RGB").save(buffer, format="PNG", optimize=True)
            uri = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
            images.append(PageImage(page.page_number, float(page.width), float(page.height), uri))
            page.close()
    return images
