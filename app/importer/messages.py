"""Every message the importer shows the teacher, in Chinese and English.

Constants in CAPITALS are also the names of rules: the problem log counts problems per rule
and folds the ones past its cap into a single "and N more like this: <rule>".
"""

from __future__ import annotations

from app.core.problems import Text

# Files that cannot be read at all
FILE_NOT_FOUND = Text("找不到文件", "file not found")
EMPTY_FILE = Text("文件是空的", "the file is empty")
EMPTY_SHEET = Text("工作表是空的", "the sheet is empty")
CORRUPT_WORKBOOK = Text(
    "无法打开工作簿：文件已损坏，或不是 Excel 文件",
    "cannot open the workbook: the file is damaged or not an Excel file",
)
UNDECODABLE = Text(
    "无法识别文件的文字编码（支持 UTF-8 和 GBK/GB18030）",
    "cannot read the text of the file (UTF-8 and GBK/GB18030 are supported)",
)


def cannot_read(reason: str) -> Text:
    """The operating system refused to read the file."""
    return Text(f"无法读取文件（{reason}）", f"cannot read the file ({reason})")


def unknown_type(suffix: str) -> Text:
    """The file is neither .xlsx, .xls nor .csv."""
    return Text(
        f"不支持的文件类型“{suffix}”，请使用 .xlsx、.xls 或 .csv",
        f"unsupported file type '{suffix}': use .xlsx, .xls or .csv",
    )


def no_such_sheet(name: str, sheets: list[str]) -> Text:
    """The chosen sheet is not in the workbook."""
    return Text(
        f"没有工作表“{name}”（现有：{'、'.join(sheets)}）", f"there is no sheet '{name}' (sheets: {', '.join(sheets)})"
    )


def no_such_column(name: str) -> Text:
    """The chosen column is not in the header."""
    return Text(f"表头中没有列“{name}”", f"there is no column '{name}' in the header")


def row_outside(row: int, last: int) -> Text:
    """The chosen row is past the end of the sheet (or above the header)."""
    return Text(
        f"第{row}行不在表格的数据范围内（共 {last} 行）", f"row {row} is outside the data of the sheet ({last} rows)"
    )


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
