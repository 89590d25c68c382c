"""camelot backend and the cross-check between the two PDF backends."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from reportlab.pdfgen import canvas

from yeep_extract.crosscheck import compare, disputed
from yeep_extract.evaluate import evaluate
from yeep_extract.extract import InputError, extract
from yeep_extract.extract.pdf_camelot import _headed_bounds
from yeep_extract.pipeline import convert

ROOT = Path(__file__).resolve().parents[1]
PDF = ROOT / "raw" / "mersin-yeep-2024.pdf"
GOLD = ROOT / "tests" / "golden" / "mersin-yeep-2024.jsonl"
LAYOUTS = ROOT / "tests" / "fixtures" / "layouts"


def test_camelot_alone_reads_the_shipped_pdf_right(tmp_path: Path) -> None:
    res = convert(PDF, tmp_path, backend="camelot")
    assert (res.rows, res.cells, res.suspects, res.quarantined) == (146, 730, 0, 0)
    scored = evaluate(tmp_path / "mersin-yeep-2024", GOLD)
    assert (scored.rows_found, scored.cells_right, scored.silent_errors) == (146, 730, 0)
    manifest = json.loads((tmp_path / "mersin-yeep-2024" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["extraction"]["backend"] == "camelot"


def test_both_backends_agree_on_every_cell_of_the_shipped_pdf(tmp_path: Path) -> None:
    res = convert(PDF, tmp_path, backend="pdfplumber", cross_check=True)
    assert res.disagreements == 0 and res.suspects == 0 and res.cells == 730


def test_the_backends_stage_the_same_cell_lines() -> None:
    """Same tables, rows, columns, texts and joiners: only how the tables were found differs."""
    columns = ["page", "kind", "table", "row", "col", "text", "joiner", "row_break"]
    plumber = extract(PDF, "pdfplumber").cells[columns].reset_index(drop=True)
    camelot = extract(PDF, "camelot").cells[columns].reset_index(drop=True)
    pd.testing.assert_frame_equal(plumber, camelot)


@pytest.mark.parametrize("layout", [
    "extra-year-column",  # lattice, another column set
    "no-rules",  # stream; several tables on a page, which stream's own areas join or miss
    "other-headers",  # stream; a header over three lines, body text under wide headers split by stream
])
def test_camelot_on_other_layouts(layout: str, tmp_path: Path) -> None:
    pdf = LAYOUTS / f"{layout}.pdf"
    if not pdf.is_file():
        pytest.skip("layout fixtures not generated")
    convert(pdf, tmp_path, backend="camelot")
    scored = evaluate(tmp_path / layout, LAYOUTS / f"{layout}.jsonl")
    assert scored.cells_right == scored.cells and scored.silent_errors == 0


def test_a_column_without_header_text_joins_the_nearer_headed_neighbour() -> None:
    def word(text: str, x0: float, x1: float) -> dict[str, object]:
        return {"text": text, "x0": x0, "x1": x1, "top": 0.0, "bottom": 9.0, "size": 9.0}

    header = [word("Sorumlu", 10, 60), word("Destekçi", 120, 170), word("Gösterge", 210, 260)]
    # stream cut columns at 100 (a short name under "Destekçi" starts far left) and at 190/200 (an
    # empty strip): [0-100 Sorumlu] [100-115 none] [115-190 Destekçi] [190-200 none] [200-280 Gösterge]
    # the first strip is 5 pt from "Destekçi" and 40 from "Sorumlu"; the second 10 from "Gösterge"
    assert _headed_bounds([0, 100, 115, 190, 200, 280], header) == [0, 100, 190, 280]


def test_disagreements_are_flagged_with_both_readings() -> None:
    key = {"activity_code": ["1.1.1", "1.1.1", "1.1.2"], "indicator_seq": [1, 1, 1],
           "measure": ["baseline", "actual", "actual"], "year": [None, 2024, 2024]}
    mine = pd.DataFrame({**key, "raw": ["20", "%7,5", "3"], "flag": [None, None, "value low in its cell"]})
    theirs = pd.DataFrame({**key, "raw": ["20", "%7.5", "3"], "flag": [None, None, None]})
    extra = pd.DataFrame({"activity_code": ["9.9.9"], "indicator_seq": [1], "measure": ["actual"],
                          "year": [2024], "raw": ["4"], "flag": [None]})
    flagged, count = compare(mine, pd.concat([theirs, extra], ignore_index=True), "pdfplumber", "camelot")
    assert count == 2  # one cell read differently, one cell only camelot found
    flags = [f if isinstance(f, str) else None for f in flagged["flag"]]
    assert flags == [None, "cross-check: pdfplumber read '%7,5', camelot read '%7.5'", "value low in its cell"]
    assert disputed(flagged).tolist() == [False, True, False]


def test_a_disagreement_on_an_empty_cell_is_suspect_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One backend missing a number leaves an empty cell that is no `ok` value, yet doubtful."""
    import yeep_extract.crosscheck as crosscheck

    def other_reads_a_number(path: Path, backend: str, values: pd.DataFrame, year: int | None,
                             _settings: object = None) -> tuple[pd.DataFrame, int]:
        other = values.copy()
        blank = other.index[other["raw"].fillna("").str.strip().isin(["", "-"])][0]
        other.loc[blank, "raw"] = "99"
        return compare(values, other, backend, "camelot")

    monkeypatch.setattr(crosscheck, "cross_check_values", other_reads_a_number)
    res = convert(PDF, tmp_path, cross_check=True)
    assert res.disagreements == 1 and res.suspects == 1
    obs = pd.read_parquet(tmp_path / "mersin-yeep-2024" / "observations.parquet")
    doubted = obs[obs["status"] == "suspect"]
    assert doubted["note"].str.contains("camelot read '99'").all() and doubted["value"].isna().all()


def test_camelot_bad_input_is_one_clear_line(tmp_path: Path) -> None:
    not_pdf = tmp_path / "not.pdf"
    not_pdf.write_text("Bu bir PDF değil.\n", encoding="utf-8")
    scanned = tmp_path / "scanned.pdf"
    c = canvas.Canvas(str(scanned), invariant=1)
    c.rect(100, 100, 300, 300, fill=1)
    c.save()
    for path, reason in ((not_pdf, "not a readable PDF"), (scanned, "no text layer: OCR is not supported yet")):
        with pytest.raises(InputError, match=reason) as caught:
            extract(path, "camelot")
        assert str(path) in str(caught.value) and "\n" not in str(caught.value)


def test_camelot_on_numbers_cut_at_the_column_edge_without_rules(tmp_path: Path) -> None:
    """Stream tables mark cut numbers as the pdfplumber backend does: none is cut silently."""
    folder = LAYOUTS.parent / "layouts-unsolved"
    convert(folder / "narrow-columns-no-rules.pdf", tmp_path, backend="camelot")
    scored = evaluate(tmp_path / "narrow-columns-no-rules", folder / "narrow-columns-no-rules.jsonl")
    assert scored.silent_errors == 0 and scored.rows_found == scored.rows_expected
    assert scored.cell_accuracy >= 0.98
