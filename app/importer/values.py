"""Turning cell text into values: scores, missing marks, knowledge-point lists, dates."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable

import numpy as np
import pandas as pd

# Compared after stripping and lower-casing: what teachers write for "no score here".
# 未扫 / 未扫描: the marking system never scanned the sheet; 不计排名: present but not counted.
# / and ／: a question not chosen (选做题) or not applicable; －: a full-width dash. `conventions` reads some of these
# otherwise per column (a dash in a choice column is an answer left blank: 0 points).
MISSING_MARKS = frozenset(
    {"", "缺考", "缺", "免考", "未扫", "未扫描", "不计排名", "-", "—", "–", "－", "/", "／", "na", "n/a"}
)

DATE_PATTERN = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
)

_COMPACT_DATE = re.compile(r"((?:19|20)\d{2})(\d{2})(\d{2})")
# 20261203 inside a text (好分数_第二次月考_20261203.csv): eight digits alone, read as a date only when one
_COMPACT_IN_TEXT = re.compile(r"(?<!\d)((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?!\d)")
_EXCEL_EPOCH = dt.date(1899, 12, 30)  # the 1900 date system's day 0 (its phantom 1900-02-29 is before the range)
# serial numbers read as dates: 1990-01-01 to 2099-12-31, so no score, count or year (2024) passes for a date
_EXCEL_SERIALS = ((dt.date(1990, 1, 1) - _EXCEL_EPOCH).days, (dt.date(2100, 1, 1) - _EXCEL_EPOCH).days)


def per_distinct(texts: pd.Series, convert: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """`convert(texts)`, computed once per distinct text: a gradebook column repeats a few values many times."""
    codes, distinct = pd.factorize(texts)
    return pd.Series(convert(pd.Series(distinct, dtype=str)).to_numpy()[codes], index=texts.index)


def strip(texts: pd.Series) -> pd.Series:
    """The texts without surrounding whitespace."""
    return per_distinct(texts, lambda distinct: distinct.str.strip())


def is_missing(texts: pd.Series) -> pd.Series:
    """True where the cell is blank or marked absent (缺考, -, NA …)."""
    return per_distinct(texts, lambda distinct: distinct.str.strip().str.lower().isin(MISSING_MARKS))


def to_numbers(texts: pd.Series) -> pd.Series:
    """Cell texts as finite floats; NaN where the text is not one (missing marks, inf and nan included)."""
    return per_distinct(texts, _to_numbers)


def _to_numbers(texts: pd.Series) -> pd.Series:
    stripped = texts.str.strip()
    numbers = pd.to_numeric(stripped, errors="coerce").astype(float)
    failed = numbers.isna() & (stripped != "")
    if failed.any():  # full-width digits and signs (１２, －) come from Chinese input methods
        retry = stripped[failed].str.normalize("NFKC").str.strip()
        numbers[failed] = pd.to_numeric(retry, errors="coerce").astype(float)
    return numbers.where(np.isfinite(numbers))


def to_number(text: str) -> float:
    """One cell's text as a finite float (full-width digits too); NaN where it is not one."""
    number = _float(text)
    return number if number is not None and math.isfinite(number) else math.nan


def is_non_finite(text: str) -> bool:
    """Whether a cell's text is a number that is not finite: inf, -Infinity, nan, 1e999."""
    number = _float(text)
    return number is not None and not math.isfinite(number)


def _float(text: str) -> float | None:
    plain = unicodedata.normalize("NFKC", text).strip()
    if "_" in plain:  # float() reads 1_000 as 1000; a teacher's cell does not mean that
        return None
    try:
        return float(plain)
    except ValueError:
        return None


def is_missing_mark(text: str) -> bool:
    """True where one cell is blank or marked absent."""
    return text.strip().lower() in MISSING_MARKS


def format_number(value: float) -> str:
    """A number as a teacher writes it: 4, 2.5 (no trailing .0)."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def parse_date(text: str) -> dt.date | None:
    """A date written as 2024-03-15, 2024/3/15, 2024.3.15 or 2024年3月15日 (a time part is allowed), 20240315, or
    as Excel's serial day number (45366, from a cell formatted General: a date read as days since 1899-12-30)."""
    plain = unicodedata.normalize("NFKC", text).strip()
    match = DATE_PATTERN.fullmatch(plain) or _COMPACT_DATE.fullmatch(plain)
    if match:
        return _date_of(match)
    serial = _float(plain)
    if serial is not None and _EXCEL_SERIALS[0] <= serial < _EXCEL_SERIALS[1]:
        return _EXCEL_EPOCH + dt.timedelta(days=int(serial))
    return None


def find_date(text: str) -> dt.date | None:
    """The first date written inside `text` (e.g. a file name like 八年级3班_2026-10-12_月考, or
    好分数_第二次月考_20261203), a separated one before eight digits alone."""
    match = DATE_PATTERN.search(text) or _COMPACT_IN_TEXT.search(text)
    return _date_of(match) if match else None


def _date_of(match: re.Match[str]) -> dt.date | None:
    try:
        return dt.date(*(int(group) for group in match.groups()))
    except ValueError:  # 2024-02-30
        return None
