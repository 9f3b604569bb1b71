"""The exam package file (考试包): written and read back as it was, and every hostile or damaged package refused with
the file and the part named, before anything big is unpacked."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
import warnings
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.exam_package import FORMAT, MANIFEST, VERSION, PackageExam
from app.core.paper import Paper, PaperQuestion, QuestionKind
from app.core.problems import GradebookError, Problem, Severity
from app.export.anonymise import People
from app.export.exam_package import ClassScores, write_exam_package
from app.importer import messages
from app.importer.exam_package import package_from_bytes, read_exam_package
from app.importer.limits import MAX_FILE_BYTES, MAX_MANIFEST_BYTES, MAX_PACKAGE_CLASSES

DAY = dt.date(2026, 11, 10)
PAPER = Paper(
    "期中考试",
    (
        PaperQuestion("1", 3.0, ("有理数运算",), QuestionKind.SINGLE, "B", "理解", 0.8),
        PaperQuestion("2", 4.0, ("整式加减", "一元一次方程"), QuestionKind.MULTIPLE, "ACD"),
        PaperQuestion("17(1)", 6.0, ("一次函数",)),
    ),
    source="期中_双向细目表.xlsx",
)
EXAM = PackageExam(
    "期中考试", DAY, PAPER, prerequisites=(("一元一次方程", "整式加减"),), parents=(("一元一次方程", "方程与不等式"),)
)
STUDENTS = (("2024001", "张三"), ("2024002", "李四"), ("2024003", None))


def _rows(students=STUDENTS, exam: str = "期中考试") -> list[tuple]:
    """score_rows of one class's exam: student i scores (i + j) mod (full + 1) on question j; 17(1) missing for the
    last student."""
    rows = []
    for i, (number, name) in enumerate(students):
        for j, q in enumerate(PAPER.questions):
            missing = i == len(students) - 1 and q.label == "17(1)"
            got = None if missing else float((i + j) % (int(q.max_score) + 1))
            rows.append((number, name, exam, DAY, q.label, got, q.max_score, ";".join(q.knowledge_points)))
    return rows


def _class(name: str = "八年级(3)班", students=STUDENTS, anonymise: bool = False) -> ClassScores:
    rows = _rows(students)
    return ClassScores(
        name, "期中考试", rows, People([s for s, _ in students], [n for _, n in students], anonymise=anonymise)
    )


@pytest.fixture
def package(tmp_path: Path) -> Path:
    """A package of the exam with the named scores of one class."""
    return write_exam_package(EXAM, [_class()], tmp_path / "期中考试.zhidian")


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _zip(path: Path, members: list[tuple[str | zipfile.ZipInfo, bytes]], compression: int = zipfile.ZIP_DEFLATED):
    """A zip of `members` as given (names, flags and order untouched): what a hostile file may hold."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of a repeated name: that is the point
        with zipfile.ZipFile(path, "w", compression) as archive:
            for name, data in members:
                archive.writestr(name, data)
    return path


def _with_manifest(package: Path, out: Path, change) -> Path:
    """`package` with its manifest changed by `change(manifest)` (its other parts as they were)."""
    members = _members(package)
    manifest = json.loads(members[MANIFEST])
    change(manifest)
    members[MANIFEST] = json.dumps(manifest, ensure_ascii=False).encode()
    return _zip(out, list(members.items()))


def refusal(path: Path) -> Problem:
    """The one problem with which reading the package at `path` is refused."""
    with pytest.raises(GradebookError) as raised:
        read_exam_package(path)
    (problem,) = raised.value.problems
    assert problem.severity is Severity.ERROR and problem.text.zh and problem.text.en
    return problem


# ---------------------------------------------------------------- written and read back


