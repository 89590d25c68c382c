"""The inline CSS and JavaScript of the HTML report, its colours and its words (Turkish and English).

Everything is inline so the file opens offline, from an e-mail attachment or a USB stick: no fonts,
scripts or styles are fetched. The script sorts and filters tables, keeps jump targets clear of the
sticky header and opens page images full size; the report is complete and readable without it.

Colours are the Okabe-Ito set (chosen to stay apart under red-green and blue-yellow colour blindness;
``tests/test_report.py`` checks every pair under simulated deuteranopia, protanopia and tritanopia),
and the text on a coloured pill is black or white, whichever contrasts more (WCAG 4.5:1 at least).
Words live in ``LABELS`` (the report's) and ``achievement.STATUS_LABELS`` (the statuses'), one table
per language, so a translation is an edit in one place.
"""

from __future__ import annotations

from .fields import LANGS  # the languages of every label: columns (fields.py) and report words

# One colour per achievement status (same keys and order as achievement.ORDER): blues for the target
# reached or approached, yellow and oranges for standing still, falling back or falling short, greys
# for rows the rule cannot judge.
STATUS_COLOURS = {
    "achieved": "#0072B2",
    "partly": "#56B4E9",
    "no progress": "#F0E442",
    "declined": "#D55E00",
    "not achieved": "#E69F00",
    "no target": "#DDDDDD",
    "not measurable": "#999999",
}

# Boxes drawn on the page images, by what the cell holds (cell statuses of vocab.Status, and quarantine).
BOX_COLOURS = {
    "ok": "#0072B2",
    "empty": "#C8C8C8",
    "text": "#CC79A7",
    "suspect": "#D55E00",
    "quarantine": "#E69F00",
}


