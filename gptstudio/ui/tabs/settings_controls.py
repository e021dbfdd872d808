"""The settings panel's controls: one per config field, each explained in its tooltip.

Each builder returns its config's table, {field name: control}: the panel reads, writes, checks
and locks the settings through these tables. The texts keep the panel's translation context
("SettingsPanel"), where their Chinese is.
"""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from gptstudio.engine.config import IMPORTED_TOKENIZERS, MAX_ITERS, MAX_LORA_RANK
from gptstudio.ui.i18n import translate
from gptstudio.ui.tabs.settings_choices import (
    MODE_CHOICES,
    OPTIMIZER_CHOICES,
    PERCENT_FIELDS,
    PRECISION_CHOICES,
    TOKENIZER_CHOICES,
)

# ---- one control per setting ------------------------------------------------------------------------

def int_box(low: int, high: int, step: int, tip: str, special: str = "") -> QtWidgets.QSpinBox:
    box = QtWidgets.QSpinBox()
    box.setRange(low, high)
    box.setSingleStep(step)
    box.setGroupSeparatorShown(True)
    box.setAccelerated(True)
    box.setSpecialValueText(special)  # shown instead of the minimum, e.g. "Off" for 0
    box.setToolTip(tip)
    return box


def float_box(low, high, step, decimals, tip, suffix="", special="") -> QtWidgets.QDoubleSpinBox:
    box = QtWidgets.QDoubleSpinBox()
    box.setDecimals(decimals)
    box.setRange(low, high)
    box.setSingleStep(step)
    box.setSuffix(suffix)
    box.setSpecialValueText(special)
    box.setToolTip(tip)
    return box


def combo(choices, tip: str) -> QtWidgets.QComboBox:
    """choices: (value, label[, tooltip]) with texts marked in the "SettingsPanel" context."""
    box = QtWidgets.QComboBox()
    for value, label, *item_tip in choices:
        box.addItem(translate("SettingsPanel", label), value)
        if item_tip:
            box.setItemData(box.count() - 1, translate("SettingsPanel", item_tip[0]),
                            QtCore.Qt.ItemDataRole.ToolTipRole)
    box.setToolTip(tip)
    return box


def select(combo: QtWidgets.QComboBox, value) -> None:
    combo.setCurrentIndex(max(0, combo.findData(value)))


def read_value(widget):
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


def write_value(widget, value) -> None:
    if isinstance(widget, QtWidgets.QComboBox):
        select(widget, value)
    elif isinstance(widget, QtWidgets.QCheckBox):
        widget.setChecked(bool(value))
    elif isinstance(widget, QtWidgets.QLineEdit):
        widget.setText(value)
    else:
        widget.setValue(value)


def connect_edit(widget, slot) -> None:
    """Call slot when the user changes this control's value."""
    if isinstance(widget, QtWidgets.QComboBox):
        widget.currentIndexChanged.connect(slot)
    elif isinstance(widget, QtWidgets.QCheckBox):
        widget.toggled.connect(slot)
    elif isinstance(widget, QtWidgets.QLineEdit):
        widget.textEdited.connect(slot)
    else:
        widget.valueChanged.connect(slot)


# ---- the tables -------------------------------------------------------------------------------------

def data_controls() -> dict[str, QtWidgets.QWidget]:
    """DataConfig: how the text becomes tokens and examples."""
    tokenizer = combo(TOKENIZER_CHOICES, translate("SettingsPanel",
        "How the text is cut into tokens, the small pieces the model reads and writes one at a time."))
    # Only an imported GPT-2 project shows this one; nobody can pick it for a new model.
    for kind in IMPORTED_TOKENIZERS:
        tokenizer.model().item(tokenizer.findData(kind)).setEnabled(False)
    bpe_vocab = int_box(260, 65536, 64, translate("SettingsPanel",
        "Only for word pieces (BPE): how many pieces the tokenizer learns. More = shorter "
        "sequences but a bigger model. 512 suits about 1 MB of text."))
    mode = combo(MODE_CHOICES, translate("SettingsPanel",
        "Whether your text is one long piece (a story) or a list of separate examples, one per "
        "line (names)."))
    val_share = float_box(0.1, 49.9, 1, 1, translate("SettingsPanel",
        "The share of the text kept aside to check the model on text it never trained on. 10% "
        "is usual."), " %")
    return {"tokenizer": tokenizer, "bpe_vocab_size": bpe_vocab, "mode": mode, "val_fraction": val_share}