def test_a_package_reads_back_as_it_was_written(package: Path) -> None:
    read = read_exam_package(package)
    assert read.exam == EXAM
    assert read.source == "期中考试.zhidian"
    assert read.digest == hashlib.sha256(package.read_bytes()).hexdigest()
    (scores,) = read.classes
    assert (scores.class_name, scores.assessment, scores.part) == ("八年级(3)班", "期中考试", "scores/001.csv")
    parsed = scores.scores
    assert parsed.errors == []
    assert [(s.student_id, s.name) for s in parsed.students] == list(STUDENTS)
    assert [(a.name, a.date) for a in parsed.assessments] == [("期中考试", DAY)]
    items = {i.item_id: (i.max_score, i.knowledge_points, str(i.kind), i.answer_key) for i in parsed.items}
    assert items == {q.label: (q.max_score, q.knowledge_points, str(q.kind), q.answer_key) for q in PAPER.questions}
    got = {(r.student_id, r.item_id): r.score for r in parsed.scores.itertuples()}
    for number, _, _, _, label, points, _, _ in _rows():
        assert got[(number, label)] == points or (points is None and got[(number, label)] != got[(number, label)])
    # one import per class, the package's classes one file (undone together)
    assert parsed.content_hash == hashlib.sha256(_members(package)["scores/001.csv"]).hexdigest()
    assert parsed.file_hash == read.digest and parsed.source == "期中考试.zhidian"


def test_the_manifest_says_what_the_format_documents(package: Path) -> None:
    manifest = json.loads(_members(package)[MANIFEST])
    assert (manifest["format"], manifest["version"]) == (FORMAT, VERSION) == ("zhidian-exam-package", 1)
    assert manifest["exam"] == {"name": "期中考试", "date": "2026-11-10", "subject": ""}
    assert manifest["paper"]["questions"][0] == {
        "label": "1",
        "max_score": 3.0,
        "kind": "single",
        "answer_key": "B",
        "knowledge_points": ["有理数运算"],
        "ability": "理解",
        "difficulty": 0.8,
    }
    assert manifest["prerequisites"] == [["一元一次方程", "整式加减"]]
    assert manifest["parents"] == [["一元一次方程", "方程与不等式"]]
    (entry,) = manifest["scores"]["classes"]
    assert entry == {
        "class": "八年级(3)班",
        "assessment": "期中考试",
        "part": "scores/001.csv",
        "students": 3,
        "sha256": hashlib.sha256(_members(package)["scores/001.csv"]).hexdigest(),
    }
    assert manifest["scores"]["anonymised"] is False
    assert list(_members(package)) == [MANIFEST, "scores/001.csv"]  # the manifest first, nothing else


def test_a_paper_alone_holds_no_scores_and_anyone_may_read_the_file(tmp_path: Path) -> None:
    path = write_exam_package(dataclasses.replace(EXAM, prerequisites=()), [], tmp_path / "paper.zhidian")
    read = read_exam_package(path)
    assert read.classes == () and read.exam.paper == PAPER and read.exam.prerequisites == ()
    assert list(_members(path)) == [MANIFEST]
    assert path.stat().st_mode & 0o044  # names no student: as the umask says
    earlier = _with_manifest(path, tmp_path / "earlier.zhidian", lambda m: m.pop("parents"))
    assert read_exam_package(earlier).exam.parents == ()  # a package of an earlier version has no units


def test_named_scores_are_owner_only_and_anonymised_ones_name_no_student(tmp_path: Path) -> None:
    named = write_exam_package(EXAM, [_class()], tmp_path / "named.zhidian")
    assert named.stat().st_mode & 0o777 == 0o600
    anonymous = write_exam_package(
        dataclasses.replace(EXAM, anonymised=True), [_class(anonymise=True)], tmp_path / "anonymous.zhidian"
    )
    everything = b"".join(_members(anonymous).values()).decode("utf-8-sig")
    assert not [s for pair in STUDENTS for s in pair if s and s in everything]
    read = read_exam_package(anonymous)
    assert read.exam.anonymised
    names = [s.name for s in read.classes[0].scores.students]
    assert all(name and name.startswith("Student ") for name in names)


@st.composite
def papers(draw: st.DrawFn) -> Paper:
    """A paper as a store may hold it."""
    n = draw(st.integers(1, 8))
    points = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=12)
    questions = []
    for q in range(1, n + 1):
        kind = draw(st.sampled_from(list(QuestionKind)))
        key = {QuestionKind.SINGLE: "C", QuestionKind.MULTIPLE: "ABD"}.get(kind)
        tags = draw(st.lists(points.map(str.strip).filter(lambda p: p and ";" not in p), max_size=3, unique=True))
        questions.append(
            PaperQuestion(
                f"第{q}题",
                draw(st.one_of(st.none(), st.integers(1, 150).map(lambda h: h / 2))),
                tuple(t for t in tags if t == " ".join(t.split()) and all(c not in t for c in ",，;；、|｜\n")),
                kind,
                key,
                draw(st.one_of(st.none(), st.sampled_from(["了解", "理解", "综合"]))),
                draw(st.one_of(st.none(), st.floats(0.01, 1.0))),
            )
        )
    return Paper(draw(st.sampled_from(["期中考试", "Unit 3 test", "第二次月考"])), tuple(questions))


