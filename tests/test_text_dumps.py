"""Text dumps of the 2024 report against the gold rows: the shipped text, re-encoded copies and
pdftotext dumps (``tests/fixtures/text/make_text_fixtures.py`` made them; one test runs pdftotext live)."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from yeep_extract.evaluate import EvalResult, evaluate
from yeep_extract.extract import InputError
from yeep_extract.extract.text import extract_text
from yeep_extract.pipeline import ReportResult, convert

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "golden" / "mersin-yeep-2024.jsonl"
FIXTURES = ROOT / "tests" / "fixtures" / "text"
SHIPPED = ROOT / "raw" / "mersin-yeep-2024.txt"
PDF = ROOT / "raw" / "mersin-yeep-2024.pdf"

#: The shipped text re-encoded: fixture → the encoding the reader must find.
RE_ENCODED = {
    "mersin-yeep-2024-cp1254-crlf.txt": "cp1254",
    "mersin-yeep-2024-utf16le-bom-crlf.txt": "utf-16",
    "mersin-yeep-2024-utf16be-crlf.txt": "utf-16-be",
    "mersin-yeep-2024-utf8-bom-crlf.txt": "utf-8-sig",
}
#: Other dumps read row by row: fixture → (text form the reader must detect, encoding it must find).
READABLE = {
    "mersin-yeep-2024-pdftotext-raw.txt": ("flow", "utf-8"),
    "mersin-yeep-2024-pdftotext-layout.txt": ("layout", "utf-8"),
    "mersin-yeep-2024-copy-paste.txt": ("flow", "utf-8"),
    "mersin-yeep-2024-gs-txtwrite.txt": ("layout", "utf-8"),
    "mersin-yeep-2024-tabbed.txt": ("layout", "utf-8"),
}


def _run(path: Path, out: Path) -> EvalResult:
    convert(path, out)
    return evaluate(out, GOLD)


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> EvalResult:
    return _run(SHIPPED, tmp_path_factory.mktemp("shipped"))


def test_shipped_text_every_row_and_cell(shipped: EvalResult) -> None:
    assert shipped.rows_found == shipped.rows_expected == 146
    assert shipped.rows_extra == 0
    assert shipped.cells == 730
    assert shipped.cells_right == 730, shipped.wrong
    assert shipped.silent_errors == 0


def test_shipped_text_titles_names_and_units(shipped: EvalResult) -> None:
    """Figures reached on the shipped text; what is left needs a unit registry ("İŞKUR Halk Eğitim
    Merkezi" is two names, "MBB Eğitici Havuzu" one) or reads two ways in the text itself."""
    assert shipped.text_right["activity_title"] == 146
    assert shipped.text_right["indicator_name"] == 146
    assert shipped.text_right["responsible_units"] == 144
    assert shipped.text_right["supporting_units"] == 136


@pytest.mark.parametrize("name", list(RE_ENCODED))
def test_re_encoded_copy_reads_as_the_shipped_text(name: str) -> None:
    """Same staged cells as the shipped text (whose figures are asserted above), whatever the encoding."""
    extraction, reference = extract_text(FIXTURES / name), extract_text(SHIPPED)
    assert (extraction.meta["text_form"], extraction.meta["encoding"]) == ("flow", RE_ENCODED[name])
    pd.testing.assert_frame_equal(extraction.cells, reference.cells)
    pd.testing.assert_frame_equal(extraction.quarantine, reference.quarantine)


@pytest.mark.parametrize("name", list(READABLE))
def test_fixture_dump(name: str, tmp_path: Path) -> None:
    form, encoding = READABLE[name]
    extraction = extract_text(FIXTURES / name)
    assert (extraction.meta["text_form"], extraction.meta["encoding"]) == (form, encoding)
    res = _run(FIXTURES / name, tmp_path)
    assert res.rows_found == 146 and res.rows_extra == 0
    assert res.cell_accuracy >= 0.99, res.wrong
    assert res.silent_errors == 0, [w for w in res.wrong if w["silent"]]


def test_pages_from_form_feeds(tmp_path: Path) -> None:
    """pdftotext ends each page with a form feed: rows carry the page they start on, as in the PDF."""
    convert(FIXTURES / "mersin-yeep-2024-pdftotext-raw.txt", tmp_path)
    pages = pd.read_parquet(tmp_path / "mersin-yeep-2024-pdftotext-raw" / "indicators.parquet")["source_page"]
    assert pages.notna().all() and pages.is_monotonic_increasing
    assert pages.iloc[0] == 1 and pages.iloc[-1] > 20


def test_no_pages_without_form_feeds(tmp_path: Path) -> None:
    convert(FIXTURES / "mersin-yeep-2024-copy-paste.txt", tmp_path)
    pages = pd.read_parquet(tmp_path / "mersin-yeep-2024-copy-paste" / "indicators.parquet")["source_page"]
    assert pages.isna().all()


def test_column_major_dump_is_refused() -> None:
    """pdftotext's default mode prints a ruled table column by column: which value belongs to which
    row is gone from the text, so the dump is refused with the way out, never read into wrong rows."""
    with pytest.raises(InputError, match=r"column after column.*pdftotext -layout"):
        extract_text(FIXTURES / "mersin-yeep-2024-pdftotext-default.txt")


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed (.ci/run installs it)")
@pytest.mark.parametrize("mode", ["-raw", "-layout"])
def test_live_pdftotext(mode: str, tmp_path: Path) -> None:
    dump = tmp_path / f"mersin-yeep-2024{mode}.txt"
    dump.write_bytes(subprocess.run(["pdftotext", "-enc", "UTF-8", mode, str(PDF), "-"], check=True,
                                    capture_output=True).stdout)
    res = _run(dump, tmp_path / "out")
    assert res.rows_found == 146
    assert res.cell_accuracy >= 0.99 and res.silent_errors == 0


def test_line_by_line_dump_never_silently_wrong(tmp_path: Path) -> None:
    """A dump copied line by line across all columns (pdfplumber's extract_text) prints a row's values
    on the lines their cells' tops fall on, between other columns' words: which column a value
    belongs to is lost whenever a row's values take more than one line. Rows are still found and every
    value that may be misplaced is suspect; cells are right only where the row fit one line."""
    name = "mersin-yeep-2024-copy-lines.txt"
    assert extract_text(FIXTURES / name).meta["text_form"] == "line-major"
    res = _run(FIXTURES / name, tmp_path)
    assert res.silent_errors == 0, [w for w in res.wrong if w["silent"]]
    assert res.rows_found >= 143 and res.rows_extra <= 1
    assert res.cell_accuracy >= 0.72


LAYOUTS = sorted(p for p in (ROOT / "tests" / "fixtures" / "layouts").glob("*.pdf") if p.with_suffix(".jsonl").exists())
#: Layouts the PDF reader finds hard (three realization years in narrow columns; no rules with cells
#: centred vertically), whose reading-order text is still plain to read.
HARD_LAYOUTS = sorted([*(ROOT / "tests" / "fixtures" / "layouts-pdf-only").glob("*.pdf"),
                       *(ROOT / "tests" / "fixtures" / "layouts-unsolved").glob("*.pdf")])


#: Layouts whose flow dumps (-raw, PDFium's text) the flow reader does not read whole yet: a table going
#: on over a page without its column header and without rules (the page's rows follow a goal heading
#: as text outside tables: quarantined, never dropped silently).
FLOW_CONTINUED_WITHOUT_HEADER = {"no-repeated-header-no-rules"}


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed (.ci/run installs it)")
@pytest.mark.parametrize("pdf", LAYOUTS + HARD_LAYOUTS, ids=lambda p: p.stem)
def test_pdftotext_raw_of_other_layouts(pdf: Path, tmp_path: Path) -> None:
    """The flow reader on reports it was not built on: other rules, wordings, years and page breaks."""
    dump = tmp_path / f"{pdf.stem}.txt"
    dump.write_bytes(subprocess.run(["pdftotext", "-enc", "UTF-8", "-raw", str(pdf), "-"], check=True,
                                    capture_output=True).stdout)
    result = convert(dump, tmp_path / "out")
    _assert_flow_read(pdf, result, evaluate(tmp_path / "out", pdf.with_suffix(".jsonl")))


def _assert_flow_read(pdf: Path, result: ReportResult, res: EvalResult) -> None:
    """Every row and value of a flow dump read, or for a known gap, what is not read set aside."""
    if pdf.stem in FLOW_CONTINUED_WITHOUT_HEADER:
        assert res.silent_errors == 0 and res.rows_extra == 0 and result.quarantined > 0
        assert res.rows_found < res.rows_expected  # when this fails, the gap is closed: move the fixture
        return
    assert res.rows_found == res.rows_expected and res.rows_extra == 0
    assert res.cell_accuracy >= 0.99 and res.silent_errors == 0, res.wrong


def test_re_encoded_fixtures_are_what_the_script_makes() -> None:
    spec = importlib.util.spec_from_file_location("make_text_fixtures", FIXTURES / "make_text_fixtures.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    text = SHIPPED.read_text(encoding="utf-8")
    for name, (encoding, newline) in script.RE_ENCODED.items():
        assert (FIXTURES / name).read_bytes() == text.replace("\n", newline).encode(encoding), name


#: Layouts whose -layout dump cannot give every row: cells centred vertically in a grid, whose rules
#: delimited the rows in the PDF and are gone from the text. Read with every doubtful value suspect.
CENTRED_GRID = {"grid-centred"}


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed (.ci/run installs it)")
@pytest.mark.parametrize("pdf", LAYOUTS, ids=[p.stem for p in LAYOUTS])
def test_pdftotext_layout_of_other_layouts(pdf: Path, tmp_path: Path) -> None:
    """Every layout's -layout dump is read: columns one space apart ("Gerçekl Gerçekl" under two
    year columns) are cut at the header columns, a body cell centred below the header after a
    blank line is not taken for a header line. Never a value in the wrong column without doubt."""
    dump = tmp_path / f"{pdf.stem}.txt"
    dump.write_bytes(subprocess.run(["pdftotext", "-enc", "UTF-8", "-layout", str(pdf), "-"], check=True,
                                    capture_output=True).stdout)
    result = convert(dump, tmp_path / "out")
    assert not result.validation_errors
    res = evaluate(tmp_path / "out", pdf.with_suffix(".jsonl"))
    assert res.silent_errors == 0, [w for w in res.wrong if w["silent"]]
    if pdf.stem not in CENTRED_GRID:
        assert res.rows_found == res.rows_expected and res.rows_extra == 0
        assert res.cell_accuracy >= 0.99, res.wrong


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed (.ci/run installs it)")
def test_layout_dump_of_narrow_columns(tmp_path: Path) -> None:
    """Narrow columns in a -layout dump: the year headers stand one space apart ("2024 2025 2026", each
    year its own column), numbers are cut at the column edge ("17.95" / "5", rejoined), and values of
    neighbouring columns can touch ("48000 39560": doubted). Every row, no value wrong without doubt."""
    pdf = ROOT / "tests" / "fixtures" / "layouts-pdf-only" / "narrow-columns.pdf"
    dump = tmp_path / "narrow-columns.txt"
    dump.write_bytes(subprocess.run(["pdftotext", "-enc", "UTF-8", "-layout", str(pdf), "-"], check=True,
                                    capture_output=True).stdout)
    convert(dump, tmp_path / "out")
    res = evaluate(tmp_path / "out", pdf.with_suffix(".jsonl"))
    assert res.silent_errors == 0, [w for w in res.wrong if w["silent"]]
    assert res.rows_found == res.rows_expected and res.rows_extra == 0  # "Topla" / "ntıda" / "belli" goes on
    assert res.cell_accuracy >= 0.94


@pytest.mark.parametrize("pdf", [PDF, *LAYOUTS, *HARD_LAYOUTS], ids=lambda p: p.stem)
def test_pdfium_text_of_every_layout(pdf: Path, tmp_path: Path) -> None:
    """A dump by a tool the reader was not built on: PDFium's text (pypdfium2, as Chrome's viewer
    copies it: content order, CRLF line ends), one form feed between pages."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        text = "\f".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()
    dump = tmp_path / f"{pdf.stem}-pdfium.txt"
    dump.write_text(text, encoding="utf-8", newline="")
    result = convert(dump, tmp_path / "out")
    _assert_flow_read(pdf, result, evaluate(tmp_path / "out", pdf.with_suffix(".jsonl") if pdf != PDF else GOLD))


@pytest.mark.parametrize("form", ["missing", "1- EĞİTİM", "1) EĞİTİM", "BÖLÜM 1: EĞİTİM", "1.EĞİTİM"])
def test_section_headings_missing_or_in_other_forms(form: str, tmp_path: Path) -> None:
    """The shipped dump with its section headings ("1. EĞİTİM VE FARKINDALIK") left out or printed in
    another form: every row and value still right, and each activity under its code's section; a
    section whose heading was not read has a null title, never the section before's."""
    mark = {"missing": None, "1- EĞİTİM": r"\2- \3", "1) EĞİTİM": r"\2) \3", "BÖLÜM 1: EĞİTİM": r"BÖLÜM \2: \3",
            "1.EĞİTİM": r"\2.\3"}[form]
    heading = re.compile(r"(?m)^([ \t]*)(\d)\. ([A-ZÇĞİÖŞÜ]{2}.*)$")
    text = SHIPPED.read_text(encoding="utf-8")
    assert len(heading.findall(text)) >= 5
    dump = tmp_path / "mersin-yeep-2024.txt"
    dump.write_text(heading.sub("" if mark is None else mark, text), encoding="utf-8")
    result = convert(dump, tmp_path / "out")
    res = evaluate(tmp_path / "out", GOLD)
    assert res.rows_found == res.rows_expected and res.rows_extra == 0
    assert res.cells_right == res.cells and res.silent_errors == 0
    rows = pd.read_parquet(tmp_path / "out" / result.report_id / "indicators.parquet")
    assert (rows["section_no"] == rows["activity_code"].str.split(".").str[0].astype(int)).all()
    titled = rows.dropna(subset=["section_title"]).groupby("section_no")["section_title"].nunique()
    assert (titled == 1).all()
    if mark is None:
        assert rows["section_title"].isna().sum() >= 100  # the headings left are those typed otherwise
    else:
        assert rows["section_title"].notna().all()
