"""The interface in Simplified Chinese: the catalogue matches the code and keeps what the code fills
in; the language follows the system or the menu; and a window built in Chinese shows no English
left untranslated, on every page a user reaches."""

from __future__ import annotations

import html
import importlib.util
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6 import QtCore, QtGui, QtWidgets

from gptstudio.ui import i18n

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "i18n" / "gptstudio_zh_CN.ts"


def _translations_script():
    spec = importlib.util.spec_from_file_location("translations", ROOT / "scripts" / "translations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _messages():
    for context in ET.parse(TS).getroot().iter("context"):
        for message in context.iter("message"):
            yield (context.findtext("name"), message.findtext("source"),
                   message.findtext("translation") or "", message.findtext("comment") or "")


def test_the_catalogue_matches_the_code_and_the_shipped_qm_is_compiled_from_it():
    """Fails when a new interface string has no translation, or the .ts/.qm were not updated."""
    assert _translations_script().check() == []


def _fields(text: str) -> list[str]:
    return sorted(re.findall(r"\{[^{}]*\}", text))


def _tags(text: str) -> list[str]:
    return sorted(re.findall(r"</?[a-zA-Z][^<>]*>", text))


def _accelerators(text: str) -> list[str]:
    """The letters after a single & (Qt's mnemonic), not && and not an HTML entity."""
    text = re.sub(r"&[a-z]+;", "", text.replace("&&", ""))
    return [m.upper() for m in re.findall(r"&(\S)", text)]


def test_every_translation_keeps_the_placeholders_tags_and_shortcut_letters():
    messages = list(_messages())
    assert len(messages) > 700
    for context, source, translation, comment in messages:
        where = f"{context}: {source!r} -> {translation!r}"
        assert translation.strip(), where
        if _fields(comment):  # "also given: {x}": the code fills in more values than the source uses
            assert set(_fields(translation)) <= set(_fields(source) + _fields(comment)), where
        else:
            assert _fields(translation) == _fields(source), where
        assert _tags(translation) == _tags(source), where
        assert _accelerators(translation) == _accelerators(source), where
        assert re.findall(r"%[vmp%]", translation) == re.findall(r"%[vmp%]", source), where
        assert translation.count("\n") == source.count("\n"), where
        # The placeholders still fill in: .format with every field given a value works.
        names = {re.split(r"[:!]", f[1:-1])[0] for f in _fields(source) + _fields(comment)}
        if names and all(names):
            translation.format(**{name: 1 for name in names})


@pytest.mark.parametrize(("name", "expected"), [
    ("zh_CN", "zh_CN"), ("zh_SG", "zh_CN"), ("zh_TW", "en"), ("zh_HK", "en"),
    ("en_US", "en"), ("de_DE", "en"), ("ja_JP", "en"),
])
def test_the_system_language_picks_simplified_chinese_only_for_simplified_chinese(name, expected):
    assert i18n.system_language(QtCore.QLocale(name)) == expected


@pytest.fixture
def chinese(qapp):
    """The app's translators set to Simplified Chinese for one test, English again after it."""
    assert i18n.install(qapp, "zh_CN")
    yield
    assert i18n.install(qapp, "en")


def test_installing_a_language_translates_and_english_needs_no_catalogue(qapp, chinese):
    assert i18n.translate("MainWindow", "&File") == "文件(&F)"
    assert QtWidgets.QApplication.translate("QPlatformTheme", "Cancel") == "取消"  # Qt's own words
    assert i18n.install(qapp, "en")
    assert i18n.translate("MainWindow", "&File") == "&File"
    assert i18n.install(qapp, "zh_CN")


def test_a_chosen_language_wins_over_the_system_and_a_bad_value_means_follow_it(tmp_path):
    settings = QtCore.QSettings(str(tmp_path / "s.ini"), QtCore.QSettings.Format.IniFormat)
    assert i18n.chosen_language(settings) == ""
    settings.setValue(i18n.SETTING, "zh_CN")
    assert i18n.effective_language(settings) == "zh_CN"
    settings.setValue(i18n.SETTING, "klingon")
    assert i18n.chosen_language(settings) == ""


def test_the_language_menu_saves_the_choice_and_offers_a_restart(window, answers):
    menu = window.language_menu
    names = [a.text() for a in menu.menu.actions() if not a.isSeparator()]
    assert "English" in names and "简体中文" in names  # each in its own script
    answers.confirm = False  # "Later"
    menu.actions["zh_CN"].trigger()
    assert window.settings.value(i18n.SETTING) == "zh_CN"
    assert answers.asked and "简体中文" in answers.asked[-1]
    # Asked in the language running now and in the one chosen: whoever switches can read it.
    assert "Restart it now?" in answers.asked[-1] and "现在重启吗" in answers.asked[-1]
    assert not window.restart_requested and window.isVisible()

    asked = len(answers.asked)
    menu.actions["en"].trigger()  # the language it runs in: nothing to restart for
    assert len(answers.asked) == asked and window.settings.value(i18n.SETTING) == "en"

    answers.confirm = True  # "Restart now"
    menu.actions["zh_CN"].trigger()
    assert window.restart_requested and not window.isVisible()


def test_restart_is_called_off_when_the_user_keeps_training(window, monkeypatch):
    monkeypatch.setattr(window.train_tab, "is_training", lambda: True)
    from gptstudio.ui.widgets import dialogs

    monkeypatch.setattr(dialogs, "confirm", lambda *args, **kwargs: False)  # "Keep training"
    window.restart()
    assert not window.restart_requested and window.isVisible()


def test_app_start_uses_the_chosen_language(qapp, monkeypatch):
    """app.run() reads the setting, installs the catalogue and builds the window in that language."""
    from gptstudio.ui import app
    from gptstudio.ui.main import main_window

    main_window.app_settings().setValue(i18n.SETTING, "zh_CN")
    built = {}

    class Window(main_window.MainWindow):
        def __init__(self, **kwargs):
            super().__init__(load_torch=False, **kwargs)
            built["window"] = self

        def show(self):
            built["title"] = self.menuBar().actions()[0].text()

    monkeypatch.setattr(main_window, "MainWindow", Window)
    monkeypatch.setattr(app, "install_excepthook", lambda window: None)
    monkeypatch.setattr(qapp, "exec", lambda: 0)
    try:
        assert app.run() == 0
        assert built["window"].language == "zh_CN" and built["title"] == "文件(&F)"
    finally:
        built["window"].shutdown()
        built["window"].deleteLater()
        i18n.install(qapp, "en")


def test_a_requested_restart_starts_the_app_again_after_the_window_closed(qapp, monkeypatch):
    from gptstudio.ui import app
    from gptstudio.ui.main import main_window

    started = []

    class Window(main_window.MainWindow):
        def __init__(self, **kwargs):
            super().__init__(load_torch=False, **kwargs)
            self.restart_requested = True  # as MainWindow.restart() leaves it, once closed
            started.append(self)

    monkeypatch.setattr(main_window, "MainWindow", Window)
    monkeypatch.setattr(app, "install_excepthook", lambda window: None)
    monkeypatch.setattr(qapp, "exec", lambda: 0)
    monkeypatch.setattr(QtCore.QProcess, "startDetached",
                        staticmethod(lambda program, args: started.append((program, args)) or True))
    try:
        assert app.run() == 0
        assert started[-1] == (sys.executable, ["-m", "gptstudio"])
    finally:
        started[0].shutdown()
        started[0].deleteLater()


# -- no English left in a Chinese window ------------------------------------------------------------

# Names and symbols that stay as they are in the Chinese interface (docs/translating.md).
KEPT = {
    "GPT", "Studio", "BPE", "PCA", "CPU", "GPU", "CUDA", "MPS", "Apple", "NVIDIA", "PNG", "SVG",
    "CSV", "ZIP", "zip", "Hugging", "Face", "transformers", "safetensors", "eos", "unk", "pad",
    "nanoGPT", "Shakespeare", "tiny", "English", "Ctrl", "Shift", "Esc", "Enter", "Return", "txt",
    "softmax", "logits", "fp32", "bf16", "fp16", "top", "Top", "bench", "time_to_quality", "py",
    "AdamW", "Muon", "GELU", "Transformer", "Dropout", "Adam", "beta", "torch", "compile", "bfloat16",
    "float16", "H100", "F11", "Language",  # View ▸ 语言 / Language: findable in either
    "LoRA", "BERT", "WordPiece",  # a fine-tuning method, a model and its vocabulary: names
    # Encodings by their names, and the regular expressions' language (the Corpus tab).
    "UTF", "Unicode", "Windows", "GB18030", "GBK", "Big5", "JIS", "EUC", "ISO", "Latin", "Python",
    "GGUF", "llama", "cpp", "Ollama", "Jan", "Hub", "numpy",  # File ▸ Export model
    "JSON",  # conversations in JSON lines (the data mode Conversations)
}


def _demo_corpora() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "corpora").glob("*.txt"))