@given(papers())
def test_every_paper_goes_through_a_package_unchanged(paper: Paper) -> None:
    import tempfile

    exam = PackageExam(paper.name, None, paper, "数学")
    with tempfile.TemporaryDirectory() as folder:
        assert read_exam_package(write_exam_package(exam, [], Path(folder) / "p.zhidian")).exam == exam


# ---------------------------------------------------------------- not a package, or a newer one


def test_a_file_that_is_no_zip_is_refused_as_no_package(tmp_path: Path) -> None:
    path = tmp_path / "成绩.zhidian"
    path.write_text("学号,姓名\n1,张三\n", encoding="utf-8")
    assert (refusal(path).file, refusal(path).text) == ("成绩.zhidian", messages.NOT_A_PACKAGE)


def test_a_workbook_is_refused_as_no_package_and_the_teacher_is_told_to_import_it(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["学号", "第1题"])
    book.save(tmp_path / "成绩.xlsx")
    problem = refusal(tmp_path / "成绩.xlsx")
    assert (problem.file, problem.text) == ("成绩.xlsx", messages.NO_MANIFEST)
    assert "Import gradebook" in problem.text.en


def test_another_format_and_a_newer_version_are_refused(package: Path, tmp_path: Path) -> None:
    other = _with_manifest(package, tmp_path / "other.zhidian", lambda m: m.update(format="something-else"))
    assert refusal(other).text == messages.NOT_OUR_FORMAT
    newer = _with_manifest(package, tmp_path / "newer.zhidian", lambda m: m.update(version=VERSION + 1))
    problem = refusal(newer)
    assert (problem.file, problem.text) == ("newer.zhidian/manifest.json", messages.newer_version(VERSION + 1))
    assert "update Zhidian" in problem.text.en
    for version in (0, "1", 1.5, True, None):
        bad = _with_manifest(package, tmp_path / "bad.zhidian", lambda m, v=version: m.update(version=v))
        assert "version" in refusal(bad).text.en


# ---------------------------------------------------------------- unsafe parts


@pytest.mark.parametrize("name", ["../evil.csv", "scores/../../evil.csv", "/etc/passwd", "scores\\001.csv", "C:evil"])
def test_a_part_named_outside_the_package_is_refused(package: Path, tmp_path: Path, name: str) -> None:
    members = [*_members(package).items(), (name, b"x")]
    problem = refusal(_zip(tmp_path / "traversal.zhidian", members))
    assert (problem.file, problem.text) == (f"traversal.zhidian/{name}", messages.UNSAFE_PART_NAME)


def test_a_part_the_manifest_does_not_list_is_refused(package: Path, tmp_path: Path) -> None:
    for extra in ("scores/002.csv", "readme.txt"):
        members = [*_members(package).items(), (extra, b"student_id\n")]
        problem = refusal(_zip(tmp_path / "extra.zhidian", members))
        assert (problem.file, problem.text) == (f"extra.zhidian/{extra}", messages.PART_UNLISTED)


def test_a_part_listed_but_missing_or_twice_is_refused(package: Path, tmp_path: Path) -> None:
    members = _members(package)
    missing = refusal(_zip(tmp_path / "missing.zhidian", [(MANIFEST, members[MANIFEST])]))
    assert (missing.file, missing.text) == ("missing.zhidian/scores/001.csv", messages.PART_MISSING)
    twice = [*members.items(), ("scores/001.csv", members["scores/001.csv"])]
    repeated = refusal(_zip(tmp_path / "twice.zhidian", twice))
    assert (repeated.file, repeated.text) == ("twice.zhidian/scores/001.csv", messages.PART_REPEATED)


