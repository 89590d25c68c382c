"""Achievement status: the rule case by case, then on small frames shaped like the output tables and on
the shipped report, and the rule's text repeated word for word where people read it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from yeep_extract.achievement import RULE, STATUS_LABELS, Achievement, achievement, classify, direction, progress

A = Achievement


@pytest.mark.parametrize(
    ("target", "actual", "kwargs", "expected"),
    [
        pytest.param(25.0, 26.0, {"baseline": 20.0}, A.ACHIEVED, id="count-over-target"),
        pytest.param(25.0, 25.0, {"baseline": 20.0}, A.ACHIEVED, id="count-on-target"),
        pytest.param(500.0, 432.0, {"baseline": 350.0}, A.PARTLY, id="count-some-way"),
        pytest.param(5.0, 3.0, {"baseline": 3.0}, A.NO_PROGRESS, id="unchanged-at-baseline"),
        pytest.param(40.0, 21.0, {"baseline": 33.0}, A.DECLINED, id="declined-below-baseline"),
        pytest.param(40.0, 0.0, {"baseline": 33.0}, A.DECLINED, id="declined-to-zero"),
        pytest.param(50.0, 45.0, {"baseline": 50.0}, A.DECLINED, id="level-to-hold-not-held"),
        pytest.param(100.0, 105.0, {"baseline": 109.0}, A.ACHIEVED, id="target-met-though-below-baseline"),
        pytest.param(1.0, 0.0, {}, A.NOT_ACHIEVED, id="zero-actual-no-baseline"),
        pytest.param(50.0, 40.0, {"target_percent": True, "actual_percent": True}, A.NOT_ACHIEVED,
                     id="short-no-baseline-is-not-partly"),
        pytest.param(None, 5.0, {}, A.NO_TARGET, id="dash-target"),
        pytest.param(None, None, {}, A.NO_TARGET, id="nothing-planned-nothing-done"),
        pytest.param(2.0, None, {"baseline": 1.0}, A.NOT_MEASURABLE, id="dash-or-words-actual"),
        pytest.param(8.0, 7.88, {"baseline": 7.0, "target_percent": True, "actual_percent": True}, A.PARTLY,
                     id="percent-points"),
        pytest.param(8.0, 6.5, {"baseline": 7.0, "target_percent": True, "actual_percent": True}, A.DECLINED,
                     id="percent-declined"),
        pytest.param(50.0, 55.5, {"target_percent": True, "actual_percent": True}, A.ACHIEVED, id="percent-over"),
        pytest.param(25.0, 26.0, {"target_percent": False, "actual_percent": True}, A.NOT_MEASURABLE,
                     id="count-target-percent-actual"),
        pytest.param(10.0, 9.0, {"way": "decrease"}, A.ACHIEVED, id="decrease-below-target"),
        pytest.param(10.0, 12.0, {"way": "decrease", "baseline": 15.0}, A.PARTLY, id="decrease-some-way"),
        pytest.param(10.0, 15.0, {"way": "decrease", "baseline": 15.0}, A.NO_PROGRESS, id="decrease-unchanged"),
        pytest.param(10.0, 16.0, {"way": "decrease", "baseline": 15.0}, A.DECLINED, id="decrease-went-up"),
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
    assert direction(20.0, [], baseline=30.0) == "decrease"  # no later years: a target below the baseline
    assert direction(20.0, [20.0, 20.0], baseline=30.0) == "decrease"  # down to a level, then held
    assert direction(100.0, [110.0], baseline=109.0) == "increase"  # rising later targets outweigh the baseline
    assert direction(40.0, [40.0], baseline=33.0) == "increase"


def test_progress_is_measured_from_the_baseline() -> None:
    assert progress(350.0, 500.0, 432.0) == pytest.approx(82 / 150)
    assert progress(33.0, 40.0, 21.0) == pytest.approx(-12 / 7)  # negative: moved away from the target
    assert progress(15.0, 10.0, 12.0, "decrease") == pytest.approx(0.6)  # both differences negative
    assert progress(109.0, 100.0, 163.0) is None  # target below the baseline of a rising plan: no fraction
    assert progress(15.0, 10.0, 12.0) is None  # the same numbers read as an increase
    assert progress(7.0, 8.0, 7.88) == pytest.approx(0.88)  # percentage points
    assert progress(None, 8.0, 7.0) is None and progress(5.0, 5.0, 6.0) is None


def _frames(cells: dict[str, list[str]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One indicator per entry: raw cells baseline, target 2024, target 2025, actual 2024."""
    from yeep_extract.normalize.values import parse_value

    ind, obs = [], []
    for n, (code, raws) in enumerate(cells.items(), start=1):
        ind.append({"report_id": "r", "activity_code": code, "indicator_seq": 1, "report_year": 2024,
                    "section_no": n, "section_title": f"S{n}", "activity_title": f"act {code}",
                    "indicator_name": f"ind {code}",
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
        "1.7": ["33", "40", "40", "21"],
        "1.8": ["7", "8", "8", "7"],
        "1.9": ["%40", "%30", "%30", "%35"],
        "2.0": ["%40", "%30", "%30", "%45"],
        "2.1": ["5", "%8", "%9", "%7"],
    })
    table = achievement(indicators, observations).set_index("activity_code")
    assert table["status"].astype(str).to_dict() == {
        "1.1": "achieved", "1.2": "partly", "1.3": "no target", "1.4": "not measurable", "1.5": "partly",
        "1.6": "achieved", "1.7": "declined", "1.8": "no progress", "1.9": "partly", "2.0": "declined",
        "2.1": "not achieved"}
    assert table.loc["1.2", "progress"] == pytest.approx(0.88)  # percentage points, from the baseline
    assert table.loc["1.2", "of_target"] == pytest.approx(7.88 / 8)
    assert table.loc["1.5", "direction"] == "decrease"
    assert table.loc["1.9", "direction"] == "decrease"  # target below the baseline, held level after
    assert table.loc["1.6", "actual"] == 4285.0  # thousands separator read as in values.py
    assert table.loc["1.7", "progress"] == pytest.approx(-12 / 7)
    assert table.loc["2.1", "baseline"] == 5.0 and pd.isna(table.loc["2.1", "progress"])  # a count is no start of a %
    assert table.loc["1.4", "actual_raw"] == "Toplantıda belli olacak"  # words kept as printed
    assert pd.isna(table.loc["1.3", "of_target"]) and not table["suspect"].any()
    assert list(table["status"].cat.categories) == [a.value for a in Achievement]


