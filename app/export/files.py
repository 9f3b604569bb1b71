"""Writing export files safely: whole or not at all, under names any PC accepts, with plain messages.

Each file is written to a temporary file beside it and renamed into place, so a full disk, a crash
or a file open in Excel leaves the old file intact and no partial or empty file behind. A file that names
students (minors' personal data) is owner-only (0600 on Linux) from its first byte; an anonymised one, or
a paper, follows the umask.
"""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import re
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from app.core.fault_points import reached
from app.core.owner_only import FILE_MODE, POSIX, create_owner_only
from app.core.problems import Refused, Text
from app.core.processes import left_behind

MAX_STEM = 80
"""Characters of a file name before its suffix (Windows paths stop at 260 characters)."""
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)), *(f"lpt{n}" for n in range(1, 10))}
_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')


class WriteFailed(Refused):
    """An export file could not be written; the message says why in the teacher's words."""


def safe_stem(text: str) -> str:
    """`text` as a file name stem Windows, macOS and Linux all accept (no reserved names, ≤ MAX_STEM): one name,
    never a path (no separator, no leading dot, never "." or "..")."""
    stem = _FORBIDDEN.sub("_", unicodedata.normalize("NFC", text)).strip(". ")  # no hidden file, no "." or ".."
    stem = "".join(c for c in stem if unicodedata.category(c) not in ("Cf", "Cc"))[:MAX_STEM].strip(". ") or "_"
    return f"_{stem}" if stem.split(".")[0].lower() in _RESERVED else stem


def unique_stems(texts: Sequence[str]) -> list[str]:
    """Safe stems for `texts`, distinct even where two would otherwise collide (case-insensitively)."""
    seen: set[str] = set()
    out = []
    for text in texts:
        stem, n = safe_stem(text), 2
        candidate = stem
        while candidate.casefold() in seen:
            candidate = f"{stem[: MAX_STEM - 4]}_{n}"
            n += 1
        seen.add(candidate.casefold())
        out.append(candidate)
    return out


@contextmanager
def atomic_target(path: Path, *, private: bool = True) -> Iterator[Path]:
    """A temporary path to write `path`'s content to; it replaces `path` only when the writing succeeded.
    `private` (a file naming students): owner-only; False (anonymised, no students): as the umask says."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise WriteFailed(_why(error, path)) from error
    _sweep(path)
    temporary = path.with_name(f"~{path.stem[:40]}.{os.getpid()}.partial{path.suffix}")
    try:
        if private:
            temporary.unlink(missing_ok=True)
            create_owner_only(temporary)  # the writers truncate it and keep its permissions
        yield temporary
        if private and POSIX:
            os.chmod(temporary, FILE_MODE)  # in case a writer made a new file in its place
        reached("export.replace")
        os.replace(temporary, path)
    except OSError as error:
        raise WriteFailed(_why(error, path)) from error
    finally:
        temporary.unlink(missing_ok=True)


def _sweep(path: Path) -> None:
    """Remove what an export killed mid-write left beside `path` (a partial file whose process no longer runs)."""
    for old in path.parent.glob(f"~{glob.escape(path.stem[:40])}.*.partial{path.suffix}"):
        pid = old.name[len(path.stem[:40]) + 2 :].split(".", 1)[0]
        if pid.isdigit() and left_behind(int(pid), old):
            with contextlib.suppress(OSError):
                old.unlink()


def _why(error: OSError, path: Path) -> Text:
    if error.errno == errno.ENOSPC:
        return Text(
            f"磁盘已满，无法写入“{path}”。请腾出空间后再导出；原有文件未被改动。",
            f"The disk is full: '{path}' could not be written. Free some space and export again; any existing file "
            "is unchanged.",
        )
    if isinstance(error, PermissionError) or error.errno in (errno.EACCES, errno.EPERM, errno.EBUSY):
        return Text(
            f"无法写入“{path}”：文件可能正被其他程序（如 Excel、PDF 阅读器）打开，或没有写入这个文件夹的权限。"
            "请关闭该文件或换一个文件夹后再试。",
            f"'{path}' could not be written: it may be open in another program (Excel, a PDF reader), or the folder "
            "cannot be written to. Close the file or choose another folder, and try again.",
        )
    return Text(
        f"无法写入“{path}”：{error.strerror or error}", f"'{path}' could not be written: {error.strerror or error}"
    )
