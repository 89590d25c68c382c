"""Remark columns ("Açıklama", "Not", "Değerlendirme"): into ``indicators.remark``, never a value.

The structure stage on small staged tables (a cell merged over rows by its rules, a remark wrapped
beside the next row of a table without rules, a cell cut by a page break, a dash), the header
wordings, and three fixtures made by other producers (``tests/fixtures/browser/make_browser.py``:
Chromium with rules between rows, LibreOffice without rules, LibreOffice with a full grid and merged
remarks broken over pages) read by both PDF readers: every cell right, every remark right or its
doubt said (``remark_scope = unsure``), never a wrong remark.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html import escape
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from test_structure import body, header, preamble, values

from yeep_extract.evaluate import evaluate
from yeep_extract.extract import cells_frame
from yeep_extract.headers import header_role, map_headers
from yeep_extract.pipeline import convert
from yeep_extract.report import build_report
from yeep_extract.report_assets import LABELS
from yeep_extract.structure import build
from yeep_extract.vocab import Role

BROWSER = Path(__file__).resolve().parent / "fixtures" / "browser"
REMARK_HEADER = ["Faaliyet", "Sorumlu birim", "Destekçi Kurum/Kuruluş", "Gösterge", "Mevcut", "2024", "2025",
                 "2026", "Gerçekleşme", "Açıklama"]
REMARK = 9


@pytest.mark.parametrize("text", ["Açıklama", "AÇIKLAMALAR", "Not", "NOTLAR", "Değerlendirme", "DEGERLENDIRME",
                                  "Gerçekleşme Açıklaması", "GERCEKLESME ACIKLAMASI",
                                  "Gerçekleşme Durumu Açıklaması", "Açıkla ma"])
def test_remark_wordings(text: str) -> None:
    spec = header_role(text)
    assert spec is not None and spec.role == Role.REMARK and spec.year is None


@pytest.mark.parametrize("text", ["Gerçekleşme Oranı (%)", "Durum", "Nota", "Noter", "Değer", "Açıklama 2024",
                                  "Bütçe"])
def test_remark_role_swallows_no_other_column(text: str) -> None:
    # a rate, a baseline word alone, words close to a remark wording, a remark header with a year
    spec = header_role(text)
    assert spec is None or spec.role != Role.REMARK


def test_a_remark_column_beside_the_values_keeps_their_roles() -> None:
    specs = map_headers(REMARK_HEADER)
    assert [s.role for s in specs][4:] == [Role.BASELINE, Role.TARGET, Role.TARGET, Role.TARGET, Role.ACTUAL,
                                           Role.REMARK]


def _header(table: int, page: int = 1) -> list[dict[str, Any]]:
    return [{"kind": "header", "table": table, "row": 0, "col": c, "text": t, "page": page}
            for c, t in enumerate(REMARK_HEADER)]


def _row(table: int, row: int, cells: dict[int, str], row_end: dict[int, int] | None = None, page: int = 1,
         row_break: str = "rule", joiner: dict[int, str] | None = None) -> list[dict[str, Any]]:
    """Staged lines of one fine row; ``row_end`` per column for cells merged over the rows below."""
    return [{"kind": "body", "table": table, "row": row, "row_end": (row_end or {}).get(c, row), "col": c,
             "text": t, "page": page, "row_break": row_break, "joiner": (joiner or {}).get(c, ""),
             "x0": 10.0 * c, "top": 10.0 * row, "x1": 10.0 * c + 8, "bottom": 10.0 * row + 8} for c, t in cells.items()]


def _indicators(records: list[dict[str, Any]]) -> pd.DataFrame:
    rows = build(cells_frame(records)).rows
    return rows.set_index(["activity_code", "indicator_seq"])


def _remark(rows: pd.DataFrame, code: str, seq: int) -> tuple[str | None, str | None]:
    row = rows.loc[(code, seq)]
    return (None if pd.isna(row["remark"]) else row["remark"],
            None if pd.isna(row["remark_scope"]) else row["remark_scope"])


def test_remark_cell_merged_over_the_activity_by_its_rules() -> None:
    """The remark column has no rule between the activity's rows (``row_end``): each row carries it;
    the next activity's rows have their own cells, one empty and one a dash."""
    records = [*preamble(), *_header(0),
               *_row(0, 1, {0: "1.1.1. Eğitim düzenlemek", 3: "Eğitim sayısı", **values("2", "3", "4", "5", "1"),
                            REMARK: "Pandemi nedeniyle ertelendi"}, row_end={0: 3, REMARK: 3}),
               *_row(0, 2, {3: "Katılımcı sayısı", **values("20", "30", "40", "50", "10")}),
               *_row(0, 3, {3: "Kadın katılımcı oranı", **values("%20", "%30", "%40", "%50", "%10")}),
               *_row(0, 4, {0: "1.1.2. Anket yapmak", 3: "Anket sayısı", **values("1", "2", "3", "4", "2"),
                            REMARK: "12 toplantı yapıldı"}, row_end={0: 5}),
               *_row(0, 5, {3: "Yanıt sayısı", **values("5", "6", "7", "8", "-"), REMARK: "-"})]
    rows = _indicators(records)
    for seq in (1, 2, 3):
        assert _remark(rows, "1.1.1", seq) == ("Pandemi nedeniyle ertelendi", "activity")
    assert _remark(rows, "1.1.2", 1) == ("12 toplantı yapıldı", "indicator")
    assert _remark(rows, "1.1.2", 2) == (None, None)
    assert rows.loc[("1.1.1", 3), "remark_page"] == 1 and rows.loc[("1.1.1", 3), "remark_top"] == 10.0


