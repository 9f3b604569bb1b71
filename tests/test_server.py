"""A school's shared store on PostgreSQL: server init, push and pull, teachers who see only their classes (row-level
security, tried with raw SQL), upgrades refused while older clients are connected, backups with pg_dump.
Skipped where ZHIDIAN_TEST_PG names no server (see server_helpers.py); .ci/run starts one."""

from __future__ import annotations

import dataclasses
import json
import shutil
import threading
import time
import uuid
from pathlib import Path

import psycopg
import pytest
from alembic import command
from sample_stores import copy_store
from server_helpers import database_url, needs_server, run_as_superuser
from storage_helpers import gradebook, totals

from app.cli import main
from app.core.paper import Paper, PaperQuestion
from app.services.server import pull_class, push_store
from app.services.tagging import exam_paper, save_tags
from app.storage import (
    DatabaseTooNew,
    DuplicateImport,
    ReadOnlyStore,
    StoreBusy,
    StoreChanged,
    StoreMissing,
    StoreSummary,
    import_gradebook,
    list_classes,
    list_diagnosis_runs,
    load_diagnosis,
    load_score_matrix,
    open_database,
    replace_paper,
)
from app.storage.database import HEAD_REVISION, alembic_config
from app.storage.engines import server_engine
from app.storage.server import add_teacher, init_server

pytestmark = needs_server

PAPER = Paper(
    "Exam 1",
    (PaperQuestion("Q1", 1.0, ("加法",)), PaperQuestion("Q2", 2.0, ("减法",)), PaperQuestion("Q3", 5.0, ("乘法",))),
)


@pytest.fixture
def pushed(server_store: str, diagnosed_store: Path, tmp_path: Path) -> tuple[str, Path]:
    """The sample (八年级(3)班 diagnosed) pushed onto a fresh server store; (its URL, the local file)."""
    local = copy_store(diagnosed_store, tmp_path)
    push_store(local, server_store)
    return server_store, local


@pytest.fixture
def teacher(pushed: tuple[str, Path]) -> tuple[str, str]:
    """A teacher of 八年级(3)班 only: (their login URL, their role name); the role is dropped afterwards."""
    url, _ = pushed
    name = f"t_{uuid.uuid4().hex[:8]}"
    assert add_teacher(url, name, ["八年级(3)班"], "pw-3ban") is True
    yield database_url(url.rsplit("/", 1)[1], name, "pw-3ban"), name
    run_as_superuser(f"DROP DATABASE IF EXISTS {url.rsplit('/', 1)[1]} WITH (FORCE)", f'DROP ROLE IF EXISTS "{name}"')


def _mastery(session) -> list[list[float]]:
    """The newest diagnosis of 八年级(3)班: its students' mastery."""
    run = list_diagnosis_runs(session, "八年级(3)班")[0]
    return load_diagnosis(session, run.run_id).mastery.tolist()


def test_a_store_pushed_twice_is_on_the_server_once_with_its_diagnosis(pushed: tuple[str, Path]) -> None:
    url, local = pushed
    with open_database(local) as here, open_database(url) as there:
        assert totals(there) == totals(here)
        with here.session() as a, there.session() as b:
            assert [c.name for c in list_classes(b)] == [c.name for c in list_classes(a)]
            mine, theirs = load_score_matrix(a, "八年级(3)班"), load_score_matrix(b, "八年级(3)班")
            assert theirs.student_ids == mine.student_ids and theirs.item_ids == mine.item_ids
            assert (theirs.points == mine.points)[~(theirs.points != theirs.points)].all()
            assert _mastery(b) == _mastery(a)
    again = push_store(local, url)
    assert again.total == 0
    with open_database(url) as there, open_database(local) as here:
        assert totals(there) == totals(here)