def test_an_encrypted_part_or_an_unknown_compression_is_refused(package: Path, tmp_path: Path) -> None:
    members = _members(package)
    locked = bytearray(_zip(tmp_path / "locked.zhidian", list(members.items())).read_bytes())
    with zipfile.ZipFile(tmp_path / "locked.zhidian") as archive:
        info = archive.getinfo("scores/001.csv")
    locked[info.header_offset + 6] |= 0x1  # the local header's flags: encrypted
    central = locked.index(b"PK\x01\x02", locked.index(b"PK\x01\x02") + 4)  # the second entry: scores/001.csv
    locked[central + 8] |= 0x1  # and the central directory's
    (tmp_path / "locked.zhidian").write_bytes(bytes(locked))
    encrypted = refusal(tmp_path / "locked.zhidian")
    assert (encrypted.file, encrypted.text) == ("locked.zhidian/scores/001.csv", messages.ENCRYPTED_PART)
    bz2 = refusal(_zip(tmp_path / "bz2.zhidian", list(members.items()), zipfile.ZIP_BZIP2))
    assert (bz2.file, bz2.text) == ("bz2.zhidian/manifest.json", messages.UNKNOWN_COMPRESSION)


def test_a_changed_part_fails_the_manifests_checksum(package: Path, tmp_path: Path) -> None:
    members = _members(package)
    members["scores/001.csv"] = members["scores/001.csv"].replace("张三".encode(), "王五".encode())
    problem = refusal(_zip(tmp_path / "changed.zhidian", list(members.items())))
    assert (problem.file, problem.text) == ("changed.zhidian/scores/001.csv", messages.PART_CHANGED)


def test_a_damaged_part_is_refused_as_damaged(package: Path, tmp_path: Path) -> None:
    data = bytearray(package.read_bytes())
    with zipfile.ZipFile(package) as archive:
        info = archive.getinfo("scores/001.csv")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for offset in range(start, start + info.compress_size):  # the deflate stream, not the headers
        data[offset] ^= 0x55
    broken = tmp_path / "broken.zhidian"
    broken.write_bytes(bytes(data))
    problem = refusal(broken)
    assert (problem.file, problem.text) == ("broken.zhidian/scores/001.csv", messages.PART_DAMAGED)


# ---------------------------------------------------------------- too big, too many, too deep


def test_too_many_parts_are_refused_before_the_zip_directory_is_read(package: Path, tmp_path: Path) -> None:
    members = [*_members(package).items(), *((f"scores/{n:03d}.csv", b"") for n in range(2, MAX_PACKAGE_CLASSES + 3))]
    problem = refusal(_zip(tmp_path / "many.zhidian", members, zipfile.ZIP_STORED))
    assert (problem.file, problem.text) == ("many.zhidian", messages.TOO_MANY_PARTS)


