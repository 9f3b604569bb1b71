"""Opening the store: pragmas, a schema that migrations reproduce, upgrade with backup, refusals."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.exc import IntegrityError

from app.storage import (
    DamagedStore,
    DatabaseTooNew,
    NotADatabase,
    ReadOnlyStore,
    UpgradeFailed,
    check_store,
    default_db_path,
    list_backups,
    list_classes,
    load_score_matrix,
    open_database,
    repair_store,
)
from app.storage.database import HEAD_REVISION, alembic_config
from app.storage.models import Base

HEAD = ScriptDirectory.from_config(alembic_config()).get_current_head()


def _migrate(path: Path, revision: str) -> None:
    """Run the migration chain on `path` up to `revision`, as an older Zhidian would have."""
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), revision)
    engine.dispose()


def _revision(path: Path) -> str:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]


def _schema(path: Path) -> dict[str, object]:
    """Everything SQLite reports about each table, in an order-free form."""
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        inspector = inspect(connection)
        schema = {
            table: (
                sorted((c["name"], str(c["type"]), c["nullable"]) for c in inspector.get_columns(table)),
                inspector.get_pk_constraint(table)["constrained_columns"],
                sorted(
                    (fk["name"], fk["constrained_columns"], fk["referred_table"], fk["referred_columns"], fk["options"])
                    for fk in inspector.get_foreign_keys(table)
                ),
                sorted((i["name"], i["column_names"], i["unique"]) for i in inspector.get_indexes(table)),
                sorted((u["name"], u["column_names"]) for u in inspector.get_unique_constraints(table)),
                sorted((c["name"], c["sqltext"]) for c in inspector.get_check_constraints(table)),
            )
            for table in inspector.get_table_names()
        }
    engine.dispose()
    return schema


def test_a_new_store_is_at_head_with_foreign_keys_and_wal(tmp_path: Path) -> None:
    path = tmp_path / "new" / "zhidian.db"
    with open_database(path) as db, db.session() as session:
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert db.backup is None
        with pytest.raises(IntegrityError):
            session.execute(text("INSERT INTO students (class_id, number, batch_id) VALUES (99, '001', 99)"))
    assert _revision(path) == HEAD


def test_the_fast_path_head_is_alembics_head() -> None:
    assert HEAD_REVISION == HEAD


def test_opening_a_store_at_head_does_not_load_alembic(tmp_path: Path) -> None:
    open_database(tmp_path / "z.db").close()
    code = f"import sys; from app.storage import open_database; open_database({str(tmp_path / 'z.db')!r}).close(); print('alembic' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert out.stdout.strip() == "False", out.stderr


def test_create_all_and_the_migration_chain_make_the_same_schema(tmp_path: Path) -> None:
    created, migrated = tmp_path / "created.db", tmp_path / "migrated.db"
    open_database(created).close()
    _migrate(migrated, "head")

    engine = create_engine(f"sqlite:///{migrated}")
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
    engine.dispose()
    assert _schema(created) == _schema(migrated)


def _old_store(path: Path, rows: str) -> None:
    """A store at schema 0001 holding class 3班, its import and student 001 张三, then what `rows` inserts."""
    _migrate(path, "0001")
    with sqlite3.connect(path) as connection:
        connection.executescript(
            """
            INSERT INTO classes VALUES (1, '3班', '', '2024-09-01 08:00:00');
            INSERT INTO import_batches VALUES (1, 1, 1, 'a.csv', 'abc', '2024-09-01 08:00:00', 1, 1, 1, 0, 1, 0);
            INSERT INTO students VALUES (1, 1, '001', '张三', 1);
            """
            + rows
        )


def test_an_older_store_is_backed_up_then_upgraded_keeping_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "zhidian.db"
    _old_store(
        path,
        """
        INSERT INTO assessments VALUES (1, 1, 'Exam 1', NULL, 1);
        INSERT INTO questions VALUES (1, 1, 'Q1', 2.0, 0);
        INSERT INTO knowledge_points VALUES (1, '', '加法', 1);
        INSERT INTO question_knowledge_points VALUES (1, 1, 0);
        INSERT INTO scores VALUES (1, 1, 1.5);
        """,
    )

    with open_database(path) as db, db.session() as session:
        matrix = load_score_matrix(session, "3班")
        backup = db.backup

    assert _revision(path) == HEAD
    assert (matrix.student_ids, matrix.item_ids, matrix.knowledge_points) == (("001",), ("Q1",), ("加法",))
    assert matrix.points.tolist() == [[1.5]] and matrix.q_matrix.tolist() == [[True]]
    assert backup is not None and backup.parent.name == "zhidian.db-backups"
    assert re.fullmatch(r"\d{8}-\d{6}-\d{6}-before-upgrade-0001\.db", backup.name)
    assert _revision(backup) == "0001"
    with sqlite3.connect(backup) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("SELECT points FROM scores").fetchall() == [(1.5,)]


def test_a_store_from_a_newer_zhidian_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "zhidian.db"
    open_database(path).close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0099'")

    with pytest.raises(DatabaseTooNew) as refused:
        open_database(path)

    assert "newer version of Zhidian (schema 0099)" in refused.value.text.en
    assert f"knows up to {HEAD}" in refused.value.text.en
    assert "更新版本的知点" in refused.value.text.zh
    assert _revision(path) == "0099"
    assert not (tmp_path / "zhidian.db-backups").exists()


@pytest.mark.parametrize("content", [b"these are not the bytes of a database" * 100, None])
def test_a_file_that_is_not_a_zhidian_store_is_refused(tmp_path: Path, content: bytes | None) -> None:
    path = tmp_path / "other.db"
    if content is None:
        with sqlite3.connect(path) as connection:
            connection.execute("CREATE TABLE contacts (name TEXT)")
    else:
        path.write_bytes(content)

    with pytest.raises(NotADatabase) as refused:
        open_database(path)

    assert "is not a Zhidian database" in refused.value.text.en


@pytest.mark.skipif(sys.platform != "linux", reason="XDG_DATA_HOME is how Linux moves the data folder")
def test_the_default_store_is_in_the_user_data_folder(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("ZHIDIAN_DATA_DIR")  # no folder named (the tests' own data folder, conftest.py)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    path = default_db_path()
    assert path == tmp_path / "data" / "Zhidian" / "zhidian.db"
    assert path.parent.is_dir()


def test_a_failed_upgrade_rolls_back_keeps_one_backup_and_says_how_to_repair(tmp_path: Path) -> None:
    path = tmp_path / "zhidian.db"
    _old_store(path, "INSERT INTO students VALUES (2, 9, '002', '李四', 1);")  # of class 9, which does not exist

    for _ in range(3):  # every start fails the same way, and makes no second copy
        with pytest.raises(UpgradeFailed) as failed:
            open_database(path)
    assert _revision(path) == "0001"
    assert "check-store --repair" in failed.value.text.en and "students" in failed.value.text.en
    assert [b.reason for b in list_backups(path)] == ["before-upgrade-0001"]

    assert check_store(path).dangling == {"students": 1}
    assert repair_store(path) == {"students": 1}
    with open_database(path) as db, db.session() as session:
        assert [c.students for c in list_classes(session)] == [1]


def test_several_processes_opening_an_old_store_upgrade_it_once(tmp_path: Path) -> None:
    path = tmp_path / "zhidian.db"
    _migrate(path, "0001")
    code = (
        "import sys; from app.storage import open_database; "
        f"db = open_database({str(path)!r}); print(db.backup is not None); db.close()"
    )
    runs = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True) for _ in range(3)]
    outputs = [run.communicate(timeout=120)[0].strip() for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0]
    assert sorted(outputs) == ["False", "False", "True"]  # one upgraded (and backed up), two found it at head
    assert _revision(path) == HEAD


def test_a_store_in_a_folder_without_write_permission_says_so(tmp_path: Path, monkeypatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "mkdir", refuse)  # root may write anywhere: the refusal is simulated
    with pytest.raises(ReadOnlyStore) as refused:
        open_database(tmp_path / "locked" / "zhidian.db")
    assert "No permission to write" in refused.value.text.en


def test_a_damaged_store_offers_the_backups(tmp_path: Path) -> None:
    path = tmp_path / "zhidian.db"
    open_database(path).close()
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # the schema page overwritten, the SQLite header kept
    path.write_bytes(bytes(data))

    with pytest.raises(DamagedStore) as refused:
        open_database(path)
    assert "Restore from backup" in refused.value.text.en
