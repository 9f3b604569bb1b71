"""Where a problem is, and a log that keeps problems without drowning in one repeated problem."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from app.core.problems import Problem, Severity, Text
from app.importer import messages

CAP_PER_RULE = 200


@dataclass(frozen=True)
class Location:
    """A cell, row or table as the teacher finds it in Excel."""

    file: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    def at(self, row: int | None = None, column: str | None = None) -> Location:
        """Another place in the same table."""
        return replace(self, row=row, column=column)


class ProblemLog:
    """Problems in the order found: at most `cap` per rule, the rest folded into one 'and N more'."""

    def __init__(self, cap: int = CAP_PER_RULE) -> None:
        self._cap = cap
        self._kept: list[Problem] = []
        self._counts: Counter[Text] = Counter()
        self._first: dict[Text, Problem] = {}

    def add(self, rule: Text, severity: Severity, where: Location, text: Text | None = None) -> None:
        """Log one problem of `rule`, worded as `text` when that says more than the rule's name."""
        self._counts[rule] += 1
        if self._counts[rule] <= self._cap:
            problem = Problem(severity, text or rule, where.file, where.sheet, where.row, where.column)
            self._kept.append(problem)
            self._first.setdefault(rule, problem)

    def keep(self, problems: Iterable[Problem]) -> None:
        """Log problems found (and capped) elsewhere, such as a table's reading notes, as they are."""
        self._kept.extend(problems)

    def add_rows(
        self,
        rule: Text,
        severity: Severity,
        bad: pd.DataFrame,
        describe: Callable[[Any], tuple[Text, Location]],
    ) -> None:
        """Log one problem per row of `bad`, describing only the rows the cap keeps."""
        room = max(self._cap - self._counts[rule], 0)
        for row in bad.head(room).itertuples(index=False):
            text, where = describe(row)
            self.add(rule, severity, where, text)
        self._counts[rule] += max(len(bad) - room, 0)

    def problems(self) -> list[Problem]:
        """Every kept problem, then one 'and N more' per rule that overflowed."""
        folded = [
            Problem(first.severity, messages.more_like_this(count - self._cap, rule), first.file, first.sheet)
            for rule, first in self._first.items()
            if (count := self._counts[rule]) > self._cap
        ]
        return self._kept + folded
