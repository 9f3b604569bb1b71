"""Prerequisite links between knowledge points: read from a file, validated, ordered (no Qt, no torch).

A link says "`prerequisite` is learnt before `knowledge_point`". A file gives links either as
`knowledge_point, prerequisite` rows (several prerequisites in one cell may be separated by
`;` `,` `；` `，` `、` `|`; a blank prerequisite just declares the point), or as a hierarchy with a
parent column (`knowledge_point, parent`): a parent is a broader point made of its children,
so each child is learnt before its parent (the link is `parent ← child`).

    links, problems = read_prerequisites("八年级数学_知识点前置关系.csv")
    problems += validate_graph(links, known_points=matrix.knowledge_points)
    order = topological_order(matrix.knowledge_points, links)  # raises GraphCycleError

Cycles are refused, and named: `有理数运算 → 整式加减 → 有理数运算` ("→" reads "comes before").
"""

from __future__ import annotations

import csv
import heapq
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from app.problems import Problem, Severity, Text

POINT_HEADERS = ("knowledge_point", "knowledgepoint", "knowledge point", "kp", "point", "skill",
                 "知识点", "知识点名称", "知识点名", "名称")
PREREQUISITE_HEADERS = ("prerequisite", "prerequisites", "prereq", "prereqs", "requires", "depends_on",
                        "前置知识", "前置知识点", "前置", "先修知识", "先修知识点", "先修", "先备知识", "前提知识")
PARENT_HEADERS = ("parent", "parent_point", "parent point", "parent_knowledge_point",
                  "上级知识点", "父知识点", "上级", "父节点", "所属知识点", "上位知识点")
_SPLIT = re.compile(r"[;,；，、|]")


@dataclass(frozen=True)
class Link:
    """`prerequisite` comes before `knowledge_point`; where it was read from, if from a file."""

    knowledge_point: str
    prerequisite: str
    file: str | None = None
    sheet: str | None = None
    row: int | None = None

    @property
    def pair(self) -> tuple[str, str]:
        """`(knowledge_point, prerequisite)`, the form the store keeps."""
        return (self.knowledge_point, self.prerequisite)


LinkLike = Link | tuple[str, str]


class GraphCycleError(ValueError):
    """The prerequisite links form a cycle, so no learning order exists; `cycle` names it."""

    def __init__(self, cycle: Sequence[str]) -> None:
        self.cycle = tuple(cycle)
        self.text = cycle_text(self.cycle)
        super().__init__(self.text.en)


def as_links(pairs: Iterable[LinkLike]) -> list[Link]:
    """Links from `Link`s or `(knowledge_point, prerequisite)` pairs, blanks dropped, duplicates kept once."""
    seen: dict[tuple[str, str], Link] = {}
    for p in pairs:
        link = p if isinstance(p, Link) else Link(str(p[0]).strip(), str(p[1]).strip())
        if link.knowledge_point and link.prerequisite and link.pair not in seen:
            seen[link.pair] = link
    return list(seen.values())


def cycle_text(cycle: Sequence[str]) -> Text:
    """The message that refuses a cycle, naming it in learning order, e.g. `A → B → A`."""
    chain = " → ".join([*cycle, cycle[0]])
    return Text(
        f"前置关系成环，排不出学习顺序：{chain}（“→”表示“先学”）。请在前置关系表中删去其中一条。",
        f"The prerequisites form a cycle, so no learning order exists: {chain} "
        "(\"A → B\": A comes before B). Remove one of these links from the prerequisite table.",
    )


# --------------------------------------------------------------------------- reading a file


def _norm(header: object) -> str:
    return re.sub(r"[\s_\-]+", "_", str(header or "").strip().lower()).strip("_")


def _find(header: list[str], names: Sequence[str]) -> int | None:
    wanted = {_norm(n) for n in names}
    for j, h in enumerate(header):
        if _norm(h) in wanted:
            return j
    return None


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_table_rows(path: Path) -> tuple[list[tuple[str | None, list[tuple[int, list[str]]]]], list[Problem]]:
    """Every sheet of a CSV/XLSX/XLS file as `(sheet name or None, [(1-based row, cells)])`.

    CSV is read as UTF-8 (with or without BOM), else GB18030 (what Chinese Excel saves).
    """
    path = Path(path)
    name = path.name
    if not path.is_file():
        return [], [Problem(Severity.ERROR, Text("找不到文件。", "The file does not exist."), name)]
    suffix = path.suffix.lower()
    try:
        if suffix in (".csv", ".txt", ".tsv"):
            raw = path.read_bytes()
            for encoding in ("utf-8-sig", "gb18030"):
                try:
                    text = raw.decode(encoding)
                    break
                except UnicodeDecodeError:
                    continue
            else:  # pragma: no cover - gb18030 decodes nearly anything
                raise UnicodeDecodeError("gb18030", raw, 0, 1, "undecodable")
            delimiter = "\t" if suffix == ".tsv" or ("\t" in text.split("\n", 1)[0] and "," not in text.split("\n", 1)[0]) else ","
            rows = [(i + 1, [c.strip() for c in r]) for i, r in enumerate(csv.reader(text.splitlines(), delimiter=delimiter))]
            return [(None, rows)], []
        if suffix in (".xlsx", ".xlsm"):
            from openpyxl import load_workbook

            wb = load_workbook(path, read_only=True, data_only=True)
            try:
                return [
                    (ws.title, [(i + 1, [_cell(v) for v in r]) for i, r in enumerate(ws.iter_rows(values_only=True))])
                    for ws in wb.worksheets
                ], []
            finally:
                wb.close()
        if suffix == ".xls":
            import xlrd

            book = xlrd.open_workbook(str(path))
            return [
                (sh.name, [(i + 1, [_cell(v) for v in sh.row_values(i)]) for i in range(sh.nrows)])
                for sh in book.sheets()
            ], []
    except Exception as exc:  # noqa: BLE001 - any unreadable file is reported, not raised
        return [], [Problem(Severity.ERROR, Text(f"无法读取文件：{exc}", f"The file cannot be read: {exc}"), name)]
    return [], [Problem(Severity.ERROR, Text(
        f"不支持的文件类型“{path.suffix}”，请用 .csv、.xlsx 或 .xls。",
        f"Unsupported file type '{path.suffix}'; use .csv, .xlsx or .xls."), name)]


