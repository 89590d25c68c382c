"""Scanned pages: words and ruling edges read from the page image, for the same table logic.

The PDF path reads each page as words plus ruling edges (``pdf_pdfplumber.read_page``). A page with
no text layer gets both from its image here: rendered with pypdfium2 at ``OCR_DPI``, turned upright,
rules found by morphology (``image_geometry``) and painted out, then the words OCR'd, each with its
box in PDF points and the engine's confidence, the ink left unread read again piece by piece, and
the numbers read again alone by the English model, doubted where the readings differ. A
page with a scanner's invisible text layer over its image keeps that text (its numbers checked
against the engine's reading), and takes only its rules from the image. Everything after (lines,
header, columns, rows, structure) is the vector path, unchanged.

Engine and binding: Tesseract 5 with its Turkish data (Debian ``tesseract-ocr tesseract-ocr-tur``),
run as its command-line program, one process per page, the image on stdin and hOCR on stdout.
hOCR rather than TSV because it carries each line's baseline and font size (``x_size``,
``x_descenders``): words are given the top and bottom of their line's type, as PDF characters have,
not their ink box (a "2024" and an "Ağıl" of one line would otherwise sit at different heights).
The CLI rather than tesserocr (a C extension built against the installed libtesseract: no wheel for
every Python and Tesseract pair) or pytesseract (a wrapper around this same program through
temporary files, adding a dependency and nothing read here). ``OMP_THREAD_LIMIT=1``: Tesseract's
own threads only contend with ``--jobs`` workers (measured 3 s per page alone, 12 s with them).

Doubt, never a silent guess: a word's ``doubt`` (which becomes its staged line's ``flag``, so a
value read from it is ``suspect`` with the reason in ``note``) is set for a number in which the
engine read letters it confuses with digits (``O``/``o`` → 0, ``I``/``l``/``|`` → 1, ``S`` → 5,
``B`` → 8, ``Z`` → 2; the digit is put in, the printed reading kept in the note), a percent sign
read as "9b", "%o", "Y" or a leading "0", and a number read with low confidence. A page scanned below
``MIN_DPI`` or on which most words are doubtful has every word doubted, with the reason (``OcrPage.doubt``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
import shutil
import subprocess
import threading
import unicodedata
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from ..vocab import OCR_PERCENT_GUESS
from .geometry import Word
from .pdf_objects import PageObjects
from .staged import InputError
from .text_trust import untrusted_text

#: The one line that installs the OCR engine (named in the error when it is missing, and in the README).
ENGINE_INSTALL = "apt-get install tesseract-ocr tesseract-ocr-tur"
#: The Python side of OCR (OpenCV), an extra so that born-digital installs stay small.
OCR_EXTRA = "pip install 'yeep-extract[ocr]'"
#: Resolution a page is rendered and OCR'd at, whatever its scan's: Tesseract reads report-size type
#: best near 300 dpi (a 200 dpi scan upsampled to 300 gives fewer wrong digits than read as it is).
OCR_DPI = 300
#: Below this scan resolution OCR'd digits are too often wrong to trust: every value is doubted.
MIN_DPI = 150
#: Words with a digit read with a lower confidence (0-100) are doubted.
MIN_NUMBER_CONFIDENCE = 80
#: Words (of three characters or more) read with a lower confidence count as doubtful for the page.
MIN_WORD_CONFIDENCE = 60
#: Numbers, and words read with a confidence below ``MIN_NUMBER_CONFIDENCE``, of at most this many
#: characters are read again alone (``_numbers_read_again``): values, not the long words of names.
REREAD_LENGTH = 8
#: That second reading enlarges the words this much (type of 6.5 pt at 200 dpi read right so).
REREAD_SCALE = 1.5
#: A number as printed in a value cell, nothing else: digits with points or commas, a percent sign.
_PLAIN_NUMBER = re.compile(r"%?\d+(?:[.,]\d+)*%?")
#: What the Turkish model read a percent sign before a number as, where the English one read "%".
_PERCENT_AS_DIGITS = ("96", "9", "6", "4", "0")
#: An activity or goal code ("6.1.2.", "7.1."): no value, and no number to the English model, which
#: reads the Turkish model's right "2.1.1." as "21.2," or "EE2:" (seen on the 300 dpi fixture).
_CODE = re.compile(r"\d{1,2}(?:\.\d{1,2}){2,}\.?|\d{1,2}(?:\.\d{1,2})+\.")
#: A page with more doubtful words than this share has every word doubted (and its orientation is asked).
MAX_DOUBTFUL_SHARE = 0.5
#: The engine's orientation detection is taken from this confidence on (it gives 10-15 on a turned
#: table page, below 2 when it guesses).
MIN_TURN_CONFIDENCE = 3.0
#: Tesseract's page segmentation: "sparse text" (11). Its default (3, blocks of running text) drops
#: lone short words in table cells, as a header's "2025" beside its neighbours (seen on the fixtures).
PAGE_SEGMENTATION = "11"
#: An image covering at least this share of a page (``_largest_image``) makes it a scan.
SCAN_COVER = 0.5
#: A page without characters that paints at least this many slanted path segments has its text
#: drawn as outlines (a producer that turns fonts into curves: Ghostscript's ``-dNoOutputFonts``,
#: some "print to PDF" drivers): glyph curves give thousands, a table's rules none (they are
#: horizontal and vertical), so the page is rendered and OCR'd as a scan is.
OUTLINED_TEXT_MIN_SLANTS = 200

#: In a scanner's text layer, letters this many em apart or closer are of one word (spaces end words).
LAYER_LETTER_GAP = 1.0

#: Words this short are read a second time even without a digit: "Z", "Sa", "TA" were misread
#: digits of value cells ("7", "35", "7") on the shipped report scanned at 200 dpi.
_SHORT_WORD = 2
#: A value as printed: a number with separators, a percent sign before or after.
_NUMBER_WORD = re.compile(r"%?\d+(?:[.,]\d+)*%?")

#: Letters OCR confuses with digits, and the digit each stands for.
_DIGIT_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "D": "0", "I": "1", "l": "1", "|": "1", "i": "1",
                                   "S": "5", "s": "5", "B": "8", "Z": "2", "z": "2", "g": "9", "q": "9"})
#: A word of one to three letters each of which OCR makes of a digit ("ri" and "iz" were read where
#: "11" and "12" were printed, 6.5 pt at 200 dpi): in a value cell a misread number, not a word. Doubted
#: wherever it is read; a doubt matters only in value cells (the staged line's ``flag``).
_LETTERS_LIKE_DIGITS = re.compile(r"[OoDIl|iSsBZzgqr]{1,3}")
#: A token that is a number but for some look-alike letters (and at least one digit).
_NUMBERISH = re.compile(r"^%?[0-9OoDIl|iSsBZzgq]*[0-9][0-9OoDIl|iSsBZzgq.,]*%?$")
#: A percent sign read as something else before the digits ("9b", "%o", "°/o", "o/o", "Y", "Ye", a
#: quote or a degree sign: seen at 200 dpi), or after them, or as a leading "0" before a whole
#: number (no printed count starts with 0: "%100" read as "0100"), or as "96" or "90" before one to
#: three digits ("%50" read as "9650", "%84" as "9084": seen on crisp 300 dpi renders, often with high
#: confidence; a count printed so, 900 or 9650, is doubted with it, never silently changed).
_BAD_PERCENT = re.compile(r"^(?:9b|%o|°/o|o/o|Ye?|[“”\"°])(?=\d)|(?<=\d)(?:9b|%o|°/o|o/o)$|^0(?=\d+(?:[.,]\d+)?$)"
                          r"|^9[06](?=\d{1,3}(?:[.,]\d+)?$)")


@dataclass
class OcrPage:
    """A scanned page as ``read_page`` takes it: words already built (no ``chars``), edges, height."""

    words: list[Word]
    edges: list[dict[str, Any]]
    height: float
    skew: float
    doubt: str | None = None  # why every value of the page is doubted
    turn: int = 0  # quarter turn (degrees counter-clockwise) the scan was set upright by, before ``skew``
    #: what was done to the image before it was read, as measured on it (``image_geometry.prepared``)
    prepared: list[str] = field(default_factory=list)

    def extract_words(self, **_settings: Any) -> list[Word]:
        return self.words


@dataclass
class ScanReader:
    """The scanned pages of one PDF, read lazily: the PDFium document is opened on the first scan
    and every page is rendered and OCR'd once (``pages`` keeps what was read, for the manifest)."""

    path: Path
    page_count: int = 0
    pages: dict[int, dict[str, Any]] = field(default_factory=dict)
    #: called with each scanned page's number and the page count once it is read (progress on long scans)
    on_page: Callable[[int, int], None] | None = field(default_factory=lambda: _ON_PAGE.get())
    _document: Any = None
    _sha256: str | None = None

    def read(self, pages: Iterable[PageObjects]) -> Iterator[tuple[int, PageObjects, OcrPage | None]]:
        """Each page with its number and, for a scanned one, its words and edges from its image
        (``None``: read from its text layer alone), in page order.

        With ``page_threads`` above 1, scanned pages are read that many at a time: each is
        rendered here (PDFium is not thread-safe), and its image read (OpenCV, the engine's
        processes) in a thread of a pool, while the pages after it are rendered and sent; at most
        that many pages wait, so memory stays bounded. The results are the same in any case."""
        threads = _PAGE_THREADS.get()
        if threads <= 1:
            for page_no, objects in enumerate(pages, start=1):
                yield page_no, objects, self._finish(page_no, objects, self._start(page_no, objects, None))
            return
        waiting: deque[tuple[int, PageObjects, Any]] = deque()
        with ThreadPoolExecutor(threads, thread_name_prefix="ocr") as pool:
            for page_no, objects in enumerate(pages, start=1):
                waiting.append((page_no, objects, self._start(page_no, objects, pool)))
                if len(waiting) > threads:
                    page_no, objects, started = waiting.popleft()
                    yield page_no, objects, self._finish(page_no, objects, started)
            while waiting:
                page_no, objects, started = waiting.popleft()
                yield page_no, objects, self._finish(page_no, objects, started)

    def _start(self, page_no: int, objects: PageObjects, pool: ThreadPoolExecutor | None) -> Any:
        """What reading the page needs: ``None`` for a page read from its text layer alone (it has
        text and no scan under it, or it has vector rules of its own), else the page read from its
        image (a ``Future`` of it with a ``pool``), taken from the run's cache when this file's page
        was read before (``_READ``: a second reader of the run, as ``--cross-check``'s)."""
        scan = _largest_image(objects)
        outlined = scan is None and _text_drawn_as_outlines(objects)
        # a text layer whose letters are not the printed ones is read from the image, as outlines are
        untrusted = untrusted_text(objects.chars) if scan is None and objects.chars else None
        if (scan is None and not outlined and not untrusted) or (objects.chars and objects.edges and not untrusted):
            return None  # born-digital (a page without text or image is blank, as before), or ruled itself
        if (outlined or untrusted) and not engine_ready():
            # born-digital PDFs never need the engine: a page of drawn letters (a vector logo on a
            # cover page, or a table) is left unread and said so; a PDF with no other text fails.
            # An untrusted text layer is not read either (an empty page stands for it: never its garbage)
            self.pages[page_no] = {"page": page_no, "source": "untrusted text layer" if untrusted else "outlines",
                                   "dpi": None, "turn": 0, "skew": 0.0, "prepared": [], "words": 0,
                                   "doubtful_words": 0,
                                   "doubt": f"{untrusted or 'text drawn as outlines'}, not read: reading it "
                                            f"needs the OCR engine: {ENGINE_INSTALL}"}
            return OcrPage([], [], objects.height, 0.0) if untrusted else None
        if _SCANS_DECLINED.get():
            raise ScanDeclined(f"{self.path}: page {page_no} is read from its image")
        if not objects.chars:
            require_engine(self.path, page_no)
        layer = None
        if objects.chars and not untrusted:  # a scanner's own text layer: its words, with the rules from the image
            layer = [_doubted(w, None) for w in _layer_words(objects.chars)]
        key = (self._digest(), page_no, OCR_DPI, _layer_key(layer))
        with _READ_LOCK:
            if key in _READ:
                _READ.move_to_end(key)
                return _READ[key]
        gray = self._render(page_no, OCR_DPI)
        height = objects.height
        started: Any = pool.submit(read_scan, gray, OCR_DPI, height, layer) if pool else \
            read_scan(gray, OCR_DPI, height, layer=layer)
        with _READ_LOCK:
            _READ[key] = started
            while len(_READ) > CACHED_PAGES:
                _READ.popitem(last=False)
        return started

    def _finish(self, page_no: int, objects: PageObjects, started: Any) -> OcrPage | None:
        """The page read (waiting for its thread), doubted as a whole when scanned too coarsely,
        recorded for the manifest; the cached reading itself is left as it was."""
        if started is None or page_no in self.pages:  # not read (recorded as such by ``_start``)
            return started
        read = started.result() if isinstance(started, Future) else started
        scan = _largest_image(objects)
        scan_dpi = scan["dpi"] if scan else None  # None when the image does not say its pixel size
        page = dataclasses.replace(read, words=[dict(w) for w in read.words])
        if scan_dpi is not None and scan_dpi < MIN_DPI:
            page.doubt = f"scanned at {scan_dpi:.0f} dpi (below {MIN_DPI}): OCR'd digits are not to be trusted"
        if page.doubt:
            page.words = [{**w, "doubt": page.doubt} for w in page.words]
        untrusted = scan is None and objects.chars
        self.pages[page_no] = {"page": page_no, "source": "ocr of an untrusted text layer" if untrusted else
                               "text layer" if objects.chars else "ocr of outlines" if scan is None else "ocr",
                               "dpi": round(scan_dpi) if scan_dpi else None, "turn": page.turn, "skew": page.skew,
                               "prepared": list(page.prepared),
                               "words": len(page.words), "doubtful_words": sum(1 for w in page.words if w.get("doubt")),
                               "doubt": page.doubt}
        if self.on_page is not None:
            self.on_page(page_no, self.page_count)
        return page

    def _digest(self) -> str:
        """The file's SHA-256 (read once, on its first scanned page): the cache's key, so that a
        file changed between two reads is read again."""
        if self._sha256 is None:
            with self.path.open("rb") as fh:
                self._sha256 = hashlib.file_digest(fh, "sha256").hexdigest()
        return self._sha256

    def _render(self, page_no: int, dpi: float) -> Any:
        import pypdfium2 as pdfium

        if self._document is None:
            self._document = pdfium.PdfDocument(self.path)
        page = self._document[page_no - 1]
        try:
            return page.render(scale=dpi / 72, grayscale=True).to_numpy().copy()
        finally:
            page.close()

    def close(self) -> None:
        if self._document is not None:
            self._document.close()
            self._document = None

    def found_text(self) -> bool:
        return any(p["words"] for p in self.pages.values())

    def why_no_text(self) -> str:
        """Why a PDF without a text layer gave no words: what its pages are, and what reading them needs."""
        unread = [p for p in self.pages.values() if p["source"] in ("outlines", "untrusted text layer")]
        if unread:
            what = "its text is drawn as outlines" if unread[0]["source"] == "outlines" else \
                "the letters of its text layer are not the printed ones"
            return f"{what} (page {unread[0]['page']}); {unread[0]['doubt'].rsplit(', ', 1)[1]}"
        return "OCR found no text" if self.pages else "no page is a scanned image or text drawn as outlines"

    def meta(self) -> dict[str, Any]:
        """What the manifest records of the scanned pages (nothing for a born-digital PDF)."""
        if not self.pages:
            return {}
        doubted = [f"page {p['page']}: {p['doubt']}" for p in self.pages.values() if p["doubt"]]
        return {"ocr": {"engine": engine_version(), "pages": list(self.pages.values()),
                        "doubt": "; ".join(doubted) or None}}


