"""Header mapping: printed headers → roles and years by meaning; a header of no role is named, its
column quarantined; the browser-made fixtures (``tests/fixtures/browser/make_browser.py``) read exactly."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from yeep_extract.batch import Options, convert_one
from yeep_extract.evaluate import evaluate
from yeep_extract.extract.table_header import header_columns, header_groups
from yeep_extract.headers import HeaderError, header_role, map_headers, suggested_row
from yeep_extract.pipeline import convert
from yeep_extract.vocab import Role

BROWSER = Path(__file__).resolve().parent / "fixtures" / "browser"


@pytest.mark.parametrize(
    ("text", "role", "year"),
    [
        ("Faaliyet", Role.ACTIVITY, None),
        ("Sorumlu birim", Role.RESPONSIBLE, None),
        ("Destekçi Kurum /Kuruluş", Role.SUPPORTING, None),
        ("Gösterge", Role.INDICATOR, None),
        ("MEVCUT", Role.BASELINE, None),
        ("2025", Role.TARGET, 2025),
        ("Hedef 2026", Role.TARGET, 2026),
        ("Gerçek leşme", Role.ACTUAL, None),
        ("Gerçekle şme", Role.ACTUAL, None),
        ("2025 Gerçekleşme", Role.ACTUAL, 2025),
        ("GERÇEKLEŞME", Role.ACTUAL, None),
        ("2024 Yılı Hedefi", Role.TARGET, 2024),
        ("2024 Hedef Değeri", Role.TARGET, 2024),
        ("2024 Gerçekleşme Değeri", Role.ACTUAL, 2024),
        ("Mevcut Değer", Role.BASELINE, None),
        ("Mevcut Durum (2023)", Role.BASELINE, None),
        # other wordings, upper case, ASCII-typed letters, words wrapped at "/", spanning group cells
        ("SORUMLU MÜDÜRLÜK", Role.RESPONSIBLE, None),
        ("Sorumlu Daire Başkanlığı", Role.RESPONSIBLE, None),
        ("SORUMLU BIRIM", Role.RESPONSIBLE, None),
        ("İŞBİRLİĞİ YAPILACAK KURUM/ KURULUŞ", Role.SUPPORTING, None),
        ("ISBIRLIGI YAPILACAK KURUM/KURULUS", Role.SUPPORTING, None),
        ("Paydaş Kurum ve Kuruluşlar", Role.SUPPORTING, None),
        ("PERFORMANS GÖSTERGESİ", Role.INDICATOR, None),
        ("Göstergeler", Role.INDICATOR, None),
        ("BAŞLANGIÇ DEĞERİ", Role.BASELINE, None),
        ("HEDEFLER 2025", Role.TARGET, 2025),
        ("Hedef Yılları 2026", Role.TARGET, 2026),
        ("2024 GERÇEKLEŞEN", Role.ACTUAL, 2024),
        ("GERCEKLESME 2025", Role.ACTUAL, 2025),
        ("Açıklama", Role.REMARK, None),
        # the activity codes in a column of their own
        ("No", Role.CODE, None),
        ("SIRA NO", Role.CODE, None),
        ("Faaliyet Kodu", Role.CODE, None),
    ],
)
def test_known_headers(text: str, role: Role, year: int | None) -> None:
    spec = header_role(text)
    assert spec is not None and spec.role == role and spec.year == year


@pytest.mark.parametrize("text", ["Gerçekleşme Oranı", "Sorumlu Kurum ve Kuruluşlar", "KURULUŞ", "Kurum ve Kuruluşlar",
                                  "Destekçi Kurum /Kuruluş Paydaşlar", "Kurum", "desteği", "Bütçe"])
def test_headers_of_no_role_or_of_two_roles_match_nothing(text: str) -> None:
    # a rate beside the realization, words of two roles, a qualifier cut from its header's first words
    assert header_role(text) is None


def test_unknown_header_is_named_with_the_row_to_add() -> None:
    with pytest.raises(HeaderError, match=r"Oranı.*schemas/headers\.csv: actual,Gerçekleşme Oranı"):
        map_headers(["Faaliyet", "Gösterge", "Gerçekleşme Oranı"])
    specs = map_headers(["Faaliyet", "Gösterge", "Gerçekleşme Oranı"], unknown_ok=True)
    assert specs[2].role is None and specs[2].header == "Gerçekleşme Oranı"
    assert suggested_row("Hedef, Oran").startswith('target,"Hedef, Oran",')


def test_table_needs_activity_and_indicator() -> None:
    with pytest.raises(HeaderError, match="indicator"):
        map_headers(["Faaliyet", "Mevcut", "2024"])


#: browser-made fixture → (rows, value cells, quarantined, exact responsible lists, exact supporting lists).
#: Unit lists are read from the geometry alone: one unit per line ("<br>") and a wrapped name look
#: the same when the next unit would not have fitted on the line above (see README), so some come
#: out joined; pinned so that a change either way is seen.
BROWSER_EXPECTED = {
    "chromium-two-row-header": (53, 265, 0, 52, 50),
    "chromium-one-row-header": (26, 130, 0, 26, 22),
    "chromium-ascii-groups": (95, 570, 0, 94, 89),
    # the unknown column's 52 cells and its header printed on 6 pages
    "chromium-unknown-column": (52, 260, 58, 52, 47),
    "libreoffice-one-row-header": (24, 120, 0, 24, 20),
    # the activity codes in a first column ("Sıra No"), the titles printed without them
    "chromium-code-column": (80, 400, 0, 79, 73),
}


@pytest.mark.parametrize("name", list(BROWSER_EXPECTED))
def test_browser_made_pdf_reads_exactly(name: str, tmp_path: Path) -> None:
    """Shaded header bands, two header rows with a spanning group cell, goal rows inside the table,
    rules only between rows (drawn per cell), other wordings and numbers: every row and cell right."""
    rows, cells, quarantined, responsible, supporting = BROWSER_EXPECTED[name]
    result = convert(BROWSER / f"{name}.pdf", tmp_path)
    res = evaluate(tmp_path, BROWSER / f"{name}.jsonl")
    assert res.rows_found == res.rows_expected == rows and res.rows_extra == 0
    assert res.cells_right == res.cells == cells and res.silent_errors == 0, res.wrong
    assert res.text_exact["indicator_name"] == res.text_exact["activity_title"] == rows
    assert (res.text_exact["responsible_units"], res.text_exact["supporting_units"]) == (responsible, supporting)
    assert result.quarantined == quarantined and result.suspects == 0


def test_unknown_column_is_quarantined_and_named(tmp_path: Path) -> None:
    result = convert(BROWSER / "chromium-unknown-column.pdf", tmp_path)
    out = tmp_path / result.report_id
    quarantine = pd.read_parquet(out / "quarantine.parquet")
    assert set(quarantine["reason"]) == {"column header 'Gerçekleşme Oranı (%)' fits no role (schemas/headers.csv)"}
    assert quarantine["source_page"].notna().all() and quarantine["x0"].notna().all()
    assert quarantine["text"].str.fullmatch(r"%\d+|Gerçekleşme|Oranı \(%\)|Gerçekleşme Oranı \(%\)").all()
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["unmatched_headers"] == result.unmatched_headers
    assert [h["header"] for h in manifest["unmatched_headers"]] == ["Gerçekleşme Oranı (%)"]
    assert manifest["unmatched_headers"][0]["suggested_row"].startswith("actual,Gerçekleşme Oranı (%),")


def test_unknown_column_fails_under_strict_and_offers_the_row(tmp_path: Path) -> None:
    pdf = BROWSER / "chromium-unknown-column.pdf"
    relaxed = convert_one(pdf, Options(out=tmp_path / "relaxed"))
    assert relaxed.status == "ok" and relaxed.rows == 52
    assert relaxed.unmatched_headers == [
        f"{pdf}: column header 'Gerçekleşme Oranı (%)' (page 1) fits no role, its column is quarantined; "
        f"if it names one, add to schemas/headers.csv: {suggested_row('Gerçekleşme Oranı (%)')}"]
    strict = convert_one(pdf, Options(out=tmp_path / "strict", strict=True))
    assert strict.status == "strict" and not strict.ok


def _words(*cells: tuple[str, float, float, float]) -> list[dict[str, object]]:
    return [{"text": t, "x0": x0, "x1": x1, "top": top, "bottom": top + 8, "size": 8.0} for t, x0, x1, top in cells]


def test_group_cells_of_a_rule_less_two_row_header() -> None:
    """"HEDEFLER" centred over three year cells spans them although it overlaps only the middle
    one; "Mevcut" over "Durum" is one column's label wrapped, no group."""
    upper = _words(("Mevcut", 100, 130, 90), ("HEDEFLER", 211, 255, 90))
    lower = _words(("Durum", 102, 128, 100), ("2024", 187, 204, 100), ("2025", 224, 242, 100),
                   ("2026", 262, 279, 100))
    groups = header_groups([upper, lower])
    assert [([w["text"] for w in g], [[w["text"] for w in c] for c in cells]) for g, cells in groups] == \
        [(["HEDEFLER"], [["2024"], ["2025"], ["2026"]])]
    assert [" ".join(w["text"] for w in c) for c in header_columns([upper, lower])] == \
        ["Mevcut Durum", "2024", "2025", "2026"]


