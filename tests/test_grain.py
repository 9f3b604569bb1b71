"""The grain the data support: points tested together merge first, each grouping's profile reliability measured, the
finest reliable one reported; none when the class's own points can be told apart."""

from __future__ import annotations

import json

import numpy as np
from sample_stores import copy_store

from app.cli import main
from app.core.score_matrix import ScoreMatrix
from app.insight.grain import coarsenings, merged_q
from app.services.class_data import load_class_data
from app.services.grain import grain_of
from app.services.sample import SAMPLE_CLASS
from app.services.store import open_store

KPS = ("A", "B", "C", "D")


def test_points_tested_together_merge_first_down_to_two_groups() -> None:
    q = np.array([[1, 1, 0, 0], [1, 1, 0, 0], [1, 0, 0, 0], [0, 0, 1, 0], [0, 0, 1, 1], [0, 0, 0, 1]], dtype=bool)
    assert coarsenings(q, KPS) == [(("A", "B"), ("C",), ("D",)), (("A", "B"), ("C", "D"))]
    assert merged_q(q, KPS, (("A", "B"), ("C", "D"))).tolist() == [[True, False]] * 3 + [[False, True]] * 3


def _two_abilities(seed: int = 0, students: int = 60, per_point: int = 6) -> ScoreMatrix:
    """Points A, B share one ability and C, D another (independent): A cannot be told from B, but {A, B} from
    {C, D} can."""
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
        item_ids=tuple(f"Q{i}" for i in range(n)),
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


def test_check_json_and_the_class_view_give_the_same_grain(make_window, qtbot, grade_store, tmp_path, capsys) -> None:
    store = copy_store(grade_store, tmp_path)
    assert main(["--lang", "en", "check", "--class", SAMPLE_CLASS, "--db", str(store), "--json"]) == 0
    record = json.loads(capsys.readouterr().out)
    db, _ = open_store(store)
    try:
        data = load_class_data(db, SAMPLE_CLASS)
    finally:
        db.close()
    grain = data.grain
    assert record["profile_reliability"] < 0.5  # the sample class's points cannot be told apart (0.31)
    assert grain is not None and record["grain"]["groups"] == [list(g) for g in grain.groups]
    assert record["grain"]["supported"] is grain.supported
    window = make_window(db=store)
    qtbot.waitUntil(lambda: window.state.data is not None and window.state.data.class_name == SAMPLE_CLASS)
    said = window.workspace.class_view.grain_text()
    assert said.startswith("Points cannot be told apart here (reliability 0.31)")
    shown = window.workspace.class_view.grain_note.toolTip()  # the groups, one a line, in the note's tooltip
    assert grain.supported and shown.splitlines() == [grain.name(g) for g in grain.groups]
