"""The HTML report: an output folder → one self-contained HTML file for people who check and use the data.

For each report: counts, achievement per section and per responsible unit, the indicator table
(sortable, filterable) with the achievement status of ``achievement``, every suspect value and every
quarantined fragment, and each source PDF page drawn with the cells read on it (``report_pages``).
Values link to their box on the page and boxes back to their indicator row, so a reviewer checks a
number against the printed page in one click. CSS, script and images are inline: no network.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .achievement import ORDER, RULE_SUMMARY, achievement
from .datapackage import write_atomic
from .report_assets import CSS, JS, STATUS_COLOURS
from .report_pages import PageImage, find_source_pdf, padded, render_pages
from .textnorm import turkish_fold
from .vocab import Status


@dataclass
class ReportData:
    """One report folder read back: manifest and the three tables, plus what the HTML derives from them."""

    folder: Path
    manifest: dict[str, Any]
    indicators: pd.DataFrame
    observations: pd.DataFrame
    quarantine: pd.DataFrame
    pages: list[PageImage] = field(default_factory=list)
    pages_note: str = ""

    @property
    def report_id(self) -> str:
        return str(self.manifest["report_id"])


def report_folders(outdir: Path) -> list[Path]:
    """``outdir`` itself when it is one report's folder, else every report folder inside it."""
    if (outdir / "manifest.json").is_file():
        return [outdir]
    return sorted(p.parent for p in outdir.glob("*/manifest.json") if not p.parent.name.startswith("."))


