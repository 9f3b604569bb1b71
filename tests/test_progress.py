"""Progress since the start of term: start vs now with intervals, moves beyond the uncertainty (one rule, the one
the student view's chart uses), and how the points a plan chose after one exam changed by the next."""

from __future__ import annotations

import json

import numpy as np
from sample_stores import copy_store

from app.cli import main
from app.core.diagnosis import Diagnosis, Thresholds
from app.insight.progress import Span, class_progress, moved, plan_followups, student_progress
from app.services.class_data import load_class_data
from app.services.diagnosing import diagnose_stored_class
from app.services.sample import SAMPLE_CLASS
from app.services.store import open_store

KPS = ("A", "B")


def _state(mastery: list[list[float]], half: float = 0.1, evidence: int = 4) -> Diagnosis:
    """Two students x two points at `mastery`, each interval mastery ± half."""
    m = np.array(mastery, dtype=float)
    e = np.full(m.shape, evidence)
    return Diagnosis(
        student_ids=("s1", "s2"),
        knowledge_points=KPS,
        item_ids=("q1",),
        mastery=m,
        lower=m - half,
        upper=m + half,
        evidence=e,
        status=Thresholds().statuses(m, e).astype(str),
        item_params={"difficulty": np.zeros(1)},
        model_version="test",
        device="CPU",
    )


def test_a_move_is_beyond_the_uncertainty_only_when_the_intervals_part() -> None:
    assert moved(Span("E1", 0.3, 0.2, 0.4), Span("E2", 0.7, 0.6, 0.8)) == 1
    assert moved(Span("E1", 0.7, 0.6, 0.8), Span("E2", 0.3, 0.2, 0.4)) == -1
    assert moved(Span("E1", 0.3, 0.2, 0.45), Span("E2", 0.55, 0.44, 0.7)) == 0


def test_student_progress_compares_the_first_and_last_judged_states() -> None:
    states = [
        ("E1", _state([[0.3, 0.6], [0.5, 0.5]])),
        ("E2", _state([[0.45, 0.6], [0.5, 0.5]], evidence=1)),  # too little evidence: not judged
        ("E3", _state([[0.7, 0.65], [0.2, 0.5]])),
    ]
    s1 = student_progress(states, "s1")
    assert [(p.knowledge_point, p.start.exam, p.now.exam, p.direction) for p in s1] == [
        ("A", "E1", "E3", 1),
        ("B", "E1", "E3", 0),
    ]
    assert abs(s1[0].change - 0.4) < 1e-12
    assert [p.direction for p in student_progress(states, "s2")] == [-1, 0]
    assert student_progress(states[:1], "s1") == []  # one state: no progress to speak of


def test_the_class_mean_moves_when_its_interval_parts() -> None:
    states = [("E1", _state([[0.3, 0.6], [0.3, 0.6]])), ("E2", _state([[0.7, 0.62], [0.7, 0.62]]))]
    a, b = class_progress(states)
    assert (a.start.mastery, a.now.mastery, a.direction) == (0.3, 0.7, 1)
    assert a.start.lower < 0.3 < a.start.upper and a.now.upper - a.now.lower < 0.2  # narrower than one student's
    assert b.direction == 0


def test_a_plans_points_after_one_exam_are_followed_to_the_next() -> None:
    states = [("E1", _state([[0.3, 0.6], [0.2, 0.4]])), ("E2", _state([[0.7, 0.6], [0.25, 0.3]]))]
    (f,) = plan_followups(states)
    assert (f.after, f.next) == ("E1", "E2")
    assert {sid: sorted(p.knowledge_point for p in found) for sid, found in f.points.items()} == {
        "s1": ["A"],  # B (0.6) is not weak: not on the plan
        "s2": ["A", "B"],
    }
    assert (f.planned, f.count(1), f.count(-1), f.count(0)) == (3, 1, 0, 2)


def test_progress_through_the_cli_is_the_windows_data(sample_store, tmp_path, capsys) -> None:
    store = copy_store(sample_store, tmp_path)
    db, _ = open_store(store)
    try:
        diagnose_stored_class(db, SAMPLE_CLASS)
        data = load_class_data(db, SAMPLE_CLASS)
    finally:
        db.close()
    assert main(["--lang", "en", "progress", "--class", SAMPLE_CLASS, "--db", str(store), "--json"]) == 0
    record = json.loads(capsys.readouterr().out)
    states = data.states()
    assert record["exams"] == [e for e, _ in states] == list(data.matrix.assessments)
    assert record["now"] == data.diagnosis.settings["state_after"]
    expected = class_progress(states)
    assert [p["knowledge_point"] for p in record["points"]] == [p.knowledge_point for p in expected]
    assert [p["now"]["mastery"] for p in record["points"]] == [p.now.mastery for p in expected]
    first = data.diagnosis.student_ids[0]
    moved_points = {p["knowledge_point"] for p in record["students"][0]["points"] if p["moved"] != "none"}
    assert moved_points == {k for k, on in zip(data.diagnosis.knowledge_points, data.moved(first)) if on}
    assert [(p["after"], p["next"]) for p in record["plans"]] == list(zip(record["exams"], record["exams"][1:]))
    assert all(p["planned"] == p["rose"] + p["fell"] + p["within"] > 0 for p in record["plans"])
    grew = [(r["after"], r["reliability"]) for r in record["profile_reliability"]]
    assert grew == data.reliability_growth and [e for e, _ in grew] == record["exams"]
    assert data.weak_kinds is not None and grew[-1][1] == data.weak_kinds.reliability.full_length  # now: the class's
    assert main(["--lang", "en", "progress", "--class", SAMPLE_CLASS, "--db", str(store)]) == 0
    assert "since the start of term (after '第一次月考')" in capsys.readouterr().out
