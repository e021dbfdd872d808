"""What the Train tab saves (its Export button): the loss curve as a PNG image or an SVG drawing,
its numbers as a CSV table, the samples as text. The texts are the Train tab's (context TrainTab)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from PySide6 import QtCore, QtGui

from gptstudio.fsio import atomic_write_bytes
from gptstudio.ui.i18n import QT_TRANSLATE_NOOP, translate
from gptstudio.ui.widgets import dialogs
from gptstudio.ui.widgets.text import describe_error

# Export kinds: (menu text, dialog title, file filter, suffix); the texts shown through
# translate("TrainTab", text).
EXPORTS = {
    "png": (QT_TRANSLATE_NOOP("TrainTab", "Loss curve as a PNG image…"),
            QT_TRANSLATE_NOOP("TrainTab", "Save the loss curve as an image"),
            QT_TRANSLATE_NOOP("TrainTab", "PNG image (*.png)"), ".png"),
    "svg": (QT_TRANSLATE_NOOP("TrainTab", "Loss curve as an SVG drawing…"),
            QT_TRANSLATE_NOOP("TrainTab", "Save the loss curve as a drawing"),
            QT_TRANSLATE_NOOP("TrainTab", "SVG drawing (*.svg)"), ".svg"),
    "csv": (QT_TRANSLATE_NOOP("TrainTab", "Loss numbers as a CSV table…"),
            QT_TRANSLATE_NOOP("TrainTab", "Save the loss numbers"),
            QT_TRANSLATE_NOOP("TrainTab", "CSV table (*.csv)"), ".csv"),
    "samples": (QT_TRANSLATE_NOOP("TrainTab", "Samples as a text file…"),
                QT_TRANSLATE_NOOP("TrainTab", "Save the samples"),
                QT_TRANSLATE_NOOP("TrainTab", "Text file (*.txt)"), ".txt"),
}
# Exported images are drawn at least this wide, whatever the size of the window.
EXPORT_WIDTH = 1600
# Said to the user: "Could not save loss.png: the image could not be encoded as PNG."
NOT_PNG = QT_TRANSLATE_NOOP("TrainTab", "the image could not be encoded as PNG")
CURVE_TITLE = QT_TRANSLATE_NOOP("TrainTab", "Loss curve")


def export_bytes(kind: str, plot, samples: list[tuple[int, str]]) -> bytes:
    """The file's bytes: the curve (png | svg), its numbers (csv) or the samples."""
    if kind == "csv":
        return loss_csv(plot).encode("utf-8")
    if kind == "samples":
        return "".join(f"step {step}:\n{text}\n\n" for step, text in samples).encode("utf-8")
    import pyqtgraph.exporters  # noqa: PLC0415 - only when exporting

    item = plot.getPlotItem()
    marker = plot.marker.isVisible()
    plot.marker.hide()  # the slider's marker belongs to the window, not to the figure
    try:
        if kind == "svg":
            try:
                return pyqtgraph.exporters.SVGExporter(item).export(toBytes=True)
            except ValueError:
                # pyqtgraph 0.14 cannot parse the closed paths ("... Z") Qt 6 writes
                # (pyqtgraph issue #3495): let Qt draw the SVG itself.
                return _qt_svg(plot, item, pyqtgraph.exporters.SVGExporter(item))
        exporter = pyqtgraph.exporters.ImageExporter(item)
        exporter.parameters()["width"] = max(EXPORT_WIDTH, int(item.sceneBoundingRect().width()))
        image = exporter.export(toBytes=True)
    finally:
        plot.marker.setVisible(marker)
    buffer = QtCore.QBuffer()
    buffer.open(QtCore.QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise OSError(translate("TrainTab", NOT_PNG))
    return bytes(buffer.data())

def _qt_svg(plot, item, exporter) -> bytes:
    from PySide6.QtSvg import QSvgGenerator  # noqa: PLC0415 - only when exporting

    source = item.sceneBoundingRect()
    target = QtCore.QRectF(0, 0, source.width(), source.height())
    buffer = QtCore.QBuffer()
    buffer.open(QtCore.QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(target.size().toSize())
    generator.setViewBox(target)
    generator.setTitle(translate("TrainTab", CURVE_TITLE))
    # The axes lay out their text for the screen: draw at its resolution (QSvgGenerator's is 72 dpi).
    generator.setResolution(plot.logicalDpiX())
    painter = QtGui.QPainter(generator)
    try:
        painter.fillRect(target, QtGui.QColor("white"))
        # Export mode: points are drawn as shapes, not as cached screen pixmaps.
        exporter.setExportMode(True, {"painter": painter, "antialias": True,
                                      "background": QtGui.QColor("white"), "resolutionScale": 1.0})
        item.scene().render(painter, target, source)
    finally:
        exporter.setExportMode(False)
        painter.end()
    return bytes(buffer.data())

def loss_csv(plot) -> str:
    """One row per step: the training loss, and the validation loss at the steps it was measured."""
    train_steps, train_losses, eval_steps, val_losses = plot.data()
    rows: dict[int, list] = {int(s): [int(s), float(v), ""] for s, v in zip(train_steps, train_losses,
                                                                             strict=True)}
    for s, v in zip(eval_steps, val_losses, strict=True):
        rows.setdefault(int(s), [int(s), "", ""])[2] = float(v)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["step", "train_loss", "val_loss"])
    writer.writerows(rows[s] for s in sorted(rows))
    return out.getvalue()


def export_to_file(tab, kind: str, samples: list[tuple[int, str]]) -> str | None:
    """The Train tab's Export: ask where, then save. Returns the path written, or None (cancelled,
    nothing to save, or failed), having told the user through tab._tell."""
    _text, title, filters, suffix = EXPORTS[kind]
    if kind == "samples" and not samples:
        tab._tell("info", translate("TrainTab", "There are no samples to save yet: they come with each evaluation."))
        return None
    if kind != "samples" and not any(tab.plot.point_counts()):
        tab._tell("info", translate("TrainTab", "There is no loss curve to save yet: train the model first."))
        return None
    name = tab.export_name + ("-samples" if kind == "samples" else "") + suffix
    path = dialogs.choose_save_file(tab, translate("TrainTab", title), name, translate("TrainTab", filters))
    if not path:
        return None
    if not Path(path).suffix:
        path += suffix
    try:
        atomic_write_bytes(path, export_bytes(kind, tab.plot, samples))
    except OSError as error:
        tab._tell("error", translate("TrainTab", "Could not save {name}: {reason}.").format(
            name=Path(path).name, reason=describe_error(error)))
        return None
    tab._tell("info", translate("TrainTab", "Saved {name}.").format(name=Path(path).name))
    return path
