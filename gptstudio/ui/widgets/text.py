"""Numbers in words a user reads at a glance."""

from __future__ import annotations

from gptstudio.ui.i18n import translate

# Plain functions (no Qt object): their words are in the "TextFormat" context. translate() needs no
# QApplication (without one it returns the English text), so these work in scripts and tests too.


def format_duration(seconds: float | None) -> str:
    if seconds is None or seconds != seconds or seconds == float("inf"):
        return translate("TextFormat", "unknown time")
    seconds = max(0, int(round(seconds)))
    if seconds < 60:
        return translate("TextFormat", "{seconds} s").format(seconds=seconds)
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return translate("TextFormat", "{minutes} min {seconds:02d} s").format(minutes=minutes,
                                                                               seconds=seconds)
    hours, minutes = divmod(minutes, 60)
    return translate("TextFormat", "{hours} h {minutes:02d} min").format(hours=hours, minutes=minutes)


def device_name(device: str) -> str:
    """"the processor (CPU)" for "cpu", "cuda:0" or "cuda (NVIDIA H100)": named as the status
    bar's device label names them, never the engine's word."""
    kind = device.split(":")[0].split(" ")[0]
    names = {"cuda": translate("DeviceName", "the graphics card (CUDA)"),
             "mps": translate("DeviceName", "the Apple GPU (MPS)"),
             "cpu": translate("DeviceName", "the processor (CPU)")}
    return names.get(kind, device)


def format_bytes(n: float) -> str:
    if n < 1024:
        return translate("TextFormat", "{size:,.0f} bytes").format(size=n)
    n /= 1024
    if n < 1024:
        return translate("TextFormat", "{size:,.1f} KB").format(size=n)
    n /= 1024
    if n < 1024:
        return translate("TextFormat", "{size:,.1f} MB").format(size=n)
    return translate("TextFormat", "{size:,.1f} GB").format(size=n / 1024)


def join_list(items) -> str:
    """Names one after the other: "a, b, c" ("a、b、c" in Chinese)."""
    return translate("TextFormat", ", ", "between the items of a list").join(items)


# Sentences that end with one of these need no space before the next (Chinese, Japanese).
_FULL_WIDTH_ENDS = tuple("。！？；：）」』”")


def join_sentences(sentences) -> str:
    """Sentences one after the other: a space between them, none after a full-width full stop."""
    text = ""
    for sentence in sentences:
        if text and sentence:
            text += "" if text.endswith(_FULL_WIDTH_ENDS) else " "
        text += sentence
    return text


def localized(text) -> str:
    """A sentence from the engine or the projects (a Message) in the interface's language; any
    other text as it is. Values that are Messages themselves are translated in turn."""
    from gptstudio.engine.messages import Message

    if not isinstance(text, Message):
        return text if isinstance(text, str) else str(text)
    if text.separator is not None:  # engine.messages.joined(): a list, or sentences in a row
        items = [localized(item) for item in text.params.values()]
        return (join_list(items) if text.separator == ", " else
                join_sentences(items) if text.separator == " " else text.separator.join(items))
    values = {key: localized(value) if isinstance(value, Message) else value
              for key, value in text.params.items()}
    return translate("Engine", text.template).format(**values)


def describe_error(error: BaseException) -> str:
    """An error as a sentence for the message bar, in the interface's language: "the disk is
    full", never "[Errno 28] ..."."""
    from gptstudio.engine.errors import InvalidConfig
    from gptstudio.engine.messages import Message

    if isinstance(error, InvalidConfig):
        return join_sentences(localized(problem) for problem in error.problems)
    if isinstance(error, OSError) and error.errno is not None:
        from gptstudio.engine.errors import describe_os_error

        return localized(describe_os_error(error))
    if len(error.args) == 1 and isinstance(error.args[0], Message):
        return localized(error.args[0])
    return str(error)


def visible_whitespace(text: str) -> str:
    """Spaces, line breaks and tabs given a visible stand-in (␣ ↵ ⇥), for token labels."""
    return text.replace(" ", "␣").replace("\n", "↵").replace("\t", "⇥")


def token_label(text: str, limit: int = 14) -> str:
    """A token as a user can read it on a chart: whitespace made visible, <eos> said in words,
    long tokens cut."""
    if text == "<eos>":
        return translate("TextFormat", "(end)", "token label: the end-of-text token")
    shown = visible_whitespace(text)
    return shown if len(shown) <= limit else shown[:limit - 1] + "…"


def percent(p: float) -> str:
    """A probability as a short percentage: 31%, 5.9%, <0.1%."""
    if p == 0:
        return "0%"
    return f"{p:.0%}" if p >= 0.1 else f"{p:.1%}" if p >= 0.001 else "<0.1%"


def document_positions(text: str) -> list[int]:
    """Where each character of `text` (and its end) is in a Qt text document showing it: Qt counts
    UTF-16 units, so a character beyond the Basic Multilingual Plane (most emoji) takes two.
    Spans the engine computes on Python strings go through this before they mark a document."""
    if text.isascii() or max(text) <= "\uffff":
        return list(range(len(text) + 1))
    positions = [0]
    for character in text:
        positions.append(positions[-1] + (2 if character > "\uffff" else 1))
    return positions
