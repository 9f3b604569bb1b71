"""Check the model on a stored class: hide some of its scores, predict them, compare with the score rate and the
real rivals (no Qt).

`check_class` runs the check; `verdict`, `compare` and the texts below say what it found, in the one wording Check
the model and `python -m app check` both show: better, about as well (RMSE within `ABOUT_AS_WELL` of the rival's)
or not better than the score rate, a Rasch model fitted on the same data (the grade included) and the latest exam
alone, and how reliably the class's scores tell knowledge points apart.
"""

from __future__ import annotations

import math
from enum import StrEnum
from typing import TYPE_CHECKING

from app.core.problems import Text
from app.core.progress import NullProgress, Progress, Scaled, checkpoint
from app.services.grain import shown_reliability

if TYPE_CHECKING:
    from app.engine.evaluate import ModelCheck as ModelCheck  # what the faces get, through this module
    from app.engine.evaluate import Rival as Rival
    from app.storage import Database

ABOUT_AS_WELL = 0.02
"""A diagnosis not better than the score rate whose RMSE is within this share of the score rate's predicts about as
well as it."""


class Verdict(StrEnum):
    """How the diagnosis predicted the hidden scores against the per-knowledge-point score rate."""

    BETTER = "better"
    ABOUT_AS_WELL = "about as well"
    NOT_BETTER = "not better"

    @property
    def text(self) -> Text:
        """The verdict in both languages."""
        return _VERDICTS[self]


_VERDICTS = {
    Verdict.BETTER: Text("诊断的预测比简单的得分率更准。", "The diagnosis predicts better than the simple score rate."),
    Verdict.ABOUT_AS_WELL: Text(
        "诊断的预测与简单的得分率相当。", "The diagnosis predicts about as well as the simple score rate."
    ),
    Verdict.NOT_BETTER: Text(
        "在本班，诊断的预测不比简单的得分率更准；请谨慎看待其中的薄弱点。",
        "On this class the diagnosis does not predict better than the simple score rate; read its weak points "
        "with care.",
    ),
}


def check_class(
    db: Database, class_name: str, *, hide: float = 0.2, seed: int = 0, progress: Progress | None = None
) -> ModelCheck:
    """Hide `hide` of each student's scores in the class, predict them with the engine (within its grade, with
    the prior diagnoses use) and with the per-knowledge-point score rate, and compare; with the reliability of
    the class's knowledge-point profile (what Check the model and `python -m app check` show)."""
    from app.engine.evaluate import check_model
    from app.services.grade_peers import grade_peers
    from app.services.priors import active_prior
    from app.storage import load_score_matrix

    progress = progress or NullProgress()
    checkpoint(progress, 0.0, "load")
    with db.session() as session:
        matrix = load_score_matrix(session, class_name)
        (peers,) = grade_peers(session, class_name, [matrix.assessments])
    prior, _ = active_prior(db)
    return check_model(matrix, peers=peers, hide=hide, seed=seed, prior=prior, progress=Scaled(progress, 0.05, 1.0))


def verdict(check: ModelCheck) -> Verdict:
    """Better (the engine's own rule: lower RMSE, an AUC not lower), else about as well (RMSE within
    `ABOUT_AS_WELL` of the score rate's), else not better."""
    if check.engine_better:
        return Verdict.BETTER
    engine, baseline = check.engine.get("rmse", math.inf), check.baseline.get("rmse", math.inf)
    return Verdict.ABOUT_AS_WELL if engine <= baseline * (1 + ABOUT_AS_WELL) else Verdict.NOT_BETTER


def compare(engine: dict[str, float], rival: dict[str, float]) -> Verdict:
    """The engine against a rival on the same hidden scores, by the rule `verdict` applies to the score rate:
    better (lower RMSE, an AUC not lower), else about as well (RMSE within `ABOUT_AS_WELL`), else not better."""
    e, r = engine.get("rmse", math.inf), rival.get("rmse", math.inf)
    if e < r and not engine.get("auc", math.nan) < rival.get("auc", math.nan):
        return Verdict.BETTER
    return Verdict.ABOUT_AS_WELL if e <= r * (1 + ABOUT_AS_WELL) else Verdict.NOT_BETTER


