"""The Model & Training settings panel: presets, every engine setting explained in plain words,
inline checks, and read-outs of size, memory and time before anything is trained.

A thin view over three frozen configs. Each config field has one control (the tables built in
`_bind_controls`); `settings()` reads them back with `dataclasses.replace` (a `Settings`), and the problems shown are
the configs' own `validate()` sentences, so the panel and the CLI say the same thing. No torch here.
"""

from __future__ import annotations

import functools
from dataclasses import replace

from PySide6 import QtCore, QtGui, QtWidgets

from gptstudio.engine.auto_settings import run_seconds
from gptstudio.engine.config import (
    IMPORTED_TOKENIZERS,
    MAX_ITERS,
    MAX_LORA_RANK,
    DataConfig,
    ModelConfig,
    TrainConfig,
)
from gptstudio.engine.errors import device_words
from gptstudio.engine.memory import (
    estimate_training_memory_bytes,
    not_enough_memory,
    system_memory,
)
from gptstudio.engine.presets import DEFAULT_PRESET, PRESETS, Settings, matching_preset
from gptstudio.ui.i18n import QT_TRANSLATE_NOOP, translate
from gptstudio.ui.tabs.automatic_box import AutomaticBox
from gptstudio.ui.widgets import dialogs
from gptstudio.ui.widgets.text import format_bytes, localized

# Labels and tooltips are marked here and translated where the panel shows them
# (translate("SettingsPanel", text)).
TOKENIZER_CHOICES = (
    ("char", QT_TRANSLATE_NOOP("SettingsPanel", "Characters (best for small texts)"),
     QT_TRANSLATE_NOOP("SettingsPanel",
                       "Every character is one token. Works for any language, never meets an "
                       "unknown word, and is the easiest to understand. The best start for texts "
                       "under a few megabytes.")),
    ("word", QT_TRANSLATE_NOOP("SettingsPanel", "Whole words (needs a lot of text)"),
     QT_TRANSLATE_NOOP("SettingsPanel",
                       "Every word and punctuation mark is one token. Needs much more text; words "
                       "never seen in training become <unk>.")),
    ("bpe", QT_TRANSLATE_NOOP("SettingsPanel", "Pieces of words (BPE, as GPT-2)"),
     QT_TRANSLATE_NOOP("SettingsPanel",
                       "Frequent groups of letters become one token, as in GPT-2. Good for bigger "
                       "texts; the vocabulary size below sets how many pieces it learns.")),
    ("gpt2", QT_TRANSLATE_NOOP("SettingsPanel", "GPT-2's own (imported)"),
     QT_TRANSLATE_NOOP("SettingsPanel",
                       "The tokenizer that came with an imported GPT-2 model. It cannot be chosen "
                       "for a new model: create a project from a GPT-2 folder instead (File menu).")),
    ("wordpiece", QT_TRANSLATE_NOOP("SettingsPanel", "BERT's WordPiece (imported)"),
     QT_TRANSLATE_NOOP("SettingsPanel",
                       "The vocabulary that came with a Chinese GPT-2 model: one token per Chinese "
                       "character, pieces of words for other languages. It keeps no spaces or line "
                       "breaks. It cannot be chosen for a new model: start from a pretrained model "
                       "instead (File menu).")),
)
MODE_CHOICES = (
    ("continuous", QT_TRANSLATE_NOOP("SettingsPanel", "Continuous text"),
     QT_TRANSLATE_NOOP("SettingsPanel",
                       "Stories, plays, code: the whole text is one long stream; the model learns "
                       "to continue any part of it.")),
    ("lines", QT_TRANSLATE_NOOP("SettingsPanel", "One example per line"),
     QT_TRANSLATE_NOOP("SettingsPanel",
                       "Names, sums, short answers: each line is a separate example; generated "
                       "text starts fresh and stops at the end of a line.")),
    ("blocks", QT_TRANSLATE_NOOP("SettingsPanel", "One example per block"),
     QT_TRANSLATE_NOOP("SettingsPanel",
                       "Poems, songs, recipes, letters: each block of lines (between blank lines, or "
                       "lines such as “%”) is a separate example; generated text is a whole block "
                       "and stops at its end.")),
    ("chat", QT_TRANSLATE_NOOP("SettingsPanel", "Conversations"),
     QT_TRANSLATE_NOOP("SettingsPanel",
                       "Questions and answers, chats: each conversation (turns labelled “User:” and "
                       "“Assistant:”, or JSON lines of messages) is a separate example, and the "
                       "model learns to write the assistant's answers only. Talk to it in the Chat "
                       "tab.")),
)
PRECISION_CHOICES = (
    ("auto", QT_TRANSLATE_NOOP("SettingsPanel", "Automatic (fastest that is accurate)")),
    ("fp32", QT_TRANSLATE_NOOP("SettingsPanel", "32-bit (exact, slower on GPUs)")),
    ("bf16", QT_TRANSLATE_NOOP("SettingsPanel", "bfloat16 (fast on recent GPUs)")),
    ("fp16", QT_TRANSLATE_NOOP("SettingsPanel", "float16 (older GPUs)")),
)
OPTIMIZER_CHOICES = (
    ("adamw", QT_TRANSLATE_NOOP("SettingsPanel", "AdamW (the classic)"),
     QT_TRANSLATE_NOOP("SettingsPanel",
                       "The optimizer nearly every GPT is trained with. Each step is quick.")),
    ("muon", QT_TRANSLATE_NOOP("SettingsPanel", "Muon (learns more from each step)"),
     QT_TRANSLATE_NOOP("SettingsPanel",
                       "Makes each layer's change equally strong in every direction. The Small "
                       "preset's model learns as much in about half the steps; each step takes "
                       "longer, so it pays when steps are few. Very small models may need a higher "
                       "learning rate with it.")),
)
DEVICE_NAMES = {"auto": QT_TRANSLATE_NOOP("SettingsPanel", "Automatic (best available)"),
                "cpu": QT_TRANSLATE_NOOP("SettingsPanel", "Processor (CPU)"),
                "cuda": QT_TRANSLATE_NOOP("SettingsPanel", "Graphics card (CUDA)"),
                "mps": QT_TRANSLATE_NOOP("SettingsPanel", "Apple GPU (MPS)")}
