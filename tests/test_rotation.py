"""Turned pages (``extract/rotation.py``): a page whose text runs down, up or upside down as shown is
read as the unturned page is, by both PDF readers; its boxes say where the text is as shown.

The turned files are made here with qpdf from the shipped report and the layout fixtures: /Rotate
90, 180 and 270 (a viewer turns the page), the same flattened into the content stream (the text's
own matrix runs turned), and a file of mixed orientations. Each is compared with the unturned file:
the staged cells (text, rows, columns, joiners; boxes turned back into the reading frame) and the
output tables, and the shipped report is scored against its gold rows.
"""

from __future__ import annotations

import math
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pdfplumber
import pytest
from fixtures.make_layouts import FOLDERS
from test_ocr_pages import _ink_in_boxes
from test_pdf_objects import _pdf, _stream
from test_pdfium import _differences

from yeep_extract import report_pages
from yeep_extract.evaluate import evaluate
from yeep_extract.extract import extract
from yeep_extract.extract.pdf_objects import read_page_objects
from yeep_extract.extract.rotation import QUARTER_TOLERANCE, Turn, reading_frame, turn_of
from yeep_extract.pipeline import convert

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "raw" / "mersin-yeep-2024.pdf"
GOLD = ROOT / "tests" / "golden" / "mersin-yeep-2024.jsonl"
FIXTURES = ROOT / "tests" / "fixtures"
#: points: a turned page's boxes are computed along another path (PDFium in single precision)
TOLERANCE = 0.01
BOX = ["x0", "top", "x1", "bottom"]
#: the shipped report's pages read cell by cell in every orientation: the title page with the first
#: table, two pages of tables going on, and the first page of the next section (page 4 is blank)
SUBSET = "1-3,5"
#: name → qpdf's arguments that make it from the unturned file, and the turn of each page's text
#: as shown (clockwise, degrees) for a file of four pages
TURNS: dict[str, tuple[list[str], list[int]]] = {
    "rotate-90": (["--rotate=+90"], [90] * 4),
    "rotate-180": (["--rotate=+180"], [180] * 4),
    "rotate-270": (["--rotate=+270"], [270] * 4),
    "flat-90": (["--rotate=+90", "--flatten-rotation"], [90] * 4),
    "flat-180": (["--rotate=+180", "--flatten-rotation"], [180] * 4),
    "flat-270": (["--rotate=+270", "--flatten-rotation"], [270] * 4),
}


def _qpdf(*args: str | Path) -> None:
    subprocess.run(["qpdf", *map(str, args)], check=True, capture_output=True)


def turned(source: Path, target: Path, how: str) -> Path:
    """``source`` turned as ``TURNS[how]`` says (each qpdf step in turn), written to ``target``."""
    steps, _ = TURNS[how]
    target.parent.mkdir(parents=True, exist_ok=True)
    current = source
    for n, step in enumerate(steps):
        out = target.with_name(f"{target.stem}.{n}.pdf") if n < len(steps) - 1 else target
        _qpdf(step, current, out)
        current = out
    return target


def mixed(source: Path, target: Path) -> Path:
    """``source`` with pages of every orientation (``mixed_turns``): odd pages upright, even pages'
    text running down as drawn (flattened), and page 3 and the last page shown upside down by
    /Rotate (on an even last page, its text then runs up)."""
    step = target.with_name("mixed.0.pdf")
    _qpdf("--rotate=+90:1-z:even", source, step)
    flat = target.with_name("mixed.1.pdf")
    _qpdf("--flatten-rotation", step, flat)
    _qpdf("--rotate=+180:3,z", flat, target)
    return target


def mixed_turns(page: int, last: int) -> int:
    """The turn of page ``page`` of a ``mixed`` file of ``last`` pages."""
    return ((90 if page % 2 == 0 else 0) + (180 if page in (3, last) else 0)) % 360


def _subset(tmp_path: Path) -> Path:
    out = tmp_path / "subset.pdf"
    _qpdf(SHIPPED, "--pages", SHIPPED, SUBSET, "--", out)
    return out


