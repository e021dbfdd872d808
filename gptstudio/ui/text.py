"""Numbers in words a user reads at a glance."""

from __future__ import annotations


def format_duration(seconds: float | None) -> str:
    if seconds is None or seconds != seconds or seconds == float("inf"):
        return "unknown time"
    seconds = max(0, int(round(seconds)))
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def format_bytes(n: float) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:,.0f} {unit}" if unit == "bytes" else f"{n:,.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GB"


def describe_error(error: BaseException) -> str:
    """An error as a sentence for the message bar: "the disk is full", never "[Errno 28] ..."."""
    if isinstance(error, OSError) and error.errno is not None:
        from gptstudio.engine.errors import describe_os_error

        return describe_os_error(error)
    return str(error)


def visible_whitespace(text: str) -> str:
    """Spaces, line breaks and tabs given a visible stand-in (␣ ↵ ⇥), for token labels."""
    return text.replace(" ", "␣").replace("\n", "↵").replace("\t", "⇥")


def token_label(text: str, limit: int = 14) -> str:
    """A token as a user can read it on a chart: whitespace made visible, <eos> said in words,
    long tokens cut."""
    if text == "<eos>":
        return "(end)"
    shown = visible_whitespace(text)
    return shown if len(shown) <= limit else shown[:limit - 1] + "…"


def percent(p: float) -> str:
    """A probability as a short percentage: 31%, 5.9%, <0.1%."""
    if p == 0:
        return "0%"
    return f"{p:.0%}" if p >= 0.1 else f"{p:.1%}" if p >= 0.001 else "<0.1%"
