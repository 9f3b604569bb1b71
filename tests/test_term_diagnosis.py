"""The default diagnosis of a class of several exams is where the term has carried it now, and the state after each
exam stays viewable: stored, listed in date order, named so in the window's run chooser."""

from __future__ import annotations

import dataclasses

import numpy as np
from sample_stores import copy_store
from ui_fixtures import showing_diagnosis

from app.core.score_matrix import ScoreMatrix
from app.engine.diagnose import diagnose
from app.engine.term import fit_term
from app.services.class_data import load_class_data
from app.services.diagnosing import diagnose_stored_class
from app.services.sample import SAMPLE_CLASS
from app.services.store import open_store

RISE = (0.36, 0.35, 0.58, 0.70)  # one point's success rate over four exams, a month apart


def _rising(seed: int = 0, students: int = 40, items: int = 12) -> ScoreMatrix:
    """A class whose point K0 goes 0.36 -> 0.70 over four exams while K1 stays at 0.6 (half the questions each)."""
    rng = np.random.default_rng(seed)
    exams = len(RISE)
    n = items * exams
    exam = np.repeat(np.arange(exams), items)
    q = np.zeros((n, 2), dtype=bool)
    q[np.arange(n), np.arange(n) % 2] = True
    rate = np.where(q[:, 0], np.array(RISE)[exam], 0.6)
    return ScoreMatrix(
        student_ids=tuple(f"s{j}" for j in range(students)),
        student_names=(None,) * students,
        item_ids=tuple(f"E{t}/Q{i}" for t in range(exams) for i in range(items)),
        knowledge_points=("K0", "K1"),
        assessments=tuple(f"E{t}" for t in range(exams)),
        item_assessment=exam,
        points=(rng.random((students, n)) < rate[None, :]).astype(float),
        max_scores=np.ones(n),
        q_matrix=q,
    )


def test_a_rising_point_ends_nearer_the_latest_exam_than_the_pooled_run() -> None:
    m = _rising()
    latest = m.item_assessment == len(RISE) - 1
    alone = dataclasses.replace(
        m,
        item_ids=tuple(np.array(m.item_ids)[latest]),
        assessments=(m.assessments[-1],),
        item_assessment=np.zeros(int(latest.sum()), dtype=int),
        points=m.points[:, latest],
        max_scores=m.max_scores[latest],
        q_matrix=m.q_matrix[latest],
    )
    on_latest = diagnose(alone).mastery[:, 0].mean()
    pooled = diagnose(m).mastery[:, 0].mean()
    now = fit_term([m], [[0.0, 30.0, 60.0, 90.0]]).diagnosis(0)
    assert now.settings["model"] == "term" and now.settings["state_after"] == "E3"
    assert abs(now.mastery[:, 0].mean() - on_latest) < abs(pooled - on_latest)
    assert now.mastery[:, 0].mean() > pooled + 0.02  # the pool weighs the early exams as much as the latest


def test_the_state_after_each_exam_holds_that_exams_questions_and_the_evidence_so_far() -> None:
    m = _rising(1)
    fit = fit_term([m])
    first = fit.diagnosis(0, 0, np.flatnonzero(m.item_assessment == 0))
    assert first.item_ids == m.item_ids[:12] and first.settings["state_after"] == "E0"
    assert first.evidence.tolist() == [[6, 6]] * len(m.student_ids)  # the questions of E0 only
    assert fit.diagnosis(0).evidence.tolist() == [[24, 24]] * len(m.student_ids)  # of the whole term
    assert np.allclose(fit.diagnosis(0, 3).mastery, fit.states(0)[-1].mastery)