#: Scanned pages read at once by one file's reader; 1 reads them one after another in this thread.
_PAGE_THREADS: ContextVar[int] = ContextVar("ocr_page_threads", default=1)
#: What each scanned page's number is told to once it is read (``ScanReader.on_page``), if anything.
_ON_PAGE: ContextVar[Callable[[int, int], None] | None] = ContextVar("ocr_on_page", default=None)
#: Whether a page to be read from its image stops the reading (``ScanDeclined``): a reader that
#: runs ahead in a second process leaves scans to the process that shows their pages' progress.
_SCANS_DECLINED: ContextVar[bool] = ContextVar("ocr_scans_declined", default=False)
#: Pages read in this process, by file content, page, resolution and text layer: a page is never
#: OCR'd twice in one run (a second reader of the same file, as ``--cross-check``'s, takes them).
#: The newest ``CACHED_PAGES`` are kept (a page's words, not its image: a few kilobytes each).
_READ: OrderedDict[tuple[str, int, float, int], Any] = OrderedDict()
_READ_LOCK = threading.Lock()
CACHED_PAGES = 512


@contextmanager
def page_threads(threads: int) -> Iterator[None]:
    """Within the block, a file's scanned pages are read ``threads`` at a time (``ScanReader.read``).

    The engine runs as a process per page, so threads are enough for the cores to share the
    pages. A batch gives its cores to its files first (``batch``): only a run of one file reads
    its pages so, with ``--jobs`` threads."""
    token = _PAGE_THREADS.set(max(1, threads))
    try:
        yield
    finally:
        _PAGE_THREADS.reset(token)


