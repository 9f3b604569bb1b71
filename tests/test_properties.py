"""Property tests of the rules both faces share and of the files Zhidian writes and reads back: which run stands
for a class (`choose_run`), which class is shown (`choose_class`), when two question labels are one question
(`question_key`), and export -> re-import round trips (the stored scores in long format, a paper as a 细目表).
The thresholds' rule has its own in test_settings.py. Examples are drawn anew on every run (conftest.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import string
import tempfile
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from app.core.paper import Paper, PaperQuestion, QuestionKind
from app.core.text import question_key
from app.services.class_data import choose_class, choose_run
from app.storage import DiagnosisRunRecord, NotFound

T0 = dt.datetime(2026, 3, 1, 8, 0)
EXAMS = ("月考1", "期中", "月考2", "期末")
NAMES = st.text(st.sampled_from("八年级初二高一()（）班123456789"), min_size=1, max_size=8)
PEOPLE = st.text(st.sampled_from("王李张刘陈欣怡子涵雨轩浩然"), min_size=1, max_size=4)


@st.composite
def runs(draw: st.DrawFn) -> list[DiagnosisRunRecord]:
    """Diagnosis runs of one class, each over some of its exams, at distinct times."""
    n = draw(st.integers(0, 8))
    hours = draw(st.lists(st.integers(0, 500), min_size=n, max_size=n, unique=True))
    found = []
    for run_id, hour in enumerate(hours, start=1):
        exams = draw(st.lists(st.sampled_from(EXAMS), min_size=1, max_size=4, unique=True))
        found.append(
            DiagnosisRunRecord(run_id, "c", T0 + dt.timedelta(hours=hour), "m", "CPU", 0.1, tuple(exams), 3, 2)
        )
    return found


@given(
    runs(), st.lists(st.sampled_from(EXAMS), min_size=1, max_size=4, unique=True), st.integers(-1, 600), st.randoms()
)
def test_the_run_chosen_is_the_newest_widest_one_and_current_only_when_nothing_changed_since(
    found: list[DiagnosisRunRecord], exams: list[str], changed: int, shuffle: random.Random
) -> None:
    last_change = None if changed < 0 else T0 + dt.timedelta(hours=changed)
    choice = choose_run(found, exams, last_change)
    shuffled = list(found)
    shuffle.shuffle(shuffled)
    assert choose_run(shuffled, exams, last_change) == choice  # the order the store lists them in does not matter
    if not found:
        assert choice.run is None and not choice.current
        return
    assert choice.run in found
    covering = [r for r in found if set(r.assessments) == set(exams)]
    if covering:  # a run over exactly the class's exams wins, and no such run is newer
        assert choice.run in covering and all(r.created <= choice.run.created for r in covering)
    else:  # else no run covers more exams than the one chosen
        assert all(len(r.assessments) <= len(choice.run.assessments) for r in found)
    assert choice.current == (bool(covering) and (last_change is None or last_change <= choice.run.created))
    for picked in found:  # a run the teacher picks is shown as it is
        assert choose_run(found, exams, last_change, run_id=picked.run_id).run == picked
    with pytest.raises(NotFound):
        choose_run(found, exams, last_change, run_id=len(found) + 1)


@given(st.lists(NAMES, max_size=6, unique=True), st.one_of(st.none(), NAMES), st.one_of(st.none(), NAMES), NAMES)
def test_the_class_chosen_is_asked_else_shown_else_last_and_is_always_one_of_the_store(
    names: list[str], shown: str | None, last: str | None, asked: str
) -> None:
    choice = choose_class(names, shown=shown, last=last)
    assert (choice.name is None) == (not names) and (choice.name is None or choice.name in names)
    if shown in names:
        assert (choice.name, choice.why) == (shown, "shown")
    elif last in names:
        assert (choice.name, choice.why) == (last, "last")
    assert choice.settled == (choice.why in ("shown", "last", "only"))
    if len(names) == 1 and choice.why not in ("shown", "last", "sample"):
        assert (choice.name, choice.settled) == (names[0], True)
    if asked in names:
        assert choose_class(names, asked, shown=shown, last=last).name == asked
    else:
        with pytest.raises(NotFound, match="There is no class named"):
            choose_class(names, asked, shown=shown, last=last)


LABELS = st.integers(1, 60)


@given(LABELS, st.integers(1, 9))
def test_the_ways_of_writing_one_question_have_one_key(n: int, part: int) -> None:
    key = question_key(str(n))
    for written in (
        f"第{n}题",
        f"Q{n}",
        f"{n}.",
        f" {n} ",
        f"第 {n} 题",
        f"{n}、",
        chr(0xFF10 + n) if n < 10 else str(n),
    ):
        assert question_key(written) == key, written
    sub = question_key(f"{n}({part})")
    for written in (f"{n}（{part}）", f"{n}-{part}", f"第{n}题({part})", f"{n}_{part}"):
        assert question_key(written) == sub, written
    assert sub != key


ASCII = st.text(st.sampled_from(string.ascii_letters + string.digits + "()-_.:、 "), max_size=12)


@given(ASCII)
def test_width_case_and_spaces_around_do_not_change_a_key(label: str) -> None:
    wide = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in label)  # as a Chinese IME types it
    assert question_key(f"  {wide.upper()} ") == question_key(label.lower()) == question_key(label)


@given(LABELS, LABELS)
def test_different_questions_keep_different_keys(a: int, b: int) -> None:
    assume(a != b)
    assert question_key(f"第{a}题") != question_key(f"第{b}题")


@st.composite
def stored_scores(draw: st.DrawFn) -> list[tuple]:
    """A class's stored scores as `storage.score_rows` gives them: students × questions of one or two exams."""
    students = draw(
        st.lists(
            st.tuples(st.from_regex(r"0[0-9]{2,7}", fullmatch=True), PEOPLE),
            min_size=1,
            max_size=6,
            unique_by=lambda s: s[0],
        )
    )
    exams = draw(st.lists(st.sampled_from(EXAMS), min_size=1, max_size=2, unique=True))
    rows = []
    for e, exam in enumerate(exams):
        date = dt.date(2026, 3 + e, 1)
        questions = draw(
            st.lists(
                st.tuples(
                    st.integers(1, 10), st.lists(st.sampled_from("甲乙丙丁"), min_size=1, max_size=2, unique=True)
                ),
                min_size=1,
                max_size=5,
            )
        )
        for sid, name in students:
            for q, (full, points) in enumerate(questions, start=1):
                got = draw(st.one_of(st.none(), st.integers(0, 2 * full).map(lambda h: h / 2)))
                rows.append((sid, name, exam, date, f"第{q}题", got, float(full), ";".join(points)))
    return rows


