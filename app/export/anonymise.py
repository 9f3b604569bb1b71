"""Stable pseudonyms for anonymised exports: 学生 K7QX / Student K7QX.

A code is a keyed hash (HMAC-SHA256) of the student id with a secret kept on this PC, so the
same student gets the same code in every export, and nobody holding the class list can
recompute it (an unkeyed hash of a 学号 is trivially reversed by trying every number). Codes
use 31 unambiguous characters (no 0/O, 1/I/L); four of them, longer only on a clash or where the code would read
as a number (4E27 is 4×10²⁷ to Excel and to the importer, which reads it back as another id).
Anonymised exports list students in code order, never in student-number order.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from collections.abc import Sequence
from pathlib import Path

from app.charts.texts import label
from app.core.problems import Refused, Text

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
_NUMBER = re.compile(r"[0-9]+E[0-9]+")  # a code Excel (and the importer) read as a number in scientific notation
SECRET_FILE = "pseudonym-secret.key"


def _code(student_id: str, secret: bytes, length: int) -> str:
    digest = int.from_bytes(hmac.new(secret, student_id.encode("utf-8"), hashlib.sha256).digest(), "big")
    chars = []
    for _ in range(length):
        digest, r = divmod(digest, len(ALPHABET))
        chars.append(ALPHABET[r])
    return "".join(chars)


def pseudonym_codes(student_ids: Sequence[str], secret: bytes) -> dict[str, str]:
    """A distinct code per student id: 4 characters, more for ids whose codes clash or would read as a number."""
    if not secret:
        raise ValueError("an empty secret would make pseudonyms reversible")
    codes: dict[str, str] = {}
    pending = list(dict.fromkeys(student_ids))
    length = 4
    while pending:
        trial = {sid: _code(sid, secret, length) for sid in pending}
        counts: dict[str, int] = {}
        for c in [*trial.values(), *codes.values()]:
            counts[c] = counts.get(c, 0) + 1
        pending = [sid for sid, c in trial.items() if counts[c] > 1 or _NUMBER.fullmatch(c)]
        codes.update({sid: c for sid, c in trial.items() if counts[c] == 1 and not _NUMBER.fullmatch(c)})
        length += 1
    return codes


def load_or_create_secret(path: Path | str) -> bytes:
    """The pseudonym secret kept in `path` (created with 32 random bytes, owner-only, if missing)."""
    path = Path(path)
    if path.is_file() and path.stat().st_size >= 16:
        return path.read_bytes()
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_bytes(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(secret)
    return secret


def default_secret() -> bytes:
    """The secret in Zhidian's data folder (beside the default store; portable mode keeps it beside the program)."""
    return pseudonym_secret()[0]


def pseudonym_secret() -> tuple[bytes, Text | None]:
    """The secret in Zhidian's data folder, created if missing; where it can be neither read nor created (a
    read-only data folder), a secret for this export alone, with a note saying its codes differ from other
    exports' (they still reveal no name or number)."""
    from app.core.locations import data_folder

    try:
        return load_or_create_secret(data_folder() / SECRET_FILE), None
    except (OSError, Refused):
        return secrets.token_bytes(32), Text(
            "化名密钥无法保存在数据文件夹中（只读），所以这次导出的化名与其他导出的不同。",
            "The pseudonym key cannot be kept in the data folder (it is read-only), so this export's pseudonyms "
            "differ from other exports'.",
        )


class People:
    """How students are named in one export: real names and numbers, or pseudonyms only."""

    def __init__(
        self,
        student_ids: Sequence[str],
        names: Sequence[str | None],
        *,
        anonymise: bool,
        secret: bytes | None = None,
        lang: str = "en",
    ) -> None:
        self.anonymise = anonymise
        self.lang = lang
        self._names = {sid: (n or "").strip() for sid, n in zip(student_ids, names)}
        self._codes = pseudonym_codes(student_ids, secret or default_secret()) if anonymise else {}

    def name(self, student_id: str) -> str:
        """The name to print: the pseudonym, else the student's name, else their number."""
        if self.anonymise:
            return label("pseudonym", self.lang, code=self._codes[student_id])
        return self._names.get(student_id) or student_id

    def code(self, student_id: str) -> str:
        """The student's pseudonym code (K7QX) when anonymised, else their number."""
        return self._codes[student_id] if self.anonymise else student_id

    def number(self, student_id: str) -> str | None:
        """The student number to print, or None when anonymised (numbers are dropped)."""
        return None if self.anonymise else student_id

    def heading(self, student_id: str) -> str:
        """Name with number, e.g. "张三（2024001）" / "Zhang San (2024001)"; the pseudonym alone if anonymised."""
        number = self.number(student_id)
        name = self.name(student_id)
        if number is None or name == number:
            return name
        return f"{name}（{number}）" if self.lang == "zh" else f"{name} ({number})"

    def file_stem(self, student_id: str) -> str:
        """A safe file name for the student's own file."""
        stem = (
            self.name(student_id) if self.anonymise else f"{student_id}_{self._names.get(student_id) or ''}".rstrip("_")
        )
        return "".join(c if c.isalnum() or c in "-_" else "_" for c in stem.replace(" ", "_"))

    def order(self, student_ids: Sequence[str]) -> list[str]:
        """The print order: as given, or by pseudonym when anonymised (so order reveals no number)."""
        return sorted(student_ids, key=self._codes.__getitem__) if self.anonymise else list(student_ids)
