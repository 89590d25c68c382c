"""Words of a PDF page from its characters (both PDF readers): lines that never chain, and a
vertical rule between two characters always ends a word."""

from __future__ import annotations

import bisect
import operator
from typing import Any

from .geometry import SETTINGS, LayoutSettings, Word


def words_from_chars(chars: list[dict[str, Any]], vertical: list[Word] | None = None,
                     settings: LayoutSettings = SETTINGS) -> list[Word]:
    """Words of a page, built by pdfplumber from chars put in reading order line by line.

    pdfplumber's own ordering clusters chars into lines by chained ``top`` distances: in a table
    whose cells are centred vertically, lines of neighbouring cells lie a point or two apart and
    chain two lines of one cell into one, interleaving their letters ("g e t i re c e k"). Here a
    line cluster spans at most ``settings.char_line_tolerance`` from its first char, so it can
    never reach the next line of the same cell. A vertical rule between two chars always ends a
    word: with narrow cell margins the last word of one cell and the first of the next lie closer
    than a space ("HizmetleriPaydaşlar")."""
    ordered: list[dict[str, Any]] = []
    cluster: list[dict[str, Any]] = []

    def flush() -> None:
        crossing = _crossing(cluster, vertical or [])
        if not crossing:
            ordered.extend(sorted(cluster, key=_X0))
            return
        starts = [v["x0"] for v in crossing]
        previous = None
        for char in sorted(cluster, key=_X0):
            if previous is not None and _rule_between(previous, char, crossing, starts):
                ordered.append({**char, "text": " "})  # a blank char: the word ends here
            ordered.append(char)
            previous = char

    tolerance = settings.char_line_tolerance
    for char in sorted(chars, key=_TOP):
        if cluster and char["top"] - cluster[0]["top"] > tolerance:
            flush()
            cluster = []
        cluster.append(char)
    flush()
    return _words_in_order(ordered, settings)


_X0, _X1, _TOP, _BOTTOM = (operator.itemgetter(key) for key in ("x0", "x1", "top", "bottom"))
#: what pdfplumber's ``WordExtractor`` expands (``expand_ligatures``, its default)
_LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}


def _words_in_order(chars: list[dict[str, Any]], settings: LayoutSettings) -> list[Word]:
    """pdfplumber's ``WordExtractor(x_tolerance_ratio=settings.word_gap, y_tolerance=
    settings.char_line_tolerance, use_text_flow=True, extra_attrs=["size"]).extract_words(chars)``,
    word for word, without importing pdfplumber (a third of a second, which the PDFium reader
    otherwise never needs). Characters stay in the given order; a word ends at a blank, at a change of
    size or direction, and where the next character starts left of the last one's start, more than
    ``word_gap`` sizes right of its end, or on another line."""
    words: list[Word] = []
    gap, y_tolerance = settings.word_gap, settings.char_line_tolerance
    word: list[dict[str, Any]] = []
    last: dict[str, Any] | None = None  # the word's last char
    for char in chars:
        text = char["text"]
        if text == "" or text.isspace():
            if word:
                words.append(_merged(word))
            if text == "":  # pdfplumber splits at "punctuation" "", which "" is in: a word of its own
                words.append(_merged([char]))
            word, last = [], None
            continue
        if last is not None and (char["upright"] != last["upright"] or char["size"] != last["size"]
                                 or char["x0"] < last["x0"] or char["x0"] > last["x1"] + gap * last["size"]
                                 or abs(char["top"] - last["top"]) > y_tolerance):
            words.append(_merged(word))
            word = []
        word.append(char)
        last = char
    if word:
        words.append(_merged(word))
    return words


def _merged(chars: list[dict[str, Any]]) -> Word:
    """One word of its characters, with the keys pdfplumber gives it."""
    first = chars[0]
    if len(chars) == 1:
        x0, x1, top, bottom = first["x0"], first["x1"], first["top"], first["bottom"]
    else:
        x0, x1 = min(map(_X0, chars)), max(map(_X1, chars))
        top, bottom = min(map(_TOP, chars)), max(map(_BOTTOM, chars))
    return {"text": "".join([_LIGATURES.get(c["text"], c["text"] or "") for c in chars]),
            "x0": x0, "x1": x1, "top": top, "doctop": top + (first["doctop"] - first["top"]), "bottom": bottom,
            "upright": first["upright"], "height": bottom - top, "width": x1 - x0,
            "direction": "ltr" if first["upright"] else "ttb", "size": first["size"]}


def _crossing(chars: list[dict[str, Any]], vertical: list[Word]) -> list[Word]:
    """The vertical rules that reach the height of some char's middle, left to right: the only
    ones ``_rule_between`` can find between two of these chars (a page has many, a line few)."""
    if not chars or not vertical:
        return []
    middles = [(c["top"] + c["bottom"]) / 2 for c in chars]
    lowest, highest = min(middles), max(middles)
    return sorted((v for v in vertical if v["top"] <= highest and v["bottom"] >= lowest), key=_X0)


def _rule_between(left: dict[str, Any], right: dict[str, Any], vertical: list[Word], starts: list[float]) -> bool:
    """True when a vertical rule crossing the chars' line runs between their middles (``vertical``
    sorted by ``x0``, ``starts`` their ``x0``: only the rules between the two middles are looked at)."""
    x0, x1 = (left["x0"] + left["x1"]) / 2, (right["x0"] + right["x1"]) / 2
    i = bisect.bisect_right(starts, x0)
    if i == len(starts) or starts[i] >= x1:
        return False  # no rule starts between the middles: most pairs of a line
    mid = (right["top"] + right["bottom"]) / 2
    while i < len(vertical) and starts[i] < x1:
        if vertical[i]["top"] <= mid <= vertical[i]["bottom"]:
            return True
        i += 1
    return False
