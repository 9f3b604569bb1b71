"""Check the model's profile reliability and the school's own model; weak overall vs weak relative in the views."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from test_services_grade_prior import _store
from test_ui_views import KPS, _data

from app.core.vocabulary import Finding
from app.engine.evaluate import Rival
from app.engine.local import LocalPrior, LocalSettings, PriorComparison
from app.engine.prior import Prior
from app.engine.profile import ProfileReliability
from app.insight.findings import Findings
from app.services.priors import keep_local_prior, prior_state, use_local_prior
from app.storage import load_stored_prior, open_database

UNRELIABLE = ProfileReliability(split_half=0.02, full_length=0.04, cells=120)
RELIABLE = ProfileReliability(split_half=0.45, full_length=0.62, cells=120)
TINY = LocalSettings(steps=2, meta_batch=2)


def _check(reliability: ProfileReliability | None, peers: int = 0) -> SimpleNamespace:
    """A ModelCheck as the dialog reads it."""
    metrics = {"auc": 0.81, "rmse": 0.31, "log_loss": 0.52, "ece": 0.04}
    return SimpleNamespace(
        engine=metrics,
        baseline=metrics,
        hidden_scores=40,
        hide=0.2,
        seed=0,
        engine_better=False,
        reliability=reliability,
        peer_classes=peers,
        rivals=(Rival("rasch", metrics, {**metrics, "rmse": 0.30}, 40),),
    )


@pytest.fixture
def runner(qapp):
    """A task runner of its own, as the window's."""
    from app.ui.base.tasks import TaskRunner

    return TaskRunner()


def _read_prior(dialog, qtbot) -> None:
    with qtbot.waitSignal(dialog.prior_read, timeout=30_000):
        dialog.refresh_prior()


@pytest.fixture
def dialog(qtbot, ui_language, tmp_path, runner):
    """The check dialog on a store of four classes of one grade, its check not run."""
    from app.ui.dialogs.check import CheckModelDialog

    with open_database(_store(tmp_path)) as db:
        shown = CheckModelDialog(db, "2班", runner, train_settings=TINY)
        qtbot.addWidget(shown)
        shown.show()
        yield shown
        shown.reject()


def _saved(db, better: bool, use: bool) -> None:
    """A local prior beside the store, trained on 4 classes on 2025-06-01, `better` or not, switched `use`."""
    local = {"auc": 0.74, "rmse": 0.4, "log_loss": 0.58, "ece": 0.03, "n": 40.0}
    shipped = {"auc": 0.72, "rmse": 0.41, "log_loss": 0.6, "ece": 0.04, "n": 40.0}
    comparison = PriorComparison(local, shipped, 1, 40, better)
    card = {"date": "2025-06-01", "data": {"classes": 4}, "held_out_comparison": dataclasses.asdict(comparison)}
    keep_local_prior(db, LocalPrior(Prior.default(), card, comparison))
    if better and not use:
        use_local_prior(db, False)


# ---------------------------------------------------------------- check the model: the profile's reliability


def test_the_check_says_whether_points_can_be_told_apart_beyond_the_overall_level(dialog, ui_language) -> None:
    dialog._on_result(_check(UNRELIABLE, peers=3))
    assert dialog.profile.text() == (
        "Beyond each student's overall level, this class's scores tell knowledge points apart only weakly "
        "(reliability 0.04): treat most weak points as 'this student is behind overall'.\n"
        "The questions were calibrated on this class and 3 other classes of the grade."
    )
    assert dialog.details.item(4, 0).text() == "0.04"
    assert dialog.details.verticalHeaderItem(4).text() == "Profile reliability beyond the overall level"
    # the Rasch rival beside the diagnosis and the score rate, on the same hidden scores; its words in the verdict
    assert [dialog.details.horizontalHeaderItem(c).text() for c in range(3)] == [
        "Diagnosis",
        "Score rate",
        "Rasch, same data",
    ]
    assert (dialog.details.item(1, 1).text(), dialog.details.item(1, 2).text()) == ("0.310", "0.300")
    assert (
        "It does not predict better than a Rasch model fitted on the same data, grade included (40 hidden scores)."
        in dialog.verdict.text()
    )
    dialog._on_result(_check(RELIABLE))
    assert dialog.profile.text() == (
        "Beyond each student's overall level, this class's scores tell knowledge points apart reliably enough "
        "(0.62) to flag points weak relative to a student's own level."
    )
    assert dialog.details.item(4, 0).text() == "0.62"
    dialog._on_result(_check(ProfileReliability(float("nan"), float("nan"), 0)))
    assert dialog.profile.text().startswith("This class has too few scores per knowledge point")
    assert dialog.details.item(4, 0).text() == "—"
    ui_language("zh")
    dialog.retranslate()
    dialog._on_result(_check(UNRELIABLE, peers=3))
    assert dialog.profile.text() == (
        "在扣除每位学生的总体水平之后，本班成绩区分各知识点的能力很弱（信度 0.04）：大多数薄弱点应理解为“这位学生总体落后”。"
        "\n题目参数由本班和年级中另外 3 个班级共同标定。"
    )


