"""The inline CSS and JavaScript of the HTML report (kept out of ``report`` so its code reads as data → HTML).

Everything is inline so the file opens offline, from an e-mail attachment or a USB stick: no fonts,
scripts or styles are fetched. The script only sorts and filters tables; the report is complete and
readable without it.
"""

from __future__ import annotations

# One colour per achievement status (same order as achievement.ORDER) and per cell status.
STATUS_COLOURS = {
    "achieved": "#2ca02c",
    "partly": "#f2b701",
    "not achieved": "#d62728",
    "no target": "#9e9e9e",
    "not measurable": "#6a51a3",
}

CSS = """
:root { --ink: #1d232a; --muted: #5f6b76; --line: #d9dee3; --bg: #f6f7f9; --accent: #1f77b4; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
       color: var(--ink); background: var(--bg); }
header.top { position: sticky; top: 0; z-index: 10; background: #fff; border-bottom: 1px solid var(--line);
             padding: 10px 24px; }
header.top h1 { font-size: 18px; margin: 0 0 4px; }
header.top nav a { margin-right: 14px; color: var(--accent); text-decoration: none; white-space: nowrap; }
main { padding: 8px 24px 48px; max-width: 1500px; }
article.report > h2 { font-size: 20px; margin: 24px 0 4px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 12px 16px;
          margin: 16px 0; scroll-margin-top: 90px; }
section h3 { margin: 0 0 8px; font-size: 16px; }
p.note { color: var(--muted); margin: 4px 0 10px; }
.cards { display: flex; flex-wrap: wrap; gap: 10px; margin: 8px 0; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; min-width: 120px; }
.card b { display: block; font-size: 22px; }
.card.warn b { color: #d62728; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #eef1f4; position: sticky; top: 0; white-space: nowrap; }
table.sortable th { cursor: pointer; user-select: none; }
table.sortable th::after { content: " \\2195"; color: #aab3bb; }
table.sortable th[aria-sort=ascending]::after { content: " \\2191"; color: var(--ink); }
table.sortable th[aria-sort=descending]::after { content: " \\2193"; color: var(--ink); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr:target { background: #fff3c4; }
.wrap { max-height: 70vh; overflow: auto; border: 1px solid var(--line); }
.bar { display: flex; height: 14px; min-width: 160px; border-radius: 3px; overflow: hidden; background: #eee; }
.bar span { display: block; height: 100%; }
.legend span { display: inline-block; margin-right: 12px; }
.legend i { display: inline-block; width: 10px; height: 10px; margin-right: 4px; border-radius: 2px; }
.pill { display: inline-block; padding: 0 6px; border-radius: 8px; color: #fff; font-size: 12px;
        white-space: nowrap; }
.filters { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin-bottom: 8px; }
.filters input, .filters select { font: inherit; padding: 3px 6px; }
.filters input { min-width: 260px; }
.flag { color: #d62728; font-weight: 600; }
figure.page { margin: 16px 0; scroll-margin-top: 90px; }
figure.page figcaption { color: var(--muted); margin-bottom: 4px; }
.sheet { position: relative; display: inline-block; max-width: 100%; border: 1px solid var(--line); }
.sheet img { display: block; max-width: 100%; height: auto; }
.sheet a.box { position: absolute; display: block; border-radius: 2px; }
.sheet a.box:hover { outline: 2px solid var(--accent); }
.sheet a.box:target { outline: 3px solid #ff00aa; background: rgba(255, 0, 170, .18);
                      animation: pulse 1s ease-in-out 3; }
@keyframes pulse { 50% { outline-color: transparent; } }
@media print { header.top { position: static; } .wrap { max-height: none; overflow: visible; } }
"""

# Sorting: click a header (numbers by value, text in Turkish order). Filtering: every control with
# data-table narrows that table's rows; a row stays when it matches all of them.
JS = """
(function () {
  const collator = new Intl.Collator('tr', {numeric: true, sensitivity: 'base'});
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
  function applyFilters(tableId) {
    const table = document.getElementById(tableId);
    const controls = document.querySelectorAll('[data-table="' + tableId + '"]');
    let shown = 0;
    Array.from(table.tBodies[0].rows).forEach(function (row) {
      let keep = true;
      controls.forEach(function (c) {
        const want = c.value.toLocaleLowerCase('tr').trim();
        if (!want) { return; }
        const have = c.dataset.field ? (row.dataset[c.dataset.field] || '') : row.textContent;
        const text = have.toLocaleLowerCase('tr');
        if (c.tagName === 'SELECT' ? text !== want : text.indexOf(want) < 0) { keep = false; }
      });
      row.hidden = !keep;
      if (keep) { shown += 1; }
    });
    const counter = document.getElementById(tableId + '-count');
    if (counter) { counter.textContent = shown + ' of ' + table.tBodies[0].rows.length + ' rows'; }
  }
  document.querySelectorAll('[data-table]').forEach(function (c) {
    c.addEventListener('input', function () { applyFilters(c.dataset.table); });
  });
})();
"""
