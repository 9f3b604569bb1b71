"""Windows and dialogs that fit the screen they open on (a 1366×768 school PC at 125 % is 1093×574 usable).

`available_geometry(widget)` is the usable part of the widget's screen (without the taskbar);
`fit_to_screen(widget, preferred)` sizes a top-level window to `preferred`, or less where the
screen is smaller, and moves it fully onto the screen. Title bars and frames are not part of
a widget's geometry, so a margin is left for them.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

FRAME = QSize(16, 40)
"""Room left for the window frame and title bar, which a widget's own geometry does not include."""


def available_geometry(widget: QWidget | None = None) -> QRect:
    """The usable area of the screen `widget` is on (else the primary screen), in logical pixels."""
    screen = None
    if widget is not None:
        parent = widget.parentWidget()
        screen = widget.screen() if parent is None else parent.window().screen()
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1024, 700)


def fitted_size(preferred: QSize, available: QRect) -> QSize:
    """`preferred`, shrunk where `available` (less the frame) is smaller."""
    return QSize(
        max(1, min(preferred.width(), available.width() - FRAME.width())),
        max(1, min(preferred.height(), available.height() - FRAME.height())),
    )


def fit_to_screen(widget: QWidget, preferred: QSize | None = None, available: QRect | None = None) -> None:
    """Resize `widget` to `preferred` (its current size when None) or less, and move it fully onto the screen."""
    area = available if available is not None else available_geometry(widget)
    size = fitted_size(preferred if preferred is not None else widget.size(), area)
    widget.resize(size)
    top_left = widget.pos()
    x = min(max(top_left.x(), area.left()), area.right() + 1 - FRAME.width() - size.width())
    y = min(max(top_left.y(), area.top()), area.bottom() + 1 - FRAME.height() - size.height())
    widget.move(QPoint(max(x, area.left()), max(y, area.top())))


def fit_dialog(dialog: QWidget, preferred: QSize | None = None) -> None:
    """Size a dialog to `preferred` (its size hint when None), or less on a small screen (that of its parent)."""
    area = available_geometry(dialog)
    dialog.resize(fitted_size(preferred if preferred is not None else dialog.sizeHint(), area))