def read_prerequisites(path: Path | str, *, sheet: str | None = None) -> tuple[list[Link], list[Problem]]:
    """Read prerequisite links from a CSV/XLSX/XLS file; every problem located by file, sheet, row, column.

    The first non-blank row is the header: a knowledge-point column (`knowledge_point`/`知识点`)
    and a `prerequisite`/`前置知识` column, or a `parent`/`上级知识点` column (a hierarchy), or both.
    """
    path = Path(path)
    name = path.name
    sheets, problems = read_table_rows(path)
    if problems:
        return [], problems
    if sheet is not None:
        sheets = [s for s in sheets if s[0] == sheet]
        if not sheets:
            return [], [Problem(Severity.ERROR, Text(f"没有名为“{sheet}”的工作表。", f"There is no sheet '{sheet}'."), name)]
    for sheet_name, rows in sheets:
        rows = [(r, cells) for r, cells in rows if any(cells)]
        if not rows:
            continue
        header_row, header = rows[0]
        kp_col = _find(header, POINT_HEADERS)
        pre_col = _find(header, PREREQUISITE_HEADERS)
        parent_col = _find(header, PARENT_HEADERS)
        if kp_col is None or (pre_col is None and parent_col is None):
            continue
        return _links_from_rows(rows[1:], header, kp_col, pre_col, parent_col, name, sheet_name)
    return [], [Problem(Severity.ERROR, Text(
        "找不到表头：需要“知识点”列和“前置知识”列（或“上级知识点”列）。",
        "No header found: a 'knowledge_point' column and a 'prerequisite' (or 'parent') column are needed."),
        name, sheets[0][0] if len(sheets) == 1 else None, 1)]


def _links_from_rows(rows, header, kp_col, pre_col, parent_col, name, sheet_name) -> tuple[list[Link], list[Problem]]:
    links: list[Link] = []
    problems: list[Problem] = []
    seen: set[tuple[str, str]] = set()

    def get(cells: list[str], j: int | None) -> str:
        return cells[j].strip() if j is not None and j < len(cells) else ""

    for row, cells in rows:
        point = get(cells, kp_col)
        found: list[tuple[str, str, int]] = []  # (knowledge_point, prerequisite, column)
        for other in _SPLIT.split(get(cells, pre_col)):
            if other.strip():
                found.append((point, other.strip(), pre_col))
        parent = get(cells, parent_col)
        if parent:
            found.append((parent, point, parent_col))  # the child comes before its parent
        if not point:
            if found:
                problems.append(Problem(Severity.WARNING, Text(
                    "知识点为空，本行已跳过。", "The knowledge point is blank; the row is skipped."),
                    name, sheet_name, row, header[kp_col]))
            continue
        for kp, pre, col in found:
            if kp == pre:
                problems.append(Problem(Severity.ERROR, cycle_text([kp]), name, sheet_name, row, header[col]))
                continue
            if (kp, pre) in seen:
                continue
            seen.add((kp, pre))
            links.append(Link(kp, pre, name, sheet_name, row))
    return links, problems


# --------------------------------------------------------------------------- checking


def _graph(links: Iterable[Link]) -> dict[str, list[str]]:
    """prerequisite -> dependents (edges in learning order), every node present."""
    after: dict[str, list[str]] = {}
    for link in links:
        after.setdefault(link.prerequisite, []).append(link.knowledge_point)
        after.setdefault(link.knowledge_point, [])
    return after


def find_cycles(pairs: Iterable[LinkLike]) -> list[list[str]]:
    """One cycle (in learning order, first node not repeated) per strongly connected tangle of links."""
    links = as_links(pairs)
    after = _graph(links)
    cycles = [[link.knowledge_point] for link in links if link.knowledge_point == link.prerequisite]
    for component in _strong_components(after):
        if len(component) > 1:
            cycles.append(_cycle_in(component, after))
    return cycles


