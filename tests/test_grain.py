"""The grain the data support: units of the knowledge graph, the paper's 大题 and points tested together, each
grouping's profile reliability measured, a named one reaching the gate reported before a merge of points tagged
together; none when the class's own points can be told apart."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
from sample_stores import copy_store

from app.cli import main
from app.core.problems import Text
from app.core.score_matrix import ScoreMatrix
from app.core.text import main_question
from app.insight.grain import (
    Grain,
    GrainKind,
    coarsenings,
    main_question_groupings,
    merged_q,
    preferred,
    unit_groupings,
)
from app.services.class_data import load_class_data
from app.services.grain import grain_of, grain_record, grain_text
from app.services.sample import SAMPLE_CLASS
from app.services.store import open_store

KPS = ("A", "B", "C", "D")


def test_points_tested_together_merge_first_down_to_two_groups() -> None:
    q = np.array([[1, 1, 0, 0], [1, 1, 0, 0], [1, 0, 0, 0], [0, 0, 1, 0], [0, 0, 1, 1], [0, 0, 0, 1]], dtype=bool)
    assert coarsenings(q, KPS) == [(("A", "B"), ("C",), ("D",)), (("A", "B"), ("C", "D"))]
    assert merged_q(q, KPS, (("A", "B"), ("C", "D"))).tolist() == [[True, False]] * 3 + [[False, True]] * 3


def _two_abilities(
    seed: int = 0, students: int = 60, per_point: int = 6, labels: list[str] | None = None
) -> ScoreMatrix:
    """Points A, B share one ability and C, D another (independent): A cannot be told from B, but {A, B} from
    {C, D} can. Question i tests point i mod 4; `labels`: the questions' labels (default Q0, Q1, …)."""
    rng = np.random.default_rng(seed)
    k = len(KPS)
    n = per_point * k
    q = np.zeros((n, k), dtype=bool)
    q[np.arange(n), np.arange(n) % k] = True
    ability = rng.normal(0, 1.5, (students, 2))[:, [0, 0, 1, 1]]
    p = 1 / (1 + np.exp(-(ability @ q.T.astype(float) - rng.normal(0, 0.5, n))))
    return ScoreMatrix(
        student_ids=tuple(f"s{j}" for j in range(students)),
        student_names=(None,) * students,
        item_ids=tuple(labels or [f"Q{i}" for i in range(n)]),
        knowledge_points=KPS,
        assessments=("E",),
        item_assessment=np.zeros(n, dtype=int),
        points=(rng.random(p.shape) < p).astype(float),
        max_scores=np.ones(n),
        q_matrix=q,
    )


def test_the_grain_is_the_grouping_whose_profile_is_reliable() -> None:
    m = _two_abilities()
    grain = grain_of(m, fine_reliability=0.2)  # as a class whose own points do not reach the gate
    assert grain is not None and grain.supported and grain.reliability >= 0.5
    assert {frozenset(g) for g in grain.groups} <= {frozenset({"A", "B"}), frozenset({"C", "D"}), *map(frozenset, KPS)}
    assert frozenset({"A", "B"}) in {frozenset(g) for g in grain.groups}
    assert grain_of(m, fine_reliability=0.6) is None  # the class's own points can be told apart: no coarser grain


def test_main_question_reads_every_way_a_sub_question_is_written() -> None:
    labels = [
        "17(1)",
        "17（2）",
        "17.1",
        "17-2",
        "17①",
        "第17题(2)",
        "第17题②",
        "17A",
        "17(b)",
        "17",
        "Q3",
        "三、17(1)(8分)",
    ]
    assert [main_question(label) for label in labels] == ["17"] * 10 + ["3", "17"]
    assert [main_question(label) for label in ("选择题", "17(1)(2)", "17ab")] == [None] * 3


def test_units_are_the_knowledge_graphs_parents_at_each_depth_deepest_first() -> None:
    parents = {"a1": "A", "a2": "A", "b1": "B", "A": "数与代数", "B": "数与代数", "c1": "几何", "x": "y", "y": "x"}
    found = unit_groupings(["a1", "a2", "b1", "c1", "alone", "x"], parents)
    assert [(g.kind, g.groups, tuple(n.en for n in g.names)) for g in found] == [
        (GrainKind.UNITS, (("a1", "a2"), ("b1",), ("c1",), ("alone",), ("x",)), ("A", "B", "c1", "alone", "x")),
        (GrainKind.UNITS, (("a1", "a2", "b1"), ("c1",), ("alone",), ("x",)), ("数与代数", "几何", "alone", "y")),
    ]  # depth 1 (A, B; c1 and the cycle's x are that deep themselves), then the roots; a point without a parent alone
    assert unit_groupings(["a1", "b1"], {}) == []


