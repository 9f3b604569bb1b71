"""Messages about what a sheet says: its structure, its rows and ids, scores, questions and papers."""

from __future__ import annotations

from app.core.problems import Text
from app.importer.limits import MAX_EXACT_DIGITS, MAX_POINTS

# The sheet's structure
NO_STUDENT_ID_COLUMN = Text(
    "缺少学号列（表头写“学号”、“考号”或 student_id）",
    "no student id column (a header such as 学号, 考号 or student_id)",
)
NO_ITEM_COLUMN = Text(
    "缺少题号列（表头写“题号”、“小题”或 item_id）", "no question column (a header such as 题号, 小题 or item_id)"
)
NO_SCORE_COLUMN = Text(
    "缺少得分列（表头写“得分”、“分数”或 score）", "no score column (a header such as 得分, 分数 or score)"
)
NO_QUESTION_COLUMNS = Text(
    "没有题目列：除学号、姓名、班级、总分、排名等以外的列都当作题目",
    "no question columns: every column other than student id, name, class, total, rank and the like "
    "is read as a question",
)
NO_STUDENT_ROWS = Text("表头下面没有学生数据", "no student rows under the header")
UNNAMED_COLUMN = Text("这一列有数据但没有表头，已忽略", "this column has values but no header; it is ignored")
DUPLICATE_QUESTION = Text("题目列重复", "question column repeated")


def duplicate_question(header: str, first_column: str) -> Text:
    """Two question columns carry the same header."""
    return Text(
        f"题目“{header}”重复（第一次在 {first_column} 列），此列已忽略",
        f"question '{header}' repeats column {first_column}; this column is ignored",
    )


# Rows
BLANK_STUDENT_ID = Text("这一行有成绩，但学号为空", "this row has scores but no student id")
BLANK_ITEM_ID = Text("这一行有得分，但题号为空", "this row has a score but no question id")
DUPLICATE_STUDENT = Text("学号重复", "student id repeated")
CLASS_CONFLICT = Text("同一学号出现在两个班级", "one student id in two classes")
DUPLICATE_SCORE = Text("同一学生同一题的成绩重复", "score of the same student and question repeated")
NAME_CONFLICT = Text("同一学号的姓名不一致", "one student id with different names")
BAD_DATE = Text("日期无法识别", "date not understood")
DATE_CONFLICT = Text("同一考试的日期不一致", "one assessment with different dates")


def duplicate_student(student_id: str, first_row: int) -> Text:
    """A wide sheet lists the same student twice."""
    return Text(f"学号 {student_id} 重复，第{first_row}行已有", f"student id {student_id} repeats row {first_row}")


def class_conflict(student_id: str, class_name: str, first_class: str, first_row: int) -> Text:
    """One student id in two classes of a grade file."""
    return Text(
        f"学号 {student_id} 在这里属于“{class_name}”，第{first_row}行属于“{first_class}”：一个学号只能属于一个班",
        f"student id {student_id} is in class '{class_name}' here but in '{first_class}' on row {first_row}: "
        "an id belongs to one class",
    )


def duplicate_score(student_id: str, item_id: str, assessment: str, first_row: int) -> Text:
    """A long sheet gives one student's score on one question twice."""
    return Text(
        f"学号 {student_id} 在“{assessment}”第“{item_id}”题的成绩重复，第{first_row}行已有",
        f"student {student_id}, question '{item_id}' of '{assessment}' repeats row {first_row}",
    )


def name_conflict(student_id: str, name: str, first_name: str, first_row: int) -> Text:
    """The same student id carries another name than before."""
    return Text(
        f"学号 {student_id} 在这里叫“{name}”，第{first_row}行叫“{first_name}”",
        f"student {student_id} is named '{name}' here but '{first_name}' on row {first_row}",
    )


def bad_date(text: str) -> Text:
    """A date cell that is not a date."""
    return Text(f"日期“{text}”无法识别（请写成 2024-03-15）", f"'{text}' is not a date (write it like 2024-03-15)")


def date_conflict(assessment: str, date: str, first_date: str, first_row: int) -> Text:
    """One assessment is given two dates."""
    return Text(
        f"“{assessment}”的日期 {date} 与第{first_row}行的 {first_date} 不一致",
        f"date {date} of '{assessment}' differs from {first_date} on row {first_row}",
    )


# Scores
NON_NUMERIC_SCORE = Text("得分不是数字", "score is not a number")
NEGATIVE_SCORE = Text("得分为负数", "negative score")
ABOVE_MAX = Text("得分超过满分", "score above the max score")


ALL_ZERO = Text("每道题都是 0 分", "0 on every question")