# Fields the panel shows as a percentage of 1.
PERCENT_FIELDS = ("val_fraction", "min_lr_ratio")
# Settings that give the trained weights their shape (or their token ids): fixed once trained.
SHAPE_FIELDS = ("tokenizer", "bpe_vocab_size", "mode", "block_size", "n_layer", "n_head", "n_embd", "bias")
PROBLEM_COLOUR = "#b3261e"
PROBLEM_BACKGROUND = "#fde3e1"
WIDE_LAYOUT_MIN_WIDTH = 900  # below this the two columns stack into one (narrow windows, scrolling)


# ---- small control factories -----------------------------------------------------------------------

def _int_box(low: int, high: int, step: int, tip: str, special: str = "") -> QtWidgets.QSpinBox:
    box = QtWidgets.QSpinBox()
    box.setRange(low, high)
    box.setSingleStep(step)
    box.setGroupSeparatorShown(True)
    box.setAccelerated(True)
    box.setSpecialValueText(special)  # shown instead of the minimum, e.g. "Off" for 0
    box.setToolTip(tip)
    return box


def _float_box(low, high, step, decimals, tip, suffix="", special="") -> QtWidgets.QDoubleSpinBox:
    box = QtWidgets.QDoubleSpinBox()
    box.setDecimals(decimals)
    box.setRange(low, high)
    box.setSingleStep(step)
    box.setSuffix(suffix)
    box.setSpecialValueText(special)
    box.setToolTip(tip)
    return box


