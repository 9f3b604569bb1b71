"""Render the application icon `resources/icons/zhidian.svg` to PNGs (16–256 px) and a Windows `.ico`.

    python packaging/make_icons.py

The PNGs are the window's icon (app/ui/app.py) and the desktop entry's (hicolor theme, .deb); the
`.ico` is the Windows executables' and the installer's. They are committed; run this after
changing the SVG. Rendering uses Qt's SVG renderer (QtSvg ships with PySide6-Essentials); the
`.ico` is written here (no Pillow): 16–64 px as 32-bit BMP entries, 128 and 256 px as PNG entries,
which Windows (Vista and later) and NSIS read.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "resources" / "icons"
SVG = ICONS / "zhidian.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256)
PNG_IN_ICO_FROM = 128  # entries this large are stored as PNG, smaller ones as BMP


def png_name(size: int) -> str:
    """The file name of the icon rendered at `size` px."""
    return f"zhidian-{size}.png"


def render(size: int):
    """The SVG drawn on a transparent `size`×`size` QImage (ARGB32, not premultiplied)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {SVG}")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image.convertToFormat(QImage.Format.Format_ARGB32)


def png_bytes(image) -> bytes:
    """The image encoded as PNG."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def bmp_entry(image) -> bytes:
    """An ICO entry as a 32-bit BMP: BITMAPINFOHEADER (height doubled), BGRA rows bottom-up, the AND mask."""
    size = image.width()
    stride = image.bytesPerLine()
    bits = bytes(image.constBits())  # ARGB32 on a little-endian machine: B, G, R, A per pixel
    rows = [bits[y * stride : y * stride + 4 * size] for y in range(size)]
    header = struct.pack("<IiiHHIIiiII", 40, size, 2 * size, 1, 32, 0, 4 * size * size, 0, 0, 0, 0)
    mask_stride = ((size + 31) // 32) * 4  # 1 bit a pixel, rows padded to 32 bits; all zero: alpha decides
    return header + b"".join(reversed(rows)) + bytes(mask_stride * size)


def ico_bytes(images: dict[int, object]) -> bytes:
    """A Windows icon file holding every size."""
    entries = [(size, png_bytes(img) if size >= PNG_IN_ICO_FROM else bmp_entry(img)) for size, img in images.items()]
    out = struct.pack("<HHH", 0, 1, len(entries))
    offset = 6 + 16 * len(entries)
    for size, data in entries:
        side = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        out += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    return out + b"".join(data for _, data in entries)


def main() -> int:
    """Write every PNG and the .ico from the SVG."""
    if sys.byteorder != "little":
        raise SystemExit("the BMP entries are written from little-endian ARGB32 pixels")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(["make_icons", "-platform", "offscreen"])
    images = {size: render(size) for size in SIZES}
    for size, image in images.items():
        (ICONS / png_name(size)).write_bytes(png_bytes(image))
    (ICONS / "zhidian.ico").write_bytes(ico_bytes(images))
    del app
    print(f"wrote {len(SIZES)} PNGs and zhidian.ico to {ICONS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