def test_a_main_questions_sub_questions_group_the_points_they_test() -> None:
    labels = ["1", "2", "17(1)", "17.2", "第18题①", "18②", "19", "20"]
    q = np.zeros((8, 5), dtype=bool)
    for i, k in enumerate([0, 1, 1, 2, 3, 3, 4, 0]):  # 17 tests B, C; 18 tests D twice (no two points joined)
        q[i, k] = True
    m = ScoreMatrix(
        student_ids=("s",),
        student_names=(None,),
        item_ids=tuple(labels),
        knowledge_points=("A", "B", "C", "D", "E"),
        assessments=("期中",),
        item_assessment=np.zeros(8, dtype=int),
        points=np.zeros((1, 8)),
        max_scores=np.ones(8),
        q_matrix=q,
    )
    (found,) = main_question_groupings(m)
    assert found.kind is GrainKind.MAIN_QUESTIONS
    assert found.groups == (("A",), ("B", "C"), ("D",), ("E",))
    assert [(n.zh, n.en) for n in found.names] == [("A", "A"), ("第17题", "Q17"), ("D", "D"), ("E", "E")]
    two = dataclasses.replace(  # the same paper twice in a term: each exam's 大题 is its own, named with its exam
        m,
        item_ids=tuple(f"{e}/{label}" for e in ("期中", "期末") for label in labels),
        assessments=("期中", "期末"),
        item_assessment=np.repeat([0, 1], 8),
        points=np.zeros((1, 16)),
        max_scores=np.ones(16),
        q_matrix=np.vstack([q, q]),
    )
    assert [n.zh for n in main_question_groupings(two)[0].names] == ["A", "期中 第17题、期末 第17题", "D", "E"]
    one_each = np.zeros((8, 5), dtype=bool)
    one_each[:, 0] = True  # every question tests A: no 大题 joins two points
    assert main_question_groupings(dataclasses.replace(m, q_matrix=one_each)) == []


def _grain(kind: GrainKind, groups: int, r: float) -> Grain:
    points = tuple((f"p{g}",) for g in range(groups))
    return Grain(kind, points, tuple(Text(p[0], p[0]) for p in points), r, 0.2, r >= 0.5)


def test_a_named_grain_reaching_the_gate_is_preferred_to_a_finer_merge_of_points_tagged_together() -> None:
    units, questions, tagged = (
        _grain(GrainKind.UNITS, 3, 0.55),
        _grain(GrainKind.MAIN_QUESTIONS, 3, 0.6),
        _grain(GrainKind.TAGGED, 6, 0.7),
    )
    assert preferred([units, questions, tagged]) is units  # both named reach it, as fine: units first
    assert preferred([_grain(GrainKind.UNITS, 2, 0.9), questions, tagged]) is questions  # the finer named one
    assert preferred([_grain(GrainKind.UNITS, 3, 0.45), tagged]) is tagged  # a unit short of the gate is not
    short = [_grain(GrainKind.UNITS, 3, 0.45), _grain(GrainKind.TAGGED, 2, 0.48), _grain(GrainKind.TAGGED, 3, 0.45)]
    assert preferred(short) is short[1]  # none reaches it: the most reliable, said to be not enough
    assert preferred([_grain(GrainKind.TAGGED, 2, float("nan"))]) is not None and preferred([]) is None


def test_a_class_whose_units_can_be_told_apart_is_reported_by_unit() -> None:
    m = _two_abilities()
    grain = grain_of(m, fine_reliability=0.2, parents={"A": "方程", "B": "方程", "C": "几何", "D": "几何"})
    assert grain is not None and (grain.kind, grain.groups, grain.supported) == (
        GrainKind.UNITS,
        (("A", "B"), ("C", "D")),
        True,
    )
    assert grain.shown("zh") == ["方程：A、B", "几何：C、D"] and grain.shown("en") == ["方程: A, B", "几何: C, D"]
    record = grain_record(grain)
    assert record is not None and (record["kind"], record["names"]) == (
        "units",
        [{"zh": "方程", "en": "方程"}, {"zh": "几何", "en": "几何"}],
    )
    assert record["kind_text"] == {"zh": "单元（知识图谱的上级知识点）", "en": "units (the knowledge graph's parents)"}
    said = grain_text(grain)
    assert said is not None and said.en == (
        "This class's knowledge points cannot be told apart (profile reliability 0.20); grouped into 2 units (the "
        f"knowledge graph's parents) they can (reliability {grain.reliability:.2f}): 方程: A, B; 几何: C, D. The fine "
        "points stay as detail."
    )