def test_remark_merged_over_some_rows_and_wrapped_lines_joined() -> None:
    records = [*preamble(), *_header(0),
               *_row(0, 1, {0: "1.1.1. Eğitim düzenlemek", 3: "Eğitim sayısı", **values("2", "3", "4", "5", "1"),
                            REMARK: "Hedefe ulaşılamamasının nedeni"}, row_end={0: 3, REMARK: 2}),
               *[{**rec, "joiner": " ", "top": 15.0} for rec in _row(0, 1, {REMARK: "bütçe kısıtıdır."},
                                                                    row_end={REMARK: 2})],
               *_row(0, 2, {3: "Katılımcı sayısı", **values("20", "30", "40", "50", "10")}),
               *_row(0, 3, {3: "Kadın katılımcı oranı", **values("%20", "%30", "%40", "%50", "%10")})]
    rows = _indicators(records)
    remark = "Hedefe ulaşılamamasının nedeni bütçe kısıtıdır."
    assert _remark(rows, "1.1.1", 1) == _remark(rows, "1.1.1", 2) == (remark, "rows")
    assert _remark(rows, "1.1.1", 3) == (None, None)


def test_text_rows_remark_wrapping_beside_the_next_row_is_shared_and_a_short_one_is_doubted() -> None:
    """Without rules a row's own cell makes its row tall enough: a remark line wrapping on beside the
    next indicator belongs to a cell merged over both. A one-line remark above rows that print none
    may be merged over them too: ``unsure``, and they carry none."""
    records = [*preamble(), *_header(0),
               *_row(0, 1, {0: "1.1.1. Eğitim düzenlemek", 3: "Eğitim sayısı", **values("2", "3", "4", "5", "1"),
                            REMARK: "Pandemi nedeniyle"}, row_break="text"),
               *_row(0, 2, {3: "Katılımcı sayısı", **values("20", "30", "40", "50", "10"), REMARK: "ertelendi"},
                     row_break="text", joiner={REMARK: " ", 3: "\n"}),
               *_row(0, 3, {0: "1.1.2. Anket yapmak", 3: "Anket sayısı", **values("1", "2", "3", "4", "2"),
                            REMARK: "Yapıldı"}, row_break="text", joiner={REMARK: "\n"}),
               *_row(0, 4, {3: "Yanıt sayısı", **values("5", "6", "7", "8", "9")}, row_break="text",
                     joiner={3: "\n"})]
    rows = _indicators(records)
    assert _remark(rows, "1.1.1", 1) == _remark(rows, "1.1.1", 2) == ("Pandemi nedeniyle ertelendi", "activity")
    assert _remark(rows, "1.1.2", 1) == ("Yapıldı", "unsure")
    assert _remark(rows, "1.1.2", 2) == (None, None)


