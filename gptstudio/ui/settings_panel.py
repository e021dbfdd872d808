"""The Model & Training settings panel: presets, every engine setting explained, inline checks, and
read-outs of size, memory and time before anything is trained."""

from __future__ import annotations

from dataclasses import replace

from PySide6 import QtCore, QtWidgets

from gptstudio.engine.config import DataConfig, ModelConfig, TrainConfig, estimate_training_memory_bytes
from gptstudio.engine.presets import PRESETS, matching_preset
from gptstudio.ui import dialogs
from gptstudio.ui.text import format_bytes, format_duration

TOKENIZER_CHOICES = (
    ("char", "Characters (best for small texts)",
     "Every character is one token. Works for any language, never meets an unknown word, and is "
     "the easiest to understand. The best start for texts under a few megabytes."),
    ("word", "Words",
     "Every word and punctuation mark is one token, as in the classic tutorials. Needs much more "
     "text; words never seen in training become <unk>."),
    ("bpe", "Pieces of words (BPE)",
     "Byte-pair encoding, as GPT-2 uses: frequent letter groups become one token. Good for bigger "
     "texts; the vocabulary size below sets how many pieces it learns."),
)
MODE_CHOICES = (
    ("continuous", "Continuous text (stories, plays, code)",
     "The whole text is one long stream; the model learns to continue any part of it."),
    ("lines", "One example per line (names, sums)",
     "Each line is a separate example; generated text starts fresh and ends at the end of a line."),
)
PRECISION_CHOICES = (
    ("auto", "Automatic (fastest that is accurate)"),
    ("fp32", "32-bit (exact, slower on GPUs)"),
    ("bf16", "bfloat16 (fast on recent GPUs)"),
    ("fp16", "float16 (older GPUs)"),
)
DEVICE_NAMES = {"auto": "Automatic (best available)", "cpu": "Processor (CPU)",
                "cuda": "Graphics card (CUDA)", "mps": "Apple GPU (MPS)"}

# Settings that give the model its shape: fixed once it has trained.
SHAPE_FIELDS = ("tokenizer", "bpe_vocab_size", "mode", "block_size", "n_layer", "n_head", "n_embd", "bias")


def _int_box(low, high, step=1, tip=""):
    box = QtWidgets.QSpinBox()
    box.setRange(low, high)
    box.setSingleStep(step)
    box.setGroupSeparatorShown(True)
    box.setToolTip(tip)
    box.setAccelerated(True)
    return box


def _float_box(low, high, step, decimals, tip="", suffix=""):
    box = QtWidgets.QDoubleSpinBox()
    box.setDecimals(decimals)
    box.setRange(low, high)
    box.setSingleStep(step)
    box.setSuffix(suffix)
    box.setToolTip(tip)
    return box


def _combo(choices, tip=""):
    box = QtWidgets.QComboBox()
    for value, label, *extra in choices:
        box.addItem(label, value)
        if extra:
            box.setItemData(box.count() - 1, extra[0], QtCore.Qt.ItemDataRole.ToolTipRole)
    box.setToolTip(tip)
    return box


