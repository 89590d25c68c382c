"""QA images for the HTML report: each source PDF page drawn with the cells the pipeline read on it.

A reviewer checks a value against the page in one click: every cell box from ``observations``
(x0/top/x1/bottom, PDF points) is outlined on the rendered page in the colours of
``report_assets.BOX_COLOURS`` (the HTML legend uses the same table), suspect cells and quarantined
fragments filled, and the report lays a link target over each box. A scanned page is drawn from
its image turned upright as it was read (``scan_skews``), so its OCR'd cells sit on their ink.
Blank pages (nothing printed, no cell on them) are not drawn. The source PDF is found from the
manifest (file name and sha256), so a different file of the same name is never drawn as if it
were the source.
"""

from __future__ import annotations

import base64
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pdfplumber
from PIL import Image

from .report_assets import BOX_COLOURS, LABELS
from .vocab import Status

# 150 dpi: 9-pt table digits stay sharp when a page is opened full size on a phone or a high-density
# screen (100 dpi blurred them); a landscape A4 page is about 1750 px wide. Pages are stored as
# 64-colour PNG (text, rules and a few box colours need no more): the 2024 report's 20 pages take
# 0.55 MB, its whole HTML file under 1 MB.
PAGE_IMAGE_DPI = 150
PAGE_IMAGE_COLOURS = 64

# Boxes are the printed words' own boxes; drawn this many points outside them, the outline does not
# strike through the digits a reviewer wants to read.
BOX_PAD_PT = 1.5

#: Boxes filled (alpha 0-255) as well as outlined: the doubts a reviewer should see first.
_FILLED = {Status.SUSPECT.value: 60, "quarantine": 70}


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _style(kind: str) -> tuple[tuple[int, int, int], tuple[int, int, int, int] | None]:
    """Outline colour and fill (None: outline only) of a box holding ``kind`` (a cell status or quarantine)."""
    stroke = _rgb(BOX_COLOURS.get(kind, BOX_COLOURS[Status.OK.value]))
    return stroke, ((*stroke, _FILLED[kind]) if kind in _FILLED else None)


@dataclass(frozen=True)
class SourceNote:
    """How the source PDF was found, or why not: a ``report_assets.LABELS`` key and its fields."""

    key: str
    fields: dict[str, str]

    def text(self, lang: str = "en") -> str:
        return LABELS[lang][self.key].format(**self.fields)


@dataclass(frozen=True)
class PageImage:
    """One rendered page: its number, size in PDF points and the PNG as a data: URI."""

    page_no: int
    width: float
    height: float
    data_uri: str


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def find_source_pdf(manifest: dict, search: list[Path],
                    explicit: Path | None = None) -> tuple[Path | None, SourceNote]:
    """The source PDF of a report and a one-line note on how it was found (or why not).

    ``explicit`` (the ``--pdf`` option) wins; otherwise the manifest's file name is looked for in
    each folder of ``search`` (recursively). A file whose sha256 differs from the manifest's is not
    used: its pages would not match the boxes.
    """
    source = manifest.get("source", {})
    name, digest = source.get("file", ""), source.get("sha256")
    if not name.lower().endswith(".pdf") and explicit is None:
        return None, SourceNote("pages_not_pdf", {"name": name or "?"})
    # Compared by name, not globbed: a file name may hold glob characters ([, ], *).
    candidates = [explicit] if explicit else [p for d in search if d.is_dir() for p in sorted(d.rglob("*"))
                                              if p.name == name]
    for path in candidates:
        if path.is_file() and (digest is None or _sha256(path) == digest):
            return path, SourceNote("pages_found", {"name": path.name})
    if explicit:
        return None, SourceNote("pages_differs", {"name": str(explicit)})
    return None, SourceNote("pages_not_found", {"name": name, "where": ", ".join(str(d) for d in search)})


def _boxes(frame: pd.DataFrame, page_no: int) -> pd.DataFrame:
    on_page = frame[(frame["source_page"] == page_no)]
    return on_page.dropna(subset=["x0", "top", "x1", "bottom"])