def test_the_details_show_the_latest_exam_alone_beside_the_diagnosis_on_its_scores(dialog, ui_language) -> None:
    metrics = {"auc": 0.81, "rmse": 0.31, "log_loss": 0.52, "ece": 0.04}
    on_latest, alone = {**metrics, "rmse": 0.28}, {**metrics, "rmse": 0.33}
    check = _check(UNRELIABLE)
    check.rivals = (*check.rivals, Rival("latest_exam", on_latest, alone, 12))
    dialog._on_result(check)
    headers = [dialog.details.horizontalHeaderItem(c).text() for c in range(dialog.details.columnCount())]
    assert headers == ["Diagnosis", "Score rate", "Rasch, same data", "Diagnosis, latest exam", "Latest exam alone"]
    assert [dialog.details.item(1, c).text() for c in range(5)] == ["0.310", "0.310", "0.300", "0.280", "0.330"]
    assert dialog.details.horizontalHeaderItem(4).toolTip() == "On the latest exam's 12 hidden scores only"
    assert "than the diagnosis from the latest exam alone (12 hidden scores)" in dialog.verdict.text()
    dialog.details_button.click()  # shown, five names wrap onto two lines, none cut within a word
    header = dialog.details.horizontalHeader()
    assert header.height() >= 2 * header.fontMetrics().lineSpacing()
    for c, name in enumerate(headers):
        assert all(header.fontMetrics().horizontalAdvance(w) < header.sectionSize(c) for w in name.split()), name
    dialog._on_result(_check(UNRELIABLE))  # one exam: no such rival, no such column
    assert dialog.details.columnCount() == 3
    ui_language("zh")
    dialog.retranslate()
    dialog._on_result(check)
    assert dialog.details.horizontalHeaderItem(4).text() == "只用最近一次考试"


def test_a_reliability_below_nought_reads_as_none_in_the_check_and_its_command_line(dialog, ui_language) -> None:
    from app.services.checking import profile_text

    below = _check(ProfileReliability(split_half=-0.02, full_length=-0.04, cells=120))
    printed = profile_text(below)  # what `python -m app check` prints
    assert printed is not None and "信度 0.00）" in printed.zh and "(reliability 0.00)" in printed.en
    dialog._on_result(below)
    assert dialog.details.item(4, 0).text() == "0.00"
    assert "(reliability 0.00)" in dialog.profile.text() and "-0.04" not in dialog.profile.text()


def test_a_real_check_names_the_classes_of_the_grade_that_calibrated_the_questions(dialog, qtbot) -> None:
    with qtbot.waitSignal(dialog.checked, timeout=120_000) as done:
        dialog.start()
    result = done.args[0]
    assert result.peer_classes == 3
    assert dialog.profile.text().endswith(
        "The questions were calibrated on this class and 3 other classes of the grade."
    )
    assert dialog.prior_box.isVisible()
    assert "No model of this school has been trained yet." in dialog.prior_text.text()


# ---------------------------------------------------------------- the school's own model


def test_training_shows_the_comparison_and_the_switch_follows_the_state(dialog, qtbot) -> None:
    _read_prior(dialog, qtbot)
    assert dialog.prior_box.isVisible() and dialog.train_button.isEnabled()
    assert "No model of this school has been trained yet." in dialog.prior_text.text()
    assert "Diagnoses now use the shipped model." in dialog.prior_text.text()
    assert dialog.use_shipped.isChecked() and not dialog.use_shipped.isEnabled() and not dialog.use_local.isEnabled()
    with qtbot.waitSignal(dialog.prior_changed, timeout=120_000) as changed:
        dialog.train_button.click()
        assert not dialog.train_button.isEnabled() and dialog.cancel_button.isVisible()
    state = changed.args[0]
    assert state == prior_state(dialog.db) and state.trained and state.classes == 4
    text = dialog.prior_text.text()
    assert text.startswith("<b>Training finished.</b><br>")
    held = state.comparison["held_out_classes"]
    verdict = "predicted hidden scores better" if state.better else "did not predict hidden scores better"
    assert (
        f"Trained on 4 classes on {state.date}. Checked on classes kept out of its training ({held} of them), "
        f"it {verdict} than the shipped model"
    ) in text
    assert f"AUC {state.comparison['local']['auc']:.3f} against {state.comparison['shipped']['auc']:.3f}" in text
    in_use = "the school's model" if state.in_use else "the shipped model"
    assert f"Diagnoses now use {in_use}." in text
    assert "run the diagnosis again to apply a change" in text
    assert dialog.use_local.isEnabled() == state.better and dialog.use_local.isChecked() == state.in_use
    assert dialog.use_shipped.isEnabled() and dialog.train_button.isEnabled()
    assert not dialog.cancel_button.isVisible() and not dialog.train_progress.isVisible()


