"""The Model & Training settings panel: presets, every engine setting explained in plain words,
inline checks, and read-outs of size, memory and time before anything is trained.

A thin view over three frozen configs. Each config field has one control (the tables of
settings_controls.py); `settings()` reads them back with `dataclasses.replace` as a `Settings`, and
the problems shown are the configs' own `validate()` sentences, so the panel and the CLI say the
same thing. Beside it: settings_choices.py (the lists' choices), settings_presets.py (which preset
the values are, without Qt), settings_estimates.py (the read-outs). No torch here.
"""

from __future__ import annotations

import functools
from dataclasses import replace

from PySide6 import QtCore, QtGui, QtWidgets

from gptstudio.engine.config import DataConfig, ModelConfig, TrainConfig
from gptstudio.engine.memory import not_enough_memory, system_memory
from gptstudio.engine.presets import DEFAULT_PRESET, PRESETS, Settings
from gptstudio.ui.i18n import translate
from gptstudio.ui.tabs import settings_presets as presets
from gptstudio.ui.tabs.automatic_box import AutomaticBox
from gptstudio.ui.tabs.settings_choices import DEVICE_NAMES, PERCENT_FIELDS, SHAPE_FIELDS
from gptstudio.ui.tabs.settings_controls import (
    advanced_controls,
    apply_ranges,
    connect_edit,
    data_controls,
    form_group,
    model_controls,
    read_value,
    run_controls,
    select,
    train_controls,
    write_value,
)
from gptstudio.ui.tabs.settings_estimates import Estimates
from gptstudio.ui.widgets import dialogs
from gptstudio.ui.widgets.text import localized

PROBLEM_COLOUR = "#b3261e"
PROBLEM_BACKGROUND = "#fde3e1"
WIDE_LAYOUT_MIN_WIDTH = 900  # below this the two columns stack into one (narrow windows, scrolling)


@functools.cache
def device_capacity(device_type: str) -> int | None:
    """All the memory of a device ("cpu", "cuda", "mps"); None where unknown. The panel checks
    against all of it, not what is free now: that would flicker while a run uses the memory. The
    trainer checks what is free when it starts."""
    if device_type == "cpu":
        return system_memory()[0]
    try:
        # Only reached once the device is listed, i.e. after TorchLoader imported torch. Reading
        # a card's properties took 16 ms and created no CUDA context (H100, torch 2.11).
        from gptstudio.engine.device import total_memory

        return total_memory(device_type)
    except (ImportError, RuntimeError, AssertionError):
        return None


# ---- the panel -------------------------------------------------------------------------------------

