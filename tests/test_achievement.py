"""Achievement status: the rule case by case, then on small frames shaped like the output tables."""

from __future__ import annotations

import pandas as pd
import pytest

from yeep_extract.achievement import Achievement, achievement, classify, direction

A = Achievement


@pytest.mark.parametrize(
    ("target", "actual", "kwargs", "expected"),
    [
        pytest.param(25.0, 26.0, {}, A.ACHIEVED, id="count-over-target"),
        pytest.param(25.0, 25.0, {}, A.ACHIEVED, id="count-on-target"),
        pytest.param(25.0, 22.0, {}, A.PARTLY, id="count-below-target"),
        pytest.param(1.0, 0.0, {}, A.NOT_ACHIEVED, id="zero-actual"),
        pytest.param(None, 5.0, {}, A.NO_TARGET, id="dash-target"),
        pytest.param(None, None, {}, A.NO_TARGET, id="nothing-planned-nothing-done"),
        pytest.param(2.0, None, {}, A.NOT_MEASURABLE, id="dash-or-words-actual"),
        pytest.param(8.0, 7.88, {"target_percent": True, "actual_percent": True}, A.PARTLY, id="percent-points"),
        pytest.param(50.0, 55.5, {"target_percent": True, "actual_percent": True}, A.ACHIEVED, id="percent-over"),
        pytest.param(25.0, 26.0, {"target_percent": False, "actual_percent": True}, A.NOT_MEASURABLE,
                     id="count-target-percent-actual"),
        pytest.param(10.0, 9.0, {"way": "decrease"}, A.ACHIEVED, id="decrease-below-target"),
        pytest.param(10.0, 12.0, {"way": "decrease", "baseline": 15.0}, A.PARTLY, id="decrease-some-way"),
        pytest.param(10.0, 16.0, {"way": "decrease", "baseline": 15.0}, A.NOT_ACHIEVED, id="decrease-went-up"),
        pytest.param(10.0, 12.0, {"way": "decrease"}, A.NOT_ACHIEVED, id="decrease-no-baseline"),
    ],
)
def test_classify(target: float | None, actual: float | None, kwargs: dict, expected: Achievement) -> None:
    assert classify(target, actual, **kwargs) == expected


def test_direction_from_later_targets() -> None:
    assert direction(20.0, [15.0, 10.0]) == "decrease"
    assert direction(20.0, [25.0, 30.0]) == "increase"
    assert direction(50.0, [50.0, 50.0]) == "increase"  # a level held is not a reduction
    assert direction(100.0, [110.0, 120.0]) == "increase"  # a first target below the baseline is no hint
    assert direction(None, [5.0]) == "increase"


def _frames(cells: dict[str, list[str]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One indicator per entry: raw cells baseline, target 2024, target 2025, actual 2024."""
    from yeep_extract.normalize.values import parse_value

    ind, obs = [], []
    for n, (code, raws) in enumerate(cells.items(), start=1):
        ind.append({"report_id": "r", "activity_code": code, "indicator_seq": 1, "report_year": 2024,
                    "section_no": n, "section_title": f"S{n}", "indicator_name": f"ind {code}",
                    "responsible_units": ["Birim"], "unit": "percent" if "%" in "".join(raws) else "count",
                    "source_page": 3})
        for (measure, year), raw in zip([("baseline", None), ("target", 2024), ("target", 2025), ("actual", 2024)],
                                        raws, strict=True):
            p = parse_value(raw)
            obs.append({"report_id": "r", "activity_code": code, "indicator_seq": 1, "measure": measure,
                        "year": year, "value": p.value, "raw": raw, "status": p.status.value, "source_page": 3})
    obs_frame = pd.DataFrame(obs)
    obs_frame["year"] = obs_frame["year"].astype("Int16")
    return pd.DataFrame(ind), obs_frame


def test_achievement_table_on_small_frames() -> None:
    indicators, observations = _frames({
        "1.1": ["20", "25", "30", "26"],
        "1.2": ["%7", "%8", "%8,2", "%7.88"],
        "1.3": ["-", "-", "40", "-"],
        "1.4": ["-", "2", "3", "Toplantıda belli olacak"],
        "1.5": ["%30", "%20", "%10", "%25"],
        "1.6": ["3.000", "3.400", "3.500", "4.285"],
    })
    table = achievement(indicators, observations).set_index("activity_code")
    assert table["status"].astype(str).to_dict() == {
        "1.1": "achieved", "1.2": "partly", "1.3": "no target", "1.4": "not measurable", "1.5": "partly",
        "1.6": "achieved"}
    assert table.loc["1.2", "gap"] == pytest.approx(0.12)  # percentage points, not a ratio of shares
    assert table.loc["1.5", "direction"] == "decrease"
    assert table.loc["1.6", "actual"] == 4285.0  # thousands separator read as in values.py
    assert table.loc["1.1", "ratio"] == pytest.approx(26 / 25)
    assert pd.isna(table.loc["1.3", "gap"]) and not table["suspect"].any()
    assert list(table["status"].cat.categories) == [a.value for a in Achievement]


def test_suspect_values_are_used_and_marked() -> None:
    indicators, observations = _frames({"2.1": ["10", "12", "14", "13"], "2.2": ["1", "2", "3", "2"]})
    observations.loc[(observations["activity_code"] == "2.1") & (observations["measure"] == "actual"),
                     "status"] = "suspect"
    table = achievement(indicators, observations).set_index("activity_code")
    assert table["suspect"].to_dict() == {"2.1": True, "2.2": False}
    assert table.loc["2.1", "status"] == "achieved"
