"""The school's own prior, damaged or shared (issue 18, item 11): a damaged one falls back to the shipped prior with
a note and every diagnosis still runs; it is the store's own (two stores in one folder do not share it), it
travels in the store's backups, and one an older Zhidian kept beside the store is taken in; the training command
creates no store and refuses in plain words (item 14). The store's own prior is tried on both engines
(`store_location`); what lies beside a store file, on SQLite."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch
from sqlalchemy import text
from test_services_grade_prior import _saved, _store

from app.cli import main as cli
from app.engine.local import LocalPrior, PriorComparison
from app.engine.prior import Prior, load_prior, save_prior
from app.services.diagnosing import diagnose_stored_class
from app.services.priors import active_prior, keep_local_prior, local_prior_problem, prior_state
from app.storage import list_backups, load_stored_prior, open_database, restore_backup


def _nan_prior() -> Prior:
    prior = Prior.default()
    with torch.no_grad():
        for value in prior.state_dict().values():
            if value.is_floating_point():
                value.fill_(float("nan"))
    return prior


def _better(prior: Prior) -> LocalPrior:
    metrics = {"auc": 0.7, "rmse": 0.4, "log_loss": 0.6, "ece": 0.03, "n": 10.0}
    card = {"kind": "local", "data": {"classes": 4}, "held_out_comparison": {"better": True}}
    return LocalPrior(prior, card, PriorComparison(metrics, metrics, 1, 10, True))


def test_a_prior_of_the_right_shape_with_nan_values_falls_back_with_a_note(store_location, tmp_path, capsys) -> None:
    path = _store(tmp_path, location=store_location)
    with open_database(path) as db:
        keep_local_prior(db, _better(_nan_prior()))
        assert prior_state(db).in_use and active_prior(db) == (None, "shipped")
        assert "is damaged, so diagnoses use the shipped prior" in local_prior_problem(db).en
        (_, run), *_ = diagnose_stored_class(db, "1班", device="cpu")
    assert run.settings["prior"] == "shipped"
    assert cli(["--lang", "en", "diagnose", "--class", "2班", "--device", "cpu", "--db", str(path)]) == 0
    assert "is damaged, so diagnoses use the shipped prior" in capsys.readouterr().err


@pytest.mark.parametrize("card", ["[]", '"a card"', "{not json", json.dumps({"data": [4], "held_out_comparison": {}})])
def test_a_card_of_the_wrong_json_type_is_a_damaged_prior_not_a_failure(store_location, tmp_path, card: str) -> None:
    path = _store(tmp_path, location=store_location)
    _saved(path, better=True)
    with open_database(path) as db:
        with db.writing() as session:
            session.execute(text("UPDATE local_prior SET card = :card"), {"card": card})
        state = prior_state(db)
        assert (state.trained, state.better, state.in_use, state.classes) == (True, False, False, 0)
        assert state.problem is not None and active_prior(db) == (None, "shipped")
        (_, run), *_ = diagnose_stored_class(db, "1班", device="cpu")
    assert run.settings["prior"] == "shipped"


def _legacy_folder(folder: Path, choice: str) -> None:
    """A prior as 8679cec kept it: `folder/local_prior/` with prior.pt, prior.json and choice.json."""
    local = folder / "local_prior"
    save_prior(Prior.default(), local)
    (local / "prior.json").write_text(json.dumps(_better(Prior.default()).card), encoding="utf-8")
    (local / "choice.json").write_text(choice, encoding="utf-8")


def test_a_prior_kept_beside_the_store_is_taken_into_it_and_not_shared(tmp_path) -> None:
    path = _store(tmp_path)
    _legacy_folder(tmp_path, json.dumps({"use": True}))
    other = tmp_path / "other.db"
    with open_database(path) as db:
        assert prior_state(db).in_use and active_prior(db)[1] == "local"
    with open_database(other) as db:
        assert not prior_state(db).trained and active_prior(db) == (None, "shipped")  # another store: not its prior
    with open_database(path) as db, db.session() as session:
        assert load_stored_prior(session) is not None


@pytest.mark.parametrize("choice", ["[]", '{"use": "yes"}', "true", "{broken"])
def test_a_choice_file_of_the_wrong_json_type_means_not_in_use(tmp_path, choice: str) -> None:
    path = _store(tmp_path)
    _legacy_folder(tmp_path, choice)
    with open_database(path) as db:
        state = prior_state(db)
        assert state.trained and state.better and not state.in_use
        (_, run), *_ = diagnose_stored_class(db, "1班", device="cpu")
    assert run.settings["prior"] == "shipped"


def test_the_prior_travels_in_the_stores_backups(tmp_path) -> None:
    path = _store(tmp_path)
    with open_database(path) as db:
        before = db.make_backup("manual")
        keep_local_prior(db, _better(Prior.default()))
        with_prior = db.make_backup("manual")
    restore_backup(path, before)
    with open_database(path) as db:
        assert not prior_state(db).trained
    restore_backup(path, with_prior)
    with open_database(path) as db:
        assert prior_state(db).in_use and active_prior(db)[1] == "local"
    assert len(list_backups(path)) == 4  # the two made, and the copy each restore made first


def test_a_stored_prior_reads_its_intervals_at_the_shipped_scale(tmp_path) -> None:
    kept = Prior.default()
    kept.interval_scale.fill_(1.3988)  # what a school's prior trained before the scale was last set carries
    with open_database(_store(tmp_path)) as db:
        keep_local_prior(db, _better(kept))
        prior, kind = active_prior(db)
    assert kind == "local" and prior.interval_scale.item() == load_prior().interval_scale.item() != 1.3988
    assert torch.equal(prior.log_precision, kept.log_precision)


def test_the_training_command_creates_no_store_for_a_mistyped_path(tmp_path, capsys) -> None:
    assert cli(["train-prior", "--db", str(tmp_path / "zhidain.db"), "--steps", "1"]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == f"There is no store '{tmp_path / 'zhidain.db'}'. Check the path."
    assert list(tmp_path.iterdir()) == []


def test_the_training_command_refuses_too_few_classes_in_plain_words(tmp_path, capsys) -> None:
    path = _store(tmp_path, ("1班", "2班"))
    assert cli(["train-prior", "--db", str(path), "--steps", "1"]) == 2
    err = capsys.readouterr().err
    assert "needs at least 3 classes tagged with knowledge points; the store holds 2." in err
    assert "Traceback" not in err
