"""Charts draw with the bundled CJK font and render for the window and the PDFs."""

import numpy as np
from insight_helpers import LINKS, tiny_class
from matplotlib.font_manager import FontProperties, findfont

from app.charts.exports import (
    class_weakness_figure,
    heatmap_figure,
    knowledge_graph_figure,
    png_bytes,
    student_mastery_figure,
)
from app.charts.style import register_font


def _texts(fig) -> list:
    return [t for ax in fig.axes for t in ax.get_yticklabels() + ax.texts]


def test_every_chart_renders_with_the_bundled_font() -> None:
    _, diagnosis, _ = tiny_class()
    figures = [
        student_mastery_figure(diagnosis, 0, ["D", "A"], threshold=0.6, lang="zh"),
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
    labels = [t.get_text() for t in figures[0].axes[0].get_yticklabels()]
    assert labels == ["② A", "B", "C", "① D", "E"]
