"""PDFium backend: the characters and ruling edges of each page read with PDFium (``pypdfium2``).

pdfminer, under pdfplumber, interprets every content stream in Python; that was most of a run's
time (about 30 ms a page). PDFium reads the same page in C, and only the few attributes the
extractor uses cross into Python: per character its text, origin and advance box, per text object
its matrix and font size, per path its segments. They are turned into ``PageObjects`` in
pdfplumber's coordinate convention, so that the word, line and table logic of the pdfplumber
backend (``pdf_pdfplumber``) runs on them unchanged:

- a character's box is pdfminer's: from the origin, ``advance`` wide, from ``descent · size``
  below the baseline to ``size`` above that, where ``descent`` is the font descriptor's /Descent
  as pdfminer reads it. PDFium replaces a descriptor whose /Ascent and /Descent are both 0 (the
  shipped report's producer writes that) by the glyphs' own; pdfminer keeps the 0, and so the
  page's fonts are read once with pdfminer's font classes (no content stream is interpreted);
- ``advance`` is the glyph's /Widths entry as pdfminer reads it: PDFium rounds widths to whole
  thousandths of the size and places a text object's characters by its rounded widths, so the
  difference is added back along the object (reportlab writes fractional widths);
- PDFium's own spaces and line breaks (``FPDFText_IsGenerated``) are left out; a hyphen ending a line
  reads ``-`` (PDFium keeps only that it was one);
- paths become pdfminer's lines, rectangles and curves by pdfminer's rules (a segment, an
  axis-aligned closed four-segment loop, anything else), then edges as pdfplumber makes them;
- ``top`` is measured from the top of the MediaBox after the page's /Rotate, as pdfplumber does;
- each character's ``turn`` is ``rotation.turn_of`` its device matrix, as the pdfplumber reader
  gives it, so that a page whose text runs turned is read turned upright (``rotation``).

``tests/test_pdfium.py`` runs every fixture through both readers and compares the staged cells.
"""

from __future__ import annotations

import copy
import ctypes
import itertools
import math
import re
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from .geometry import SETTINGS, LayoutSettings
from .pdf_objects import PageObjects, is_background
from .rotation import turn_of
from .staged import Extraction, InputError, StagedRead

Matrix = tuple[float, float, float, float, float, float]

#: pdfminer's page matrix for each /Rotate, from the MediaBox (x0, y0, x1, y1): device space
#: has its origin at the rotated page's lower left corner (``PDFPageInterpreter.process_page``)
_ROTATIONS = {
    0: lambda x0, y0, x1, y1: (1.0, 0.0, 0.0, 1.0, -x0, -y0),
    90: lambda x0, y0, x1, y1: (0.0, -1.0, 1.0, 0.0, -y0, x1),
    180: lambda x0, y0, x1, y1: (-1.0, 0.0, 0.0, -1.0, x1, y1),
    270: lambda x0, y0, x1, y1: (0.0, 1.0, -1.0, 0.0, y1, -x0),
}
_SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")
#: decimals kept of PDFium's single-precision numbers (positions, matrices): about what a float
#: holds of a page coordinate, and what PDF producers write, so ``539.7030029`` reads ``539.703`` again
_DIGITS = 4
#: what PDFium gives for a hyphen that ends a line (``FPDFText_IsHyphen``): 0x02 one by one, U+FFFE in the page text
_HYPHEN_MARKS = ("\x02", "\ufffe")


def extract_pdf_pdfium(path: Path, settings: LayoutSettings = SETTINGS) -> Extraction:
    """Extract every page of a PDF report read with PDFium; ``InputError`` for files that are no
    readable PDF (the same messages as the pdfplumber backend). ``settings``: the layout thresholds."""
    return stage_pdf_pdfium(path, settings).extraction()


