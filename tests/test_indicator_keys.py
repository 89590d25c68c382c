"""Indicator keys: the same indicator keeps its key in another year's report; a new one gets a new key."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from fixtures.y2025.converted import converted_reports

from yeep_extract.cli import main
from yeep_extract.normalize.indicators import (
    ACTIVITY_MIN,
    INDICATOR_MIN,
    assign_keys,
    load_registry,
    new_key,
)

ROOT = Path(__file__).resolve().parents[1]
Y2025 = ROOT / "tests" / "fixtures" / "y2025"


@pytest.fixture(scope="module")
def outputs() -> Path:
    return converted_reports()


def _indicators(out: Path, year: int) -> pd.DataFrame:
    return pd.read_parquet(out / f"mersin-yeep-{year}" / "indicators.parquet")


def test_2024_rows_carry_the_registry_keys(outputs: Path) -> None:
    keys = _indicators(outputs, 2024)["indicator_key"]
    assert keys.is_unique
    assert set(keys) == set(load_registry()["indicator_key"])  # the registry was seeded from this report


def test_keys_are_stable_into_the_2025_report(outputs: Path) -> None:
    """Reworded names and titles, two indicators swapped, an inserted activity shifting the codes."""
    old = _indicators(outputs, 2024).set_index(["activity_code", "indicator_seq"])["indicator_key"]
    new = _indicators(outputs, 2025).set_index(["activity_code", "indicator_seq"])["indicator_key"]
    assert new.is_unique
    with open(Y2025 / "origins.csv", encoding="utf-8", newline="") as fh:
        origins = list(csv.DictReader(fh))
    both = [o for o in origins if o["activity_code_2024"]]
    same = sum(new[(o["activity_code"], int(o["indicator_seq"]))]
               == old[(o["activity_code_2024"], int(o["indicator_seq_2024"]))] for o in both)
    assert same / len(both) >= 0.98
    inserted = [new[(o["activity_code"], int(o["indicator_seq"]))] for o in origins if not o["activity_code_2024"]]
    assert len(inserted) == 1 and inserted[0] not in set(old)


def _frame(rows: list[tuple[str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["activity_title", "indicator_name"])


REGISTRY = pd.DataFrame({
    "indicator_key": ["ind-000000000a", "ind-000000000b", "ind-000000000c", "ind-000000000d"],
    "activity_title": ["TCE ve şiddet farkındalığı ile ilgili yayın / video vb. çalışmalar yapmak",
                       "TCE ve şiddet farkındalığı ile ilgili yayın / video vb. çalışmalar yapmak",
                       "Kadınlara iş bulma becerisi kazandırmak",
                       "Çocuk Gelişimi konusunda Ebeveynlere yönelik eğitim düzenlemek"],
    "indicator_name": ["Hazırlanan dijital döküman sayısı", "Video sayısı", "Eğitim alan kadın sayısı",
                       "Eğitim sayısı"],
})


def test_reordered_reworded_and_new_indicators() -> None:
    rows = _frame([
        ("TCE ve şiddet farkındalığı ile ilgili yayın / video vb. çalışmalar yapmak", "Video sayısı"),
        ("TCE ve şiddet farkındalığı ile ilgili yayın / video vb. çalışmalar yapmak",
         "Hazırlanan dijital doküman sayısı"),
        ("Kadınların iş bulma becerilerini geliştirmek", "Eğitim alan kadın sayısı"),
        ("Çocuk gelişimi konusunda ebeveynlere yönelik eğitimler düzenlemek", "Düzenlenen eğitim sayısı"),
        ("Kadınlara dijital okuryazarlık kursları düzenlemek", "Eğitim alan kadın sayısı"),
    ])
    keys = assign_keys(rows, REGISTRY)
    assert [k.key for k in keys[:4]] == ["ind-000000000b", "ind-000000000a", "ind-000000000c", "ind-000000000d"]
    assert keys[4].score is None and keys[4].key not in set(REGISTRY["indicator_key"])


def test_two_rows_never_share_a_key() -> None:
    same = ("Kadınlara iş bulma becerisi kazandırmak", "Eğitim alan kadın sayısı")
    keys = [k.key for k in assign_keys(_frame([same, same]), REGISTRY)]
    assert keys[0] == "ind-000000000c" and keys[1] != keys[0]
    fresh = [k.key for k in assign_keys(_frame([same, same]), REGISTRY.iloc[:0])]
    assert fresh[0] != fresh[1] and fresh[1] == f"{fresh[0]}-2"


def test_another_indicator_of_the_activity_is_not_taken_for_a_reworded_one() -> None:
    """With the video indicator gone, a new indicator of the same activity must not take its key."""
    rows = _frame([("TCE ve şiddet farkındalığı ile ilgili yayın / video vb. çalışmalar yapmak",
                    "Hazırlanan afiş sayısı")])
    assert assign_keys(rows, REGISTRY.iloc[[1]])[0].score is None


def test_thresholds_separate_the_cases_they_are_named_for() -> None:
    from rapidfuzz import fuzz

    from yeep_extract.textnorm import match_key

    def sim(a: str, b: str) -> float:
        return fuzz.token_sort_ratio(match_key(a), match_key(b))

    assert sim("Eğitim sayısı", "Düzenlenen eğitim sayısı") >= INDICATOR_MIN
    assert sim("Video sayısı", "Hazırlanan dijital döküman sayısı") < INDICATOR_MIN
    reworded = ("Kadınlara iş bulma becerisi kazandırmak", "Kadınların iş bulma becerilerini geliştirmek")
    assert sim(*reworded) >= ACTIVITY_MIN


def test_new_keys_are_deterministic() -> None:
    assert new_key("Bir faaliyet", "Bir gösterge", set()) == new_key("BİR FAALİYET", "bir gösterge", set())


def test_register_appends_only_new_keys_and_keeps_them(outputs: Path, tmp_path: Path) -> None:
    registry = tmp_path / "indicators.csv"
    registry.write_text((ROOT / "schemas" / "indicators.csv").read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["register", str(outputs / "mersin-yeep-2024"), "--registry", str(registry)]) == 0
    assert len(load_registry(registry)) == 146  # nothing new in the report the registry came from
    assert main(["register", str(outputs / "mersin-yeep-2025"), "--registry", str(registry)]) == 0
    grown = load_registry(registry)
    assert len(grown) == 147 and grown["indicator_key"].is_unique
    rows = _indicators(outputs, 2025)
    assert [k.key for k in assign_keys(rows, grown)] == rows["indicator_key"].tolist()


def test_register_matches_afresh_so_nothing_is_registered_twice(outputs: Path, tmp_path: Path) -> None:
    """The 2025 output carries keys of the seeded registry; registered into an empty one, it and the
    2024 report (matched against it) add each indicator once."""
    registry = tmp_path / "indicators.csv"
    assert main(["register", str(outputs / "mersin-yeep-2025"), "--registry", str(registry)]) == 0
    assert main(["register", str(outputs / "mersin-yeep-2024"), "--registry", str(registry)]) == 0
    assert len(load_registry(registry)) == 147


def test_a_broken_indicator_registry_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "indicators.csv"
    path.write_text("indicator_key,activity_title,indicator_name,first_report_id,first_activity_code\n"
                    "key-1,Bir faaliyet,Bir gösterge,r-2024,1.1\n", encoding="utf-8")
    with pytest.raises(ValueError, match="indicator_key"):
        load_registry(path)