def model_controls() -> dict[str, QtWidgets.QWidget]:
    """ModelConfig: the model's shape (its vocabulary size comes from the tokenizer)."""
    block_size = int_box(4, 8192, 8, translate("SettingsPanel",
        "Context length: how many characters (tokens) the model sees at once when it predicts "
        "the next one. Longer = more memory and slower."))
    n_layer = int_box(1, 48, 1, translate("SettingsPanel",
        "Layers: how many processing blocks are stacked. More layers = a deeper, more capable "
        "but slower model."))
    n_head = int_box(1, 64, 1, translate("SettingsPanel",
        "Attention heads: how many different things each layer looks for in the context at "
        "once. The embedding size must be a multiple of this number."))
    n_embd = int_box(8, 4096, 8, translate("SettingsPanel",
        "Embedding size: how many numbers describe each token inside the model. Wider = more "
        "capacity, more memory and time. Must be a multiple of the number of heads."))
    dropout = float_box(0, 0.9, 0.05, 2, translate("SettingsPanel",
        "Dropout: while training, randomly ignores this share of the model so it cannot just "
        "memorise the text. 0 for small texts and short runs; 0.1-0.2 when it starts to "
        "overfit."), special=translate("SettingsPanel", "Off", "spin box at 0: turned off"))
    bias = QtWidgets.QCheckBox(translate("SettingsPanel", "Bias terms (as GPT-2)"))
    bias.setToolTip(translate("SettingsPanel",
        "Adds a learned offset to each layer, as GPT-2 does. It helps short runs learn sooner; "
        "long runs learn as well without it and train a little faster."))
    return {"block_size": block_size, "n_layer": n_layer, "n_head": n_head, "n_embd": n_embd,
            "dropout": dropout, "bias": bias}


def train_controls() -> dict[str, QtWidgets.QWidget]:
    """TrainConfig: how the model learns and for how long."""
    batch_size = int_box(1, 4096, 4, translate("SettingsPanel",
        "Batch size: how many pieces of text the model learns from in each step. Bigger = "
        "steadier learning, more memory and slower steps."))
    learning_rate = float_box(0.00001, 0.1, 0.0001, 5, translate("SettingsPanel",
        "Learning rate: how big a change the model makes each time it learns. Too high and "
        "training falls apart; too low and it learns slowly. For small models 0.001-0.003 "
        "suits AdamW, 0.003-0.004 Muon."))
    optimizer = combo(OPTIMIZER_CHOICES, translate("SettingsPanel",
        "The optimizer: the rule that turns what the model got wrong into changes to its "
        "numbers. Hover over a choice to see what it does."))
    # Steps of one unit in the second significant digit: 0.00200 -> 0.00210, 0.00009 -> 0.000091.
    learning_rate.setStepType(QtWidgets.QAbstractSpinBox.StepType.AdaptiveDecimalStepType)
    warmup = int_box(0, 1_000_000, 10, translate("SettingsPanel",
        "Warm-up steps: the learning rate grows from 0 to its full value over these first "
        "steps, which keeps the start stable."),
        special=translate("SettingsPanel", "None", "spin box at 0: no warm-up"))
    max_iters = int_box(1, MAX_ITERS, 100, translate("SettingsPanel",
        "Training steps: how long to train in total. The learning rate slowly decreases "
        "towards the end."))
    eval_interval = int_box(1, 1_000_000, 50, translate("SettingsPanel",
        "Every how many steps the model is checked on text it has not trained on, writes a "
        "sample and is saved."))
    weight_decay = float_box(0, 1, 0.01, 3, translate("SettingsPanel",
        "Weight decay: gently pulls the model's numbers towards zero so it generalises instead "
        "of memorising. 0.1 is the usual choice."),
        special=translate("SettingsPanel", "Off", "spin box at 0: turned off"))
    grad_clip = float_box(0, 100, 0.1, 2, translate("SettingsPanel",
        "Gradient clipping: limits how big a single learning step can be, which prevents "
        "sudden blow-ups. 1 is usual; 0 turns it off."),
        special=translate("SettingsPanel", "Off", "spin box at 0: turned off"))
    lora_rank = int_box(0, MAX_LORA_RANK, 4, translate("SettingsPanel",
        "LoRA: instead of changing every weight, the model keeps its weights and learns small "
        "adapters beside them, of this rank. Fine-tuning a large pretrained model then needs less "
        "memory (no gradients or optimizer state for its weights), and learns a little less. "
        "Off: every weight learns."),
        special=translate("SettingsPanel", "Off: all weights learn", "spin box at 0: no LoRA adapters"))
    early_stop = int_box(0, 1000, 1, translate("SettingsPanel",
        "Stop training when the validation loss has not improved for this many checks in a "
        "row: past its best, a model only learns its text by heart. The best model is kept "
        "and used either way."),
        special=translate("SettingsPanel", "Never", "spin box at 0: no early stopping"))
    return {"batch_size": batch_size, "learning_rate": learning_rate, "optimizer": optimizer,
            "warmup_iters": warmup, "max_iters": max_iters, "eval_interval": eval_interval,
            "weight_decay": weight_decay, "grad_clip": grad_clip, "early_stop_evals": early_stop,
            "lora_rank": lora_rank}


