"""Papers (试卷) for gradebooks: read a 双向细目表, set a read gradebook's questions from a paper, and the
paper a gradebook implies.

    paper, problems = read_paper(Path("八年级期中考试_双向细目表.xlsx"))
    parsed = apply_paper(read_gradebook(path), paper)  # what read_gradebook(path, 细目表) gives
"""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

from app.core.choices import DEFAULT_PARTIAL
from app.core.gradebook import Item, ParsedGradebook
from app.core.paper import Paper, PaperQuestion, QuestionKind
from app.core.problems import GradebookError, Problem, Severity, Text
from app.importer import messages, scoring
from app.importer.files import read_source
from app.importer.items import apply_paper_rows, resolve_items
from app.importer.paper_rows import read_paper_rows, stored_paper_rows
from app.importer.problem_log import Location, ProblemLog
from app.importer.sheet_rows import ItemSpec
from app.importer.values import format_number


def read_paper(path: Path, sheet: str | None = None) -> tuple[Paper | None, list[Problem]]:
    """Read a 双向细目表 (.xlsx, .xls or .csv; title rows allowed); every problem located. None when unreadable."""
    try:
        source = read_source(path)
    except GradebookError as error:
        return None, list(error.problems)
    log = ProblemLog()
    found = read_paper_rows(source, sheet, log)
    return (found.paper if found is not None else None), log.problems()


def paper_of(parsed: ParsedGradebook, name: str) -> Paper:
    """The paper a gradebook implies (to prefill tagging): its questions as read, guessed max scores included."""
    firsts = {item.item_id: item for item in reversed(parsed.items)}
    questions = [
        PaperQuestion(
            item.item_id,
            None if math.isnan(item.max_score) else item.max_score,
            item.knowledge_points,
            QuestionKind(item.kind),
            item.answer_key,
        )
        for item in reversed(firsts.values())
    ]
    return Paper(name, tuple(questions), source=parsed.source)


def apply_paper(parsed: ParsedGradebook, paper: Paper, *, partial: float = DEFAULT_PARTIAL) -> ParsedGradebook:
    """`parsed` with its questions set from `paper` (matched by `question_key`) wherever the paper says something.

    Max scores, knowledge points, kinds and keys are taken from the paper, choice answers re-scored, scores
    re-checked against the max scores. The problems the old question settings implied (guessed max scores,
    unscored letters, scores above the old max …) are replaced by those of the new ones; problems only the
    paper finds (questions it lacks, questions only it has, scores above a max) name the student and the
    question, since the cell's row is no longer known.
    """
    scores = parsed.scores
    values = scoring.CellValues(scores.score.where(scores.answer.isna()), scores.answer)
    seen = scoring.observed(scores, values)
    specs = [_own(item, parsed.source) for item in parsed.items]
    stale = _implied_problems(parsed, specs, values)
    log = ProblemLog()
    items = resolve_items(apply_paper_rows(specs, stored_paper_rows(paper), log), seen, log)
    scoring.check_max(
        scores,
        values.numbers,
        items,
        log,
        lambda r: (
            messages.above_max_of(r.student_id, format_number(r.value), format_number(r.limit)),
            Location(parsed.source, column=r.item_id),
        ),
    )
    kept = [p for p in parsed.problems if (p.severity, p.text) not in stale]
    return dataclasses.replace(
        parsed,
        items=items,
        scores=scores.assign(score=scoring.points(scores, values, items, partial)),
        problems=kept + log.problems(),
    )


def _own(item: Item, source: str) -> ItemSpec:
    """What a read gradebook says about a question: its item less any guessed max score."""
    given = None if item.max_guessed or math.isnan(item.max_score) else item.max_score
    own = PaperQuestion(item.item_id, given, item.knowledge_points, QuestionKind(item.kind), item.answer_key)
    where = Location(source, column=item.item_id)
    return ItemSpec(item.assessment, item.item_id, own, where, where, where)


def _implied_problems(
    parsed: ParsedGradebook, specs: list[ItemSpec], values: scoring.CellValues
) -> set[tuple[Severity, Text]]:
    """(severity, text) of the problems the gradebook's current question settings imply, as the reader words them."""
    log = ProblemLog()
    resolve_items(specs, scoring.observed(parsed.scores, values), log)
    scoring.check_max(
        parsed.scores,
        values.numbers,
        parsed.items,
        log,
        lambda r: (messages.above_max(format_number(r.value), format_number(r.limit)), Location(parsed.source)),
    )
    implied: set[tuple[Severity, Text]] = {(p.severity, p.text) for p in log.problems()}
    return implied | {(Severity.WARNING, messages.not_in_paper(item.item_id)) for item in parsed.items}