def test_a_class_pulled_into_a_file_holds_its_scores_and_diagnosis(pushed: tuple[str, Path], tmp_path: Path) -> None:
    url, local = pushed
    target = tmp_path / "away" / "zhidian.db"
    copied = pull_class(url, "八年级(3)班", target)
    with open_database(target) as away, open_database(local) as here, away.session() as a, here.session() as b:
        runs = len(list_diagnosis_runs(b, "八年级(3)班"))
        assert copied.added["classes"] == 1 and copied.added["diagnosis_runs"] == runs > 1
        assert [c.name for c in list_classes(a)] == ["八年级(3)班"]
        assert load_score_matrix(a, "八年级(3)班").student_ids == load_score_matrix(b, "八年级(3)班").student_ids
        assert _mastery(a) == _mastery(b)
    assert pull_class(url, "八年级(3)班", target).total == 0


def test_a_teachers_login_reads_no_other_class_from_any_table(pushed: tuple[str, Path], teacher) -> None:
    url, local = pushed
    login, _ = teacher
    with open_database(local) as here, here.session() as session:
        others = [c.name for c in list_classes(session) if c.name != "八年级(3)班"]
        matrix = load_score_matrix(session, "八年级(1)班")
        own = load_score_matrix(session, "八年级(3)班")
    foreign = {n for n in matrix.student_names if n} | set(matrix.student_ids)
    foreign -= {n for n in own.student_names if n} | set(own.student_ids)  # numbers two classes share say nothing
    assert others and foreign
    with psycopg.connect(login) as raw:
        tables = [
            f'"{schema}"."{name}"'
            for schema, name in raw.execute(
                "SELECT table_schema, table_name FROM information_schema.tables "
                "WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
            )
        ]
        assert len(tables) > 30  # every table and the grade's anonymous views
        seen: set[str] = set()
        for table in tables:
            for row in raw.execute(f"SELECT * FROM {table}"):
                seen.update(str(v) for v in row if v is not None)
        rates = raw.execute("SELECT sum(answered) FROM grade_question_rates").fetchone()
    assert not seen & (foreign | set(others))
    assert "八年级(3)班" in seen
    with open_database(url) as there:
        assert rates is not None and rates[0] == totals(there).scores  # every class's scores, counted anonymously


