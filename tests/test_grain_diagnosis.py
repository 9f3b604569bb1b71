"""A class diagnosed at the grain its data support: the engine run on its grouped scores by the class's own path
(one exam within its grade, several carried through the term), each group's class mean and each student's group
mastery, P(weak) and finding; none where the class's own points can be told apart."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import numpy as np
from sample_stores import copy_store

from app.cli import main
from app.core.problems import Text
from app.core.vocabulary import Finding
from app.insight.grain import GrainKind, group_key, grouped_matrix
from app.services.class_data import load_class_data
from app.services.grain import class_grain
from app.services.grain_diagnosis import grain_diagnosis, grain_mastery_record, grain_mastery_text
from app.services.importing import ImportRequest, import_parsed, read_checked
from app.services.sample import SAMPLE_CLASS
from app.services.store import open_store
from app.storage import Database

POINTS = ("代数甲", "代数乙", "几何甲", "几何乙")


def _class_csv(
    folder: Path,
    ability_of: list[int],
    students: int = 60,
    per_point: int = 6,
    seed: int = 0,
    points: tuple[str, ...] = POINTS,
) -> Path:
    """One exam, question i testing point i mod 4 (of `points`); point k answered by ability `ability_of[k]`
    (independent abilities, sd 1.5): points sharing an ability cannot be told apart, points of different ones can."""
    rng = np.random.default_rng(seed)
    n = per_point * len(points)
    ability = rng.normal(0, 1.5, (students, max(ability_of) + 1))[:, ability_of]
    p = 1 / (1 + np.exp(-(ability[:, np.arange(n) % len(points)] - rng.normal(0, 0.5, n))))
    scores = (rng.random(p.shape) < p).astype(int)
    rows = ["student_id,student_name,item_id,score,max_score,knowledge_points"] + [
        f"S{s:03d},学生{s},Q{i + 1},{scores[s, i]},1,{points[i % len(points)]}"
        for s in range(students)
        for i in range(n)
    ]
    path = folder / "期中.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _store(tmp_path: Path, ability_of: list[int], points: tuple[str, ...] = POINTS) -> Database:
    db, _ = open_store(tmp_path / "zhidian.db")
    path = _class_csv(tmp_path, ability_of, points=points)
    import_parsed(db, ImportRequest(read_checked(path), "甲班", path=str(path)))
    return db


def test_the_sample_class_is_diagnosed_at_its_two_groups_of_points_tagged_together(diagnosed_store, tmp_path) -> None:
    db, _ = open_store(copy_store(diagnosed_store, tmp_path))
    try:
        data = load_class_data(db, SAMPLE_CLASS, confidence=0.8)
        found = grain_diagnosis(db, SAMPLE_CLASS, data.grain, confidence=0.8)
    finally:
        db.close()
    grain = data.grain
    assert grain is not None and grain.kind is GrainKind.TAGGED and found is not None
    assert [g.points for g in found.groups] == list(grain.groups) and len(found.groups) == 2
    assert [(g.label.zh, g.label.en) for g in found.groups] == [
        (f"{points[0]}等{len(points)}个", f"{points[0]} +{len(points) - 1}") for points in grain.groups
    ]
    assert found.groups[0].shown("en") == f"{found.groups[0].label.en}: " + ", ".join(grain.groups[0])
    weak = [sum(cells[n].finding is Finding.WEAK_POINT for cells in found.students) for n in range(2)]
    said = grain_mastery_text(found)
    assert (
        said is not None
        and said.en
        == "Class mean mastery by group (95% interval): "
        + "; ".join(
            f"{g.label.en} {g.mean:.2f} ({g.lower:.2f}–{g.upper:.2f}), a weak point for {weak[n]} student(s)"
            for n, g in enumerate(found.groups)
        )
        + "."
    )
    assert found.diagnosis.knowledge_points == tuple(group_key(g) for g in grain.groups)
    assert found.diagnosis.settings["model"] == "term"  # the class's three exams carried through the term, as its own
    assert found.student_ids == data.matrix.student_ids
    for g in found.groups:
        assert 0 < g.lower <= g.mean <= g.upper < 1 and 0 <= g.share_weak <= 1
    cells = [c for student in found.students for c in student]
    assert len(cells) == 2 * len(data.matrix.student_ids)
    assert all(0 < c.lower <= c.mastery <= c.upper < 1 and 0 <= c.p_weak <= 1 for c in cells)
    # the points cannot be told apart, so no point is weak for a student specifically; the two groups can, and are
    assert data.findings is not None and not data.findings.point_specific
    assert not (data.findings.finding == Finding.WEAK_POINT.value).any()
    assert found.findings.point_specific and found.findings.reliability == grain.reliability
    specific = [c for c in cells if c.finding is Finding.WEAK_POINT]
    assert specific and all(c.p_weak >= 0.8 for c in specific)
    for sid in found.student_ids:
        if found.behind(sid):
            assert {c.finding for c in found.of(sid)} <= {Finding.BEHIND_OVERALL, Finding.WEAK_POINT}


def test_a_class_of_one_exam_is_diagnosed_at_its_groups_by_the_engine_on_the_grouped_scores(tmp_path) -> None:
    from app.engine.diagnose import diagnose
    from app.services.diagnosing import diagnose_grouped
    from app.storage import load_score_matrix

    db = _store(tmp_path, [0, 0, 1, 1])
    groups = ((POINTS[0], POINTS[1]), (POINTS[2], POINTS[3]))
    try:
        grouped, matrix = diagnose_grouped(db, "甲班", groups)
        with db.session() as session:
            fine = load_score_matrix(session, "甲班")
    finally:
        db.close()
    assert matrix.knowledge_points == ("代数甲 + 代数乙", "几何甲 + 几何乙") and matrix.item_ids == fine.item_ids
    assert matrix.q_matrix.tolist() == [[i % 4 < 2, i % 4 >= 2] for i in range(24)]
    alone = diagnose(grouped_matrix(fine, groups))
    assert grouped.knowledge_points == alone.knowledge_points and grouped.settings["model"] == "exam"
    assert np.array_equal(grouped.mastery, alone.mastery) and np.array_equal(grouped.upper, alone.upper)


def test_no_grain_diagnosis_where_the_points_can_be_told_apart_or_no_grouping_reaches_the_gate(tmp_path) -> None:
    db = _store(tmp_path, [0, 1, 2, 3])
    try:
        assert class_grain(db, "甲班") is None  # each point its own ability: the class's own points can be told apart
        assert grain_diagnosis(db, "甲班", class_grain(db, "甲班")) is None
    finally:
        db.close()


def test_a_grain_short_of_the_gate_gets_no_grain_diagnosis(sample_store, tmp_path) -> None:
    db, _ = open_store(copy_store(sample_store, tmp_path))
    try:
        grain = class_grain(db, SAMPLE_CLASS)
        assert grain is not None and grain.supported
        assert grain_diagnosis(db, SAMPLE_CLASS, dataclasses.replace(grain, supported=False)) is None
    finally:
        db.close()


def test_the_window_shows_the_groups_first_and_the_points_as_detail(
    make_window, qtbot, diagnosed_store, tmp_path, capsys
):
    store = copy_store(diagnosed_store, tmp_path)
    window = make_window(db=store)
    qtbot.waitUntil(lambda: window.state.data is not None and window.state.data.class_name == SAMPLE_CLASS)
    data = window.state.data
    found = data.at_grain
    assert found is not None and [g.points for g in found.groups] == list(data.grain.groups)
    view = window.workspace.class_view
    qtbot.waitUntil(lambda: not view._redraw_pending)
    assert view.weakness_title.text() == "Weakness per group (weakest first)"
    assert not view.show_points.isHidden() and view.show_points.text() == "Points (detail)"
    assert {g.label.en for g in found.groups} <= set(view.weakness_chart.texts())
    assert view.group_note.text() == (
        "By group (points tagged together): the points cannot be told apart here, these groups can (profile "
        "reliability 0.18 → 0.52); hover for their points."
    )
    assert view.group_note.toolTip().splitlines()[:3] == [
        *(f"{g.label.en}: {', '.join(g.points)}" for g in found.groups),
        "",
    ]
    assert view.weakness_note.isHidden()  # the axes say what the bars are; the tooltip too
    assert view.grain_note.isHidden()  # the heat map's note would repeat the line under the groups' chart
    view.show_points.click()  # the points, as detail: the chart as it was
    assert view.weakness_title.text() == "Weakness per knowledge point (weakest first)" and view.group_note.isHidden()
    assert not view.grain_note.isHidden() and "0.52" in view.grain_note.text()
    assert not view.weakness_note.isHidden()
    assert found.groups[0].label.en not in view.weakness_chart.texts() and "勾股定理" in view.weakness_chart.texts()
    view.show_points.click()
    assert view.weakness_title.text() == "Weakness per group (weakest first)"

    student = window.workspace.student_view
    weak = next(
        s for s, cells in zip(found.student_ids, found.students) if Finding.WEAK_POINT in {c.finding for c in cells}
    )
    student.show_student(weak)
    qtbot.waitUntil(lambda: not student._redraw_pending)
    by_group = "By group: " + ", ".join(
        f"{g.label.en} {cell.finding.text.en}" for g, cell in zip(found.groups, found.of(weak))
    )
    assert by_group in student.kinds.text().splitlines()  # in place of "no point can be flagged for this student"
    assert "No point is flagged for this student specifically" not in student.kinds.text()
    lines = student.kinds.toolTip().split("\n\n")[0].splitlines()  # the details: each group's points, interval, P(weak)
    assert lines[0] == "By group: this class's points cannot be told apart, these groups can (reliability 0.52)."
    for line, g, cell in zip(lines[1:], found.groups, found.of(weak), strict=True):
        assert line == (
            f"{g.label.en} ({', '.join(g.points)}): {cell.mastery:.2f} [{cell.lower:.2f}–{cell.upper:.2f}], "
            f"P(weak) {cell.p_weak:.0%} · {cell.finding.text.en}"
        )
    assert any(line.endswith("· weak point") for line in lines)
    texts = student.mastery_chart.texts()  # the groups first, then every point (detail)
    assert (
        texts.index(found.groups[0].label.en)
        < texts.index(found.groups[1].label.en)
        < texts.index(window.state.data.diagnosis.knowledge_points[0], 2)
    )
    assert student.mastery_box.title() == "Mastery per group of points, then per knowledge point (with interval)"

    with qtbot.waitSignal(window.loader.class_shown, timeout=30_000):  # shown again: the groups kept, not re-fitted
        window.loader.show_class(SAMPLE_CLASS)
    assert window.state.data is not data and window.state.data.at_grain is found

    # the command line's check: the same groups, class means and findings as the window's
    assert main(["--lang", "en", "check", "--class", SAMPLE_CLASS, "--db", str(store), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)["grain_mastery"]
    shown = grain_mastery_record(found)
    assert printed is not None and shown is not None
    assert {**printed, "seconds": None} == {**shown, "seconds": None}
    assert [g["points"] for g in printed["groups"]] == [list(g) for g in data.grain.groups]


def test_the_window_reads_the_grain_beside_the_current_run_only(diagnosed_store, tmp_path) -> None:
    from app.core.diagnosis import Thresholds
    from app.services.class_data import read_for_showing

    db, _ = open_store(copy_store(diagnosed_store, tmp_path))
    try:
        now = read_for_showing(db, SAMPLE_CLASS, shown=None, refresh=False, thresholds=Thresholds(0.4, 0.7)).data
        assert now is not None and now.at_grain is not None
        assert now.at_grain.diagnosis.thresholds == Thresholds(0.4, 0.7)  # judged as the class shown
        # a score corrected after the run: the run shown is out of date, and today's grouped diagnosis does not
        # stand beside it (the grain itself is still read off the run's kinds)
        from app.services.classes import correct

        student, label = now.matrix.student_ids[0], now.matrix.item_ids[0].split("/")[-1]
        as_it_was = float(now.matrix.points[0, 0])  # the same score again: the grain stays as it was
        correct(db, SAMPLE_CLASS, now.matrix.assessments[0], student, label, as_it_was)
        stale = read_for_showing(db, SAMPLE_CLASS, shown=None, refresh=False, thresholds=Thresholds()).data
        assert stale is not None and stale.stale and stale.grain == now.grain and stale.at_grain is None
    finally:
        db.close()


def test_a_grouped_diagnosis_that_fails_leaves_the_class_shown_per_point_with_why(
    make_window, qtbot, diagnosed_store, tmp_path, monkeypatch, caplog
) -> None:
    import logging

    import app.services.diagnosing as diagnosing
    from app.core.diagnosis import Thresholds
    from app.core.problems import Refused, Text
    from app.services.class_data import read_for_showing

    failure: Exception = RuntimeError("the engine broke")

    def broken(*args, **kwargs):
        raise failure

    monkeypatch.setattr(diagnosing, "diagnose_grouped", broken)
    store = copy_store(diagnosed_store, tmp_path)
    db, _ = open_store(store)
    try:
        with caplog.at_level(logging.ERROR, logger="app.services.class_data"):
            shown = read_for_showing(db, SAMPLE_CLASS, shown=None, refresh=False, thresholds=Thresholds())
        failure = Refused(Text("引擎坏了", "the engine is broken"))  # a core error says why in its own words
        said = read_for_showing(db, SAMPLE_CLASS, shown=None, refresh=False, thresholds=Thresholds()).data
    finally:
        db.close()
    data = shown.data
    assert shown.error is None and data is not None and data.diagnosis is not None
    assert data.grain is not None and data.grain.supported and data.at_grain is None  # the class, per point
    assert [(n.zh, n.en) for n in data.notes] == [
        (
            "未能按组诊断本班（RuntimeError: the engine broke），下面按知识点显示。",
            "The grouped view of this class could not be made (RuntimeError: the engine broke); it is shown per "
            "knowledge point.",
        )
    ]
    assert "Traceback" in caplog.text and "RuntimeError: the engine broke" in caplog.text  # the traceback, logged
    assert said is not None and [n.zh for n in said.notes] == ["未能按组诊断本班（引擎坏了），下面按知识点显示。"]

    failure = RuntimeError("the engine broke")
    window = make_window(db=store)
    qtbot.waitUntil(lambda: window.state.data is not None and window.state.data.class_name == SAMPLE_CLASS)
    view = window.workspace.class_view
    qtbot.waitUntil(lambda: not view._redraw_pending)
    assert window.state.data.at_grain is None and view.show_points.isHidden()
    assert view.weakness_title.text() == "Weakness per knowledge point (weakest first)"
    assert not view.class_notes.isHidden() and view.class_notes.text() == data.notes[0].en


LONG = ("一元一次不等式组的解法", "一元一次不等式的应用题", "全等三角形的判定与性质", "等腰三角形的性质与判定")
"""Points named longer than a chart's row: the first two tested by one ability, the last two by another."""


