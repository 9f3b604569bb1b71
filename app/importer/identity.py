"""Who a row is: student ids read so that look-alikes are one student, Excel's number artefacts undone, and ids,
names and labels held to their lengths.

`２０２４００１`, `2024001` with a zero-width space and `2024001` are one id (NFKC, invisible characters and
surrounding spaces removed); so are `2024001.0` and `2.024001E6`, as Excel writes a number.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

import numpy as np
import pandas as pd

from app.core.problems import Severity, Text
from app.importer import messages
from app.importer.limits import MAX_EXACT_DIGITS, MAX_ID_CHARS
from app.importer.problem_log import Location, ProblemLog

# Zero-width and joining characters, bidirectional marks, the soft hyphen and a stray byte-order mark.
_INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_DECIMAL = re.compile(r"(\d+)\.0+", re.ASCII)
_SCIENTIFIC = re.compile(r"(\d)(?:\.(\d+))?[eE]\+?(\d{1,2})", re.ASCII)

Where = Callable[[int], Location]  # the place of the cell in a row, given the row's index (Excel row - 1)


def visible(text: str) -> str:
    """The text without invisible characters and surrounding spaces."""
    return _INVISIBLE.sub("", text).strip()


def plain(text: str) -> str:
    """The text as one compares identities: NFKC (full-width to half-width), then `visible`."""
    return visible(unicodedata.normalize("NFKC", text))


def student_id(text: str) -> str:
    """An id as it is compared and kept: `plain`, and a whole number Excel wrote as 2024001.0 or 2.024001E6."""
    text = plain(text)
    if decimal := _DECIMAL.fullmatch(text):
        return decimal.group(1)
    if scientific := _SCIENTIFIC.fullmatch(text):
        first, fraction, exponent = scientific.group(1), scientific.group(2) or "", int(scientific.group(3))
        if len(fraction) <= exponent:
            return first + fraction + "0" * (exponent - len(fraction))
    return text


def read_ids(texts: pd.Series, where: Where, log: ProblemLog) -> pd.Series:
    """Student ids as kept; logs each id read otherwise than written, ids too long, and numeric ids past the
    digits Excel keeps."""
    codes, distinct = pd.factorize(texts)
    written = [str(text).strip() for text in distinct]
    read = [student_id(text) for text in written]
    ids = _spread(read, codes, texts.index)
    changed = np.array([r != w for r, w in zip(read, written)], dtype=bool)[codes]
    log.add_rows(
        messages.ID_NORMALISED,
        Severity.WARNING,
        pd.DataFrame({"at": texts.index[changed], "written": _spread(written, codes, texts.index)[changed]}),
        lambda r: (_id_read(r.written), where(r.at)),
    )
    _check_lengths(read, codes, ids, MAX_ID_CHARS, messages.STUDENT_ID, where, log)
    long_numbers = {r for r in read if len(r) > MAX_EXACT_DIGITS and r.isascii() and r.isdigit()}
    if long_numbers:
        first = ids.index[ids.isin(long_numbers)][0]
        text = messages.long_numeric_ids(len(long_numbers), len(ids[first]))
        log.add(messages.LONG_NUMERIC_IDS, Severity.WARNING, where(first), text)
    return ids


def _id_read(written: str) -> Text:
    read = student_id(written)
    numeric = _DECIMAL.fullmatch(plain(written)) or _SCIENTIFIC.fullmatch(plain(written))
    return messages.id_from_number(written, read) if numeric else messages.id_normalised(written, read)


def read_names(texts: pd.Series, limit: int, what: Text, where: Where, log: ProblemLog, *, fold: bool) -> pd.Series:
    """Names as kept (`plain` when `fold`, else only `visible`), each held to `limit` characters (logged)."""
    codes, distinct = pd.factorize(texts)
    read = [(plain if fold else visible)(str(text)) for text in distinct]
    names = _spread(read, codes, texts.index)
    _check_lengths(read, codes, names, limit, what, where, log)
    return names


def check_lengths(texts: pd.Series, limit: int, what: Text, where: Where, log: ProblemLog) -> None:
    """Log each text longer than `limit` characters as an error at its cell."""
    codes, distinct = pd.factorize(texts)
    _check_lengths([str(text) for text in distinct], codes, texts, limit, what, where, log)


def _spread(values: list[str], codes: np.ndarray, index: pd.Index) -> pd.Series:
    """Per-distinct values back on every row."""
    return pd.Series(np.array(values, dtype=object)[codes] if values else [], index=index, dtype=object)


def _check_lengths(
    distinct: list[str], codes: np.ndarray, texts: pd.Series, limit: int, what: Text, where: Where, log: ProblemLog
) -> None:
    too_long = np.array([len(text) > limit for text in distinct], dtype=bool)
    if too_long.any():
        bad = too_long[codes]
        log.add_rows(
            messages.TOO_LONG,
            Severity.ERROR,
            pd.DataFrame({"at": texts.index[bad], "text": texts[bad].to_numpy()}),
            lambda r: (messages.too_long(what, len(r.text), limit), where(r.at)),
        )
