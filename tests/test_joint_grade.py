"""One joint fit for a grade (issue 20, item 5): the classes of a grade that sat the same exams are read off one fit
of the grade, not refitted class by class, and each comes out as diagnosing it alone gives."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from sample_stores import copy_store
from test_term_diagnosis import _rising

import app.engine.diagnose as engine
import app.engine.term as term
from app.engine.diagnose import diagnose, diagnose_together
from app.engine.term import fit_term
from app.services.diagnosing import diagnose_class, diagnose_classes
from app.services.store import open_store, store_state

TOLERANCE = 1e-5  # the same fit, its students summed in another order (float32)


def test_diagnosing_the_grade_fits_each_group_of_alike_classes_once(sample_store, tmp_path, monkeypatch) -> None:
    fits: list[int] = []
    real = engine.fit_grade

    def counted(target, peers, *args, **kwargs):
        fits.append(1 + len(peers))
        return real(target, peers, *args, **kwargs)

    monkeypatch.setattr(engine, "fit_grade", counted)
    monkeypatch.setattr(term, "fit_grade", counted)
    db, _ = open_store(copy_store(sample_store, tmp_path))
    try:
        names = [c.name for c in store_state(db).classes]
        done = diagnose_classes(db, names, device="cpu")
        # the sample: one class carried through its term, the three others of one exam read off one fit
        assert sorted(fits) == [4, 4]
        fits.clear()
        for name, _, together in done:
            alone = diagnose_class(db, name, device="cpu").runs[0][1]
            assert together.settings["model"] == alone.settings["model"]
            assert together.settings["peer_classes"] == alone.settings["peer_classes"] == 3
            for field in ("mastery", "lower", "upper", "ability"):
                np.testing.assert_allclose(getattr(together, field), getattr(alone, field), atol=TOLERANCE)
            np.testing.assert_array_equal(together.evidence, alone.evidence)
            assert together.fit.keys() == alone.fit.keys() and together.fit
            np.testing.assert_allclose(list(together.fit.values()), list(alone.fit.values()), atol=TOLERANCE)
        assert fits == [4, 4, 4, 4]  # alone: each class refits the grade
    finally:
        db.close()


def test_classes_diagnosed_together_are_those_diagnosed_alone() -> None:
    a, b, c = (
        dataclasses.replace(_rising(seed), student_ids=tuple(f"{seed}-{i}" for i in range(40))) for seed in range(3)
    )
    together = diagnose_together([a, b], peers=[c])
    assert [d.student_ids for d in together] == [a.student_ids, b.student_ids]
    alone = diagnose(b, peers=[a, c])
    np.testing.assert_allclose(together[1].mastery, alone.mastery, atol=TOLERANCE)
    np.testing.assert_allclose(list(together[1].fit.values()), list(alone.fit.values()), atol=TOLERANCE)
    assert together[1].settings["peer_classes"] == alone.settings["peer_classes"] == 2


def test_classes_of_other_questions_are_not_diagnosed_together() -> None:
    a = _rising(0)
    b = dataclasses.replace(_rising(1), item_ids=tuple(f"X/{i}" for i in range(len(a.item_ids))))
    with pytest.raises(ValueError, match="share their questions"):
        diagnose_together([a, b])


def test_the_term_reads_every_class_off_one_fit_as_it_would_alone() -> None:
    a, b = _rising(0), _rising(1)
    days = [[0.0, 30.0, 60.0, 90.0]] * 2
    first, second = fit_term([a, b], days), fit_term([b, a], days)
    np.testing.assert_allclose(first.diagnosis(1).mastery, second.diagnosis(0).mastery, atol=TOLERANCE)
    np.testing.assert_allclose(first.diagnosis(0, 1).upper, second.diagnosis(1, 1).upper, atol=TOLERANCE)


def test_a_terms_states_read_together_are_those_read_one_by_one() -> None:
    import torch

    from app.engine.diagnose import support_metrics
    from app.engine.term import _exam_task

    a, b = _rising(0), _rising(1)
    fit = fit_term([a, b], [[0.0, 30.0, 60.0, 90.0]] * 2)
    items = [np.flatnonzero(m.item_assessment == 1) for m in (a, b)]
    together = fit.diagnoses([1, 0], 1, [items[1], items[0]])
    for d, j in zip(together, (1, 0)):
        params, task = fit._state(j, 1)
        so_far = torch.as_tensor(fit.columns[j][fit.classes[j].item_assessment <= 1])
        alone_metrics = support_metrics(*_exam_task(params, task, so_far))  # what each state's run recorded alone
        assert d.fit.keys() == alone_metrics.keys() and d.fit
        np.testing.assert_allclose(list(d.fit.values()), list(alone_metrics.values()), atol=1e-7)
        alone = fit.diagnosis(j, 1, items[j])
        np.testing.assert_array_equal(d.mastery, alone.mastery)
        assert d.item_ids == alone.item_ids == tuple(fit.classes[j].item_ids[i] for i in items[j])
        assert d.settings["state_after"] == "E1"


def test_a_class_not_tagged_yet_is_left_out_and_named_while_the_others_are_diagnosed(tmp_path) -> None:
    from storage_helpers import gradebook

    from app.services.diagnosing import NotTagged, PartlySaved
    from app.storage import import_gradebook, list_diagnosis_runs, open_database

    untagged = (("Q1", 1.0, ()), ("Q2", 2.0, ()), ("Q3", 5.0, ()))
    with open_database(tmp_path / "zhidian.db") as db:
        with db.writing() as session:
            import_gradebook(session, gradebook(source="a.csv"), "甲班")
            import_gradebook(session, gradebook(assessment="Exam 9", items=untagged, source="b.csv"), "乙班")
        with pytest.raises(PartlySaved) as partly:
            diagnose_classes(db, ["乙班", "甲班"], device="cpu")
        assert partly.value.saved == ["甲班"]
        assert partly.value.text.en.startswith("The diagnoses of 甲班 were saved; those of 乙班 were not: ")
        assert "are not tagged" in partly.value.text.en
        with db.session() as session:
            assert len(list_diagnosis_runs(session, "甲班")) == 1 and not list_diagnosis_runs(session, "乙班")
        with pytest.raises(NotTagged):  # nothing else to diagnose: refused as before
            diagnose_classes(db, ["乙班"], device="cpu")


def test_a_save_that_fails_partway_still_names_the_class_left_out_untagged(tmp_path, monkeypatch) -> None:
    from storage_helpers import gradebook

    import app.services.diagnosing as diagnosing
    from app.services.diagnosing import PartlySaved
    from app.storage import import_gradebook, open_database
    from app.storage.errors import DiskFull, disk_full_text

    untagged = (("Q1", 1.0, ()), ("Q2", 2.0, ()), ("Q3", 5.0, ()))
    real = diagnosing.save_runs

    def second_fills_the_disk(store, diagnosed, progress):
        if diagnosed.class_name == "丙班":
            raise DiskFull(disk_full_text(tmp_path / "zhidian.db"))
        return real(store, diagnosed, progress)

    monkeypatch.setattr(diagnosing, "save_runs", second_fills_the_disk)
    with open_database(tmp_path / "zhidian.db") as db:
        with db.writing() as session:
            import_gradebook(session, gradebook(source="a.csv"), "甲班")
            import_gradebook(session, gradebook(assessment="Exam 9", items=untagged, source="b.csv"), "乙班")
            import_gradebook(session, gradebook(assessment="Exam 5", source="c.csv"), "丙班")
        with pytest.raises(PartlySaved) as partly:
            diagnose_classes(db, ["甲班", "乙班", "丙班"], device="cpu")
    said = partly.value.text
    assert partly.value.saved == ["甲班"]
    assert said.en.startswith("The diagnoses of 甲班 were saved; those of 丙班 were not: ")
    assert "\n乙班 were left out: " in said.en and "are not tagged" in said.en
    assert "\n乙班 没有诊断：" in said.zh
