"""A matplotlib figure embedded in a widget (FigureCanvasQTAgg), imported only when first shown."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

from app.charts.style import register_font

if TYPE_CHECKING:
    from matplotlib.figure import Figure


class ChartWidget(QWidget):
    """Holds one Figure; `draw(fn)` clears and redraws it with `fn(figure)`."""

    def __init__(self, parent: QWidget | None = None, *, min_height: int = 220) -> None:
        super().__init__(parent)
        register_font()
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
        from matplotlib.figure import Figure

        self.figure = Figure(figsize=(5, 3), dpi=100, layout=None)
        self.figure.set_facecolor("white")
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.canvas.setMinimumHeight(min_height)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.canvas)
        self.result: object = None  # what the last drawing function returned
        self._pending: Callable[[Figure], object] | None = None

    def draw(self, fn: Callable[[Figure], object]) -> None:
        """Redraw the figure with `fn(figure)`: now if the chart is on screen, else when it is shown."""
        self._pending = fn
        if self.isVisible():
            self._render()

    def show_message(self, message: str) -> None:
        """Clear the figure and say `message` in its middle (why there is nothing to draw)."""
        from app.charts.window import message_chart

        self.draw(lambda figure: message_chart(figure, message))

    def _render(self) -> None:
        fn, self._pending = self._pending, None
        if fn is not None:
            self.result = fn(self.figure)
            self.canvas.draw_idle()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        """Draw what is pending once the chart is on screen."""
        super().showEvent(event)
        self._render()

    def texts(self) -> list[str]:
        """Every text drawn on the figure (tick labels, annotations, legends), for tests."""
        from matplotlib.text import Text

        self._render()
        self.canvas.draw()
        return [t.get_text() for t in self.figure.findobj(Text) if t.get_text() and t.get_visible()]
