"""Reading, validating and ordering prerequisite links."""

from pathlib import Path

import pytest
from openpyxl import Workbook

from app.core.links import GraphCycleError, Link, parent_pairs
from app.core.problems import Severity
from app.core.resources import resource_path
from app.importer.prerequisites import read_prerequisites
from app.insight.graph import (
    find_cycles,
    levels,
    prerequisite_closure,
    topological_order,
    validate_graph,
)

SAMPLE = resource_path("samples", "八年级数学_知识点前置关系.csv")


def test_reads_the_bundled_sample_graph() -> None:
    links, problems = read_prerequisites(SAMPLE)
    assert problems == []
    assert ("一次函数", "平面直角坐标系") in [lk.pair for lk in links]
    assert len(links) == 9
    assert links[0].row == 2 and links[0].file == SAMPLE.name


def test_gbk_csv_with_chinese_headers_and_several_prerequisites_per_cell(tmp_path: Path) -> None:
    path = tmp_path / "graph.csv"
    path.write_bytes("知识点,前置知识\n一次函数,平面直角坐标系、二元一次方程组\n有理数运算,\n".encode("gbk"))
    links, problems = read_prerequisites(path)
    assert problems == []
    assert [lk.pair for lk in links] == [("一次函数", "平面直角坐标系"), ("一次函数", "二元一次方程组")]


def test_parent_column_puts_children_before_their_parent(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "层级"
    ws.append(["知识点", "上级知识点"])
    ws.append(["一元一次方程", "方程"])
    ws.append(["二元一次方程组", "方程"])
    ws.append(["方程", None])
    wb.save(tmp_path / "tree.xlsx")
    links, problems = read_prerequisites(tmp_path / "tree.xlsx")
    assert problems == []
    assert [lk.pair for lk in links] == [("方程", "一元一次方程"), ("方程", "二元一次方程组")]
    assert parent_pairs(links) == [
        ("一元一次方程", "方程"),
        ("二元一次方程组", "方程"),
    ]  # the hierarchy the store keeps
    assert links[0].sheet == "层级" and links[0].row == 2
    assert topological_order(["方程", "一元一次方程"], links) == ["一元一次方程", "方程"]


def test_missing_header_and_self_link_are_located_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\nx,y\n", encoding="utf-8")
    _, problems = read_prerequisites(bad)
    assert [p.severity for p in problems] == [Severity.ERROR]
    self_link = tmp_path / "self.csv"
    self_link.write_text("knowledge_point,prerequisite\nA,B\nC,C\n", encoding="utf-8")
    links, problems = read_prerequisites(self_link)
    assert [lk.pair for lk in links] == [("A", "B")]
    assert problems[0].severity is Severity.ERROR and problems[0].row == 3
    assert "C → C" in problems[0].text.en and "C → C" in problems[0].text.zh


def test_unknown_names_are_warnings_with_their_row() -> None:
    links = [Link("B", "A", "g.csv", None, 2), Link("C", "Typo", "g.csv", None, 3)]
    problems = validate_graph(links, known_points=["A", "B", "C"])
    assert len(problems) == 1
    assert problems[0].severity is Severity.WARNING and problems[0].row == 3
    assert "Typo" in problems[0].text.en and "Typo" in problems[0].text.zh
    strict = validate_graph(links, ["A", "B", "C"], unknown=Severity.ERROR)
    assert strict[0].severity is Severity.ERROR
    units = [Link("方程", "A", "g.csv", None, 4, unit=True), Link("代数", "方程", "g.csv", None, 5, unit=True)]
    assert validate_graph(units, known_points=["A"]) == []  # units group tagged points: they need not be tagged
    (typo,) = validate_graph([Link("方程", "Typo", "g.csv", None, 6, unit=True)], known_points=["A"])
    assert "Typo" in typo.text.en and typo.row == 6  # a point under a unit still must be one


def test_cycle_is_an_error_naming_the_cycle_in_learning_order() -> None:
    # C needs B, B needs A, A needs C: learning order would be A → B → C → A
    pairs = [("B", "A"), ("C", "B"), ("A", "C"), ("D", "A")]
    problems = validate_graph(pairs, ["A", "B", "C", "D"])
    assert [p.severity for p in problems] == [Severity.ERROR]
    assert "A → B → C → A" in problems[0].text.en
    assert find_cycles(pairs) == [["A", "B", "C"]]
    with pytest.raises(GraphCycleError) as err:
        topological_order(["D", "C"], pairs)
    assert err.value.cycle == ("A", "B", "C")


def test_topological_order_goes_through_points_not_listed_and_uses_the_key() -> None:
    pairs = [("X", "A"), ("B", "X"), ("D", "C")]
    assert topological_order(["B", "A"], pairs) == ["A", "B"]
    # free points go by key: smaller first
    key = {"A": 2, "B": 0, "C": 1, "D": 0}.__getitem__
    assert topological_order(["A", "B", "C", "D"], pairs, key=key) == ["C", "D", "A", "B"]
    assert prerequisite_closure(pairs)["B"] == {"A", "X"}
    assert levels(["E"], pairs) == {"E": 0, "A": 0, "X": 1, "B": 2, "C": 0, "D": 1}


def test_long_chain_does_not_hit_the_recursion_limit() -> None:
    pairs = [(f"k{i + 1}", f"k{i}") for i in range(3000)]
    assert find_cycles(pairs) == []
    assert topological_order(["k3000", "k0"], pairs) == ["k0", "k3000"]
