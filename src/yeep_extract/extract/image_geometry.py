"""Geometry of a scanned page image: its skew, and its ruling lines as PDF-point edges.

A scanned table has no vector rules; the rules are pixels. As camelot's lattice reader does, they
are found by morphology: the page is binarised, opened with a long thin kernel along each direction
(only runs of ink longer than the kernel survive: rules, not letters), and each surviving connected
piece becomes one edge in the shape pdfplumber gives vector rules (``orientation``, ``x0``, ``x1``,
``top``, ``bottom`` in points from the page top), so the vector path's column and row logic reads
them unchanged. The page is first turned upright: a scanner's skew of half a degree moves a rule
by twenty pixels across a 300 dpi page, enough to break it into pieces and to shear text lines.
"""

from __future__ import annotations

from typing import Any

import numpy as np

#: Skews tried when turning a page upright (degrees either way), coarse then fine steps.
MAX_SKEW = 3.0
COARSE_STEP = 0.25
FINE_STEP = 0.025
#: Width the skew search works at (pixels): text lines stay distinct, each try is cheap.
SKEW_WIDTH = 1200
#: Shortest rule kept, in inches: longer than any run of ink in letters at report sizes (a 14 pt
#: bold "İ" with its dot is ≈ 0.18 in tall, a bold title's cap line runs on through "TL"), shorter
#: than the narrowest ruled column (≈ 0.35 in) and than a table's vertical rules, which run through
#: the header row and the body at least.
MIN_RULE_H = 0.3
MIN_RULE_V = 0.3
#: Thickest rule, in inches (a 4 pt bar); thicker ink is a filled shape, not a rule.
MAX_RULE_THICKNESS = 4 / 72
#: Gap bridged inside one rule, in inches (noise and JPEG break thin lines into dashes); small, or
#: neighbouring letters of bold type join into long runs.
RULE_GAP = 0.007


#: Gray level above which a pixel is paper whatever Otsu's threshold says: on a page with little
#: or no type, Otsu splits the paper's own noise in two and calls half of it ink.
PAPER = 200


#: Resolution (dpi) the paper's own gray level is measured at: a cheap page, type still apart from paper.
PAPER_DPI = 40
#: The paper under the type is the lightest gray within this distance (inches): more than a gray-filled
#: header row is tall (its fill stays ink), little enough to follow a lid's shadow across the page.
PAPER_REACH = 0.6
#: Paper this even (gray levels between its lightest and darkest twentieth) and this light is left
#: as scanned: every committed office scan (white paper, sensor noise, JPEG) measures 1 or less and
#: 253 or more; a page darkened on one side by 120 levels measures 100, gray paper 200. A header row
#: filled light gray (228 on 253) taller than ``PAPER_REACH`` and over a twentieth of the page
#: measures 25: under 40, it is kept (its edges are the row's rules, ``shaded_band_edges``).
EVEN_PAPER = 40
LIGHT_PAPER = 225


def paper_gray(gray: np.ndarray, dpi: float) -> np.ndarray:
    """The paper's gray level under each pixel of the page (type taken out): at ``PAPER_DPI``, the
    lightest gray within ``PAPER_REACH`` (a maximum: the paper between letters and lines), smoothed."""
    import cv2

    factor = min(1.0, PAPER_DPI / dpi)
    small = cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    reach = max(3, round(PAPER_REACH * dpi * factor)) | 1
    paper = cv2.dilate(small, np.ones((reach, reach), np.uint8))
    return cv2.blur(paper, (reach, reach))


def even_lighting(gray: np.ndarray, dpi: float) -> np.ndarray:
    """The page with its paper made white, where it is uneven or gray: each pixel divided by the paper's
    gray under it (``paper_gray``), so type keeps its contrast to the paper beside it.

    A global threshold (Otsu's, the engine's own) takes a page darkened on one side or in a corner
    (a phone's photo, a scanner lid left open) or printed on gray paper for ink there: the shadowed
    paper became nonsense words, and type in it was lost. A page whose paper is even and light
    (``EVEN_PAPER``, ``LIGHT_PAPER``) is returned as it is: an office scan reads as before."""
    import cv2

    paper = paper_gray(gray, dpi)
    darkest, lightest = np.percentile(paper, (5, 95))
    if lightest - darkest <= EVEN_PAPER and darkest >= LIGHT_PAPER:
        return gray
    under = cv2.resize(paper, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_LINEAR)
    even = gray.astype(np.float32) * 255.0 / np.maximum(under.astype(np.float32), 1.0)
    return np.clip(even, 0, 255).astype(np.uint8)


#: A page with more specks of noise than this per square inch (``specks``: tiny ink away from type)
#: is speckled (dust, a dirty glass, a fax line): every committed office scan has at most 3.2, a scan
#: with 0.3% of its pixels turned black or white at random 35 to 60.
SPECKLED = 10.0