@contextmanager
def pages_told_to(callback: Callable[[int, int], None] | None) -> Iterator[None]:
    """Within the block, each scanned page's number and the file's page count are given to
    ``callback`` once the page is read (the CLI's progress on a long scan)."""
    token = _ON_PAGE.set(callback)
    try:
        yield
    finally:
        _ON_PAGE.reset(token)


class ScanDeclined(Exception):
    """A page would be read from its image, inside ``scans_declined``."""


@contextmanager
def scans_declined() -> Iterator[None]:
    """Within the block, a page that would be read from its image (OCR) raises ``ScanDeclined``
    instead: the files read so are born-digital ones only."""
    token = _SCANS_DECLINED.set(True)
    try:
        yield
    finally:
        _SCANS_DECLINED.reset(token)


def forget_read_pages() -> None:
    """Empty the run's cache of read pages (``_READ``)."""
    with _READ_LOCK:
        _READ.clear()


def _layer_key(layer: list[Word] | None) -> int:
    """A scanner's text layer as part of the cache key: the same words at the same places (two PDF
    readers give a layer's letters a hundredth of a point apart) are one layer."""
    if layer is None:
        return 0
    return hash(tuple((w["text"], round(w["x0"], 1), round(w["top"], 1)) for w in layer))


def _text_drawn_as_outlines(objects: PageObjects) -> bool:
    """No characters, and slanted path segments enough for letters (``OUTLINED_TEXT_MIN_SLANTS``)."""
    if objects.chars:
        return False
    slants = sum(1 for edge in objects.edges if edge["orientation"] is None)
    return slants >= OUTLINED_TEXT_MIN_SLANTS