def test_remark_cut_by_a_page_break_is_doubted_not_guessed() -> None:
    """The part's frame closes every cell at the page end: a remark reaching it, with its activity
    going on over the page, may be merged over the rows there (which print none) or not."""
    records = [*preamble(), *_header(0),
               *_row(0, 1, {0: "1.1.1. Eğitim düzenlemek", 3: "Eğitim sayısı", **values("2", "3", "4", "5", "1"),
                            REMARK: "Pandemi nedeniyle ertelendi"}, row_end={0: 1, REMARK: 1}),
               *_header(1, page=2),
               *_row(1, 1, {3: "Katılımcı sayısı", **values("20", "30", "40", "50", "10")}, page=2),
               *_row(1, 2, {0: "1.1.2. Anket yapmak", 3: "Anket sayısı", **values("1", "2", "3", "4", "2"),
                            REMARK: "Yapıldı"}, page=2)]
    rows = _indicators(records)
    assert _remark(rows, "1.1.1", 1) == ("Pandemi nedeniyle ertelendi", "unsure")
    assert _remark(rows, "1.1.1", 2) == (None, None)
    assert _remark(rows, "1.1.2", 1) == ("Yapıldı", "indicator")


def test_remark_going_on_over_a_page_with_its_row_is_joined() -> None:
    records = [*preamble(), *_header(0),
               *_row(0, 1, {0: "1.1.1. Eğitim düzenlemek", 3: "Eğitim sayısı", **values("2", "3", "4", "5", ""),
                            REMARK: "Pandemi nedeniyle"}, row_end={0: 1, REMARK: 1}),
               *_header(1, page=2),
               *_row(1, 1, {8: "1", REMARK: "ertelendi"}, row_end={0: 2, REMARK: 2}, page=2),
               *_row(1, 2, {3: "Katılımcı sayısı", **values("20", "30", "40", "50", "10")}, page=2)]
    rows = _indicators(records)
    assert _remark(rows, "1.1.1", 1) == _remark(rows, "1.1.1", 2) == ("Pandemi nedeniyle ertelendi", "activity")
    assert rows.loc[("1.1.1", 2), "remark_page"] == 1


def test_no_remark_column_gives_empty_remarks() -> None:
    records = [*preamble(), *header(0),
               *body(0, 1, {0: "1.1.1. Eğitim düzenlemek", 3: "Eğitim sayısı", **values("2", "3", "4", "5", "1")})]
    rows = _indicators(records)
    assert rows["remark"].isna().all() and rows["remark_scope"].isna().all() and rows["remark_x0"].isna().all()


#: fixture → (rows, value cells, remarks exactly right, remarks doubted ``unsure`` with their next rows).
REMARK_FIXTURES = {
    "chromium-remarks": (72, 432, 72, 0),  # rules between rows drawn per cell: merged cells seen
    "libreoffice-remarks": (80, 400, 66, 14),  # no rules: remarks above remark-less rows doubted
    "libreoffice-remarks-grid": (58, 348, 53, 5),  # merged remarks over page breaks: 1 joined, 2 doubted
}


def _gold(name: str) -> dict[tuple[str, int], dict[str, Any]]:
    with open(BROWSER / f"{name}.jsonl", encoding="utf-8") as fh:
        return {(g["activity_code"], g["indicator_seq"]): g for g in map(json.loads, fh)}


def _remarks_right_or_doubted(ind: pd.DataFrame, gold: dict[tuple[str, int], dict[str, Any]]) -> tuple[int, int]:
    """Remarks exactly right (text and scope), and doubted: scope ``unsure`` with the gold's text or a
    piece of it (a cell cut where a merge cannot be seen), or no remark on a row below such a cell.
    Any other difference (a wrong text, a sure scope that is wrong) fails."""
    right = doubted = 0
    doubted_activity: set[str] = set()
    for row in ind.sort_values(["activity_code", "indicator_seq"]).itertuples():
        want = gold[(row.activity_code, row.indicator_seq)]
        got = (None if pd.isna(row.remark) else row.remark, None if pd.isna(row.remark_scope) else row.remark_scope)
        if got == (want["remark"] or None, want["remark_scope"] or None):
            right += 1
            continue
        where = (row.activity_code, row.indicator_seq, got, want["remark"], want["remark_scope"])
        if got[1] == "unsure":
            assert got[0] in want["remark"], where
            doubted_activity.add(row.activity_code)
        else:
            assert got[0] is None and row.activity_code in doubted_activity, where
        doubted += 1
    return right, doubted


