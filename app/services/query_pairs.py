"""Where each predict QUERY pair sits in TRAIN's classes: the class, the student row and the question column.

A student or question that TRAIN holds no score for (all of it held out: a sparse set, a question nobody of the
class kept, an exam of the grade another class sat) is still predicted: the student joins a class as a student
with no scores, the question joins its exam as a question with no scores (untagged unless another class of the
grade has it), each named in a warning. Only a QUERY that shares no student or no question with TRAIN is refused:
its ids do not match TRAIN's at all. Ids are matched as written, else as the importer reads ids (full width, `7.0`
for `7`), a label as papers are matched (`第3题` for `Q3`) and a student number that lost its leading zeros as the
import matches one (`lost_zeros`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from app.core.people import lost_zeros
from app.core.problems import GradebookError, Problem, Severity, Text
from app.core.score_matrix import ScoreMatrix
from app.core.text import question_key
from app.importer.identity import student_id as read_as_id
from app.importer.query import Query


@dataclass(frozen=True)
class Located:
    """TRAIN's classes widened by the query's unseen students and questions, and where each query row is."""

    matrices: list[ScoreMatrix]
    classes: np.ndarray  # (R,) the class of each query row
    pairs: list[tuple[np.ndarray, np.ndarray]]  # per class: its rows' student and item indices, in query order
    warnings: list[Problem]


@dataclass(frozen=True)
class _Question:
    """A question column to add to a class: its id, exam, full marks and Q-matrix row."""

    item_id: str
    exam: str
    max_score: float
    q_row: np.ndarray


def _split(item: str, exams: tuple[str, ...]) -> tuple[str | None, str]:
    """(exam, label) of an id written `EXAM/LABEL` with one of `exams` (the longest: an exam's name may hold a
    `/`, 10/1月考), else (None, the id)."""
    named = [exam for exam in exams if item.startswith(f"{exam}/")]
    if not named:
        return None, item
    exam = max(named, key=len)
    return exam, item[len(exam) + 1 :]


def _item_index(matrix: ScoreMatrix) -> tuple[dict[str, int], dict[str, list[str]]]:
    """(item id or unique bare label -> column, bare label -> its exams where several exams have it)."""
    index = {item: i for i, item in enumerate(matrix.item_ids)}
    labels: dict[str, list[int]] = {}
    for item, i in index.items():
        labels.setdefault(_split(item, matrix.assessments)[1], []).append(i)
    ambiguous = {}
    for label, columns in labels.items():
        if len(columns) == 1:
            index.setdefault(label, columns[0])
        elif label not in index:
            ambiguous[label] = [matrix.assessments[int(matrix.item_assessment[i])] for i in columns]
    if len(matrix.assessments) == 1:  # EXAM/LABEL names the one exam's question too
        for item, i in list(index.items()):
            index.setdefault(f"{matrix.assessments[0]}/{item}", i)
    return index, ambiguous


@dataclass(frozen=True)
class _At:
    """Where in the query file a problem is: the file, its sheet and the headers of its two columns."""

    file: str
    sheet: str | None
    headers: tuple[str, str]  # (student id, item) as the file writes them

    def problem(self, severity: Severity, text: Text, row: int, item: bool) -> Problem:
        """A problem on `row`, in the item column or else the student column."""
        return Problem(severity, text, self.file, self.sheet, row, self.headers[int(item)])


def _ambiguous(label: str, exams: list[str], row: int, at: _At) -> Problem:
    """An error for a bare query label that several of TRAIN's exams have."""
    return at.problem(
        Severity.ERROR,
        Text(
            f"题目“{label}”出现在多次考试中（{'、'.join(exams)}），请写成“考试/题号”，如“{exams[-1]}/{label}”",
            f"item '{label}' occurs in several exams ({', '.join(exams)}): write it as EXAM/LABEL, "
            f"e.g. '{exams[-1]}/{label}'",
        ),
        row,
        item=True,
    )


def _unknown(item: bool, value: str, row: int, at: _At) -> Problem:
    """An error for a query student (or `item`) that TRAIN does not hold."""
    zh, en = ("题目", "item") if item else ("学号", "student")
    return at.problem(
        Severity.ERROR, Text(f"{zh}“{value}”不在训练数据中", f"{en} '{value}' is not in TRAIN"), row, item
    )


def _new_student(value: str, class_name: str | None, row: int, at: _At) -> Problem:
    """A warning for a query student without a score in TRAIN (`class_name` None: TRAIN's one class)."""
    zh, en = ("本班", "the class") if class_name is None else (f"“{class_name}”", f"class '{class_name}'")
    return at.problem(
        Severity.WARNING,
        Text(
            f"学号“{value}”在训练数据中没有得分：按{zh}的新学生预测",
            f"student '{value}' has no score in TRAIN: predicted as a new student of {en}",
        ),
        row,
        item=False,
    )


