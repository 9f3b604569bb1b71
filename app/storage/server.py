"""A school's PostgreSQL server: setting it up (`init_server`: schema, roles, row-level security) and its
teachers (`add_teacher`). Who sees what is the database's rule, not the app's: a teacher's login reads and
changes only the rows of their classes, whatever SQL it sends.

Roles: `zhidian_teacher` (each teacher's login is a member), `zhidian_grade_lead` (备课组长: the whole grade),
`zhidian_admin` (every class; manages teachers). The login that runs `server init` owns the tables and so is
not bound by the policies (nor is a superuser).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, insert, select, text
from sqlalchemy.orm import Session

from app.core.problems import Text
from app.storage.database import HEAD_REVISION, alembic_config, current_revision
from app.storage.engines import APPLICATION_NAME, is_shared, label, server_engine
from app.storage.errors import DatabaseTooNew, NotADatabase, StoreBusy, StoreError, store_errors
from app.storage.models import Base, ClassTeacher

TEACHER, GRADE_LEAD, ADMIN = "zhidian_teacher", "zhidian_grade_lead", "zhidian_admin"
GROUPS = (TEACHER, GRADE_LEAD, ADMIN)

SEES_ALL = f"(pg_has_role('{GRADE_LEAD}', 'MEMBER') OR pg_has_role('{ADMIN}', 'MEMBER'))"

CLASS_POLICY = (
    f"{SEES_ALL} OR EXISTS (SELECT 1 FROM class_teachers t WHERE t.class_name = classes.name "
    "AND t.role_name = current_user)"
)
"""A class row is seen (and may be written) by its teachers, the grade lead and the admin."""

THROUGH = {
    "import_batches": ("class_id", "classes"),
    "students": ("class_id", "classes"),
    "assessments": ("class_id", "classes"),
    "diagnosis_runs": ("class_id", "classes"),
    "exported_plans": ("class_id", "classes"),
    "student_merges": ("kept_id", "students"),
    "score_corrections": ("student_id", "students"),
    "scores": ("student_id", "students"),
    "questions": ("assessment_id", "assessments"),
    "question_knowledge_points": ("question_id", "questions"),
    "diagnosis_run_assessments": ("run_id", "diagnosis_runs"),
    "diagnosis_results": ("run_id", "diagnosis_runs"),
    "diagnosis_items": ("run_id", "diagnosis_runs"),
    "diagnosis_students": ("run_id", "diagnosis_runs"),
}
"""Each table of a class's rows, and the column naming the row it belongs to: a row is seen where that row is,
so a policy's subquery (itself under the referenced table's policy) carries the class's rule down. The subquery
is uncorrelated (`IN (SELECT id FROM parent)`): the server computes the visible ids once per query and hashes
them, instead of looking each row's parent up again (a teacher's 125,000 scores: 2.2 s → see SERVER.md)."""

SHARED = (
    "papers", "paper_questions", "knowledge_points", "knowledge_point_prerequisites", "local_prior",
    "paper_calibrations", "paper_calibration_items",
)  # fmt: skip
"""The grade's papers, tags and knowledge graph, the school's prior and the papers' calibrations (question
parameters and classes by id, no student data): every teacher reads and writes them."""

GRADE_RATES_VIEW = """
CREATE OR REPLACE VIEW grade_question_rates AS
SELECT a.name AS exam, q.label AS question, q.max_score, count(s.points) AS answered,
       avg(s.points / NULLIF(q.max_score, 0)) AS score_rate
FROM scores s JOIN questions q ON q.id = s.question_id JOIN assessments a ON a.id = q.assessment_id
GROUP BY a.name, q.label, q.max_score
"""
"""The grade's anonymous aggregates (per exam and question: how many answered, the mean score rate), readable by
every teacher: the view runs with its owner's rights, so it counts every class but names no student or class."""

IMPORTED_FUNCTION = """
CREATE OR REPLACE FUNCTION zhidian_imported(hash text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$ SELECT EXISTS (SELECT 1 FROM import_batches WHERE content_hash = hash) $$
"""
"""Whether a file (its content hash) was imported into any class: a teacher is told it was, not where (the
hash is unique over the server, and a teacher's own check sees only their classes)."""