def test_suspect_values_are_used_and_marked() -> None:
    indicators, observations = _frames({"2.1": ["10", "12", "14", "13"], "2.2": ["1", "2", "3", "2"]})
    observations.loc[(observations["activity_code"] == "2.1") & (observations["measure"] == "actual"),
                     "status"] = "suspect"
    table = achievement(indicators, observations).set_index("activity_code")
    assert table["suspect"].to_dict() == {"2.1": True, "2.2": False}
    assert table.loc["2.1", "status"] == "achieved"


ROOT = Path(__file__).resolve().parents[1]


def test_shipped_report_never_calls_a_standstill_or_decline_progress() -> None:
    folder = ROOT / "normalized" / "mersin-yeep-2024"
    table = achievement(pd.read_parquet(folder / "indicators.parquet"),
                        pd.read_parquet(folder / "observations.parquet"))
    stuck = table[(table["actual"] <= table["baseline"]) & (table["target"] > table["baseline"])]
    assert len(stuck) >= 4  # 4.1.1, 4.2.6, 4.2.7, 4.2.8 in the 2024 report
    assert not stuck["status"].isin(["partly", "achieved"]).any()
    partly = table[table["status"] == "partly"]
    assert (partly["progress"] > 0).all() and (partly["progress"] < 1).all()
    assert (table.loc[table["status"] == "achieved", "progress"].dropna() >= 1).all()  # never reads backwards
    for column in ("baseline", "target", "actual", "direction", "status"):
        assert column in table.columns


def _words(text: str) -> str:
    """Text with Markdown quoting and line breaks removed, for comparing a wrapped paragraph."""
    return " ".join(text.replace("\n>", "\n").split())


def test_the_rule_is_stated_the_same_everywhere() -> None:
    import nbformat

    notebook = nbformat.read(ROOT / "notebooks" / "yeep-2024.ipynb", as_version=4)
    markdown = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    for where in ((ROOT / "README.md").read_text(encoding="utf-8"), markdown):
        assert _words(RULE["en"]) in _words(where)
    for lang, labels in STATUS_LABELS.items():
        assert set(labels) == {a.value for a in Achievement}, lang
        assert all(f"{label}:" in RULE[lang] for label in labels.values()), lang