def _is_header_word_by_definition(text: str) -> bool:
    """``is_header_word`` as its docstring defines it, one wording at a time (the loop it replaced)."""
    from rapidfuzz import fuzz

    from yeep_extract import headers

    if headers.YEAR.fullmatch(text.strip()):
        return True
    key = headers.header_key(text).replace(" ", "")
    if not key or key in headers.filler_words():
        return False
    return any((len(key) >= 4 and k.startswith(key))
               or (len(key) >= headers.FUZZY_MIN_WORD and fuzz.ratio(key, k) >= headers.HEADER_MIN_SCORE)
               for k in headers.known_headers()) \
        or any(headers._word_matches(key, k) for k in headers.one_word_headers())


def test_header_words_are_found_as_the_definition_finds_them() -> None:
    """Every word of the shipped report's text, and each known wording cut, misspelled, broken and
    suffixed, is a header word exactly when some wording begins with it or is spelled close to it."""
    from yeep_extract.headers import is_header_word, known_headers

    text = (Path(__file__).resolve().parents[1] / "raw" / "mersin-yeep-2024.txt").read_text(encoding="utf-8")
    words = set(text.split())
    for key in known_headers():
        for n in range(1, len(key) + 1):
            words.add(key[:n])  # cut ("Gerçekle")
            words.add(key[:n - 1] + key[n:])  # a letter lost
            words.add(key[:n - 1] + "x" + key[n:])  # a letter misread
            words.add(key[:n] + "ler")  # a suffix
            words.add(key[:n] + "ları")  # the longest suffix taken
            words.add(key[:n] + "ların")  # one letter longer
            words.add(key[n:])  # the rest of a broken word
        words.add(key.upper())
    checked = sorted(words)
    assert sum(map(is_header_word, checked)) > 100  # both answers are well represented
    assert [w for w in checked if is_header_word(w) != _is_header_word_by_definition(w)] == []
