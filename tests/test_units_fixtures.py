"""Unit names end to end: a report with every unit name respelled, and another municipality's report.

Fixtures by ``tests/fixtures/units/make_units_fixtures.py``: the 2024 gold rows with respelled unit
names (the values unchanged), and a small report of Çankaya Belediyesi whose profile and registry
are data only (``schemas/municipalities.csv``, ``units_cankaya.csv``, ``unit_aliases_cankaya.csv``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from fixtures.y2025.converted import converted_reports

from yeep_extract.cli import main
from yeep_extract.evaluate import evaluate
from yeep_extract.normalize.municipalities import ProfileError, choose, load_profiles, profile
from yeep_extract.normalize.units import load_registry, match_name
from yeep_extract.pipeline import convert

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "units"
RESPELLED = FIXTURES / "mersin-yeep-2024-respelled.pdf"
CANKAYA = FIXTURES / "cankaya-belediyesi-2025.pdf"
#: Canonical units F1 of the respelled report against the un-respelled one (issue 11: ≥ 0.98).
MIN_F1 = 0.98
ROLES = ("responsible_units", "supporting_units")


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("units-fixtures")
    for pdf in (RESPELLED, CANKAYA):
        convert(pdf, out)
    return out


def unit_pairs(indicators: pd.DataFrame) -> set[tuple[str, int, str, str]]:
    """(activity code, indicator seq, role, canonical unit) of every unit an indicator row names."""
    return {(r.activity_code, int(r.indicator_seq), role, unit)
            for r in indicators.itertuples() for role in ROLES for unit in getattr(r, role)}


def f1(found: set, expected: set) -> float:
    right = len(found & expected)
    precision, recall = right / max(1, len(found)), right / max(1, len(expected))
    return 2 * precision * recall / max(1e-9, precision + recall)


@pytest.mark.parametrize("name", [RESPELLED.stem, CANKAYA.stem])
def test_eval_finds_every_row_and_cell(converted: Path, name: str, capsys: pytest.CaptureFixture[str]) -> None:
    gold = FIXTURES / f"{name}.jsonl"
    assert main(["eval", str(converted / name), "--gold", str(gold)]) == 0  # exits 1 on any silent error
    res = evaluate(converted / name, gold)
    assert (res.rows_found, res.rows_extra, res.silent_errors) == (res.rows_expected, 0, 0)
    assert res.cells_right == res.cells
    assert "silent errors (wrong value with status ok): 0" in capsys.readouterr().out


def test_respelled_unit_names_land_on_the_unrespelled_organisations(converted: Path) -> None:
    """F1 over (row, canonical unit) pairs against the shipped 2024 report's canonical units; a name
    that misses is kept as printed (unmatched), never put on another organisation."""
    expected = unit_pairs(pd.read_parquet(converted_reports() / "mersin-yeep-2024" / "indicators.parquet"))
    found = unit_pairs(pd.read_parquet(converted / RESPELLED.stem / "indicators.parquet"))
    assert f1(found, expected) >= MIN_F1
    registry_names = set(load_registry().exact.values())
    assert not {p[3] for p in found - expected} & registry_names  # no wrong organisation, only doubts
    matches = pd.read_parquet(converted / RESPELLED.stem / "unit_matches.parquet")
    assert {"folded", "fuzzy"} <= set(matches["stage"])
    assert matches.loc[matches["stage"] == "unmatched", "note"].notna().all()


def test_another_municipality_is_data_only(converted: Path) -> None:
    manifest = json.loads((converted / CANKAYA.stem / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["municipality"] == {"key": "cankaya", "name": "Çankaya Belediyesi", "chosen_by": "title"}
    matches = pd.read_parquet(converted / CANKAYA.stem / "unit_matches.parquet")
    assert (matches["stage"] != "unmatched").all()
    landed = dict(zip(matches["printed"], matches["canonical"], strict=True))
    assert landed["Tüm Birimler"] == "Çankaya Belediyesi Tüm Birimleri"  # its own units, not Mersin's
    assert landed["Sosyal Yardim Isleri Mudurlugu"] == "Sosyal Yardım İşleri Müdürlüğü"
    assert landed["Ankara Büyükşehir Belediyesi"] == "Ankara Büyükşehir Belediyesi"  # not "its own"


def test_own_words_are_the_profiles_not_the_codes() -> None:
    """"Büyükşehir Belediyesi" before a unit means Mersin's own unit in Mersin's profile only."""
    mersin, cankaya = profile("mersin"), profile("cankaya")
    printed = "Büyükşehir Belediyesi Sağlık İşleri Dairesi Başkanlığı"
    assert match_name(printed, load_registry(municipality=mersin)).canonical == "Sağlık İşleri Dairesi Başkanlığı"
    assert match_name(printed, load_registry(municipality=cankaya)).stage == "unmatched"
    assert match_name("Tüm Birimler", load_registry(municipality=mersin)).canonical == "MBB Tüm Birimleri"


@pytest.mark.parametrize(("option", "front", "file_name", "key", "how"), [
    ("cankaya", "MERSİN BÜYÜKŞEHİR BELEDİYESİ 2024 YILI GERÇEKLEŞME RAPORU", "mersin-yeep-2024.pdf", "cankaya",
     "option"),
    (None, "MERSİN BÜYÜKŞEHİR BELEDİYESİ YEREL EŞİTLİK EYLEM PLANI 2025 YILI GERÇEKLEŞME RAPORU", "x.pdf",
     "mersin", "title"),
    (None, "Cankaya Belediyesi 2025 yili gerceklesme raporu", "mersin.pdf", "cankaya", "title"),
    (None, "2024 YILI GERÇEKLEŞME RAPORU", "mersin-yeep-2024.pdf", "mersin", "file name"),
    (None, "2024 YILI GERÇEKLEŞME RAPORU", "rapor-2024.txt", "mersin", "fallback"),
])
def test_the_municipality_is_chosen_by_option_title_file_name_then_fallback(
        option: str | None, front: str, file_name: str, key: str, how: str) -> None:
    choice = choose(option, front, file_name)
    assert (choice.profile.key, choice.chosen_by) == (key, how)


def test_an_unknown_municipality_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(ProfileError, match="known: mersin, cankaya"):
        profile("izmir")
    assert main(["run", str(CANKAYA), "--out", str(tmp_path), "--municipality", "izmir"]) == 2
    assert "unknown municipality 'izmir'" in capsys.readouterr().err
    assert not any(tmp_path.iterdir())


def test_every_profile_has_a_valid_registry() -> None:
    profiles = load_profiles()
    assert sum(p.fallback for p in profiles) == 1
    for p in profiles:
        assert load_registry(municipality=p).exact  # validated (pandera) and consistent on load
