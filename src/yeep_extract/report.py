"""The HTML report: an output folder → one self-contained HTML file for the people who read the plan's results.

For each report: a headline figure, achievement per section and per responsible unit, the indicator
table (sortable, filterable, each row with its activity) with the status of ``achievement``, every
suspect value and every quarantined fragment, and each source PDF page drawn with the cells read on
it (``report_pages``). Values link to their box on the page and boxes back to their indicator row, so
a reviewer checks a number against the printed page in one click. CSS, script and images are inline:
no network. Turkish by default (``lang="tr"``: words, and numbers written 56.114 and %7,88), English
with ``lang="en"``; the words are in ``report_assets.LABELS`` and ``achievement.STATUS_LABELS``.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .achievement import ORDER, RULE, Achievement, achievement, status_label
from .datapackage import write_atomic
from .fields import LANGS
from .report_assets import BOX_COLOURS, CSS, JS, LABELS, STATUS_COLOURS, text_colour
from .report_pages import PageImage, SourceNote, find_source_pdf, padded, render_pages, scan_skews
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
    blank_pages: list[int] = field(default_factory=list)
    source_note: SourceNote | None = None

    @property
    def report_id(self) -> str:
        return str(self.manifest["report_id"])

    @property
    def drawn(self) -> set[int]:
        """Numbers of the pages drawn (links go to these only)."""
        return {p.page_no for p in self.pages}

    @property
    def pages_note(self) -> str:
        """How the page images came about, in English, as a clause (for the command line's summary line)."""
        return self.source_note.text("en").rstrip(".") if self.source_note else ""


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


def _missing(value: Any) -> bool:
    return value is None or pd.isna(value)


def format_number(value: Any, lang: str = "tr", percent: bool = False) -> str:
    """A number as its readers write it, up to two decimals: Turkish 56.114 and %7,88, English 56,114 and 7.88%."""
    if _missing(value):
        return ""
    text = f"{float(value):,.2f}".rstrip("0").rstrip(".")
    if lang == "tr":
        text = text.translate(str.maketrans({",": ".", ".": ","}))
    if not percent:
        return text
    return f"%{text}" if lang == "tr" else f"{text}%"


def format_share(fraction: Any, lang: str = "tr") -> str:
    """A fraction as a percentage with one decimal, rounded down: 0.9999 never reads as 100 %."""
    if _missing(fraction):
        return ""
    return format_number(math.floor(float(fraction) * 1000 + 1e-6) / 10, lang, percent=True)


def _cell_id(rid: str, activity: str, seq: int, measure: str, year: Any) -> str:
    return f"{rid}-cell-{activity}-{seq}-{measure}-{'' if _missing(year) else int(year)}"


def _row_id(rid: str, activity: str, seq: int) -> str:
    return f"{rid}-ind-{activity}-{seq}"


def _pill(status: str, lang: str) -> str:
    colour = STATUS_COLOURS[status]
    return (f'<span class="pill" style="background:{colour};color:{text_colour(colour)}">'
            f"{escape(status_label(status, lang))}</span>")


def _achieved_share(counts: dict[str, int]) -> float | None:
    total = sum(counts.values())
    return counts.get(Achievement.ACHIEVED.value, 0) / total if total else None


def _bar(counts: dict[str, int], lang: str) -> str:
    """A stacked bar of the statuses with the achieved share written beside it."""
    total = sum(counts.values()) or 1
    parts = "".join(f'<span style="width:{100 * counts[s] / total:.2f}%;background:{STATUS_COLOURS[s]}" '
                    f'title="{escape(status_label(s, lang))}: {counts[s]}"></span>' for s in ORDER if counts.get(s))
    return (f'<div class="barline"><div class="bar">{parts}</div>'
            f'<span class="share">{format_share(_achieved_share(counts), lang)}</span></div>')


def _legend(lang: str) -> str:
    return '<p class="legend">' + "".join(f'<span><i style="background:{STATUS_COLOURS[s]}"></i>'
                                          f"{escape(status_label(s, lang))}</span>" for s in ORDER) + "</p>"


def _summary_table(table_id: str, label: str, groups: pd.Series, statuses: pd.Series, lang: str,
                   filter_table: str | None = None, note: str = "") -> str:
    """Achievement counts per group with a stacked bar and the achieved share; sortable.

    Groups come largest first with a "filter to this unit" link when ``filter_table`` is given (units:
    where most of the plan sits), else in printed order (sections).
    """
    words = LABELS[lang]
    counts = pd.crosstab(groups, statuses).reindex(columns=ORDER, fill_value=0)
    if filter_table:
        counts = counts.assign(_n=counts.sum(axis=1), _k=[turkish_fold(str(g)) for g in counts.index])
        counts = counts.sort_values(["_n", "_k"], ascending=[False, True]).drop(columns=["_n", "_k"])
    else:
        counts = counts.reindex(pd.unique(groups))
    head = (f'<th>{escape(str(groups.name))}</th><th class="num">{escape(words["n_indicators"])}</th>'
            f'<th>{escape(words["achieved_share"])}</th>')
    head += "".join(f'<th class="num">{escape(status_label(s, lang))}</th>' for s in ORDER)
    rows = []
    for key, row in counts.iterrows():
        cells = f"<td>{_e(key)}"
        if filter_table and key != words["none_printed"]:
            cells += (f' <a href="#{escape(filter_table)}-filters" data-filter-table="{escape(filter_table)}" '
                      f'data-filter-unit="{_e(key)}"><small>{escape(words["filter_unit"])}</small></a>')
        total = int(row.sum())
        share = _achieved_share(row.to_dict())
        cells += (f'</td><td class="num">{total}</td><td data-sort="{share or 0:.4f}">'
                  f"{_bar(row.to_dict(), lang)}</td>")
        cells += "".join(f'<td class="num">{int(row[s])}</td>' for s in ORDER)
        rows.append(f"<tr>{cells}</tr>")
    note_html = f'<p class="note">{escape(note)}</p>' if note else ""
    return (f'<h3>{escape(label)}</h3>{note_html}<div class="wrap"><table class="sortable" id="{table_id}"><thead>'
            f'<tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>')


def _value_cell(rid: str, row: Any, measure: str, year: Any, boxed: set[str], lang: str) -> str:
    """One value of the indicator table: the number written for readers (linked to its box on the page),
    or, when the cell holds no number, its text as printed."""
    value, raw = getattr(row, measure), getattr(row, f"{measure}_raw")
    target = _cell_id(rid, row.activity_code, row.indicator_seq, measure, year)
    if _missing(value):
        text = "" if _missing(raw) else escape(str(raw))
        text = f'<span class="words">{text}</span>' if text and text.strip() != "-" else text
        sort = ""
    else:
        text = format_number(value, lang, percent=row.unit == "percent")
        sort = f"{float(value)}"
    if target in boxed and text:
        text = f'<a href="#{escape(target)}">{text}</a>'
    return f'<td class="num" data-sort="{sort}">{text}</td>'


def _indicator_table(data: ReportData, table: pd.DataFrame, boxed: set[str], lang: str) -> str:
    words = LABELS[lang]
    rid = data.report_id
    year = int(data.manifest.get("report_year") or 0)
    table_id = f"{rid}-indicators"
    sections = list(dict.fromkeys(table.sort_values("section_no")["section_title"].dropna()))
    units = sorted({u for us in table["responsible_units"] for u in _units(us)}, key=turkish_fold)
    count = words["count"]
    search = escape(words["search"])
    filters = (f'<div class="filters" id="{table_id}-filters"><input type="search" placeholder="{search}" '
               f'aria-label="{search}" data-table="{table_id}">'
               f'<select data-table="{table_id}" data-field="status" aria-label="{escape(words["status"])}">'
               f'<option value="">{escape(words["every_status"])}</option>'
               + "".join(f'<option value="{escape(s)}">{escape(status_label(s, lang))}</option>' for s in ORDER)
               + f'</select><select data-table="{table_id}" data-field="section" '
               f'aria-label="{escape(words["section"])}">'
               f'<option value="">{escape(words["every_section"])}</option>'
               + "".join(f'<option value="{_e(s)}">{_e(s)}</option>' for s in sections)
               + f'</select><select id="{table_id}-unit" data-table="{table_id}" data-field="units" data-match="list" '
               f'aria-label="{escape(words["unit_col"])}"><option value="">{escape(words["every_unit"])}</option>'
               + "".join(f'<option value="{_e(u)}">{_e(u)}</option>' for u in units)
               + f'</select><span id="{table_id}-count" data-template="{escape(count)}">'
               f"{escape(count.format(shown=len(table), total=len(table)))}</span></div>")
    head = (f"<th>{words['code']}</th><th>{words['activity_indicator']}</th><th>{words['section']}</th>"
            f"<th>{words['responsible']}</th><th>{words['measure_unit']}</th>"
            f"<th class='num'>{words['baseline']}</th><th class='num'>{words['target_year'].format(year=year)}</th>"
            f"<th class='num'>{words['actual_year'].format(year=year)}</th>"
            f"<th class='num' title='{escape(words['of_target_hint'])}'>{escape(words['of_target'])}</th>"
            f"<th class='num' title='{escape(words['progress_hint'])}'>{words['progress']}</th>"
            f"<th>{words['status']}</th><th class='num'>{words['page']}</th>")
    rows = []
    for r in table.itertuples():
        page = "" if _missing(r.source_page) else int(r.source_page)
        page_cell = f'<a href="#{rid}-page-{page}">{page}</a>' if page in data.drawn else str(page)
        notes = f" <small>({escape(words['decrease'])})</small>" if r.direction == "decrease" else ""
        if r.suspect:
            notes += f' <span class="flag" title="{escape(words["suspect_flag"])}">!</span>'
        unit_word = words["percent_unit"] if r.unit == "percent" else words["count_unit"]
        remark = getattr(r, "remark", None)
        remark_note = "" if _missing(remark) else \
            f'<small class="remark">{escape(words["remark"])}: {_e(remark)}</small>'
        rows.append(
            f'<tr id="{escape(_row_id(rid, r.activity_code, r.indicator_seq))}" data-status="{escape(str(r.status))}"'
            f' data-section="{_e(r.section_title)}" data-units="{escape("|".join(_units(r.responsible_units)))}">'
            f'<td data-sort="{_sort_code(r.activity_code)}.{r.indicator_seq:03d}">{_e(r.activity_code)}'
            f"<small> #{r.indicator_seq}</small></td>"
            f'<td><span class="activity">{_e(r.activity_code)} {_e(r.activity_title)}</span>{_e(r.indicator_name)}'
            f"{remark_note}</td>"
            f"<td>{r.section_no}. {_e(r.section_title)}</td><td>{_e(r.responsible_units)}</td>"
            f"<td>{escape(unit_word)}</td>"
            f"{_value_cell(rid, r, 'baseline', None, boxed, lang)}"
            f"{_value_cell(rid, r, 'target', year, boxed, lang)}"
            f"{_value_cell(rid, r, 'actual', year, boxed, lang)}"
            f"<td class='num' data-sort='{'' if _missing(r.of_target) else r.of_target}'>"
            f"{format_share(r.of_target, lang)}</td>"
            f"<td class='num' data-sort='{'' if _missing(r.progress) else r.progress}'>"
            f"{format_share(r.progress, lang)}</td>"
            f"<td data-sort='{ORDER.index(str(r.status))}'>{_pill(str(r.status), lang)}{notes}</td>"
            f"<td class='num'>{page_cell}</td></tr>")
    return (f"{filters}<div class='wrap'><table class='sortable' id='{table_id}'><thead><tr>"
            f"{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>")


def _units(value: Any) -> list[str]:
    """The unit names of a ``responsible_units`` cell (Parquet gives arrays; missing: none)."""
    return [str(u) for u in value] if isinstance(value, list | tuple | np.ndarray) else []


def _sort_code(code: str) -> str:
    """A sort key that orders 1.1.10 after 1.1.9."""
    return ".".join(f"{int(p):03d}" for p in str(code).split("."))


def _suspect_table(data: ReportData, boxed: set[str], lang: str) -> str:
    words = LABELS[lang]
    rid = data.report_id
    obs = data.observations[data.observations["status"] == Status.SUSPECT.value]
    if obs.empty:
        return f"<p>{escape(words['no_suspects'])}</p>"
    names = data.indicators.set_index(["activity_code", "indicator_seq"])["indicator_name"]
    rows = []
    for o in obs.itertuples():
        cell = _cell_id(rid, o.activity_code, o.indicator_seq, o.measure, o.year)
        if cell in boxed:
            where = f'<a href="#{escape(cell)}">{escape(words["page_n"].format(page=int(o.source_page)))}</a>'
        else:
            where = escape(words["text_input"] if _missing(o.source_page)
                           else words["page_n"].format(page=int(o.source_page)))
        rows.append(f'<tr><td><a href="#{escape(_row_id(rid, o.activity_code, o.indicator_seq))}">'
                    f"{_e(o.activity_code)} #{o.indicator_seq}</a></td>"
                    f"<td>{_e(names.get((o.activity_code, o.indicator_seq)))}</td>"
                    f"<td>{escape(words.get(f'm_{o.measure}', str(o.measure)))}</td>"
                    f"<td>{'' if _missing(o.year) else int(o.year)}</td><td><code>{_e(o.raw)}</code></td>"
                    f"<td class='num'>{format_number(o.value, lang)}</td>"
                    f"<td>{_e(o.note)}</td><td>{where}</td></tr>")
    head = "".join(f"<th{' class=num' if k == 's_read' else ''}>{escape(words[k])}</th>" for k in
                   ("s_indicator", "s_name", "s_measure", "s_year", "s_printed", "s_read", "s_why", "s_where"))
    return (f"<div class='wrap'><table class='sortable' id='{rid}-suspects'><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></div>")


def _quarantine_table(data: ReportData, lang: str) -> str:
    words = LABELS[lang]
    q = data.quarantine
    if q.empty:
        return f"<p>{escape(words['no_quarantine'])}</p>"
    rows = []
    for n, r in enumerate(q.itertuples()):
        if not _missing(r.source_page):
            page = int(r.source_page)
            target = _fragment_id(data.report_id, n) if not _missing(r.x0) else f"{data.report_id}-page-{page}"
            label = escape(words["page_n"].format(page=page))
            where = f'<a href="#{target}">{label}</a>' if page in data.drawn else label
        else:
            where = escape(words["line_n"].format(line=_e(r.line_no)))
        rows.append(f'<tr id="{_fragment_id(data.report_id, n)}-row"><td>{where}</td><td>{_e(r.text)}</td>'
                    f"<td>{_e(r.reason)}</td></tr>")
    return (f"<div class='wrap'><table class='sortable' id='{data.report_id}-quarantine'><thead><tr>"
            f"<th>{escape(words['s_where'])}</th><th>{escape(words['q_text'])}</th><th>{escape(words['q_reason'])}"
            f"</th></tr></thead><tbody>{''.join(rows)}</tbody></table></div>")


def _fragment_id(rid: str, n: int) -> str:
    return f"{rid}-fragment-{n}"


def _overlay(page: PageImage, row: Any, anchor: str, href: str, title: str) -> str:
    """A link laid over a box of the page image (positions in % of the page, so it scales with the image)."""
    x0, top, x1, bottom = padded(row.x0, row.top, row.x1, row.bottom)
    style = (f"left:{100 * x0 / page.width:.3f}%;top:{100 * top / page.height:.3f}%;"
             f"width:{100 * (x1 - x0) / page.width:.3f}%;height:{100 * (bottom - top) / page.height:.3f}%")
    return (f'<a class="box" id="{escape(anchor)}" href="#{escape(href)}" style="{style}" '
            f'title="{escape(title)}" aria-label="{escape(title)}"></a>')


def _page_figures(data: ReportData, lang: str) -> str:
    words = LABELS[lang]
    rid = data.report_id
    note = f"<p class='note'>{escape(data.source_note.text(lang))}</p>" if data.source_note else ""
    if not data.pages:
        return note
    obs = data.observations.dropna(subset=["source_page", "x0", "top", "x1", "bottom"])
    by_page = {int(p): g for p, g in obs.groupby("source_page")}
    fragments = data.quarantine.reset_index(drop=True)
    figures = []
    for page in data.pages:
        boxes = []
        for o in by_page.get(page.page_no, obs.iloc[0:0]).itertuples():
            year = "" if _missing(o.year) else f" {int(o.year)}"
            kind, measure = words.get(f"box_{o.status}", str(o.status)), words.get(f"m_{o.measure}", o.measure)
            title = f"{o.activity_code} #{o.indicator_seq} {measure}{year}: '{o.raw}' ({kind})"
            boxes.append(_overlay(page, o, _cell_id(rid, o.activity_code, o.indicator_seq, o.measure, o.year),
                                  _row_id(rid, o.activity_code, o.indicator_seq), title))
        for n, f in enumerate(fragments.itertuples()):
            if f.source_page == page.page_no and not _missing(f.x0):
                boxes.append(_overlay(page, f, _fragment_id(rid, n), f"{_fragment_id(rid, n)}-row",
                                      f"{words['quarantined_box']}: '{f.text}' ({f.reason})"))
        alt = words["page_alt"].format(page=page.page_no, rid=rid)
        figures.append(f'<figure class="page" id="{rid}-page-{page.page_no}"><figcaption>'
                       f"{escape(words['page_caption'].format(page=page.page_no))}<button type='button' "
                       f"aria-pressed='false'>{escape(words['full_size'])}</button></figcaption><div class='scroller'>"
                       f"<div class='sheet'><img src='{page.data_uri}' alt='{escape(alt)}' "
                       f"width='{round(page.width * 4 / 3)}'>{''.join(boxes)}</div></div></figure>")
    legend = (f"<p class='legend'>{escape(words['boxes'])} "
              + "".join(f"<span><i style='background:{colour}'></i>{escape(words[f'box_{kind}'])}</span>"
                        for kind, colour in BOX_COLOURS.items()) + "</p>")
    blank = (f"<p class='note'>{escape(words['blank_pages'].format(pages=', '.join(map(str, data.blank_pages))))}"
             f"</p>" if data.blank_pages else "")
    return f"{note}{blank}{legend}{''.join(figures)}"


def _article(data: ReportData, lang: str) -> str:
    words = LABELS[lang]
    rid, m = data.report_id, data.manifest
    table = achievement(data.indicators, data.observations)
    if "remark" in data.indicators:  # shown under the indicator's name (older outputs have no remark column)
        table = table.merge(data.indicators[["activity_code", "indicator_seq", "remark"]],
                            on=["activity_code", "indicator_seq"], how="left", validate="one_to_one")
    boxed = {_cell_id(rid, o.activity_code, o.indicator_seq, o.measure, o.year)
             for o in data.observations.dropna(subset=["x0"]).itertuples()
             if not _missing(o.source_page) and int(o.source_page) in data.drawn}
    counts = m.get("counts", {})
    suspects = int((data.observations["status"] == Status.SUSPECT.value).sum())
    status_counts = {s: int(n) for s, n in table["status"].value_counts().items()}
    quarantined = len(data.quarantine)
    cards = [("card_indicators", len(table), False), ("card_cells", len(data.observations), False),
             ("card_suspects", suspects, suspects > 0), ("card_quarantined", quarantined, quarantined > 0),
             ("card_pages", len(data.pages), False)]
    card_html = "".join(f'<div class="card{" warn" if warn else ""}"><b>{n}</b>{escape(words[key])}</div>'
                        for key, n, warn in cards)
    achieved = status_counts.get(Achievement.ACHIEVED.value, 0)
    headline = (f'<div class="headline"><b>{format_share(_achieved_share(status_counts), lang)}</b><span>'
                f"{escape(words['headline'].format(achieved=achieved, total=len(table), year=m.get('report_year')))}"
                "</span></div>")
    valid = m.get("validation", {}).get("valid")
    units = table.explode("responsible_units").rename(columns={"responsible_units": words["unit_col"]})
    units[words["unit_col"]] = units[words["unit_col"]].fillna(words["none_printed"])
    sections = (table["section_no"].astype(str) + ". " + table["section_title"]).rename(words["section"])
    table_id = f"{rid}-indicators"
    return f"""<article class="report" id="{rid}">
<h2>{escape(rid)}</h2>
<p class="note">{words['source']} {_e(m.get('source', {}).get('file'))} · {words['report_year']}
{_e(m.get('report_year'))} · {counts.get('rows', len(table))} {words['rows']} · {words['validation']}
{words['passed'] if valid else f'<span class="flag">{words["failed"]}</span>'} ·
yeep-extract {_e(m.get('yeep_extract'))}</p>
<section id="{rid}-summary"><h3>{words['summary']}</h3>{headline}{_bar(status_counts, lang)}{_legend(lang)}
<p class="note"><b>{words['rule']}:</b> {escape(RULE[lang])}</p><div class="cards">{card_html}</div></section>
<section id="{rid}-sections">{_summary_table(f'{rid}-by-section', words['by_section'], sections,
                                              table['status'], lang)}</section>
<section id="{rid}-units">{_summary_table(f'{rid}-by-unit', words['by_unit'], units[words['unit_col']],
                                           units['status'], lang, filter_table=table_id,
                                           note=words['unit_note'])}</section>
<section id="{rid}-table"><h3>{words['indicators']}</h3>{_indicator_table(data, table, boxed, lang)}</section>
<section id="{rid}-suspect"><h3>{words['suspects']} ({suspects})</h3>{_suspect_table(data, boxed, lang)}</section>
<section id="{rid}-quarantined"><h3>{words['quarantine']} ({quarantined})</h3>
{_quarantine_table(data, lang)}</section>
<section id="{rid}-pages"><h3>{words['pages']} ({len(data.pages)})</h3>{_page_figures(data, lang)}</section>
</article>"""


def render_html(reports: list[ReportData], lang: str = "tr") -> str:
    """The whole HTML document for one or more loaded reports (page images already attached)."""
    words = LABELS[lang]
    nav = "".join(f'<a href="#{r.report_id}-{part}">{escape(words[f"nav_{part}"])}</a>' for r in reports
                  for part in ("summary", "sections", "units", "table", "suspect", "quarantined", "pages"))
    title = f"{words['title']}: " + ", ".join(r.report_id for r in reports)
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" '
            f'content="width=device-width, initial-scale=1"><title>{escape(title)}</title><style>{CSS}</style></head>'
            f'<body><header class="top"><h1>{escape(title)}</h1><nav>{nav}</nav></header><main>'
            f'{"".join(_article(r, lang) for r in reports)}</main><script>{JS}</script></body></html>\n')


