"""Reading an exam package (考试包, `app.core.exam_package`) that may be hostile: bounded, and refused with the file
and the part named.

Nothing is unpacked to disk. Before the zip's directory is read, its end record must list few parts; every part
must be the manifest or a class's scores the manifest lists (no other name, no path outside the package, no
name twice), stored or deflated, not encrypted, its size declared within bounds (the manifest within
`MAX_MANIFEST_BYTES`, all parts together within `MAX_FILE_BYTES`, so a zip bomb is refused before it is
unpacked) and its content matching the checksum the manifest gives. The manifest is strict JSON (no NaN, no
repeated key, no nesting beyond what it needs) checked field by field; each class's scores go through the
gradebook reader as a long-format CSV, with the package's paper, and must hold the one exam the manifest names.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import json
import math
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from app.core.choices import normalize_answer
from app.core.exam_package import FORMAT, MANIFEST, SCORES_PART, VERSION, PackageExam
from app.core.gradebook import ParsedGradebook
from app.core.paper import Paper, PaperQuestion, QuestionKind
from app.core.problems import GradebookError, Problem, Severity, Text
from app.core.text import question_key, split_knowledge_points
from app.importer import messages
from app.importer.files import read_bounded, source_from_bytes
from app.importer.limits import (
    MAX_FILE_BYTES,
    MAX_GRAPH_EDGES,
    MAX_LABEL_CHARS,
    MAX_MANIFEST_BYTES,
    MAX_NAME_CHARS,
    MAX_PACKAGE_CLASSES,
    MAX_PAPER_QUESTIONS,
    MAX_POINTS,
    MAX_QUESTION_POINTS,
)
from app.importer.options import ImportOptions, LayoutKind
from app.importer.reader import read_gradebook_source
from app.importer.xlsx_package import listed_parts

_MAX_PARTS = MAX_PACKAGE_CLASSES + 1  # the manifest and one part per class
_MAX_KEY_CHARS = 20  # an answer key as the store keeps it
_MAX_SHORT_CHARS = 100  # a subject, an ability level
_MAX_SOURCE_CHARS = 500  # the 细目表 file a paper was read from
_PREREQUISITE = Text(
    "两个不同知识点的名称 [知识点, 前置知识点]", "two different knowledge points [point, prerequisite]"
)
_PARENT = Text("两个不同知识点的名称 [知识点, 上级知识点]", "two different knowledge points [point, parent]")


@dataclass(frozen=True)
class PackageScores:
    """One class's scores in a package: the class, its exam's name there, the part, the scores as read."""

    class_name: str
    assessment: str
    part: str
    scores: ParsedGradebook


@dataclass(frozen=True)
class ExamPackage:
    """An exam package as read: its file name and content hash, the exam and its paper, the classes' scores."""

    source: str
    digest: str  # sha256 of the whole file
    exam: PackageExam
    classes: tuple[PackageScores, ...]
    exported: str = ""  # when it was written, as the manifest says (ISO 8601)
    made_by: str = ""  # the Zhidian that wrote it


def read_exam_package(path: Path) -> ExamPackage:
    """The exam package at `path`; GradebookError naming the file and the part where it is not one or not safe."""
    return package_from_bytes(path.name, read_bounded(path))


def package_from_bytes(name: str, data: bytes) -> ExamPackage:
    """The exam package in `data` (the file `name`), read as `read_exam_package` reads a file."""
    if not data.startswith(b"PK\x03\x04"):
        raise _refused(name, None, messages.NOT_A_PACKAGE)
    if listed_parts(data) > _MAX_PARTS:  # before the zip's directory is read into memory
        raise _refused(name, None, messages.TOO_MANY_PARTS)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as error:
        raise _refused(name, None, messages.NOT_A_PACKAGE) from error
    with archive:
        parts = _parts(archive, name)
        manifest = _Manifest(name, _json(_unpacked(archive, parts[MANIFEST], name, MAX_MANIFEST_BYTES), name))
        exam = manifest.exam()
        listed = manifest.score_parts()
        for part in set(parts) - {MANIFEST} - {entry.part for entry in listed}:
            raise _refused(name, part, messages.PART_UNLISTED)
        digest = hashlib.sha256(data).hexdigest()
        classes = tuple(_class_scores(archive, parts, name, digest, entry, exam.paper) for entry in listed)
    return ExamPackage(name, digest, exam, classes, manifest.optional_text("exported_at"), manifest.made_by())