def test_a_class_of_several_exams_is_stored_as_now_and_the_state_after_each_exam(sample_store, tmp_path) -> None:
    db, _ = open_store(copy_store(sample_store, tmp_path))
    try:
        saved = diagnose_stored_class(db, SAMPLE_CLASS)
        data = load_class_data(db, SAMPLE_CLASS)
        single = diagnose_stored_class(db, "八年级(1)班")
    finally:
        db.close()
    exams = list(data.matrix.assessments)  # in date order
    assert exams == ["第一次月考", "期中考试", "2026年11月八年级数学第二次月考"]
    (main_id, main), *states = saved
    assert data.run_id == main_id and main.settings["model"] == "term" and main.settings["state_after"] == exams[-1]
    assert [d.settings["state_after"] for _, d in states] == exams
    assert list(data.per_assessment) == exams and data.trajectory(data.matrix.student_ids[0])[0] == exams
    assert all(data.per_assessment[e].settings["state_after"] == e for e in exams)
    assert np.allclose(data.per_assessment[exams[-1]].mastery, data.diagnosis.mastery)
    assert [r.state_after for r in data.runs] == [exams[-1], *reversed(exams)]  # newest first: now, then back
    assert [d.settings["model"] for _, d in single] == ["exam"] and single[0][1].settings.get("state_after") is None
    # the papers' shifts are stored with the run's questions: the plans read the expected scores `predict` gives
    assert np.array_equal(data.diagnosis.item_params["shift"], main.item_params["shift"])
    assert np.any(main.item_params["shift"] != 0) and "shift" not in single[0][1].item_params


def test_the_run_chooser_says_now_and_after_which_exam(make_window, qtbot, diagnosed_store, tmp_path) -> None:
    window = showing_diagnosis(make_window(db=copy_store(diagnosed_store, tmp_path)), qtbot)
    picker = window.workspace.run_picker
    labels = [picker.itemText(i) for i in range(picker.count())]
    assert "now: after 2026年11月八年级数学第二次月考" in labels[0]
    assert ["after 第一次月考" in t for t in labels] == [False, False, False, True]
    assert picker.currentData() == window.state.data.run_id


def test_the_views_say_what_moved_since_the_start_of_term(make_window, qtbot, diagnosed_store, tmp_path) -> None:
    from app.insight.progress import class_progress, followup_text, student_progress

    window = showing_diagnosis(make_window(db=copy_store(diagnosed_store, tmp_path)), qtbot)
    data = window.state.data
    states = data.states()
    assert [e for e, _ in states] == list(data.matrix.assessments)
    student, view = window.workspace.student_view, window.workspace.class_view
    for s in range(len(data.diagnosis.student_ids)):
        text = student.progress_text(s)
        assert text.startswith("Since the start of term (after 第一次月考):")
        went = [p for p in student_progress(states, data.diagnosis.student_ids[s]) if p.direction]
        moves = text.splitlines()[1 : 1 + len(went)]
        assert [line[2:].split(":")[0] for line in moves] == [p.knowledge_point for p in went]
        assert [line[0] for line in moves] == ["↑" if p.direction > 0 else "↓" for p in went]
        plan = data.plan_followups()[-1].points.get(data.diagnosis.student_ids[s], [])  # the rule's latest plan
        said_plan = [line for line in text.splitlines() if line.startswith("The plan made after 期中考试 held")]
        assert len(said_plan) == bool(plan) and all(f"held {len(plan)} point(s)" in line for line in said_plan)
    up = [p.knowledge_point for p in class_progress(states) if p.direction > 0]
    said = view.progress_text()
    assert said.startswith("Since the start of term (after 第一次月考) to now (after 2026年11月八年级数学第二次月考)")
    assert all(point in said for point in up) and ("rose on: none" in said) == (not up)
    planned, grew = said.splitlines()[1:3]  # the latest plans' points by the next exam; the profile's reliability
    assert planned == followup_text(data.plan_followups()[-1]).en  # nothing exported: the rule's latest plans
    assert grew.startswith("How far the points can be told apart (profile reliability, 0.50 needed) after each exam")
    assert grew.endswith(" → ".join(f"{exam} {r:.2f}" for exam, r in data.reliability_growth))
    assert [exam for exam, _ in data.reliability_growth] == list(data.matrix.assessments)