def test_a_zip_bomb_is_refused_before_it_is_unpacked(package: Path, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.zhidian"
    chunk = b"0" * 2**20
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, _members(package)[MANIFEST])
        with archive.open("scores/001.csv", "w") as part:
            for _ in range(MAX_FILE_BYTES // len(chunk) + 1):
                part.write(chunk)
    assert bomb.stat().st_size < 2**20  # 200 MB unpacked from a file under 1 MB
    problem = refusal(bomb)
    unpacked = len(_members(package)[MANIFEST]) + (MAX_FILE_BYTES // len(chunk) + 1) * len(chunk)
    assert (problem.file, problem.text) == ("bomb.zhidian", messages.package_too_big(unpacked))


def test_a_huge_manifest_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    huge = json.dumps({"format": FORMAT, "version": 1, "app": "x" * (MAX_MANIFEST_BYTES + 1)}).encode()
    problem = refusal(_zip(tmp_path / "huge.zhidian", [(MANIFEST, huge)]))
    assert (problem.file, problem.text) == ("huge.zhidian/manifest.json", messages.manifest_too_big(len(huge)))


@pytest.mark.parametrize(
    "manifest",
    [
        b"[" * 100_000 + b"]" * 100_000,  # deeper than the parser goes
        b'{"format": "zhidian-exam-package", "version": NaN}',
        b'{"format": "zhidian-exam-package", "format": "zhidian-exam-package", "version": 1}',
        b"{'format': 'zhidian-exam-package'}",
        '{"format": "zhidian-exam-package"}'.encode("utf-16"),
        b'{"version": 1' + b"9" * 5000 + b"}",  # past Python's digits for one integer
    ],
)
def test_a_manifest_that_is_no_strict_json_is_refused(tmp_path: Path, manifest: bytes) -> None:
    problem = refusal(_zip(tmp_path / "bad.zhidian", [(MANIFEST, manifest)]))
    assert (problem.file, problem.text) == ("bad.zhidian/manifest.json", messages.MANIFEST_NOT_JSON)


def test_too_many_classes_are_refused(package: Path, tmp_path: Path) -> None:
    def many(manifest: dict) -> None:
        entry = manifest["scores"]["classes"][0]
        manifest["scores"]["classes"] = [dict(entry, part=f"scores/{n:03d}.csv") for n in range(1, 202)]

    problem = refusal(_with_manifest(package, tmp_path / "classes.zhidian", many))
    assert problem.text == messages.too_many_classes(MAX_PACKAGE_CLASSES + 1)


# ---------------------------------------------------------------- fields that are not what the format says


def _question(manifest: dict, **changes: object) -> None:
    manifest["paper"]["questions"][1].update(changes)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda m: _question(m, max_score=-2), "paper.questions[1].max_score"),
        (lambda m: _question(m, max_score=0), "paper.questions[1].max_score"),
        (lambda m: _question(m, max_score=1e9), "paper.questions[1].max_score"),
        (lambda m: _question(m, max_score="4"), "paper.questions[1].max_score"),
        (lambda m: _question(m, kind="essay"), "paper.questions[1].kind"),
        (lambda m: _question(m, answer_key="acd"), "paper.questions[1].answer_key"),
        (lambda m: _question(m, answer_key="=cmd|' /C calc'!A0"), "paper.questions[1].answer_key"),
        (lambda m: _question(m, label=""), "paper.questions[1].label"),
        (lambda m: _question(m, label="题" * 101), "paper.questions[1].label"),
        (lambda m: _question(m, knowledge_points="整式加减"), "paper.questions[1].knowledge_points"),
        (lambda m: _question(m, knowledge_points=["整式加减;一次函数"]), "paper.questions[1].knowledge_points[0]"),
        (lambda m: _question(m, knowledge_points=[3]), "paper.questions[1].knowledge_points[0]"),
        (lambda m: _question(m, difficulty=1.5), "paper.questions[1].difficulty"),
        (lambda m: m["paper"].update(questions={}), "paper.questions"),
        (lambda m: m.update(paper=[]), "paper"),
        (lambda m: m["exam"].update(name=None), "exam.name"),
        (lambda m: m["exam"].update(date="10/11/2026"), "exam.date"),
        (lambda m: m["exam"].update(date="2026-02-30"), "exam.date"),
        (lambda m: m.update(prerequisites=[["整式加减", "整式加减"]]), "prerequisites[0]"),
        (lambda m: m.update(prerequisites=[["a", "b", "c"]]), "prerequisites[0]"),
        (lambda m: m.update(parents=[["方程", "方程"]]), "parents[0]"),
        (lambda m: m.update(parents={}), "parents"),
        (lambda m: m["scores"].update(anonymised="no"), "scores.anonymised"),
        (lambda m: m["scores"]["classes"][0].update({"class": ""}), "scores.classes[0].class"),
        (lambda m: m["scores"]["classes"][0].update(part="../x.csv"), "scores.classes[0].part"),
        (lambda m: m["scores"]["classes"][0].update(sha256="00"), "scores.classes[0].sha256"),
    ],
)
def test_a_field_that_is_not_what_the_format_says_is_refused_by_its_path(
    package: Path, tmp_path: Path, change, field: str
) -> None:
    problem = refusal(_with_manifest(package, tmp_path / "fields.zhidian", change))
    assert problem.file == "fields.zhidian/manifest.json"
    assert problem.text.en.startswith(f"manifest.json, {field}: expected")
    assert f"manifest.json 的 {field}：应为" in problem.text.zh


def test_a_question_or_class_named_twice_is_refused(package: Path, tmp_path: Path) -> None:
    twice = _with_manifest(package, tmp_path / "q.zhidian", lambda m: _question(m, label="第1题"))
    assert refusal(twice).text == messages.REPEATED_QUESTION  # 第1题 and 1 are one question

    def two_classes(manifest: dict) -> None:
        entry = manifest["scores"]["classes"][0]
        manifest["scores"]["classes"].append(dict(entry, part="scores/002.csv"))

    assert refusal(_with_manifest(package, tmp_path / "c.zhidian", two_classes)).text == messages.REPEATED_CLASS


# ---------------------------------------------------------------- the scores inside


def _with_scores(package: Path, out: Path, csv: str, **entry: object) -> Path:
    """`package` with its class's scores replaced by `csv` (the manifest's checksum kept right)."""
    data = csv.encode("utf-8-sig")

    def change(manifest: dict) -> None:
        manifest["scores"]["classes"][0].update(sha256=hashlib.sha256(data).hexdigest(), **entry)

    members = _members(_with_manifest(package, out, change))
    members["scores/001.csv"] = data
    return _zip(out, list(members.items()))