def without_speckle(gray: np.ndarray, dpi: float) -> np.ndarray:
    """The page with its specks of noise painted over with paper, where it is speckled (``SPECKLED``).

    Tesseract read the specks as letters and points (the table header was lost). A speck beside type
    on its line (``SPECK_REACH`` sideways: a code's or a number's point, a comma) is kept: ``specks``
    keeps those within reach every way, but a speck that far above or below a line is noise, and
    the points of "5.1.1." are specks too to it. A page with few specks is returned as it is."""
    import cv2

    ink = binarise(gray)
    noise = specks(ink, dpi)
    count, _ = cv2.connectedComponents(noise)
    if (count - 1) / (gray.shape[0] * gray.shape[1] / dpi**2) <= SPECKLED:
        return gray
    reach = max(3, round(SPECK_REACH * dpi))
    beside_type = cv2.dilate(cv2.subtract(ink, noise), np.ones((1, 2 * reach + 1), np.uint8))
    clean = gray.copy()
    clean[cv2.dilate(cv2.subtract(noise, beside_type), np.ones((3, 3), np.uint8)) > 0] = 255
    return cv2.medianBlur(clean, 3)


def prepared(gray: np.ndarray, dpi: float) -> tuple[np.ndarray, list[str]]:
    """The page as it is read: its paper evened (``even_lighting``), then its specks taken out
    (``without_speckle``), each only where the page measures so; and what was done (the manifest's)."""
    even = even_lighting(gray, dpi)
    clean = without_speckle(even, dpi)
    steps = (("paper evened", even is not gray), ("specks taken out", clean is not even))
    return clean, [done for done, changed in steps if changed]