def _strong_components(after: dict[str, list[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative (a long chain of prerequisites must not hit the recursion limit)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    counter = 0
    for root in after:
        if root in index:
            continue
        work = [(root, iter(after[root]))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(after[child])))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    components.append(component)
    return components


def _cycle_in(component: list[str], after: dict[str, list[str]]) -> list[str]:
    """A shortest cycle through the component's first node (breadth-first back to it)."""
    members = set(component)
    start = min(component)
    parent: dict[str, str] = {}
    frontier = [start]
    while frontier:
        nxt = []
        for node in frontier:
            for child in after[node]:
                if child not in members:
                    continue
                if child == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(parent[path[-1]])
                    return path[::-1]
                if child not in parent:
                    parent[child] = node
                    nxt.append(child)
        frontier = nxt
    return sorted(component)  # pragma: no cover - a strong component always closes


def validate_graph(pairs: Iterable[LinkLike], known_points: Iterable[str], *,
                   unknown: Severity = Severity.WARNING) -> list[Problem]:
    """Problems with the links against the class's knowledge points: unknown names, cycles (errors).

    An unknown name is a warning by default: a subject's graph often spans more points than one
    exam tests, and the path still respects order through them.
    """
    links = as_links(pairs)
    known = set(known_points)
    problems: list[Problem] = []
    reported: set[str] = set()
    for link in links:
        for point in (link.knowledge_point, link.prerequisite):
            if point in known or point in reported:
                continue
            reported.add(point)
            problems.append(Problem(unknown, Text(
                f"知识点“{point}”不在成绩单的知识点中（请检查名称是否一致）。",
                f"Knowledge point '{point}' is not among the gradebook's knowledge points (check the spelling)."),
                link.file or "", link.sheet, link.row))
    for cycle in find_cycles(links):
        first = next((lk for lk in links if lk.prerequisite == cycle[0] and lk.knowledge_point == cycle[1 % len(cycle)]), None)
        problems.append(Problem(Severity.ERROR, cycle_text(cycle), (first.file if first else None) or "",
                                first.sheet if first else None, first.row if first else None))
    return problems


# --------------------------------------------------------------------------- ordering


def prerequisite_closure(pairs: Iterable[LinkLike]) -> dict[str, set[str]]:
    """Every point's prerequisites, direct and through other points (a point never contains itself)."""
    links = as_links(pairs)
    before: dict[str, set[str]] = {}
    for link in links:
        before.setdefault(link.knowledge_point, set()).add(link.prerequisite)
        before.setdefault(link.prerequisite, set())
    closure: dict[str, set[str]] = {}
    for point in before:
        seen: set[str] = set()
        todo = list(before[point])
        while todo:
            p = todo.pop()
            if p not in seen:
                seen.add(p)
                todo.extend(before.get(p, ()))
        seen.discard(point)
        closure[point] = seen
    return closure


def topological_order(points: Iterable[str], pairs: Iterable[LinkLike], *,
                      key: Callable[[str], object] | None = None) -> list[str]:
    """`points` in learning order: a point after every prerequisite among `points`, also through
    points not listed (A before X before B puts A before B).

    Among points free to go next, the smallest `key` goes first (default: the order given).
    Raises `GraphCycleError` naming a cycle if the links have one.
    """
    points = list(dict.fromkeys(points))
    links = as_links(pairs)
    cycles = find_cycles(links)
    if cycles:
        raise GraphCycleError(cycles[0])
    closure = prerequisite_closure(links)
    wanted = set(points)
    position = {p: i for i, p in enumerate(points)}
    rank = key or position.__getitem__
    before = {p: closure.get(p, set()) & wanted for p in points}
    waiting = {p: len(before[p]) for p in points}
    dependents: dict[str, list[str]] = {p: [] for p in points}
    for p in points:
        for q in before[p]:
            dependents[q].append(p)
    heap = [(rank(p), position[p], p) for p in points if waiting[p] == 0]
    heapq.heapify(heap)
    order: list[str] = []
    while heap:
        _, _, p = heapq.heappop(heap)
        order.append(p)
        for d in dependents[p]:
            waiting[d] -= 1
            if waiting[d] == 0:
                heapq.heappush(heap, (rank(d), position[d], d))
    return order


def levels(points: Iterable[str], pairs: Iterable[LinkLike]) -> dict[str, int]:
    """Each point's level for drawing the graph: 0 without prerequisites, else 1 + its deepest prerequisite's.

    Covers `points` and every point the links name. Raises `GraphCycleError` on a cycle.
    """
    links = as_links(pairs)
    names = list(dict.fromkeys([*points, *(n for lk in links for n in (lk.prerequisite, lk.knowledge_point))]))
    order = topological_order(names, links)
    direct: dict[str, list[str]] = {}
    for link in links:
        direct.setdefault(link.knowledge_point, []).append(link.prerequisite)
    level: dict[str, int] = {}
    for p in order:
        level[p] = 1 + max((level[q] for q in direct.get(p, ())), default=-1)
    return level
