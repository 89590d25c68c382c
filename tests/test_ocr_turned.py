"""Scans fed turned: a page lying on its side (a landscape table fed portrait) or upside down is set
upright before it is read (``pdf_ocr.read_scan``, ``page_turn``), each page of a file on its own,
and drawn so in the HTML report (``report_pages``).

The layout fixture with a full grid is scanned as the 200 dpi fixtures are (skew, noise, JPEG:
``tests/fixtures/scans/make_scans.py``) with each page turned otherwise, and scored against its
gold with the bars of the upright 200 dpi scans (``test_ocr.BARS``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd
import pytest

from yeep_extract import report_pages
from yeep_extract.evaluate import evaluate
from yeep_extract.extract import pdf_ocr
from yeep_extract.pipeline import convert

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "fixtures" / "scans"))
from make_scans import Scan, page_sizes, scanned_pages, write_image_pdf  # noqa: E402

pytestmark = pytest.mark.skipif(not pdf_ocr.engine_ready() or "osd" not in pdf_ocr.engine_languages(),
                                reason=f"OCR engine not installed ({pdf_ocr.ENGINE_INSTALL}; .ci/run installs it)")

#: its three printed pages fed on one side, upside down and on the other side; the blank fourth upright
TURNED = Scan("grid-centred-200-turned", "layouts/grid-centred", 200, skew=-0.6, blur=0.6, noise=7.0,
              jpeg_quality=70, turns=(90, 180, 270, 0))


@pytest.fixture(scope="module")
def turned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The turned scan (its PDF) and its pipeline output folder."""
    work = tmp_path_factory.mktemp("turned")
    source = ROOT / "tests" / "fixtures" / f"{TURNED.source}.pdf"
    pdf = work / f"{TURNED.name}.pdf"
    write_image_pdf(pdf, scanned_pages(source, TURNED), page_sizes(source, TURNED), work)
    return pdf, Path(convert(pdf, work / "out").out)


def test_turned_pages_read_as_upright_ones(turned: tuple[Path, Path]) -> None:
    _, folder = turned
    res = evaluate(folder, ROOT / "tests" / "fixtures" / f"{TURNED.source}.jsonl")
    assert res.rows_found == res.rows_expected and res.rows_extra == 0
    assert res.cell_accuracy >= 0.98, res.wrong
    assert res.silent_errors == 0, [w for w in res.wrong if w["silent"]]
    pages = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["extraction"]["ocr"]["pages"]
    # each page set upright by the turn that undoes its own: 90 counter-clockwise undone by 270
    assert [p["turn"] for p in pages[:3]] == [270, 180, 90]
    assert all(abs(p["skew"]) < 1.5 for p in pages)


def test_the_html_report_draws_turned_pages_upright_under_their_cells(turned: tuple[Path, Path]) -> None:
    """A page fed on its side is drawn turned upright, landscape, its cells' boxes on their ink."""
    pdf, folder = turned
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    obs = pd.read_parquet(folder / "observations.parquet")
    quarantine = pd.read_parquet(folder / "quarantine.parquet")
    drawn, _ = report_pages.render_pages(pdf, obs, quarantine, skews=report_pages.scan_skews(manifest))
    from test_ocr_pages import _ink_in_boxes

    for page in drawn[:3]:
        assert page.width > page.height  # the landscape table upright
        values = obs[(obs["source_page"] == page.page_no) & obs["value"].notna() & (obs["status"] == "ok")]
        assert len(values) and _ink_in_boxes(page, values) > 0.05
