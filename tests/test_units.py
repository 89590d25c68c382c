"""Unit names: every printed spelling lands on the right organisation, nothing is forced, decisions are data."""

from __future__ import annotations

import csv
import json
import unicodedata
from itertools import combinations
from pathlib import Path

import pandas as pd
import pytest
from fixtures.y2025.converted import converted_reports
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yeep_extract.cli import main
from yeep_extract.normalize.units import (
    FUZZY_MIN_SCORE,
    RegistryError,
    canonical_lists,
    load_registry,
    match_name,
    split_entry,
)
from yeep_extract.textnorm import match_key, turkish_fold

ROOT = Path(__file__).resolve().parents[1]
GOLD_2024 = ROOT / "tests" / "golden" / "mersin-yeep-2024.jsonl"
Y2025 = ROOT / "tests" / "fixtures" / "y2025"

KAHDB = "Kadın ve Aile Hizmetleri Dairesi Başkanlığı"
SHDB = "Sosyal Hizmetler Dairesi Başkanlığı"
SIDB = "Sağlık İşleri Dairesi Başkanlığı"
IKEDB = "İnsan Kaynakları ve Eğitim Dairesi Başkanlığı"
BYHIDB = "Basın Yayın ve Halkla İlişkiler Dairesi Başkanlığı"
ALL_UNITS = "MBB Tüm Birimleri"
STK = "Sivil Toplum Kuruluşları"