def test_switching_back_to_the_shipped_model_writes_the_choice(dialog, qtbot) -> None:
    _saved(dialog.db, better=True, use=True)
    _read_prior(dialog, qtbot)
    assert dialog.use_local.isChecked() and dialog.use_local.isEnabled()
    assert "Trained on 4 classes on 2025-06-01. Checked on classes kept out" in dialog.prior_text.text()
    assert "Diagnoses now use the school's model." in dialog.prior_text.text()
    with qtbot.waitSignal(dialog.prior_changed):
        dialog.use_shipped.click()
    with dialog.db.session() as session:
        stored = load_stored_prior(session)
    assert stored is not None and stored.in_use is False
    assert not prior_state(dialog.db).in_use and dialog.use_shipped.isChecked()
    assert "Diagnoses now use the shipped model." in dialog.prior_text.text()
    with qtbot.waitSignal(dialog.prior_changed):
        dialog.use_local.click()
    assert prior_state(dialog.db).in_use and "Diagnoses now use the school's model." in dialog.prior_text.text()


def test_a_model_that_did_not_predict_better_cannot_be_switched_on(dialog, qtbot) -> None:
    _saved(dialog.db, better=False, use=False)
    _read_prior(dialog, qtbot)
    assert not dialog.use_local.isEnabled() and dialog.use_shipped.isChecked()
    assert (
        "Trained on 4 classes on 2025-06-01. Checked on classes kept out of its training (1 of them), it did not "
        "predict hidden scores better than the shipped model, so it is not used."
    ) in dialog.prior_text.text()
    assert "AUC 0.740 against 0.720 (higher is better), log loss 0.580 against 0.600" in dialog.prior_text.text()


def test_cancel_during_training_leaves_no_local_prior(qtbot, ui_language, tmp_path, runner) -> None:
    from app.ui.dialogs.check import CheckModelDialog

    with open_database(_store(tmp_path)) as db:
        dialog = CheckModelDialog(db, "2班", runner, train_settings=LocalSettings(steps=100_000, meta_batch=2))
        qtbot.addWidget(dialog)
        _read_prior(dialog, qtbot)
        assert dialog.train() and dialog.cancel_button.isEnabled()
        with qtbot.waitSignal(dialog.training_over, timeout=60_000) as over:
            dialog.cancel_button.click()
        assert over.args == ["cancelled"]
        assert dialog.prior_text.text().startswith("Training cancelled; nothing was changed.")
        assert dialog.train_button.isEnabled() and not dialog.train_progress.isVisible()
        assert not prior_state(db).trained
    assert [p.name for p in Path(tmp_path).iterdir() if p.name.startswith("local_prior")] == []


def test_too_few_classes_are_refused_in_plain_words(qtbot, ui_language, tmp_path, runner) -> None:
    from app.ui.dialogs.check import CheckModelDialog

    with open_database(_store(tmp_path, ("1班", "2班"))) as db:
        dialog = CheckModelDialog(db, "2班", runner, train_settings=TINY)
        qtbot.addWidget(dialog)
        _read_prior(dialog, qtbot)
        with qtbot.waitSignal(dialog.training_over, timeout=60_000) as over:
            assert dialog.train()
        assert over.args == ["failed"]
        assert dialog.prior_text.text().startswith(
            "<b>The school's model could not be trained:</b> Training the school's own prior needs at least 3 "
            "classes tagged with knowledge points; the store holds 2."
        )
        assert not prior_state(db).trained and dialog.train_button.isEnabled()


# ---------------------------------------------------------------- the views: behind overall vs weak points


@pytest.fixture
def views(qtbot, ui_language):
    from app.ui.views.class_view import ClassView
    from app.ui.views.student_view import StudentView

    shown = SimpleNamespace(student=StudentView(), cls=ClassView())
    qtbot.addWidget(shown.student)
    qtbot.addWidget(shown.cls)
    return shown