DEMO_CORPORA = _demo_corpora()


def _english_words(text: str) -> set[str]:
    text = html.unescape(re.sub(r"<[^<>]+>", " ", text))
    text = re.sub(r"\b[Mm]in-p\b|\b[Tt]op-[kp]\b", " ", text)  # sampling methods keep their names
    for quoted in re.findall(r"“([^”]+)”", text):  # a quote from a demo text stays in its language
        if quoted in DEMO_CORPORA:
            text = text.replace(quoted, " ")
    return {w for w in re.findall(r"[A-Za-z][A-Za-z_0-9]{2,}", text) if w not in KEPT}


def _visible_texts(root: QtWidgets.QWidget, user_text: set[str]) -> dict[str, str]:
    """Interface text on and under root (labels, buttons, tooltips, titles, entries), by widget;
    the corpus, prompts and what the model wrote (user_text) are not interface text."""
    found: dict[str, str] = {}  # where -> the text with English in it

    def add(where: str, text: str) -> None:
        shown = text
        for known in sorted(user_text, key=len, reverse=True):
            shown = shown.replace(known, " ") if known.strip() else shown
        if _english_words(shown):
            found[f"{where} {sorted(_english_words(shown))}"] = text

    for widget in [root, *root.findChildren(QtWidgets.QWidget)]:
        name = f"{type(widget).__name__}:{widget.objectName()}"
        add(name + " tooltip", widget.toolTip())
        add(name + " title", widget.windowTitle() if widget.isWindow() else "")
        if isinstance(widget, QtWidgets.QLabel | QtWidgets.QAbstractButton):
            add(name, widget.text())
        if isinstance(widget, QtWidgets.QGroupBox):
            add(name, widget.title())
        if isinstance(widget, QtWidgets.QLineEdit | QtWidgets.QPlainTextEdit | QtWidgets.QTextEdit):
            add(name + " placeholder", widget.placeholderText())
        if isinstance(widget, QtWidgets.QAbstractSpinBox):
            add(name + " special", getattr(widget, "specialValueText", lambda: "")())
            add(name + " suffix", getattr(widget, "suffix", lambda: "")())
        if isinstance(widget, QtWidgets.QComboBox):
            for i in range(widget.count()):
                add(name + " entry", widget.itemText(i))
                add(name + " entry tip", str(widget.itemData(i, QtCore.Qt.ItemDataRole.ToolTipRole) or ""))
        if isinstance(widget, QtWidgets.QTabWidget):
            for i in range(widget.count()):
                add(name + " tab", widget.tabText(i) + " " + widget.tabToolTip(i))
        if isinstance(widget, QtWidgets.QTableWidget):
            for i in range(widget.columnCount()):
                item = widget.horizontalHeaderItem(i)
                add(name + " header", item.text() if item else "")
    for action in root.findChildren(QtGui.QAction):
        add(f"action {action.objectName()}", action.text() + " " + action.toolTip())
    for menu in root.findChildren(QtWidgets.QMenu):
        add("menu", menu.title())
    return found