def stage_pdf_pdfium(path: Path, settings: LayoutSettings = SETTINGS) -> StagedRead:
    """``extract_pdf_pdfium`` up to the staged lines, without pandas (``staged.StagedRead``)."""
    import pypdfium2

    from .pdf_pdfplumber import stage_page_objects

    try:
        pdf = pypdfium2.PdfDocument(str(path))
    except pypdfium2.PdfiumError as exc:
        raise InputError(f"{path}: not a readable PDF ({_reason(exc)})") from None
    version = f"pypdfium2 {pypdfium2.PYPDFIUM_INFO.version}, PDFium {pypdfium2.PDFIUM_INFO.build}"
    fonts = _FontMetrics(path)
    try:
        return stage_page_objects(path, len(pdf), _pages(pdf, fonts),
                                  {"backend": "pdfium", "backend_version": version}, settings)
    finally:
        fonts.close()
        pdf.close()


def _reason(exc: Exception) -> str:
    text = str(exc)
    return "encrypted, no password given" if "password" in text.lower() else text.splitlines()[0][:120]


def _pages(pdf: Any, fonts: _FontMetrics) -> Iterator[PageObjects]:
    """Each page read and closed in turn (only one page's objects alive at a time)."""
    doctop = 0.0
    for index in range(len(pdf)):
        page = pdf[index]
        try:
            objects = read_pdfium_page(page, fonts.page(index), doctop)
        finally:
            page.close()
        doctop += objects.height
        yield objects


class _PageGeometry:
    """pdfplumber's coordinates for one page: PDF user space → (x, top) via pdfminer's rotation
    matrix and pdfplumber's MediaBox offsets (``Page.process_object``)."""

    def __init__(self, mediabox: tuple[float, float, float, float], rotation: int) -> None:
        x0, x1 = sorted((mediabox[0], mediabox[2]))
        y0, y1 = sorted((mediabox[1], mediabox[3]))
        self.matrix: Matrix = _ROTATIONS.get(rotation, _ROTATIONS[0])(x0, y0, x1, y1)  # pdfminer: else none
        # pdfplumber's box after /Rotate: its x offset, height and top offset (``_invert_box``)
        bx0, by0, bx1, by1 = (y0, x0, y1, x1) if rotation in (90, 270) else (x0, y0, x1, y1)  # pdfplumber's
        self.height = by1 - by0
        self.width = bx1 - bx0
        self.x_offset = bx0
        self.top_offset = self.height - by0

    def point(self, x: float, y: float) -> tuple[float, float]:
        """User space → pdfplumber's (x, top)."""
        a, b, c, d, e, f = self.matrix
        return a * x + c * y + e + self.x_offset, self.top_offset - (b * x + d * y + f)


def read_pdfium_page(page: Any, info: PageInfo | None = None, doctop: float = 0.0) -> PageObjects:
    """A pypdfium2 page's chars (``pdf_objects.CHAR_KEYS``) and edges (as pdfplumber's ``page.edges``).

    ``info``: the page as pdfminer reads its dictionary (``_FontMetrics.page``); without it, PDFium's
    MediaBox, rotation and font descents."""
    import pypdfium2.raw as pdfium_c

    if info is None:
        info = PageInfo(page.get_mediabox(), page.get_rotation(), {}, {})
    geometry = _PageGeometry(info.mediabox, info.rotation % 360)
    chars = _chars(page, geometry, info, doctop, pdfium_c)
    image_objects: list[Any] = []
    edges = _edges(page, geometry, doctop, pdfium_c, image_objects)
    return PageObjects(chars, edges, geometry.height, _images(image_objects, geometry, pdfium_c), geometry.width)


#: how deep in nested form XObjects images are looked for (pypdfium2's ``get_objects(max_depth=3)``,
#: which this reader used before it found them in its walk over the paths: ``_subpaths``)
_IMAGE_DEPTH = 3