@pytest.fixture(scope="module")
def subset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _subset(tmp_path_factory.mktemp("subset"))


@pytest.fixture(scope="module")
def unturned_cells(subset: Path) -> dict[str, Any]:
    return {backend: extract(subset, backend) for backend in ("pdfium", "pdfplumber")}


def _page_sizes(path: Path) -> dict[int, tuple[float, float]]:
    with pdfplumber.open(path) as pdf:
        return {page.page_number: (float(page.width), float(page.height)) for page in pdf.pages}


def _in_reading_frame(cells: pd.DataFrame, path: Path, turns: dict[int, int]) -> pd.DataFrame:
    """The staged boxes of a turned file turned back into the frame its text reads in."""
    sizes = _page_sizes(path)
    out = cells.copy()
    for i, row in cells.iterrows():
        if pd.isna(row["x0"]):
            continue
        turn = Turn(turns[int(row["page"])], *sizes[int(row["page"])])
        out.loc[i, BOX] = turn.box(row["x0"], row["top"], row["x1"], row["bottom"])
    return out


def _assert_same_cells(ours: pd.DataFrame, theirs: pd.DataFrame) -> None:
    """Every staged field the same, boxes within ``TOLERANCE``."""
    assert len(ours) == len(theirs)
    exact = [c for c in theirs.columns if c not in BOX]
    pd.testing.assert_frame_equal(ours[exact].reset_index(drop=True), theirs[exact].reset_index(drop=True))
    assert np.allclose(ours[BOX].to_numpy(float), theirs[BOX].to_numpy(float), atol=TOLERANCE, equal_nan=True)


# --- the turn of a character and the quarter turns of a page ---------------------------------


@pytest.mark.parametrize(("degrees", "expected"), [(0, 0), (90, 270), (180, 180), (270, 90), (-90, 90),
                                                   (QUARTER_TOLERANCE - 1, 0), (45, 315), (30, 330)])
def test_turn_of_a_baseline(degrees: float, expected: int) -> None:
    """A baseline turned counter-clockwise in PDF space (y up) is turned clockwise as shown by the
    rest of the circle; a lean within ``QUARTER_TOLERANCE`` is still the quarter turn, more is not."""
    angle = math.radians(degrees)
    assert turn_of(2 * math.cos(angle), 2 * math.sin(angle)) == expected


@pytest.mark.parametrize("degrees", [0, 90, 180, 270])
def test_a_quarter_turn_goes_back_where_it_came_from(degrees: int) -> None:
    turn = Turn(degrees, 842.0, 595.0)
    box = (100.0, 50.0, 180.0, 62.0)
    turned_box = turn.box(*box)
    width, height = turn.reading_size
    assert 0 <= turned_box[0] < turned_box[2] <= width and 0 <= turned_box[1] < turned_box[3] <= height
    assert turn.box_back(*turned_box) == pytest.approx(box)
    assert (turned_box[2] - turned_box[0], turned_box[3] - turned_box[1]) == \
        ((80.0, 12.0) if degrees in (0, 180) else (12.0, 80.0))


def test_text_running_down_is_read_in_its_reading_frame() -> None:
    """Text running down a page (turned 90°): its first character is nearest the top, and in the
    reading frame the characters run left to right on one line."""
    turn = Turn(90, 595.0, 842.0)
    shown = [{"text": t, "x0": 300.0, "x1": 310.0, "top": 100.0 + 6 * n, "bottom": 106.0 + 6 * n, "doctop": 0.0,
              "upright": False, "size": 6.0, "turn": 90} for n, t in enumerate("abc")]
    read = [turn.char(c) for c in shown]
    assert [c["x0"] for c in read] == sorted(c["x0"] for c in read)
    assert len({c["top"] for c in read}) == 1 and all(c["upright"] and c["turn"] == 0 for c in read)
    assert read[0]["size"] == pytest.approx(10.0)  # the glyph's height across the line, as upright