def test_a_chinese_window_shows_no_untranslated_text_before_and_after_training(
        qtbot, chinese, make_window, answers):
    from tests.ui.test_main_window import fast_settings, wait_until_idle

    window = make_window(language="zh_CN")
    seen = {"welcome": _visible_texts(window, set())}

    window.project_actions.create_from_demo("chinese")
    corpus = window.corpus_tab.text()
    user_text = {corpus, *corpus.splitlines(), window.project.name}
    fast_settings(window, max_iters=20, eval_interval=10)
    window.train_tab.start()
    wait_until_idle(qtbot, window)
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
    samples = {text for _step, text in window.train_tab._samples}
    user_text |= samples | {line for s in samples for line in s.splitlines()}
    inspect = window.inspect_tab
    qtbot.waitUntil(lambda: inspect.loaded_checkpoint() is not None, timeout=30_000)
    for index in range(inspect.views.count()):
        inspect.views.setCurrentIndex(index)
    qtbot.waitUntil(lambda: inspect.embedding.map is not None and not inspect.tokens.is_counting(),
                    timeout=30_000)  # the views that compute in the thread pool have shown it
    seen["trained"] = _visible_texts(window, user_text)

    window.open_compare()  # its own window: the trained project ticked, one column
    seen["compare"] = _visible_texts(window._compare_window, user_text)
    window._compare_window.close()

    window.trash.delete_project()  # the trash lists it
    window.trash.show_trash()
    qtbot.waitUntil(lambda: bool(window.trash.trash_dialog.entries), timeout=10_000)
    seen["trash"] = _visible_texts(window.trash.trash_dialog, user_text | {
        e.name for e in window.trash.trash_dialog.entries})
    window.trash.trash_dialog.close()
    # The questions asked on the way (delete the project?) are in Chinese too.
    seen["questions"] = {f"question {i}": text for i, text in enumerate(answers.asked)
                         if _english_words(text.replace(window.windowTitle(), ""))}
    assert answers.asked
    untranslated = [f"{state} {where}: {text!r}" for state, found in seen.items()
                    for where, text in found.items()]
    assert not untranslated, "\n".join(untranslated)