def _images(objects: list[Any], geometry: _PageGeometry, pdfium_c: Any) -> list[dict[str, Any]]:
    """The page's images (``objects``, from ``_subpaths``): box (pdfplumber's convention) and pixel
    size, as ``pdf_objects`` gives them (a scanned page is one image: ``pdf_ocr``)."""
    from pypdfium2 import PdfiumError

    images = []
    left, bottom, right, top = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    width, height = ctypes.c_uint(), ctypes.c_uint()
    for image in objects:
        if not pdfium_c.FPDFPageObj_GetBounds(image, left, bottom, right, top):
            raise PdfiumError("Failed to locate pageobject.")
        if not pdfium_c.FPDFImageObj_GetImagePixelSize(image, width, height):
            raise PdfiumError("Failed to get image size.")
        (x0, t0), (x1, t1) = geometry.point(left.value, top.value), geometry.point(right.value, bottom.value)
        images.append({"x0": min(x0, x1), "x1": max(x0, x1), "top": min(t0, t1), "bottom": max(t0, t1),
                       "srcsize": (width.value, height.value)})
    return images


def _chars(page: Any, geometry: _PageGeometry, info: PageInfo, doctop: float, pdfium_c: Any) -> list[dict[str, Any]]:
    """The page's characters as pdfminer boxes them; PDFium's generated spaces and line breaks
    (no text object behind them) are left out, as pdfminer has no such characters."""
    textpage = pdfium_c.FPDFText_LoadPage(page.raw)
    try:
        count = pdfium_c.FPDFText_CountChars(textpage)
        texts = _page_text(textpage, count, pdfium_c)
        calls = _fast_calls(pdfium_c)
        is_generated, text_object, origin = calls.is_generated, calls.text_object, calls.origin
        handle = ctypes.cast(textpage, ctypes.c_void_p).value
        matrix = pdfium_c.FS_MATRIX()
        matrix_at = ctypes.addressof(matrix)
        # text objects of one font, size and matrix (but where they start) share all of their
        # ``_Run`` but how far it has gone (``shift``): one is made per style, and copied
        styles: dict[tuple[float, float, float, float, float, int | None], _Run] = {}
        ox, oy = ctypes.c_double(), ctypes.c_double()
        ox_at, oy_at = ctypes.addressof(ox), ctypes.addressof(oy)
        runs: dict[int, _Run] = {}
        fonts: dict[bytes, _Font] = {}
        chars: list[dict[str, Any]] = []
        # the current text object's ``_Run``, and what the common case reads of it, as locals
        previous, run = 0, None
        units_of: dict[str, tuple[float, float]] = {}
        straight: tuple[float, ...] | None = None
        shift = size = sx = tx = sy = ty = a = d = low = high = 0.0
        upright, turn = True, 0
        baseline, y = math.nan, 0.0  # the last origin's y as PDFium gives it, and rounded
        for i in range(count):
            text = texts[i] if texts is not None else chr(pdfium_c.FPDFText_GetUnicode(textpage, i))
            if text.isspace() and is_generated(handle, i):
                continue  # PDFium's own space or line break: pdfminer has no such character
            key = text_object(handle, i)  # the text object's address, 0 for none
            if not key:
                continue
            if key != previous:
                if run is not None:
                    run.shift = shift  # its object may go on further down the page
                run = runs.get(key)
                if run is None:
                    calls.matrix(handle, i, matrix_at)
                    style = (matrix.a, matrix.b, matrix.c, matrix.d, calls.font_size(handle, i), calls.font(key))
                    model = styles.get(style)
                    if model is None:
                        model = styles[style] = _Run(textpage, i, info, geometry, fonts, pdfium_c)
                    run = runs[key] = copy.copy(model)  # ``shift`` 0 as the model's: never moved
                previous = key
                units_of, straight, shift, size, upright, turn = (run.units, run.straight, run.shift, run.size,
                                                                  run.upright, run.turn)
                if straight is not None:
                    sx, tx, sy, ty, a, d, low, high = straight
            if text in _HYPHEN_MARKS and pdfium_c.FPDFText_IsHyphen(textpage, i):
                text = "-"  # PDFium marks a hyphen that ends a line and forgets which it was
            origin(handle, i, ox_at, oy_at)
            x = round(ox.value, _DIGITS)
            if oy.value != baseline:  # the characters of a line share their baseline: rounded once
                baseline, y = oy.value, round(oy.value, _DIGITS)
            units = units_of.get(text)
            if units is None or straight is None:
                assert run is not None
                run.shift = shift
                chars.append(run.char(text, x, y, textpage, i, doctop))
                shift = run.shift
                continue
            # the common case inline (``_Run.char``): a known glyph, nothing turned
            x += a * shift
            advance = units[1] * size
            shift += advance - units[0] * size
            left, right = sx * x + tx, sx * (x + a * advance) + tx
            top, bottom = ty - sy * (y + d * low), ty - sy * (y + d * high)
            if left > right:
                left, right = right, left
            if top > bottom:
                top, bottom = bottom, top
            chars.append({"text": text, "x0": left, "x1": right, "top": top, "bottom": bottom,
                          "doctop": doctop + top, "upright": upright, "size": bottom - top, "turn": turn})
        return chars
    finally:
        pdfium_c.FPDFText_ClosePage(textpage)


