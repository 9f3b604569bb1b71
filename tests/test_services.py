"""The use cases the CLI and the window share: which run stands for a class, exports from the run's own model."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest

from app.cli import main
from app.engine.diagnose import expected_scores
from app.services.class_data import choose_run, load_class_data
from app.services.diagnosing import diagnose_stored_class
from app.services.exporting import load_diagnosed_class
from app.services.grain import class_grain, grain_text
from app.services.grain_diagnosis import grain_diagnosis, grain_mastery_text
from app.services.sample import SAMPLE_CLASS, load_sample
from app.storage import DiagnosisRunRecord, NotFound, load_diagnosis, open_database

T0 = dt.datetime(2026, 11, 1, 8, 0)


def _run(run_id: int, assessments: tuple[str, ...], hours: int) -> DiagnosisRunRecord:
    return DiagnosisRunRecord(run_id, "c", T0 + dt.timedelta(hours=hours), "m", "CPU", 0.1, assessments, 3, 2)


def _at(hours: int) -> dt.datetime:
    return T0 + dt.timedelta(hours=hours)


def test_the_newest_run_over_every_assessment_is_current() -> None:
    runs = [_run(1, ("a", "b"), 1), _run(2, ("a",), 2), _run(3, ("a", "b"), 3), _run(4, ("b",), 4)]
    choice = choose_run(runs, ("a", "b"), _at(0))
    assert (choice.run.run_id, choice.current) == (3, True)


def test_without_a_covering_run_the_widest_older_run_is_shown_out_of_date() -> None:
    runs = [_run(1, ("a",), 1), _run(2, ("a", "b"), 2)]
    choice = choose_run(runs, ("a", "b", "c"), _at(0))
    assert (choice.run.run_id, choice.current) == (2, False)
    assert choose_run([], ("a",), None).run is None


def test_a_change_after_the_run_makes_it_out_of_date_unless_the_teacher_picked_it() -> None:
    runs = [_run(1, ("a",), 1)]
    assert choose_run(runs, ("a",), _at(2)).current is False
    assert choose_run(runs, ("a",), _at(2), run_id=1).current is True
    with pytest.raises(NotFound):
        choose_run(runs, ("a",), None, run_id=9)


@pytest.fixture(scope="module")
def diagnosed(module_store_location: Path | str) -> Path | str:
    """The sample with two classes diagnosed, on each engine (a file; a database on the test server)."""
    with open_database(module_store_location) as db:
        load_sample(db)
        diagnose_stored_class(db, SAMPLE_CLASS)
        diagnose_stored_class(db, "八年级(1)班")
    return module_store_location


def test_window_and_exports_show_the_same_run_and_plans_use_its_own_model(diagnosed: Path | str) -> None:
    with open_database(diagnosed) as db:
        view = load_class_data(db, SAMPLE_CLASS)
        data = load_diagnosed_class(db, SAMPLE_CLASS)
        with db.session() as session:
            stored = load_diagnosis(session, view.run_id)
    assert not view.stale and len(view.runs) == 4  # all exams, then each of the three alone
    assert data.diagnosis.student_ids == view.diagnosis.student_ids
    np.testing.assert_array_equal(data.diagnosis.mastery, view.diagnosis.mastery)
    np.testing.assert_array_equal(data.predicted_success, expected_scores(stored))
    assert data.predicted_success.shape == data.matrix.points.shape


def test_a_class_is_shown_against_the_diagnosed_classes_of_its_grade(diagnosed: Path | str) -> None:
    with open_database(diagnosed) as db:
        view = load_class_data(db, SAMPLE_CLASS)
        alone = load_class_data(db, "八年级(2)班")  # not diagnosed: nothing to compare
    assert view.grade_classes == ("八年级(1)班",)  # 2班 and 4班 sat the exam but have no diagnosis
    assert {r.knowledge_point for r in view.grade} <= set(view.diagnosis.knowledge_points)
    assert len(view.grade) > 0
    gaps = [r.gap for r in view.grade]
    assert gaps == sorted(gaps)
    assert alone.diagnosis is None and alone.grade == []


def _check(engine_rmse: float, *, better: bool = False, full_length: float | None = None, peers: int = 0):
    from app.engine.evaluate import ModelCheck
    from app.engine.profile import ProfileReliability

    reliability = None if full_length is None else ProfileReliability(0.3, full_length, 40)
    return ModelCheck(
        engine={"auc": 0.7, "rmse": engine_rmse, "log_loss": 0.6, "ece": 0.05},
        baseline={"auc": 0.7, "rmse": 0.400, "log_loss": 0.6, "ece": 0.05},
        hidden_scores=120,
        hide=0.2,
        seed=0,
        engine_better=better,
        reliability=reliability,
        peer_classes=peers,
    )


def test_the_check_verdict_is_better_about_as_well_or_not_better() -> None:
    from app.services.checking import Verdict, verdict

    assert verdict(_check(0.380, better=True)) is Verdict.BETTER  # the engine's own rule says better
    assert verdict(_check(0.405)) is Verdict.ABOUT_AS_WELL  # not better, RMSE within 2 % of the score rate's
    assert verdict(_check(0.408)) is Verdict.ABOUT_AS_WELL  # exactly 2 % more
    assert verdict(_check(0.409)) is Verdict.NOT_BETTER
    assert verdict(_check(float("nan"))) is Verdict.NOT_BETTER  # no RMSE: nothing says it is as good


def test_the_engine_is_judged_against_each_rival_in_plain_words() -> None:
    from app.engine.evaluate import Rival
    from app.services.checking import Verdict, compare, rival_text

    def metrics(auc: float, rmse: float) -> dict[str, float]:
        return {"auc": auc, "rmse": rmse}

    assert compare(metrics(0.80, 0.30), metrics(0.78, 0.31)) is Verdict.BETTER
    assert compare(metrics(0.77, 0.30), metrics(0.78, 0.31)) is Verdict.ABOUT_AS_WELL  # lower AUC: not better
    assert compare(metrics(0.80, 0.40), metrics(0.80, 0.39)) is Verdict.NOT_BETTER  # 2.6 % more error
    rasch = Rival("rasch", metrics(0.80, 0.30), metrics(0.78, 0.31), 120)
    latest = Rival("latest_exam", metrics(0.70, 0.45), metrics(0.75, 0.40), 30)
    assert rival_text(rasch).en == (
        "It predicts better than a Rasch model fitted on the same data, grade included (120 hidden scores)."
    )
    assert (
        rival_text(rasch).zh == "诊断的预测比在同样数据（含同年级其他班级）上拟合的 Rasch 模型更准（120 个隐藏得分）。"
    )
    assert (
        rival_text(latest).en
        == "It does not predict better than the diagnosis from the latest exam alone (30 hidden scores)."
    )
    assert rival_text(latest).zh == "诊断的预测不比只用最近一次考试的诊断更准（30 个隐藏得分）。"


def test_cli_check_prints_the_verdict_profile_and_calibration_of_the_check(
    diagnosed: Path | str, capsys, monkeypatch
) -> None:
    import app.services.checking as checking

    monkeypatch.setattr(checking, "check_class", lambda *a, **k: _check(0.405, full_length=float("nan"), peers=3))
    code = main(["--lang", "en", "check", "--db", str(diagnosed), "--class", SAMPLE_CLASS])
    with open_database(diagnosed) as db:
        found = class_grain(db, SAMPLE_CLASS, float("nan"))  # at the check's reliability: too few scores
        grain = grain_text(found)
        grouped = grain_diagnosis(db, SAMPLE_CLASS, found)
        mastery = grain_mastery_text(grouped)  # its groups' class means
    assert grain is not None and "(profile reliability too few scores to measure)" in grain.en
    assert grouped is not None and mastery is not None
    assert mastery.en.startswith(f"Class mean mastery by group (95% interval): {grouped.groups[0].label.en} 0.")
    assert (code, capsys.readouterr().out) == (
        0,
        "Hid 120 scores and predicted them: diagnosis AUC 0.700, RMSE 0.405; score rate AUC 0.700, RMSE 0.400. "
        "The diagnosis predicts about as well as the simple score rate. This class has too few scores per knowledge "
        "point to tell how reliably they tell knowledge points apart beyond each student's overall level: treat weak "
        f"points as 'this student is behind overall'. {grain.en} {mastery.en} The questions were calibrated on this "
        "class and 3 "
        "other classes of the grade.\n",
    )
    main(["--lang", "en", "check", "--db", str(diagnosed), "--class", SAMPLE_CLASS, "--json"])
    record = json.loads(capsys.readouterr().out)
    assert (record["verdict"], record["engine_better"], record["peer_classes"]) == ("about as well", False, 3)
    assert (record["point_specific_flags"], record["profile_reliability"]) == (False, None)  # too few scores
    assert record["rivals"] == {}  # the check made without rivals


def test_cli_check_compares_with_pooled_rasch_and_the_latest_exam_alone(diagnosed: Path | str, capsys) -> None:
    from app.engine.evaluate import Rival
    from app.services.checking import compare, rival_text

    main(["--lang", "en", "check", "--class", SAMPLE_CLASS, "--db", str(diagnosed), "--json"])
    record = json.loads(capsys.readouterr().out)
    main(["--lang", "en", "check", "--class", SAMPLE_CLASS, "--db", str(diagnosed)])
    text = capsys.readouterr().out
    rivals = record["rivals"]
    assert set(rivals) == {"rasch", "latest_exam"}  # the sample class has several exams
    assert rivals["rasch"]["hidden_scores"] == record["hidden_scores"]
    assert rivals["rasch"]["engine"] == record["engine"]  # on the same hidden scores as the score rate
    assert 0 < rivals["latest_exam"]["hidden_scores"] < record["hidden_scores"]
    for name, r in rivals.items():
        said = rival_text(Rival(name, r["engine"], r["rival"], r["hidden_scores"]))
        assert said.en in text and r["verdict"] == compare(r["engine"], r["rival"]).value


def test_cli_check_says_how_reliable_the_point_profile_is(diagnosed: Path | str, capsys) -> None:
    main(["--lang", "en", "check", "--class", SAMPLE_CLASS, "--db", str(diagnosed), "--json"])
    record = json.loads(capsys.readouterr().out)
    main(["--lang", "en", "check", "--class", SAMPLE_CLASS, "--db", str(diagnosed)])
    text = capsys.readouterr().out
    r = record["reliability"]
    assert record["peer_classes"] == 3 and record["prior"] == "shipped"
    assert r["full_length"] == pytest.approx(2 * r["split_half"] / (1 + r["split_half"]))
    assert f"{r['full_length']:.2f})" in text
    assert ("scores tell knowledge points apart reliably enough (" in text) == (r["full_length"] >= 0.5)
    assert ("tell knowledge points apart only weakly (reliability" in text) == (r["full_length"] < 0.5)
    assert record["profile_reliability"] == r["full_length"]
    assert record["point_specific_flags"] is (r["full_length"] >= 0.5)


def test_undo_offers_the_import_the_command_line_made_after_the_window_opened(store_location, tmp_path: Path) -> None:
    from fault_helpers import long_csv, run_cli

    from app.services.manage import undo_parts
    from app.services.store import open_store, undo_import

    db_path = store_location
    assert run_cli("import", str(long_csv(tmp_path, "甲班.csv", 5)), "--class", "甲班", "--db", str(db_path))[0] == 0
    db, state = open_store(db_path)  # the window: what it read on opening
    try:
        assert [r.class_name for r in state.imports] == ["甲班"]
        assert (
            run_cli("import", str(long_csv(tmp_path, "乙班.csv", 5, seed=1)), "--class", "乙班", "--db", str(db_path))[
                0
            ]
            == 0
        )
        (newest,) = undo_parts(db)  # read now: the command line's import, not the one the window saw
        assert newest.class_name == "乙班"
        (undone,) = undo_import(db, newest.batch_id)
        assert undone.class_name == "乙班" and [r.class_name for r in undo_parts(db)] == ["甲班"]
    finally:
        db.close()