def _largest_image(objects: PageObjects) -> dict[str, Any] | None:
    """The page's largest image if it covers most of the page (a scan), with its resolution: at
    least ``SCAN_COVER`` of the page's height, and as wide as that of the narrowest common page (an
    A-series portrait page is 1/√2 as wide as tall)."""
    best = None
    for image in objects.images:
        w, h = image["x1"] - image["x0"], image["bottom"] - image["top"]
        if h < SCAN_COVER * objects.height or w < SCAN_COVER * objects.height / 2 ** 0.5:
            continue
        if best is None or w * h > best["area"]:
            pixels = image.get("srcsize") or (0, 0)
            best = {"area": w * h, "dpi": pixels[0] * 72 / w if pixels[0] else None}
    return best


def _turned(words: list[Word], angle: float, width: float, height: float) -> list[Word]:
    """Words of a scanner's text layer moved as the page image was turned upright (``angle`` degrees
    about the page centre, as ``image_geometry.rotate``): the layer lies on the skewed scan, the rules
    were found on the upright image, and a skewed line's words would drift from one text line to the next."""
    import math

    if not angle:
        return words
    cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    cx, cy = width / 2, height / 2
    turned = []
    for word in words:
        x, y = (word["x0"] + word["x1"]) / 2 - cx, (word["top"] + word["bottom"]) / 2 - cy
        dx, dy = cos * x + sin * y - x, -sin * x + cos * y - y
        turned.append({**word, "x0": word["x0"] + dx, "x1": word["x1"] + dx,
                       "top": word["top"] + dy, "bottom": word["bottom"] + dy})
    return turned


def _layer_words(chars: list[dict[str, Any]]) -> list[Word]:
    """Words of a scanner's text layer, its characters taken in the order it wrote them.

    An OCR layer writes word after word in reading order, each in an invisible font whose boxes are
    taller than the type; sorted by position, as ``words_from_chars`` reads type, the letters of
    two neighbouring cells' lines interleave ("d 5. a 1 n . ı"). In the layer's own order they do
    not. A layer stretches each word with its following space over the word's box on the image
    (Tesseract's does), so a word ends where that space ends: else the gap between two words of
    one cell ("Destekçi Kurum") looks as wide as a gap between columns. Words end at the layer's
    spaces, not at gaps: its letters are placed by the word, not by their shapes, and may stand
    apart ("Z a b ı t a" seen), so any gap below ``LAYER_LETTER_GAP`` em is within a word. Read the
    same through either PDF reader's characters."""
    from pdfplumber.utils.text import WordExtractor

    from .geometry import SETTINGS

    # sizes to a hundredth of a point: a layer places each letter on its own baseline, and a reader
    # whose sizes come from the letter's box (PDFium's) then gives sizes a float's last bits apart,
    # which would end a word at every letter (words end where the size changes)
    numbered = [{**char, "size": round(char["size"], 2), "index": i} for i, char in enumerate(chars)]
    extractor = WordExtractor(x_tolerance_ratio=LAYER_LETTER_GAP, y_tolerance=SETTINGS.char_line_tolerance,
                              keep_blank_chars=False, use_text_flow=True, extra_attrs=["size"])
    words = []
    for word in extractor.extract_words(numbered, return_chars=True):
        last = word.pop("chars")[-1]
        after = chars[last["index"] + 1] if last["index"] + 1 < len(chars) else None
        if after is not None and after["text"].isspace() and abs(after["x0"] - last["x1"]) < 1 \
                and abs(after["top"] - last["top"]) < 1:
            word["x1"] = after["x1"]
        words.append(word)
    return words


