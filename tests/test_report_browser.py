"""The HTML report in a real browser (Debian's headless Chromium): jumps land clear of the sticky header,
a phone's 390 px holds the page, and the search, unit filter and full-size page images work."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from browser import CHROMIUM, Browser

from yeep_extract.achievement import achievement
from yeep_extract.report import build_report

ROOT = Path(__file__).resolve().parents[1]
RID = "mersin-yeep-2024"
FOLDER = ROOT / "normalized" / RID

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (.ci/run installs it)")

#: Two animation frames: the browser has scrolled and laid out after a click.
SETTLE = "await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));"

#: Where an element sits after a jump: below the header, and the element itself is what one sees in the
#: middle of its visible part (a row wider than its scrolling box is seen through the box).
PROBE = """
(el) => {
  const r = el.getBoundingClientRect();
  const header = document.querySelector('header.top').getBoundingClientRect();
  const box = el.closest('.wrap, .scroller');
  const clip = box ? box.getBoundingClientRect() : {left: 0, right: innerWidth};
  const left = Math.max(r.left, clip.left, 0), right = Math.min(r.right, clip.right, innerWidth);
  const x = (left + right) / 2, y = r.top + Math.min(r.height / 2, 8);
  const hit = document.elementFromPoint(x, y);
  return {top: r.top, headerBottom: header.bottom, bottom: r.bottom, height: innerHeight,
          seen: !!hit && (hit === el || el.contains(hit))};
}
"""


@pytest.fixture(scope="module")
def html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("browser") / "report.html"
    build_report(FOLDER, path, search=[ROOT / "raw"])
    return path


def _jump_and_back(browser: Browser) -> tuple[dict, dict]:
    """Click a value deep in the indicator table (to its box on the page image), then the box (back to the row)."""
    return browser.evaluate(f"""(async () => {{
      const probe = {PROBE};
      const rows = document.querySelectorAll('#{RID}-indicators tbody tr');
      const link = rows[rows.length - 10].querySelector('td.num a[href*="-cell-"]');
      link.click(); {SETTLE}
      const box = document.getElementById(link.getAttribute('href').slice(1));
      const atBox = probe(box);
      box.click(); {SETTLE}
      return [atBox, probe(document.getElementById(box.getAttribute('href').slice(1)))];
    }})()""")


@pytest.mark.parametrize(("width", "height", "mobile"), [(1280, 900, False), (390, 844, True)],
                         ids=["desktop", "phone"])
def test_jumps_land_below_the_sticky_header(html: Path, width: int, height: int, mobile: bool) -> None:
    with Browser(width, height, mobile) as browser:
        browser.open(html.as_uri())
        at_box, at_row = _jump_and_back(browser)
    for where in (at_box, at_row):
        assert where["top"] >= where["headerBottom"] - 0.5, where  # not under the header
        assert where["bottom"] <= where["height"], where  # and on screen
        assert where["seen"], where  # nothing (header, a table's sticky column header) covers it


def test_phone_width_holds_the_page(html: Path) -> None:
    with Browser(390, 844, mobile=True) as browser:
        browser.open(html.as_uri())
        layout = browser.evaluate(f"""(async () => {{
          const nav = Array.from(document.querySelectorAll('header.top nav a')).map(a => a.getBoundingClientRect());
          const table = document.getElementById('{RID}-indicators').parentElement;
          const figure = document.querySelector('figure.page');
          const img = figure.querySelector('img');
          const before = img.getBoundingClientRect().width;
          figure.querySelector('button').click(); {SETTLE}
          const scroller = figure.querySelector('.scroller');
          return {{page: document.documentElement.scrollWidth, navRight: Math.max(...nav.map(r => r.right)),
                  navLines: new Set(nav.map(r => Math.round(r.top))).size,
                  wrapRight: Math.max(...Array.from(document.querySelectorAll('.wrap'))
                                        .map(w => w.getBoundingClientRect().right)),
                  tableScrolls: table.scrollWidth > table.clientWidth,
                  imgBefore: before, imgFull: img.getBoundingClientRect().width,
                  imgNatural: +img.getAttribute('width'), scrollerWidth: scroller.clientWidth,
                  scrollerScrolls: scroller.scrollWidth > scroller.clientWidth}};
        }})()""")
    assert layout["page"] <= 390, layout  # nothing makes the whole page scroll sideways
    assert layout["navRight"] <= 390 and layout["navLines"] >= 2, layout  # the menu wraps
    assert layout["wrapRight"] <= 390 and layout["tableScrolls"], layout  # wide tables scroll in their box
    assert layout["imgBefore"] <= 390 < layout["imgFull"] == layout["imgNatural"], layout  # full size on demand
    assert layout["scrollerWidth"] <= 390 and layout["scrollerScrolls"], layout


def _visible(browser: Browser, query: str) -> list[str]:
    return browser.evaluate(f"""(async () => {{
      const box = document.querySelector('input[data-table="{RID}-indicators"]');
      box.value = {query!r}; box.dispatchEvent(new Event('input')); {SETTLE}
      return Array.from(document.querySelectorAll('#{RID}-indicators tbody tr'))
        .filter(r => !r.hidden).map(r => r.textContent);
    }})()""")


def test_search_forgives_missing_turkish_letters_and_case(html: Path) -> None:
    table = achievement(pd.read_parquet(FOLDER / "indicators.parquet"),
                        pd.read_parquet(FOLDER / "observations.parquet"))
    with Browser(1280, 900) as browser:
        browser.open(html.as_uri())
        for query, word in (("egitim", "eğitim"), ("ISTIHDAM", "istihdam"), ("kadin", "kadın")):
            rows = _visible(browser, query)
            # every row whose own text holds the word (Turkish lower case) is found, and only those
            expected = sum(word in " ".join(str(v) for v in r).replace("İ", "i").replace("I", "ı").lower()
                           for r in table[["activity_code", "activity_title", "indicator_name", "section_title",
                                           "responsible_units"]].itertuples(index=False))
            assert rows and len(rows) >= expected, (query, len(rows), expected)
            assert all(word in r.replace("İ", "i").replace("I", "ı").lower() for r in rows), query
        counter = browser.evaluate(f"document.getElementById('{RID}-indicators-count').textContent")
        assert counter.endswith(f"/ {len(table)} satır")


def test_filter_to_this_unit(html: Path) -> None:
    table = achievement(pd.read_parquet(FOLDER / "indicators.parquet"),
                        pd.read_parquet(FOLDER / "observations.parquet"))
    with Browser(1280, 900) as browser:
        browser.open(html.as_uri())
        unit, shown = browser.evaluate(f"""(async () => {{
          const link = document.querySelector('#{RID}-by-unit a[data-filter-unit]');
          link.click(); {SETTLE}
          return [link.dataset.filterUnit, Array.from(document.querySelectorAll('#{RID}-indicators tbody tr'))
                    .filter(r => !r.hidden).map(r => r.dataset.units.split('|'))];
        }})()""")
    expected = sum(unit in list(units) for units in table["responsible_units"])
    assert len(shown) == expected > 0 and all(unit in units for units in shown)