def all_zero(student_id: str, assessment: str, count: int) -> Text:
    """A student with 0 on every question of an exam that others scored on: often an absent student exported as 0."""
    return Text(
        f"学号 {student_id} 在“{assessment}”的 {count} 道题都是 0 分：若这位学生缺考，请改为“缺考”或留空"
        "（0 分会当作答错计入诊断）",
        f"student {student_id} has 0 on all {count} questions of '{assessment}': if the student was absent, write "
        "缺考 or leave the cells blank (a 0 counts as a wrong answer in the diagnosis)",
    )


def non_numeric_score(text: str) -> Text:
    """A score cell that is neither a number nor a missing mark."""
    return Text(f"得分“{text}”不是数字", f"score '{text}' is not a number")


def negative_score(text: str) -> Text:
    """A score below zero."""
    return Text(f"得分 {text} 是负数", f"score {text} is negative")


def above_max(text: str, max_score: str) -> Text:
    """A score above the question's max score."""
    return Text(f"{text} > 满分 {max_score}", f"{text} > max score {max_score}")


def above_max_of(student_id: str, text: str, max_score: str) -> Text:
    """A score above the question's max score, where only the student (not the row) is known."""
    return Text(
        f"学号 {student_id}：{text} > 满分 {max_score}", f"student {student_id}: {text} > max score {max_score}"
    )


# Questions
BAD_MAX = Text("满分不是数字", "max score is not a number")
NON_POSITIVE_MAX = Text("满分不大于 0", "max score not above 0")
UNKNOWN_MAX = Text("满分未知", "max score unknown")
GUESSED_MAX = Text("满分未给出，暂按最高分计", "max score not given; the highest score is used")
CHOICE_MAX_GUESSED = Text("选择题满分未给出，暂按 1 分计", "max score of a choice question not given; 1 is used")
LETTERS_KEPT = Text("选择题没有答案，作答字母已保留", "choice question without an answer key; the letters are kept")
MAX_CONFLICT = Text("同一题的满分不一致", "one question with different max scores")
KP_CONFLICT = Text("同一题的知识点不一致", "one question with different knowledge points")
KEY_CONFLICT = Text("同一题的答案不一致", "one question with different answer keys")
NO_KNOWLEDGE_POINTS = Text("这道题没有知识点", "this question has no knowledge points")
NO_KNOWLEDGE_POINTS_AT_ALL = Text(
    "所有题目都没有知识点：请加一行或一列“知识点”，或提供双向细目表",
    "no question has knowledge points: add a 知识点 (knowledge points) row or column, or a paper (双向细目表)",
)
PARENT_IS_SUM = Text("大题列是小题之和，已不计入", "a question column is the sum of its sub-questions; left out")
PARENT_NOT_SUM = Text("大题列不等于小题之和，已不计入", "a question column differs from the sum of its sub-questions")


def bad_max(text: str) -> Text:
    """A max score that is not a number."""
    return Text(f"满分“{text}”不是数字", f"max score '{text}' is not a number")


def non_positive_max(text: str) -> Text:
    """A max score of zero or less."""
    return Text(f"满分 {text} 必须大于 0", f"max score {text} must be greater than 0")


def unknown_max() -> Text:
    """No max score given anywhere, and not a single score to go by."""
    return Text(
        "满分未知：这道题没有任何得分，也没有给出满分；请在表头下加一行“满分”，或提供双向细目表",
        "max score unknown: the question has no scores and no max score is given; add a 满分 (max score) row "
        "under the header, or a paper (双向细目表)",
    )


def guessed_max(top: str) -> Text:
    """No max score given: the highest score seen stands in for it until the teacher confirms."""
    return Text(
        f"满分未给出，暂按最高分 {top} 计；请核对（可在表头下加一行“满分”，或提供双向细目表）",
        f"max score not given; the highest score, {top}, is used for now: please check (add a 满分 row under "
        "the header, or a paper)",
    )


def choice_max_guessed() -> Text:
    """A choice question scored against its key without a max score."""
    return Text(
        "选择题的满分未给出，暂按 1 分计；请核对（可在“满分”行或双向细目表中给出）",
        "max score of this choice question not given; 1 point is used for now: please check (give it in a 满分 "
        "row or the paper)",
    )


def letters_kept(item_id: str) -> Text:
    """A question answered with letters but no key to score them against."""
    return Text(
        f"“{item_id}”填的是所选字母，但没有答案：字母已保留，给出答案（“答案”行或双向细目表）后计分",
        f"'{item_id}' holds the letters chosen but no answer key: the letters are kept and scored once a key "
        "arrives (an 答案 row or the paper)",
    )


def parent_is_sum(parent: str, children: list[str]) -> Text:
    """A parent question column holds the sum of its sub-questions, which are scored instead."""
    parts = "、".join(children)
    return Text(
        f"“{parent}”是小题 {parts} 之和，已不计入（按小题计分，不重复计分）",
        f"'{parent}' is the sum of {', '.join(children)}; it is left out (the sub-questions are scored, not twice)",
    )


