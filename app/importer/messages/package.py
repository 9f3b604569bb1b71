"""Messages about reading an exam package (考试包): a file that is none, a newer format, a part that is unsafe, too
big or damaged, a manifest field that is not what the format says."""

from __future__ import annotations

import math

from app.core.problems import Text
from app.importer.limits import MAX_FILE_BYTES, MAX_MANIFEST_BYTES, MAX_PACKAGE_CLASSES

NOT_A_PACKAGE = Text(
    "这不是知点的考试包（不是 zip 文件）。导入成绩册请用“导入成绩册”",
    "this is not a Zhidian exam package (it is no zip file); to import a gradebook, use Import gradebook",
)
NO_MANIFEST = Text(
    "这不是知点的考试包：其中没有 manifest.json。导入成绩册请用“导入成绩册”",
    "this is not a Zhidian exam package: it holds no manifest.json; to import a gradebook, use Import gradebook",
)
NOT_OUR_FORMAT = Text(
    "manifest.json 不是知点考试包的清单（format 不是 zhidian-exam-package）",
    "manifest.json is not the manifest of a Zhidian exam package (its format is not zhidian-exam-package)",
)
MANIFEST_NOT_JSON = Text(
    "manifest.json 已损坏：不是有效的 UTF-8 JSON", "manifest.json is damaged: it is not valid UTF-8 JSON"
)
TOO_MANY_PARTS = Text(
    "考试包中的部件太多：文件已损坏或不是考试包", "the package holds too many parts: damaged, or no package"
)
ENCRYPTED_PART = Text(
    "部件设有密码：知点不读取加密的考试包", "the part is encrypted: Zhidian does not read encrypted packages"
)
PART_DAMAGED = Text(
    "部件已损坏，无法解压（校验失败）", "the part is damaged and cannot be unpacked (its checksum fails)"
)
PART_CHANGED = Text(
    "部件与清单中记录的校验值不符：文件在导出后被改动或已损坏",
    "the part does not match the checksum in the manifest: the file was changed after the export, or is damaged",
)
PART_MISSING = Text("清单列出的部件不在考试包中", "the manifest lists this part, but the package does not hold it")
PART_REPEATED = Text("考试包中有两个同名部件", "the package holds two parts of this name")
PART_UNLISTED = Text(
    "考试包中有清单未列出的部件：知点不读取它（文件被改动过？）",
    "the package holds a part the manifest does not list: Zhidian does not read it (was the file changed?)",
)
UNSAFE_PART_NAME = Text(
    "部件名指向考试包之外（绝对路径或 ..）：这样的文件不导入",
    "the part's name points outside the package (an absolute path or ..): such a file is not imported",
)
UNKNOWN_COMPRESSION = Text(
    "部件的压缩方式知点不支持（只读取 stored 和 deflate）",
    "the part is compressed in a way Zhidian does not read (only stored and deflate)",
)
NOT_ONE_EXAM = Text(
    "成绩中的考试与清单不符（每个班的成绩只能有清单中的这一次考试）",
    "the scores' exam is not the manifest's (each class's scores hold that one exam only)",
)
CLASS_COLUMN = Text(
    "成绩中有“班级”列：考试包中每个部件只放一个班的成绩，班级写在清单里",
    "the scores have a 班级 column: each part of a package holds one class, named in the manifest",
)
REPEATED_CLASS = Text("清单中同一个班级出现了两次", "the manifest names the same class twice")
REPEATED_QUESTION = Text("试卷中同一道题出现了两次", "the paper lists the same question twice")


def newer_version(version: int) -> Text:
    """A package written by a newer Zhidian."""
    return Text(
        f"这个考试包是更新版本的知点导出的（格式版本 {version}）：请先升级知点再导入",
        f"this package was made by a newer Zhidian (format version {version}): update Zhidian to import it",
    )


def package_too_big(size: int) -> Text:
    """Parts that unpack to more than the importer reads."""
    mb = math.ceil(size / 2**20 * 10) / 10
    return Text(
        f"考试包解压后有 {mb:,.1f} MB：知点最多读取 {MAX_FILE_BYTES / 2**20:,.0f} MB（是压缩炸弹，或已损坏）",
        f"the package unpacks to {mb:,.1f} MB: Zhidian reads at most {MAX_FILE_BYTES / 2**20:,.0f} MB "
        "(a zip bomb, or damaged)",
    )


def manifest_too_big(size: int) -> Text:
    """A manifest past its bound."""
    return Text(
        f"manifest.json 有 {size:,} 字节：知点最多读取 {MAX_MANIFEST_BYTES:,} 字节",
        f"manifest.json is {size:,} bytes: Zhidian reads at most {MAX_MANIFEST_BYTES:,}",
    )


def too_many_classes(count: int) -> Text:
    """More classes than a package may hold."""
    return Text(
        f"考试包有 {count:,} 个班的成绩：最多 {MAX_PACKAGE_CLASSES} 个",
        f"the package holds the scores of {count:,} classes: at most {MAX_PACKAGE_CLASSES}",
    )


def bad_field(field: str, expected: Text) -> Text:
    """A manifest field that is not what the format says."""
    return Text(f"manifest.json 的 {field}：应为{expected.zh}", f"manifest.json, {field}: expected {expected.en}")


def unknown_exam(found: str, expected: str) -> Text:
    """A class's scores hold another exam than the manifest says."""
    return NOT_ONE_EXAM.joined(
        Text(f"（成绩中是“{found}”，清单中是“{expected}”）", f"(found '{found}', listed '{expected}')")
    )
