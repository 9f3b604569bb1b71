"""Exported plans are remembered per class (which run, after which exam, each student's points), on both engines."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest
from alembic import command
from sqlalchemy import create_engine, inspect
from storage_helpers import fresh_store, gradebook

from app.core.diagnosis import Diagnosis, Thresholds
from app.storage import (
    delete_class,
    delete_diagnosis_run,
    import_gradebook,
    list_exported_plans,
    load_score_matrix,
    record_exported_plans,
    save_diagnosis,
)
from app.storage.database import alembic_config


@pytest.fixture
def db(store_location):
    store = fresh_store(store_location)
    with store.writing() as session:
        import_gradebook(session, gradebook(), "3班")
    yield store
    store.close()


def _run(session) -> int:
    m = load_score_matrix(session, "3班")
    mastery = np.full((len(m.student_ids), len(m.knowledge_points)), 0.4)
    evidence = np.full(mastery.shape, 3)
    return save_diagnosis(
        session,
        "3班",
        Diagnosis(
            student_ids=m.student_ids,
            knowledge_points=m.knowledge_points,
            item_ids=m.item_ids,
            mastery=mastery,
            lower=mastery - 0.1,
            upper=mastery + 0.1,
            evidence=evidence,
            status=Thresholds().statuses(mastery, evidence).astype(str),
            item_params={"difficulty": np.zeros(len(m.item_ids))},
            model_version="test",
            device="CPU",
        ),
    )


def test_exported_plans_are_listed_oldest_first_and_outlive_their_run(db) -> None:
    with db.writing() as session:
        run = _run(session)
        later = record_exported_plans(
            session,
            "3班",
            run_id=run,
            kind="handbook",
            after="期中",
            points={"001": ["B"]},
            exported=dt.datetime(2026, 11, 2, 9, 0),
        )
        first = record_exported_plans(
            session,
            "3班",
            run_id=run,
            kind="plans",
            after="月考",
            points={"001": ["A", "B"], "002": []},
            exported=dt.datetime(2026, 10, 1, 8, 30),
        )
    with db.session() as session:
        plans = list_exported_plans(session, "3班")
    assert [(p.plan_id, p.kind, p.after, p.run_id) for p in plans] == [
        (first, "plans", "月考", run),
        (later, "handbook", "期中", run),
    ]
    assert plans[0].points == {"001": ("A", "B"), "002": ()} and plans[0].exported == dt.datetime(2026, 10, 1, 8, 30)
    with db.writing() as session:
        delete_diagnosis_run(session, run)
    with db.session() as session:
        assert [p.run_id for p in list_exported_plans(session, "3班")] == [None, None]  # kept: handed out is handed out
    with db.writing() as session:
        delete_class(session, "3班")
        import_gradebook(session, gradebook(source="again.csv"), "3班")
    with db.session() as session:
        assert list_exported_plans(session, "3班") == []  # went with its class


def test_migration_0010_goes_up_and_down_on_sqlite(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'z.db'}")
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0010")
        assert "exported_plans" in inspect(connection).get_table_names()
        command.downgrade(alembic_config(connection), "0009")
        assert "exported_plans" not in inspect(connection).get_table_names()
        command.upgrade(alembic_config(connection), "head")
        assert "exported_plans" in inspect(connection).get_table_names()
    engine.dispose()