HEADER = "student_id,student_name,assessment,date,item_id,score,max_score,knowledge_points\n"


def test_a_score_above_the_papers_full_marks_is_refused_where_it_is(package: Path, tmp_path: Path) -> None:
    csv = (
        HEADER
        + "2024001,张三,期中考试,2026-11-10,1,3,3,有理数运算\n2024002,李四,期中考试,2026-11-10,17(1),9,6,一次函数\n"
    )
    with pytest.raises(GradebookError) as raised:
        read_exam_package(_with_scores(package, tmp_path / "above.zhidian", csv))
    (problem,) = raised.value.problems
    assert (problem.file, problem.row, problem.column) == ("above.zhidian/scores/001.csv", 3, "score")


def test_scores_of_another_exam_or_with_a_class_column_are_refused(package: Path, tmp_path: Path) -> None:
    other = HEADER + "2024001,张三,期末考试,2026-11-10,1,3,3,有理数运算\n"
    problem = refusal(_with_scores(package, tmp_path / "exam.zhidian", other))
    assert (problem.file, problem.text) == (
        "exam.zhidian/scores/001.csv",
        messages.unknown_exam("期末考试", "期中考试"),
    )
    with_class = "班级," + HEADER.replace("\n", "") + "\n八年级(5)班,2024001,张三,期中考试,2026-11-10,1,3,3,x\n"
    problem = refusal(_with_scores(package, tmp_path / "class.zhidian", with_class))
    assert (problem.file, problem.text) == ("class.zhidian/scores/001.csv", messages.CLASS_COLUMN)


def test_an_empty_part_is_refused_naming_it(package: Path, tmp_path: Path) -> None:
    problem = refusal(_with_scores(package, tmp_path / "empty.zhidian", ""))
    assert (problem.file, problem.text) == ("empty.zhidian/scores/001.csv", messages.EMPTY_FILE)


@functools.cache
def _sound_package() -> bytes:
    """One package's bytes, the same for every example drawn."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        return write_exam_package(EXAM, [_class()], Path(folder) / "p.zhidian").read_bytes()


@given(st.data())
def test_a_damaged_package_is_read_or_refused_never_anything_else(data: st.DataObject) -> None:
    """Bytes flipped, cut or inserted anywhere: the package reads (a flip in a name or a date can leave it sound)
    or is refused with a located problem; no other exception comes out."""
    damaged = bytearray(_sound_package())
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(damaged) - 1))
        action = data.draw(st.sampled_from(["flip", "cut", "insert"]))
        if action == "flip":
            damaged[at] ^= data.draw(st.integers(1, 255))
        elif action == "cut":
            del damaged[at : at + data.draw(st.integers(1, 64))]
        else:
            damaged[at:at] = data.draw(st.binary(min_size=1, max_size=16))
    try:
        package_from_bytes("p.zhidian", bytes(damaged))
    except GradebookError as refused:
        assert refused.problems and all(p.file.startswith("p.zhidian") for p in refused.problems)


def test_a_package_whose_directory_asks_for_a_zip_version_python_lacks_is_refused() -> None:
    """zipfile raises NotImplementedError, not BadZipFile, for a central directory entry needing zip version 8.4 (a
    damaged byte found it): refused as not a package like any other broken directory."""
    damaged = bytearray(_sound_package())
    entry = damaged.index(b"PK\x01\x02")
    damaged[entry + 6 : entry + 8] = (84).to_bytes(2, "little")  # version needed to extract: 8.4
    with pytest.raises(GradebookError) as refused:
        package_from_bytes("p.zhidian", bytes(damaged))
    assert [(p.text, p.file) for p in refused.value.problems] == [(messages.NOT_A_PACKAGE, "p.zhidian")]


def test_the_reader_never_unpacks_to_disk(package: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Parts are read into memory only: nothing is extracted, so no name can write outside the package."""
    monkeypatch.setattr(zipfile.ZipFile, "extract", lambda *a, **k: pytest.fail("extracted"))
    monkeypatch.setattr(zipfile.ZipFile, "extractall", lambda *a, **k: pytest.fail("extracted"))
    assert read_exam_package(package).classes
