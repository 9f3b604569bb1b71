"""`python -m app predict` on TRAIN and QUERY files shaped as outside checkers write them (untagged, sparse, …)."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from app.cli import main


def _long(folder: Path, exams: dict[str, str] | None = None, students: int = 12, items: int = 6) -> Path:
    """`student_id,item_id,score` (and `assessment,date` per exam): 0/1 scores, no knowledge points, no full marks;
    student k answers question i right when k > i, so the later students are the abler."""
    exams = exams or {"": ""}
    head = "student_id,item_id,score" if "" in exams else "student_id,assessment,date,item_id,score"
    rows = [head]
    for exam, date in exams.items():
        for s in range(students):
            for i in range(items):
                exam_cols = f"{exam},{date}," if exam else ""
                rows.append(f"{s:04d},{exam_cols}Q{i + 1},{int(s > i)}")
    path = folder / "train.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _predict(capsys, folder: Path, train: Path, pairs: list[tuple[str, str]]) -> tuple[int, str, list[list[str]]]:
    return _predict_query(capsys, folder, train, "student_id,item_id\n" + "".join(f"{s},{i}\n" for s, i in pairs))


def _predict_query(capsys, folder: Path, train: Path, text: str) -> tuple[int, str, list[list[str]]]:
    """Run predict on TRAIN with a query file of `text`: (exit code, stderr, PRED's rows without its header)."""
    query = folder / "query.csv"
    query.write_text(text, encoding="utf-8")
    out = folder / "pred.csv"
    out.unlink(missing_ok=True)
    code = main(["--lang", "en", "predict", str(train), "--query", str(query), "--out", str(out), "--device", "cpu"])
    err = capsys.readouterr().err
    if code != 0:
        return code, err, []
    with open(out, encoding="utf-8", newline="") as f:
        return code, err, list(csv.reader(f))[1:]


def test_predict_on_a_train_without_knowledge_points_reads_each_students_overall_level(tmp_path, capsys) -> None:
    pairs = [("0011", "Q3"), ("0000", "Q3"), ("0006", "Q5")]

    code, err, rows = _predict(capsys, tmp_path, _long(tmp_path), pairs)

    assert code == 0, err
    assert [(s, i) for s, i, _ in rows] == pairs
    p = np.array([float(v) for _, _, v in rows])
    assert ((p > 0) & (p < 1)).all() and p[0] > p[1] + 0.2


def test_predict_on_a_term_without_knowledge_points(tmp_path, capsys) -> None:
    train = _long(tmp_path, {"期中": "2026-11-05", "期末": "2027-01-10"})
    pairs = [("0011", "期末/Q3"), ("0000", "期中/Q3")]

    code, err, rows = _predict(capsys, tmp_path, train, pairs)

    assert code == 0, err
    p = np.array([float(v) for _, _, v in rows])
    assert ((p > 0) & (p < 1)).all() and p[0] > p[1] + 0.2


def test_predict_warns_of_and_predicts_a_student_and_a_question_without_a_score_in_train(tmp_path, capsys) -> None:
    train = _long(tmp_path)
    with open(train, "a", encoding="utf-8") as f:
        f.write("0099,Q1,\n0099,Q2,\n")  # a student of blank scores only
    pairs = [("0011", "Q3"), ("0099", "Q2"), ("0042", "Q1"), ("0005", "Q9"), ("0042", "Q4"), ("0000", "Q9")]

    code, err, rows = _predict(capsys, tmp_path, train, pairs)

    assert code == 0, err
    assert [(s, i) for s, i, _ in rows] == pairs
    p = np.array([float(v) for _, _, v in rows])
    assert ((p > 0) & (p < 1)).all()
    assert err.splitlines()[:2] == [
        "warning: query.csv, row 4, column 'student_id': student '0042' has no score in TRAIN: "
        "predicted as a new student of the class",
        "warning: query.csv, row 5, column 'item_id': item 'Q9' has no score in TRAIN: "
        "predicted as an untagged question of exam 'train'",
    ]
    assert len(err.splitlines()) == 3  # each once; 0099 is in TRAIN, without scores


def test_predict_on_a_term_refuses_a_bare_label_of_several_exams_however_it_is_written(tmp_path, capsys) -> None:
    train = _long(tmp_path, {"期中": "2026-11-05", "期末": "2027-01-10"}, items=4)

    code, err, _ = _predict(capsys, tmp_path, train, [("0011", "期末/第3题"), ("0011", "第3题"), ("0001", "q2")])

    assert code == 2
    assert err.splitlines() == [
        "error: query.csv, row 3, column 'item_id': item '第3题' occurs in several exams (期中, 期末): "
        "write it as EXAM/LABEL, e.g. '期末/第3题'",
        "error: query.csv, row 4, column 'item_id': item 'q2' occurs in several exams (期中, 期末): "
        "write it as EXAM/LABEL, e.g. '期末/q2'",
    ]


def test_predict_on_a_term_puts_a_question_no_student_kept_in_the_exam_it_names(tmp_path, capsys) -> None:
    train = _long(tmp_path, {"期中": "2026-11-05", "期末": "2027-01-10"}, items=4)
    pairs = [("0011", "期末/Q6"), ("0011", "期中/Q6"), ("0011", "Q6"), ("0000", "期末/Q6"), ("0000", "期末/Q1")]

    code, err, rows = _predict(capsys, tmp_path, train, pairs)

    assert code == 0, err
    p = np.array([float(v) for _, _, v in rows])
    assert p[0] == p[2] and p[0] > p[3] + 0.2  # a bare label that no exam has: a question of the latest exam
    assert err.splitlines()[:3] == [
        "warning: query.csv, row 2, column 'item_id': item '期末/Q6' has no score in TRAIN: "
        "predicted as an untagged question of exam '期末'",
        "warning: query.csv, row 3, column 'item_id': item '期中/Q6' has no score in TRAIN: "
        "predicted as an untagged question of exam '期中'",
        "warning: query.csv, row 4, column 'item_id': item 'Q6' has no score in TRAIN: "
        "predicted as an untagged question of exam '期末'",
    ]


def test_predict_still_refuses_a_query_that_shares_no_student_with_train(tmp_path, capsys) -> None:
    code, err, _ = _predict(capsys, tmp_path, _long(tmp_path), [("S0011", "Q3"), ("S0000", "Q3")])

    assert code == 2
    assert err.splitlines() == [
        "error: query.csv, row 2, column 'student_id': student 'S0011' is not in TRAIN",
        "error: query.csv, row 3, column 'student_id': student 'S0000' is not in TRAIN",
    ]


def test_locate_pairs_adds_one_column_for_a_question_written_two_ways(tmp_path) -> None:
    from app.importer.query import Query
    from app.services.importing import class_parts, read_checked
    from app.services.predicting import qualified, tagged
    from app.services.query_pairs import locate_pairs
    from app.storage import import_gradebook, load_score_matrix, open_database

    train = _long(tmp_path, {"期中": "2026-11-05", "期末": "2027-01-10"}, items=4)
    with open_database(tmp_path / "t.db") as db, db.writing() as session:
        for name, part in class_parts(read_checked(train, None), "c"):
            import_gradebook(session, part, name)
        matrix = qualified(tagged(load_score_matrix(session, "c")))
    query = Query(["0001", "0001", "0002"], ["期末/Q6", "Q6", "期中/Q1"], [2, 3, 4])

    located = locate_pairs([matrix], [None], query, "q.csv")

    widened = located.matrices[0]
    assert widened.item_ids == (*matrix.item_ids, "期末/Q6")
    assert located.pairs[0][1].tolist() == [8, 8, 0]


def test_predict_on_a_term_reads_dates_as_excel_and_teachers_write_them(tmp_path, capsys) -> None:
    exams = {"月考": "2026-10-12", "期中": "2026-11-05", "期末": "2027-01-10"}
    pairs = [("0011", "期末/Q3"), ("0004", "月考/Q5")]
    iso = _predict(capsys, tmp_path, _long(tmp_path, exams), pairs)
    assert iso[0] == 0, iso[1]
    written = {
        "Excel serial numbers (a General cell)": {"月考": "46307", "期中": "46331.0", "期末": "46397"},
        "yyyymmdd": {"月考": "20261012", "期中": "20261105", "期末": "20270110"},
        "slashes and 年月日": {"月考": "2026/10/12", "期中": "2026年11月5日", "期末": "2027.1.10"},
    }
    for how, dates in written.items():
        code, err, rows = _predict(capsys, tmp_path, _long(tmp_path, dates), pairs)
        assert (code, rows) == (0, iso[2]), (how, err)


def test_predict_writes_each_query_id_exactly_as_the_query_wrote_it(tmp_path, capsys) -> None:
    query = tmp_path / "query.csv"
    query.write_bytes("\ufeff学号,题号\r\n 0011 ,Q3 \r\n０００３,Ｑ2\r\n0005.0,Q1\r\n0003,Q2\r\n".encode())
    out = tmp_path / "pred.csv"

    code = main(["predict", str(_long(tmp_path)), "--query", str(query), "--out", str(out), "--device", "cpu"])

    assert code == 0
    assert capsys.readouterr().err.count("\n") == 1  # no warning: every id is one of TRAIN's
    with open(out, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert [r[:2] for r in rows[1:]] == [[" 0011 ", "Q3 "], ["０００３", "Ｑ2"], ["0005.0", "Q1"], ["0003", "Q2"]]
    assert rows[2][2] == rows[4][2]


def test_predict_matches_query_ids_that_lost_their_zeros_or_became_numbers(tmp_path, capsys) -> None:
    train = _long(tmp_path)
    with open(train, "a", encoding="utf-8") as f:
        f.write("0012,7.0,1\n0013,7.0,0\n")  # a label as pandas writes a float column
    query = ",student_id,item_id\n0,11,Q3\n1,0011,Q3\n2,3,Q2\n3,12,7\n4,0012,7.0\n"

    code, err, rows = _predict_query(capsys, tmp_path, train, query)

    assert code == 0, err
    assert [r[:2] for r in rows] == [["11", "Q3"], ["0011", "Q3"], ["3", "Q2"], ["12", "7"], ["0012", "7.0"]]
    assert rows[0][2] == rows[1][2] and rows[3][2] == rows[4][2]
    assert err.splitlines()[:-1] == [
        "warning: query.csv: 3 student numbers of the query are TRAIN's but for the leading zeros they lost "
        "(e.g. '11' is '0011')"
    ]


def test_predict_matches_a_query_label_to_trains_question_as_papers_are_matched(tmp_path, capsys) -> None:
    rows = ["学号,第1题,第2题,第3题(4分),Q4"] + [
        f"{s:04d},{int(s > 1)},{int(s > 2)},{4 * int(s > 3)},{int(s > 4)}" for s in range(8)
    ]
    train = tmp_path / "wide.csv"
    train.write_text("\n".join(rows) + "\n", encoding="utf-8")
    pairs = [("0007", "1"), ("0007", "第1题"), ("0001", "Q2"), ("0001", "第2题"), ("0006", "3"), ("0006", "第4题")]

    code, err, out = _predict(capsys, tmp_path, train, pairs)

    assert code == 0 and err.count("\n") == 1, err  # no warning: every label is one of TRAIN's questions
    p = [v for _, _, v in out]
    assert (p[0], p[2]) == (p[1], p[3])


def test_predict_on_a_term_finds_the_labels_of_an_exam_named_with_a_slash(tmp_path, capsys) -> None:
    train = _long(tmp_path, {"10/1月考": "2026-10-01", "期中": "2026-11-05"}, items=4)
    with open(train, "a", encoding="utf-8") as f:
        f.write("".join(f"{s:04d},10/1月考,2026-10-01,Q9,{int(s > 5)}\n" for s in range(12)))
    pairs = [("0011", "Q9"), ("0011", "10/1月考/Q9"), ("0011", "10/1月考/Q7"), ("0011", "Q2")]

    code, err, rows = _predict(capsys, tmp_path, train, pairs)

    assert code == 2
    assert err.splitlines() == [
        "error: query.csv, row 5, column 'item_id': item 'Q2' occurs in several exams (10/1月考, 期中): "
        "write it as EXAM/LABEL, e.g. '期中/Q2'"
    ]
    code, err, rows = _predict(capsys, tmp_path, train, pairs[:3])
    assert code == 0 and rows[0][2] == rows[1][2], err
    assert err.splitlines()[:-1] == [
        "warning: query.csv, row 4, column 'item_id': item '10/1月考/Q7' has no score in TRAIN: "
        "predicted as an untagged question of exam '10/1月考'"
    ]


def test_predict_on_a_term_reads_a_query_whose_assessment_column_names_each_items_exam(tmp_path, capsys) -> None:
    train = _long(tmp_path, {"期中": "2026-11-05", "期末": "2027-01-10"}, items=4)
    query = "student_id,assessment,item_id\n0011,期末,Q3\n0002,期中,Q1\n0003,,期末/Q2\n"
    code, err, rows = _predict_query(capsys, tmp_path, train, query)
    assert code == 0, err

    code, err, qualified = _predict(
        capsys, tmp_path, train, [("0011", "期末/Q3"), ("0002", "期中/Q1"), ("0003", "期末/Q2")]
    )

    assert code == 0 and err.count("\n") == 1, err
    assert [r[:2] for r in rows] == [["0011", "Q3"], ["0002", "Q1"], ["0003", "期末/Q2"]]  # as QUERY wrote them
    assert [r[2] for r in rows] == [r[2] for r in qualified]


def test_predict_makes_the_folder_of_out_and_refuses_one_it_cannot_make_before_fitting(tmp_path, capsys) -> None:
    train = _long(tmp_path)
    query = tmp_path / "query.csv"
    query.write_text("student_id,item_id\n0011,Q3\n", encoding="utf-8")
    out = tmp_path / "results" / "run 1" / "pred.csv"

    assert main(["predict", str(train), "--query", str(query), "--out", str(out), "--device", "cpu"]) == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2
    capsys.readouterr()

    blocked = tmp_path / "a-file"
    blocked.write_text("", encoding="utf-8")
    code = main(["--lang", "en", "predict", str(train), "--query", str(query), "--out", str(blocked / "pred.csv")])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith(f"cannot write PRED to {blocked / 'pred.csv'}: "), err


def test_predict_names_the_query_sheet_and_columns_as_the_file_writes_them(tmp_path, capsys) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "查询"
    for row in (["学号", "题号"], ["0011", "Q3"], ["0042", "Q9"]):
        sheet.append(row)
    query = tmp_path / "query.xlsx"
    book.save(query)
    out = tmp_path / "pred.csv"

    code = main(["--lang", "en", "predict", str(_long(tmp_path)), "--query", str(query), "--out", str(out)])

    assert code == 0
    assert capsys.readouterr().err.splitlines()[:2] == [
        "warning: query.xlsx, sheet '查询', row 3, column '学号': student '0042' has no score in TRAIN: "
        "predicted as a new student of the class",
        "warning: query.xlsx, sheet '查询', row 3, column '题号': item 'Q9' has no score in TRAIN: "
        "predicted as an untagged question of exam 'train'",
    ]


def test_predict_splits_knowledge_points_joined_as_datashop_joins_them(tmp_path, capsys) -> None:
    # Statics 2011 and the KDD Cup sets (PSLC DataShop) join a step's knowledge components with `~~`
    joined = "~~".join(["identify_external_load_points_on_section", "identify_internal_load_points_on_section"] * 2)
    rows = ["student_id,item_id,score,knowledge_points"]
    rows += [f"{s:04d},Q{i + 1},{int(s > i)},{joined if i % 2 else 'equilibrium'}" for s in range(12) for i in range(6)]
    train = tmp_path / "statics.csv"
    train.write_text("\n".join(rows) + "\n", encoding="utf-8")

    code, err, out = _predict(capsys, tmp_path, train, [("0011", "Q2"), ("0000", "Q2")])

    assert code == 0, err
    assert float(out[0][2]) > float(out[1][2])