def _found(point_specific: bool) -> Findings:
    """s1 not behind overall, 一元一次方程 weak for them (where supported) and the first point not sure yet; s2
    behind overall; s3 and s4 nothing to flag."""
    finding = np.full((4, 3), Finding.NONE.value, dtype=object)
    finding[0, 0] = Finding.NOT_SURE.value
    finding[0, 2] = Finding.WEAK_POINT.value if point_specific else Finding.NOT_SURE.value
    finding[1] = Finding.BEHIND_OVERALL.value
    return Findings(
        finding=finding,
        p_weak=np.full((4, 3), 0.5),
        overall=np.array([0.72, 0.28, 0.6, 0.45]),
        behind=np.array([False, True, False, False]),
        point_specific=point_specific,
        reliability=0.62 if point_specific else 0.04,
        confidence=0.8,
    )


def test_the_student_view_says_behind_overall_once_and_weak_points_only_where_the_class_supports_them(
    views, ui_language
) -> None:
    student = views.student
    student.set_data(dataclasses.replace(_data(), findings=_found(True)))
    assert student.kinds.text() == (
        f"Overall level: about 72% of an average question's points; not behind overall. ? not sure yet: {KPS[0]}\n"
        f"▼ Weak point: {KPS[2]}"
    )
    assert "behind overall" not in student.mastery_chart.texts()
    student.next()
    assert student.kinds.text() == (
        "Behind overall: about 28% of an average question's points, at least 80% sure it is below the weak "
        "threshold. Work on every point with this student rather than one in particular."
    )
    assert "behind overall" in student.mastery_chart.texts()  # their weak points grey under that one finding
    student.set_data(dataclasses.replace(_data(), findings=_found(False)))
    student.previous()
    assert student.kinds.text() == (
        "Overall level: about 72% of an average question's points; not behind overall. "
        f"? not sure yet: {KPS[0]}, {KPS[2]}\n"
        "No point is flagged for this student specifically: this class's scores do not tell points apart "
        "reliably (reliability 0.04)."
    )
    assert not student.kinds.isHidden() and student.kinds.toolTip()
    ui_language("zh")
    student.set_data(dataclasses.replace(_data(), findings=_found(True)))
    student.next()
    assert student.kinds.text().startswith("总体落后：")
    student.set_data(_data())  # an older run: nothing new shown
    assert student.kinds.text() == "" and student.kinds.isHidden()


def test_a_student_whose_every_point_is_not_sure_yet_is_not_summed_up_as_weak(views, ui_language) -> None:
    """s2's three points are all below the weak threshold (Status weak), none of them a finding of weak: the summary
    counts them as points to work on, beside the findings' "not sure yet", never as 薄弱."""
    found = _found(True)
    found.finding[1] = Finding.NOT_SURE.value
    found.behind[1] = False
    student = views.student
    for lang, summary, unsure in (
        ("en", "3 to work on, 0 developing, 0 mastered, 0 with too little evidence", "? not sure yet: "),
        ("zh", "需要加强 3 个，待巩固 0 个，已掌握 0 个，证据不足 0 个", "? 暂不确定："),
    ):
        ui_language(lang)
        student.set_data(dataclasses.replace(_data(), findings=found))
        student.show_student("s2")
        assert student.summary.text() == summary
        assert unsure + ("、" if lang == "zh" else ", ").join(KPS) in student.kinds.text()
        assert "薄弱" not in student.summary.text() and "weak" not in student.summary.text()


def test_the_class_view_counts_students_behind_overall_and_says_whether_flags_are_supported(views, ui_language) -> None:
    cls = views.cls
    cls.set_data(dataclasses.replace(_data(), findings=_found(False)))
    assert cls.kinds_note.text() == (
        "1 of 4 students behind overall · point-specific flags not supported (profile reliability 0.04)"
    )
    cls.set_data(dataclasses.replace(_data(), findings=_found(True)))
    assert (
        cls.kinds_note.text()
        == "1 of 4 students behind overall · point-specific flags shown (profile reliability 0.62)"
    )
    cls.set_data(_data())
    assert cls.kinds_note.text() == "" and cls.kinds_note.isHidden()
    ui_language("zh")
    cls.set_data(dataclasses.replace(_data(), findings=_found(False)))
    assert cls.kinds_note.text() == "4 名学生中有 1 名总体落后 · 不支持针对知识点的标记（画像信度 0.04）"
