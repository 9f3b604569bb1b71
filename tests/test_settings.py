"""The teacher's settings file (app.core.settings): one JSON file in the data folder for the window and the CLI,
each setting read on its own, a refused value never written, an earlier version's INI file carried over once."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.cli import main
from app.core import settings as settings_module
from app.core.diagnosis import InvalidThresholds, Thresholds, thresholds_problem
from app.core.settings import InvalidConfidence, Settings, load_settings, qt_values, settings_path, update_settings


def test_no_file_means_the_defaults_and_nothing_written(data_folder: Path) -> None:
    assert load_settings() == Settings()
    assert settings_path() == data_folder / "settings.json" and not settings_path().exists()


def test_a_change_is_written_whole_and_read_back(data_folder: Path) -> None:
    changed = update_settings(thresholds=Thresholds(0.4, 0.75), language="zh")
    assert changed == Settings(thresholds=Thresholds(0.4, 0.75), language="zh")
    assert load_settings() == changed
    raw = json.loads(settings_path().read_text(encoding="utf-8"))
    assert raw["thresholds"]["weak_below"] == 0.4 and raw["language"] == "zh"
    assert [p.name for p in data_folder.iterdir()] == ["settings.json"]  # no temporary file left behind


def test_a_refused_value_changes_nothing(data_folder: Path) -> None:
    update_settings(language="en")
    before = settings_path().read_bytes()
    with pytest.raises(InvalidThresholds, match="must be less than"):
        update_settings(thresholds={"weak_below": 0.9, "mastered_from": 0.6})
    with pytest.raises(ValueError, match="'fr' is not one of"):
        update_settings(language="fr")
    with pytest.raises(TypeError, match="no such setting: colour"):
        update_settings(colour="red")
    assert settings_path().read_bytes() == before


def test_each_unreadable_value_falls_back_alone_and_unknown_entries_are_kept(data_folder: Path) -> None:
    settings_path().write_text(
        json.dumps(
            {
                "thresholds": {"weak_below": 0.9, "mastered_from": 0.6},  # refused by Thresholds itself
                "language": "fr",  # not one of the languages
                "last_class": 3,  # not a text
                "window": {"geometry": "AAAA"},
                "calendar": {"term_starts": "2026-09-01"},  # written by a newer Zhidian
            }
        ),
        encoding="utf-8",
    )
    assert load_settings() == Settings(window={"geometry": "AAAA"})
    update_settings(last_class="八年级(3)班")
    raw = json.loads(settings_path().read_text(encoding="utf-8"))
    assert raw["calendar"] == {"term_starts": "2026-09-01"} and raw["last_class"] == "八年级(3)班"
    assert raw["language"] == "fr"  # not changed here, so left as the newer version wrote it


def test_a_file_that_is_not_json_gives_the_defaults(data_folder: Path) -> None:
    settings_path().write_text("{ not json", encoding="utf-8")
    assert load_settings() == Settings()


# ---------------------------------------------------------------- thresholds: one rule wherever they come from


@given(st.floats(allow_nan=True, allow_infinity=True), st.floats(allow_nan=True, allow_infinity=True))
def test_thresholds_exist_exactly_when_the_rule_allows_them(weak: float, mastered: float) -> None:
    allowed = math.isfinite(weak) and math.isfinite(mastered) and 0 < weak < mastered < 1
    assert (thresholds_problem(weak, mastered) is None) == allowed
    if allowed:
        assert Thresholds(weak, mastered).weak_below == weak
    else:
        with pytest.raises(InvalidThresholds) as refused:
            Thresholds(weak, mastered)
        assert refused.value.text == thresholds_problem(weak, mastered)


@given(
    st.floats(0.01, 0.98).flatmap(lambda w: st.tuples(st.just(w), st.floats(w + 0.005, 0.995))),
    st.lists(st.floats(0, 1), min_size=2, max_size=30),
)
def test_a_higher_mastery_never_gets_a_lower_band(pair: tuple[float, float], masteries: list[float]) -> None:
    thresholds = Thresholds(*pair)
    order = {"weak": 0, "developing": 1, "mastered": 2}
    bands = [order[thresholds.band(m)] for m in sorted(masteries)]
    assert bands == sorted(bands)
    assert all((thresholds.band(m) == "weak") == (m < pair[0]) for m in masteries)


def test_the_cli_refuses_thresholds_the_window_refuses(capsys) -> None:
    assert main(["--lang", "en", "settings", "--weak-below", "1.5"]) == 2
    assert (
        capsys.readouterr().err.strip()
        == "Both thresholds lie between 0 and 1 (not 0 or 1 themselves), not 1.5 and 0.8."
    )
    assert main(["--lang", "en", "settings", "--weak-below", "0.85"]) == 2
    assert "must be less than" in capsys.readouterr().err
    assert not settings_path().exists()
    assert main(["settings", "--weak-below", "0.45", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["thresholds"] == {"weak_below": 0.45, "mastered_from": 0.8}


# ---------------------------------------------------------------- Qt's INI values, read without Qt


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("zh", ["zh"]),
        ("0.45", ["0.45"]),
        ('"/tmp/成绩 a,b.xlsx", /tmp/x.csv', ["/tmp/成绩 a,b.xlsx", "/tmp/x.csv"]),
        ('" spaced "', [" spaced "]),
        (r'"say \"hi\"\n"', ['say "hi"\n']),
        (r"@ByteArray(\0\x1\x2\ff\xff)", ["@ByteArray(\x00\x01\x02\x0cf\xff)"]),
        (r"\x41\x42", ["AB"]),
    ],
)
def test_qt_ini_values_are_read_as_qt_wrote_them(text: str, values: list[str]) -> None:
    assert qt_values(text) == values


def test_an_unreadable_earlier_ini_file_gives_the_defaults(data_folder: Path, monkeypatch) -> None:
    ini = data_folder / "Zhidian.ini"
    ini.write_bytes(b"[analysis]\nweak_below=\xff\xfe0.4")  # not UTF-8: not an INI file Zhidian wrote
    monkeypatch.setattr(settings_module, "legacy_settings_file", lambda: ini)
    assert load_settings() == Settings() and not settings_path().exists()


def test_the_confidence_level_is_one_validated_setting_both_faces_edit(data_folder: Path, capsys) -> None:
    assert load_settings().confidence == 0.8
    assert update_settings(confidence=0.9).confidence == 0.9 and load_settings().confidence == 0.9
    with pytest.raises(InvalidConfidence, match=r"between 0.5 and 0.99, not 1.2"):
        update_settings(confidence=1.2)
    assert main(["--lang", "en", "settings", "--confidence", "0.3"]) == 2
    assert capsys.readouterr().err.strip() == "The confidence level lies between 0.5 and 0.99, not 0.3."
    assert main(["settings", "--confidence", "0.85", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["confidence"] == 0.85
    raw = json.loads(settings_path().read_text(encoding="utf-8"))
    settings_path().write_text(json.dumps({**raw, "confidence": 7}), encoding="utf-8")  # a hand-edited file
    assert load_settings().confidence == 0.8
