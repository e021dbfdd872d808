"""What the settings panel offers in its lists, and how its fields are grouped.

Labels and tooltips are marked here, in the "SettingsPanel" translation context, and translated
where the panel shows them (translate("SettingsPanel", text)).
"""

from __future__ import annotations

from gptstudio.ui.i18n import QT_TRANSLATE_NOOP

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