def _new_question(value: str, exam: str, row: int, at: _At) -> Problem:
    """A warning for a query question that no class of TRAIN has a score or tag for."""
    return at.problem(
        Severity.WARNING,
        Text(
            f"题目“{value}”在训练数据中没有得分：按“{exam}”中未标注知识点的新题预测",
            f"item '{value}' has no score in TRAIN: predicted as an untagged question of exam '{exam}'",
        ),
        row,
        item=True,
    )


def _widened(matrix: ScoreMatrix, students: list[str], questions: list[_Question]) -> ScoreMatrix:
    """The matrix with `students` appended as rows and `questions` as columns, all without scores."""
    if not students and not questions:
        return matrix
    s, i = len(matrix.student_ids) + len(students), len(matrix.item_ids) + len(questions)
    points = np.full((s, i), np.nan)
    points[: matrix.points.shape[0], : matrix.points.shape[1]] = matrix.points
    answers = None
    if matrix.answers is not None:
        answers = np.full((s, i), None, dtype=object)
        answers[: matrix.answers.shape[0], : matrix.answers.shape[1]] = matrix.answers
    exam = {name: e for e, name in enumerate(matrix.assessments)}
    k = len(matrix.knowledge_points)
    return dataclasses.replace(
        matrix,
        student_ids=matrix.student_ids + tuple(students),
        student_names=matrix.student_names + (None,) * len(students),
        item_ids=matrix.item_ids + tuple(q.item_id for q in questions),
        item_assessment=np.concatenate([matrix.item_assessment, [exam[q.exam] for q in questions]]).astype(int),
        points=points,
        max_scores=np.concatenate([matrix.max_scores, [q.max_score for q in questions]]).astype(float),
        q_matrix=np.vstack([matrix.q_matrix, *[q.q_row.reshape(1, k) for q in questions]]).astype(bool),
        answer_keys=matrix.answer_keys + (None,) * len(questions) if matrix.answer_keys else (),
        answers=answers,
    )


class _Classes:
    """TRAIN's classes as the query is read: the columns and rows added so far, and the warnings said."""

    def __init__(self, matrices: list[ScoreMatrix], names: list[str | None], at: _At) -> None:
        self.matrices, self.names, self.at = matrices, names, at
        self.home = {s: (j, i) for j, m in enumerate(matrices) for i, s in enumerate(m.student_ids)}
        indexed = [_item_index(m) for m in matrices]
        self.items = [index for index, _ in indexed]
        self.ambiguous = [labels for _, labels in indexed]
        self._forms: list[tuple[dict[str, str], dict[str, list[str]]] | None] = [None] * len(matrices)
        self.added_students: list[list[str]] = [[] for _ in matrices]
        self.added_items: list[list[_Question]] = [[] for _ in matrices]
        self.warnings: list[Problem] = []
        self.qualified = len({a for m in matrices for a in m.assessments}) > 1  # ids are EXAM/LABEL: a term
        self.home_class = max(range(len(matrices)), key=lambda j: len(matrices[j].student_ids))

    def student(self, value: str, row: int) -> tuple[int, int]:
        """The class and row of a query student, one without a score in TRAIN joining the largest class."""
        if value not in self.home:
            j = self.home_class
            self.home[value] = (j, len(self.matrices[j].student_ids) + len(self.added_students[j]))
            self.added_students[j].append(value)
            self.warnings.append(_new_student(value, self.names[j], row, self.at))
        return self.home[value]

    def forms(self, j: int) -> tuple[dict[str, str], dict[str, list[str]]]:
        """Class `j`'s question ids and its bare labels of several exams by `_form` (made on its first query id
        not written as TRAIN wrote it)."""
        made = self._forms[j]
        if made is None:
            ambiguous = {_form(label): exams for label, exams in self.ambiguous[j].items()}
            made = self._forms[j] = (_forms(self.items[j]), ambiguous)
        return made

    def exams_of_ambiguous(self, j: int, value: str) -> list[str] | None:
        """The exams of a bare label that several exams of class `j` have (written as TRAIN wrote it, or as
        `_form` reads it where no question of the class is written so), else None."""
        if value in self.ambiguous[j]:
            return self.ambiguous[j][value]
        if value in self.items[j]:
            return None
        forms, ambiguous = self.forms(j)
        return None if _form(value) in forms else ambiguous.get(_form(value))

    def item(self, j: int, value: str, row: int) -> int:
        """The column in class `j` of a query item, a question new to the class joining it."""
        if value not in self.items[j] and (alias := self.forms(j)[0].get(_form(value))) is not None:
            self.items[j][value] = self.items[j][alias]
        if value not in self.items[j]:
            question = self._question(j, value, row)
            if question.item_id not in self.items[j]:  # `Q6` and `期末/Q6` are one question of the latest exam
                self.items[j][question.item_id] = len(self.matrices[j].item_ids) + len(self.added_items[j])
                self.added_items[j].append(question)
            self.items[j][value] = self.items[j][question.item_id]
        return self.items[j][value]

    def _question(self, j: int, value: str, row: int) -> _Question:
        """Another class's question of that id, else an untagged one of the exam it names (the latest if none)."""
        for k, matrix in enumerate(self.matrices):
            column = self.items[k].get(value)
            if k != j and column is not None and column < len(matrix.item_ids):
                exam = matrix.assessments[int(matrix.item_assessment[column])]
                if exam in self.matrices[j].assessments:
                    return _Question(
                        matrix.item_ids[column], exam, float(matrix.max_scores[column]), matrix.q_matrix[column]
                    )
        exams = self.matrices[j].assessments
        named, label = _split(value, exams)
        exam = named or exams[-1]
        k = len(self.matrices[j].knowledge_points)
        self.warnings.append(_new_question(value, exam, row, self.at))
        return _Question(f"{exam}/{label}" if self.qualified else label, exam, 1.0, np.zeros(k, dtype=bool))

    def widened(self) -> list[ScoreMatrix]:
        """Every class with the students and questions added to it."""
        return [
            _widened(m, students, questions)
            for m, students, questions in zip(self.matrices, self.added_students, self.added_items)
        ]


