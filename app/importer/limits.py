"""The most the importer reads: bounds on files, tables, cells and names, so that no file can exhaust the machine.

Every reader checks these while it reads and refuses input past them with its location; the
messages quote the numbers from here.
"""

from __future__ import annotations

MAX_FILE_BYTES = 200 * 1024 * 1024  # a term of a whole grade in long format (1.4 M rows) is about 100 MB
MAX_ROWS = 2_000_000  # per table, its header included: a term of a grade in long format, 3,000 × 120 × 4 = 1.44 M
MAX_COLUMNS = 2_000  # per sheet: a wide sheet of every question and then some
MAX_CELLS = 16_000_000  # per file: the rows × columns of every sheet, blanks inside the used range included
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
MAX_TEXT_CHARS = 30_000_000  # per file: the characters of its distinct texts (a cell repeating a text costs none)
MAX_XML_BYTES = 512 * 1024 * 1024  # one part of an .xlsx, unzipped
MAX_XML_CELLS = 10_000_000  # cells an .xlsx lists, formatted empty ones included (they cost time, not memory)
MAX_XML_DEPTH = 100  # elements open at once in one part of an .xlsx (Excel writes fewer than 20)
MAX_MERGES = 10_000  # merged ranges kept per sheet (they spread 满分 / 知识点 cells)

MAX_ID_CHARS = 64  # a student id
MAX_NAME_CHARS = 64  # a student's or a class's name
MAX_LABEL_CHARS = 100  # a question label, a knowledge point, an assessment name

MAX_POINTS = 1_000  # the largest max score (and score) of one question that is plausible
MAX_EXACT_DIGITS = 15  # Excel keeps 15 significant digits of a number: longer numeric ids lost their tail
MAX_ZIP_ENTRIES = 10_000  # parts of an .xlsx (a real one has a few dozen)

MAX_MANIFEST_BYTES = 16 * 1024 * 1024  # an exam package's manifest.json: a paper of 2,000 tagged questions is < 1 MB
MAX_PACKAGE_CLASSES = 200  # classes whose scores one exam package holds (a grade has a few dozen at most)
MAX_PAPER_QUESTIONS = MAX_COLUMNS  # questions of one paper: as many as a wide sheet may have question columns
MAX_QUESTION_POINTS = 100  # knowledge points tagging one question
MAX_GRAPH_EDGES = 100_000  # prerequisite pairs of a subject's knowledge graph