def load(folder: Path) -> ReportData:
    """Read one report folder written by ``write``."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    tables = {n: pd.read_parquet(folder / f"{n}.parquet") for n in ("indicators", "observations", "quarantine")}
    return ReportData(folder, manifest, tables["indicators"], tables["observations"], tables["quarantine"])


def _e(value: Any) -> str:
    """Escaped text of a cell value; a list (Parquet gives arrays) joined with '; ', nulls empty."""
    if isinstance(value, list | tuple | np.ndarray):
        return escape("; ".join(str(v) for v in value))
    if value is None or pd.isna(value):
        return ""
    return escape(str(value))


def _num(value: Any) -> str:
    """A number as plain digits with a decimal point and no grouping (grouping marks differ in Turkish)."""
    if value is None or pd.isna(value):
        return ""
    return f"{value:.2f}".rstrip("0").rstrip(".") if float(value) % 1 else str(int(value))


def _cell_id(rid: str, activity: str, seq: int, measure: str, year: Any) -> str:
    return f"{rid}-cell-{activity}-{seq}-{measure}-{'' if pd.isna(year) else int(year)}"


def _row_id(rid: str, activity: str, seq: int) -> str:
    return f"{rid}-ind-{activity}-{seq}"


def _pill(status: str) -> str:
    return f'<span class="pill" style="background:{STATUS_COLOURS[status]}">{escape(status)}</span>'


def _bar(counts: dict[str, int]) -> str:
    total = sum(counts.values()) or 1
    parts = "".join(f'<span style="width:{100 * counts[s] / total:.2f}%;background:{STATUS_COLOURS[s]}" '
                    f'title="{escape(s)}: {counts[s]}"></span>' for s in ORDER if counts.get(s))
    return f'<div class="bar">{parts}</div>'


def _legend() -> str:
    return '<p class="legend">' + "".join(f'<span><i style="background:{STATUS_COLOURS[s]}"></i>{escape(s)}</span>'
                                          for s in ORDER) + "</p>"


def _summary_table(table_id: str, label: str, groups: pd.Series, statuses: pd.Series, largest_first: bool) -> str:
    """Achievement counts per group with a stacked bar; sortable.

    Groups come largest first (units: where most of the plan sits) or in printed order (sections).
    """
    counts = pd.crosstab(groups, statuses).reindex(columns=ORDER, fill_value=0)
    if largest_first:
        counts = counts.assign(_n=counts.sum(axis=1), _k=[turkish_fold(str(g)) for g in counts.index])
        counts = counts.sort_values(["_n", "_k"], ascending=[False, True]).drop(columns=["_n", "_k"])
    else:
        counts = counts.reindex(pd.unique(groups))
    head = f'<th>{escape(str(groups.name))}</th><th class="num">indicators</th><th>achieved share</th>'
    head += "".join(f'<th class="num">{escape(s)}</th>' for s in ORDER)
    rows = []
    for key, row in counts.iterrows():
        cells = f"<td>{_e(key)}</td>"
        total = int(row.sum())
        achieved = int(row["achieved"])
        cells += (f'<td class="num">{total}</td><td data-sort="{achieved / total if total else 0:.4f}">'
                  f"{_bar(row.to_dict())}</td>")
        cells += "".join(f'<td class="num">{int(row[s])}</td>' for s in ORDER)
        rows.append(f"<tr>{cells}</tr>")
    return (f'<h3>{escape(label)}</h3><div class="wrap"><table class="sortable" id="{table_id}"><thead><tr>{head}'
            f'</tr></thead><tbody>{"".join(rows)}</tbody></table></div>')


def _value_link(rid: str, row: Any, measure: str, year: Any, value: Any, boxed: set[str]) -> str:
    target = _cell_id(rid, row.activity_code, row.indicator_seq, measure, year)
    text = _num(value) + ("%" if row.unit == "percent" and _num(value) else "")
    sort = "" if value is None or pd.isna(value) else f"{float(value)}"
    if target in boxed and text:
        return f'<td class="num" data-sort="{sort}"><a href="#{escape(target)}">{text}</a></td>'
    return f'<td class="num" data-sort="{sort}">{text}</td>'


def _indicator_table(data: ReportData, table: pd.DataFrame, boxed: set[str]) -> str:
    rid = data.report_id
    year = int(data.manifest.get("report_year") or 0)
    table_id = f"{rid}-indicators"
    sections = list(dict.fromkeys(table.sort_values("section_no")["section_title"].dropna()))
    filters = (f'<div class="filters"><input type="search" placeholder="Filter: indicator, unit, code…" '
               f'data-table="{table_id}"><select data-table="{table_id}" data-field="status">'
               f'<option value="">every status</option>'
               + "".join(f'<option value="{escape(s)}">{escape(s)}</option>' for s in ORDER)
               + f'</select><select data-table="{table_id}" data-field="section"><option value="">every section'
               f'</option>' + "".join(f'<option value="{_e(s)}">{_e(s)}</option>' for s in sections)
               + f'</select><span id="{table_id}-count">{len(table)} of {len(table)} rows</span></div>')
    head = ("<th>code</th><th class='num'>#</th><th>indicator</th><th>section</th><th>responsible units</th>"
            "<th>unit</th><th class='num'>baseline</th>"
            f"<th class='num'>target {year}</th><th class='num'>actual {year}</th><th>status</th>"
            "<th class='num' title='target − actual; percentage points (pp) for shares'>gap</th>"
            "<th class='num'>page</th>")
    rows = []
    for r in table.itertuples():
        page = "" if pd.isna(r.source_page) else int(r.source_page)
        page_cell = (f'<a href="#{rid}-page-{page}">{page}</a>' if page and data.pages else str(page))
        flag = ' <span class="flag" title="a value used here is suspect">!</span>' if r.suspect else ""
        gap = _num(r.gap) + (" pp" if r.unit == "percent" and _num(r.gap) else "")  # percentage points
        rows.append(
            f'<tr id="{escape(_row_id(rid, r.activity_code, r.indicator_seq))}" data-status="{escape(str(r.status))}"'
            f' data-section="{_e(r.section_title)}"><td data-sort="{_sort_code(r.activity_code)}">'
            f"{_e(r.activity_code)}</td><td class='num'>{r.indicator_seq}</td><td>{_e(r.indicator_name)}</td>"
            f"<td>{r.section_no}. {_e(r.section_title)}</td><td>{_e(r.responsible_units)}</td><td>{_e(r.unit)}</td>"
            f"{_value_link(rid, r, 'baseline', None, r.baseline, boxed)}"
            f"{_value_link(rid, r, 'target', year, r.target, boxed)}"
            f"{_value_link(rid, r, 'actual', year, r.actual, boxed)}"
            f"<td data-sort='{ORDER.index(str(r.status))}'>{_pill(str(r.status))}{flag}</td>"
            f"<td class='num' data-sort='{'' if pd.isna(r.gap) else r.gap}'>{gap}</td>"
            f"<td class='num'>{page_cell}</td></tr>")
    return (f"{filters}<div class='wrap'><table class='sortable' id='{table_id}'><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></div>")


def _sort_code(code: str) -> str:
    """A sort key that orders 1.1.10 after 1.1.9."""
    return ".".join(f"{int(p):03d}" for p in str(code).split("."))


def _suspect_table(data: ReportData, boxed: set[str]) -> str:
    rid = data.report_id
    obs = data.observations[data.observations["status"] == Status.SUSPECT.value]
    if obs.empty:
        return "<p>No suspect values.</p>"
    names = data.indicators.set_index(["activity_code", "indicator_seq"])["indicator_name"]
    rows = []
    for o in obs.itertuples():
        cell = _cell_id(rid, o.activity_code, o.indicator_seq, o.measure, o.year)
        if cell in boxed:
            where = f'<a href="#{escape(cell)}">page {int(o.source_page)}</a>'
        else:
            where = "text input" if pd.isna(o.source_page) else f"page {int(o.source_page)}"
        rows.append(f'<tr><td><a href="#{escape(_row_id(rid, o.activity_code, o.indicator_seq))}">'
                    f"{_e(o.activity_code)} #{o.indicator_seq}</a></td>"
                    f"<td>{_e(names.get((o.activity_code, o.indicator_seq)))}</td><td>{_e(o.measure)}</td>"
                    f"<td>{'' if pd.isna(o.year) else int(o.year)}</td><td><code>{_e(o.raw)}</code></td>"
                    f"<td class='num'>{_num(o.value)}</td>"
                    f"<td>{_e(o.note)}</td><td>{where}</td></tr>")
    head = ("<th>indicator</th><th>name</th><th>measure</th><th>year</th><th>printed</th><th class='num'>read as"
            "</th><th>why suspect</th><th>where</th>")
    return (f"<div class='wrap'><table class='sortable' id='{rid}-suspects'><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></div>")


def _quarantine_table(data: ReportData) -> str:
    q = data.quarantine
    if q.empty:
        return "<p>Nothing quarantined: every fragment of text was placed.</p>"
    pages = {p.page_no for p in data.pages}
    rows = []
    for n, r in enumerate(q.itertuples()):
        if not pd.isna(r.source_page):
            page = int(r.source_page)
            target = _fragment_id(data.report_id, n) if not pd.isna(r.x0) else f"{data.report_id}-page-{page}"
            where = f'<a href="#{target}">page {page}</a>' if page in pages else f"page {page}"
        else:
            where = f"line {_e(r.line_no)}"
        rows.append(f'<tr id="{_fragment_id(data.report_id, n)}-row"><td>{where}</td><td>{_e(r.text)}</td>'
                    f"<td>{_e(r.reason)}</td></tr>")
    return (f"<div class='wrap'><table class='sortable' id='{data.report_id}-quarantine'><thead><tr><th>where</th>"
            f"<th>text</th><th>reason</th></tr></thead><tbody>{''.join(rows)}</tbody></table></div>")


def _fragment_id(rid: str, n: int) -> str:
    return f"{rid}-fragment-{n}"


def _overlay(page: PageImage, row: Any, anchor: str, href: str, title: str) -> str:
    """A link laid over a box of the page image (positions in % of the page, so it scales with the image)."""
    x0, top, x1, bottom = padded(row.x0, row.top, row.x1, row.bottom)
    style = (f"left:{100 * x0 / page.width:.3f}%;top:{100 * top / page.height:.3f}%;"
             f"width:{100 * (x1 - x0) / page.width:.3f}%;height:{100 * (bottom - top) / page.height:.3f}%")
    return (f'<a class="box" id="{escape(anchor)}" href="#{escape(href)}" style="{style}" '
            f'title="{escape(title)}"></a>')


def _page_figures(data: ReportData) -> str:
    rid = data.report_id
    if not data.pages:
        return f"<p class='note'>{escape(data.pages_note)}</p>"
    obs = data.observations.dropna(subset=["source_page", "x0", "top", "x1", "bottom"])
    by_page = {int(p): g for p, g in obs.groupby("source_page")}
    fragments = data.quarantine.reset_index(drop=True)
    figures = []
    for page in data.pages:
        boxes = []
        for o in by_page.get(page.page_no, obs.iloc[0:0]).itertuples():
            year = "" if pd.isna(o.year) else f" {int(o.year)}"
            title = f"{o.activity_code} #{o.indicator_seq} {o.measure}{year}: '{o.raw}' ({o.status})"
            boxes.append(_overlay(page, o, _cell_id(rid, o.activity_code, o.indicator_seq, o.measure, o.year),
                                  _row_id(rid, o.activity_code, o.indicator_seq), title))
        for n, f in enumerate(fragments.itertuples()):
            if f.source_page == page.page_no and not pd.isna(f.x0):
                boxes.append(_overlay(page, f, _fragment_id(rid, n), f"{_fragment_id(rid, n)}-row",
                                      f"quarantined: '{f.text}' ({f.reason})"))
        figures.append(f'<figure class="page" id="{rid}-page-{page.page_no}"><figcaption>Page {page.page_no}'
                       f"</figcaption><div class='sheet'><img src='{page.data_uri}' alt='page {page.page_no} of "
                       f"{escape(rid)} with the cells read on it' width='{round(page.width * 4 / 3)}'>"
                       f"{''.join(boxes)}</div></figure>")
    legend = ("<p class='note'>Boxes: <b style='color:#1f77b4'>blue</b> a value read, <b style='color:#969696'>grey"
              "</b> empty, <b style='color:#7850a0'>purple</b> words, <b style='color:#d62728'>red</b> suspect, "
              "<b style='color:#e67800'>orange</b> quarantined. Click a box to jump to its row above.</p>")
    return f"<p class='note'>{escape(data.pages_note)}</p>{legend}{''.join(figures)}"


def _article(data: ReportData) -> str:
    rid, m = data.report_id, data.manifest
    table = achievement(data.indicators, data.observations)
    boxed = {_cell_id(rid, o.activity_code, o.indicator_seq, o.measure, o.year)
             for o in data.observations.dropna(subset=["x0"]).itertuples()} if data.pages else set()
    counts = m.get("counts", {})
    suspects = int((data.observations["status"] == Status.SUSPECT.value).sum())
    status_counts = table["status"].value_counts().to_dict()
    quarantined = len(data.quarantine)
    cards = [("indicators", len(table), False), ("value cells", len(data.observations), False),
             ("suspect values", suspects, suspects > 0), ("quarantined", quarantined, quarantined > 0),
             ("pages drawn", len(data.pages), False)]
    card_html = "".join(f'<div class="card{" warn" if warn else ""}"><b>{n}</b>{escape(label)}</div>'
                        for label, n, warn in cards)
    valid = m.get("validation", {}).get("valid")
    units = table.explode("responsible_units").rename(columns={"responsible_units": "responsible unit"})
    units["responsible unit"] = units["responsible unit"].fillna("(none printed)")
    sections = (table["section_no"].astype(str) + ". " + table["section_title"]).rename("section")
    return f"""<article class="report" id="{rid}">