def parent_not_sum(parent: str, children: list[str], rows: list[int]) -> Text:
    """A parent question column that is not the sum of its sub-questions for some students."""
    zh_rows, en_rows = "、".join(map(str, rows)), ", ".join(map(str, rows))
    return Text(
        f"“{parent}”在第{zh_rows}行不等于小题 {'、'.join(children)} 之和；已不计入，按小题计分，请核对",
        f"'{parent}' differs from the sum of {', '.join(children)} on row(s) {en_rows}; it is left out and the "
        "sub-questions are scored: please check",
    )


def max_conflict(item_id: str, value: str, first_value: str, first_row: int) -> Text:
    """Rows of one question in a long sheet disagree on its max score."""
    return Text(
        f"“{item_id}”的满分 {value} 与第{first_row}行的 {first_value} 不一致",
        f"max score {value} of '{item_id}' differs from {first_value} on row {first_row}",
    )


def kp_conflict(item_id: str, value: str, first_value: str, first_row: int) -> Text:
    """Rows of one question in a long sheet disagree on its knowledge points."""
    return Text(
        f"“{item_id}”的知识点“{value}”与第{first_row}行的“{first_value}”不一致",
        f"knowledge points '{value}' of '{item_id}' differ from '{first_value}' on row {first_row}",
    )


def key_conflict(item_id: str, value: str, first_value: str, first_row: int) -> Text:
    """Rows of one question in a long sheet disagree on its answer key."""
    return Text(
        f"“{item_id}”的答案“{value}”与第{first_row}行的“{first_value}”不一致",
        f"answer key '{value}' of '{item_id}' differs from '{first_value}' on row {first_row}",
    )


# Papers (双向细目表), as files, sheets or stored papers
NO_PAPER_HEADER = Text(
    "找不到双向细目表的表头：需要“题号”列，以及“分值”“知识点”“题型”“答案”中的至少一列",
    "no paper header found: a 题号 (question) column and at least one of 分值 (points), 知识点 "
    "(knowledge points), 题型 (type) or 答案 (answer key)",
)
NOT_IN_PAPER = Text("题目不在双向细目表中", "question missing from the paper")
UNUSED_ITEM = Text("双向细目表中的题目没有成绩", "question of the paper without scores")
DUPLICATE_ITEM = Text("双向细目表中的题目重复", "question repeated in the paper")
PAPER_OTHER_ASSESSMENTS = Text("双向细目表属于别的考试", "paper of other assessments")
PAPER_SEVERAL_EXAMS = Text("双向细目表列出了多场考试", "paper listing several exams")
BAD_DIFFICULTY = Text("难度不是 0–1 之间的数", "difficulty not between 0 and 1")


def not_in_paper(item_id: str) -> Text:
    """A question with scores has no row in the paper."""
    return Text(
        f"题目“{item_id}”不在双向细目表中：满分和知识点按成绩表本身",
        f"question '{item_id}' is not in the paper (双向细目表): its max score and knowledge points come from "
        "the gradebook",
    )


def unused_item(item_id: str) -> Text:
    """A question of the paper has no column (or rows) in the gradebook."""
    return Text(
        f"双向细目表中的“{item_id}”在成绩表中没有成绩",
        f"question '{item_id}' of the paper has no scores in the gradebook",
    )


def duplicate_item(item_id: str, first_row: int) -> Text:
    """The paper describes one question twice."""
    return Text(f"题目“{item_id}”重复，第{first_row}行已有", f"question '{item_id}' repeats row {first_row}")


def paper_other_assessments(listed: list[str], ours: list[str]) -> Text:
    """The paper names its exam, and it is none of the gradebook's."""
    return Text(
        f"双向细目表属于考试“{'、'.join(listed)}”，不是“{'、'.join(ours)}”",
        f"the paper is of {', '.join(listed)}, not '{', '.join(ours)}'",
    )


def paper_several_exams(listed: list[str]) -> Text:
    """A 考试 column naming more than one exam: a paper is one exam's questions."""
    return Text(
        f"双向细目表的“考试”列有多场考试（{'、'.join(listed)}）：一张细目表只对应一场考试，请分开",
        f"the paper's exam column names several exams ({', '.join(listed)}): a paper is one exam's questions; split it",
    )


def bad_difficulty(text: str) -> Text:
    """A 预估难度 that is neither a score rate in 0–1 nor a percentage."""
    return Text(
        f"难度“{text}”不是 0–1 之间的数或百分数（如 0.65 或 65%）",
        f"difficulty '{text}' is not a number between 0 and 1 or a percentage (like 0.65 or 65%)",
    )