def test_engine_sentences_are_shown_in_the_interface_language(chinese):
    """The engine speaks English (CLI, logs); the app shows its Messages translated, values and
    nested words (a device, an invisible character) included."""
    from gptstudio.engine.config import TrainConfig
    from gptstudio.engine.errors import (
        DeviceOutOfMemory,
        Diverged,
        InvalidConfig,
        UnknownCharacters,
    )
    from gptstudio.ui.widgets.text import describe_error, localized

    diverged = Diverged(1234)
    assert "1234" in str(diverged) and "diverged" in str(diverged)  # English for the CLI
    shown = describe_error(diverged)
    assert "1234" in shown and not _english_words(shown)

    unknown = describe_error(UnknownCharacters([" ", "é"]))
    assert "'é'" in unknown and "空格" in unknown and not _english_words(unknown)

    memory = describe_error(DeviceOutOfMemory("cuda"))
    assert memory.startswith("显卡") and not _english_words(memory)

    problems = TrainConfig(batch_size=0, learning_rate=0.0).validate()
    assert problems and all(not _english_words(localized(p)) for p in problems)
    assert not _english_words(describe_error(InvalidConfig(problems)))


def test_engine_sentences_stay_english_without_a_translation():
    from gptstudio.engine.errors import Diverged
    from gptstudio.ui.widgets.text import describe_error

    assert describe_error(Diverged(7)) == str(Diverged(7))


def test_the_main_window_and_its_controllers_translate_shared_text_alike():
    """A text said by both MainWindow and one of its controllers (ProjectActions, Runs), such as
    the status bar's "Ready", must read the same whichever says it."""
    by_source: dict[tuple[str, str], set[str]] = {}
    for context, source, translation, comment in _messages():
        if context in ("MainWindow", "ProjectActions", "Runs"):
            by_source.setdefault((source, comment), set()).add(translation)
    assert {key: t for key, t in by_source.items() if len(t) > 1} == {}


def test_a_project_error_in_a_worker_is_a_sentence_not_a_crash(chinese):
    from gptstudio.engine.errors import describe_os_error
    from gptstudio.projects.project import ProjectError
    from gptstudio.ui.workers import plain_error

    error = ProjectError(describe_os_error(OSError(2, "No such file or directory")))
    shown = plain_error(error)
    assert shown == "文件或文件夹不存在"


def test_lists_and_sentences_are_joined_as_the_language_does(chinese):
    from gptstudio.engine.errors import UnknownCharacters
    from gptstudio.ui.widgets.text import describe_error, join_sentences

    assert join_sentences(["第一句。", "第二句。"]) == "第一句。第二句。"
    assert join_sentences(["One.", "Two."]) == "One. Two."
    shown = describe_error(UnknownCharacters(["\n", " "]))
    assert "换行、空格" in shown or "换行符、空格" in shown, shown


def test_a_refused_file_is_explained_in_chinese(chinese, make_window, tmp_path):
    window = make_window(language="zh_CN")
    window.project_actions.create_from_demo("names")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    assert not window.corpus_tab.load_file(str(binary))
    shown = window.message_bar.text()
    assert "photo.txt" in shown and "PNG" in shown
    assert not _english_words(shown.replace("photo.txt", "")), shown


def test_the_open_dialogs_list_the_text_files_people_keep_in_every_language(chinese):
    """A subtitle file (.srt) was hidden in the Open dialog until the user chose "All files",
    while the welcome page says any plain text file works. The Chinese filter must list the same
    files: its patterns are the English ones."""
    from gptstudio.ui.widgets.dialogs import text_file_filter

    shown = text_file_filter()
    assert shown.startswith("文本文件")
    patterns = re.findall(r"\(([^)]*)\)", shown)
    assert patterns[0].split() == ["*.txt", "*.md", "*.text", "*.csv", "*.tsv", "*.json", "*.jsonl",
                                   "*.srt", "*.vtt", "*.sub", "*.log", "*.html", "*.htm", "*.xml",
                                   "*.rst", "*.tex"]
    assert patterns[1] == "*"