def read_scan(gray: Any, dpi: float, height: float, layer: list[Word] | None = None) -> OcrPage:
    """A page image (grayscale array at ``dpi``) as words and edges in PDF points.

    ``layer``: the words of a scanner's text layer on it, used instead of a first OCR pass (moved
    as the image is turned upright); the ink they leave unread still gets the engine's second look
    when the engine is installed (a layer made by default page segmentation lacks lone digits).

    A page whose first reading is mostly doubtful may lie on its side or upside down (a landscape
    table fed portrait, a page fed the wrong way round): the engine's orientation detection
    (``page_turn``) names the quarter turn that sets it upright, the page is read so turned, and
    the turned reading is kept when more of its words read with confidence. Its words then lie on
    the upright page (``OcrPage.turn``; the HTML report draws the page turned so)."""
    from . import image_geometry as ig

    if layer is not None:
        page, clean = _page_geometry(gray, dpi, height)
        page.words = _turned(layer, page.skew, gray.shape[1] * 72 / dpi, height)  # the whole page rendered
        if engine_ready() and ig.has_type(clean, dpi):
            page.words = _checked_numbers(clean, page.words, dpi, "the scan's text layer reads") + \
                _second_look(clean, page.words, dpi)
        return page
    page, clean = _first_reading(gray, dpi, height)
    if page.doubt is not None and (turn := page_turn(clean, dpi)):
        import numpy as np  # here, not at the top: a born-digital PDF's reader never needs numpy

        turned_gray = np.rot90(gray, turn // 90)
        turned, turned_clean = _first_reading(turned_gray, dpi, turned_gray.shape[0] * 72 / dpi, turn)
        if _confident_words(turned) > _confident_words(page):
            page, clean = turned, turned_clean
    if page.words:
        page.words += _second_look(clean, page.words, dpi)
        # the English model's reading of values first, then the Turkish one's in their own boxes
        # with the percent sign looked for in the ink: the last word on a sign seen there
        page.words = _checked_numbers(clean, _numbers_read_again(clean, page.words, dpi), dpi, "OCR read")
    return page


def _page_geometry(gray: Any, dpi: float, height: float, turn: int = 0) -> tuple[OcrPage, Any]:
    """The page (no words yet) with its skew and rules (and shaded bands' edges), and its upright image
    with the rules painted out; uneven or gray paper evened and specks taken out first, where the page
    measures so (``image_geometry.prepared``)."""
    import cv2

    from . import image_geometry as ig

    gray, prepared = ig.prepared(gray, dpi)
    skew = ig.skew_angle(gray)
    upright = ig.rotate(gray, skew)
    horizontal, vertical = ig.rule_mask(upright, dpi)
    edges = ig.edges_from_masks(cv2.bitwise_or(horizontal, ig.shaded_band_edges(upright, dpi)), vertical, dpi)
    page = OcrPage([], edges, height, skew, turn=turn, prepared=prepared)
    return page, ig.for_ocr(upright, horizontal, vertical)


def _first_reading(gray: Any, dpi: float, height: float, turn: int = 0) -> tuple[OcrPage, Any]:
    """The page read by the engine's layout, doubted as a whole when most of its words are doubtful;
    and its upright image with the rules painted out."""
    from . import image_geometry as ig

    page, clean = _page_geometry(gray, dpi, height, turn)
    if not ig.has_type(clean, dpi):
        return page, clean
    page.words = ocr_words(clean, dpi)
    judged = [w for w in page.words if len(w["text"]) >= 3]
    doubtful = len(judged) - _confident_words(page)
    if judged and doubtful > MAX_DOUBTFUL_SHARE * len(judged):
        page.doubt = (f"{doubtful} of {len(judged)} OCR'd words doubtful (confidence below "
                      f"{MIN_WORD_CONFIDENCE}): the scan is too poor to trust")
    return page, clean


def _confident_words(page: OcrPage) -> int:
    """How many of the page's words of three characters or more the engine read with confidence."""
    return sum(1 for w in page.words if len(w["text"]) >= 3 and w["confidence"] >= MIN_WORD_CONFIDENCE)


def page_turn(gray: Any, dpi: float) -> int:
    """The quarter turn (degrees counter-clockwise: 0, 90, 180 or 270) that sets the page's text
    upright, by the engine's orientation and script detection (``--psm 0``, its ``osd`` data, which
    Debian's ``tesseract-ocr`` brings); 0 when it is not installed, finds too little text, or is
    unsure (confidence below ``MIN_TURN_CONFIDENCE``)."""
    import cv2

    if "osd" not in engine_languages():
        return 0
    ok, png = cv2.imencode(".png", gray)
    if not ok:
        return 0
    command = ["tesseract", "stdin", "stdout", "--dpi", str(round(dpi)), "--psm", "0"]
    done = subprocess.run(command, input=png.tobytes(), capture_output=True, check=False,
                          env={**os.environ, "OMP_THREAD_LIMIT": "1"})
    said = dict(line.split(":", 1) for line in done.stdout.decode(errors="replace").splitlines() if ":" in line)
    try:
        turn, confidence = int(said["Orientation in degrees"]), float(said["Orientation confidence"])
    except (KeyError, ValueError):
        return 0  # too few characters to tell
    return turn % 360 if turn % 90 == 0 and confidence >= MIN_TURN_CONFIDENCE else 0


def require_engine(path: Path, page_no: int) -> None:
    """``InputError`` naming the install line when the OCR engine or its Turkish data is missing,
    or OpenCV (the ``ocr`` extra)."""
    if not engine_ready():
        raise InputError(f"{path}: page {page_no} is a scan without a text layer; reading it needs the OCR "
                         f"engine: {ENGINE_INSTALL}")
    try:
        import cv2  # noqa: F401
    except ImportError:
        raise InputError(f"{path}: page {page_no} is a scan without a text layer; reading it needs OpenCV: "
                         f"{OCR_EXTRA}") from None


@cache
def engine_ready() -> bool:
    """Tesseract is installed with its Turkish data, and its English data (numbers are read again
    with it: ``_numbers_read_again``; Debian's ``tesseract-ocr`` brings it)."""
    return {"tur", "eng"} <= engine_languages()


@cache
def engine_languages() -> frozenset[str]:
    """The engine's installed data (``--list-langs``), none without the engine."""
    if shutil.which("tesseract") is None:
        return frozenset()
    listed = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, check=False)
    return frozenset(listed.stdout.split())


