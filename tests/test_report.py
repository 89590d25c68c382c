"""The HTML report: parsed back, its tables hold the expected counts, links resolve, nothing is fetched."""

from __future__ import annotations

import hashlib
import shutil
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from yeep_extract.cli import main
from yeep_extract.fields import TABLES
from yeep_extract.pipeline import convert
from yeep_extract.report import build_report
from yeep_extract.write import arrow_schema

ROOT = Path(__file__).resolve().parents[1]
PDF = ROOT / "raw" / "mersin-yeep-2024.pdf"
TXT = ROOT / "raw" / "mersin-yeep-2024.txt"
RID = "mersin-yeep-2024"


class _Page(HTMLParser):
    """Collects ids, in-page links, external references, body rows per table and page figures."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.duplicate_ids: list[str] = []
        self.links: list[str] = []
        self.external: list[str] = []
        self.rows: Counter[str] = Counter()
        self.tags: Counter[str] = Counter()
        self.classes: Counter[str] = Counter()
        self._tables: list[str] = []
        self._in_body = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.tags[tag] += 1
        for c in a.get("class", "").split():
            self.classes[f"{tag}.{c}"] += 1
        if "id" in a:
            self.duplicate_ids += [a["id"]] if a["id"] in self.ids else []
            self.ids.add(a["id"])
        for attr in ("href", "src"):
            value = a.get(attr, "")
            if value.startswith("#"):
                self.links.append(value[1:])
            elif value and not value.startswith("data:"):
                self.external.append(value)
        if tag == "table":
            self._tables.append(a.get("id", ""))
        elif tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._in_body and self._tables:
            self.rows[self._tables[-1]] += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self._tables:
            self._tables.pop()
        elif tag == "tbody":
            self._in_body = False


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


@pytest.fixture(scope="module")
def pdf_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pdf")
    convert(PDF, out)
    return out


@pytest.fixture(scope="module")
def pdf_html(pdf_out: Path) -> _Page:
    html = pdf_out.parent / "pdf-report.html"
    assert main(["report", str(pdf_out), "--html", str(html)]) == 0  # finds the PDF in raw/ by name and hash
    return _parse(html)


def test_shipped_pdf_report_counts(pdf_html: _Page) -> None:
    assert pdf_html.rows[f"{RID}-indicators"] == 146
    assert pdf_html.rows[f"{RID}-by-section"] == 8
    assert pdf_html.classes["figure.page"] == 22  # every page of the PDF, also those without cells
    assert f"{RID}-suspects" not in pdf_html.rows and f"{RID}-quarantine" not in pdf_html.rows  # none in this PDF


def test_every_box_has_an_overlay_and_every_link_resolves(pdf_html: _Page, pdf_out: Path) -> None:
    obs = pd.read_parquet(pdf_out / RID / "observations.parquet")
    assert pdf_html.classes["a.box"] == int(obs["x0"].notna().sum())
    assert pdf_html.links and set(pdf_html.links) <= pdf_html.ids
    assert pdf_html.external == []  # self-contained: no network needed to view it
    assert pdf_html.duplicate_ids == []


def test_suspects_and_quarantine_are_listed_and_drawn(pdf_out: Path, tmp_path: Path) -> None:
    folder = tmp_path / "out" / RID
    shutil.copytree(pdf_out / RID, folder)
    obs = pd.read_parquet(folder / "observations.parquet")
    doubted = obs[obs["raw"] != ""].index[[0, 10, 200]]
    obs.loc[doubted, "status"] = "suspect"
    obs.loc[doubted, "note"] = "made suspect by the test"
    obs.to_parquet(folder / "observations.parquet")
    stray = {"report_id": RID, "source_page": 2, "line_no": None, "text": "stray 12", "x0": 50.0, "top": 60.0,
             "x1": 80.0, "bottom": 70.0, "reason": "test fragment"}
    pq.write_table(pa.Table.from_pylist([stray], schema=arrow_schema(TABLES["quarantine"])),
                   folder / "quarantine.parquet")
    html = tmp_path / "r.html"
    build_report(folder, html, pdf=PDF)
    page = _parse(html)
    assert page.rows[f"{RID}-suspects"] == 3
    assert page.rows[f"{RID}-quarantine"] == 1
    assert f"{RID}-fragment-0" in page.links and set(page.links) <= page.ids  # the fragment's box on page 2
    for i in doubted:
        o = obs.loc[i]
        cell = f"{RID}-cell-{o.activity_code}-{o.indicator_seq}-{o.measure}-{'' if pd.isna(o.year) else int(o.year)}"
        assert cell in page.links  # the suspect row points at its box on the page image


def test_text_input_lists_suspects_without_images(tmp_path: Path) -> None:
    convert(TXT, tmp_path / "out")
    obs = pd.read_parquet(tmp_path / "out" / RID / "observations.parquet")
    quarantine = pd.read_parquet(tmp_path / "out" / RID / "quarantine.parquet")
    html = tmp_path / "r.html"
    reports = build_report(tmp_path / "out", html, search=[ROOT / "raw"])
    page = _parse(html)
    assert page.rows[f"{RID}-indicators"] == 146
    assert page.rows.get(f"{RID}-suspects", 0) == int((obs["status"] == "suspect").sum())
    assert page.rows.get(f"{RID}-quarantine", 0) == len(quarantine)
    assert page.classes["figure.page"] == 0 and "not a PDF" in reports[0].pages_note
    assert set(page.links) <= page.ids


def test_a_different_pdf_of_the_same_name_is_not_drawn(pdf_out: Path, tmp_path: Path) -> None:
    other = tmp_path / "raw" / "mersin-yeep-2024.pdf"
    other.parent.mkdir()
    other.write_bytes(PDF.read_bytes() + b"\n% changed\n")
    reports = build_report(pdf_out, tmp_path / "r.html", search=[other.parent])
    assert reports[0].pages == [] and "not found" in reports[0].pages_note


def test_cli_report_errors_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(tmp_path / "missing"), "--html", str(tmp_path / "r.html")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no report folder" in err[0]


def test_source_pdf_found_by_name_and_hash_even_with_glob_characters(tmp_path: Path) -> None:
    from yeep_extract.report_pages import find_source_pdf

    odd = tmp_path / "in" / "rapor [2024].pdf"
    odd.parent.mkdir()
    shutil.copy(PDF, odd)
    manifest = {"source": {"file": odd.name, "sha256": hashlib.sha256(PDF.read_bytes()).hexdigest()}}
    assert find_source_pdf(manifest, [tmp_path])[0] == odd
    assert find_source_pdf({"source": {"file": "x.txt"}}, [tmp_path])[0] is None


def test_an_output_folder_with_two_reports_gives_one_page_each(pdf_out: Path, tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    other = raw / "other-yeep-2024.pdf"
    shutil.copy(PDF, other)
    out = tmp_path / "out"
    shutil.copytree(pdf_out / RID, out / RID)
    convert(other, out)
    html = tmp_path / "both.html"
    reports = build_report(out, html, search=[ROOT / "raw", raw])
    page = _parse(html)
    assert [r.report_id for r in reports] == [RID, "other-yeep-2024"]
    assert page.rows[f"{RID}-indicators"] == page.rows["other-yeep-2024-indicators"] == 146
    assert page.classes["figure.page"] == 44 and set(page.links) <= page.ids
    assert page.duplicate_ids == []  # ids of the two reports never collide
    assert main(["report", str(out), "--html", str(html), "--pdf", str(PDF)]) == 2  # one --pdf, two reports
    assert "holds 2 reports" in capsys.readouterr().err
