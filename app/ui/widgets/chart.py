"""A matplotlib figure embedded in a widget (FigureCanvasQTAgg), imported only when first shown.

The canvas sits in a scroll area: a drawing says the least height it needs (`draw(fn, height=…)`,
e.g. so many pixels per knowledge point) and a view smaller than that scrolls the chart instead of
squeezing its labels into each other. The drawing is redone whenever the canvas changes size, so
a chart can lay itself out for its width (legend columns, learning-path boxes per row).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFrame, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from app.charts.style import register_font

if TYPE_CHECKING:
    from matplotlib.figure import Figure

Height = int | Callable[[int], int] | None
"""The least canvas height a drawing needs: pixels, or a function of the canvas width in pixels."""


class ChartWidget(QWidget):
    """Holds one Figure; `draw(fn, height)` clears and redraws it with `fn(figure)`.

    `min_height` is the least height of the view itself; the canvas inside scrolls when the drawing
    needs more (`height`) than the view has.
    """

    def __init__(self, parent: QWidget | None = None, *, min_height: int = 110) -> None:
        super().__init__(parent)
        register_font()
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
        from matplotlib.figure import Figure

        from app.charts.layout import DPI, MIN_WIDTH

        self.figure = Figure(figsize=(5, 3), dpi=DPI)
        self.figure.set_facecolor("white")
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.canvas.setMinimumSize(MIN_WIDTH, 0)
        self.canvas.installEventFilter(self)
        self.area = QScrollArea(self)
        self.area.setWidgetResizable(True)
        self.area.setFrameShape(QFrame.Shape.NoFrame)
        self.area.setWidget(self.canvas)
        self.area.setMinimumHeight(min_height)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.area)
        self.result: object = None  # what the last drawing function returned
        self._fn: Callable[[Figure], object] | None = None
        self._height: Height = None
        self._dirty = False
        self._drawn_size: tuple[int, int] | None = None
        self._again = QTimer(self)
        self._again.setSingleShot(True)
        self._again.setInterval(0)
        self._again.timeout.connect(self._redraw_for_size)

    def draw(self, fn: Callable[[Figure], object], height: Height = None) -> None:
        """Redraw the figure with `fn(figure)`: now if the chart is on screen, else when it is shown.

        `height`: the least canvas height the drawing needs (scrolled when the view is smaller)."""
        self._fn, self._height, self._dirty = fn, height, True
        self._apply_height()
        if self.isVisible():
            self._render()

    def show_message(self, message: str) -> None:
        """Clear the figure and say `message` in its middle (why there is nothing to draw)."""
        from app.charts.layout import message_chart

        self.draw(lambda figure: message_chart(figure, message))

    def needed_height(self) -> int:
        """The least canvas height of the drawing shown, at the canvas' present width."""
        need = self._height
        if callable(need):
            return int(need(self._width()))
        return int(need or 0)

    def _width(self) -> int:
        viewport = self.area.viewport().width()
        return max(self.canvas.minimumWidth(), viewport if self.isVisible() else self.canvas.width())

    def _apply_height(self) -> None:
        need = self.needed_height()
        if self.canvas.minimumHeight() != need:
            self.canvas.setMinimumHeight(need)

    def _render(self) -> None:
        if self._fn is None or not self._dirty:
            return
        self._dirty = False
        self._drawn_size = (self.canvas.width(), self.canvas.height())
        self.result = self._fn(self.figure)
        self.canvas.draw_idle()

    def _redraw_for_size(self) -> None:
        if self._fn is None or not self.isVisible():
            return
        self._apply_height()
        if self._drawn_size != (self.canvas.width(), self.canvas.height()):
            self._dirty = True
            self._render()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Lay the drawing out again once the canvas has its new size."""
        if watched is self.canvas and event.type() == QEvent.Type.Resize:
            self._again.start()
        return super().eventFilter(watched, event)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        """Draw what is pending once the chart is on screen."""
        super().showEvent(event)
        self._apply_height()
        # a height that shrank while the chart was hidden reached no layout (Qt asks none of a hidden widget): the
        # scroll area sizes its canvas again now, before the drawing, or a message would sit below the view
        QCoreApplication.sendEvent(self.area, QEvent(QEvent.Type.LayoutRequest))
        self._render()

    def settle(self) -> None:
        """Lay out and draw now what is pending (for tests and screenshots): the size the canvas gets, then the
        drawing at that size."""
        if self._again.isActive():
            self._again.stop()
        self._redraw_for_size()
        self._render()
        self.canvas.draw()

    def texts(self) -> list[str]:
        """Every text drawn on the figure (tick labels, annotations, legends), for tests."""
        from matplotlib.text import Text

        self._dirty = self._dirty or self._drawn_size is None
        self._render()
        self.canvas.draw()
        return [t.get_text() for t in self.figure.findobj(Text) if t.get_text() and t.get_visible()]