@cache
def engine_version() -> str | None:
    """The engine's first ``--version`` line (``None`` without it: a scanner's text layer read alone)."""
    if not engine_ready():
        return None
    shown = subprocess.run(["tesseract", "--version"], capture_output=True, text=True, check=False)
    first = (shown.stdout or shown.stderr).splitlines()
    return first[0].strip() if first else "tesseract"


def ocr_words(gray: Any, dpi: float) -> list[Word]:
    """The words Tesseract reads on an upright page image, in PDF points, each with its
    ``confidence`` and, when there is reason to doubt it, ``doubt``."""
    import cv2

    return _tesseract_words(cv2, gray, dpi, PAGE_SEGMENTATION)


def _tesseract_words(cv2: Any, gray: Any, dpi: float, segmentation: str, language: str = "tur") -> list[Word]:
    ok, png = cv2.imencode(".png", gray)
    if not ok:
        raise InputError("could not encode a page image for OCR")
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    command = ["tesseract", "stdin", "stdout", "-l", language, "--dpi", str(round(dpi)), "--psm", segmentation, "hocr"]
    done = subprocess.run(command, input=png.tobytes(), capture_output=True, env=env, check=False)
    if done.returncode != 0:
        raise InputError(f"OCR failed: {done.stderr.decode(errors='replace').strip().splitlines()[-1:]}")
    return words_from_hocr(done.stdout.decode("utf-8"), dpi)


def _second_look(gray: Any, words: list[Word], dpi: float) -> list[Word]:
    """Words in the ink the page's OCR left unread, read again each on its own line.

    Tesseract's page layout drops a lone short word, such as a one-digit value alone in its cell
    (seen on every fixture: "3", "5"). The unread ink (``image_geometry.unread_ink``) is cut out
    and read piece by piece (``_read_pieces``); each word read goes back to where it was."""
    from . import image_geometry as ig

    pixels = 72.0 / dpi
    read = [(w["x0"] / pixels, w["top"] / pixels, w["x1"] / pixels, w["bottom"] / pixels) for w in words]
    return [word for _, word in _read_pieces(gray, ig.unread_ink(gray, read, dpi), dpi)
            if any(c.isalnum() for c in word["text"])]


def _checked_numbers(gray: Any, words: list[Word], dpi: float, first: str) -> list[Word]:
    """Every number (and every one- or two-letter word, which may be a misread digit) read a second
    time, in its own box, stacked with the others (``_read_pieces``: one engine run, a uniform block
    of lines, other segmentation than the page's); ``first`` names the first reading in the notes.

    The two readings see the glyphs in other contexts, so they rarely err alike: a number they read
    differently (digits and percent sign compared) is doubted, with both readings. A short word read
    as letters first and as a number the second time ("Sa" and "35", "Z" and "7") takes the number,
    doubted: a value cell's digit, not a word. A percent sign both readings take for digits ("%50"
    as "2050") is seen in the ink (``ocr_glyphs.percent_sign_end``): the digits after it are read
    alone, and the value is the sign and those digits, doubted. A scanner's text layer carries no
    confidences, so this is its only check."""
    from .ocr_glyphs import percent_sign_end

    checked_ones = [i for i, w in enumerate(words)
                    if any(c.isdigit() for c in w["text"]) or len(w["text"]) <= _SHORT_WORD]
    if not checked_ones:
        return words
    boxes, percent_seen = [], []
    for i in checked_ones:
        x0, y0, x1, y1 = _pixel_box(words[i], dpi, gray.shape)
        sign_end = percent_sign_end(gray[y0:y1, x0:x1]) if any(c.isdigit() for c in words[i]["text"]) else None
        percent_seen.append(sign_end is not None)
        boxes.append((x0 + sign_end + 1 if sign_end is not None and x0 + sign_end + 1 < x1 else x0, y0, x1, y1))
    readings = _box_readings(gray, boxes, dpi)
    checked = list(words)
    for n, i in enumerate(checked_ones):
        text, again = words[i]["text"], readings[n]
        again_fixed = _doubted({"text": again}, None)["text"]
        reason = f"{first} {text!r}, a second reading {again!r}"
        if percent_seen[n]:
            digits_after = again_fixed.lstrip("%")
            if text.startswith("%") and _digits(text) == "%" + _digits(digits_after):
                continue  # both readings agree, the sign read as a sign
            reason = f"a percent sign seen before the digits; {first} {text!r}, the digits after it {again!r}"
            fixed = "%" + digits_after if _NUMBER_WORD.fullmatch(digits_after) else text
            checked[i] = _with_doubt(words[i], reason, fixed)
        elif not any(c.isdigit() for c in text):
            if _NUMBER_WORD.fullmatch(again_fixed):
                checked[i] = _with_doubt(words[i], reason, again_fixed)
        elif _digits(text) != _digits(again_fixed):
            checked[i] = _with_doubt(words[i], reason, text)
    return checked