class SettingsPanel(QtWidgets.QWidget):
    changed = QtCore.Signal()
    validity_changed = QtCore.Signal(bool)
    new_model_requested = QtCore.Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._loading = False
        self._valid = True
        self._locked = False
        self._vocab_size = 65
        self._step_seconds: float | None = None
        self._hidden = TrainConfig()  # settings without a control keep their values
        self._hidden_model = ModelConfig()

        self.preset = QtWidgets.QComboBox()
        for preset in PRESETS.values():
            self.preset.addItem(preset.title, preset.name)
            self.preset.setItemData(self.preset.count() - 1, preset.description,
                                    QtCore.Qt.ItemDataRole.ToolTipRole)
        self.preset.addItem("Custom (your own settings)", "custom")
        self.preset.setToolTip("Ready-made settings. Tiny trains in minutes on a laptop; Medium "
                               "wants a graphics card. Change any setting and it becomes Custom.")
        self.preset_info = QtWidgets.QLabel()
        self.preset_info.setWordWrap(True)
        self.preset_info.setObjectName("hint")

        self.tokenizer = _combo(TOKENIZER_CHOICES, "How the text is cut into tokens, the units the "
                                "model reads and writes.")
        self.bpe_vocab = _int_box(260, 65536, 64, "BPE only: how many word pieces the tokenizer "
                                  "learns. More pieces = shorter sequences but a bigger model. 512 "
                                  "suits about 1 MB of text.")
        self.mode = _combo(MODE_CHOICES, "Whether the text is one long piece or a list of separate "
                           "examples, one per line.")
        self.val_share = _float_box(1, 49, 1, 0, "The share of the text kept aside to check the "
                                    "model on text it never trained on (validation).", " %")

        self.block_size = _int_box(4, 8192, 8, "Context length: how many characters (tokens) the "
                                   "model sees at once when it predicts the next one. Longer = it "
                                   "can follow longer patterns, but uses more memory and time.")
        self.n_layer = _int_box(1, 48, 1, "Layers: how many transformer blocks are stacked. More "
                                "layers = a deeper, smarter but slower model.")
        self.n_head = _int_box(1, 64, 1, "Attention heads: how many different things each layer "
                               "can look for in the context at once. The embedding size must be a "
                               "multiple of it.")
        self.n_embd = _int_box(8, 4096, 8, "Embedding size: how many numbers describe each token "
                               "inside the model. Wider = more capacity, more memory and time.")
        self.dropout = _float_box(0, 0.9, 0.05, 2, "Dropout: randomly switches off this share of "
                                  "connections while training so the model cannot just memorise. "
                                  "0 for small data and short runs; 0.1-0.2 when it overfits.")
        self.bias = QtWidgets.QCheckBox("Bias terms (as GPT-2)")
        self.bias.setToolTip("Adds a learned offset to each layer, as GPT-2 does. Rarely matters.")

        self.batch_size = _int_box(1, 4096, 4, "Batch size: how many pieces of text the model "
                                   "learns from in each step. Bigger = steadier learning, more "
                                   "memory and slower steps.")
        self.learning_rate = _float_box(0.00001, 0.1, 0.0001, 5, "Learning rate: how big a step "
                                        "the model takes each time it learns. Too high and "
                                        "training falls apart; too low and it learns slowly. "
                                        "0.001-0.003 suits small models.")
        self.warmup = _int_box(0, 100_000, 10, "Warm-up steps: the learning rate grows from 0 to "
                               "its full value over these first steps, which keeps the start stable.")
        self.max_iters = _int_box(1, 10_000_000, 100, "Training steps: how long to train in total. "
                                  "The learning rate slowly decreases towards the end.")
        self.eval_interval = _int_box(1, 1_000_000, 50, "Every how many steps the model is checked "
                                      "on unseen text, writes a sample, and is saved.")
        self.weight_decay = _float_box(0, 1, 0.01, 3, "Weight decay: gently pulls the model's "
                                       "numbers towards zero so it generalises instead of "
                                       "memorising. 0.1 is the usual choice.")
        self.grad_clip = _float_box(0, 100, 0.1, 2, "Gradient clipping: limits how big a single "
                                    "learning step can be, which prevents sudden blow-ups. 1 is "
                                    "usual; 0 turns it off.")
        self.seed = _int_box(0, 2**31 - 1, 1, "Seed: the starting point of all random choices. The "
                             "same seed and settings give the same model again (on a CPU).")
        self.device = QtWidgets.QComboBox()
        self.device.setToolTip("Where the model trains: a graphics card is many times faster than "
                               "the processor. Only devices found on this computer are listed.")
        self.set_devices(["auto", "cpu"])
        self.precision = _combo(PRECISION_CHOICES, "Number format during training. Automatic picks "
                                "the fastest one that is accurate on this device.")
        self.compile = QtWidgets.QCheckBox("Compile the model (GPU)")
        self.compile.setToolTip("torch.compile: makes GPU training faster after a slow first "
                                "minute. Ignored on the processor.")

        self.problems_label = QtWidgets.QLabel()
        self.problems_label.setWordWrap(True)
        self.problems_label.setStyleSheet("color: #b3261e; font-weight: bold;")
        self.lock_label = QtWidgets.QLabel("These settings shape the model and are fixed once it "
                                           "has trained.")
        self.lock_label.setWordWrap(True)
        self.new_model_button = QtWidgets.QPushButton("Start a new model…")
        self.new_model_button.setToolTip("Unlock the shape settings. The trained model is replaced "
                                         "only when you press Train again.")
        self.new_model_button.clicked.connect(self._ask_new_model)
        self.params_label = QtWidgets.QLabel()
        self.memory_label = QtWidgets.QLabel()
        self.time_label = QtWidgets.QLabel()
        self.time_label.setWordWrap(True)
        for label, tip in ((self.params_label, "How many numbers the model learns. More = it can "
                            "learn more, but trains slower."),
                           (self.memory_label, "Roughly how much memory training needs with "
                            "these settings."),
                           (self.time_label, "Measured with a few real training steps on this "
                            "computer with these settings.")):
            label.setToolTip(tip)

        self._build_layout()
        self._connect()

    # -- layout --------------------------------------------------------------------------------------

    def _form(self, title, rows):
        box = QtWidgets.QGroupBox(title)
        form = QtWidgets.QFormLayout(box)
        form.setFieldGrowthPolicy(QtWidgets.QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        for label, widget in rows:
            if label is None:
                form.addRow(widget)
            else:
                form.addRow(label, widget)
        return box

    def _build_layout(self) -> None:
        preset_box = self._form("Preset", [("Start from", self.preset), (None, self.preset_info)])
        text_box = self._form("Text → tokens", [
            ("Tokenizer", self.tokenizer), ("BPE vocabulary size", self.bpe_vocab),
            ("Data", self.mode), ("Kept for validation", self.val_share)])
        shape_box = self._form("Model shape", [
            ("Context length", self.block_size), ("Layers", self.n_layer),
            ("Attention heads", self.n_head), ("Embedding size", self.n_embd),
            ("Dropout", self.dropout), (None, self.bias)])
        lock_row = QtWidgets.QWidget()
        lock_layout = QtWidgets.QHBoxLayout(lock_row)
        lock_layout.setContentsMargins(0, 0, 0, 0)
        lock_layout.addWidget(self.lock_label, 1)
        lock_layout.addWidget(self.new_model_button)
        self.lock_row = lock_row
        train_box = self._form("Training", [
            ("Batch size", self.batch_size), ("Learning rate", self.learning_rate),
            ("Warm-up steps", self.warmup), ("Training steps", self.max_iters),
            ("Check every (steps)", self.eval_interval), ("Weight decay", self.weight_decay),
            ("Gradient clipping", self.grad_clip), ("Seed", self.seed), ("Device", self.device),
            ("Precision", self.precision), (None, self.compile)])
        estimates = self._form("Estimates", [("Size", self.params_label),
                                             ("Memory", self.memory_label),
                                             ("Time", self.time_label)])
        left = QtWidgets.QVBoxLayout()
        for widget in (preset_box, text_box, shape_box, lock_row):
            left.addWidget(widget)
        left.addStretch(1)
        right = QtWidgets.QVBoxLayout()
        for widget in (train_box, estimates, self.problems_label):
            right.addWidget(widget)
        right.addStretch(1)
        layout = QtWidgets.QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addLayout(right, 1)
        self.lock_row.setVisible(False)

    def _inputs(self):
        return (self.tokenizer, self.bpe_vocab, self.mode, self.val_share, self.block_size,
                self.n_layer, self.n_head, self.n_embd, self.dropout, self.bias, self.batch_size,
                self.learning_rate, self.warmup, self.max_iters, self.eval_interval,
                self.weight_decay, self.grad_clip, self.seed, self.device, self.precision, self.compile)

    def _connect(self) -> None:
        for widget in self._inputs():
            if isinstance(widget, QtWidgets.QComboBox):
                widget.currentIndexChanged.connect(self._on_edit)
            elif isinstance(widget, QtWidgets.QCheckBox):
                widget.toggled.connect(self._on_edit)
            else:
                widget.valueChanged.connect(self._on_edit)
        self.preset.currentIndexChanged.connect(self._on_preset_chosen)

    # -- public --------------------------------------------------------------------------------------

    def set_settings(self, data: DataConfig, model: ModelConfig, train: TrainConfig, preset: str) -> None:
        self._loading = True
        try:
            self._hidden, self._hidden_model = train, model
            self._select(self.tokenizer, data.tokenizer)
            self.bpe_vocab.setValue(data.bpe_vocab_size)
            self._select(self.mode, data.mode)
            self.val_share.setValue(round(data.val_fraction * 100))
            self._fill_model(model)
            self._fill_train(train)
            self._select(self.preset, preset if preset in PRESETS else "custom")
        finally:
            self._loading = False
        self._refresh()

    def settings(self) -> tuple[DataConfig, ModelConfig, TrainConfig, str]:
        data = DataConfig(tokenizer=self.tokenizer.currentData(), bpe_vocab_size=self.bpe_vocab.value(),
                          mode=self.mode.currentData(), val_fraction=self.val_share.value() / 100)
        model = replace(self._hidden_model, vocab_size=self._vocab_size,
                        block_size=self.block_size.value(), n_layer=self.n_layer.value(),
                        n_head=self.n_head.value(), n_embd=self.n_embd.value(),
                        dropout=round(self.dropout.value(), 4), bias=self.bias.isChecked())
        train = replace(self._hidden, batch_size=self.batch_size.value(),
                        learning_rate=self.learning_rate.value(), warmup_iters=self.warmup.value(),
                        max_iters=self.max_iters.value(), eval_interval=self.eval_interval.value(),
                        weight_decay=self.weight_decay.value(), grad_clip=self.grad_clip.value(),
                        seed=self.seed.value(), device=self.device.currentData() or "auto",
                        precision=self.precision.currentData(), compile=self.compile.isChecked())
        return data, model, train, matching_preset(model, train)

    def problems(self) -> list[str]:
        data, model, train, _ = self.settings()
        problems = data.validate() + model.validate() + train.validate()
        if train.warmup_iters > train.max_iters:
            problems.append("The warm-up steps cannot be more than the training steps.")
        return problems

    def is_valid(self) -> bool:
        return not self.problems()

    def set_devices(self, devices: list[str]) -> None:
        current = self.device.currentData() or self._hidden.device
        self.device.blockSignals(True)
        self.device.clear()
        for name in dict.fromkeys(["auto", *devices]):
            self.device.addItem(DEVICE_NAMES.get(name, name), name)
        self._select(self.device, current if current in devices or current == "auto" else "auto")
        self.device.blockSignals(False)

    def set_vocab_size(self, n: int) -> None:
        self._vocab_size = n
        self._refresh()

    def set_locked(self, locked: bool) -> None:
        self._locked = locked
        for name in SHAPE_FIELDS:
            widget = self._widget_for(name)
            widget.setEnabled(not locked)
        self.bpe_vocab.setEnabled(not locked and self.tokenizer.currentData() == "bpe")
        self.lock_row.setVisible(locked)

    def set_step_time(self, seconds_per_step: float | None) -> None:
        self._step_seconds = seconds_per_step
        self._refresh_estimates()

    # -- internals -----------------------------------------------------------------------------------

    def _widget_for(self, name: str):
        return {"tokenizer": self.tokenizer, "bpe_vocab_size": self.bpe_vocab, "mode": self.mode,
                "block_size": self.block_size, "n_layer": self.n_layer, "n_head": self.n_head,
                "n_embd": self.n_embd, "bias": self.bias}[name]

    @staticmethod
    def _select(combo: QtWidgets.QComboBox, value) -> None:
        index = combo.findData(value)
        combo.setCurrentIndex(max(0, index))

    def _fill_model(self, model: ModelConfig) -> None:
        self.block_size.setValue(model.block_size)
        self.n_layer.setValue(model.n_layer)
        self.n_head.setValue(model.n_head)
        self.n_embd.setValue(model.n_embd)
        self.dropout.setValue(model.dropout)
        self.bias.setChecked(model.bias)

    def _fill_train(self, train: TrainConfig) -> None:
        self.batch_size.setValue(train.batch_size)
        self.learning_rate.setValue(train.learning_rate)
        self.warmup.setValue(train.warmup_iters)
        self.max_iters.setValue(train.max_iters)
        self.eval_interval.setValue(train.eval_interval)
        self.weight_decay.setValue(train.weight_decay)
        self.grad_clip.setValue(train.grad_clip)
        self.seed.setValue(train.seed)
        self._select(self.device, train.device)
        self._select(self.precision, train.precision)
        self.compile.setChecked(train.compile)

    def _on_preset_chosen(self) -> None:
        if self._loading:
            return
        name = self.preset.currentData()
        if name in PRESETS:
            preset = PRESETS[name]
            self._loading = True
            try:
                if not self._locked:
                    self._fill_model(preset.model)
                device = self.device.currentData()
                self._fill_train(replace(preset.train, device=device or "auto"))
            finally:
                self._loading = False
        self._refresh()
        self.changed.emit()

    def _on_edit(self) -> None:
        if self._loading:
            return
        _, _, _, matching = self.settings()
        self.preset.blockSignals(True)
        self._select(self.preset, matching)
        self.preset.blockSignals(False)
        self._refresh()
        self.changed.emit()

    def _refresh(self) -> None:
        self.bpe_vocab.setEnabled(not self._locked and self.tokenizer.currentData() == "bpe")
        name = self.preset.currentData()
        self.preset_info.setText(PRESETS[name].description if name in PRESETS else
                                 "Your own settings. Pick a preset to start again from one.")
        problems = self.problems()
        self.problems_label.setText("\n".join(f"• {p}" for p in problems))
        self.problems_label.setVisible(bool(problems))
        _, model, _, _ = self.settings()
        bad_shape = model.n_head >= 1 and model.n_embd % model.n_head != 0
        for widget in (self.n_embd, self.n_head):
            widget.setStyleSheet("background: #fde3e1;" if bad_shape else "")
        valid = not problems
        if valid != self._valid:
            self._valid = valid
            self.validity_changed.emit(valid)
        self._refresh_estimates()

    def _refresh_estimates(self) -> None:
        _, model, train, _ = self.settings()
        if model.validate():
            for label in (self.params_label, self.memory_label, self.time_label):
                label.setText("—")
            return
        params = model.param_count()
        self.params_label.setText(f"{params / 1e6:.2f} million parameters" if params >= 1e5
                                  else f"{params:,} parameters")
        self.memory_label.setText(f"about {format_bytes(estimate_training_memory_bytes(model, train))} "
                                  f"while training")
        if self._step_seconds is None:
            self.time_label.setText("measuring on this computer…")
        else:
            total = self._step_seconds * train.max_iters
            self.time_label.setText(f"about {self._step_seconds * 1000:,.0f} ms per step, "
                                    f"{format_duration(total)} for {train.max_iters:,} steps")

    def _ask_new_model(self) -> None:
        if not dialogs.confirm(self, "Start a new model?",
                               "The shape settings will be unlocked. When you press Train, a new "
                               "model starts from scratch and the trained one is moved to the trash "
                               "folder. Until then nothing changes.", yes="Start a new model"):
            return
        self.set_locked(False)
        self.new_model_requested.emit()