class _FastCalls(NamedTuple):
    """The PDFium calls made for every character or text object, with plain addresses for arguments
    and results (``c_void_p``): pypdfium2's bindings take and give typed pointers, whose conversion
    costs several times the call itself (measured: 0.14 s against 0.03 s for the 34,000
    characters of the shipped report)."""

    is_generated: Callable[[int, int], int]
    text_object: Callable[[int, int], int | None]
    origin: Callable[[int, int, int, int], int]
    matrix: Callable[[int, int, int], int]
    font_size: Callable[[int, int], float]
    font: Callable[[int], int | None]


@cache
def _fast_calls(pdfium_c: Any) -> _FastCalls:
    """``FPDFText_IsGenerated``, ``FPDFText_GetTextObject``, ``FPDFText_GetCharOrigin``,
    ``FPDFText_GetMatrix``, ``FPDFText_GetFontSize`` and ``FPDFTextObj_GetFont`` of the library
    pypdfium2 loaded, as prototypes on plain addresses (the same functions, by address)."""
    address, index = ctypes.c_void_p, ctypes.c_int

    def prototype(function: Any, restype: Any, *argtypes: Any) -> Any:
        return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(function, ctypes.c_void_p).value)

    return _FastCalls(prototype(pdfium_c.FPDFText_IsGenerated, ctypes.c_int, address, index),
                      prototype(pdfium_c.FPDFText_GetTextObject, address, address, index),
                      prototype(pdfium_c.FPDFText_GetCharOrigin, ctypes.c_int, address, index, address, address),
                      prototype(pdfium_c.FPDFText_GetMatrix, ctypes.c_int, address, index, address),
                      prototype(pdfium_c.FPDFText_GetFontSize, ctypes.c_double, address, index),
                      prototype(pdfium_c.FPDFTextObj_GetFont, address, address))


def _page_text(textpage: Any, count: int, pdfium_c: Any) -> str | None:
    """The page's characters in one call, one UTF-16 unit each; ``None`` when some character
    takes two (outside the BMP): then they are read one by one."""
    buffer = (ctypes.c_ushort * (count + 1))()
    written = pdfium_c.FPDFText_GetText(textpage, 0, count, buffer)
    text = bytes(buffer)[:max(written - 1, 0) * 2].decode("utf-16-le", errors="surrogatepass")
    if len(text) != count or any("\ud800" <= ch <= "\udfff" for ch in text):
        return None
    return text


class _Font:
    """What the page's text objects in one font share: its descent and widths, pdfminer's where
    pdfminer reads them (``PageInfo``), and each character's width as (PDFium's, pdfminer's) per
    unit of size, filled in as the characters come."""

    def __init__(self, font: Any, info: PageInfo, pdfium_c: Any) -> None:
        name = _font_name(font, pdfium_c)
        descent = info.descents.get(name)
        if descent is None:
            value = ctypes.c_float()
            pdfium_c.FPDFFont_GetDescent(font, ctypes.c_float(1.0), value)
            descent = value.value
        self.descent = descent
        self.exact_widths = info.widths.get(name, {})
        self.units: dict[str, tuple[float, float]] = {}