def _form(item: str) -> str:
    """An item id as matched where it is not written as TRAIN wrote it: read as the importer reads ids (`Ｑ2`,
    `7.0`), its label reduced as a paper's labels are matched to a gradebook's (`第3题`, `Q3` and `3` are one)."""
    text = read_as_id(item)
    exam, slash, label = text.partition("/")
    return exam + slash + question_key(label) if slash else question_key(text)


def _forms(index: dict[str, int]) -> dict[str, str]:
    """Each id's `_form` -> the id, for the forms that only one question has."""
    ids: dict[str, list[str]] = {}
    for item in index:
        ids.setdefault(_form(item), []).append(item)
    return {form: items[0] for form, items in ids.items() if len({index[i] for i in items}) == 1}


def _unmatched(classes: _Classes, students: list[str], query: Query) -> list[Problem]:
    """Errors for a query that shares no student or no question with TRAIN (its ids do not match TRAIN's), one
    per row of the ids it lacks; none when it shares both."""
    rows = list(zip(query.rows, students, query.item_ids))
    problems = []
    if not any(s in classes.home for _, s, _ in rows):
        problems += [_unknown(False, s, r, classes.at) for r, s, _ in rows]
    items = set().union(*classes.items, *classes.ambiguous)
    if not any(i in items for _, _, i in rows):
        forms = set().union(*(set(f) | set(a) for f, a in map(classes.forms, range(len(classes.items)))))
        if not any(_form(i) in forms for _, _, i in rows):
            problems += [_unknown(True, i, r, classes.at) for r, _, i in rows]
    return sorted(problems, key=lambda p: p.row or 0)


def _with_zeros(matrices: list[ScoreMatrix], query: Query, file: str) -> tuple[list[str], list[Problem]]:
    """The query's student ids with each number that lost its leading zeros read as TRAIN's (the import's rule),
    and a warning saying how many were."""
    known = {s: None for m in matrices for s in m.student_ids}
    found = lost_zeros(known, list(dict.fromkeys(s for s in query.student_ids if s not in known)), {})
    if not found:
        return query.student_ids, []
    written, kept = next(iter(found.items()))
    warning = Problem(
        Severity.WARNING,
        Text(
            f"查询文件中有 {len(found)} 个学号只是丢了前面的 0，按训练数据中的学号读（如“{written}”即“{kept}”）",
            f"{len(found)} student numbers of the query are TRAIN's but for the leading zeros they lost "
            f"(e.g. '{written}' is '{kept}')",
        ),
        file,
    )
    return [found.get(s, s) for s in query.student_ids], [warning]


def locate_pairs(matrices: list[ScoreMatrix], names: list[str | None], query: Query, file: str) -> Located:
    """Every query row's class, student row and question column (`names`: each class's name, None for TRAIN's
    one class); GradebookError naming each bare label that several exams have, or every row when the query
    shares no student or no question with TRAIN."""
    students, warnings = _with_zeros(matrices, query, file)
    classes = _Classes(matrices, names, _At(file, query.sheet, query.headers))
    if problems := _unmatched(classes, students, query):
        raise GradebookError(problems)
    classes.warnings += warnings
    problems, found = [], []
    for row, student, item in zip(query.rows, students, query.item_ids):
        j, s = classes.student(student, row)
        if (exams := classes.exams_of_ambiguous(j, item)) is not None:
            problems.append(_ambiguous(item, exams, row, classes.at))
        else:
            found.append((j, s, classes.item(j, item, row)))
    if problems:
        raise GradebookError(problems)
    where = np.array(found, dtype=int).reshape(-1, 3)
    pairs = [(where[where[:, 0] == j, 1], where[where[:, 0] == j, 2]) for j in range(len(matrices))]
    return Located(classes.widened(), where[:, 0], pairs, classes.warnings)
