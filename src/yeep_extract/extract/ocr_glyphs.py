"""A leading percent sign seen in a number's ink, whatever the engine read it as.

On scans of the reports' usual fonts Tesseract reads the percent sign before a value as digits
("%50" as "2050", "2650" or "9650"; "%100" as "20100"; "%33" as "633"), both times it is asked and
often with high confidence: a wrong number that looks right. Its shape tells it apart without a
font model: two small rings, one hanging from the top of the type and one standing on its
baseline, the lower one to the right of the upper, at the left of the word, each with paper in its
middle (a piece of a neighbouring line's letter, cut by the word's box, has none). Digits are as tall as
the type; a decimal mark is far smaller than a ring and sits on the baseline alone.
"""

from __future__ import annotations

from typing import Any

#: A ring of a percent sign is this share of the type's height (measured 0.55 on the shipped report
#: at 200 and 300 dpi).
RING_HEIGHT = (0.3, 0.72)
#: A ring's width against the type's height (a ring is round, not a rule or a dot).
RING_WIDTH = (0.25, 0.9)
#: How close to the type's top (upper ring) and baseline (lower ring), as a share of its height.
RING_REACH = 0.2
#: Type is darker than this gray level somewhere (0 black, 255 white); Otsu's threshold would find
#: "ink" in paper noise too.
INK_LEVEL = 128
#: Specks smaller than this (pixels) are noise, not ink of a glyph.
MIN_INK = 4


def percent_sign_end(ink: Any) -> int | None:
    """The column (pixels into ``ink``) right after a percent sign that begins the word, or None.

    ``ink``: a grayscale crop of one word (dark type on light paper)."""
    import cv2

    if int(ink.min()) > INK_LEVEL:
        return None  # paper and noise only (the engine reads words into noise, with low confidence)
    _, binary = cv2.threshold(ink, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    count, _, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
    parts = [tuple(int(v) for v in stats[i][:4]) for i in range(1, count) if stats[i][4] >= MIN_INK]
    if len(parts) < 2:
        return None
    type_height = max(h for _, _, _, h in parts)
    tall = [p for p in parts if p[3] >= RING_HEIGHT[1] * type_height]
    if not tall:
        return None
    top = min(y for _, y, _, _ in tall)
    baseline = max(y + h for _, y, _, h in tall)
    left = min(x for x, _, _, _ in parts)
    rings = [p for p in parts if RING_HEIGHT[0] * type_height <= p[3] < RING_HEIGHT[1] * type_height
             and RING_WIDTH[0] * type_height <= p[2] <= RING_WIDTH[1] * type_height
             and not binary[p[1] + p[3] // 2, p[0] + p[2] // 2]]  # round, with paper in its middle
    reach = RING_REACH * type_height
    upper = [r for r in rings if r[1] <= top + reach and r[0] <= left + reach]
    lower = [r for r in rings if r[1] + r[3] >= baseline - reach]
    for ux, _, uw, _ in upper:
        for lx, _, lw, _ in lower:
            if ux < lx <= ux + type_height:  # the lower ring right of the upper, within one sign's width
                end = max(ux + uw, lx + lw)
                # the slash between them: tall ink that starts inside the sign's span
                end = max([end, *(x + w for x, _, w, _ in tall if ux <= x < end)])
                return end
    return None
