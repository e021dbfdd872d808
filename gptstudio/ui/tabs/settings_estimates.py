"""The settings panel's Estimates: the model's size, the memory training needs, and how long it
takes, read off the settings before anything is trained.

The texts keep the panel's translation context ("SettingsPanel"), where their Chinese is.
"""

from __future__ import annotations

from PySide6 import QtWidgets

from gptstudio.engine.auto_settings import run_seconds
from gptstudio.engine.config import ModelConfig, TrainConfig
from gptstudio.engine.errors import device_words
from gptstudio.engine.memory import estimate_training_memory_bytes
from gptstudio.ui.i18n import translate
from gptstudio.ui.tabs.settings_controls import form_group
from gptstudio.ui.widgets.text import format_bytes, localized


def rough_duration(seconds: float) -> str:
    """An estimate reads best rounded: "40 seconds", "4 min", "2 h 05 min"."""
    if seconds < 90:
        return translate("SettingsPanel", "{seconds} seconds").format(seconds=max(1, round(seconds)))
    minutes = round(seconds / 60)
    if minutes < 90:
        return translate("SettingsPanel", "{minutes} min").format(minutes=minutes)
    hours, minutes = divmod(minutes, 60)
    return translate("SettingsPanel", "{hours} h {minutes:02d} min").format(hours=hours, minutes=minutes)


class Estimates:
    """The three read-outs and the group box that shows them (`box`)."""

    def __init__(self):
        self.params_label = QtWidgets.QLabel(toolTip=translate("SettingsPanel",
            "How many numbers the model learns. More = it can learn more, but trains slower."))
        self.memory_label = QtWidgets.QLabel(toolTip=translate("SettingsPanel",
            "Roughly how much memory training needs with these settings (an upper estimate), and "
            "all the memory of the device it trains on."))
        self.time_label = QtWidgets.QLabel(toolTip=translate("SettingsPanel",
            "Measured with a few real training steps on this computer."))
        self.box = form_group(translate("SettingsPanel", "Estimates"), [
            (translate("SettingsPanel", "Size", "estimate: how many parameters the model has"),
             self.params_label),
            (translate("SettingsPanel", "Memory", "estimate: memory training needs"), self.memory_label),
            (translate("SettingsPanel", "Time", "estimate: how long training takes"), self.time_label)])

    def show(self, model: ModelConfig, train: TrainConfig, device: str, capacity: int | None,
             step_seconds: float | None) -> None:
        """capacity: all the memory of `device` (None where unknown); step_seconds: a measured
        training step at these settings (None while it is being measured)."""
        if model.validate():
            for label in (self.params_label, self.memory_label, self.time_label):
                label.setText(translate("SettingsPanel", "— (fix the model shape first)"))
            return
        self._show_size(model.param_count())
        self._show_memory(estimate_training_memory_bytes(model, train, device), device, capacity)
        self._show_time(train, step_seconds)

    def _show_size(self, params: int) -> None:
        if params >= 100_000:
            self.params_label.setText(translate(
                "SettingsPanel", "{millions:.2f} million parameters",
                "also given: {ten_thousands:,.0f}, for languages that count in ten-thousands").format(
                millions=params / 1e6, ten_thousands=params / 1e4))
        else:
            self.params_label.setText(translate("SettingsPanel", "{count:,} parameters").format(
                count=params))

    def _show_memory(self, memory: int, device: str, capacity: int | None) -> None:
        if capacity:
            self.memory_label.setText(translate(
                "SettingsPanel", "about {memory} while training ({device} has {capacity})").format(
                memory=format_bytes(memory), device=localized(device_words(device)),
                capacity=format_bytes(capacity)))
        else:
            self.memory_label.setText(translate("SettingsPanel", "about {memory} while training").format(
                memory=format_bytes(memory)))

    def _show_time(self, train: TrainConfig, step: float | None) -> None:
        if step is None:
            self.time_label.setText(translate("SettingsPanel", "measuring on this computer…"))
            return
        if step < 1:
            per_step = translate("SettingsPanel", "{milliseconds:,.0f} ms").format(milliseconds=step * 1000)
        else:
            per_step = translate("SettingsPanel", "{seconds:,.1f} s").format(seconds=step)
        self.time_label.setText(translate(
            "SettingsPanel", "about {duration} for {steps:,} steps and their checks\n"
                             "({per_step} per step)").format(
            duration=rough_duration(run_seconds(train, step)), steps=train.max_iters,
            per_step=per_step))