ROLE_NAME = re.compile(r"^[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]{0,62}$")


@dataclass(frozen=True)
class ServerSetup:
    """What `init_server` did: the revision it found (None: an empty database) and the one it left."""

    found: str | None
    revision: str

    @property
    def created(self) -> bool:
        """True when the schema was created from nothing."""
        return self.found is None


def init_server(url: str) -> ServerSetup:
    """Create (or upgrade to this app's head) the schema on the server at `url`, with the teachers' roles, grants
    and row-level security policies; again and again the same. An upgrade is refused while a Zhidian built for an
    older schema is connected (it would write rows the new schema reads otherwise)."""
    from alembic import command
    from alembic.script import ScriptDirectory

    where = label(url)
    engine = server_engine(url, HEAD_REVISION)
    try:
        with store_errors(where), engine.begin() as connection:
            connection.exec_driver_sql("SELECT pg_advisory_xact_lock(4243)")  # two inits at once: one waits
            found, tables = current_revision(engine, where, connection)
            if found is None:
                if tables:
                    raise NotADatabase(_not_empty(where))
                Base.metadata.create_all(connection)
                command.stamp(alembic_config(connection), "head")
            elif found != HEAD_REVISION:
                if found not in {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}:
                    raise DatabaseTooNew(
                        Text(
                            f"学校服务器上的数据库“{where}”由更新版本的知点建立（结构版本 {found}）。请升级知点。",
                            f"The server's store '{where}' was set up by a newer Zhidian (schema {found}). "
                            "Update Zhidian.",
                        )
                    )
                _refuse_older_clients(connection, where)
                # the views read the tables' columns, which a migration may change: made anew by _secure below
                connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {GRADE_SCHEMA} CASCADE")
                connection.exec_driver_sql("DROP VIEW IF EXISTS grade_question_rates")
                command.upgrade(alembic_config(connection), "head")
            _secure(connection)
        return ServerSetup(found, HEAD_REVISION)
    finally:
        engine.dispose()


def older_clients(connection: Connection) -> list[str]:
    """The Zhidian connections to this database built for another schema revision ("zhidian 0007", …)."""
    rows = connection.exec_driver_sql(
        "SELECT application_name FROM pg_stat_activity WHERE datname = current_database() "
        "AND pid <> pg_backend_pid() AND application_name LIKE %(prefix)s AND application_name <> %(current)s",
        {"prefix": f"{APPLICATION_NAME} %", "current": f"{APPLICATION_NAME} {HEAD_REVISION}"},
    )
    return [str(row[0]) for row in rows]


def _refuse_older_clients(connection: Connection, where: str) -> None:
    older = older_clients(connection)
    if older:
        raise StoreBusy(
            Text(
                f"还有 {len(older)} 个旧版知点连接着“{where}”（{'、'.join(sorted(set(older)))}）。"
                "请这些老师先关闭知点（或升级），再运行 server init 升级数据库。",
                f"{len(older)} older Zhidian connection(s) are still open on '{where}' "
                f"({', '.join(sorted(set(older)))}). Ask those teachers to close (or update) Zhidian, then run "
                "server init again to upgrade the store.",
            )
        )


