"""Header mapping: printed headers → roles and years; unknown headers are errors."""

from __future__ import annotations

import pytest

from yeep_extract.headers import HeaderError, header_role, map_headers
from yeep_extract.vocab import Role


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
    ],
)
def test_known_headers(text: str, role: Role, year: int | None) -> None:
    spec = header_role(text)
    assert spec is not None and spec.role == role and spec.year == year


def test_unknown_header_is_named() -> None:
    with pytest.raises(HeaderError, match="Açıklama"):
        map_headers(["Faaliyet", "Gösterge", "Açıklama"])


def test_table_needs_activity_and_indicator() -> None:
    with pytest.raises(HeaderError, match="indicator"):
        map_headers(["Faaliyet", "Mevcut", "2024"])
