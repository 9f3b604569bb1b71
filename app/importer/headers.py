"""What a header (or a row label) means: Chinese and English names of every kind of column."""

from __future__ import annotations

import re
from enum import StrEnum
from functools import lru_cache

from app.core.text import normalize_header


class ColumnRole(StrEnum):
    """How the importer uses a column."""

    STUDENT_ID = "student_id"
    STUDENT_NAME = "student_name"
    ITEM = "item"  # wide: a question column; long: the question id column
    TOTAL = "total_ignored"
    RANK = "rank_ignored"
    CLASS = "class"
    ASSESSMENT = "assessment"
    DATE = "date"
    MAX_SCORE = "max_score"
    KNOWLEDGE_POINTS = "knowledge_points"
    ANSWER_KEY = "answer_key"  # choice questions' right letters: a 答案 row (wide) or column (long)
    SCORE = "score"
    IGNORED = "ignored"


# Written as teachers and exporters write them; matched after `normalize_header`.
_NAMES: dict[ColumnRole, tuple[str, ...]] = {
    ColumnRole.STUDENT_ID: (
        "学号",
        "考号",
        "学籍号",
        "学生编号",
        "学生号",
        "准考证号",
        "自定义考号",
        "学生id",
        "student_id",
        "student number",
        "student no",
        "id",
        "sid",
        "user_id",
    ),
    ColumnRole.STUDENT_NAME: ("姓名", "学生姓名", "名字", "student_name", "name", "full name"),
    ColumnRole.ITEM: (
        "题号",
        "题目",
        "小题",
        "题",
        "试题",
        "题目编号",
        "小题号",
        "item_id",
        "item",
        "question",
        "question_id",
        "qid",
        "problem",
        "problem_id",
    ),
    ColumnRole.SCORE: ("得分", "分数", "成绩", "分", "score", "points", "mark", "marks", "correct"),
    ColumnRole.MAX_SCORE: (
        "满分",
        "满分值",
        "分值",
        "max_score",
        "max",
        "maximum",
        "full marks",
        "full score",
        "max points",
        "points possible",
        "out of",
    ),
    ColumnRole.KNOWLEDGE_POINTS: (
        "知识点",
        "考点",
        "知识点名称",
        "knowledge_points",
        "knowledge point",
        "kp",
        "kps",
        "skill",
        "skills",
        "skill_name",
        "kc",
        "concepts",
        "tags",
    ),
    ColumnRole.ANSWER_KEY: ("答案", "标准答案", "参考答案", "正确答案", "answer", "answer key", "key"),
    ColumnRole.ASSESSMENT: (
        "考试",
        "考试名称",
        "作业",
        "作业名称",
        "测验",
        "测试",
        "assessment",
        "exam",
        "test",
        "quiz",
        "homework",
        "assignment",
    ),
    ColumnRole.DATE: ("日期", "考试日期", "作业日期", "date", "exam date", "test date"),
    ColumnRole.CLASS: ("班级", "班级名称", "班", "班别", "行政班", "教学班", "class", "class name", "class_id"),
    ColumnRole.TOTAL: (
        "总分",
        "合计",
        "小计",
        "总计",
        "总成绩",
        "总得分",
        "卷面分",
        "原始分",
        "赋分",
        "标准分",
        "平均分",
        "得分率",
        "客观题",
        "主观题",
        "客观分",
        "主观分",
        "选择题",
        "非选择题",
        "total",
        "sum",
        "total score",
        "average",
        "mean",
        "percent",
        "percentage",
    ),
    ColumnRole.RANK: (
        "排名",
        "名次",
        "班级排名",
        "年级排名",
        "班级名次",
        "年级名次",
        "班名",
        "级名",
        "班排",
        "级排",
        "校排",
        "班次",
        "校次",
        "级次",
        "rank",
        "ranking",
        "class rank",
        "grade rank",
    ),
    ColumnRole.IGNORED: (
        "序号",
        "编号",
        "性别",
        "学生属性",
        "考生属性",
        "考场号",
        "备注",
        "学校",
        "年级",
        "座号",
        "座位号",
        "考场",
        "等级",
        "no",
        "index",
        "#",
        "gender",
        "sex",
        "remark",
        "remarks",
        "note",
        "notes",
        "comment",
        "comments",
        "school",
        "grade",
        "seat",
        "level",
    ),
}

# School subjects: a sheet whose "questions" are these holds subject totals, not per-question scores.
_SUBJECTS = frozenset(
    normalize_header(name)
    for name in (
        *[
            "语文",
            "数学",
            "英语",
            "物理",
            "化学",
            "生物",
            "政治",
            "历史",
            "地理",
            "科学",
            "体育",
            "音乐",
            "美术",
            "日语",
            "俄语",
            "外语",
            "信息",
            "思品",
            "道法",
        ],
        *[
            "道德与法治",
            "思想品德",
            "信息技术",
            "生物学",
            "chinese",
            "maths",
            "math",
            "mathematics",
            "english",
            "physics",
            "chemistry",
        ],
        *["biology", "history", "geography", "politics", "science"],
    )
)
_ROLES: dict[str, ColumnRole] = {normalize_header(name): role for role, names in _NAMES.items() for name in names}
# 客观题得分, 主观题(得分), 总分（得分）: a total named with what it counts is still a total.
_SCORE_SUFFIX = re.compile(r"\(?(得分|分数)\)?$")
# When several id columns are present, the one the school keeps for a student wins: 学号 first.
_ID_PRIORITY = tuple(normalize_header(name) for name in ("学籍号", "考号", "自定义考号", "准考证号"))


@lru_cache(maxsize=4096)
def role_of(header: str) -> ColumnRole | None:
    """The role a header (or a row label such as 满分) names; None if it names nothing known."""
    key = normalize_header(header)
    role = _ROLES.get(key)
    if role is None and _ROLES.get(_SCORE_SUFFIX.sub("", key)) is ColumnRole.TOTAL:
        return ColumnRole.TOTAL
    return role


def is_subject(header: str) -> bool:
    """Whether a header names a school subject (语文, 数学, English …)."""
    return normalize_header(header) in _SUBJECTS


def id_rank(header: str) -> int:
    """How strongly a student-id header names the student: 0 for 学号 (and student_id …), then 学籍号, 考号,
    自定义考号, 准考证号."""
    key = normalize_header(header)
    return _ID_PRIORITY.index(key) + 1 if key in _ID_PRIORITY else 0


def names_of(role: ColumnRole) -> tuple[str, ...]:
    """The headers that name `role`, as written (for side tables that look for the same columns)."""
    return _NAMES[role]
