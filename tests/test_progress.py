"""Progress since the start of term: start vs now with intervals, moves beyond the uncertainty (one rule, the one
the student view's chart uses), and how the points a plan chose after one exam changed by the next."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass

import numpy as np
import pytest
from insight_helpers import judged
from sample_stores import copy_store

from app.cli import main
from app.core.diagnosis import Diagnosis
from app.insight.progress import Span, class_progress, followup_text, moved, plan_followups, student_progress
from app.services.class_data import load_class_data
from app.services.sample import SAMPLE_CLASS
from app.services.store import open_store

KPS = ("A", "B")


def _state(mastery: list[list[float]], half: float = 0.1, evidence: int = 4) -> Diagnosis:
    """Two students x two points at `mastery`, each interval mastery ± half."""
    return judged(("s1", "s2"), KPS, np.array(mastery, dtype=float), half, evidence)


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


@dataclass(frozen=True)
class _Exported:
    exported: dt.datetime
    after: str
    points: dict[str, tuple[str, ...]]


def test_the_plans_a_teacher_exported_are_followed_not_the_rules() -> None:
    states = [("E1", _state([[0.3, 0.6], [0.2, 0.4]])), ("E2", _state([[0.7, 0.6], [0.25, 0.3]]))]
    older = _Exported(dt.datetime(2026, 10, 1), "E1", {"s1": ("A", "B")})
    handed_out = _Exported(dt.datetime(2026, 10, 2), "E1", {"s1": ("B",), "s2": ("B", "gone"), "s9": ("A",)})
    (f,) = plan_followups(states, (), [handed_out, older])  # the latest export after E1 wins, whatever the order
    assert f.exported == dt.datetime(2026, 10, 2)
    # its points, not the rule's (s1's A), in its order; a point or a student the states lack is left out
    assert {sid: [p.knowledge_point for p in found] for sid, found in f.points.items()} == {"s1": ["B"], "s2": ["B"]}
    assert (f.planned, f.count(1), f.count(-1), f.count(0)) == (2, 0, 0, 2)
    assert followup_text(f).en == (
        "The plans exported on 2026-10-02 after 'E1' gave 2 students 2 points to work on in all: by 'E2' 0 rose "
        "beyond their uncertainty, 0 fell, the other 2 stayed within it."
    )
    (rule,) = plan_followups(states, (), [_Exported(dt.datetime(2026, 10, 3), "E2", {"s1": ("A",)})])
    assert rule.exported is None and rule.planned == 3  # nothing exported after E1: the rule's plans
    assert followup_text(rule).zh.startswith("“E1”之后按规则生成的计划给 2 名学生共列了 3 个知识点（按人次计）")


def test_progress_through_the_cli_is_the_windows_data(diagnosed_store, tmp_path, capsys) -> None:
    store = copy_store(diagnosed_store, tmp_path)
    db, _ = open_store(store)
    try:
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
    out = capsys.readouterr().out
    assert "since the start of term (after '第一次月考')" in out
    for p in expected:  # start of term against now with their intervals, in the text too
        start, now = p.start, p.now
        assert (
            f"{'↑' if p.direction > 0 else '↓' if p.direction < 0 else '='} {p.knowledge_point} {start.mastery:.2f} "
            f"[{start.lower:.2f}–{start.upper:.2f}] → {now.mastery:.2f} [{now.lower:.2f}–{now.upper:.2f}]"
        ) in out


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="the class moves are read against the papers' questions as calibrated on every class that sat them, and "
    "the sample's other classes sat only 第二次月考: the reviewed points, +0.20 and +0.18 in true class mean mastery, "
    "show as +0.052 and +0.033 with the class mean's interval about ± 0.055 (the others +0.003 to +0.030)",
)
def test_the_samples_term_shows_the_reviewed_points_rise_beyond_their_uncertainty(diagnosed_store, tmp_path) -> None:
    # the sample's story: after 期中考试 the teacher went over 一元一次不等式 and 一次函数, the class's weakest there
    store = copy_store(diagnosed_store, tmp_path)
    db, _ = open_store(store)
    try:
        data = load_class_data(db, SAMPLE_CLASS)  # what the Progress tab and `progress` read
    finally:
        db.close()
    rose = {p.knowledge_point for p in class_progress(data.states()) if p.direction > 0}
    assert rose & {"一元一次不等式", "一次函数"}


def test_plans_exported_after_an_exam_are_followed_at_the_next_in_both_faces(diagnosed_store, tmp_path, capsys) -> None:
    from app.services.exporting import ExportRequest, export_class
    from app.storage import list_diagnosis_runs, list_exported_plans, open_database

    store = copy_store(diagnosed_store, tmp_path)
    db, _ = open_store(store)
    try:
        with db.session() as session:
            runs = list_diagnosis_runs(session, SAMPLE_CLASS)
        first_exam = load_class_data(db, SAMPLE_CLASS).matrix.assessments[0]
        after_first = next(r.run_id for r in runs if r.state_after == first_exam and r.assessments == (first_exam,))
        request = ExportRequest("plans", SAMPLE_CLASS, tmp_path / "plans.csv", None, "en", run_id=after_first)
        result = export_class(db, request)
        assert result.notes == []
        with db.session() as session:
            (kept,) = list_exported_plans(session, SAMPLE_CLASS)
        assert (kept.kind, kept.after, kept.run_id) == ("plans", first_exam, after_first)
        data = load_class_data(db, SAMPLE_CLASS)
        followed = data.plan_followups()[0]
        assert (followed.after, followed.exported) == (first_exam, kept.exported)
        assert {sid: [p.knowledge_point for p in found] for sid, found in followed.points.items()} == {
            sid: list(points) for sid, points in kept.points.items() if points
        }
    finally:
        db.close()
    assert main(["--lang", "en", "progress", "--class", SAMPLE_CLASS, "--db", str(store), "--json"]) == 0
    plans = json.loads(capsys.readouterr().out)["plans"]
    assert plans[0]["exported"] == kept.exported.isoformat(timespec="seconds") and plans[0]["after"] == first_exam
    assert [p["exported"] for p in plans[1:]] == [None] * (len(plans) - 1)  # the rule's plans after the others
    reading = open_database(store, read_only=True)
    try:
        unkept = export_class(reading, dataclasses.replace(request, out=tmp_path / "again.csv"))
        assert [n.en for n in unkept.notes] == [
            "The store is read-only, so these plans were not remembered: the next exam cannot follow their points."
        ]
        assert (tmp_path / "again.csv").exists()
        with reading.session() as session:
            assert len(list_exported_plans(session, SAMPLE_CLASS)) == 1
    finally:
        reading.close()


def test_what_the_class_shares_does_not_average_out_over_its_students() -> None:
    start, now = _state([[0.3, 0.6], [0.3, 0.6]]), _state([[0.5, 0.6], [0.5, 0.6]])
    (a, _) = class_progress([("E1", start), ("E2", now)])
    assert a.direction == 1  # two students' ± 0.1 make the class mean's ± 0.071
    shared = dataclasses.replace(now, settings={**now.settings, "class_move_variance": [0.25, 0.25]})
    (b, _) = class_progress([("E1", start), ("E2", shared)])
    # a shared logit sd of 0.5 is 0.125 at mastery 0.5, all of it the class's, none divided among its students
    assert b.now.upper - b.now.lower > 2 * 0.11 and b.direction == 0
    assert (b.start, b.now.mastery) == (a.start, a.now.mastery)