def _refused(file: str, part: str | None, text: Text) -> GradebookError:
    """A refusal naming the package and the part (None: the package itself)."""
    return GradebookError([Problem(Severity.ERROR, text, f"{file}/{part}" if part else file)])


def _parts(archive: zipfile.ZipFile, file: str) -> dict[str, zipfile.ZipInfo]:
    """The package's parts by name, each checked to be one the format has, once, within bounds in all."""
    infos = archive.infolist()
    if len(infos) > _MAX_PARTS:
        raise _refused(file, None, messages.TOO_MANY_PARTS)
    for info in infos:
        name = info.filename
        if name.startswith(("/", "\\")) or "\\" in name or ":" in name or ".." in name.split("/"):
            raise _refused(file, name, messages.UNSAFE_PART_NAME)
    if all(info.filename != MANIFEST for info in infos):
        raise _refused(file, None, messages.NO_MANIFEST)
    parts: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        name = info.filename
        if name != MANIFEST and not SCORES_PART.fullmatch(name):
            raise _refused(file, name, messages.PART_UNLISTED)
        if name in parts:
            raise _refused(file, name, messages.PART_REPEATED)
        if info.flag_bits & 0x1:
            raise _refused(file, name, messages.ENCRYPTED_PART)
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _refused(file, name, messages.UNKNOWN_COMPRESSION)
        parts[name] = info
    unpacked = sum(info.file_size for info in infos)
    if unpacked > MAX_FILE_BYTES:
        raise _refused(file, None, messages.package_too_big(unpacked))
    return parts


def _unpacked(archive: zipfile.ZipFile, info: zipfile.ZipInfo, file: str, limit: int) -> bytes:
    """The part's bytes, at most `limit` (the size its header declares is checked first, the bytes read after)."""
    if info.file_size > limit:
        too_big = messages.manifest_too_big if info.filename == MANIFEST else messages.package_too_big
        raise _refused(file, info.filename, too_big(info.file_size))
    try:
        with archive.open(info) as stream:
            data = stream.read(limit + 1)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError) as error:
        # a bad checksum, a broken deflate stream, a header pointing before the file or at another method
        raise _refused(file, info.filename, messages.PART_DAMAGED) from error
    if len(data) > limit:
        raise _refused(file, info.filename, messages.package_too_big(len(data)))
    return data


def _json(data: bytes, file: str) -> object:
    """Strict JSON: UTF-8, no NaN or Infinity, no key twice in an object, nesting as deep as Python's parser goes."""

    def no_constant(text: str) -> NoReturn:
        raise ValueError(text)

    def pairs(items: list[tuple[str, object]]) -> dict[str, object]:
        found = dict(items)
        if len(found) != len(items):
            raise ValueError("repeated key")
        return found

    try:
        return json.loads(data.decode("utf-8-sig"), parse_constant=no_constant, object_pairs_hook=pairs)
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise _refused(file, MANIFEST, messages.MANIFEST_NOT_JSON) from error


@dataclass(frozen=True)
class _ScoresEntry:
    class_name: str
    assessment: str
    part: str
    sha256: str