def _luminance(colour: str) -> float:
    """WCAG relative luminance of a #rrggbb colour."""
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(int(colour[i:i + 2], 16)) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(foreground: str, background: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours (1 to 21)."""
    high, low = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_colour(background: str) -> str:
    """Black or white, whichever reads better on ``background``."""
    return max(("#000000", "#ffffff"), key=lambda fg: contrast(fg, background))


#: Every word the report (and the notebook's plots) show, Turkish and English side by side so that a
#: word cannot be missing in one language (statuses: ``achievement.STATUS_LABELS``).
_WORDS: dict[str, tuple[str, str]] = {
    "title": ("YEEP rapor kontrolü", "YEEP report check"),
    "nav_summary": ("Özet", "Summary"),
    "nav_sections": ("Bölümler", "Sections"),
    "nav_units": ("Birimler", "Units"),
    "nav_table": ("Göstergeler", "Indicators"),
    "nav_suspect": ("Şüpheli değerler", "Suspect values"),
    "nav_quarantined": ("Karantina", "Quarantine"),
    "nav_pages": ("Sayfalar", "Pages"),
    "source": ("Kaynak", "Source"),
    "report_year": ("rapor yılı", "report year"),
    "rows": ("satır", "rows"),
    "validation": ("doğrulama", "validation"),
    "passed": ("geçti", "passed"),
    "failed": ("BAŞARISIZ", "FAILED"),
    "card_indicators": ("gösterge", "indicators"),
    "card_cells": ("değer hücresi", "value cells"),
    "card_suspects": ("şüpheli değer", "suspect values"),
    "card_quarantined": ("karantinada", "quarantined"),
    "card_pages": ("çizilen sayfa", "pages drawn"),
    "headline": (
        "{achieved} / {total} gösterge {year} hedefine ulaştı",
        "{achieved} of {total} indicators reached their {year} target"),
    "summary": ("Özet", "Summary"),
    "by_section": ("Bölümlere göre hedefe ulaşma", "Achievement by section"),
    "by_unit": ("Sorumlu birime göre hedefe ulaşma", "Achievement by responsible unit"),
    "section": ("Bölüm", "Section"),
    "unit_col": ("Sorumlu birim", "Responsible unit"),
    "n_indicators": ("gösterge", "indicators"),
    "achieved_share": ("hedefe ulaşan pay", "achieved share"),
    "unit_note": (
        "Birden çok birimin sorumlu olduğu bir gösterge her birim için ayrı sayılır; bu yüzden birimlerin toplamı "
        "gösterge sayısını aşar.",
        "An indicator shared by several units counts once for each of them, so the units add up to more than the "
        "indicators."),
    "filter_unit": ("göstergelerini göster", "filter to this unit"),
    "none_printed": ("(basılmamış)", "(none printed)"),
    "indicators": ("Göstergeler", "Indicators"),
    "search": ("Ara: gösterge, faaliyet, birim, kod…", "Filter: indicator, activity, unit, code…"),
    "every_status": ("her durum", "every status"),
    "every_section": ("her bölüm", "every section"),
    "every_unit": ("her birim", "every unit"),
    "count": ("{shown} / {total} satır", "{shown} of {total} rows"),
    "code": ("Kod", "Code"),
    "activity_indicator": ("Faaliyet ve gösterge", "Activity and indicator"),
    "remark": ("Açıklama", "Remark"),
    "responsible": ("Sorumlu birimler", "Responsible units"),
    "measure_unit": ("Ölçü", "Unit"),
    "count_unit": ("sayı", "count"),
    "percent_unit": ("yüzde", "percent"),
    "baseline": ("Mevcut", "Baseline"),
    "target_year": ("{year} Hedef", "Target {year}"),
    "actual_year": ("{year} Gerçekleşme", "Actual {year}"),
    "of_target": ("Hedefin %'si", "% of target"),
    "of_target_hint": ("gerçekleşme / hedef", "actual / target"),
    "progress": ("İlerleme", "Progress"),
    "progress_hint": ("(gerçekleşme − mevcut) / (hedef − mevcut)", "(actual − baseline) / (target − baseline)"),
    "status": ("Durum", "Status"),
    "page": ("Sayfa", "Page"),
    "decrease": ("azalış isteniyor", "decrease wanted"),
    "suspect_flag": ("bu satırda kullanılan bir değer şüpheli", "a value used here is suspect"),
    "words": ("yazıyla", "in words"),
    "rule": ("Kural", "Rule"),
    "suspects": ("Şüpheli değerler", "Suspect values"),
    "no_suspects": ("Şüpheli değer yok.", "No suspect values."),
    "s_indicator": ("gösterge", "indicator"),
    "s_name": ("ad", "name"),
    "s_measure": ("ölçüm", "measure"),
    "s_year": ("yıl", "year"),
    "s_printed": ("basılı", "printed"),
    "s_read": ("okunan", "read as"),
    "s_why": ("neden şüpheli", "why suspect"),
    "s_where": ("nerede", "where"),
    "page_n": ("sayfa {page}", "page {page}"),
    "text_input": ("metin girdisi", "text input"),
    "m_baseline": ("mevcut", "baseline"),
    "m_target": ("hedef", "target"),
    "m_actual": ("gerçekleşme", "actual"),
    "quarantine": ("Karantinadaki parçalar", "Quarantined fragments"),
    "no_quarantine": (
        "Karantinada bir şey yok: her metin parçası yerleştirildi.",
        "Nothing quarantined: every fragment of text was placed."),
    "q_text": ("metin", "text"),
    "q_reason": ("neden", "reason"),
    "line_n": ("satır {line}", "line {line}"),
    "pages": ("Sayfalar", "Pages"),
    "page_caption": ("Sayfa {page}", "Page {page}"),
    "full_size": ("Tam boyut", "Full size"),
    "page_alt": (
        "{rid} raporunun {page}. sayfası, okunan hücrelerle",
        "page {page} of {rid} with the cells read on it"),
    "boxes": (
        "Kutular (bir kutuya tıklayınca göstergesinin satırına gidilir):",
        "Boxes (click one to jump to its indicator's row):"),
    "box_ok": ("okunan değer", "a value read"),
    "box_empty": ("boş", "empty"),
    "box_text": ("yazı", "words"),
    "box_suspect": ("şüpheli", "suspect"),
    "box_quarantine": ("karantina", "quarantined"),
    "blank_pages": ("Boş sayfalar çizilmedi: {pages}.", "Blank pages not drawn: {pages}."),
    "quarantined_box": ("karantinada", "quarantined"),
    "pages_found": (
        "Sayfalar {name} dosyasından çizildi (sha256 manifest ile aynı).",
        "Pages drawn from {name} (sha256 matches the manifest)."),
    "pages_not_pdf": (
        "Kaynak {name} bir PDF değil: sayfa görüntüsü yok.",
        "Source {name} is not a PDF: no page images."),
    "pages_differs": (
        "{name} yok ya da dönüştürülen dosyadan farklı: sayfa görüntüsü yok.",
        "{name} is missing or differs from the converted file: no page images."),
    "pages_not_found": (
        "Kaynak {name} şurada bulunamadı: {where}. Sayfa görüntüsü yok (--pdf ile verin).",
        "Source {name} not found in {where}: no page images (use --pdf)."),
    "pages_failed": ("{name}: sayfalar çizilemedi ({error}).", "{name}: pages could not be drawn ({error})."),
    "shortfalls": (
        "Hedefin gerisinde kalan göstergeler: mevcut değer, gerçekleşme ve hedef",
        "Indicators short of their target: baseline, actual and target"),
}
LABELS: dict[str, dict[str, str]] = {lang: {key: words[n] for key, words in _WORDS.items()}
                                     for n, lang in enumerate(LANGS)}

# --header-h is the sticky header's height (set by the script on load and resize; the fallback fits a
# wrapped phone menu): every jump target lands below it, and a row inside a scrolling table box lands
# below that box's sticky column header too (--thead-h).
CSS = """
:root { --ink: #1d232a; --muted: #4f5a65; --line: #d9dee3; --bg: #f6f7f9; --accent: #005a8c;
        --header-h: 96px; --thead-h: 34px; }
* { box-sizing: border-box; }
html { scroll-padding-top: var(--header-h); }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
       color: var(--ink); background: var(--bg); overflow-wrap: break-word; }