class _Run:
    """What all characters of one text object share: matrix, font, size and descent."""

    def __init__(self, textpage: Any, index: int, info: PageInfo, geometry: _PageGeometry,
                 fonts: dict[bytes, _Font], pdfium_c: Any) -> None:
        matrix = pdfium_c.FS_MATRIX()
        pdfium_c.FPDFText_GetMatrix(textpage, index, matrix)
        self.size = float(pdfium_c.FPDFText_GetFontSize(textpage, index))
        self.font = pdfium_c.FPDFTextObj_GetFont(pdfium_c.FPDFText_GetTextObject(textpage, index))
        font = fonts.get(bytes(self.font))
        if font is None:
            font = fonts[bytes(self.font)] = _Font(self.font, info, pdfium_c)
        self.exact_widths, self.units = font.exact_widths, font.units
        self.shift = 0.0  # text space: how far pdfminer's widths have moved this character so far
        a, b, c, d, _, _ = _rounded(matrix)
        self.linear = (a, b, c, d)
        a, b, c, d, _, _ = _multiply((a, b, c, d, 0.0, 0.0), geometry.matrix)
        self.upright = a * d > 0 and b * c <= 0  # pdfminer's test, on the device matrix
        self.turn = turn_of(a, b)
        self.geometry = geometry
        self.pdfium_c = pdfium_c
        self.low, self.high = font.descent * self.size, (font.descent + 1.0) * self.size
        pa, pb, pc, pd, pe, pf = geometry.matrix
        # when neither the text nor the page turns: the page's x scale, x offset, y scale and top
        # offset, the text's x and y scales, and the box's bottom and top above the baseline
        self.straight = (pa, pe + geometry.x_offset, pd, geometry.top_offset - pf, self.linear[0], self.linear[3],
                         self.low, self.high) \
            if self.linear[1] == 0 and self.linear[2] == 0 and pb == 0 and pc == 0 else None

    def advance(self, text: str, textpage: Any, index: int) -> tuple[float, float]:
        """The character's advance in text space by pdfminer's width, and how much more that is
        than PDFium's (the font's width for it times the size; from PDFium's loose box, ``a ·
        advance`` wide, when the font cannot say)."""
        units = self.units.get(text)
        if units is None:
            value = ctypes.c_float()
            if len(text) == 1 and self.pdfium_c.FPDFFont_GetGlyphWidth(self.font, ord(text), ctypes.c_float(1.0),
                                                                       value):
                width = round(value.value, _DIGITS + 2)  # whole thousandths of the size, in a float
                exact = self.exact_widths.get(text)
                units = self.units[text] = (width, width if exact is None else exact)
            else:
                box = self.pdfium_c.FS_RECTF()
                self.pdfium_c.FPDFText_GetLooseCharBox(textpage, index, box)
                width = (box.right - box.left) / self.linear[0] if self.linear[0] else 0.0
                return width, 0.0
        pdfium, exact = units
        return exact * self.size, (exact - pdfium) * self.size

    def char(self, text: str, x: float, y: float, textpage: Any, index: int, doctop: float) -> dict[str, Any]:
        """One character: pdfminer's box in text space, ``(0, descent)`` to ``(advance, descent + 1)``
        in units of the font size, through the character's matrix and the page's."""
        a, b, c, d = self.linear
        advance, drift = self.advance(text, textpage, index)
        x, y = x + a * self.shift, y + b * self.shift
        self.shift += drift
        point = self.geometry.point
        corners = [point(x + a * u + c * v, y + b * u + d * v) for u in (0.0, advance) for v in (self.low, self.high)]
        xs, tops = [p[0] for p in corners], [p[1] for p in corners]
        top, bottom = min(tops), max(tops)
        return {"text": text, "x0": min(xs), "x1": max(xs), "top": top, "bottom": bottom,
                "doctop": doctop + top, "upright": self.upright,
                "size": (bottom - top) if self.upright or b == 0 else max(xs) - min(xs), "turn": self.turn}