class _Manifest:
    """manifest.json checked field by field; a field that is not what the format says is refused by its path."""

    def __init__(self, file: str, content: object) -> None:
        self.file = file
        self.root = self._object(content, "")

    def exam(self) -> PackageExam:
        """The exam, its paper and the knowledge graph; refused past the first field that is not as it must be."""
        self._format()
        exam = self._object(self.root.get("exam"), "exam")
        paper = self._paper(self._object(self.root.get("paper"), "paper"))
        scores = self.root.get("scores")
        anonymised = False
        if scores is not None:
            anonymised = self._flag(self._object(scores, "scores"), "anonymised", "scores.anonymised")
        return PackageExam(
            name=self._text(exam, "name", "exam.name", MAX_LABEL_CHARS),
            date=self._date(exam.get("date"), "exam.date"),
            paper=paper,
            subject=self._text(exam, "subject", "exam.subject", _MAX_SHORT_CHARS, empty=True),
            prerequisites=self._pairs(self.root.get("prerequisites", []), "prerequisites", _PREREQUISITE),
            anonymised=anonymised,
            parents=self._pairs(self.root.get("parents", []), "parents", _PARENT),
        )

    def score_parts(self) -> list[_ScoresEntry]:
        """The classes whose scores the package holds, with their parts (none for a paper alone)."""
        scores = self.root.get("scores")
        if scores is None:
            return []
        classes = self._object(scores, "scores").get("classes", [])
        if isinstance(classes, list) and len(classes) > MAX_PACKAGE_CLASSES:
            raise _refused(self.file, MANIFEST, messages.too_many_classes(len(classes)))
        listed = self._list(classes, "scores.classes", MAX_PACKAGE_CLASSES)
        entries = []
        for n, value in enumerate(listed):
            where = f"scores.classes[{n}]"
            entry = self._object(value, where)
            part = self._text(entry, "part", f"{where}.part", 20)
            if not SCORES_PART.fullmatch(part):
                self._fail(f"{where}.part", Text("scores/001.csv 这样的部件名", "a part name such as scores/001.csv"))
            digest = self._text(entry, "sha256", f"{where}.sha256", 64)
            if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
                self._fail(f"{where}.sha256", Text("64 位十六进制的 SHA-256 值", "a SHA-256 of 64 hex digits"))
            class_name = self._text(entry, "class", f"{where}.class", MAX_NAME_CHARS)
            assessment = self._text(entry, "assessment", f"{where}.assessment", MAX_LABEL_CHARS)
            entries.append(_ScoresEntry(class_name, assessment, part, digest))
        if len({e.class_name for e in entries}) != len(entries):
            raise _refused(self.file, MANIFEST, messages.REPEATED_CLASS)
        if len({e.part for e in entries}) != len(entries):
            raise _refused(self.file, MANIFEST, messages.PART_REPEATED)
        return entries

    def optional_text(self, key: str) -> str:
        """A top-level text the package is read without (when it was written), "" when absent."""
        value = self.root.get(key)
        return value[:_MAX_SHORT_CHARS] if isinstance(value, str) else ""

    def made_by(self) -> str:
        """The Zhidian that wrote the package, as it says."""
        return self.optional_text("app")

    def _format(self) -> None:
        if self.root.get("format") != FORMAT:
            raise _refused(self.file, MANIFEST, messages.NOT_OUR_FORMAT)
        version = self.root.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            self._fail("version", Text("正整数", "a positive whole number"))
        if version > VERSION:
            raise _refused(self.file, MANIFEST, messages.newer_version(version))

    def _paper(self, paper: dict[str, object]) -> Paper:
        listed = self._list(paper.get("questions"), "paper.questions", MAX_PAPER_QUESTIONS)
        questions = tuple(self._question(self._object(q, f"paper.questions[{n}]"), n) for n, q in enumerate(listed))
        if len({question_key(q.label) for q in questions}) != len(questions):
            raise _refused(self.file, MANIFEST, messages.REPEATED_QUESTION)
        return Paper(
            name=self._text(paper, "name", "paper.name", MAX_LABEL_CHARS),
            questions=questions,
            subject=self._text(paper, "subject", "paper.subject", _MAX_SHORT_CHARS, empty=True),
            source=self._text(paper, "source", "paper.source", _MAX_SOURCE_CHARS, empty=True),
        )

    def _question(self, q: dict[str, object], n: int) -> PaperQuestion:
        where = f"paper.questions[{n}]"
        kind = q.get("kind", "")
        if kind not in {str(k) for k in QuestionKind}:
            self._fail(f"{where}.kind", Text("“single”、“multiple”或空", '"single", "multiple" or ""'))
        key = self._optional_text(q, "answer_key", f"{where}.answer_key", _MAX_KEY_CHARS)
        if key is not None and normalize_answer(key) != key:
            self._fail(
                f"{where}.answer_key", Text("大写字母的答案，如 AC", "an answer key in capital letters, e.g. AC")
            )
        points = self._list(q.get("knowledge_points", []), f"{where}.knowledge_points", MAX_QUESTION_POINTS)
        for m, point in enumerate(points):
            if not isinstance(point, str) or split_knowledge_points(point) != (point,) or len(point) > MAX_LABEL_CHARS:
                self._fail(
                    f"{where}.knowledge_points[{m}]",
                    Text(
                        f"一个知识点的名称（不含分隔符，最多 {MAX_LABEL_CHARS} 个字符）",
                        f"one knowledge point's name (no separator, at most {MAX_LABEL_CHARS} characters)",
                    ),
                )
        difficulty = self._number(q.get("difficulty"), f"{where}.difficulty", 0.0, 1.0, zero=True)
        return PaperQuestion(
            label=self._text(q, "label", f"{where}.label", MAX_LABEL_CHARS),
            max_score=self._number(q.get("max_score"), f"{where}.max_score", 0.0, MAX_POINTS),
            knowledge_points=tuple(dict.fromkeys(str(p) for p in points)),
            kind=QuestionKind(str(kind)),
            answer_key=key,
            ability=self._optional_text(q, "ability", f"{where}.ability", _MAX_SHORT_CHARS),
            difficulty=difficulty,
        )

    def _pairs(self, value: object, where: str, expected: Text) -> tuple[tuple[str, str], ...]:
        pairs = []
        for n, pair in enumerate(self._list(value, where, MAX_GRAPH_EDGES)):
            if (
                not isinstance(pair, list)
                or len(pair) != 2
                or not all(isinstance(p, str) and split_knowledge_points(p) == (p,) for p in pair)
                or pair[0] == pair[1]
                or any(len(p) > MAX_LABEL_CHARS for p in pair)
            ):
                self._fail(f"{where}[{n}]", expected)
            pairs.append((str(pair[0]), str(pair[1])))
        return tuple(dict.fromkeys(pairs))

    def _object(self, value: object, where: str) -> dict[str, object]:
        if not isinstance(value, dict):
            self._fail(where or "(root)", Text("一个 JSON 对象", "a JSON object"))
        return value

    def _list(self, value: object, where: str, limit: int) -> list[object]:
        if not isinstance(value, list) or len(value) > limit:
            self._fail(where, Text(f"最多 {limit:,} 项的列表", f"a list of at most {limit:,} entries"))
        return value

    def _text(self, obj: dict[str, object], key: str, where: str, limit: int, *, empty: bool = False) -> str:
        value = obj.get(key, "" if empty else None)
        if not isinstance(value, str) or len(value) > limit or (not empty and not value.strip()):
            wanted = "" if empty else "非空的"
            self._fail(where, Text(f"{wanted}文字（最多 {limit} 个字符）", f"a text of at most {limit} characters"))
        return value

    def _optional_text(self, obj: dict[str, object], key: str, where: str, limit: int) -> str | None:
        value = obj.get(key)
        return None if value is None or value == "" else self._text(obj, key, where, limit)

    def _flag(self, obj: dict[str, object], key: str, where: str) -> bool:
        value = obj.get(key, False)
        if not isinstance(value, bool):
            self._fail(where, Text("true 或 false", "true or false"))
        return value

    def _number(self, value: object, where: str, low: float, high: float, *, zero: bool = False) -> float | None:
        if value is None:
            return None
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
            or not (low <= value <= high)
            or (value == low and not zero)
        ):
            self._fail(where, Text(f"{low:g} 到 {high:g} 之间的数", f"a number from {low:g} to {high:g}"))
        return float(value)

    def _date(self, value: object, where: str) -> dt.date | None:
        if value is None:
            return None
        if isinstance(value, str) and len(value) == 10:
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        self._fail(where, Text("YYYY-MM-DD 格式的日期", "a date as YYYY-MM-DD"))

    def _fail(self, where: str, expected: Text) -> NoReturn:
        raise _refused(self.file, MANIFEST, messages.bad_field(where, expected))


