"""The value parser: the scoring convention on examples, and properties on any string."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yeep_extract.normalize.values import indicator_unit, parse_value
from yeep_extract.vocab import Status


@pytest.mark.parametrize(
    ("raw", "value", "percent", "status"),
    [
        pytest.param("26", 26.0, False, Status.OK, id="count"),
        pytest.param("%7.88", 7.88, True, Status.OK, id="percent-dot"),
        pytest.param("%8,2", 8.2, True, Status.OK, id="percent-comma"),
        pytest.param("%24,82", 24.82, True, Status.OK, id="percent-two-decimals"),
        pytest.param("50%", 50.0, True, Status.OK, id="percent-after"),
        pytest.param("4.285", 4285.0, False, Status.OK, id="thousands"),
        pytest.param("1.234,5", 1234.5, False, Status.SUSPECT, id="turkish-grouped-decimal"),
        pytest.param("2.500.000", 2500000.0, False, Status.SUSPECT, id="thousands-groups"),
        pytest.param("2.500.0", None, False, Status.SUSPECT, id="cut-thousands"),
        pytest.param("12.500.0\n00", 12500000.0, False, Status.SUSPECT, id="cut-thousands-rejoined"),
        pytest.param("2.50\n0", None, False, Status.SUSPECT, id="decimal-then-digit"),
        pytest.param("% 12,5", 12.5, True, Status.OK, id="percent-spaced"),
        pytest.param("12,5 %", 12.5, True, Status.OK, id="percent-after-spaced"),
        pytest.param("0,5", 0.5, False, Status.OK, id="decimal-comma"),
        pytest.param("N/A", None, False, Status.TEXT, id="not-applicable"),
        pytest.param("—", None, False, Status.EMPTY, id="em-dash"),
        pytest.param("Tamamlandı (%100)", None, True, Status.SUSPECT, id="word-with-percent"),
        pytest.param("-", None, False, Status.EMPTY, id="dash"),
        pytest.param("", None, False, Status.EMPTY, id="blank"),
        pytest.param("Toplantıda belli olacak", None, False, Status.TEXT, id="words"),
        pytest.param("%24,\n82", 24.82, True, Status.OK, id="broken-percent"),
        pytest.param("1.\n250", 1250.0, False, Status.OK, id="broken-thousands"),
        pytest.param("377\n20", None, False, Status.SUSPECT, id="two-numbers"),
        pytest.param("1178 1178", 1178.0, False, Status.SUSPECT, id="printed-twice"),
        pytest.param("1,250", 1.25, False, Status.SUSPECT, id="comma-thousands-doubt"),
        pytest.param("26 kişi", None, False, Status.SUSPECT, id="number-with-words"),
    ],
)
def test_examples(raw: str, value: float | None, percent: bool, status: Status) -> None:
    parsed = parse_value(raw)
    assert parsed.value == (pytest.approx(value) if value is not None else None)
    assert parsed.percent == percent
    assert parsed.status == status


def test_rejoined_number_says_so() -> None:
    assert "rejoined" in (parse_value("%24,\n82").note or "")


@given(st.text())
def test_never_raises_and_status_matches_value(raw: str) -> None:
    parsed = parse_value(raw)
    if parsed.status == Status.OK:
        assert parsed.value is not None
    if parsed.status in (Status.EMPTY, Status.TEXT):
        assert parsed.value is None
    if parsed.status == Status.SUSPECT:
        assert parsed.note


@given(st.integers(min_value=0, max_value=10**9))
def test_count_round_trip(n: int) -> None:
    assert parse_value(str(n)).value == n


@given(st.integers(min_value=0, max_value=100), st.integers(min_value=0, max_value=99), st.sampled_from(".,"))
def test_percent_round_trip(whole: int, frac: int, sep: str) -> None:
    text = f"%{whole}{sep}{frac:02d}"
    parsed = parse_value(text)
    assert parsed.percent and parsed.status == Status.OK
    assert parsed.value == pytest.approx(whole + frac / 100)


@given(st.integers(min_value=1000, max_value=999_999_999))
def test_thousands_round_trip(n: int) -> None:
    assert parse_value(f"{n:,}".replace(",", ".")).value == n


def test_unit_by_majority_then_name() -> None:
    assert indicator_unit("Oran", [True, True, False]) == "percent"
    assert indicator_unit("Sayı", [False, False, True]) == "count"
    assert indicator_unit("Kadın oranı (%)", []) == "percent"
    assert indicator_unit("Eğitim sayısı", []) == "count"