def test_summary_as_a_teacher_lists_only_their_classes_and_writes_only_theirs(teacher, capsys) -> None:
    login, _ = teacher
    assert main(["summary", "--json", "--db", login]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [c["class"] for c in listed["by_class"]] == ["八年级(3)班"] and listed["classes"] == 1
    with psycopg.connect(login) as raw, pytest.raises(psycopg.errors.InsufficientPrivilege):
        raw.execute("INSERT INTO classes (name, subject, created) VALUES ('八年级(1)班x', '', now())")
    with open_database(login) as db, pytest.raises(ReadOnlyStore, match="may not do this"), db.writing() as s:
        s.connection().exec_driver_sql("INSERT INTO class_teachers VALUES ('八年级(1)班', current_user)")


def test_a_grade_lead_sees_the_whole_grade(pushed: tuple[str, Path]) -> None:
    url, _ = pushed
    name = f"lead_{uuid.uuid4().hex[:8]}"
    add_teacher(url, name, [], "pw-lead", role="zhidian_grade_lead")
    try:
        with open_database(database_url(url.rsplit("/", 1)[1], name, "pw-lead")) as db, db.session() as s:
            assert len(list_classes(s)) == 4
    finally:
        run_as_superuser(f"DROP DATABASE IF EXISTS {url.rsplit('/', 1)[1]} WITH (FORCE)", f'DROP ROLE "{name}"')


def test_add_teacher_again_reuses_the_login_and_adds_classes(teacher, pushed: tuple[str, Path], capsys) -> None:
    login, name = teacher
    url, _ = pushed
    assert main(["server", "add-teacher", name, "--classes", "八年级(4)班", "--db", url, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["created"] is False
    with open_database(login) as db, db.session() as s:  # the password stayed (none given, no terminal)
        assert [c.name for c in list_classes(s)] == ["八年级(3)班", "八年级(4)班"]


def test_the_cli_sets_up_pushes_twice_and_says_nothing_was_doubled(
    server_template: str, diagnosed_store: Path, tmp_path: Path, capsys
) -> None:
    name = f"zt_{uuid.uuid4().hex[:12]}"
    run_as_superuser(f"CREATE DATABASE {name}")
    url = database_url(name)
    try:
        local = copy_store(diagnosed_store, tmp_path)
        assert main(["server", "init", "--db", url, "--json"]) == 0
        assert json.loads(capsys.readouterr().out) == {"created": True, "revision": HEAD_REVISION}
        assert main(["server", "push", "--from", str(local), "--db", url, "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["total"] > 4000
        assert main(["server", "push", "--from", str(local), "--db", url, "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["total"] == 0
        assert main(["server", "init", "--db", url, "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["created"] is False
    finally:
        run_as_superuser(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_an_upgrade_waits_until_older_clients_have_gone(server_store: str) -> None:
    engine = server_engine(server_store, HEAD_REVISION)
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0007")
    engine.dispose()
    with pytest.raises(StoreMissing, match="older schema"):
        open_database(server_store)
    older = psycopg.connect(server_store, application_name="zhidian 0007")
    try:
        with pytest.raises(StoreBusy, match="1 older Zhidian"):
            init_server(server_store)
    finally:
        older.close()
    assert init_server(server_store).found == "0007"
    with open_database(server_store) as db, db.engine.connect() as c:
        assert c.exec_driver_sql("SELECT version FROM papers LIMIT 1").all() == []


def test_a_server_without_the_schema_or_with_a_newer_one_is_refused(server_store: str) -> None:
    name = f"zt_{uuid.uuid4().hex[:12]}"
    run_as_superuser(f"CREATE DATABASE {name}")
    try:
        with pytest.raises(StoreMissing, match="server init"):
            open_database(database_url(name))
    finally:
        run_as_superuser(f"DROP DATABASE {name}")
    with psycopg.connect(server_store) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '0099'")
    with pytest.raises(DatabaseTooNew):
        open_database(server_store)


@pytest.mark.skipif(shutil.which("pg_dump") is None, reason="pg_dump is not installed")
def test_backup_and_restore_of_a_server_store_use_pg_dump(pushed: tuple[str, Path], capsys) -> None:
    url, local = pushed
    assert main(["backup", "--db", url, "--json"]) == 0
    dump = Path(json.loads(capsys.readouterr().out)["backup"])
    assert dump.suffix == ".dump" and dump.stat().st_size > 0
    assert main(["--lang", "en", "backup", "--db", url]) == 0  # says which backup: the server's, with pg_dump
    assert capsys.readouterr().out.startswith("Backs up the school server's store: a pg_dump")
    assert main(["undo", "--db", url, "--json"]) == 0
    capsys.readouterr()
    assert main(["restore", dump.name, "--db", url, "--json"]) == 0
    capsys.readouterr()
    with open_database(url) as there, open_database(local) as here:
        assert totals(there) == totals(here)
    assert main(["check-store", "--db", url, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["ok"] is True


def _blocked(url: str) -> None:
    """Return once a connection to the test database waits for a row lock (fails after 20 s)."""
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(database_url("postgres"), autocommit=True) as watcher:
        for _ in range(400):
            row = watcher.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock'", (name,)
            ).fetchone()
            if row and row[0]:
                return
            time.sleep(0.05)
    raise AssertionError("no writer waited for the other")


def _while_blocking(url: str, first, second):
    """Run `first(session)` in a write transaction and, while it is open, `second()` in a thread; commit `first`
    once `second` waits for its locks. Returns what `second` returned or raised."""
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["value"] = second()
        except Exception as error:  # noqa: BLE001 - handed back to the test
            outcome["error"] = error

    with open_database(url) as db:
        with db.writing() as session:
            first(session)
            thread = threading.Thread(target=run)
            thread.start()
            _blocked(url)
        thread.join(30)
    assert not thread.is_alive()
    return outcome


def test_two_teachers_import_classes_sharing_knowledge_points_at_once(server_store: str) -> None:
    one = gradebook(source="1.csv")
    two = gradebook(source="2.csv", students=(("101", "王五"), ("102", "赵六")))

    def second():
        with open_database(server_store) as db, db.writing() as session:
            return import_gradebook(session, two, "2班").scores

    outcome = _while_blocking(server_store, lambda s: import_gradebook(s, one, "1班"), second)
    assert outcome == {"value": 6}  # it waited for the first's new knowledge points, then used them
    with open_database(server_store) as db:
        assert totals(db) == StoreSummary(students=5, items=6, scores=14, assessments=2, knowledge_points=3, classes=2)


def test_the_second_of_two_teachers_saving_one_paper_at_once_is_told_it_changed(server_store: str) -> None:
    with open_database(server_store) as db:
        with db.writing() as session:
            import_gradebook(session, gradebook(), "1班")
            import_gradebook(session, gradebook(source="2.csv", students=(("101", "王五"),)), "2班")
        save_tags(db, "1班", "Exam 1", PAPER)
        start = exam_paper(db, "2班", "Exam 1")
    assert start.version == 1
    mine = dataclasses.replace(PAPER, questions=(*PAPER.questions[:2], PaperQuestion("Q3", 5.0, ("几何",))))
    theirs = dataclasses.replace(PAPER, questions=(*PAPER.questions[:2], PaperQuestion("Q3", 5.0, ("代数",))))

    def second():
        with open_database(server_store) as db:
            return save_tags(db, "2班", "Exam 1", theirs, version=start.version)

    outcome = _while_blocking(
        server_store, lambda s: replace_paper(s, start.paper_id, mine, expected_version=start.version), second
    )
    assert isinstance(outcome.get("error"), StoreChanged)
    with open_database(server_store) as db:
        now = exam_paper(db, "2班", "Exam 1")
    assert now.version == 2 and now.paper.questions[2].knowledge_points == ("几何",)


def test_a_file_already_in_a_class_the_teacher_cannot_see_is_refused_without_naming_it(pushed, teacher) -> None:
    url, _ = pushed
    login, _ = teacher
    book = gradebook(source="shared.csv", students=(("901", "周七"),))
    with open_database(url) as admin, admin.writing() as session:
        import_gradebook(session, book, "八年级(1)班")
    with open_database(login) as db, pytest.raises(DuplicateImport) as refused, db.writing() as session:
        import_gradebook(session, book, "八年级(3)班")
    said = refused.value.problems[0].describe("en")
    assert "do not teach" in said and "八年级(1)班" not in said


def test_a_teacher_imports_diagnoses_and_undoes_in_their_own_new_class(pushed, teacher) -> None:
    from app.services.diagnosing import diagnose_stored_class
    from app.services.store import undo_import

    url, _ = pushed
    login, name = teacher
    add_teacher(url, name, ["八年级9班"], None)
    book = gradebook(source="mine.csv", students=tuple((f"9{i:02d}", f"学生{i}") for i in range(12)))
    with open_database(login) as db:
        with db.writing() as session:
            import_gradebook(session, book, "八年级9班")
        diagnose_stored_class(db, "八年级9班")
        with db.session() as session:
            assert [c.name for c in list_classes(session)] == ["八年级(3)班", "八年级9班"]
            assert len(list_diagnosis_runs(session, "八年级9班")) == 1
        assert [u.class_name for u in undo_import(db)] == ["八年级9班"]
    with open_database(url) as admin, admin.session() as session:  # the other classes are as they were
        assert len(list_classes(session)) == 4


def test_a_teachers_grade_regime_reads_the_whole_grade_anonymously(pushed, teacher) -> None:
    from app.services.grade_peers import grade_peers

    url, _ = pushed
    login, _ = teacher
    exams = [["期中考试"], ["2026年11月八年级数学第二次月考"]]
    with open_database(url) as owner, owner.session() as session:
        named = grade_peers(session, "八年级(3)班", exams)
    with open_database(login) as db, db.session() as session:
        anonymous = grade_peers(session, "八年级(3)班", exams)
        assert len(list_classes(session)) == 1  # the teacher's own session still sees one class
    assert [len(p) for p in anonymous] == [len(p) for p in named] and sum(len(p) for p in named) >= 3
    for mine, theirs in zip([m for p in anonymous for m in p], [m for p in named for m in p], strict=True):
        assert mine.item_ids == theirs.item_ids and mine.knowledge_points == theirs.knowledge_points
        assert (mine.points[~(mine.points != mine.points)] == theirs.points[~(theirs.points != theirs.points)]).all()
        assert all(s.startswith("peer-") for s in mine.student_ids) and set(mine.student_names) == {None}
