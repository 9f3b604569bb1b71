"""The prerequisite graph: checked against a class's knowledge points, and ordered (no Qt, no torch).

    problems = validate_graph(links, known_points=matrix.knowledge_points)
    order = topological_order(matrix.knowledge_points, links)  # raises GraphCycleError

Cycles are refused, and named: `有理数运算 → 整式加减 → 有理数运算` ("→" reads "comes before").
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable

from app.core.links import GraphCycleError, Link, LinkLike, as_links, cycle_text
from app.core.problems import Problem, Severity, Text

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


def validate_graph(
    pairs: Iterable[LinkLike], known_points: Iterable[str], *, unknown: Severity = Severity.WARNING
) -> list[Problem]:
    """Problems with the links against the class's knowledge points: unknown names, cycles (errors).

    An unknown name is a warning by default: a subject's graph often spans more points than one
    exam tests, and the path still respects order through them. A unit (a parent) is never unknown: it groups
    tagged points rather than being tagged itself.
    """
    links = as_links(pairs)
    known = set(known_points) | {link.knowledge_point for link in links if link.unit}  # a unit need not be tagged
    problems: list[Problem] = []
    reported: set[str] = set()
    for link in links:
        for point in (link.knowledge_point, link.prerequisite):
            if point in known or point in reported:
                continue
            reported.add(point)
            problems.append(
                Problem(
                    unknown,
                    Text(
                        f"知识点“{point}”不在成绩单的知识点中（请检查名称是否一致）。",
                        f"Knowledge point '{point}' is not among the gradebook's knowledge points (check the spelling).",
                    ),
                    link.file or "",
                    link.sheet,
                    link.row,
                )
            )
    for cycle in find_cycles(links):
        first = next(
            (lk for lk in links if lk.prerequisite == cycle[0] and lk.knowledge_point == cycle[1 % len(cycle)]), None
        )
        problems.append(
            Problem(
                Severity.ERROR,
                cycle_text(cycle),
                (first.file if first else None) or "",
                first.sheet if first else None,
                first.row if first else None,
            )
        )
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


def topological_order(
    points: Iterable[str], pairs: Iterable[LinkLike], *, key: Callable[[str], object] | None = None
) -> list[str]:
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