def padded(x0: float, top: float, x1: float, bottom: float) -> tuple[float, float, float, float]:
    """A cell box grown by ``BOX_PAD_PT`` on every side (the same box the HTML overlays)."""
    return x0 - BOX_PAD_PT, top - BOX_PAD_PT, x1 + BOX_PAD_PT, bottom + BOX_PAD_PT


def is_blank(page: pdfplumber.page.Page) -> bool:
    """Nothing printed on the page: no characters, rules, shapes or images (a scan has an image)."""
    return not (page.chars or page.lines or page.rects or page.curves or page.images)


def scan_skews(manifest: dict) -> dict[int, float]:
    """The angle (degrees counter-clockwise) each OCR'd page was turned upright by before it was read
    (``extraction.ocr.pages``): its quarter turn (a page scanned on its side or upside down) plus its skew."""
    pages = ((manifest.get("extraction") or {}).get("ocr") or {}).get("pages") or []
    return {int(p["page"]): float(p.get("turn") or 0) + float(p["skew"]) for p in pages
            if p.get("skew") or p.get("turn")}


#: A page image turned by a quarter turn counter-clockwise (as ``np.rot90`` turns the scan when it is read).
_QUARTER_TURNS = {90: Image.Transpose.ROTATE_90, 180: Image.Transpose.ROTATE_180, 270: Image.Transpose.ROTATE_270}


def _upright(image: Image.Image, angle: float) -> Image.Image:
    """The page image turned as its scan was before it was read: its quarter turn, then its skew."""
    quarter = round(angle / 90) * 90
    if quarter % 360:
        image = image.transpose(_QUARTER_TURNS[quarter % 360])
    if angle - quarter:
        image = image.rotate(angle - quarter, resample=Image.Resampling.BICUBIC, fillcolor="white")
    return image


def render_pages(pdf_path: Path, observations: pd.DataFrame, quarantine: pd.DataFrame,
                 dpi: int = PAGE_IMAGE_DPI, skews: dict[int, float] | None = None
                 ) -> tuple[list[PageImage], list[int]]:
    """The PDF's pages as PNG data: URIs with cell boxes drawn (suspects and quarantine filled), and
    the numbers of the blank pages left out (a page with a cell box on it is always drawn).

    ``skews``: a scanned page's image is turned upright by its angle (``scan_skews``: a quarter turn
    of a page scanned on its side or upside down, then the skew) before the
    boxes are drawn, as it was before it was read: the boxes of its cells lie on the upright page, and
    on the skewed scan they would drift off their words by points across the page (0.8° is 6 pt
    over a landscape page's width). Each cell, its doubtful ones filled, then sits on its own ink."""
    images, blank = [], []
    skews = skews or {}
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            cells = _boxes(observations, page.page_number)
            fragments = _boxes(quarantine, page.page_number)
            if cells.empty and fragments.empty and is_blank(page):
                blank.append(page.page_number)
                page.close()
                continue
            image = page.to_image(resolution=dpi)
            angle = skews.get(page.page_number, 0.0)
            width, height = (page.height, page.width) if round(angle / 90) % 2 else (page.width, page.height)
            if angle:
                image.original = _upright(image.original, angle)
                image.reset()
            # Suspects last, so their fill sits on top of any neighbour's outline.
            order = cells["status"].eq(Status.SUSPECT.value).sort_values(kind="stable").index
            for row in cells.loc[order].itertuples():
                stroke, fill = _style(row.status)
                image.draw_rect(padded(row.x0, row.top, row.x1, row.bottom), fill=fill or (0, 0, 0, 0),
                                stroke=stroke, stroke_width=1 if fill is None else 2)
            stroke, fill = _style("quarantine")
            for row in fragments.itertuples():
                image.draw_rect(padded(row.x0, row.top, row.x1, row.bottom), fill=fill, stroke=stroke,
                                stroke_width=2)
            buffer = io.BytesIO()
            image.annotated.convert("RGB").quantize(PAGE_IMAGE_COLOURS).save(buffer, format="PNG", optimize=True)
            uri = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
            images.append(PageImage(page.page_number, float(width), float(height), uri))
            page.close()
    return images, blank