#: Printed name → the organisation it names, decided by reading (what Mersin's departments are), not
#: by running the code. The 83 spellings of the 2024 report, then the 2025 fixture's respellings.
EXPECTED: dict[str, str] = {
    "ASHİM": "Aile ve Sosyal Hizmetler İl Müdürlüğü",
    "AÇEV": "Anne Çocuk Eğitim Vakfı",
    "Basın Yayın ve Halkla İlişkiler Dairesi": BYHIDB,
    "Basın Yayın ve Halkla İlişkiler Dairesi Başkanlığı": BYHIDB,
    "Basın ve Halkla İlişkiler Daire Başkanı": BYHIDB,
    "Belediye Şirketleri": "Belediye Şirketleri",
    "Belediyemiz Birimleri": ALL_UNITS,
    "Bilgi İşlem Dairesi Başkanlığı": "Bilgi İşlem Dairesi Başkanlığı",
    "Birimler": ALL_UNITS,
    "Eğitici Havuzu": "MBB Eğitici Havuzu",
    "Fen İşleri Dairesi Başkanlığı": "Fen İşleri Dairesi Başkanlığı",
    "Gençlik ve Spor Hizmetleri Dairesi Başkanlığı": "Gençlik ve Spor Hizmetleri Dairesi Başkanlığı",
    "Halk Eğitim Merkezi": "Halk Eğitim Merkezi",
    "ILO": "Uluslararası Çalışma Örgütü",
    "IOM": "Uluslararası Göç Örgütü",
    "Kadı ve Aile Hizmetleri Dairesi Başkanlığı": KAHDB,
    "Kadın Koordinatörleri": "Kadın Koordinatörleri",
    "Kadın ve Aile Hiz. D.B.": KAHDB,
    "Kadın ve Aile Hizmetleri": KAHDB,
    "Kadın ve Aile Hizmetleri D.B": KAHDB,
    "Kadın ve Aile Hizmetleri D.B.": KAHDB,
    "Kadın ve Aile Hizmetleri Daire Başkanlığı": KAHDB,
    "Kadın ve Aile Hizmetleri Dairesi": KAHDB,
    "Kadın ve Aile Hizmetleri Dairesi B": KAHDB,
    "Kadın ve Aile Hizmetleri Dairesi Başkanlığı": KAHDB,
    "Kamu Kurumlan": "Kamu Kurumları",
    "Kooperatifler": "Kooperatifler",
    "Kültür ve Sanat Hizmetleri Şube Müdürlüğü": "Kültür ve Sanat Hizmetleri Şube Müdürlüğü",
    "Kültür ve Sosyal İşler D.B": "Kültür ve Sosyal İşler Dairesi Başkanlığı",
    "Kültür ve Sosyal İşler Dairesi Başkanlığı": "Kültür ve Sosyal İşler Dairesi Başkanlığı",
    "MBB Eğitici Havuzu": "MBB Eğitici Havuzu",
    "MBB Kariyer Merkezi": "MBB Kariyer Merkezi",
    "MEB": "Milli Eğitim Bakanlığı",
    "MERCEK": "Mercek",
    "MEÜSEM": "Mersin Üniversitesi Sürekli Eğitim Merkezi",
    "Mercek": "Mercek",
    "Mersin Barosu": "Mersin Barosu",
    "Mersin Üniversitesi": "Mersin Üniversitesi",
    "Muhtarlar": "Muhtarlıklar",
    "Muhtarlık Dairesi Başkanlığı": "Muhtarlık İşleri Dairesi Başkanlığı",
    "Muhtarlık İşleri D.B.": "Muhtarlık İşleri Dairesi Başkanlığı",
    "Muhtarlıklar": "Muhtarlıklar",
    "Mülteci Dernekleri": "Mülteci Dernekleri",
    "Park ve Bahçeler D.B": "Park ve Bahçeler Dairesi Başkanlığı",
    "Park ve Bahçeler Dairesi Başkanlığı": "Park ve Bahçeler Dairesi Başkanlığı",
    "Paydaşlar": "Paydaşlar",
    "STK’lar": STK,
    "Sağlık Dairesi Başkanlığı": SIDB,
    "Sağlık Hizmetleri D.B": SIDB,
    "Sağlık Hizmetleri Dairesi Başkanlığı": SIDB,
    "Sağlık İşleri Dairesi Başkanlığı": SIDB,
    "Sosyal Hizmetler": SHDB,
    "Sosyal Hizmetler D.B": SHDB,
    "Sosyal Hizmetler Daire Başkanlığı": SHDB,
    "Sosyal Hizmetler Dairesi B.": SHDB,
    "Sosyal Hizmetler Dairesi Başkanlığı": SHDB,
    "Strateji ve Geliştirme Dairesi Başkanlığı": "Strateji ve Geliştirme Dairesi Başkanlığı",
    "TEKSİN uygulaması": "TEKSİN uygulaması",
    "Tarımsal ve Veterinerlik D.B": "Tarımsal ve Veterinerlik Hizmetleri Dairesi Başkanlığı",
    "Tarımsal ve Veterinerlik Hiz. Dairesi Başkanlığı": "Tarımsal ve Veterinerlik Hizmetleri Dairesi Başkanlığı",
    "Tüm Birimler": ALL_UNITS,
    "Tüm Daireler": ALL_UNITS,
    "Ulaşım D.B": "Ulaşım Dairesi Başkanlığı",
    "Ulaşım Dairesi Başkanlığı": "Ulaşım Dairesi Başkanlığı",
    "Yazı İşleri Dairesi Başkanlığı": "Yazı İşleri Dairesi Başkanlığı",
    "Yöneticiler": "Yöneticiler",
    "paydaşlar": "Paydaşlar",
    "Üniversiteler": "Üniversiteler",
    "Üst Yönetim": "Üst Yönetim",
    "Üst yönetim": "Üst Yönetim",
    "İl Milli Eğitim Müdürlüğü": "İl Milli Eğitim Müdürlüğü",
    "İlgili Birimler": ALL_UNITS,
    "İlgili MBB Birimleri": ALL_UNITS,
    "İlgili STK’lar": STK,
    "İnsan Kaynaklan ve Eğitim D.B.": IKEDB,
    "İnsan Kaynaklan ve Eğitim Daire Başkanlığı": IKEDB,
    "İnsan Kaynaklan ve Eğitim Dairesi": IKEDB,
    "İnsan Kaynakları": IKEDB,
    "İnsan Kaynakları Dairesi Başkanlığı": IKEDB,
    "İnsan Kaynakları ve Eğitim Dairesi": IKEDB,
    "İnsan Kaynakları ve Eğitim Dairesi Başkanlığı": IKEDB,
    "İŞKUR": "Türkiye İş Kurumu",
    "ŞÖNİM": "Şiddet Önleme ve İzleme Merkezi",
    # the 2025 fixture's respellings
    "Bilgi İşlem D.B.": "Bilgi İşlem Dairesi Başkanlığı",
    "Bilgi İşlem Dairesi Başkanlıgı": "Bilgi İşlem Dairesi Başkanlığı",
    "Fen İsleri Dairesi Başkanlığı": "Fen İşleri Dairesi Başkanlığı",
    "Gençlik ve Spor Hiz. D.B.": "Gençlik ve Spor Hizmetleri Dairesi Başkanlığı",
    "Halk Eğitim Merkezleri": "Halk Eğitim Merkezi",
    "Kadın ve Aile Hiz. Dai. Bşk.": KAHDB,
    "Paydaslar": "Paydaşlar",
    "STK'lar": STK,
    "Sağlık İşleri Daire Bşk.": SIDB,
    "Sosyal Hizmetler D. Bşk.": SHDB,
    "Ulaşım Dairesi Baskanlığı": "Ulaşım Dairesi Başkanlığı",
    "İŞ-KUR": "Türkiye İş Kurumu",
}