def test_a_class_whose_main_questions_can_be_told_apart_is_reported_by_main_question() -> None:
    labels = [f"{1 + (i // 4) * 2 + (i % 4) // 2}({i % 2 + 1})" for i in range(24)]  # 1(1) A, 1(2) B, 2(1) C, 2(2) D …
    m = _two_abilities(labels=labels)
    grain = grain_of(m, fine_reliability=0.2)
    assert grain is not None and (grain.kind, grain.groups, grain.supported) == (
        GrainKind.MAIN_QUESTIONS,
        (("A", "B"), ("C", "D")),
        True,
    )
    assert [n.zh for n in grain.names] == ["第1、3、5、7、9、11题", "第2、4、6、8、10、12题"]
    assert grain_record(grain)["kind"] == "大题"  # type: ignore[index]


UNITS = """knowledge_point,prerequisite,parent
有理数运算,,数与式
整式加减,有理数运算,数与式
一元一次方程,整式加减,方程与不等式
二元一次方程组,一元一次方程,方程与不等式
一元一次不等式,一元一次方程,方程与不等式
平面直角坐标系,有理数运算,函数
一次函数,平面直角坐标系,函数
全等三角形,,三角形
勾股定理,全等三角形,三角形
数据的分析,有理数运算,统计与概率
数与式,,数与代数
方程与不等式,,数与代数
函数,,数与代数
三角形,,图形与几何
"""


def test_check_json_progress_json_and_the_class_view_give_the_same_grain(
    make_window, qtbot, grade_store, tmp_path, capsys
) -> None:
    from app.services.prerequisites import import_prerequisites
    from app.storage import get_class, load_parents

    store = copy_store(grade_store, tmp_path)
    graph = tmp_path / "units.csv"
    graph.write_text(UNITS, encoding="utf-8")
    db, _ = open_store(store)
    try:
        with db.session() as session:
            subject = get_class(session, SAMPLE_CLASS).subject
        assert import_prerequisites(db, subject, graph, []).saved
        with db.session() as session:
            assert load_parents(session, subject)["勾股定理"] == "三角形"
            assert load_parents(session, subject)["三角形"] == "图形与几何"
        data = load_class_data(db, SAMPLE_CLASS)
    finally:
        db.close()
    grain = data.grain
    # the sample class's points cannot be told apart (0.18); its five units (0.22) nor its three domains (0.41)
    # quite reach the gate: two groups of points tested together do (0.52)
    assert grain is not None and (grain.kind, len(grain.groups), round(grain.reliability, 3)) == (
        GrainKind.TAGGED,
        2,
        0.523,
    )
    assert main(["--lang", "en", "check", "--class", SAMPLE_CLASS, "--db", str(store), "--json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["profile_reliability"] < 0.5
    assert record["grain"]["groups"] == [list(g) for g in grain.groups]
    assert (record["grain"]["kind"], record["grain"]["supported"]) == ("tagged together", True)
    assert record["grain"]["kind_text"] == {"zh": "常一起考查的知识点", "en": "points tagged together"}
    assert main(["--lang", "en", "progress", "--class", SAMPLE_CLASS, "--db", str(store), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["grain"] == grain_record(grain)
    window = make_window(db=store)
    qtbot.waitUntil(lambda: window.state.data is not None and window.state.data.class_name == SAMPLE_CLASS)
    said = window.workspace.class_view.grain_text()
    assert (
        said
        == "Points cannot be told apart here (reliability 0.18); groups of points tested together can (0.52; hover for them)."
    )
    shown = window.workspace.class_view.grain_note.toolTip()  # the groups, one a line, in the note's tooltip
    assert grain.supported and shown.splitlines() == grain.shown("en")


def test_a_gradebook_imported_with_a_graph_keeps_its_units(tmp_path) -> None:
    from app.services.importing import ImportRequest, import_parsed, preview_import
    from app.storage import get_class, load_parents

    book, graph = tmp_path / "期中.csv", tmp_path / "units.csv"
    book.write_text("学号,姓名,Q1,Q2\n满分,,1,1\n知识点,,有理数运算,勾股定理\n01,甲,1,0\n02,乙,0,1\n", encoding="utf-8")
    graph.write_text(UNITS, encoding="utf-8")
    preview = preview_import(book, prerequisites_path=graph)
    assert preview.parsed is not None and preview.parents is not None
    assert ("勾股定理", "三角形") in preview.parents and ("三角形", "图形与几何") in preview.parents
    db, _ = open_store(tmp_path / "zhidian.db")
    try:
        import_parsed(db, ImportRequest(preview.parsed, "3班", preview.prerequisites, preview.parents))
        with db.session() as session:
            parents = load_parents(session, get_class(session, "3班").subject)
    finally:
        db.close()
    assert parents == dict(preview.parents) and parents["有理数运算"] == "数与式"