def _chars(turns: list[int]) -> list[dict[str, Any]]:
    return [{"text": "x", "x0": 10.0 * n, "x1": 10.0 * n + 5, "top": 50.0, "bottom": 56.0, "doctop": 50.0,
             "upright": True, "size": 6.0, "turn": turn} for n, turn in enumerate(turns)]


@pytest.mark.parametrize(("turns", "page_turn", "stray"), [
    ([0] * 5, None, {}),
    ([90] * 6 + [0] * 2 + [315] * 3, 90, {0: 2, 315: 3}),  # a turned table, its upright page number, a watermark
    ([180] * 3 + [0] * 3, None, {180: 3}),  # a tie: read as shown
    ([30] * 8 + [0] * 2, None, {}),  # mostly slanted: read as shown, nothing set aside
])
def test_the_page_is_read_in_its_dominant_direction(turns: list[int], page_turn: int | None,
                                                    stray: dict[int, int]) -> None:
    page = reading_frame(_chars(turns), [], 595.0, 842.0)
    assert (page.turn.degrees if page.turn else None) == page_turn
    assert {turn: len(chars) for turn, chars in page.stray.items()} == stray
    assert len(page.chars) + sum(stray.values()) == len(turns)
    assert page.height == (595.0 if page_turn in (90, 270) else 842.0)


# --- the shipped report: each orientation read as the unturned file --------------------------


@pytest.mark.parametrize("backend", ["pdfium", "pdfplumber"])
@pytest.mark.parametrize("how", list(TURNS))
def test_turned_pages_give_the_unturned_staged_cells(how: str, backend: str, subset: Path,
                                                     unturned_cells: dict[str, Any], tmp_path: Path) -> None:
    path = turned(subset, tmp_path / f"{how}.pdf", how)
    ours, theirs = extract(path, backend), unturned_cells[backend]
    turns = dict(enumerate(TURNS[how][1], start=1))
    assert len(theirs.cells) > 100  # the subset has tables to read
    _assert_same_cells(_in_reading_frame(ours.cells, path, turns), theirs.cells)
    assert ours.meta["page_furniture"] == theirs.meta["page_furniture"]
    assert ours.quarantine.empty and theirs.quarantine.empty


@pytest.mark.parametrize("how", ["rotate-90", "flat-270"])
def test_both_readers_see_the_same_turn(how: str, subset: Path, tmp_path: Path) -> None:
    """Each character's turn, as pdfminer's matrix and as PDFium's give it."""
    import pypdfium2

    from yeep_extract.extract.pdf_pdfium import _FontMetrics, read_pdfium_page

    path = turned(subset, tmp_path / f"{how}.pdf", how)
    with pdfplumber.open(path) as pdf:
        theirs = read_page_objects(pdf.pages[0])
    doc = pypdfium2.PdfDocument(str(path))
    fonts = _FontMetrics(path)
    try:
        ours = read_pdfium_page(doc[0], fonts.page(0))
    finally:
        fonts.close()
        doc.close()
    assert {c["turn"] for c in theirs.chars} == {TURNS[how][1][0]}
    assert [c["turn"] for c in ours.chars] == [c["turn"] for c in theirs.chars]
    assert ours.width == pytest.approx(theirs.width) and ours.height == pytest.approx(theirs.height)


def test_mixed_orientations_read_page_by_page_as_pdfplumber_does(subset: Path, tmp_path: Path) -> None:
    """A file of upright, turned and upside-down pages: PDFium's reading equals pdfplumber's
    (``test_pdfium``'s comparison), and both read it as the unturned file."""
    path = mixed(subset, tmp_path / "mixed.pdf")
    assert _differences(path) == []


@pytest.fixture(scope="module")
def unturned_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return Path(convert(SHIPPED, tmp_path_factory.mktemp("unturned")).out)


def _without_boxes(frame: pd.DataFrame) -> pd.DataFrame:
    """An output table without its boxes (``x0`` ..., ``remark_x0`` ...), which depend on the turn."""
    return frame.drop(columns=[c for c in frame.columns if c.removeprefix("remark_") in BOX])