def _class_scores(
    archive: zipfile.ZipFile,
    parts: dict[str, zipfile.ZipInfo],
    file: str,
    digest: str,
    entry: _ScoresEntry,
    paper: Paper,
) -> PackageScores:
    """One class's scores: the part, checked against the manifest, read as a long-format CSV with the paper (its
    content hash the part's, its file hash the package's: one import per class, the package's classes one file)."""
    info = parts.get(entry.part)
    if info is None:
        raise _refused(file, entry.part, messages.PART_MISSING)
    data = _unpacked(archive, info, file, MAX_FILE_BYTES)
    if hashlib.sha256(data).hexdigest() != entry.sha256:
        raise _refused(file, entry.part, messages.PART_CHANGED)
    where = f"{file}/{entry.part}"
    parsed = read_gradebook_source(
        source_from_bytes(where, data, ".csv"), options=ImportOptions(layout=LayoutKind.LONG, paper=paper)
    )
    if parsed.errors:
        raise GradebookError(parsed.errors)
    if parsed.class_names:
        raise _refused(file, entry.part, messages.CLASS_COLUMN)
    found = [a.name for a in parsed.assessments]
    if found != [entry.assessment]:
        raise _refused(file, entry.part, messages.unknown_exam("、".join(found), entry.assessment))
    scores = dataclasses.replace(parsed, source=file, file_hash=digest)
    return PackageScores(entry.class_name, entry.assessment, entry.part, scores)