a { color: var(--accent); }
header.top { position: sticky; top: 0; z-index: 10; background: #fff; border-bottom: 1px solid var(--line);
             padding: 8px 24px; }
header.top h1 { font-size: 18px; margin: 0 0 4px; }
header.top nav { display: flex; flex-wrap: wrap; gap: 2px 14px; }
header.top nav a { text-decoration: none; white-space: nowrap; }
main { padding: 8px 24px 48px; max-width: 1500px; }
article.report > h2 { font-size: 20px; margin: 24px 0 4px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 12px 16px;
          margin: 16px 0; min-width: 0; }
section h3 { margin: 0 0 8px; font-size: 16px; }
p.note { color: var(--muted); margin: 4px 0 10px; }
.headline { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 12px; margin: 4px 0 10px; }
.headline b { font-size: 34px; line-height: 1.1; }
.cards { display: flex; flex-wrap: wrap; gap: 10px; margin: 8px 0; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; min-width: 120px; }
.card b { display: block; font-size: 22px; }
.card.warn b { color: #b34700; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #eef1f4; position: sticky; top: 0; z-index: 1; white-space: nowrap; }
table.sortable th { cursor: pointer; user-select: none; }
table.sortable th::after { content: " \\2195"; color: #6b7680; }
table.sortable th[aria-sort=ascending]::after { content: " \\2191"; color: var(--ink); }
table.sortable th[aria-sort=descending]::after { content: " \\2193"; color: var(--ink); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td .activity { display: block; color: var(--muted); font-size: 12px; }
td .remark { display: block; font-size: 12px; font-style: italic; }
td .words { font-style: italic; white-space: normal; }
td small { color: var(--muted); }
tr:target { background: #fff3c4; }
.wrap { max-height: 70vh; overflow: auto; border: 1px solid var(--line); scroll-padding-top: var(--thead-h);
        -webkit-overflow-scrolling: touch; }
.barline { display: flex; align-items: center; gap: 8px; }
.bar { display: flex; flex: 1; height: 14px; min-width: 120px; border-radius: 3px; overflow: hidden;
       background: #eee; }
.bar span { display: block; height: 100%; }
.barline .share { min-width: 4.5em; text-align: right; font-variant-numeric: tabular-nums; }
.legend span { display: inline-block; margin-right: 12px; }
.legend i { display: inline-block; width: 10px; height: 10px; margin-right: 4px; border-radius: 2px;
            border: 1px solid #0004; }
.pill { display: inline-block; padding: 0 6px; border-radius: 8px; font-size: 12px; white-space: nowrap; }
.filters { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin-bottom: 8px; }
.filters input, .filters select { font: inherit; padding: 3px 6px; max-width: 100%; }
.filters input { min-width: min(260px, 100%); }
.flag { color: #b34700; font-weight: 600; }
figure.page { margin: 16px 0; }
figure.page figcaption { color: var(--muted); margin-bottom: 4px; }
figure.page button { font: inherit; margin-left: 8px; }
.scroller { overflow: auto; max-width: 100%; }
.sheet { position: relative; display: inline-block; max-width: 100%; border: 1px solid var(--line);
         vertical-align: top; }
.sheet img { display: block; max-width: 100%; height: auto; }
figure.page.full .sheet { max-width: none; }
figure.page.full .sheet img { max-width: none; }
.sheet a.box { position: absolute; display: block; border-radius: 2px; }
.sheet a.box:hover { outline: 2px solid var(--accent); }
.sheet a.box:target { outline: 3px solid #ff00aa; background: rgba(255, 0, 170, .18);
                      animation: pulse 1s ease-in-out 3; }
@keyframes pulse { 50% { outline-color: transparent; } }
@media (max-width: 600px) {
  header.top { padding: 6px 12px; }
  header.top h1 { font-size: 15px; }
  header.top nav { font-size: 13px; gap: 2px 10px; }
  main { padding: 4px 8px 32px; }
  section { padding: 10px 10px; }
  .wrap { max-height: 80vh; }
}
@media print { header.top { position: static; } .wrap { max-height: none; overflow: visible; } }
"""

# Sorting: click a header (numbers by value, text in Turkish order). Filtering: every control with
# data-table narrows that table's rows; a row stays when it matches all of them. The search box folds
# case the Turkish way and drops Turkish letters' marks on both sides ("egitim" finds "Eğitim",
# "ISTIHDAM" finds "İstihdam"); selects match exactly (data-match="list": one of a row's "|" list).
JS = """
(function () {
  const collator = new Intl.Collator('tr', {numeric: true, sensitivity: 'base'});
  function fold(text) {
    return text.toLocaleLowerCase('tr').normalize('NFD').replace(/[\\u0300-\\u036f]/g, '').replace(/\\u0131/g, 'i');
  }
  function key(cell) { return cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent.trim(); }
  document.querySelectorAll('table.sortable').forEach(function (table) {
    table.querySelectorAll('th').forEach(function (th, col) {
      th.addEventListener('click', function () {
        const asc = th.getAttribute('aria-sort') !== 'ascending';
        table.querySelectorAll('th').forEach(function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
        const body = table.tBodies[0];
        const rows = Array.from(body.rows);
        const numeric = rows.every(function (r) { const k = key(r.cells[col]); return k === '' || !isNaN(k); });
        rows.sort(function (a, b) {
          const x = key(a.cells[col]), y = key(b.cells[col]);
          let d;
          if (numeric) { d = (x === '' ? -Infinity : +x) - (y === '' ? -Infinity : +y); }
          else { d = collator.compare(x, y); }
          return asc ? d : -d;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
  function matches(control, row) {
    if (control.tagName !== 'SELECT') { return fold(row.textContent).indexOf(fold(control.value.trim())) >= 0; }
    const have = row.dataset[control.dataset.field] || '';
    return control.dataset.match === 'list' ? have.split('|').indexOf(control.value) >= 0 : have === control.value;
  }
  function applyFilters(tableId) {
    const table = document.getElementById(tableId);
    const controls = Array.from(document.querySelectorAll('[data-table="' + tableId + '"]'))
      .filter(function (c) { return c.value.trim() !== ''; });
    let shown = 0;
    Array.from(table.tBodies[0].rows).forEach(function (row) {
      const keep = controls.every(function (c) { return matches(c, row); });
      row.hidden = !keep;
      if (keep) { shown += 1; }
    });
    const counter = document.getElementById(tableId + '-count');
    if (counter) {
      counter.textContent = counter.dataset.template.replace('{shown}', shown)
        .replace('{total}', table.tBodies[0].rows.length);
    }
  }
  document.querySelectorAll('[data-table]').forEach(function (c) {
    c.addEventListener('input', function () { applyFilters(c.dataset.table); });
  });
  document.querySelectorAll('a[data-filter-unit]').forEach(function (a) {
    a.addEventListener('click', function () {
      const select = document.getElementById(a.dataset.filterTable + '-unit');
      select.value = a.dataset.filterUnit;
      applyFilters(a.dataset.filterTable);
    });
  });
  document.querySelectorAll('figure.page button').forEach(function (b) {
    b.addEventListener('click', function () {
      const full = b.closest('figure').classList.toggle('full');
      b.setAttribute('aria-pressed', full ? 'true' : 'false');
    });
  });
  function headerOffset() {
    const header = document.querySelector('header.top');
    document.documentElement.style.setProperty('--header-h', (header.offsetHeight + 8) + 'px');
    const head = document.querySelector('.wrap thead');
    if (head) { document.documentElement.style.setProperty('--thead-h', (head.offsetHeight + 4) + 'px'); }
  }
  headerOffset();
  window.addEventListener('resize', headerOffset);
  if (location.hash) {
    const target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target) { target.scrollIntoView(); }
  }
})();
"""