def build_report(outdir: Path, html_path: Path, pdf: Path | None = None,
                 search: list[Path] | None = None, lang: str = "tr") -> list[ReportData]:
    """Read every report under ``outdir``, draw its pages when its source PDF is found, write ``html_path``.

    ``pdf`` names the source PDF (only with a single report); otherwise the manifest's file name is
    looked for in ``search`` (the CLI passes the project's raw/ folder). ``lang``: tr or en.
    """
    if lang not in LABELS:
        raise ValueError(f"language {lang!r}: one of {', '.join(LANGS)}")
    folders = report_folders(outdir)
    if not folders:
        raise FileNotFoundError(f"{outdir}: no report folder (manifest.json) found")
    if pdf is not None and len(folders) > 1:
        raise ValueError(f"--pdf names one source but {outdir} holds {len(folders)} reports")
    reports = [load(f) for f in folders]
    for data in reports:
        source, data.source_note = find_source_pdf(data.manifest, search or [], pdf)
        if source is not None:
            try:
                data.pages, data.blank_pages = render_pages(source, data.observations, data.quarantine,
                                                            skews=scan_skews(data.manifest))
            except Exception as exc:  # a PDF that will not render costs the images, not the report
                data.source_note = SourceNote("pages_failed", {"name": source.name,
                                                               "error": f"{type(exc).__name__}: {exc}"})
    html_path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(html_path, render_html(reports, lang))  # an open browser tab never sees half a file
    return reports