def run_controls() -> dict[str, QtWidgets.QWidget]:
    """TrainConfig: where and how a run computes, and the sample it writes at each check. The
    device list is filled by the panel, with what this computer has."""
    seed = int_box(0, 2**31 - 1, 1, translate("SettingsPanel",
        "Seed: the starting point of every random choice. The same seed and settings train the "
        "same model again (on a CPU)."))
    device = QtWidgets.QComboBox(toolTip=translate("SettingsPanel",
        "Where the model trains. A graphics card is many times faster than the processor. Only "
        "what this computer has is listed."))
    precision = combo(PRECISION_CHOICES, translate("SettingsPanel",
        "The number format used while training. Automatic picks the fastest one that stays "
        "accurate on this device."))
    compile_box = QtWidgets.QCheckBox(translate("SettingsPanel", "Compile the model first (GPU)"))
    compile_box.setToolTip(translate("SettingsPanel",
        "torch.compile: GPU training gets faster after a slow first minute. Rarely helps on the "
        "processor."))
    sample_prompt = QtWidgets.QLineEdit(
        placeholderText=translate("SettingsPanel", "(nothing: the model starts freely)"))
    sample_prompt.setToolTip(translate("SettingsPanel",
        "The text the model continues in the sample it writes at each check, so you can watch it "
        "improve."))
    sample_tokens = int_box(0, 10_000, 20, translate("SettingsPanel",
        "How many tokens long that sample is. 0 writes no sample."),
        special=translate("SettingsPanel", "No sample"))
    return {"device": device, "precision": precision, "compile": compile_box, "seed": seed,
            "sample_prompt": sample_prompt, "sample_tokens": sample_tokens}


def advanced_controls() -> dict[str, QtWidgets.QWidget]:
    """The TrainConfig settings most people never need to change."""
    min_lr = float_box(0, 100, 5, 1, translate("SettingsPanel",
        "The learning rate slowly falls to this share of its full value by the last step. 10% "
        "is usual."), " %")
    eval_iters = int_box(1, 1000, 5, translate("SettingsPanel",
        "How many batches each check averages. More = a steadier validation loss, but checks "
        "take longer."))
    beta1 = float_box(0, 0.999, 0.01, 3, translate("SettingsPanel",
        "Adam beta 1: how much each step keeps of the previous steps' direction (momentum). "
        "0.9 is usual. With Muon it applies only to the embeddings, layer norms and biases; "
        "Muon's own momentum is 0.95."))
    beta2 = float_box(0, 0.9999, 0.001, 4, translate("SettingsPanel",
        "Adam beta 2: how slowly the optimizer adapts its step sizes. 0.99 suits small "
        "batches; 0.999 large ones. With Muon it applies only to the embeddings, layer norms "
        "and biases."))
    num_threads = int_box(0, 256, 1, translate("SettingsPanel",
        "How many processor cores training uses. Automatic uses all physical cores, but leaves "
        "one free for this window while a small model trains, so the window stays responsive."),
        special=translate("SettingsPanel", "Automatic", "spin box at 0: as many threads as physical cores"))
    return {"min_lr_ratio": min_lr, "eval_iters": eval_iters, "beta1": beta1, "beta2": beta2,
            "num_threads": num_threads}


# ---- tables into forms -------------------------------------------------------------------------------

def apply_ranges(config_class, table: dict[str, QtWidgets.QWidget]) -> None:
    """Every number control takes the range its setting's validate() enforces (config RANGES),
    whatever its factory was given: a value the project file holds is then always one the
    control can show, never one it clamps without a word or cannot hold."""
    for name, widget in table.items():
        if name in config_class.RANGES and isinstance(widget, QtWidgets.QAbstractSpinBox):
            low, high = config_class.RANGES[name]
            scale = 100 if name in PERCENT_FIELDS else 1
            widget.setRange(low * scale, high * scale)


def form_group(title: str, rows) -> QtWidgets.QGroupBox:
    """A titled form; each row's label shares its control's tooltip, so hovering either explains.
    rows: (label, widget), or (None, widget) for a widget across the whole row."""
    box = QtWidgets.QGroupBox(title)
    form = QtWidgets.QFormLayout(box)
    form.setFieldGrowthPolicy(QtWidgets.QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
    for label, widget in rows:
        if label is None:
            form.addRow(widget)
        else:
            form.addRow(QtWidgets.QLabel(label, toolTip=widget.toolTip(), buddy=widget), widget)
    return box
