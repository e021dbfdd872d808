"""Render the app icon (resources/icons/gptstudio.svg) as the files launchers need.

    python scripts/icons.py

gptstudio.png (512 px: Linux menus, and macOS's .icns, which gptstudio/shortcut.py makes with the
Mac's own sips and iconutil) and gptstudio.ico (16-256 px: Windows shortcuts cannot use SVG).
Run it after changing the SVG, and commit the results.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(size: int) -> bytes:
    from PySide6 import QtCore, QtGui, QtSvg

    image = QtGui.QImage(size, size, QtGui.QImage.Format.Format_ARGB32)
    image.fill(QtCore.Qt.GlobalColor.transparent)
    painter = QtGui.QPainter(image)
    QtSvg.QSvgRenderer(str(ICONS / "gptstudio.svg")).render(painter)
    painter.end()
    buffer = QtCore.QBuffer()
    buffer.open(QtCore.QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data())


def ico(images: dict[int, bytes]) -> bytes:
    """An .ico holding PNG images (Windows Vista on reads them): a header, a directory, the data."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    directory, data = b"", b""
    for size, png in images.items():
        side = 0 if size >= 256 else size  # 0 means 256 in an icon directory
        directory += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset + len(data))
        data += png
    return header + directory + data


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6 import QtGui

    app = QtGui.QGuiApplication(sys.argv[:1])  # noqa: F841 - QPainter needs one
    (ICONS / "gptstudio.png").write_bytes(render(512))
    (ICONS / "gptstudio.ico").write_bytes(ico({size: render(size) for size in ICO_SIZES}))
    print(f"wrote {ICONS / 'gptstudio.png'} and {ICONS / 'gptstudio.ico'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