def more_like_this(count: int, rule: Text) -> Text:
    """The problems of one rule past the log's cap, folded into one."""
    return Text(f"……另有 {count} 处同类问题：{rule.zh}", f"... and {count} more like this: {rule.en}")


# Columns left out, cells spread
NOT_A_QUESTION = Text("这一列没有当作题目", "column not read as a question")


def not_a_question(header: str) -> Text:
    """A wide sheet's column whose header names a long sheet's field (分, 得分, 题号 …): it is left out."""
    return Text(
        f"列“{header}”没有当作题目：在每个学生一行的表格里，“{header}”表示总分或说明，已忽略；如果它是一道题，请改成题号（如“第5题”）",
        f"column '{header}' is not read as a question: in a sheet with one row per student '{header}' names a total "
        "or a note, so it is left out; if it is a question, name it by its number (like 第5题)",
    )


MERGED_CELL_SPREAD = Text("合并单元格用于其下的每道题", "merged cell read for each question under it")


def merged_cell_spread(cells: str, text: str, questions: list[str]) -> Text:
    """A merged 满分 / 知识点 / 答案 cell over several questions: it is read for each of them."""
    return Text(
        f"合并单元格 {cells}（“{text}”）用于其下的每道题：{'、'.join(questions)}",
        f"the merged cell {cells} ('{text}') is read for each question under it: {', '.join(questions)}",
    )


# Student ids, names and labels
ID_NORMALISED = Text("学号按标准写法读取", "student id read in its plain form")
LONG_NUMERIC_IDS = Text("学号超过 15 位数字", "student ids longer than 15 digits")
TOO_LONG = Text("文字过长", "text too long")
STUDENT_ID = Text("学号", "student id")
STUDENT_NAME = Text("姓名", "name")
CLASS_NAME = Text("班级名", "class name")
QUESTION_LABEL = Text("题号", "question label")
KNOWLEDGE_POINT = Text("知识点", "knowledge point")
ASSESSMENT_NAME = Text("考试名", "assessment name")


def id_normalised(raw: str, student_id: str) -> Text:
    """An id written with full-width or invisible characters, read in its plain form."""
    return Text(
        f"学号“{raw}”含有全角或不可见字符，按 {student_id} 读取",
        f"student id '{raw}' holds full-width or invisible characters: it is read as {student_id}",
    )


def id_from_number(raw: str, student_id: str) -> Text:
    """An id Excel wrote as a number (2024001.0, 2.024001E6), read as the whole number."""
    return Text(
        f"学号“{raw}”是 Excel 写成小数或科学计数法的数字，按 {student_id} 读取；请核对",
        f"student id '{raw}' is a number as Excel writes it (a decimal or scientific notation): it is read as "
        f"{student_id}; please check",
    )


def long_numeric_ids(count: int, digits: int) -> Text:
    """Numeric ids past Excel's 15 digits: their tail may have been lost before the file was written."""
    return Text(
        f"{count} 个学号是超过 {MAX_EXACT_DIGITS} 位的数字（这个有 {digits} 位）：Excel 的数字只保留 {MAX_EXACT_DIGITS} 位，"
        "后面的数字可能已丢失；请在原系统或 Excel 中把学号列设为文本后重新导出",
        f"{count} student id(s) are numbers of more than {MAX_EXACT_DIGITS} digits (this one has {digits}): Excel "
        f"keeps {MAX_EXACT_DIGITS} digits of a number, so their last digits may be lost; set the id column to text "
        "where the file was made and export it again",
    )


def too_long(what: Text, length: int, limit: int) -> Text:
    """An id, name or label past its length limit."""
    return Text(
        f"{what.zh}有 {length:,} 个字符：最多 {limit} 个",
        f"the {what.en} is {length:,} characters long: at most {limit}",
    )


# Numbers
IMPLAUSIBLE_MAX = Text("满分大得不合理", "implausible max score")
IMPLAUSIBLE_SCORE = Text("得分大得不合理", "implausible score")


def non_finite(what: Text, text: str) -> Text:
    """A score or max score written as infinity or not-a-number."""
    return Text(f"{what.zh}“{text}”不是有限的数", f"{what.en} '{text}' is not a finite number")


SCORE = Text("得分", "score")
MAX_SCORE = Text("满分", "max score")


def implausible_max(text: str) -> Text:
    """A max score above what any one question is worth."""
    return Text(
        f"满分 {text} 超过 {MAX_POINTS}：没有一道题值这么多分，请核对",
        f"max score {text} is above {MAX_POINTS}: no question is worth that much; please check",
    )


def implausible_score(text: str) -> Text:
    """A score above what any one question is worth."""
    return Text(
        f"得分 {text} 超过 {MAX_POINTS}：没有一道题值这么多分，请核对",
        f"score {text} is above {MAX_POINTS}: no question is worth that much; please check",
    )