def _tables(folder: Path) -> dict[str, pd.DataFrame]:
    return {name: pd.read_parquet(folder / f"{name}.parquet") for name in ("indicators", "observations", "quarantine")}


@pytest.mark.parametrize(("how", "backend"), [("rotate-90", "pdfium"), ("mixed", "pdfium"), ("mixed", "pdfplumber")])
def test_turned_shipped_report_gives_the_same_tables(how: str, backend: str, unturned_report: Path,
                                                      tmp_path: Path) -> None:
    """The whole report turned: every row and value right, none silently wrong, and the output
    tables those of the unturned report but for the boxes, which are where the text is as shown."""
    source = tmp_path / "in" / SHIPPED.name
    if how == "mixed":
        source.parent.mkdir()
        mixed(SHIPPED, source)
    else:
        turned(SHIPPED, source, how)
    folder = Path(convert(source, tmp_path / "out", backend=backend).out)
    res = evaluate(folder, GOLD)
    assert (res.rows_found, res.rows_extra, res.cells_right, res.silent_errors) == (146, 0, 730, 0), res.wrong
    ours, theirs = _tables(folder), _tables(unturned_report)
    for name in ours:
        pd.testing.assert_frame_equal(_without_boxes(ours[name]), _without_boxes(theirs[name]))
    obs = ours["observations"].dropna(subset=BOX)
    sizes = _page_sizes(source)
    turns = {p: mixed_turns(p, len(sizes)) if how == "mixed" else TURNS[how][1][0] for p in sizes}
    read = [Turn(turns[p], *sizes[p]).box(*b) for p, *b in obs[["source_page", *BOX]].itertuples(index=False)]
    expected = theirs["observations"].dropna(subset=BOX)[BOX].to_numpy(float)
    assert np.allclose(np.array(read), expected, atol=TOLERANCE)


def test_the_html_report_draws_turned_pages_under_their_cells(subset: Path, tmp_path: Path) -> None:
    """The report draws a page as a viewer shows it, and the boxes of a turned page's values
    hold as much ink as the unturned page's (turned back the wrong way, far less)."""
    path = turned(subset, tmp_path / "in" / "rotate-90.pdf", "rotate-90")
    upright_folder = Path(convert(subset, tmp_path / "upright").out)
    turned_folder = Path(convert(path, tmp_path / "turned").out)
    shares = []
    for pdf, folder in ((subset, upright_folder), (path, turned_folder)):
        obs = pd.read_parquet(folder / "observations.parquet")
        values = obs[(obs["source_page"] == 1) & obs["value"].notna()]
        assert len(values) > 10
        pages, _ = report_pages.render_pages(pdf, obs, pd.read_parquet(folder / "quarantine.parquet"))
        shares.append(_ink_in_boxes(pages[0], values))
        if pdf == path:
            assert pages[0].height > pages[0].width  # drawn portrait, as shown
            right, wrong = Turn(90, pages[0].width, pages[0].height), Turn(270, pages[0].width, pages[0].height)
            turned_wrong = pd.DataFrame([wrong.box_back(*right.box(*b)) for b in values[BOX].itertuples(index=False)],
                                        columns=BOX)
            shares.append(_ink_in_boxes(pages[0], turned_wrong))
    upright, turned_share, wrong_place = shares
    assert turned_share == pytest.approx(upright, rel=0.2)
    assert wrong_place < 0.5 * turned_share, shares


# --- text in another direction than the page's ---------------------------------------------


def _stamp(tmp_path: Path, content: str, width: float, height: float) -> Path:
    """A one-page PDF of ``content`` (Helvetica as /F1) to lay over another page (qpdf --overlay)."""
    path = tmp_path / "stamp.pdf"
    path.write_bytes(_pdf([
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width} {height}] /Contents 4 0 R"
        " /Resources << /Font << /F1 5 0 R >> >> >>",
        _stream(content),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]))
    return path