def _pixel_box(word: Word, dpi: float, shape: tuple[int, ...]) -> tuple[int, int, int, int]:
    """A word's box in the page image's pixels, with a margin of ink around it, inside the image."""
    pixels = 72.0 / dpi
    height, width = shape[:2]
    return (max(0, int(word["x0"] / pixels) - 2), max(0, int(word["top"] / pixels) - 2),
            min(width, int(word["x1"] / pixels) + 3), min(height, int(word["bottom"] / pixels) + 3))


def _box_readings(gray: Any, boxes: list[tuple[int, int, int, int]], dpi: float, scale: float = 1.0,
                  language: str = "tur") -> list[str]:
    """What the engine reads in each box, read alone (``_read_pieces``): the box's words joined."""
    readings: dict[int, list[str]] = {}
    for n, word in _read_pieces(gray, boxes, dpi, scale, language=language):
        readings.setdefault(n, []).append(word["text"])
    return ["".join(readings.get(n, [])) for n in range(len(boxes))]


def _with_doubt(word: Word, reason: str, text: str) -> Word:
    """The word as ``text``, with ``reason`` added to its doubts."""
    return {**word, "text": text, "doubt": "; ".join(x for x in (word.get("doubt"), reason) if x)}


def _numbers_read_again(gray: Any, words: list[Word], dpi: float) -> list[Word]:
    """The page's words with every number, and every short word the engine was unsure of, read
    again alone by the engine's English model, and doubted where the two readings differ.

    Numbers are written in ASCII, which the English model reads better than the Turkish one reads
    them in a page's layout: the Turkish model reads a sans-serif "%100" as "96100" or "6100" and
    the English one "%100" (seen at 200 dpi), and read alone, at ``REREAD_SCALE`` times the page's
    scale, a small lone value comes out right where the page's reading gave "7" for "2" or "ri"
    for "11" (6.5 pt at 200 dpi). Where the readings differ the value is doubted either way, both
    readings in its note. It takes the second reading when that is a plain number and the first
    was no plain number read with confidence; of a confident first reading only a percent sign
    put back is taken (``_percent_restored``: at 300 dpi the English model misread some confident
    serif digits, "75" as "70"). Codes and long words of unsure text (names) are not read again."""
    checked = [i for i, w in enumerate(words) if len(w["text"]) <= REREAD_LENGTH and not _CODE.fullmatch(w["text"])
               and (any(c.isdigit() for c in w["text"]) or w.get("confidence", 100.0) < MIN_NUMBER_CONFIDENCE)]
    if not checked:
        return words
    boxes = [_pixel_box(words[i], dpi, gray.shape) for i in checked]
    readings = _box_readings(gray, boxes, dpi, REREAD_SCALE, language="eng")
    result = list(words)
    for n, i in enumerate(checked):
        word, again = words[i], readings[n]
        if again in (word["text"], word["text"].rstrip(".")) \
                or not (_PLAIN_NUMBER.fullmatch(again) or any(c.isdigit() for c in word["text"])):
            continue  # the same reading (a code's closing point aside), or text read otherwise (no "ş")
        why = f"OCR read {word['text']!r} in the page, {again!r} alone"
        better = _PLAIN_NUMBER.fullmatch(again) and (not _sure_number(word) or _percent_restored(word["text"], again))
        fixed = {**word, "text": again} if better else word
        result[i] = {**fixed, "doubt": "; ".join(x for x in (why, word.get("doubt")) if x)}
    return result


def _sure_number(word: Word) -> bool:
    """A plain number the engine read with confidence (``MIN_NUMBER_CONFIDENCE``) and no doubt."""
    return bool(_PLAIN_NUMBER.fullmatch(word["text"])) and not word.get("doubt") \
        and word.get("confidence", 0.0) >= MIN_NUMBER_CONFIDENCE


def _percent_restored(first: str, again: str) -> bool:
    """Whether ``again`` is ``first`` with its percent sign back: dropped ("75" for "%75"), or read
    as the digits the Turkish model reads a sans-serif "%" as ("96100", "6100", "428" for "%28")."""
    if not again.startswith("%") or first.startswith("%"):
        return False
    rest = again[1:]
    return first == rest or (first.endswith(rest) and first[:len(first) - len(rest)] in _PERCENT_AS_DIGITS)


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit() or c == "%")


def _read_pieces(gray: Any, pieces: list[tuple[int, int, int, int]], dpi: float,
                 scale: float = 1.0, language: str = "tur") -> list[tuple[int, Word]]:
    """The words read in some boxes of the page (pixels), each with the index of its box, in page points.

    The pieces are stacked one under another on a blank image, as scanned (read at twice their size,
    lone digits came out worse on the 300 dpi fixture: "2" as "27", "1" as "Il"), and read in one run
    as a uniform block of lines: one engine start for all of them. ``scale``: the pieces enlarged
    so, the words' boxes still given on the page; ``language``: the engine's model (``_numbers_read_again``)."""
    import cv2

    if not pieces:
        return []
    cuts = [gray[y0:y1, x0:x1] for x0, y0, x1, y1 in pieces]
    if scale != 1.0:
        cuts = [cv2.resize(cut, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC) for cut in cuts]
    pad = max(4, round(0.04 * dpi * scale))
    found, first, height = [], 0, pad
    for n, cut in enumerate(cuts):  # as many stacks as the engine's largest image needs
        if n > first and height + cut.shape[0] + 2 * pad > MAX_STACK:
            found += _read_stack(cv2, cuts[first:n], pieces[first:n], first, dpi, scale, pad, language)
            first, height = n, pad
        height += cut.shape[0] + 2 * pad
    return found + _read_stack(cv2, cuts[first:], pieces[first:], first, dpi, scale, pad, language)