def test_a_group_tagged_together_keeps_its_whole_label_and_a_chart_row_cuts_its_first_point_only() -> None:
    from app.charts.layout import LABEL
    from app.insight.grain import Grain
    from app.services.grain_diagnosis import group_label

    long = (*LONG, "一次函数")
    grain = Grain(GrainKind.TAGGED, (long, ("勾股定理", "实数")), (Text("", ""), Text("", "")), 0.6, 0.4, True)
    assert group_label(grain, 0) == Text("一元一次不等式组的解法等5个", "一元一次不等式组的解法 +4")
    assert group_label(grain, 0, LABEL) == Text("一元一次不等式组…等5个", "一元一次不等式组… +4")
    assert all(len(label) == LABEL for label in (group_label(grain, 0, LABEL).zh, group_label(grain, 0, LABEL).en))
    assert group_label(grain, 1, LABEL) == group_label(grain, 1) == Text("勾股定理等2个", "勾股定理 +1")  # fits whole


def test_the_command_line_says_a_groups_whole_label_and_the_charts_keep_its_count(
    make_window, qtbot, tmp_path, capsys
) -> None:
    from app.charts.layout import LABEL
    from app.services.diagnosing import diagnose_stored_class

    db = _store(tmp_path, [0, 1, 1, 1], LONG)
    try:
        diagnose_stored_class(db, "甲班")
    finally:
        db.close()
    store = tmp_path / "zhidian.db"
    whole = [f"{LONG[0]}等2个", f"{LONG[2]}等2个"]
    assert main(["--lang", "zh", "check", "--class", "甲班", "--db", str(store), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)["grain_mastery"]
    assert printed is not None and [g["label"]["zh"] for g in printed["groups"]] == whole
    assert [g["label"]["en"] for g in printed["groups"]] == [f"{LONG[0]} +1", f"{LONG[2]} +1"]
    assert main(["--lang", "zh", "check", "--class", "甲班", "--db", str(store)]) == 0
    said = capsys.readouterr().out
    assert all(f"{label} 0." in said for label in whole)  # the class mean follows the whole label

    window = make_window(db=store)
    qtbot.waitUntil(lambda: window.state.data is not None and window.state.data.at_grain is not None)
    view = window.workspace.class_view
    qtbot.waitUntil(lambda: not view._redraw_pending)
    rows = [f"{LONG[0][:8]}… +1", f"{LONG[2][:8]}… +1"]  # cut to a row's width (the window in English), the count kept
    assert all(len(row) == LABEL for row in rows) and set(rows) <= set(view.weakness_chart.texts())
    student = window.workspace.student_view
    student.show_student(window.state.data.at_grain.student_ids[0])
    qtbot.waitUntil(lambda: not student._redraw_pending)
    shown = student._mastery_rows(student.index)
    assert shown.groups == 2 and shown.names[:2] == rows and len(shown.names) == 2 + len(LONG)
    assert len(shown.mastery) == len(shown.lower) == len(shown.upper) == len(shown.status) == len(shown.muted) == 6
    assert set(rows) <= set(student.mastery_chart.texts())


def test_a_class_shown_again_with_the_same_inputs_keeps_its_groups_and_any_change_makes_them_anew(
    diagnosed_store, tmp_path, monkeypatch
) -> None:
    import app.services.diagnosing as diagnosing
    from app.core.diagnosis import Thresholds
    from app.services.class_data import read_for_showing
    from app.services.classes import correct
    from app.services.diagnosing import diagnose_stored_class
    from app.services.grain_cache import GrainCache
    from app.storage import CalibrationRecord, QuestionCalibration, save_calibration, save_stored_prior

    made = []
    fit = diagnosing.diagnose_grouped

    def counted(*args, **kwargs):
        made.append(args[1])
        return fit(*args, **kwargs)

    monkeypatch.setattr(diagnosing, "diagnose_grouped", counted)
    cache = GrainCache()

    def show(db, thresholds=Thresholds(), confidence=0.8):
        data = read_for_showing(
            db, SAMPLE_CLASS, shown=None, refresh=False, thresholds=thresholds, confidence=confidence, cache=cache
        ).data
        assert data is not None and data.at_grain is not None
        return data

    db, _ = open_store(copy_store(diagnosed_store, tmp_path))
    try:
        first = show(db)
        assert show(db).at_grain is first.at_grain and len(made) == 1  # shown again: no work
        assert show(db, Thresholds(0.4, 0.7)).at_grain.diagnosis.thresholds == Thresholds(0.4, 0.7)
        assert show(db, confidence=0.9).at_grain.findings.confidence == 0.9
        assert len(made) == 3 and show(db).at_grain is first.at_grain  # each kept beside the others
        # another class of the grade, whose scores calibrate the questions, gets a corrected score
        peer = first.changed[1][0]
        with db.session() as session:
            from app.storage import load_score_matrix

            scores = load_score_matrix(session, peer)
        label = scores.item_ids[0].split("/")[-1]
        correct(db, peer, scores.assessments[0], scores.student_ids[0], label, 1 - float(scores.points[0, 0] > 0))
        after = show(db)
        assert len(made) == 4 and after.run_id == first.run_id and after.at_grain is not first.at_grain
        with db.writing() as session:  # another grade's fit of a paper kept: anchors a later fit may start from
            question = QuestionCalibration("1", 0.0, 1.0, 0.0, 0.0, 30)
            save_calibration(
                session, CalibrationRecord("another paper", "m", dt.datetime.now(), 30, (10**6,), (question,))
            )
        anchored = show(db)
        assert len(made) == 5 and anchored.at_grain is not after.at_grain
        with db.writing() as session:  # the school's own prior, switched on
            save_stored_prior(session, b"weights", json.dumps({"held_out_comparison": {"better": True}}), True)
        own_prior = show(db)
        assert len(made) == 6 and own_prior.at_grain is not anchored.at_grain
        diagnose_stored_class(db, SAMPLE_CLASS)  # another run of the class
        rerun = show(db)
        assert len(made) == 7 and rerun.run_id != first.run_id and rerun.at_grain is not own_prior.at_grain
    finally:
        db.close()

    (tmp_path / "other").mkdir()
    other, _ = open_store(copy_store(diagnosed_store, tmp_path / "other"))  # a class of the same name elsewhere
    try:
        elsewhere = show(other)
    finally:
        other.close()
    assert len(made) == 8 and elsewhere.at_grain is not first.at_grain and elsewhere.run_id == first.run_id