#: text laid over every page of the (landscape) subset, in PDF space: a diagonal watermark across
#: the table, a note up the left margin, a page number down the right margin
STRAY = ("BT /F1 60 Tf 0.7071 0.7071 -0.7071 0.7071 250 120 Tm (TASLAK BELGE) Tj ET\n"
         "BT /F1 8 Tf 0 1 -1 0 20 150 Tm (Bu belge bilgi icindir, imza gerektirmez) Tj ET\n"
         "BT /F1 9 Tf 0 -1 1 0 830 320 Tm (Sayfa 7) Tj ET")


@pytest.mark.parametrize("how", [None, "rotate-90", "flat-270"])
@pytest.mark.parametrize("backend", ["pdfium", "pdfplumber"])
def test_text_in_other_directions_is_quarantined(how: str | None, backend: str, subset: Path,
                                                 unturned_cells: dict[str, Any], tmp_path: Path) -> None:
    """A page read in its table's direction whatever else runs across it: the watermark and the
    margin note quarantined where they are on the page as shown, the page number counted as page
    furniture (in the frame it reads in it stands in the bottom margin), the cells unchanged."""
    width, height = _page_sizes(subset)[1]
    stamped = tmp_path / "stamped.pdf"
    _qpdf(subset, "--overlay", _stamp(tmp_path, STRAY, width, height), "--repeat=1", "--", stamped)
    path = turned(stamped, tmp_path / f"{how}.pdf", how) if how else stamped
    ours, theirs = extract(path, backend), unturned_cells[backend]
    turns = dict.fromkeys(range(1, 5), TURNS[how][1][0] if how else 0)
    _assert_same_cells(_in_reading_frame(ours.cells, path, turns), theirs.cells)
    pages_with_text = ours.cells["page"].nunique()
    assert ours.meta["page_furniture"] == theirs.meta["page_furniture"] + pages_with_text
    quarantined = ours.quarantine
    assert set(quarantined["page"]) == set(ours.cells["page"])
    texts = quarantined.groupby("page")["text"].apply(" ".join)
    assert all("belge bilgi icindir" in text and "Sayfa" not in text for text in texts), texts
    for note in quarantined[quarantined["text"].str.contains("icindir")].itertuples():
        shown = _page_sizes(path)[note.page]
        assert 0 <= note.x0 < note.x1 <= shown[0] and 0 <= note.top < note.bottom <= shown[1]
        _, top, x1, bottom = Turn(turns[note.page], *shown).box(note.x0, note.top, note.x1, note.bottom)
        assert x1 < 30 and bottom - top > 100  # up the left margin of the unturned page
    assert quarantined["reason"].str.contains("turned").all()


# --- layout fixtures turned ------------------------------------------------------------------


@pytest.mark.parametrize(("name", "how"), [("no-rules", "rotate-270"), ("portrait-serif", "flat-90"),
                                           ("row-over-page", "rotate-180")])
def test_turned_layout_fixtures_give_the_same_tables(name: str, how: str, tmp_path: Path) -> None:
    """Layouts without rules, on portrait pages, and with rows going on over a page break, turned:
    the same rows and values as unturned, scored the same against their gold rows."""
    source = next(p for folder in FOLDERS if (p := FIXTURES / folder / f"{name}.pdf").is_file())
    gold = source.with_suffix(".jsonl")
    path = turned(source, tmp_path / "in" / source.name, how)
    ours = Path(convert(path, tmp_path / "turned").out)
    theirs = Path(convert(source, tmp_path / "upright").out)
    a, b = evaluate(ours, gold), evaluate(theirs, gold)
    assert (a.rows_found, a.rows_extra, a.cells_right, a.silent_errors) == \
        (b.rows_found, b.rows_extra, b.cells_right, b.silent_errors)
    assert a.silent_errors == 0 and a.rows_extra == 0
    for table, frame in _tables(ours).items():
        pd.testing.assert_frame_equal(_without_boxes(frame), _without_boxes(_tables(theirs)[table]))