def _font_name(font: Any, pdfium_c: Any) -> str:
    """A font's /BaseFont without its subset tag (PDFium drops the tag of some fonts only)."""
    size = pdfium_c.FPDFFont_GetBaseFontName(font, None, 0)
    buffer = ctypes.create_string_buffer(size)
    pdfium_c.FPDFFont_GetBaseFontName(font, buffer, size)
    return _SUBSET_TAG.sub("", buffer.value.decode("utf-8", errors="replace"))


def _rounded(matrix: Any) -> Matrix:
    """A PDFium ``FS_MATRIX`` with its single-precision noise rounded off (``_DIGITS``, two more for the
    scale and rotation entries: 0.1 is a common scale)."""
    scale = _DIGITS + 2
    return (round(matrix.a, scale), round(matrix.b, scale), round(matrix.c, scale), round(matrix.d, scale),
            round(matrix.e, _DIGITS), round(matrix.f, _DIGITS))


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    """``m`` then ``n`` (PDF's row-vector convention)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def _edges(page: Any, geometry: _PageGeometry, doctop: float, pdfium_c: Any,
           images: list[Any] | None = None) -> list[dict[str, Any]]:
    """The page's ruling edges as pdfplumber's ``page.edges``: lines, then rectangle sides, then
    curve segments, each in the page's drawing order (``images``: see ``_subpaths``)."""
    lines: list[dict[str, Any]] = []
    rects: list[dict[str, Any]] = []
    curves: list[dict[str, Any]] = []
    for points, shape, filled in _subpaths(page, pdfium_c, images):
        pts = [geometry.point(x, y) for x, y in points]
        if shape in ("mlh", "ml"):
            lines.append(_edge(pts[:2], doctop, "h" if pts[0][1] == pts[1][1] else "v"))
        elif shape in ("mlllh", "mllll") and pts[0] == pts[4] and _axis_aligned(points):
            rect = _box(pts[::2][:2], doctop)
            rects.append({**rect, "background": filled and is_background(rect)})
        else:
            curves.extend(_edge([p, q], doctop, "v" if p[0] == q[0] else ("h" if p[1] == q[1] else None))
                          for p, q in itertools.pairwise(pts))
    edges = lines
    for rect in rects:
        edges.extend(_rect_edges(rect))
    return edges + curves