@pytest.mark.parametrize("backend", ["pdfium", "pdfplumber"])
@pytest.mark.parametrize("name", list(REMARK_FIXTURES))
def test_remark_fixture_reads_every_cell_and_never_a_wrong_remark(name: str, backend: str, tmp_path: Path) -> None:
    n_rows, n_cells, exact, doubted = REMARK_FIXTURES[name]
    result = convert(BROWSER / f"{name}.pdf", tmp_path, backend=backend)
    res = evaluate(tmp_path, BROWSER / f"{name}.jsonl")
    assert res.rows_found == res.rows_expected == n_rows and res.rows_extra == 0
    assert res.cells_right == res.cells == n_cells and res.silent_errors == 0, res.wrong
    assert result.quarantined == 0 and result.suspects == 0 and result.unmatched_headers == []
    ind = pd.read_parquet(tmp_path / result.report_id / "indicators.parquet")
    assert _remarks_right_or_doubted(ind, _gold(name)) == (exact, doubted)
    with_remark = ind[ind["remark"].notna()]
    assert with_remark["remark_page"].notna().all() and with_remark["remark_x0"].notna().all()


def test_a_remark_is_never_a_value(tmp_path: Path) -> None:
    """Remarks holding numbers ("12 toplantı yapıldı", "%45'i tamamlandı") beside values: no
    observation holds a remark's text, and the remark stays whole in its column."""
    result = convert(BROWSER / "chromium-remarks.pdf", tmp_path)
    out = tmp_path / result.report_id
    obs = pd.read_parquet(out / "observations.parquet")
    ind = pd.read_parquet(out / "indicators.parquet")
    remarks = {g["remark"] for g in _gold("chromium-remarks").values() if g["remark"]}
    assert any(any(ch.isdigit() for ch in r) for r in remarks)
    assert not obs["raw"].isin(remarks).any()
    assert not obs["raw"].str.contains("toplantı|tamamlandı|ulaşıldı|ertelendi", regex=True).any()
    assert set(ind["remark"].dropna()) == remarks
    assert evaluate(tmp_path, BROWSER / "chromium-remarks.jsonl").text_exact["remark"] == len(ind) == 72


def test_unknown_column_is_still_quarantined_beside_remarks(tmp_path: Path) -> None:
    """The remark role takes no column whose header does not say remark ("Gerçekleşme Oranı (%)")."""
    result = convert(BROWSER / "chromium-unknown-column.pdf", tmp_path)
    ind = pd.read_parquet(tmp_path / result.report_id / "indicators.parquet")
    assert ind["remark"].isna().all()
    assert [h["header"] for h in result.unmatched_headers] == ["Gerçekleşme Oranı (%)"]
    assert result.quarantined == 58


@pytest.mark.parametrize("lang", ["tr", "en"])
def test_html_report_shows_each_remark_under_its_indicator(lang: str, tmp_path: Path) -> None:
    result = convert(BROWSER / "chromium-remarks.pdf", tmp_path / "out")
    html = tmp_path / "r.html"
    build_report(tmp_path / "out", html, search=[tmp_path / "none"], lang=lang)
    page = html.read_text(encoding="utf-8")
    ind = pd.read_parquet(Path(result.out) / "indicators.parquet")
    label = LABELS[lang]["remark"]
    shown = re.findall(r'<small class="remark">([^<]*)</small>', page)
    assert sorted(shown) == sorted(f"{label}: {escape(r)}" for r in ind["remark"].dropna())


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed (.ci/run installs it)")
def test_layout_dump_of_a_remark_fixture(tmp_path: Path) -> None:
    """``pdftotext -layout`` of the Chromium fixture: the remark column is read as in the PDF (text
    rows: a merged cell's extent doubted where lines do not show it), every cell right."""
    dump = tmp_path / "chromium-remarks.txt"
    dump.write_bytes(subprocess.run(["pdftotext", "-enc", "UTF-8", "-layout", str(BROWSER / "chromium-remarks.pdf"),
                                     "-"], check=True, capture_output=True).stdout)
    result = convert(dump, tmp_path / "out")
    res = evaluate(tmp_path / "out", BROWSER / "chromium-remarks.jsonl")
    assert res.rows_found == res.rows_expected == 72 and res.rows_extra == 0
    assert res.cells_right == res.cells == 432 and res.silent_errors == 0, res.wrong
    ind = pd.read_parquet(Path(result.out) / "indicators.parquet")
    assert _remarks_right_or_doubted(ind, _gold("chromium-remarks")) == (62, 10)