def _secure(connection: Connection) -> None:
    """The group roles, their grants and the row-level security policies (each statement idempotent)."""
    run = connection.exec_driver_sql
    for group in GROUPS:
        run(
            f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{group}') THEN "
            f"CREATE ROLE {group} NOLOGIN; END IF; END $$"
        )
    run(f"GRANT {TEACHER} TO {GRADE_LEAD}, {ADMIN}")
    database = run("SELECT current_database()").scalar()
    run(f'GRANT CONNECT ON DATABASE "{database}" TO {TEACHER}')
    run(f"GRANT USAGE ON SCHEMA public TO {TEACHER}")
    run(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {TEACHER}")
    run(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {TEACHER}")
    run(f"REVOKE INSERT, UPDATE, DELETE ON alembic_version, class_teachers FROM {TEACHER}")
    run(f"GRANT INSERT, UPDATE, DELETE ON class_teachers TO {ADMIN}")
    _policy(connection, "classes", CLASS_POLICY)
    for table, (column, parent) in THROUGH.items():
        _policy(connection, table, f"{column} IN (SELECT id FROM {parent})")
    _policy(connection, "class_teachers", f"{SEES_ALL} OR role_name = current_user")
    _grade_views(connection)
    run(IMPORTED_FUNCTION)
    run(f"GRANT EXECUTE ON FUNCTION zhidian_imported(text) TO {TEACHER}")
    run(GRADE_RATES_VIEW)
    run(f"GRANT SELECT ON grade_question_rates TO {TEACHER}")


GRADE_SCHEMA = "zhidian_grade"
"""Views of the whole grade, anonymous where the login may not see a class: what the grade regime reads (the
other classes' scores calibrate the questions). A view runs with its owner's rights, so it sees every class;
for a class the login does not teach it shows `peer-<id>` for the class's name, each student's number and the
import's file name, and no student names."""

GRADE_TABLES = (
    "classes", "import_batches", "students", "assessments", "questions", "question_knowledge_points", "scores",
    "knowledge_points", "papers", "paper_questions", "student_merges", "knowledge_point_prerequisites",
)  # fmt: skip
"""What reading a class's scores (`load_score_matrix`) and finding its grade (`grade_of`) touch."""

SEEN = (
    f"(SELECT rolsuper FROM pg_roles WHERE rolname = current_user) "
    f"OR current_user = (SELECT tableowner FROM pg_tables WHERE schemaname = 'public' AND tablename = 'classes') "
    f"OR {SEES_ALL} OR EXISTS (SELECT 1 FROM public.class_teachers t WHERE t.class_name = c.name "
    "AND t.role_name = current_user)"
)
"""Whether the login may see the class `c` by name (the classes policy, or the owner and a superuser)."""

HIDDEN = {
    ("classes", "name"): f"CASE WHEN {SEEN} THEN c.name ELSE 'peer-' || c.id END",
    ("import_batches", "source"): f"CASE WHEN {SEEN} THEN x.source ELSE 'peer-' || x.id END",
    ("students", "number"): f"CASE WHEN {SEEN} THEN x.number ELSE 'peer-' || x.id END",
    ("students", "name"): f"CASE WHEN {SEEN} THEN x.name END",
}
"""The columns that name a class, a student or a file, and what the grade views show instead."""


def _grade_views(connection: Connection) -> None:
    """The anonymous grade views (`GRADE_SCHEMA`), made anew from the tables' columns."""
    run = connection.exec_driver_sql
    run(f"CREATE SCHEMA IF NOT EXISTS {GRADE_SCHEMA}")
    run(f"GRANT USAGE ON SCHEMA {GRADE_SCHEMA} TO {TEACHER}")
    for table in GRADE_TABLES:
        columns = []
        for column in Base.metadata.tables[table].columns:
            hidden = HIDDEN.get((table, column.name))
            columns.append(f"{hidden} AS {column.name}" if hidden else f"x.{column.name}")
        joined = "JOIN public.classes c ON c.id = x.class_id" if table in ("import_batches", "students") else ""
        source = "public.classes c" if table == "classes" else f"public.{table} x {joined}"
        select_list = ", ".join(c.replace("x.", "c.") if table == "classes" else c for c in columns)
        run(f"DROP VIEW IF EXISTS {GRADE_SCHEMA}.{table}")
        run(f"CREATE VIEW {GRADE_SCHEMA}.{table} AS SELECT {select_list} FROM {source}")
        run(f"GRANT SELECT ON {GRADE_SCHEMA}.{table} TO {TEACHER}")


def _policy(connection: Connection, table: str, rule: str) -> None:
    """Row-level security on `table`: a teacher's login reads and writes only the rows `rule` lets through."""
    connection.exec_driver_sql(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    connection.exec_driver_sql(f"DROP POLICY IF EXISTS zhidian_class ON {table}")
    connection.exec_driver_sql(f"CREATE POLICY zhidian_class ON {table} USING ({rule}) WITH CHECK ({rule})")


def add_teacher(url: str, name: str, classes: list[str], password: str | None, *, role: str = TEACHER) -> bool:
    """Create the login role `name` (or reuse it, its password changed when one is given) in the group `role`, and
    give it `classes` (by name; a class not imported yet is theirs once it is). Returns True when it was created."""
    if role not in GROUPS:
        raise ValueError(f"no such group: {role}")
    if not ROLE_NAME.match(name) or name.lower().startswith(("pg_", "zhidian_")):
        raise StoreError(
            Text(
                f"“{name}”不能作为登录名：请用字母、数字和下划线（不以 pg_ 或 zhidian_ 开头）。",
                f"'{name}' cannot be a login name: use letters, digits and underscores (not starting with pg_ or "
                "zhidian_).",
            )
        )
    where = label(url)
    engine = server_engine(url, HEAD_REVISION)
    try:
        with store_errors(where), engine.begin() as connection:
            exists = bool(
                connection.exec_driver_sql("SELECT 1 FROM pg_roles WHERE rolname = %(n)s", {"n": name}).first()
            )
            if not exists:
                if password is None:
                    raise StoreError(
                        Text(
                            f"新老师“{name}”需要一个密码（环境变量 ZHIDIAN_NEW_PASSWORD）。",
                            f"The new teacher '{name}' needs a password (the ZHIDIAN_NEW_PASSWORD variable).",
                        )
                    )
                _ddl(connection, "CREATE ROLE {} LOGIN PASSWORD {}", name, password)
            elif password is not None:
                _ddl(connection, "ALTER ROLE {} PASSWORD {}", name, password)
            connection.exec_driver_sql(f'GRANT {role} TO "{name}"')
            have = set(connection.scalars(select(ClassTeacher.class_name).where(ClassTeacher.role_name == name)).all())
            new = [{"class_name": c, "role_name": name} for c in dict.fromkeys(classes) if c not in have]
            if new:
                connection.execute(insert(ClassTeacher), new)
        return not exists
    finally:
        engine.dispose()


def _ddl(connection: Connection, statement: str, name: str, password: str) -> None:
    """A role statement with the name quoted as an identifier and the password as a literal (DDL takes no
    parameters)."""
    from psycopg import sql

    raw: Any = connection.connection.driver_connection
    composed = sql.SQL(statement).format(sql.Identifier(name), sql.Literal(password))
    connection.exec_driver_sql(composed.as_string(raw).replace("%", "%%"))


def _not_empty(where: str) -> Text:
    return Text(
        f"服务器上的数据库“{where}”已经有别的表，不是知点数据库。请为知点新建一个空数据库。",
        f"The database '{where}' on the server already holds other tables: it is not a Zhidian store. Create an "
        "empty database for Zhidian.",
    )


def check_server(url: str) -> list[str]:
    """What is wrong with the server store at `url` (empty: nothing): its schema revision, and a table of a class's
    rows without row-level security (a teacher's login would see every class there). The server keeps its own
    references sound (foreign keys are always enforced) and its pages checksummed where the cluster was made so."""
    where = label(url)
    engine = server_engine(url, HEAD_REVISION)
    try:
        with store_errors(where), engine.connect() as connection:
            found: list[str] = []
            revision = current_revision(engine, where, connection)[0]
            if revision != HEAD_REVISION:
                found.append(f"schema revision {revision}, expected {HEAD_REVISION}: run server init")
            secured = {
                str(row[0])
                for row in connection.exec_driver_sql(
                    "SELECT relname FROM pg_class WHERE relrowsecurity AND relnamespace = 'public'::regnamespace"
                )
            }
            found += [f"{table}: no row-level security" for table in ["classes", *THROUGH] if table not in secured]
            return found
    finally:
        engine.dispose()


@contextmanager
def grade_session(session: Session) -> Iterator[Session]:
    """A session that reads the whole grade for the grade regime: on a server, through the anonymous grade views
    (a teacher's own classes as they are, the others as `peer-<id>`); on a file, `session` itself."""
    if not is_shared(session):
        yield session
        return
    with Session(session.get_bind()) as peers, peers.begin():
        peers.execute(text(f"SET LOCAL search_path TO {GRADE_SCHEMA}, public"))  # the views stand for the tables
        yield peers