class SettingsPanel(QtWidgets.QWidget):
    changed = QtCore.Signal()  # the user changed a setting (never emitted by set_settings)
    validity_changed = QtCore.Signal(bool)
    new_model_requested = QtCore.Signal()  # the user confirmed "Start a new model…"
    automatic_requested = QtCore.Signal(int)  # Automatic chosen (or its time budget): minutes

    def __init__(self, parent=None):
        super().__init__(parent)
        self._valid = True
        self._loading = False  # True while the panel fills its own controls: no `changed` then
        self._locked = False
        self._vocab_size = ModelConfig().vocab_size
        self._step_seconds: float | None = None
        self._wanted_device = "auto"  # kept until that device is listed (torch loads later)
        self._loaded = (DataConfig(), ModelConfig(), TrainConfig())  # fields without a control
        self._automatic = None  # (data, model, train) Automatic chose, as the controls show them
        self._automatic_seconds: float | None = None  # the step time its choice (and reasons) rest on
        self._create_controls()
        self._build_layout()
        preset = PRESETS[DEFAULT_PRESET]
        self.set_settings(DataConfig(), preset.model, preset.train, preset.name)
        for widget in self._all_inputs():
            connect_edit(widget, self._on_edit)
        self.preset.currentIndexChanged.connect(self._on_preset_chosen)

    # -- controls ------------------------------------------------------------------------------------

    def _create_controls(self) -> None:
        self._create_preset_controls()
        data, model = data_controls(), model_controls()
        train = {**train_controls(), **run_controls(), **advanced_controls()}
        # One control per config field: these tables drive reading, writing, checking and locking.
        self._controls = (data, model, train)
        for config, table in zip((DataConfig, ModelConfig, TrainConfig), self._controls, strict=True):
            apply_ranges(config, table)
        self._shape_controls = [c[name] for c in self._controls for name in SHAPE_FIELDS if name in c]
        self.tokenizer, self.bpe_vocab = data["tokenizer"], data["bpe_vocab_size"]
        self.mode, self.val_share = data["mode"], data["val_fraction"]
        self.block_size, self.n_layer = model["block_size"], model["n_layer"]
        self.n_head, self.n_embd = model["n_head"], model["n_embd"]
        self.dropout, self.bias = model["dropout"], model["bias"]
        self.batch_size, self.learning_rate = train["batch_size"], train["learning_rate"]
        self.optimizer, self.warmup = train["optimizer"], train["warmup_iters"]
        self.max_iters, self.eval_interval = train["max_iters"], train["eval_interval"]
        self.early_stop, self.lora_rank = train["early_stop_evals"], train["lora_rank"]
        self.weight_decay, self.grad_clip = train["weight_decay"], train["grad_clip"]
        self.seed, self.device, self.precision = train["seed"], train["device"], train["precision"]
        self.compile = train["compile"]
        self.sample_prompt, self.sample_tokens = train["sample_prompt"], train["sample_tokens"]
        self.min_lr, self.eval_iters = train["min_lr_ratio"], train["eval_iters"]
        self.beta1, self.beta2, self.num_threads = train["beta1"], train["beta2"], train["num_threads"]
        self._list_devices(["auto", "cpu"])
        self._create_readouts()

    def _create_preset_controls(self) -> None:
        self.preset = QtWidgets.QComboBox()
        self.preset.addItem(self.tr("Automatic (chosen for your text and this computer)"), "auto")
        self.preset.setItemData(0, self.tr(
            "The model, its size and the number of steps are chosen from your text and this "
            "computer's measured speed, to train in the time you give it."),
            QtCore.Qt.ItemDataRole.ToolTipRole)
        self.automatic_box = AutomaticBox()
        self.automatic_box.budget_changed.connect(self._on_budget_changed)
        for preset in PRESETS.values():
            self.preset.addItem(translate("Presets", preset.title), preset.name)
            self.preset.setItemData(self.preset.count() - 1, translate("Presets", preset.description),
                                    QtCore.Qt.ItemDataRole.ToolTipRole)
        self.preset.addItem(self.tr("Custom (your own settings)"), "custom")
        # "Custom" is where edits land, not something to pick: it has no values of its own.
        self.preset.model().item(self.preset.count() - 1).setEnabled(False)
        self.preset_info = QtWidgets.QLabel(wordWrap=True)

    def _create_readouts(self) -> None:
        self.estimates = Estimates()
        self.problems_label = QtWidgets.QLabel(wordWrap=True)
        self.problems_label.setStyleSheet(f"color: {PROBLEM_COLOUR}; font-weight: bold;")
        self.lock_label = QtWidgets.QLabel(self.tr("These settings shape the model and are fixed "
                                                   "once it has trained."), wordWrap=True)
        self.new_model_button = QtWidgets.QPushButton(self.tr("Start a new model…"))
        self.new_model_button.setToolTip(self.tr("Unlock these settings. The trained model is "
                                                 "replaced only when you train again."))
        self.new_model_button.clicked.connect(self._ask_new_model)
        self.advanced_toggle = QtWidgets.QToolButton(text=self.tr("Advanced training settings"),
                                                     checkable=True)
        self.advanced_toggle.setToolButtonStyle(QtCore.Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.advanced_toggle.setArrowType(QtCore.Qt.ArrowType.RightArrow)
        self.advanced_toggle.setToolTip(self.tr("Settings most people never need to change."))
        self.advanced_toggle.toggled.connect(self._show_advanced)

    def _all_inputs(self):
        return [widget for table in self._controls for widget in table.values()]

    # -- layout --------------------------------------------------------------------------------------

    def _build_layout(self) -> None:
        preset_box = form_group(self.tr("Preset"), [(self.tr("Start from"), self.preset),
                                                    (None, self.preset_info),
                                                    (None, self.automatic_box)])
        self.lock_row = QtWidgets.QWidget(visible=False)
        lock_layout = QtWidgets.QHBoxLayout(self.lock_row)
        lock_layout.setContentsMargins(0, 0, 0, 0)
        lock_layout.addWidget(self.lock_label, 1)
        lock_layout.addWidget(self.new_model_button)
        text_box = form_group(self.tr("Text → tokens"), [
            (self.tr("Tokenizer"), self.tokenizer), (self.tr("BPE vocabulary size"), self.bpe_vocab),
            (self.tr("Data", "setting: one long text or one example per line"), self.mode),
            (self.tr("Kept for validation"), self.val_share)])
        shape_box = form_group(self.tr("Model shape"), [
            (self.tr("Context length"), self.block_size), (self.tr("Layers"), self.n_layer),
            (self.tr("Attention heads"), self.n_head), (self.tr("Embedding size"), self.n_embd),
            (self.tr("Dropout"), self.dropout), (None, self.bias)])
        train_box = form_group(self.tr("Training", "group of training settings"), [
            (self.tr("Batch size"), self.batch_size), (self.tr("Learning rate"), self.learning_rate),
            (self.tr("Optimizer", "setting: AdamW or Muon"), self.optimizer),
            (self.tr("Warm-up steps"), self.warmup), (self.tr("Training steps"), self.max_iters),
            (self.tr("Check every (steps)"), self.eval_interval),
            (self.tr("Stop early after (checks)"), self.early_stop),
            (self.tr("Weight decay"), self.weight_decay),
            (self.tr("Gradient clipping"), self.grad_clip),
            (self.tr("Seed", "setting: random seed"), self.seed),
            (self.tr("Device", "setting: where the model trains"), self.device),
            (self.tr("Precision", "setting: number format while training"), self.precision),
            (None, self.compile),
            (self.tr("Sample starts with"), self.sample_prompt),
            (self.tr("Sample length"), self.sample_tokens),
            (self.tr("LoRA adapters (rank)"), self.lora_rank)])
        self.advanced_box = form_group(self.tr("Advanced training"), [
            (self.tr("Final learning rate"), self.min_lr),
            (self.tr("Batches per check"), self.eval_iters),
            (self.tr("Adam beta 1"), self.beta1), (self.tr("Adam beta 2"), self.beta2),
            (self.tr("Processor threads"), self.num_threads)])
        self.advanced_box.setVisible(False)
        self._columns = QtWidgets.QBoxLayout(QtWidgets.QBoxLayout.Direction.TopToBottom)  # see resizeEvent
        for widgets in ((preset_box, self.estimates.box, self.lock_row, text_box, shape_box),
                        (train_box, self.advanced_toggle, self.advanced_box)):
            column = QtWidgets.QVBoxLayout()
            for widget in widgets:
                column.addWidget(widget)
            column.addStretch(1)
            self._columns.addLayout(column, 1)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.problems_label)
        layout.addLayout(self._columns, 1)

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:  # noqa: N802 - Qt's name
        wide = event.size().width() >= WIDE_LAYOUT_MIN_WIDTH
        self._columns.setDirection(QtWidgets.QBoxLayout.Direction.LeftToRight if wide
                                   else QtWidgets.QBoxLayout.Direction.TopToBottom)
        super().resizeEvent(event)

    def _show_advanced(self, shown: bool) -> None:
        self.advanced_box.setVisible(shown)
        self.advanced_toggle.setArrowType(QtCore.Qt.ArrowType.DownArrow if shown
                                          else QtCore.Qt.ArrowType.RightArrow)

    # -- public API ----------------------------------------------------------------------------------

    def set_settings(self, data: DataConfig, model: ModelConfig, train: TrainConfig, preset: str) -> None:
        """Show these settings. The preset combo shows the preset the values match (`preset` is what
        was saved; values edited elsewhere make it Custom). Emits no `changed`."""
        self._loaded = (data, model, train)
        self._wanted_device = train.device
        self._loading = True
        try:
            for config, table in zip(self._loaded, self._controls, strict=True):
                for name, widget in table.items():
                    value = getattr(config, name)
                    write_value(widget, value * 100 if name in PERCENT_FIELDS else value)
            if preset == "auto" and self._automatic is None:
                # Saved as Automatic's choice: these values are it (a project opened again).
                self._automatic = self._shown_values()
            select(self.preset, self.settings().preset)  # what the shown (range-clamped) values match
        finally:
            self._loading = False
        self._refresh()

    def show_project(self, data: DataConfig, model: ModelConfig, train: TrainConfig,
                     preset: str) -> None:
        """A project's saved settings, as it opens: Automatic's choice, where it was one, is the
        one saved with this project, not the one the panel last showed (another project's)."""
        self._automatic = None
        self._automatic_seconds = None  # its reasons are not shown again: the probe measures
        self._step_seconds = None
        self.set_settings(data, model, train, preset)
        if preset == "auto" and not self._locked:
            self.automatic_box.show_waiting(self.tr(
                "Chosen by Automatic settings for this project's text and time; chosen again when "
                "the text, its data mode or the time changes."))
        elif preset == "auto":
            self.automatic_box.show_waiting(self.tr(
                "Chosen by Automatic settings for this project's text and time when its model "
                "was made."))

    def set_run_length(self, train: TrainConfig) -> None:
        """Training's own change to how long it runs (Train more's steps, a new model's schedule
        back to its own): no setting of the user's, so Automatic's choice stays Automatic's, with
        its run this long. Emits no `changed`."""
        shown = self.settings()
        if shown.preset == "auto":
            self._automatic = None  # set_settings records the longer run as Automatic's choice
        self.set_settings(shown.data, shown.model, train, shown.preset)

    def settings(self) -> Settings:
        return presets.shown_settings(self._shown_values(), self._automatic)

    def _shown_values(self) -> tuple[DataConfig, ModelConfig, TrainConfig]:
        values = []
        for table in self._controls:
            values.append({name: round(read_value(w) / 100, 6) if name in PERCENT_FIELDS else read_value(w)
                           for name, w in table.items()})
        data_values, model_values, train_values = values
        data = replace(self._loaded[0], **data_values)
        model = replace(self._loaded[1], vocab_size=self._vocab_size, **model_values)
        train = replace(self._loaded[2], **train_values)
        return data, model, train

    # -- Automatic ------------------------------------------------------------------------------------

    def budget_minutes(self) -> int:
        return self.automatic_box.budget()

    def set_budget_minutes(self, minutes: int) -> None:
        self.automatic_box.set_budget(minutes)

    def apply_automatic(self, choice) -> None:
        """Show what Automatic chose (engine.auto_settings.AutoChoice); the per-computer settings a
        choice says nothing about (device, seed, the sample's prompt and length) stay. Emits
        `changed`, so the project saves them."""
        shown = self.settings()
        chosen_data = replace(choice.data, val_fraction=shown.data.val_fraction,
                              bpe_vocab_size=shown.data.bpe_vocab_size)
        chosen_train = presets.keeping(choice.train, shown.train, presets.KEPT_BY_AUTOMATIC)
        self._automatic = None
        self.set_settings(chosen_data, choice.model, chosen_train, "auto")
        self._automatic = self._shown_values()
        self._step_seconds = self._automatic_seconds = choice.seconds_per_step
        select(self.preset, "auto")
        self.automatic_box.show_choice(choice)
        self._refresh()
        self.changed.emit()

    def automatic_chosen(self) -> bool:
        return self.preset.currentData() == "auto"

    def automatic_step_seconds(self) -> float | None:
        """The step time Automatic measured for its choice, while the settings shown are that
        choice: its reasons quote it ("123 ms a step"), so the Estimates show the same figure
        instead of timing the same step again. Two timings of one step differ by 10-20% on a
        busy computer, and the window showed both. None once the settings are the user's own
        (or Automatic's choice is one saved with the project): then the probe measures them."""
        return self._automatic_seconds if self.settings().preset == "auto" else None

    def show_automatic_waiting(self, why: str = "") -> None:
        if why:
            self.automatic_box.show_waiting(why)
        else:
            self.automatic_box.show_measuring()

    def _on_budget_changed(self, minutes: int) -> None:
        if not self._loading and not self._locked:
            self.automatic_requested.emit(minutes)
            self.changed.emit()

    @QtCore.Slot(str)
    def set_mode(self, mode: str) -> None:
        """Use this data mode (the Corpus tab's suggestion), where the model is not trained yet."""
        if self._locked or self.mode.currentData() == mode:
            return
        select(self.mode, mode)  # _on_edit: saved, and Automatic chooses again for it

    def problems(self) -> list[str]:
        return [localized(sentence) for sentence, _widgets in self._problems_with_controls()]

    def is_valid(self) -> bool:
        return not self.problems()

    def set_devices(self, devices: list[str]) -> None:
        """List exactly these devices; reselect the project's device once it appears (the project's
        own choice coming back, no edit: Automatic's choice stays Automatic's)."""
        automatic = self.settings().preset == "auto"
        self._list_devices(devices)
        if automatic:
            self._automatic = self._shown_values()
        self._refresh()  # another device, another memory limit

    def _list_devices(self, devices: list[str]) -> None:
        self.device.blockSignals(True)
        self.device.clear()
        for name in dict.fromkeys(devices):
            label = translate("SettingsPanel", DEVICE_NAMES[name]) if name in DEVICE_NAMES else name
            self.device.addItem(label, name)
        select(self.device, self._wanted_device if self._wanted_device in devices else "auto")
        self.device.blockSignals(False)

    def set_vocab_size(self, n: int) -> None:
        self._vocab_size = n
        self._refresh()

    def is_locked(self) -> bool:
        return self._locked

    def set_locked(self, locked: bool) -> None:
        self._locked = locked
        for widget in self._shape_controls:
            widget.setEnabled(not locked)
        # A preset is mostly a model shape, so it is chosen only before training; so is the time
        # Automatic chooses a shape for.
        self.preset.setEnabled(not locked)
        self.automatic_box.set_budget_enabled(not locked)
        self.lock_row.setVisible(locked)
        self._refresh()

    def set_step_time(self, seconds_per_step: float | None) -> None:
        self._step_seconds = seconds_per_step
        shown = self.settings()
        self._show_estimates(shown.model, shown.train)

    # -- reacting to the user ------------------------------------------------------------------------

    def _on_preset_chosen(self) -> None:
        if self._loading:
            return
        if self.preset.currentData() == "auto":
            self._refresh()
            self.automatic_requested.emit(self.budget_minutes())
            return
        preset = PRESETS.get(self.preset.currentData())
        if preset is None:
            return
        shown = self.settings()
        # Keep the data settings and the per-computer choices a preset says nothing about.
        train = presets.keeping(preset.train, shown.train, presets.KEPT_BY_PRESET)
        self._step_seconds = None
        self.set_settings(shown.data, preset.model, train, preset.name)
        self.changed.emit()

    def _on_edit(self) -> None:
        if self._loading:
            return
        if self.sender() is self.device:
            self._wanted_device = self.device.currentData()
        if self.sender() in (*self._shape_controls, self.batch_size, self.device, self.optimizer,
                             self.lora_rank):
            self._step_seconds = None  # the measured step time was for another shape
        automatic_mode_change = (self.sender() is self.mode
                                 and presets.automatic_but_mode(self._shown_values(), self._automatic))
        if automatic_mode_change:
            # Still Automatic's: it chooses again for this mode (below). Settings of the user's own
            # stay theirs.
            self._automatic = presets.automatic_for_mode(self._automatic, self.mode.currentData())
            self._automatic_seconds = None  # measured for the other mode's batches
        self.preset.blockSignals(True)
        select(self.preset, self.settings().preset)
        self.preset.blockSignals(False)
        self._refresh()
        self.changed.emit()
        if automatic_mode_change:
            self.automatic_requested.emit(self.budget_minutes())  # another mode, another choice

    def _ask_new_model(self) -> None:
        if not dialogs.confirm(
            self, self.tr("Start a new model?"),
            self.tr("This unlocks the settings that shape the model. Nothing changes yet: the "
                    "trained model is replaced by a new one, trained from scratch, when you start "
                    "training again."),
        ):
            return
        self.set_locked(False)
        self.new_model_requested.emit()

    # -- showing the state ---------------------------------------------------------------------------

    def _problems_with_controls(self) -> list[tuple[str, tuple]]:
        """Every problem in plain words, with the controls to mark."""
        shown = self.settings()
        data, model, train = shown.data, shown.model, shown.train
        found = [(p, ()) for p in data.validate() + model.validate() + train.validate()]
        if model.n_head >= 1 and model.n_embd % model.n_head:
            marked = (self.n_embd, self.n_head)
            found = [(p, marked if "multiple of the number of heads" in getattr(p, "template", p) else w)
                     for p, w in found]
        if train.warmup_iters > train.max_iters:
            problem = self.tr("The warm-up ({warmup:,} steps) cannot be longer than the whole "
                              "training ({steps:,} steps).").format(warmup=train.warmup_iters,
                                                                    steps=train.max_iters)
            found.append((problem, (self.warmup, self.max_iters)))
        device = self._device_type()
        too_big = not found and not_enough_memory(model, train, device, device_capacity(device),
                                                  free=False)
        if too_big:
            found.append((too_big, (self.batch_size, self.block_size)))
        return found

    def _device_type(self) -> str:
        """The device training would use; "auto" is the first one listed, as device.resolve_device."""
        chosen = self.device.currentData() or "auto"
        listed = (self.device.itemData(i) for i in range(self.device.count()))
        return chosen if chosen != "auto" else next((d for d in listed if d != "auto"), "cpu")

    def _refresh(self) -> None:
        shown = self.settings()
        data, model, train, preset = shown.data, shown.model, shown.train, shown.preset
        self.bpe_vocab.setEnabled(not self._locked and data.tokenizer == "bpe")
        automatic = preset == "auto" or self.preset.currentData() == "auto"
        # A trained model keeps its shape, so the preset box is disabled: the words say what is
        # still open to the user instead of pointing at it.
        if automatic and self._locked:
            description = self.tr("Settings chosen for your text and this computer when this model "
                                  "was made. Change a training setting to make them your own; "
                                  "“Start a new model…” below has them chosen again, or lets you "
                                  "pick a preset.")
        elif automatic:
            description = self.tr("Settings chosen for your text and this computer, to train in the "
                                  "time you give: change any of them to make them your own.")
        elif preset in PRESETS:
            description = translate("Presets", PRESETS[preset].description)
        elif self._locked:
            description = self.tr("Your own settings. A trained model keeps its shape, so no preset "
                                  "can be picked now: “Start a new model…” below starts over, and "
                                  "then you can pick one.")
        else:
            description = self.tr("Your own settings. Pick a preset to start again from one.")
        self.automatic_box.setVisible(self.preset.currentData() == "auto")
        self.preset_info.setText(description)
        self.preset.setToolTip(description)
        self.n_embd.setSingleStep(model.n_head * max(1, -(-8 // model.n_head)))  # stays a multiple
        found = self._problems_with_controls()
        self.problems_label.setText("\n".join(f"• {localized(sentence)}" for sentence, _ in found))
        self.problems_label.setVisible(bool(found))
        marked = {widget for _, widgets in found for widget in widgets}
        for widget in self._all_inputs():
            self._mark(widget, widget in marked)
        self._show_estimates(model, train)
        if (not found) != self._valid:
            self._valid = not found
            self.validity_changed.emit(self._valid)

    @staticmethod
    def _mark(widget, problem: bool) -> None:
        if bool(widget.property("problem")) == problem:
            return
        widget.setProperty("problem", problem)
        palette = widget.palette()
        base = QtGui.QColor(PROBLEM_BACKGROUND) if problem else QtWidgets.QApplication.palette().base()
        palette.setBrush(QtGui.QPalette.ColorRole.Base, base)
        widget.setPalette(palette)

    def _show_estimates(self, model: ModelConfig, train: TrainConfig) -> None:
        device = self._device_type()
        self.estimates.show(model, train, device, device_capacity(device), self._step_seconds)