def _combo(choices, tip: str) -> QtWidgets.QComboBox:
    """choices: (value, label[, tooltip]) with texts marked in the "SettingsPanel" context."""
    box = QtWidgets.QComboBox()
    for value, label, *item_tip in choices:
        box.addItem(translate("SettingsPanel", label), value)
        if item_tip:
            box.setItemData(box.count() - 1, translate("SettingsPanel", item_tip[0]),
                            QtCore.Qt.ItemDataRole.ToolTipRole)
    box.setToolTip(tip)
    return box


def _select(combo: QtWidgets.QComboBox, value) -> None:
    combo.setCurrentIndex(max(0, combo.findData(value)))


def _read(widget):
    """The value a control holds, as the config stores it."""
    if isinstance(widget, QtWidgets.QComboBox):
        return widget.currentData()
    if isinstance(widget, QtWidgets.QCheckBox):
        return widget.isChecked()
    if isinstance(widget, QtWidgets.QLineEdit):
        return widget.text()
    if isinstance(widget, QtWidgets.QDoubleSpinBox):
        return round(widget.value(), widget.decimals())  # no binary noise such as 0.30000000000000004
    return widget.value()


def _write(widget, value) -> None:
    if isinstance(widget, QtWidgets.QComboBox):
        _select(widget, value)
    elif isinstance(widget, QtWidgets.QCheckBox):
        widget.setChecked(bool(value))
    elif isinstance(widget, QtWidgets.QLineEdit):
        widget.setText(value)
    else:
        widget.setValue(value)


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


