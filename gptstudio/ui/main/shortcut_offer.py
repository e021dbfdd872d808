"""On the first start, offer once to add GPT Studio to the applications menu (gptstudio/shortcut.py).

Offered in the message bar, which needs no answer: whoever ignores it is not asked again. Not
offered when the entry is already there, nor where there is no desktop to put it in.
"""

from __future__ import annotations

import sys
from functools import partial

from gptstudio import shortcut
from gptstudio.ui.i18n import translate

OFFERED_KEY = "shortcut/offered"


def should_offer(settings, platform_name: str) -> bool:
    if settings.value(OFFERED_KEY, False, type=bool) or platform_name in ("offscreen", "minimal"):
        return False
    return sys.platform in ("win32", "darwin") or sys.platform.startswith("linux")


def offer_once(window, platform_name: str | None = None) -> bool:
    """Show the offer if it was never shown (and the entry is not there yet); True when shown.
    platform_name: Qt's platform (the app's own by default)."""
    from PySide6 import QtGui

    platform_name = platform_name or QtGui.QGuiApplication.platformName()
    if not should_offer(window.settings, platform_name):
        return False
    window.settings.setValue(OFFERED_KEY, True)
    if shortcut.exists():
        return False
    bar = window.message_bar if window.project is not None else window.welcome_bar
    bar.show_message("info", translate(
        "ShortcutOffer", "Add GPT Studio to your applications menu, with its icon, so that it "
                         "starts like your other programs?"),
        action=(translate("ShortcutOffer", "Add to the menu"), partial(add_shortcut, window)))
    return True


def add_shortcut(window) -> None:
    from gptstudio.ui.widgets.text import describe_error

    try:
        path = shortcut.create()
    except shortcut.ShortcutError as e:
        window.show_message("error", translate(
            "ShortcutOffer", "GPT Studio could not be added to the applications menu: {problem}"
        ).format(problem=str(e)))
        return
    except OSError as e:
        window.show_message("error", translate(
            "ShortcutOffer", "GPT Studio could not be added to the applications menu: {problem}"
        ).format(problem=describe_error(e)))
        return
    window.show_message("info", translate(
        "ShortcutOffer", "GPT Studio is now in your applications menu ({path}).").format(path=path))
