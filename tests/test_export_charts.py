"""Charts draw with the bundled CJK font and render for the window and the PDFs."""

import numpy as np
from insight_helpers import LINKS, tiny_class
from matplotlib.font_manager import FontProperties, findfont

from app.charts.exports import (
    class_weakness_figure,
    heatmap_figure,
    knowledge_graph_figure,
    png_bytes,
)
from app.charts.style import register_font


def _texts(fig) -> list:
    return [t for ax in fig.axes for t in ax.get_yticklabels() + ax.texts]


def test_every_chart_renders_with_the_bundled_font() -> None:
    _, diagnosis, _ = tiny_class()
    figures = [
        class_weakness_figure(
            ["A", "B"],
            [0.4, np.nan],
            [0.3, np.nan],
            [0.5, np.nan],
            [0.5, np.nan],
            threshold=0.6,
            mastered_from=0.8,
            lang="en",
        ),
        heatmap_figure(
            diagnosis.mastery,
            diagnosis.status == "insufficient",
            ["张三", "李四", "王五"],
            list(diagnosis.knowledge_points),
            threshold=0.6,
            lang="zh",
        ),
        knowledge_graph_figure(
            diagnosis.knowledge_points, LINKS, mastery={"A": 0.3, "B": 0.8}, threshold=0.6, lang="zh"
        ),
    ]
    for fig in figures:
        data = png_bytes(fig, dpi=60)
        assert data.startswith(b"\x89PNG")
        for text in _texts(fig):  # outside chart_style(), as the window draws it
            found = findfont(text.get_fontproperties(), fallback_to_default=False)
            assert (
                FontProperties(fname=found).get_name() == register_font()
            )  # the bundled face (or the same one installed)
    assert register_font() == "WenQuanYi Micro Hei"


def test_the_plans_mastery_chart_numbers_the_path_and_marks_the_threshold() -> None:
    from reportlab.graphics.shapes import Line, String

    from app.export.pdf_charts import mastery_drawing

    _, diagnosis, _ = tiny_class()
    drawing = mastery_drawing(diagnosis, 0, ["D", "A"], threshold=0.6, lang="zh", width=480)
    strings = [s.text for s in drawing.contents if isinstance(s, String)]
    assert [s for s in strings if s in ("② A", "B", "C", "① D", "E")] == ["② A", "B", "C", "① D", "E"]
    assert "0.30" in strings and "证据不足" in strings and "薄弱阈值 0.60" in strings
    dashed = [s for s in drawing.contents if isinstance(s, Line) and s.strokeDashArray]
    assert dashed[0].x1 == dashed[0].x2 == 118 + (480 - 118 - 52) * 0.6  # the threshold line at 0.6