_RIVALS = {
    "rasch": Text(
        "在同样数据（含同年级其他班级）上拟合的 Rasch 模型", "a Rasch model fitted on the same data, grade included"
    ),
    "latest_exam": Text("只用最近一次考试的诊断", "the diagnosis from the latest exam alone"),
}


def rival_text(rival: Rival) -> Text:
    """What the engine did against one rival, in plain words ("better than …", "about as well as …", "not better
    than …"), with the hidden scores it was judged on."""
    found, name = compare(rival.engine, rival.rival), _RIVALS[rival.name]
    n = rival.hidden_scores
    if found is Verdict.BETTER:
        return Text(
            f"诊断的预测比{name.zh}更准（{n} 个隐藏得分）。", f"It predicts better than {name.en} ({n} hidden scores)."
        )
    if found is Verdict.ABOUT_AS_WELL:
        return Text(
            f"诊断的预测与{name.zh}相当（{n} 个隐藏得分）。",
            f"It predicts about as well as {name.en} ({n} hidden scores).",
        )
    return Text(
        f"诊断的预测不比{name.zh}更准（{n} 个隐藏得分）。",
        f"It does not predict better than {name.en} ({n} hidden scores).",
    )


def point_specific_flags(check: ModelCheck) -> bool:
    """Whether the class's evidence supports flagging a point for a student specifically (beyond their overall
    level): the profile reliability's gate, the one the findings use."""
    return check.reliability is not None and check.reliability.supports_relative


def profile_reliability(check: ModelCheck) -> float | None:
    """The full-length reliability of the class's knowledge-point profile; None when there are too few scores."""
    r = check.reliability
    return None if r is None or math.isnan(r.full_length) else r.full_length


def profile_text(check: ModelCheck) -> Text | None:
    """How far the class's scores tell knowledge points apart beyond each student's overall level (also when there
    are too few scores to tell); None for a check made without the profile's reliability."""
    r = check.reliability
    if r is None:
        return None
    if math.isnan(r.full_length):
        return Text(
            "本班每个知识点的成绩太少，无法判断在扣除每位学生的总体水平之后，这些成绩能否可靠地区分各知识点："
            "请把薄弱点理解为“这位学生总体落后”。",
            "This class has too few scores per knowledge point to tell how reliably they tell knowledge points apart "
            "beyond each student's overall level: treat weak points as 'this student is behind overall'.",
        )
    if r.supports_relative:
        return Text(
            f"在扣除每位学生的总体水平之后，本班成绩区分各知识点足够可靠（{shown_reliability(r.full_length)}），"
            "可以标出相对于学生自身水平的薄弱点。",
            f"Beyond each student's overall level, this class's scores tell knowledge points apart reliably enough "
            f"({shown_reliability(r.full_length)}) to flag points weak relative to a student's own level.",
        )
    return Text(
        f"在扣除每位学生的总体水平之后，本班成绩区分各知识点的能力很弱（信度 {shown_reliability(r.full_length)}）："
        "大多数薄弱点应理解为“这位学生总体落后”。",
        f"Beyond each student's overall level, this class's scores tell knowledge points apart only weakly "
        f"(reliability {shown_reliability(r.full_length)}): treat most weak points as 'this student is behind overall'.",
    )


def calibration_text(check: ModelCheck) -> Text | None:
    """On how many other classes of the grade the questions were calibrated; None when on this class alone."""
    if not check.peer_classes:
        return None
    n = check.peer_classes
    return Text(
        f"题目参数由本班和年级中另外 {n} 个班级共同标定。",
        f"The questions were calibrated on this class and {n} other classes of the grade.",
    )