def _gold(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def pairwise_f1(gold_rows: list[dict], indicators: pd.DataFrame) -> float:
    """Pairwise clustering F1 of unit mentions: same organisation in EXPECTED ⇔ same canonical name out.

    Mentions are paired by position within a list; a list of another length counts all its mentions wrong.
    """
    out = {(r.activity_code, r.indicator_seq): r for r in indicators.itertuples()}
    mentions: list[tuple[str, str | None]] = []
    for g in gold_rows:
        row = out.get((g["activity_code"], g["indicator_seq"]))
        for role in ("responsible_units", "supporting_units"):
            got = list(getattr(row, role)) if row is not None else []
            want = [EXPECTED[name] for name in g[role]]
            mentions += list(zip(want, got, strict=True)) if len(got) == len(want) else [(w, None) for w in want]
    tp = fp = fn = 0
    for (g1, o1), (g2, o2) in combinations(mentions, 2):
        same_out = o1 is not None and o1 == o2
        tp += g1 == g2 and same_out
        fp += g1 != g2 and same_out
        fn += g1 == g2 and not same_out
    precision, recall = tp / max(1, tp + fp), tp / max(1, tp + fn)
    return 2 * precision * recall / max(1e-9, precision + recall)


@pytest.fixture(scope="module")
def outputs() -> dict[int, pd.DataFrame]:
    out = converted_reports()
    return {2024: pd.read_parquet(out / "mersin-yeep-2024" / "indicators.parquet"),
            2025: pd.read_parquet(out / "mersin-yeep-2025" / "indicators.parquet"),
            0: pd.read_parquet(out / "mersin-yeep-2024" / "unit_matches.parquet")}


@pytest.mark.parametrize("printed", sorted(EXPECTED))
def test_every_printed_spelling_lands_on_its_organisation(printed: str) -> None:
    matches = split_entry(printed, load_registry())
    assert [m.canonical for m in matches] == [EXPECTED[printed]], matches


@pytest.mark.parametrize(("year", "gold"), [(2024, GOLD_2024), (2025, Y2025 / "mersin-yeep-2025.jsonl")])
def test_pairwise_f1_on_the_pdf_output(outputs: dict[int, pd.DataFrame], year: int, gold: Path) -> None:
    assert pairwise_f1(_gold(gold), outputs[year]) >= 0.98


def test_2024_entries_stay_one_entry_each(outputs: dict[int, pd.DataFrame]) -> None:
    out = {(r.activity_code, r.indicator_seq): r for r in outputs[2024].itertuples()}
    for g in _gold(GOLD_2024):
        row = out[(g["activity_code"], g["indicator_seq"])]
        assert len(row.responsible_units) == len(g["responsible_units"])
        assert len(row.supporting_units) == len(g["supporting_units"])


def test_unit_matches_keep_every_decision(outputs: dict[int, pd.DataFrame]) -> None:
    matches = outputs[0]
    assert set(matches["stage"]) <= {"exact", "alias", "core", "folded", "fuzzy"}  # nothing of 2024 left unmatched
    typo = matches[matches["printed"] == "Kadı ve Aile Hizmetleri Dairesi Başkanlığı"].iloc[0]
    assert (typo["stage"], typo["canonical"]) == ("fuzzy", KAHDB)
    assert typo["score"] >= FUZZY_MIN_SCORE and typo["runner_up"] and typo["runner_up_score"] < typo["score"]
    names = sum(len(x) for x in outputs[2024]["responsible_units"])
    assert matches.loc[matches["role"] == "responsible", "count"].sum() == names


@pytest.mark.parametrize("printed", ["Kadın ve Aile Hizmetleri D.B.", "Kadın ve Aile Hizmetleri D.B",
                                     "Kadın ve Aile Hizmetleri Dai. Bşk.", "Kadın ve Aile Hizmetleri Daire Başkanlığı",
                                     "Kadın ve Aile Hiz. Dairesi B.", "KADIN VE AİLE HİZMETLERİ DAİRESİ BAŞKANLIĞI"])
def test_abbreviations_and_case_are_exact_matches(printed: str) -> None:
    match = match_name(printed, load_registry())
    assert (match.stage, match.canonical) == ("exact", KAHDB)


@pytest.mark.parametrize(("printed", "stage"), [
    ("Kadı ve Aile Hizmetleri Dairesi Başkanlığı", "fuzzy"),  # a missing letter
    ("İnsan Kaynaklan ve Eğitim D.B.", "folded"),  # a scanner's "n" for "rı"
    ("Kamu Kurumlan", "folded"),
    ("Kamu urumlan", "fuzzy"),  # both
])
def test_ocr_typos_land_without_an_alias(printed: str, stage: str) -> None:
    assert match_name(printed, load_registry()).stage == stage


@pytest.mark.parametrize(("printed", "why"), [
    ("Kadın", "leads"),  # fits the department and the coordinators equally: no margin
    ("Çevre ve Şehircilik İl Müdürlüğü", "scores"),  # a ministry directorate the registry does not know
    ("Sosyal Hizmetler Şube Müdürlüğü", "scores"),  # a branch office never lands on its department
    ("Sağlık Bakanlığı", "scores"),  # a ministry is not the department of the same field
    ("Gencik ve Spor Bakanligi", "scores"),
])
def test_doubtful_names_stay_as_printed(printed: str, why: str) -> None:
    match = match_name(printed, load_registry())
    assert (match.stage, match.canonical) == ("unmatched", printed)
    assert why in match.note


@pytest.mark.parametrize(("printed", "expected"), [
    ("MBB Kadın ve Aile Hizmetleri D.B.", KAHDB),
    ("Mersin Büyükşehir Belediyesi Sağlık İşleri Dairesi Başkanlığı", SIDB),
    ("Kariyer Merkezi", "MBB Kariyer Merkezi"),
])
def test_the_municipality_named_before_its_unit_changes_nothing(printed: str, expected: str) -> None:
    assert match_name(printed, load_registry()).canonical == expected


def test_type_word_typo_still_names_a_department() -> None:
    match = match_name("Ulaşım Dairesi Baskanlığı", load_registry())
    assert (match.stage, match.canonical) == ("core", "Ulaşım Dairesi Başkanlığı")


@pytest.mark.parametrize(("entry", "expected"), [
    ("Valilik, Emniyet Müdürlüğü ve STK'lar", ["Mersin Valiliği", "İl Emniyet Müdürlüğü", STK]),
    ("Basın Yayın ve Halkla İlişkiler Dairesi Başkanlığı", [BYHIDB]),  # one unit with " ve " in its name
    ("Park ve Bahçeler D.B", ["Park ve Bahçeler Dairesi Başkanlığı"]),
    ("Mersin Üniversitesi STK’lar", ["Mersin Üniversitesi", STK]),  # a lost line break
    ("Sağlık Dairesi Başkanlığı Sosyal Hizmetler", [SIDB, SHDB]),
    ("Kadın Hakları Derneği", ["Kadın Hakları Derneği"]),  # unknown, and no known parts: kept whole
])
def test_a_paragraph_is_split_only_into_known_institutions(entry: str, expected: list[str]) -> None:
    assert [m.canonical for m in split_entry(entry, load_registry())] == expected


@pytest.mark.parametrize("generic", ["Tüm Birimler", "İlgili Daireler", "Belediyemiz Birimleri", "Tüm Daireler"])
def test_generic_entries_are_all_mbb_units(generic: str) -> None:
    assert match_name(generic, load_registry()).canonical == ALL_UNITS


def test_a_broken_registry_is_refused(tmp_path: Path) -> None:
    for path in (ROOT / "schemas").glob("*.csv"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    with open(tmp_path / "units.csv", "a", encoding="utf-8") as fh:
        fh.write("Bir Birim,,not_a_type,\n")
    with pytest.raises(RegistryError, match="isin"):
        load_registry(tmp_path)


def test_units_unmatched_suggests_an_alias_row(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lists, matches = canonical_lists(pd.Series([["Kadın", KAHDB]]), "responsible", load_registry())
    folder = tmp_path / "r-2025"
    folder.mkdir()
    matches.assign(report_id="r-2025").to_parquet(folder / "unit_matches.parquet")
    (folder / "indicators.parquet").write_bytes(b"")  # marks a report folder; not read by `units`
    assert main(["units", str(tmp_path), "--unmatched"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lists == [["Kadın", KAHDB]]
    suggestion = next(csv.reader(lines[1:]))
    assert len(lines) == 2 and suggestion[0] == "Kadın" and "Kadın" in suggestion[1]  # the nearest organisation


# --- the Turkish normaliser -------------------------------------------------------------------------------
TURKISH = st.text(alphabet=st.sampled_from(list("abcçdefgğhıijklmnoöprsştuüvyzABCÇDEFGĞHIİJKLMNOÖPRSŞTUÜVYZ .,'’-")),
                  max_size=40)
#: No deadline: a property's examples are judged by their results, never by how long a shared machine takes.
UNTIMED = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@UNTIMED
@given(TURKISH)
def test_normalising_twice_changes_nothing(text: str) -> None:
    registry = load_registry()
    assert registry.normalise(registry.normalise(text)) == registry.normalise(text)
    assert match_key(match_key(text)) == match_key(text)


@UNTIMED
@given(TURKISH)
def test_dotted_and_dotless_i_fold_the_turkish_way(text: str) -> None:
    folded = turkish_fold(text)
    assert "I" not in folded and "İ" not in folded and "i̇" not in folded
    assert turkish_fold(text.replace("İ", "i").replace("I", "ı")) == folded
    assert turkish_fold("IŞIK İNSAN") == "ışık insan"


@UNTIMED
@given(st.lists(st.lists(TURKISH, max_size=3), max_size=4))
def test_stored_names_are_never_changed(lists: list[list[str]]) -> None:
    before = [list(x) for x in lists]
    canonical, matches = canonical_lists(pd.Series(lists, dtype=object), "supporting", load_registry())
    assert lists == before
    registry_names = {n for f in ("units.csv", "units_mersin.csv")
                      for n in pd.read_csv(ROOT / "schemas" / f)["canonical_name"]}
    for row in canonical:
        for name in row:
            assert name in registry_names or unicodedata.is_normalized("NFC", name)
    for m in matches.itertuples():
        assert m.canonical in registry_names or m.canonical == m.printed


def test_a_folded_spelling_two_organisations_share_stays_unmatched(tmp_path: Path) -> None:
    """"Kırlar Vakfı" and "Kirlar Vakfı" differ only in a letter an ASCII keyboard loses: typed as
    "Kirlar Vakfi" it could be either, so it is kept as printed with both named, not guessed."""
    for path in (ROOT / "schemas").glob("*.csv"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    with open(tmp_path / "units.csv", "a", encoding="utf-8") as fh:
        fh.write("Kırlar Vakfı,,ngo,\nKirlar Vakfı,,ngo,\n")
    registry = load_registry(tmp_path)
    assert match_name("Kırlar Vakfı", registry).canonical == "Kırlar Vakfı"
    match = match_name("Kirlar Vakfi", registry)
    assert (match.stage, match.canonical, match.runner_up) == ("unmatched", "Kirlar Vakfi", "Kirlar Vakfı")
    assert "Kirlar Vakfı and Kırlar Vakfı" in match.note


@pytest.mark.parametrize(("printed", "expected"), [
    ("Insan Kaynaklari ve Eğitim Dairesi Başkanliği", IKEDB),  # typed without Turkish letters
    ("Sağlik Işleri Dairesi Başkanliği", SIDB),
    ("Kadın ve Aile Hizmetleri Daire", KAHDB),  # "Daire" for "Dairesi"
    ("Sosyal Hizmetler Dairesi Başkanı", SHDB),  # "Başkanı" for "Başkanlığı"
    ("İnsan Kaynakları ve Eğitim Dairesi Başkanlğı", IKEDB),  # a missing letter
    ("IŞKUR", "Türkiye İş Kurumu"),
    ("Ulaşim D.B", "Ulaşım Dairesi Başkanlığı"),
    ("İnsan Kaynaklan ve Eğitim D.B.", IKEDB),  # a scanner's "n" for "rı"
    ("Kamu urumlan", "Kamu Kurumları"),
    ("SAĞLIK İŞLERİ DAİRESİ BŞK.", SIDB),
])
def test_keyboard_and_scanner_spellings_are_found_without_aliases(printed: str, expected: str) -> None:
    aliases = {match_key(a) for f in ("unit_aliases.csv", "unit_aliases_mersin.csv")
               for a in pd.read_csv(ROOT / "schemas" / f)["alias"]}
    assert match_key(printed) not in aliases
    match = match_name(printed, load_registry())
    assert (match.canonical, match.stage in {"exact", "core", "folded", "fuzzy"}) == (expected, True), match


def test_a_type_word_typo_that_spells_another_type_fits_where_nothing_else_does() -> None:
    """No department is a ministry: "Daire Bakanı" can only be "Daire Başkanı" with a letter lost."""
    match = match_name("Bilgi İşlem Daire Bakanı", load_registry())
    assert (match.stage, match.canonical) == ("folded", "Bilgi İşlem Dairesi Başkanlığı")