#: Tallest stack of pieces read in one engine run (pixels): Tesseract takes images up to 32767 high.
MAX_STACK = 30000


def _read_stack(cv2: Any, cuts: list[Any], pieces: list[tuple[int, int, int, int]], first: int, dpi: float,
                scale: float, pad: int, language: str) -> list[tuple[int, Word]]:
    """``_read_pieces`` for one stack: the cuts one under another, read in one run; each word with its
    piece's index (counted from ``first``) and its box on the page."""
    pixels = 72.0 / (dpi * scale)  # points per pixel of the stack
    width = max(cut.shape[1] for cut in cuts) + 2 * pad
    offsets = []  # the stacked image's row where each piece starts
    height = pad
    for cut in cuts:
        offsets.append(height)
        height += cut.shape[0] + 2 * pad
    import numpy as np

    stack = np.full((height, width), 255, dtype=np.uint8)
    for cut, at in zip(cuts, offsets, strict=True):
        stack[at:at + cut.shape[0], pad:pad + cut.shape[1]] = cut
    found = []
    for word in _tesseract_words(cv2, stack, dpi * scale, segmentation="6", language=language):
        middle = (word["top"] + word["bottom"]) / 2 / pixels
        n = max((i for i, at in enumerate(offsets) if at - pad <= middle), default=0)
        x0, y0, _, _ = pieces[n]
        page_x, page_y = x0 * 72.0 / dpi, y0 * 72.0 / dpi  # the piece's corner on the page, in points

        def placed(value: float, start: float, corner: float) -> float:
            return corner + value - start * pixels

        found.append((first + n, {**word, "x0": placed(word["x0"], pad, page_x),
                                  "x1": placed(word["x1"], pad, page_x), "top": placed(word["top"], offsets[n], page_y),
                                  "bottom": placed(word["bottom"], offsets[n], page_y)}))
    return found


def _title(element: ElementTree.Element) -> dict[str, list[float]]:
    """An hOCR ``title`` ("bbox 1 2 3 4; x_wconf 95") as name → numbers."""
    fields: dict[str, list[float]] = {}
    for part in (element.get("title") or "").split(";"):
        name, *values = part.split() or [""]
        if name and name != "image":
            fields[name] = [float(v) for v in values if _is_number(v)]
    return fields


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def words_from_hocr(hocr: str, dpi: float) -> list[Word]:
    """Words of Tesseract's hOCR, each given its line's type height (from the baseline and the
    line's ``x_size``/``x_descenders``) in PDF points, as a PDF character's top and bottom are."""
    points = 72.0 / dpi
    root = ElementTree.fromstring(hocr.encode("utf-8"))
    words: list[Word] = []
    for line in root.iter():
        info = _title(line)
        if "baseline" not in info or "bbox" not in info:
            continue
        lx0, _, _, ly1 = info["bbox"]
        slope, offset = (info["baseline"] + [0.0, 0.0])[:2]
        x_size = (info.get("x_size") or [ly1 - info["bbox"][1]])[0]
        descent = (info.get("x_descenders") or [x_size * 0.2])[0]
        for span in line:
            if "ocrx_word" not in (span.get("class") or ""):
                continue
            text = unicodedata.normalize("NFC", "".join(span.itertext()).strip())
            if not text:
                continue
            winfo = _title(span)
            x0, _, x1, _ = winfo["bbox"]
            baseline = ly1 + offset + slope * ((x0 + x1) / 2 - lx0)
            confidence = (winfo.get("x_wconf") or [0.0])[0]
            word = {"text": text, "x0": x0 * points, "x1": x1 * points,
                    "top": (baseline - x_size + descent) * points, "bottom": (baseline + descent) * points,
                    "size": x_size * points, "upright": True, "confidence": confidence}
            words.append(_doubted(word, confidence))
    return words


def _doubted(word: Word, confidence: float | None) -> Word:
    """The word with digit look-alikes read as digits and the reason to doubt it, if any."""
    text = word["text"]
    reasons = []
    fixed = _BAD_PERCENT.sub("%", text)
    if fixed != text:
        reasons.append(f"OCR read {text!r}: {OCR_PERCENT_GUESS}")
    if _NUMBERISH.match(fixed) and not re.fullmatch(r"[%0-9.,]+", fixed):
        digits = fixed.translate(_DIGIT_LOOKALIKES)
        reasons.append(f"OCR read {text!r}: letters among digits read as {digits!r}")
        fixed = digits
    if _LETTERS_LIKE_DIGITS.fullmatch(fixed):
        reasons.append(f"OCR read {text!r}: letters that look like digits, maybe a misread number")
    if confidence is not None and confidence < MIN_NUMBER_CONFIDENCE and any(c.isdigit() for c in fixed):
        reasons.append(f"OCR confidence {confidence:.0f} for {text!r}")
    if not reasons:
        return word
    return {**word, "text": fixed, "doubt": "; ".join(reasons)}

