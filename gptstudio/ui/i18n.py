"""The interface's language: English (the source text) or Simplified Chinese, from Qt's
translation files (`resources/i18n/*.qm`, compiled from the `.ts` sources by
`python scripts/translations.py`).

The app follows the system language unless the user picked one in View ▸ Language; the choice
takes effect at the next start, because Qt widgets built by hand keep the text they were given.
"""

from __future__ import annotations

from PySide6 import QtCore

# QT_TRANSLATE_NOOP(context, text) marks a module-level string for translation;
# translate(context, text) where it is shown. One Qt-free marker for the whole program.
from gptstudio.engine.messages import QT_TRANSLATE_NOOP  # noqa: F401 - re-exported for the UI

# Language codes, with each language's name written in that language, so a user who cannot read
# the current one still finds their own in the menu.
LANGUAGES = {"en": "English", "zh_CN": "简体中文"}
SETTING = "language"  # key in the app's settings.ini; "" or missing: follow the system
APP_CATALOGUE = "gptstudio"  # resources/i18n/gptstudio_<code>.qm


def translate(context: str, text: str, disambiguation: str | None = None) -> str:
    """The text in the interface's language (lupdate finds `translate("Context", "text")` calls)."""
    return QtCore.QCoreApplication.translate(context, text, disambiguation)


def system_language(locale: QtCore.QLocale | None = None) -> str:
    """The supported language closest to the system's interface language (LANGUAGE on Linux, the
    preferred languages on macOS and Windows, not the region's number format): Simplified Chinese
    for Chinese written in simplified characters (mainland China, Singapore), English otherwise."""
    if locale is None:
        preferred = QtCore.QLocale.system().uiLanguages()
        locale = QtCore.QLocale(preferred[0]) if preferred else QtCore.QLocale.system()
    if locale.language() != QtCore.QLocale.Language.Chinese:
        return "en"
    if locale.script() == QtCore.QLocale.Script.TraditionalChineseScript:
        return "en"
    if locale.script() == QtCore.QLocale.Script.SimplifiedChineseScript:
        return "zh_CN"
    return "zh_CN" if locale.territory() in (QtCore.QLocale.Country.China,
                                              QtCore.QLocale.Country.Singapore) else "en"


def chosen_language(settings: QtCore.QSettings) -> str:
    """The language the user picked, or "" to follow the system."""
    value = str(settings.value(SETTING, "") or "")
    return value if value in LANGUAGES else ""


def effective_language(settings: QtCore.QSettings) -> str:
    return chosen_language(settings) or system_language()


def catalogue_dir():
    from gptstudio.ui.resources import resources_dir

    return resources_dir() / "i18n"


_installed: list[QtCore.QTranslator] = []  # the app's translators (Qt keeps no reference of its own)
_system_locale: QtCore.QLocale | None = None  # the default locale before a language was installed


def install(app: QtCore.QCoreApplication, language: str) -> bool:
    """Install the translators for `language` (replacing any earlier ones); True when the app's
    own catalogue loaded. English needs none: it is the source text."""
    global _system_locale
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if _system_locale is None:
        _system_locale = QtCore.QLocale()
    QtCore.QLocale.setDefault(_system_locale)
    if language == "en" or language not in LANGUAGES:
        return language == "en"
    ours = QtCore.QTranslator(app)
    if not ours.load(f"{APP_CATALOGUE}_{language}", str(catalogue_dir())):
        return False  # all in English then: Qt's own words too
    app.installTranslator(ours)
    # Dates, sizes and file types (a file dialog's "plain text document") in the interface's
    # language too: Qt takes those from the default locale, not from the translators.
    QtCore.QLocale.setDefault(QtCore.QLocale(language))
    _installed.append(ours)
    # Qt's own words (OK, Cancel, the file dialog) come with Qt.
    qt_dir = QtCore.QLibraryInfo.path(QtCore.QLibraryInfo.LibraryPath.TranslationsPath)
    qtbase = QtCore.QTranslator(app)
    if qtbase.load(f"qtbase_{language}", qt_dir):
        app.installTranslator(qtbase)
        _installed.append(qtbase)
    return True