def _axis_aligned(points: list[tuple[float, float]]) -> bool:
    """pdfminer's rectangle test on a closed four-segment loop (in user space after the CTM)."""
    (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = points
    return (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)


def _box(pts: list[tuple[float, float]], doctop: float) -> dict[str, Any]:
    xs, tops = [p[0] for p in pts], [p[1] for p in pts]
    return {"x0": min(xs), "x1": max(xs), "top": min(tops), "bottom": max(tops),
            "doctop": doctop + min(tops), "width": max(xs) - min(xs), "height": max(tops) - min(tops)}


def _edge(pts: list[tuple[float, float]], doctop: float, orientation: str | None) -> dict[str, Any]:
    return {**_box(pts, doctop), "orientation": orientation}


def _rect_edges(rect: dict[str, Any]) -> list[dict[str, Any]]:
    """A rectangle's four sides as pdfplumber's ``rect_to_edges``: top, bottom, left, right."""
    top, bottom = rect["top"], rect["bottom"]
    return [{**rect, "height": 0, "bottom": top, "orientation": "h"},
            {**rect, "height": 0, "top": bottom, "doctop": rect["doctop"] + rect["height"], "orientation": "h"},
            {**rect, "width": 0, "x1": rect["x0"], "orientation": "v"},
            {**rect, "width": 0, "x0": rect["x1"], "orientation": "v"}]


def _subpaths(page: Any, pdfium_c: Any, images: list[Any] | None = None
              ) -> Iterator[tuple[list[tuple[float, float]], str, bool]]:
    """Every painted subpath of the page (form XObjects included), as pdfminer hands it to
    ``paint_path``: its points in user space, its shape (``m``, ``l``, ``c``, ``h`` per segment;
    PDFium's closing segment is pdfminer's ``h``, and a ``l`` back to the start before ``h`` is
    dropped as pdfminer drops it), and whether it is filled and not stroked (a background, if
    thick: ``is_background``). The image objects met on the way, down to ``_IMAGE_DEPTH`` levels
    of forms, are added to ``images`` in the page's drawing order."""
    identity: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    matrix = pdfium_c.FS_MATRIX()
    x, y = ctypes.c_float(), ctypes.c_float()
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    count = pdfium_c.FPDFPage_CountObjects(page.raw)
    stack: list[tuple[Any, int, int, Matrix, int]] = [(None, 0, count, identity, 0)]
    while stack:
        form, index, count, outer, level = stack.pop()
        if index >= count:
            continue
        stack.append((form, index + 1, count, outer, level))
        obj = pdfium_c.FPDFPage_GetObject(page.raw, index) if form is None \
            else pdfium_c.FPDFFormObj_GetObject(form, index)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE and images is not None and level < _IMAGE_DEPTH:
            images.append(obj)
        if kind not in (pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM):
            continue
        pdfium_c.FPDFPageObj_GetMatrix(obj, matrix)
        own = _multiply(_rounded(matrix), outer)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            stack.append((obj, 0, pdfium_c.FPDFFormObj_CountObjects(obj), own, level + 1))
            continue
        pdfium_c.FPDFPath_GetDrawMode(obj, fill, stroke)
        if not fill.value and not stroke.value:
            continue  # a clipping path only: pdfminer paints nothing
        filled_only = not stroke.value
        a, b, c, d, e, f = own
        points: list[tuple[float, float]] = []
        shape = ""
        controls = 0  # Bézier control points seen since the last end point (pdfminer keeps end points)
        for s in range(pdfium_c.FPDFPath_CountSegments(obj)):
            segment = pdfium_c.FPDFPath_GetPathSegment(obj, s)
            kind = pdfium_c.FPDFPathSegment_GetType(segment)
            if kind == pdfium_c.FPDF_SEGMENT_BEZIERTO and controls < 2:
                controls += 1
                continue
            controls = 0
            op = "m" if kind == pdfium_c.FPDF_SEGMENT_MOVETO else "c" if kind == pdfium_c.FPDF_SEGMENT_BEZIERTO else "l"
            if op == "m" and shape:
                yield from _finished(points, shape, filled_only)
                points, shape = [], ""
            pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
            px, py = round(x.value, _DIGITS), round(y.value, _DIGITS)
            points.append((a * px + c * py + e, b * px + d * py + f))
            shape += op
            if pdfium_c.FPDFPathSegment_GetClose(segment):
                if op == "l" and len(points) > 1:  # PDFium's line back to the start: pdfminer's h
                    shape = shape[:-1] + "h"
                    points[-1] = points[0]
                else:
                    shape += "h"
                    points.append(points[0])
        if shape:
            yield from _finished(points, shape, filled_only)


def _finished(points: list[tuple[float, float]], shape: str, filled: bool
              ) -> Iterator[tuple[list[tuple[float, float]], str, bool]]:
    """A subpath as pdfminer keeps it: only those that begin with ``m``."""
    if shape.startswith("m"):
        yield points, shape, filled


class PageInfo(NamedTuple):
    """What pdfplumber takes from a page's dictionary: MediaBox, /Rotate, and its fonts' descents
    (pdfminer's, per unit of font size) by /BaseFont without subset tag; names two fonts of
    different descents share are left out (PDFium's descent then)."""

    mediabox: tuple[float, float, float, float]
    rotation: int
    descents: dict[str, float]
    #: the fonts' glyph widths as pdfminer reads /Widths (per unit of size) by character; PDFium
    #: rounds them to whole thousandths and places the characters of a text object by its own
    #: widths, so the difference is added back along the object
    widths: dict[str, dict[str, float]]


class _FontMetrics:
    """pdfminer's reading of each page's MediaBox, /Rotate and font descents, without
    interpreting any content stream: only the page tree and the fonts' dictionaries are parsed."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._stream: Any = None
        self._pages: Iterator[Any] | None = None
        self._next = 0
        self._manager: Any = None
        self._font_widths: dict[int, dict[str, float]] = {}

    def page(self, index: int) -> PageInfo | None:
        """Page ``index`` (pages are asked for in order); ``None`` when pdfminer cannot read it."""
        try:
            if self._pages is None:
                self._open()
            while self._next < index:
                next(self._pages)  # type: ignore[arg-type]
                self._next += 1
            page = next(self._pages)  # type: ignore[arg-type]
            self._next += 1
            return self._read(page)
        except Exception:  # whatever pdfminer cannot read, PDFium may: its own metrics then
            return None

    def _open(self) -> None:
        from pdfminer.pdfdocument import PDFDocument
        from pdfminer.pdfinterp import PDFResourceManager
        from pdfminer.pdfpage import PDFPage
        from pdfminer.pdfparser import PDFParser

        self._stream = self.path.open("rb")
        self._manager = PDFResourceManager(caching=True)
        self._pages = PDFPage.create_pages(PDFDocument(PDFParser(self._stream)))

    def close(self) -> None:
        if self._stream is not None:
            self._stream.close()

    def _read(self, page: Any) -> PageInfo:
        from pdfminer.pdftypes import resolve1, stream_value
        from pdfminer.psparser import PSLiteral

        found: dict[str, set[float]] = {}
        widths: dict[str, list[dict[str, float]]] = {}
        fonts_seen: set[int] = set()
        forms_seen: set[int] = set()
        resources = [page.resources]
        while resources:
            res = resolve1(resources.pop()) or {}
            for ref in (resolve1(res.get("Font")) or {}).values():
                spec = resolve1(ref)
                objid = getattr(ref, "objid", None)
                if not isinstance(spec, dict) or objid in fonts_seen:
                    continue
                if objid is not None:
                    fonts_seen.add(objid)
                name = resolve1(spec.get("BaseFont"))
                name = name.name if isinstance(name, PSLiteral) else str(name or "")
                font = self._manager.get_font(objid, spec)
                found.setdefault(_SUBSET_TAG.sub("", name), set()).add(font.get_descent())
                widths.setdefault(_SUBSET_TAG.sub("", name), []).append(self._widths(objid, font))
            for ref in (resolve1(res.get("XObject")) or {}).values():
                objid = getattr(ref, "objid", id(ref))
                if objid in forms_seen:
                    continue
                forms_seen.add(objid)
                xobject = stream_value(ref)
                if getattr(resolve1(xobject.get("Subtype")), "name", None) == "Form":
                    resources.append(xobject.get("Resources"))
        descents = {name: values.pop() for name, values in found.items() if len(values) == 1}
        x0, y0, x1, y1 = (float(v) for v in page.mediabox)
        return PageInfo((x0, y0, x1, y1), int(page.rotate or 0), descents,
                        {name: maps[0] for name, maps in widths.items() if all(m == maps[0] for m in maps)})

    def _widths(self, objid: int | None, font: Any) -> dict[str, float]:
        """A font's widths by the character each code prints (codes printing one character the
        same way but of different widths are left out)."""
        if objid is not None and objid in self._font_widths:
            return self._font_widths[objid]
        by_text: dict[str, float] = {}
        clashes: set[str] = set()
        for cid in list(font.widths):
            try:
                text = font.to_unichr(cid)
            except Exception:
                continue
            width = font.char_width(cid)
            if by_text.setdefault(text, width) != width:
                clashes.add(text)
        for text in clashes:
            del by_text[text]
        if objid is not None:
            self._font_widths[objid] = by_text
        return by_text