def _rough_duration(seconds: float) -> str:
    """An estimate reads best rounded: "40 seconds", "4 min", "2 h 05 min"."""
    if seconds < 90:
        return translate("SettingsPanel", "{seconds} seconds").format(seconds=max(1, round(seconds)))
    minutes = round(seconds / 60)
    if minutes < 90:
        return translate("SettingsPanel", "{minutes} min").format(minutes=minutes)
    hours, minutes = divmod(minutes, 60)
    return translate("SettingsPanel", "{hours} h {minutes:02d} min").format(hours=hours, minutes=minutes)


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
        self._create_controls()
        self._bind_controls()
        self._build_layout()
        preset = PRESETS[DEFAULT_PRESET]
        self.set_settings(DataConfig(), preset.model, preset.train, preset.name)
        for widget in self._all_inputs():
            self._connect_edit(widget)
        self.preset.currentIndexChanged.connect(self._on_preset_chosen)

    # -- controls ------------------------------------------------------------------------------------

    def _create_controls(self) -> None:
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

        self.tokenizer = _combo(TOKENIZER_CHOICES, self.tr("How the text is cut into tokens, the "
                                                           "small pieces the model reads and writes "
                                                           "one at a time."))
        # Only an imported GPT-2 project shows this one; nobody can pick it for a new model.
        for kind in IMPORTED_TOKENIZERS:
            self.tokenizer.model().item(self.tokenizer.findData(kind)).setEnabled(False)
        self.bpe_vocab = _int_box(260, 65536, 64, self.tr(
            "Only for word pieces (BPE): how many pieces the tokenizer learns. More = shorter "
            "sequences but a bigger model. 512 suits about 1 MB of text."))
        self.mode = _combo(MODE_CHOICES, self.tr(
            "Whether your text is one long piece (a story) or a list of separate examples, one per "
            "line (names)."))
        self.val_share = _float_box(0.1, 49.9, 1, 1, self.tr(
            "The share of the text kept aside to check the model on text it never trained on. 10% "
            "is usual."), " %")

        self.block_size = _int_box(4, 8192, 8, self.tr(
            "Context length: how many characters (tokens) the model sees at once when it predicts "
            "the next one. Longer = more memory and slower."))
        self.n_layer = _int_box(1, 48, 1, self.tr(
            "Layers: how many processing blocks are stacked. More layers = a deeper, more capable "
            "but slower model."))
        self.n_head = _int_box(1, 64, 1, self.tr(
            "Attention heads: how many different things each layer looks for in the context at "
            "once. The embedding size must be a multiple of this number."))
        self.n_embd = _int_box(8, 4096, 8, self.tr(
            "Embedding size: how many numbers describe each token inside the model. Wider = more "
            "capacity, more memory and time. Must be a multiple of the number of heads."))
        self.dropout = _float_box(0, 0.9, 0.05, 2, self.tr(
            "Dropout: while training, randomly ignores this share of the model so it cannot just "
            "memorise the text. 0 for small texts and short runs; 0.1-0.2 when it starts to "
            "overfit."), special=self.tr("Off", "spin box at 0: turned off"))
        self.bias = QtWidgets.QCheckBox(self.tr("Bias terms (as GPT-2)"))
        self.bias.setToolTip(self.tr("Adds a learned offset to each layer, as GPT-2 does. It helps "
                                     "short runs learn sooner; long runs learn as well without it "
                                     "and train a little faster."))

        self.batch_size = _int_box(1, 4096, 4, self.tr(
            "Batch size: how many pieces of text the model learns from in each step. Bigger = "
            "steadier learning, more memory and slower steps."))
        self.learning_rate = _float_box(0.00001, 0.1, 0.0001, 5, self.tr(
            "Learning rate: how big a change the model makes each time it learns. Too high and "
            "training falls apart; too low and it learns slowly. For small models 0.001-0.003 "
            "suits AdamW, 0.003-0.004 Muon."))
        self.optimizer = _combo(OPTIMIZER_CHOICES, self.tr(
            "The optimizer: the rule that turns what the model got wrong into changes to its "
            "numbers. Hover over a choice to see what it does."))
        # Steps of one unit in the second significant digit: 0.00200 -> 0.00210, 0.00009 -> 0.000091.
        self.learning_rate.setStepType(QtWidgets.QAbstractSpinBox.StepType.AdaptiveDecimalStepType)
        self.warmup = _int_box(0, 1_000_000, 10, self.tr(
            "Warm-up steps: the learning rate grows from 0 to its full value over these first "
            "steps, which keeps the start stable."), special=self.tr("None", "spin box at 0: no warm-up"))
        self.max_iters = _int_box(1, MAX_ITERS, 100, self.tr(
            "Training steps: how long to train in total. The learning rate slowly decreases "
            "towards the end."))
        self.eval_interval = _int_box(1, 1_000_000, 50, self.tr(
            "Every how many steps the model is checked on text it has not trained on, writes a "
            "sample and is saved."))
        self.weight_decay = _float_box(0, 1, 0.01, 3, self.tr(
            "Weight decay: gently pulls the model's numbers towards zero so it generalises instead "
            "of memorising. 0.1 is the usual choice."),
            special=self.tr("Off", "spin box at 0: turned off"))
        self.grad_clip = _float_box(0, 100, 0.1, 2, self.tr(
            "Gradient clipping: limits how big a single learning step can be, which prevents "
            "sudden blow-ups. 1 is usual; 0 turns it off."),
            special=self.tr("Off", "spin box at 0: turned off"))
        self.seed = _int_box(0, 2**31 - 1, 1, self.tr(
            "Seed: the starting point of every random choice. The same seed and settings train the "
            "same model again (on a CPU)."))
        self.device = QtWidgets.QComboBox(toolTip=self.tr(
            "Where the model trains. A graphics card is many times faster than the processor. Only "
            "what this computer has is listed."))
        self._list_devices(["auto", "cpu"])
        self.precision = _combo(PRECISION_CHOICES, self.tr(
            "The number format used while training. Automatic picks the fastest one that stays "
            "accurate on this device."))
        self.compile = QtWidgets.QCheckBox(self.tr("Compile the model first (GPU)"))
        self.compile.setToolTip(self.tr("torch.compile: GPU training gets faster after a slow "
                                        "first minute. Rarely helps on the processor."))
        self.sample_prompt = QtWidgets.QLineEdit(
            placeholderText=self.tr("(nothing: the model starts freely)"))
        self.sample_prompt.setToolTip(self.tr("The text the model continues in the sample it "
                                              "writes at each check, so you can watch it improve."))
        self.sample_tokens = _int_box(0, 10_000, 20, self.tr(
            "How many tokens long that sample is. 0 writes no sample."),
            special=self.tr("No sample"))
        self.lora_rank = _int_box(0, MAX_LORA_RANK, 4, self.tr(
            "LoRA: instead of changing every weight, the model keeps its weights and learns small "
            "adapters beside them, of this rank. Fine-tuning a large pretrained model then needs less "
            "memory (no gradients or optimizer state for its weights), and learns a little less. "
            "Off: every weight learns."),
            special=self.tr("Off: all weights learn", "spin box at 0: no LoRA adapters"))
        self.early_stop = _int_box(0, 1000, 1, self.tr(
            "Stop training when the validation loss has not improved for this many checks in a "
            "row: past its best, a model only learns its text by heart. The best model is kept "
            "and used either way."), special=self.tr("Never", "spin box at 0: no early stopping"))
        self._create_advanced_controls()
        self._create_readouts()

    def _create_advanced_controls(self) -> None:
        self.min_lr = _float_box(0, 100, 5, 1, self.tr(
            "The learning rate slowly falls to this share of its full value by the last step. 10% "
            "is usual."), " %")
        self.eval_iters = _int_box(1, 1000, 5, self.tr(
            "How many batches each check averages. More = a steadier validation loss, but checks "
            "take longer."))
        self.beta1 = _float_box(0, 0.999, 0.01, 3, self.tr(
            "Adam beta 1: how much each step keeps of the previous steps' direction (momentum). "
            "0.9 is usual. With Muon it applies only to the embeddings, layer norms and biases; "
            "Muon's own momentum is 0.95."))
        self.beta2 = _float_box(0, 0.9999, 0.001, 4, self.tr(
            "Adam beta 2: how slowly the optimizer adapts its step sizes. 0.99 suits small "
            "batches; 0.999 large ones. With Muon it applies only to the embeddings, layer norms "
            "and biases."))
        self.num_threads = _int_box(0, 256, 1, self.tr(
            "How many processor cores training uses. Automatic uses all physical cores, but leaves "
            "one free for this window while a small model trains, so the window stays responsive."),
            special=self.tr("Automatic", "spin box at 0: as many threads as physical cores"))
        self.advanced_toggle = QtWidgets.QToolButton(text=self.tr("Advanced training settings"),
                                                     checkable=True)
        self.advanced_toggle.setToolButtonStyle(QtCore.Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.advanced_toggle.setArrowType(QtCore.Qt.ArrowType.RightArrow)
        self.advanced_toggle.setToolTip(self.tr("Settings most people never need to change."))
        self.advanced_toggle.toggled.connect(self._show_advanced)

    def _create_readouts(self) -> None:
        self.params_label = QtWidgets.QLabel(toolTip=self.tr(
            "How many numbers the model learns. More = it can learn more, but trains slower."))
        self.memory_label = QtWidgets.QLabel(toolTip=self.tr(
            "Roughly how much memory training needs with these settings (an upper estimate), and "
            "all the memory of the device it trains on."))
        self.time_label = QtWidgets.QLabel(toolTip=self.tr(
            "Measured with a few real training steps on this computer."))
        self.problems_label = QtWidgets.QLabel(wordWrap=True)
        self.problems_label.setStyleSheet(f"color: {PROBLEM_COLOUR}; font-weight: bold;")
        self.lock_label = QtWidgets.QLabel(self.tr("These settings shape the model and are fixed "
                                                   "once it has trained."), wordWrap=True)
        self.new_model_button = QtWidgets.QPushButton(self.tr("Start a new model…"))
        self.new_model_button.setToolTip(self.tr("Unlock these settings. The trained model is "
                                                 "replaced only when you train again."))
        self.new_model_button.clicked.connect(self._ask_new_model)

    def _bind_controls(self) -> None:
        """One control per config field: these tables drive reading, writing and locking."""
        self._controls = (
            {"tokenizer": self.tokenizer, "bpe_vocab_size": self.bpe_vocab, "mode": self.mode,
             "val_fraction": self.val_share},
            {"block_size": self.block_size, "n_layer": self.n_layer, "n_head": self.n_head,
             "n_embd": self.n_embd, "dropout": self.dropout, "bias": self.bias},
            {"batch_size": self.batch_size, "learning_rate": self.learning_rate,
             "optimizer": self.optimizer,
             "min_lr_ratio": self.min_lr, "warmup_iters": self.warmup, "max_iters": self.max_iters,
             "eval_interval": self.eval_interval, "eval_iters": self.eval_iters,
             "weight_decay": self.weight_decay, "beta1": self.beta1, "beta2": self.beta2,
             "grad_clip": self.grad_clip, "device": self.device, "precision": self.precision,
             "compile": self.compile, "seed": self.seed, "sample_prompt": self.sample_prompt,
             "sample_tokens": self.sample_tokens, "num_threads": self.num_threads,
             "early_stop_evals": self.early_stop, "lora_rank": self.lora_rank},
        )
        self._shape_controls = [c[name] for c in self._controls for name in SHAPE_FIELDS if name in c]
        self._apply_ranges()

    def _apply_ranges(self) -> None:
        """Every number control takes the range its setting's validate() enforces (config RANGES),
        whatever its factory was given: a value the project file holds is then always one the
        control can show, never one it clamps without a word or cannot hold."""
        for config, table in zip((DataConfig, ModelConfig, TrainConfig), self._controls, strict=True):
            for name, widget in table.items():
                if name in config.RANGES and isinstance(widget, QtWidgets.QAbstractSpinBox):
                    low, high = config.RANGES[name]
                    scale = 100 if name in PERCENT_FIELDS else 1
                    widget.setRange(low * scale, high * scale)

    def _all_inputs(self):
        return [widget for table in self._controls for widget in table.values()]

    def _connect_edit(self, widget) -> None:
        if isinstance(widget, QtWidgets.QComboBox):
            widget.currentIndexChanged.connect(self._on_edit)
        elif isinstance(widget, QtWidgets.QCheckBox):
            widget.toggled.connect(self._on_edit)
        elif isinstance(widget, QtWidgets.QLineEdit):
            widget.textEdited.connect(self._on_edit)
        else:
            widget.valueChanged.connect(self._on_edit)

    # -- layout --------------------------------------------------------------------------------------

    @staticmethod
    def _group(title: str, rows) -> QtWidgets.QGroupBox:
        """A titled form; each row's label shares its control's tooltip, so hovering either explains."""
        box = QtWidgets.QGroupBox(title)
        form = QtWidgets.QFormLayout(box)
        form.setFieldGrowthPolicy(QtWidgets.QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for label, widget in rows:
            if label is None:
                form.addRow(widget)
            else:
                form.addRow(QtWidgets.QLabel(label, toolTip=widget.toolTip(), buddy=widget), widget)
        return box

    def _build_layout(self) -> None:
        preset_box = self._group(self.tr("Preset"), [(self.tr("Start from"), self.preset),
                                                     (None, self.preset_info),
                                                     (None, self.automatic_box)])
        estimates_box = self._group(self.tr("Estimates"), [
            (self.tr("Size", "estimate: how many parameters the model has"), self.params_label),
            (self.tr("Memory", "estimate: memory training needs"), self.memory_label),
            (self.tr("Time", "estimate: how long training takes"), self.time_label)])
        self.lock_row = QtWidgets.QWidget(visible=False)
        lock_layout = QtWidgets.QHBoxLayout(self.lock_row)
        lock_layout.setContentsMargins(0, 0, 0, 0)
        lock_layout.addWidget(self.lock_label, 1)
        lock_layout.addWidget(self.new_model_button)
        text_box = self._group(self.tr("Text → tokens"), [
            (self.tr("Tokenizer"), self.tokenizer), (self.tr("BPE vocabulary size"), self.bpe_vocab),
            (self.tr("Data", "setting: one long text or one example per line"), self.mode),
            (self.tr("Kept for validation"), self.val_share)])
        shape_box = self._group(self.tr("Model shape"), [
            (self.tr("Context length"), self.block_size), (self.tr("Layers"), self.n_layer),
            (self.tr("Attention heads"), self.n_head), (self.tr("Embedding size"), self.n_embd),
            (self.tr("Dropout"), self.dropout), (None, self.bias)])
        train_box = self._group(self.tr("Training", "group of training settings"), [
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
        self.advanced_box = self._group(self.tr("Advanced training"), [
            (self.tr("Final learning rate"), self.min_lr),
            (self.tr("Batches per check"), self.eval_iters),
            (self.tr("Adam beta 1"), self.beta1), (self.tr("Adam beta 2"), self.beta2),
            (self.tr("Processor threads"), self.num_threads)])
        self.advanced_box.setVisible(False)
        self._columns = QtWidgets.QBoxLayout(QtWidgets.QBoxLayout.Direction.TopToBottom)  # see resizeEvent
        for widgets in ((preset_box, estimates_box, self.lock_row, text_box, shape_box),
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
                    _write(widget, value * 100 if name in PERCENT_FIELDS else value)
            if preset == "auto" and self._automatic is None:
                # Saved as Automatic's choice: these values are it (a project opened again).
                self._automatic = self._shown_values()
            _select(self.preset, self.settings().preset)  # what the shown (range-clamped) values match
        finally:
            self._loading = False
        self._refresh()

    def show_project(self, data: DataConfig, model: ModelConfig, train: TrainConfig,
                     preset: str) -> None:
        """A project's saved settings, as it opens: Automatic's choice, where it was one, is the
        one saved with this project, not the one the panel last showed (another project's)."""
        self._automatic = None
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

    def settings(self) -> Settings:
        data, model, train = self._shown_values()
        if self._automatic is not None and (data, model, train) == self._automatic:
            return Settings(data, model, train, "auto")
        return Settings(data, model, train, matching_preset(model, train))

    def _shown_values(self) -> tuple[DataConfig, ModelConfig, TrainConfig]:
        values = []
        for table in self._controls:
            values.append({name: round(_read(w) / 100, 6) if name in PERCENT_FIELDS else _read(w)
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
        data, train = shown.data, shown.train
        kept = {name: getattr(train, name) for name in ("device", "seed", "sample_prompt",
                                                         "sample_tokens", "precision", "num_threads")}
        chosen_data = replace(choice.data, val_fraction=data.val_fraction,
                              bpe_vocab_size=data.bpe_vocab_size)
        self._automatic = None
        self.set_settings(chosen_data, choice.model, replace(choice.train, **kept), "auto")
        self._automatic = self._shown_values()
        self._step_seconds = choice.seconds_per_step
        _select(self.preset, "auto")
        self.automatic_box.show_choice(choice)
        self._refresh()
        self.changed.emit()

    def automatic_chosen(self) -> bool:
        return self.preset.currentData() == "auto"

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
        _select(self.mode, mode)  # _on_edit: saved, and Automatic chooses again for it

    def problems(self) -> list[str]:
        return [localized(sentence) for sentence, _widgets in self._problems_with_controls()]

    def is_valid(self) -> bool:
        return not self.problems()

    def set_devices(self, devices: list[str]) -> None:
        """List exactly these devices; reselect the project's device once it appears."""
        self._list_devices(devices)
        self._refresh()  # another device, another memory limit

    def _list_devices(self, devices: list[str]) -> None:
        self.device.blockSignals(True)
        self.device.clear()
        for name in dict.fromkeys(devices):
            label = translate("SettingsPanel", DEVICE_NAMES[name]) if name in DEVICE_NAMES else name
            self.device.addItem(label, name)
        _select(self.device, self._wanted_device if self._wanted_device in devices else "auto")
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
        # A preset is mostly a model shape, so it is chosen only before training.
        self.preset.setEnabled(not locked)
        self.lock_row.setVisible(locked)
        self._refresh()

    def set_step_time(self, seconds_per_step: float | None) -> None:
        self._step_seconds = seconds_per_step
        shown = self.settings()
        self._refresh_estimates(shown.model, shown.train)

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
        data, train = shown.data, shown.train
        # Keep the data settings and the per-computer choices a preset says nothing about.
        kept = {name: getattr(train, name) for name in ("device", "seed", "sample_prompt")}
        self._step_seconds = None
        self.set_settings(data, preset.model, replace(preset.train, **kept), preset.name)
        self.changed.emit()

    def _on_edit(self) -> None:
        if self._loading:
            return
        if self.sender() is self.device:
            self._wanted_device = self.device.currentData()
        if self.sender() in (*self._shape_controls, self.batch_size, self.device, self.optimizer,
                             self.lora_rank):
            self._step_seconds = None  # the measured step time was for another shape
        automatic_mode_change = self.sender() is self.mode and self._automatic_but_mode()
        if automatic_mode_change:
            # The data mode is what the text is, not a setting of Automatic's: it stays Automatic
            # and chooses again for this mode (below). Settings of the user's own stay theirs.
            data, model, train = self._automatic
            self._automatic = (replace(data, mode=self.mode.currentData()), model, train)
        self.preset.blockSignals(True)
        _select(self.preset, self.settings().preset)
        self.preset.blockSignals(False)
        self._refresh()
        self.changed.emit()
        if automatic_mode_change:
            self.automatic_requested.emit(self.budget_minutes())  # another mode, another choice

    def _automatic_but_mode(self) -> bool:
        """The controls show Automatic's choice, but for the data mode."""
        if self._automatic is None:
            return False
        data, model, train = self._shown_values()
        chosen = self._automatic
        return (replace(data, mode=chosen[0].mode), model, train) == chosen

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
        if preset == "auto" or self.preset.currentData() == "auto":
            description = self.tr("Settings chosen for your text and this computer, to train in the "
                                  "time you give: change any of them to make them your own.")
        elif preset in PRESETS:
            description = translate("Presets", PRESETS[preset].description)
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
        self._refresh_estimates(model, train)
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

    def _refresh_estimates(self, model: ModelConfig, train: TrainConfig) -> None:
        if model.validate():
            for label in (self.params_label, self.memory_label, self.time_label):
                label.setText(self.tr("— (fix the model shape first)"))
            return
        params = model.param_count()
        if params >= 100_000:
            self.params_label.setText(self.tr(
                "{millions:.2f} million parameters",
                "also given: {ten_thousands:,.0f}, for languages that count in ten-thousands").format(
                millions=params / 1e6, ten_thousands=params / 1e4))
        else:
            self.params_label.setText(self.tr("{count:,} parameters").format(count=params))
        device = self._device_type()
        memory = estimate_training_memory_bytes(model, train, device)
        capacity = device_capacity(device)
        if capacity:
            self.memory_label.setText(self.tr("about {memory} while training ({device} has "
                                              "{capacity})").format(
                memory=format_bytes(memory), device=localized(device_words(device)),
                capacity=format_bytes(capacity)))
        else:
            self.memory_label.setText(self.tr("about {memory} while training").format(
                memory=format_bytes(memory)))
        if self._step_seconds is None:
            self.time_label.setText(self.tr("measuring on this computer…"))
            return
        step = self._step_seconds
        if step < 1:
            per_step = self.tr("{milliseconds:,.0f} ms").format(milliseconds=step * 1000)
        else:
            per_step = self.tr("{seconds:,.1f} s").format(seconds=step)
        self.time_label.setText(self.tr("about {duration} for {steps:,} steps and their checks\n"
                                        "({per_step} per step)").format(
            duration=_rough_duration(run_seconds(train, step)), steps=train.max_iters,
            per_step=per_step))
