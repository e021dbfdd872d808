"""Icons and the style sheet, from `resources/` in a checkout or `gptstudio/_resources` when installed."""

from __future__ import annotations

from PySide6 import QtGui

from gptstudio.package_files import resources_dir


def icon(name: str) -> QtGui.QIcon:
    path = resources_dir() / "icons" / f"{name}.svg"
    return QtGui.QIcon(str(path)) if path.is_file() else QtGui.QIcon()


def style_sheet() -> str:
    path = resources_dir() / "style.qss"
    return path.read_text(encoding="utf-8") if path.is_file() else ""