def binarise(gray: np.ndarray) -> np.ndarray:
    """Ink as 255 on 0 (Otsu's threshold on a slightly smoothed page, at most ``PAPER``: scanner
    noise stays paper)."""
    import cv2

    smooth = cv2.GaussianBlur(gray, (3, 3), 0)
    otsu, _ = cv2.threshold(smooth, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    _, ink = cv2.threshold(smooth, min(otsu, PAPER), 255, cv2.THRESH_BINARY_INV)
    return ink


def skew_angle(gray: np.ndarray) -> float:
    """The angle (degrees, counter-clockwise) that turns the page upright.

    Text lines and rules are horizontal on an upright page, so the ink's row profile is sharpest
    there: the angle maximising the variance of the row sums of the turned page is kept."""
    import cv2

    factor = min(1.0, SKEW_WIDTH / gray.shape[1])
    small = cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    ink = binarise(small).astype(np.float32)
    if ink.mean() < 0.001 * 255:  # a blank page: nothing to turn
        return 0.0
    centre = (ink.shape[1] / 2, ink.shape[0] / 2)

    def sharpness(angle: float) -> float:
        turn = cv2.getRotationMatrix2D(centre, angle, 1.0)
        turned = cv2.warpAffine(ink, turn, (ink.shape[1], ink.shape[0]), flags=cv2.INTER_NEAREST)
        return float(np.var(turned.sum(axis=1)))

    best = max(np.arange(-MAX_SKEW, MAX_SKEW + 1e-9, COARSE_STEP), key=sharpness)
    fine = np.arange(best - COARSE_STEP, best + COARSE_STEP + 1e-9, FINE_STEP)
    return round(float(max(fine, key=sharpness)), 3)


def rotate(gray: np.ndarray, angle: float) -> np.ndarray:
    """The page turned by ``angle`` degrees about its centre, the corners filled with paper."""
    import cv2

    if not angle:
        return gray
    turn = cv2.getRotationMatrix2D((gray.shape[1] / 2, gray.shape[0] / 2), angle, 1.0)
    return cv2.warpAffine(gray, turn, (gray.shape[1], gray.shape[0]), flags=cv2.INTER_CUBIC,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=255)


def rule_mask(gray: np.ndarray, dpi: float) -> tuple[np.ndarray, np.ndarray]:
    """The horizontal and the vertical rules' pixels (255) of an upright page."""
    import cv2

    ink = binarise(gray)
    masks = []
    for length, along in ((MIN_RULE_H, (1, 0)), (MIN_RULE_V, (0, 1))):
        gap = max(1, round(RULE_GAP * dpi))
        bridge = cv2.getStructuringElement(cv2.MORPH_RECT, (gap, 1) if along[0] else (1, gap))
        keep = cv2.getStructuringElement(cv2.MORPH_RECT, (round(length * dpi), 1) if along[0]
                                         else (1, round(length * dpi)))
        masks.append(cv2.morphologyEx(cv2.morphologyEx(ink, cv2.MORPH_CLOSE, bridge), cv2.MORPH_OPEN, keep))
    return _without_letter_runs(masks[0], ink, dpi), masks[1]


#: A shaded band (a header row filled light gray, ≈ 228 on paper of 253) is this many gray levels
#: darker than the paper around it, once the type is taken out of it.
SHADE_STEP = 12
#: Type is taken out of the page by a maximum over squares of this side (inches): wider than a stroke.
SHADE_STROKE = 0.05
#: The paper around a band is the lightest within this distance (inches): farther than a header row is
#: tall, near enough that a scanner's uneven lighting (a few gray levels an inch) makes no band.
SHADE_REACH = 0.6
#: The least width of a band, as a share of the page's: a table row's fill runs across the table (a
#: browser's header row: 0.86 of the page); a fill behind one cell's text, each cell's of its own
#: height (an office suite's header: at most 0.32), is no row's edge.
SHADE_MIN_SPAN = 0.5
#: How far (inches) a band's edge may waver and still be one rule.
SHADE_EDGE = 0.03


def shaded_band_edges(gray: np.ndarray, dpi: float) -> np.ndarray:
    """The top and bottom edges (255) of shaded bands as rules: a header row filled with gray has in a
    born-digital PDF the rectangle's edges as rules, and on its scan only the change of shade; without
    them the header's lines, set apart by the fill's padding, are read as rows of their own.

    A band is the page without its type (``SHADE_STROKE``) darker than the paper around it
    (``SHADE_REACH``, found at a quarter of the resolution: cheap so), across most of the page
    (``SHADE_MIN_SPAN``). Only an edge: it is no ink, and is not painted out before OCR."""
    import cv2

    side = max(3, round(SHADE_STROKE * dpi)) | 1
    paper = cv2.dilate(cv2.medianBlur(gray, 5), np.ones((side, side), np.uint8))
    small = cv2.resize(paper, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    reach = max(3, round(SHADE_REACH * dpi / 4)) | 1
    around = cv2.resize(cv2.dilate(small, np.ones((reach, reach), np.uint8)), (gray.shape[1], gray.shape[0]),
                        interpolation=cv2.INTER_LINEAR)
    band = np.where(paper.astype(np.int16) < around.astype(np.int16) - SHADE_STEP, 255, 0).astype(np.uint8)
    band = cv2.morphologyEx(band, cv2.MORPH_OPEN, np.ones((side, round(SHADE_MIN_SPAN * gray.shape[1])), np.uint8))
    edges = cv2.subtract(band, cv2.erode(band, np.ones((3, 1), np.uint8)))
    # a band's edge is ragged by the type in it and the scan's noise: thickened, its pieces join up
    edges = cv2.dilate(edges, np.ones((max(3, round(SHADE_EDGE * dpi)) | 1, 1), np.uint8))
    keep = cv2.getStructuringElement(cv2.MORPH_RECT, (round(MIN_RULE_H * dpi), 1))
    return cv2.morphologyEx(edges, cv2.MORPH_OPEN, keep)


#: Height (inches) of the strips just above and below a horizontal rule that are looked at for ink.
RULE_STRIP = 0.017
#: A horizontal run with more than this share of ink in the strip right above or below it is the
#: baseline of a line of type, not a rule: the letters of a blurred bold word ("Gösterge", 0.32 in,
#: ink share 0.36-0.77 above) run together along it; a table's rules have paper beside them (below 0.02).
LETTER_INK = 0.25


def _without_letter_runs(horizontal: np.ndarray, ink: np.ndarray, dpi: float) -> np.ndarray:
    """The horizontal rule mask without the runs that lie along letters (``LETTER_INK``): painted out as
    rules, they cut the words in two, which the engine then read as two lines of nonsense."""
    import cv2

    count, labels, stats, _ = cv2.connectedComponentsWithStats(horizontal, connectivity=8)
    strip = max(2, round(RULE_STRIP * dpi))
    letters = [0]
    for n, (left, top, width, height, _area) in enumerate(stats[1:count], start=1):
        above = ink[max(0, top - 1 - strip):max(0, top - 1), left:left + width]
        below = ink[top + height + 1:top + height + 1 + strip, left:left + width]
        if any(side.size and (side > 0).mean() > LETTER_INK for side in (above, below)):
            letters.append(n)
    if len(letters) == 1:
        return horizontal
    return np.where(np.isin(labels, letters), 0, horizontal).astype(np.uint8)


def edges_from_masks(horizontal: np.ndarray, vertical: np.ndarray, dpi: float) -> list[dict[str, Any]]:
    """Each rule piece as a pdfplumber-style edge in PDF points: a horizontal rule's ``top`` and
    ``bottom`` are its middle line, a vertical one's ``x0`` and ``x1`` likewise, as vector rules are."""
    import cv2

    points = 72.0 / dpi
    thickest = MAX_RULE_THICKNESS * dpi
    edges: list[dict[str, Any]] = []
    for mask, orientation in ((horizontal, "h"), (vertical, "v")):
        count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
        for left, top, width, height, _area in stats[1:count]:
            if orientation == "h" and height <= thickest:
                y = (top + height / 2) * points
                edges.append({"orientation": "h", "x0": left * points, "x1": (left + width) * points,
                              "top": y, "bottom": y, "width": width * points, "height": 0.0})
            elif orientation == "v" and width <= thickest:
                x = (left + width / 2) * points
                edges.append({"orientation": "v", "x0": x, "x1": x, "top": top * points,
                              "bottom": (top + height) * points, "width": 0.0, "height": height * points})
    edges.sort(key=lambda e: (e["orientation"], e["top"], e["x0"]))
    return edges


def for_ocr(gray: np.ndarray, horizontal: np.ndarray, vertical: np.ndarray) -> np.ndarray:
    """The page with its rules painted over with paper: the OCR engine then reads no "|" or "_"
    from them and takes no rule for part of a letter. Nothing else is cleaned: whitening the paper
    around the type, or removing specks, lost the points of "6.1.1." (seen at 200 and 300 dpi)."""
    import cv2

    rules = cv2.dilate(cv2.bitwise_or(horizontal, vertical), np.ones((5, 5), np.uint8))
    clean = gray.copy()
    clean[rules > 0] = 255
    return clean


def has_type(gray: np.ndarray, dpi: float) -> bool:
    """Whether the page holds any mark larger than a speck (a blank scan is not sent to the engine:
    on one, Tesseract tried the paper's noise as letters for minutes)."""
    ink = binarise(gray)
    return bool((np.where(specks(ink, dpi) > 0, 0, ink) > 0).any())


def specks(ink: np.ndarray, dpi: float) -> np.ndarray:
    """The pieces of ink (255) smaller than ``SPECK`` both ways and away from larger ink: noise, not
    type. A full stop, a decimal comma or the dot of an "i" is as small, but sits beside letters
    or digits (``SPECK_REACH``), and is kept: "1.250" must not lose its point."""
    import cv2

    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    speck = SPECK * dpi
    small = np.zeros(count, dtype=bool)
    small[1:] = (stats[1:, cv2.CC_STAT_HEIGHT] < speck) & (stats[1:, cv2.CC_STAT_WIDTH] < speck)
    tiny = small[labels]
    reach = max(3, round(SPECK_REACH * dpi))
    near_type = cv2.dilate(np.where(tiny, 0, ink).astype(np.uint8), np.ones((reach, reach), np.uint8)) > 0
    return np.where(tiny & ~near_type, 255, 0).astype(np.uint8)


#: Ink pieces smaller than this (inches) are specks of noise, not marks of type.
SPECK = 0.02
#: A speck this close (inches) to larger ink is a point, comma or dot of type, not noise.
SPECK_REACH = 0.04
#: Unread ink within this many inches sideways is one piece (the digits of one number).
PIECE_GAP = 0.04
#: Pieces taller than this (inches) are no line of table text (a logo, a signature, a stamp).
MAX_PIECE_HEIGHT = 0.4


def unread_ink(gray: np.ndarray, read: list[tuple[float, float, float, float]],
               dpi: float) -> list[tuple[int, int, int, int]]:
    """Boxes (pixels: x0, y0, x1, y1) of the marks of type on a page that no read word covers.

    The page's ink without specks of noise, without the words' boxes, grouped sideways into
    pieces the size of a word, in reading order."""
    import cv2

    speck = SPECK * dpi
    ink = binarise(gray)
    marks = np.where(specks(ink, dpi) > 0, 0, ink).astype(np.uint8)
    margin = 2
    for x0, y0, x1, y1 in read:
        marks[max(0, int(y0) - margin):int(y1) + margin, max(0, int(x0) - margin):int(x1) + margin] = 0
    grouped = cv2.dilate(marks, np.ones((1, max(1, round(PIECE_GAP * dpi))), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(grouped, connectivity=8)
    pieces = []
    for left, top, width, height, _area in stats[1:count]:
        if height > MAX_PIECE_HEIGHT * dpi or height < 1.5 * speck:
            continue
        y0, y1 = max(0, top - 2), min(gray.shape[0], top + height + 2)
        x0, x1 = max(0, left - 2), min(gray.shape[1], left + width + 2)
        pieces.append((int(x0), int(y0), int(x1), int(y1)))
    return sorted(pieces, key=lambda b: (b[1], b[0]))
