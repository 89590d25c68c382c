"""The characters and ruling edges of one pdfplumber page, read in one pass over its layout.

pdfplumber's ``page.chars`` turns every pdfminer object into a dict of all its attributes, each
resolved recursively (``Page.process_object``). On a report page nearly every object is a
character, and that conversion costs about as much as pdfminer's own parsing of the page (profiled:
1.4 s of 2.9 s on the shipped 22-page report), for some twenty attributes of which word building
reads seven. So characters are made here with just those attributes, computed as pdfplumber computes
them (``top`` from the page top, shifted by the MediaBox origin); every other object (lines,
rectangles, curves) still goes through ``Page.process_object`` and pdfplumber's own edge
functions, so the ruling edges are exactly pdfplumber's. ``tests/test_pdf_objects.py`` checks both
against ``page.chars`` and ``page.edges``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

#: The char attributes word building reads (``pdf_words.words_from_chars`` and pdfplumber's
#: ``WordExtractor`` with ``extra_attrs=["size"]``).
CHAR_KEYS = ("text", "x0", "x1", "top", "bottom", "doctop", "upright", "size")


#: A filled, unstroked rectangle at least this thick both ways is a cell's background (a shaded
#: header, a zebra stripe, a coloured goal row), not a rule: producers that draw rules as filled
#: rectangles (Word, Chromium) make them under a point thick.
BACKGROUND_MIN_THICKNESS = 2.0


def is_background(rect: dict[str, Any]) -> bool:
    """A filled rectangle's size is a background's (``BACKGROUND_MIN_THICKNESS``); its edges are
    marked ``background`` (both readers): they bound shaded cells, and are no rules between rows."""
    return min(rect["width"], rect["height"]) >= BACKGROUND_MIN_THICKNESS


@dataclass(frozen=True)
class PageObjects:
    """What the extractor reads of a page: its characters, its ruling edges and its height, and its
    images' boxes and pixel sizes (``x0``, ``x1``, ``top``, ``bottom``, ``srcsize``: a scanned page's
    resolution, ``pdf_ocr``)."""

    chars: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    height: float
    images: list[dict[str, Any]] = field(default_factory=list)
    #: the page's width as shown (after its /Rotate): a page whose text runs turned is read in the
    #: frame its text reads in (``rotation``), whose height this is then
    width: float | None = None


def read_page_objects(page: Any) -> PageObjects:
    """A pdfplumber page's chars (``CHAR_KEYS``, and ``turn``: ``rotation.turn_of`` their matrix)
    and edges (as ``page.edges``), its layout parsed once."""
    from pdfminer.layout import LTAnno, LTChar, LTContainer
    from pdfplumber import utils

    from .rotation import turn_of

    height = float(page.height)
    mb_x0, mb_top = page.mediabox[:2]
    chars: list[dict[str, Any]] = []
    graphics: dict[str, list[dict[str, Any]]] = {"line": [], "rect": [], "curve": [], "image": []}

    # an explicit stack, not a recursive closure: a closure that calls itself is a reference
    # cycle, and would keep each page's chars alive until the cyclic GC happened to run
    stack: list[Iterator[Any]] = [iter(page.layout)]
    while stack:
        obj = next(stack[-1], None)
        if obj is None:
            stack.pop()
        elif isinstance(obj, LTChar):
            top = height - obj.y1 + mb_top
            chars.append({"text": obj.get_text(), "x0": obj.x0 + mb_x0, "x1": obj.x1 + mb_x0,
                          "top": top, "bottom": height - obj.y0 + mb_top,
                          "doctop": page.initial_doctop + top, "upright": obj.upright, "size": obj.size,
                          "turn": turn_of(obj.matrix[0], obj.matrix[1])})
        elif isinstance(obj, LTContainer):  # figures: their children, as pdfplumber does
            stack.append(iter(obj))
        elif not isinstance(obj, LTAnno):
            processed = page.process_object(obj)
            graphics.get(processed["object_type"], []).append(processed)
    edges = [utils.line_to_edge(line) for line in graphics["line"]]
    for rect in graphics["rect"]:
        background = rect["fill"] and not rect["stroke"] and is_background(rect)
        edges.extend({**edge, "background": background} for edge in utils.rect_to_edges(rect))
    for curve in graphics["curve"]:
        edges.extend(utils.curve_to_edges(curve))
    images = [{key: image[key] for key in ("x0", "x1", "top", "bottom", "srcsize")} for image in graphics["image"]]
    return PageObjects(chars, edges, height, images, float(page.width))
