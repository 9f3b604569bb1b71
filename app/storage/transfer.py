"""Copying classes from one store to another (a teacher's file onto the school's server, or a class from the
server into a file for offline work): classes, imports, students, exams, papers and their tags, scores and
diagnoses, every id given anew by the target, so ids stay unique there. A row the target already holds (the same
natural key: a class's name, an import's content hash, a student's number in the class, …) is reused rather
than copied again, so copying twice copies once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, insert, select, tuple_, update

from app.storage.models import Base


@dataclass(frozen=True)
class Step:
    """One table: the columns that name a row whatever its id (None: a table without its own id, whose rows are
    new where one of the rows they belong to is new) and its references to rows copied before it."""

    table: str
    key: tuple[str, ...] | None
    refs: dict[str, str]
    later: dict[str, str] | None = None  # references to its own table, set once all its rows are there


PLAN = (
    Step("classes", ("name",), {}),
    Step("import_batches", ("content_hash",), {"class_id": "classes"}),
    Step("knowledge_points", ("subject", "name"), {"batch_id": "import_batches"}, {"parent_id": "knowledge_points"}),
    Step("papers", ("name", "created"), {}),
    Step("paper_questions", ("paper_id", "label"), {"paper_id": "papers"}),
    Step(
        "students",
        ("class_id", "number"),
        {"class_id": "classes", "batch_id": "import_batches"},
        {"merged_into": "students"},
    ),
    Step(
        "assessments",
        ("class_id", "name"),
        {"class_id": "classes", "batch_id": "import_batches", "paper_id": "papers"},
    ),
    Step("questions", ("assessment_id", "label"), {"assessment_id": "assessments"}),
    Step("question_knowledge_points", None, {"question_id": "questions", "knowledge_point_id": "knowledge_points"}),
    Step("scores", None, {"student_id": "students", "question_id": "questions"}),
    Step(
        "knowledge_point_prerequisites",
        None,
        {"knowledge_point_id": "knowledge_points", "prerequisite_id": "knowledge_points"},
    ),
    Step("diagnosis_runs", ("class_id", "created", "model_version"), {"class_id": "classes"}),
    Step("diagnosis_run_assessments", None, {"run_id": "diagnosis_runs", "assessment_id": "assessments"}),
    Step(
        "diagnosis_results",
        None,
        {"run_id": "diagnosis_runs", "student_id": "students", "knowledge_point_id": "knowledge_points"},
    ),
    Step("diagnosis_items", None, {"run_id": "diagnosis_runs", "question_id": "questions"}),
    Step("diagnosis_students", None, {"run_id": "diagnosis_runs", "student_id": "students"}),
)
"""Every table copied, parents before children. Not copied: score corrections and student merges (their effect
is in the scores), the store's own prior, and who teaches which class (the server's business)."""

OPTIONAL = {"batch_id", "paper_id", "parent_id", "merged_into"}
"""References that may point at a row not copied (an import of another class): they become NULL."""


@dataclass
class _Map:
    """Source id -> target id of one table, and which target ids this copy made."""

    ids: dict[Any, Any]
    new: set[Any]


def copy_classes(source: Connection, target: Connection, classes: Iterable[str] | None = None) -> dict[str, int]:
    """Copy `classes` (by name; None: every class) with what belongs to them from `source` into `target`, in the
    caller's transactions; returns how many rows each table gained."""
    maps: dict[str, _Map] = {}
    added: dict[str, int] = {}
    wanted = None if classes is None else list(classes)
    for step in PLAN:
        table = Base.metadata.tables[step.table]
        rows = [dict(r) for r in source.execute(_chosen(table, step, maps, wanted)).mappings()]
        if step.key is None:
            added[step.table] = _copy_owned(target, table, step, rows, maps)
        else:
            maps[step.table], added[step.table] = _copy_named(target, table, step, rows, maps)
        for column, parent in (step.later or {}).items():
            _set_later(target, table, column, rows, maps[step.table], maps[parent])
    return added


def _chosen(table: Table, step: Step, maps: dict[str, _Map], classes: list[str] | None) -> Any:
    """The source's rows of `table` that go with the chosen classes (all when every class goes)."""
    query = select(table)
    if classes is None:
        return query
    if step.table == "classes":
        return query.where(table.c.name.in_(classes))
    required = [c for c in step.refs if c not in OPTIONAL]
    for column in required:  # only rows whose every required parent was copied
        query = query.where(table.c[column].in_(list(maps[step.refs[column]].ids)))
    return query


def _remapped(row: dict[str, Any], step: Step, maps: dict[str, _Map]) -> dict[str, Any] | None:
    """The row with its references given the target's ids (None: a required parent was not copied)."""
    out = dict(row)
    for column, parent in step.refs.items():
        value = row[column]
        if value is None:
            continue
        mapped = maps[parent].ids.get(value)
        if mapped is None and column not in OPTIONAL:
            return None
        out[column] = mapped
    for column in step.later or {}:
        out[column] = None
    return out


def _copy_named(
    target: Connection, table: Table, step: Step, rows: list[dict[str, Any]], maps: dict[str, _Map]
) -> tuple[_Map, int]:
    assert step.key is not None
    found = _Map({}, set())
    remapped = [(row["id"], r) for row in rows if (r := _remapped(row, step, maps)) is not None]
    keys = [tuple(r[c] for c in step.key) for _, r in remapped]
    existing: dict[tuple[Any, ...], Any] = {}
    columns = [table.c[c] for c in step.key]
    for chunk in _chunks(sorted(set(keys), key=repr), 500):
        condition = tuple_(*columns).in_(chunk) if len(columns) > 1 else columns[0].in_([k[0] for k in chunk])
        for there in target.execute(select(table.c.id, *columns).where(condition)):
            existing[tuple(there[1:])] = there[0]
    for (old_id, row), key in zip(remapped, keys):
        if key in existing:
            found.ids[old_id] = existing[key]
            continue
        values = {k: v for k, v in row.items() if k != "id"}
        new_id = target.execute(insert(table).values(values).returning(table.c.id)).scalar_one()
        existing[key] = new_id
        found.ids[old_id] = new_id
        found.new.add(new_id)
    return found, len(found.new)


def _copy_owned(target: Connection, table: Table, step: Step, rows: list[dict[str, Any]], maps: dict[str, _Map]) -> int:
    """Rows without an id of their own: copied where one of the rows they belong to is new in the target (where
    all were there already, so are they: they came with those rows)."""
    new = []
    for row in rows:
        out = _remapped(row, step, maps)
        if out is not None and any(out[c] in maps[p].new for c, p in step.refs.items()):
            new.append(out)
    for chunk in _chunks(new, 5000):
        target.execute(insert(table), chunk)
    return len(new)


def _set_later(
    target: Connection, table: Table, column: str, rows: list[dict[str, Any]], own: _Map, parents: _Map
) -> None:
    for row in rows:
        if row[column] is not None and own.ids.get(row["id"]) in own.new and row[column] in parents.ids:
            target.execute(
                update(table).where(table.c.id == own.ids[row["id"]]).values({column: parents.ids[row[column]]})
            )


def _chunks(items: list[Any], size: int) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
