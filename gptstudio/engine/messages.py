"""Sentences for the user that the app can show in the user's language, while the engine stays
Qt-free and speaks English (the CLI, the logs and the tests read the English).

A Message is the English sentence itself (a str), which also keeps the template it was made from
and the values filled in. The app translates the template (context "Engine", found by lupdate
through QT_TRANSLATE_NOOP) and fills in the values, translating those that are Messages too:

    Message(QT_TRANSLATE_NOOP("Engine", "Training diverged at step {step:,}."), step=step)

String operations on a Message (+, .join, slicing) give a plain str, English only: build the
whole sentence as one template instead.
"""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate looks for
    """Marks a template for the app's translations; returns it unchanged."""
    return text


class Message(str):
    """An English sentence that remembers its template and values (see the module's docstring)."""

    template: str
    params: dict
    separator: str | None = None  # set by joined(): the items are params' values, in order

    def __new__(cls, template: str, **params) -> Message:
        message = super().__new__(cls, template.format(**params))
        message.template = template
        message.params = params
        return message

    def __reduce__(self):  # pickled as template and values (multiprocessing, worker processes)
        return (_rebuild, (self.template, self.params, self.separator))


def _rebuild(template: str, params: dict, separator: str | None = None) -> Message:
    message = Message(template, **params)
    message.separator = separator
    return message


def joined(items: list[str], separator: str = " ") -> Message:
    """Sentences (separator " "), names (", ") or phrases one after the other: each item that is a
    Message is translated on its own, and the app joins them as its language does."""
    values = {f"item{i}": item for i, item in enumerate(items)}
    between = separator.replace("{", "{{").replace("}", "}}")
    message = Message(between.join("{" + key + "}" for key in values), **values)
    message.separator = separator  # the app joins the translated items in its language's way
    return message
