"""The HTML report: parsed back, its tables hold the expected counts, links resolve, nothing is fetched."""

from __future__ import annotations

import hashlib
import re
import shutil
from collections import Counter
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from yeep_extract.achievement import RULE, achievement, status_label
from yeep_extract.cli import main
from yeep_extract.fields import TABLES
from yeep_extract.pipeline import convert
from yeep_extract.report import build_report, format_number, format_share
from yeep_extract.report_assets import BOX_COLOURS, LABELS, STATUS_COLOURS, contrast, text_colour
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
def pdf_html_path(pdf_out: Path) -> Path:
    html = pdf_out.parent / "pdf-report.html"
    assert main(["report", str(pdf_out), "--html", str(html)]) == 0  # finds the PDF in raw/ by name and hash
    return html


@pytest.fixture(scope="module")
def pdf_html(pdf_html_path: Path) -> _Page:
    return _parse(pdf_html_path)


def test_shipped_pdf_report_counts(pdf_html: _Page) -> None:
    assert pdf_html.rows[f"{RID}-indicators"] == 146
    assert pdf_html.rows[f"{RID}-by-section"] == 8
    assert pdf_html.classes["figure.page"] == 20  # every page of the PDF but the two blank ones (4 and 12)
    assert f"{RID}-page-4" not in pdf_html.ids and f"{RID}-page-12" not in pdf_html.ids
    assert pdf_html.classes["span.activity"] == 146  # each indicator row names its activity
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
    assert page.classes["figure.page"] == 40 and set(page.links) <= page.ids
    assert page.duplicate_ids == []  # ids of the two reports never collide
    assert main(["report", str(out), "--html", str(html), "--pdf", str(PDF)]) == 2  # one --pdf, two reports
    assert "holds 2 reports" in capsys.readouterr().err


def test_numbers_are_written_as_their_readers_write_them() -> None:
    assert format_number(56114.0) == "56.114" and format_number(7.88, percent=True) == "%7,88"
    assert format_number(56114.0, "en") == "56,114" and format_number(7.88, "en", percent=True) == "7.88%"
    assert format_number(1234567.5) == "1.234.567,5" and format_number(0.0) == "0"
    assert format_share(0.9999) == "%99,9"  # rounded down: short of the target never reads as 100 %
    assert format_share(0.88) == "%88" and format_share(7.88 / 8, "en") == "98.5%"
    assert format_share(None) == "" and format_number(float("nan")) == ""


def test_turkish_by_default_english_on_request(pdf_out: Path, pdf_html_path: Path, tmp_path: Path) -> None:
    table = achievement(pd.read_parquet(pdf_out / RID / "indicators.parquet"),
                        pd.read_parquet(pdf_out / RID / "observations.parquet"))
    achieved = int((table["status"] == "achieved").sum())
    turkish = pdf_html_path.read_text(encoding="utf-8")
    english_path = tmp_path / "en.html"
    assert main(["report", str(pdf_out), "--html", str(english_path), "--lang", "en"]) == 0
    english = english_path.read_text(encoding="utf-8")
    assert '<html lang="tr">' in turkish and '<html lang="en">' in english
    year = 2024
    for html, lang in ((turkish, "tr"), (english, "en")):
        words = LABELS[lang]
        assert words["actual_year"].format(year=year) in html and words["nav_table"] in html
        assert escape(RULE[lang]) in html  # the rule beside the legend
        assert words["headline"].format(achieved=achieved, total=len(table), year=year) in html
        assert format_share(achieved / len(table), lang) in html
        for code in table["status"].astype(str).unique():
            assert f">{escape(status_label(code, lang))}</span>" in html  # every status shown by its label
        for value in table["baseline"].dropna():
            assert format_number(value, lang, percent=False) in html or format_number(value, lang, True) in html
        assert escape(words["unit_note"]) in html
    assert "Gerçekleşme" in turkish and "ulaşıldı" in turkish and "Actual" in english
    words_cells = table[table["actual"].isna() & (table["actual_raw"].str.strip().str.len() > 1)]
    for raw in words_cells["actual_raw"]:  # a text answer is shown as printed, not hidden behind its status
        assert f'<span class="words">{escape(raw)}</span>' in turkish


def test_unit_table_links_filter_the_indicator_table(pdf_html: _Page, pdf_out: Path) -> None:
    table = achievement(pd.read_parquet(pdf_out / RID / "indicators.parquet"),
                        pd.read_parquet(pdf_out / RID / "observations.parquet"))
    units = {u for us in table["responsible_units"] for u in us}
    assert pdf_html.rows[f"{RID}-by-unit"] >= len(units)
    assert pdf_html.links.count(f"{RID}-indicators-filters") == len(units)  # one "filter to this unit" each


def test_page_images_are_about_150_dpi(pdf_html_path: Path) -> None:
    import base64
    import io

    from PIL import Image

    uri = re.search(r"src='data:image/png;base64,([^']+)'", pdf_html_path.read_text(encoding="utf-8")).group(1)
    width_px = Image.open(io.BytesIO(base64.b64decode(uri))).width
    assert abs(width_px - 841.89 * 150 / 72) <= 2  # landscape A4, 841.89 pt wide


def _linear(colour: str) -> list[float]:
    values = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    return [v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in values]


def _lab(rgb: list[float]) -> tuple[float, float, float]:
    """CIELAB (D65) of a linear RGB colour."""
    r, g, b = rgb
    xyz = (0.4124 * r + 0.3576 * g + 0.1805 * b, 0.2126 * r + 0.7152 * g + 0.0722 * b,
           0.0193 * r + 0.1192 * g + 0.9505 * b)
    f = [t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116
         for t in (xyz[0] / 0.95047, xyz[1], xyz[2] / 1.08883)]
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


# Machado, Oliveira and Fernandes (2009), full severity, applied to linear RGB.
_COLOUR_BLINDNESS = {
    "deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]],
    "protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
    "tritanopia": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]],
}


@pytest.mark.parametrize("vision", ["normal", *_COLOUR_BLINDNESS])
def test_status_colours_stay_apart_under_colour_blindness(vision: str) -> None:
    import itertools
    import math

    def seen(colour: str) -> tuple[float, float, float]:
        rgb = _linear(colour)
        if vision != "normal":
            rgb = [min(1.0, max(0.0, sum(m * c for m, c in zip(row, rgb, strict=True))))
                   for row in _COLOUR_BLINDNESS[vision]]
        return _lab(rgb)

    for palette in (STATUS_COLOURS, BOX_COLOURS):
        for (a, ca), (b, cb) in itertools.combinations(palette.items(), 2):
            assert math.dist(seen(ca), seen(cb)) >= 15, (vision, a, b)  # CIE76 ΔE: clearly different


def test_text_contrast_is_at_least_4_5() -> None:
    from yeep_extract.report_assets import CSS

    for colour in STATUS_COLOURS.values():
        assert contrast(text_colour(colour), colour) >= 4.5, colour
    variables = dict(re.findall(r"--(ink|muted|accent|bg): (#[0-9a-f]{6})", CSS))
    for name in ("ink", "muted", "accent"):
        assert contrast(variables[name], "#ffffff") >= 4.5 and contrast(variables[name], variables["bg"]) >= 4.5