<h2>{escape(rid)}</h2>
<p class="note">Source {_e(m.get('source', {}).get('file'))} · report year {_e(m.get('report_year'))} ·
{counts.get('rows', len(table))} rows · validation {'passed' if valid else '<span class="flag">FAILED</span>'} ·
yeep-extract {_e(m.get('yeep_extract'))}</p>
<section id="{rid}-summary"><h3>Summary</h3><div class="cards">{card_html}</div>
{_bar(status_counts)}{_legend()}
<p class="note">{escape(RULE_SUMMARY)}</p></section>
<section id="{rid}-sections">{_summary_table(f'{rid}-by-section', 'Achievement by section', sections,
                                              table['status'], largest_first=False)}</section>
<section id="{rid}-units">{_summary_table(f'{rid}-by-unit', 'Achievement by responsible unit',
                                           units['responsible unit'], units['status'], largest_first=True)}</section>
<section id="{rid}-table"><h3>Indicators</h3>{_indicator_table(data, table, boxed)}</section>
<section id="{rid}-suspect"><h3>Suspect values ({suspects})</h3>{_suspect_table(data, boxed)}</section>
<section id="{rid}-quarantined"><h3>Quarantined fragments ({len(data.quarantine)})</h3>
{_quarantine_table(data)}</section>
<section id="{rid}-pages"><h3>Pages ({len(data.pages)})</h3>{_page_figures(data)}</section>
</article>"""


def render_html(reports: list[ReportData]) -> str:
    """The whole HTML document for one or more loaded reports (page images already attached)."""
    nav = "".join(f'<a href="#{r.report_id}-{part}">{escape(label)}</a>' for r in reports for part, label in
                  (("summary", "Summary"), ("sections", "Sections"), ("units", "Units"), ("table", "Indicators"),
                   ("suspect", "Suspect values"), ("quarantined", "Quarantine"), ("pages", "Pages")))
    title = "YEEP report check: " + ", ".join(r.report_id for r in reports)
    return (f'<!DOCTYPE html>\n<html lang="tr"><head><meta charset="utf-8"><meta name="viewport" '
            f'content="width=device-width, initial-scale=1"><title>{escape(title)}</title><style>{CSS}</style></head>'
            f'<body><header class="top"><h1>{escape(title)}</h1><nav>{nav}</nav></header><main>'
            f'{"".join(_article(r) for r in reports)}</main><script>{JS}</script></body></html>\n')


def build_report(outdir: Path, html_path: Path, pdf: Path | None = None,
                 search: list[Path] | None = None) -> list[ReportData]:
    """Read every report under ``outdir``, draw its pages when its source PDF is found, write ``html_path``.

    ``pdf`` names the source PDF (only with a single report); otherwise the manifest's file name is
    looked for in ``search`` (the CLI passes the project's raw/ folder).
    """
    folders = report_folders(outdir)
    if not folders:
        raise FileNotFoundError(f"{outdir}: no report folder (manifest.json) found")
    if pdf is not None and len(folders) > 1:
        raise ValueError(f"--pdf names one source but {outdir} holds {len(folders)} reports")
    reports = [load(f) for f in folders]
    for data in reports:
        source, data.pages_note = find_source_pdf(data.manifest, search or [], pdf)
        if source is not None:
            try:
                data.pages = render_pages(source, data.observations, data.quarantine)
            except Exception as exc:  # a PDF that will not render costs the images, not the report
                data.pages_note = f"{source.name}: pages could not be drawn ({type(exc).__name__}: {exc})"
    html_path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(html_path, render_html(reports))  # an open browser tab never sees half a file
    return reports
