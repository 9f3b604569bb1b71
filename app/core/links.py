"""Prerequisite links between knowledge points, as plain data (no Qt, no torch).

A link says "`prerequisite` is learnt before `knowledge_point`". Files give them (see
`app.importer.prerequisites`), the store keeps them as pairs, and `app.insight.graph` orders by them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from app.core.problems import Refused, Text


@dataclass(frozen=True)
class Link:
    """`prerequisite` comes before `knowledge_point`; where it was read from, if from a file."""

    knowledge_point: str
    prerequisite: str
    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    unit: bool = False  # read from a parent column: `knowledge_point` is the unit `prerequisite` belongs to

    @property
    def pair(self) -> tuple[str, str]:
        """`(knowledge_point, prerequisite)`, the form the store keeps."""
        return (self.knowledge_point, self.prerequisite)


def parent_pairs(links: Iterable[Link]) -> list[tuple[str, str]]:
    """`(knowledge_point, parent)` of the links read from a parent column: the hierarchy the store keeps."""
    return [(link.prerequisite, link.knowledge_point) for link in links if link.unit]


LinkLike = Link | tuple[str, str]


class GraphCycleError(Refused, ValueError):
    """The prerequisite links form a cycle, so no learning order exists; `cycle` names it."""

    def __init__(self, cycle: Sequence[str]) -> None:
        self.cycle = tuple(cycle)
        super().__init__(cycle_text(self.cycle))


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
        '("A → B": A comes before B). Remove one of these links from the prerequisite table.',
    )
