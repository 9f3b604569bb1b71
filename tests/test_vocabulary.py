"""The shared words (app.core.vocabulary): each status has one translation, which every face prints."""

from __future__ import annotations

import numpy as np

from app.charts.texts import status_label
from app.core.diagnosis import STATUSES, Thresholds
from app.core.vocabulary import Status, listed, status_text


def test_each_status_has_one_text_and_one_symbol() -> None:
    assert STATUSES == ("weak", "developing", "mastered", "insufficient")
    assert [s.text.zh for s in Status] == ["薄弱", "待巩固", "已掌握", "证据不足"]
    assert [s.text.en for s in Status] == ["weak", "developing", "mastered", "too little evidence"]
    assert [s.symbol for s in Status] == ["▼", "●", "▲", "?"]
    for status in Status:  # the exports print what the vocabulary says
        assert status_label(status.value, "zh") == status.text.zh and status_label(status.value, "en") == status.text.en
    assert status_text("unknown", "en") == "unknown"


def test_a_status_compares_with_the_strings_a_diagnosis_holds() -> None:
    statuses = Thresholds().statuses(np.array([[0.1, 0.6, 0.9, 0.9]]), np.array([[3, 3, 3, 1]]))
    assert (statuses == Status.WEAK).tolist() == [[True, False, False, False]]
    assert (statuses != Status.INSUFFICIENT).tolist() == [[True, True, True, False]]
    assert [Status(s) for s in statuses[0]] == list(Status)


def test_lists_are_run_together_in_each_language() -> None:
    assert listed(["甲", "乙", "丙"], "zh") == "甲、乙、丙"
    assert listed(["A", "B"], "en") == "A, B"
    assert listed([], "zh") == ""