@given(stored_scores(), st.sampled_from(["csv", "xlsx"]))
def test_the_stored_scores_exported_read_back_as_the_same_scores(rows: list[tuple], fmt: str) -> None:
    from app.export.scores import export_scores
    from app.importer import read_gradebook

    with tempfile.TemporaryDirectory() as folder:
        parsed = read_gradebook(export_scores(rows, Path(folder) / f"scores.{fmt}", fmt, "八年级(3)班"))
    assert parsed.errors == []
    assert [(s.student_id, s.name) for s in parsed.students] == list(dict.fromkeys((r[0], r[1]) for r in rows))
    items = {(i.assessment, i.item_id): i for i in parsed.items}
    for _sid, _name, exam, _date, label, _got, full, points in rows:
        item = items[(exam, label)]
        assert (item.max_score, item.knowledge_points) == (full, tuple(points.split(";")))
    read = {(r.student_id, r.assessment, r.item_id): r.score for r in parsed.scores.itertuples()}
    for sid, _name, exam, _date, label, got, _full, _points in rows:
        value = read[(sid, exam, label)]
        assert value == got or (got is None and value != value)  # a missing score stays missing (NaN)
    assert {(a.name, a.date) for a in parsed.assessments} == {(r[2], r[3]) for r in rows}


@st.composite
def papers(draw: st.DrawFn) -> Paper:
    """A paper as the tagging table or a 细目表 holds it."""
    n = draw(st.integers(1, 12))
    questions = []
    for q in range(1, n + 1):
        kind = draw(st.sampled_from(list(QuestionKind)))
        key = draw(st.sampled_from(["A", "B", "C", "D"])) if kind is QuestionKind.SINGLE else None
        if kind is QuestionKind.MULTIPLE:
            key = "".join(sorted(draw(st.sets(st.sampled_from("ABCD"), min_size=2, max_size=4))))
        questions.append(
            PaperQuestion(
                label=f"{q}" if draw(st.booleans()) else f"{q}({draw(st.integers(1, 3))})",
                max_score=float(draw(st.integers(1, 12))),
                knowledge_points=tuple(
                    draw(
                        st.lists(
                            st.sampled_from(["有理数运算", "整式加减", "一元一次方程", "绝对值"]),
                            max_size=3,
                            unique=True,
                        )
                    )
                ),
                kind=kind,
                answer_key=key,
                ability=draw(st.one_of(st.none(), st.sampled_from(["理解", "掌握", "运用"]))),
                difficulty=draw(st.one_of(st.none(), st.integers(5, 95).map(lambda d: d / 100))),
            )
        )
    assume(len({question_key(q.label) for q in questions}) == n)
    return Paper("2026年11月八年级期中考试", tuple(questions))


@given(papers(), st.sampled_from(["zh", "en"]))
def test_a_paper_written_as_a_xi_mu_biao_reads_back_the_same(paper: Paper, lang: str) -> None:
    from app.export.paper import write_paper_xlsx
    from app.importer.paper import read_paper

    with tempfile.TemporaryDirectory() as folder:
        again, problems = read_paper(write_paper_xlsx(paper, Path(folder) / "细目表.xlsx", lang))
    assert problems == [] and again is not None
    assert [dataclasses.replace(q, label=q.label) for q in again.questions] == list(paper.questions)
