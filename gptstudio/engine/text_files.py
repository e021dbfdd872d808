"""From the bytes of a file a user picked to text: its size, whether it is text at all, and its
encoding.

People's text files come in the encodings their systems wrote: UTF-8 with or without a byte-order
mark, UTF-16 (Windows' "Unicode"), GB18030/GBK (Chinese Windows), Big5 (Taiwan, Hong Kong),
Shift-JIS (Japan), EUC-KR (Korea) and Windows-1252 (Western Europe). The order of the checks:

1. a known binary signature (PDF, images, archives, programs) is refused by name;
2. a byte-order mark says the encoding outright;
3. UTF-16 without a mark shows as a NUL byte at every other position (mostly Latin text);
4. bytes that decode as UTF-8 are UTF-8 (other encodings almost never form valid UTF-8); bytes
   that decode as UTF-16 to printable lines are UTF-16 (Chinese text written without a mark);
5. otherwise charset-normalizer (https://github.com/jawah/charset_normalizer) picks among the
   encodings above. It is asked with C0 control bytes taken out (in every one of these encodings
   they are single bytes that never occur inside a character), because terminal colour codes made
   it give up on a Chinese file; and only among these encodings, because on its own it took a
   French Windows-1252 text for Baltic Windows-1257.

A file that none of this reads as text is refused. Stray control characters inside real text are
not a reason to refuse it: engine/stray_characters.py finds them and the user chooses to clean them.
Line ends become "\\n" (Windows "\\r\\n", old Mac "\\r"); nothing else changes.
"""

from __future__ import annotations

import codecs
import os
import re
from dataclasses import dataclass
from pathlib import Path

from gptstudio.engine.errors import CorpusError, CorpusTooBig, NotText
from gptstudio.engine.messages import QT_TRANSLATE_NOOP, Message

# The largest corpus file GPT Studio opens (app and CLI alike). Measured on 2 CPU cores with plain
# English text (the editor filled in 512 KiB pieces; RSS of the app process):
#   size    editor fill   char stats   word tokenizer + dataset   BPE tokenizer + dataset   peak RSS
#   20 MB   1.0 s         1.1 s        -                          -                         0.25 GB
#   50 MB   3.4 s         2.4-5 s      8 s + 10 s                 17 s + 27 s               0.4-1.1 GB
# Past 50 MB every step a beginner waits on takes tens of seconds, and the app needs gigabytes;
# 50 MB is 50x Tiny Shakespeare, more than a small GPT trained on one computer makes use of.
MAX_CORPUS_BYTES = 50_000_000

# The encodings a user can choose (codec name, how the app names it). The codec names are Python's.
ENCODINGS: tuple[tuple[str, str], ...] = (
    ("utf-8", QT_TRANSLATE_NOOP("Engine", "UTF-8 (most files today)")),
    ("utf-16", QT_TRANSLATE_NOOP("Engine", "UTF-16 (Windows “Unicode”)")),
    ("gb18030", QT_TRANSLATE_NOOP("Engine", "GB18030 / GBK (Simplified Chinese)")),
    ("big5", QT_TRANSLATE_NOOP("Engine", "Big5 (Traditional Chinese)")),
    ("cp932", QT_TRANSLATE_NOOP("Engine", "Shift-JIS (Japanese)")),
    ("cp949", QT_TRANSLATE_NOOP("Engine", "EUC-KR (Korean)")),
    ("cp1252", QT_TRANSLATE_NOOP("Engine", "Windows-1252 (Western European)")),
    ("latin-1", QT_TRANSLATE_NOOP("Engine", "Latin-1 (ISO 8859-1)")),
)
ENCODING_NAMES = dict(ENCODINGS)
# What charset-normalizer may answer, and what each answer is called here.
_DETECTABLE = ("utf_8", "gb18030", "big5", "cp932", "cp949", "cp1252")
_DETECTED_AS = {"utf_8": "utf-8", "gb18030": "gb18030", "gb2312": "gb18030", "gbk": "gb18030",
                "big5": "big5", "big5hkscs": "big5", "cp950": "big5", "shift_jis": "cp932",
                "cp932": "cp932", "euc_kr": "cp949", "cp949": "cp949", "cp1252": "cp1252",
                "latin_1": "cp1252", "ascii": "utf-8"}
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
DETECTION_BYTES = 200_000  # charset-normalizer reads at most this much: enough, and fast

_BINARY_SIGNATURES = {  # what the file looks like, put in "This file is not text: it looks like ..."
    b"%PDF": QT_TRANSLATE_NOOP("Engine", "a PDF document"),
    b"\x89PNG": QT_TRANSLATE_NOOP("Engine", "a PNG image"),
    b"\xff\xd8\xff": QT_TRANSLATE_NOOP("Engine", "a JPEG image"),
    b"GIF8": QT_TRANSLATE_NOOP("Engine", "a GIF image"),
    b"PK\x03\x04": QT_TRANSLATE_NOOP("Engine", "a zip archive (or a Word/Excel file)"),
    b"\x1f\x8b": QT_TRANSLATE_NOOP("Engine", "a gzip archive"),
    b"\x7fELF": QT_TRANSLATE_NOOP("Engine", "a program"),
    b"MZ": QT_TRANSLATE_NOOP("Engine", "a Windows program"),
    b"\xd0\xcf\x11\xe0": QT_TRANSLATE_NOOP("Engine", "an old Office document"),
    b"Rar!": QT_TRANSLATE_NOOP("Engine", "a RAR archive"),
    b"7z\xbc\xaf": QT_TRANSLATE_NOOP("Engine", "a 7-Zip archive"),
    b"ID3": QT_TRANSLATE_NOOP("Engine", "an MP3 file"),
    b"RIFF": QT_TRANSLATE_NOOP("Engine", "a media file"),
}
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig", "utf-8"), (b"\xff\xfe\x00\x00", "utf-32", "utf-32"),
         (b"\x00\x00\xfe\xff", "utf-32", "utf-32"), (b"\xff\xfe", "utf-16", "utf-16"),
         (b"\xfe\xff", "utf-16", "utf-16"))


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str  # a key of ENCODING_NAMES (or "utf-32")
    how: str  # "mark" (byte-order mark), "valid" (decodes as UTF-8), "detected", "chosen"

    def encoding_name(self) -> Message:
        """How a user knows the encoding ("GB18030 / GBK (Simplified Chinese)"), translatable."""
        if self.encoding in ENCODING_NAMES:
            return Message(ENCODING_NAMES[self.encoding])
        return Message("{name}", name=self.encoding.upper())


def check_corpus_size(size: int, appended: bool = False) -> None:
    if size > MAX_CORPUS_BYTES:
        raise CorpusTooBig(size, MAX_CORPUS_BYTES, appended)


def read_corpus_file(path: str | Path, encoding: str | None = None) -> DecodedText:
    """A text file the user picked -> its text. Its size is checked before a byte is read
    (CorpusTooBig); then decode_corpus_bytes says whether it is text, and in which encoding."""
    with open(path, "rb") as file:
        check_corpus_size(os.fstat(file.fileno()).st_size)
        # At most one byte past the limit: a file that grew since, or a device such as /dev/zero
        # (size 0), is refused without filling the memory.
        raw = file.read(MAX_CORPUS_BYTES + 1)
        check_corpus_size(max(len(raw), os.fstat(file.fileno()).st_size))
    return decode_corpus_bytes(raw, encoding)


def decode_corpus_bytes(raw: bytes, encoding: str | None = None) -> DecodedText:
    """Bytes of a file -> DecodedText, or CorpusError saying why it is not text. `encoding`: the
    user's choice (a key of ENCODING_NAMES); undecodable bytes then become U+FFFD."""
    for magic, what in _BINARY_SIGNATURES.items():
        if raw.startswith(magic):
            raise NotText(Message(QT_TRANSLATE_NOOP(
                "Engine", "This file is not text: it looks like {what}. Choose a plain text file "
                          "(.txt or .md)."), what=Message(what)), known_format=True)
    if encoding is not None:
        codec = "utf-8-sig" if encoding == "utf-8" else encoding
        decoded = DecodedText(raw.decode(codec, errors="replace"), encoding, "chosen")
    else:
        decoded = _guess(raw)
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
    check_corpus_text(text)
    return DecodedText(text, decoded.encoding, decoded.how)


def _guess(raw: bytes) -> DecodedText:
    for mark, codec, name in _BOMS:
        if raw.startswith(mark):
            return DecodedText(raw.decode(codec, errors="replace"), name, "mark")
    utf16 = _utf16_without_mark(raw)
    if utf16 is not None:
        return utf16
    utf16 = _utf16_by_content(raw) if 0 in raw else None
    if utf16 is not None:
        return utf16
    if raw.count(0) > max(1, len(raw) // 100):
        raise _binary()  # a few stray NULs happen in text; one byte in a hundred only in binaries
    try:
        return DecodedText(raw.decode("utf-8"), "utf-8", "valid")
    except UnicodeDecodeError:
        pass
    import charset_normalizer

    sample = _CONTROL_BYTES.sub(b"", raw[:DETECTION_BYTES])
    best = charset_normalizer.from_bytes(sample, cp_isolation=list(_DETECTABLE)).best()
    encoding = _DETECTED_AS.get(best.encoding) if best is not None else None
    if encoding is None:
        # No encoding reads it well: Windows-1252, whose five undefined byte values are read as
        # Latin-1 reads them (so that one odd byte does not turn every curly quote and dash of
        # the file into a control character); check_corpus_text then judges what came out.
        return DecodedText(raw.decode("cp1252", errors=_LATIN1_FALLBACK), "cp1252", "detected")
    return DecodedText(raw.decode(encoding, errors="replace"), encoding, "detected")


def _latin1_fallback(error: UnicodeDecodeError) -> tuple[str, int]:
    return error.object[error.start:error.end].decode("latin-1"), error.end


_LATIN1_FALLBACK = "gptstudio-latin1-fallback"
codecs.register_error(_LATIN1_FALLBACK, _latin1_fallback)


def _utf16_without_mark(raw: bytes) -> DecodedText | None:
    """UTF-16 text of mostly Latin letters has a NUL as every other byte (high bytes first in
    big-endian files, second in little-endian ones)."""
    sample = raw[:65536]
    half = len(sample) // 2
    if half < 8:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    for nuls, others, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if nuls > 0.4 * half and others < 0.05 * half:
            try:
                return DecodedText(raw.decode(codec), "utf-16", "detected")
            except UnicodeDecodeError:
                return None
    return None


def _utf16_by_content(raw: bytes) -> DecodedText | None:
    """UTF-16 without a mark and with few Latin letters (a Chinese file from a program that wrote
    no mark): it decodes as UTF-16 in one byte order to text that is all printable, with line
    breaks; random bytes almost never do."""
    if len(raw) % 2 or len(raw) < 16:
        return None
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        sample = text[:20_000]
        readable = sum(1 for c in sample if c.isprintable() or c in "\n\r\t")
        if "\n" in sample and readable >= 0.99 * len(sample):
            return DecodedText(text, "utf-16", "detected")
    return None


def _binary() -> CorpusError:
    return NotText(Message(QT_TRANSLATE_NOOP(
        "Engine", "This file is not text: it contains binary data. Choose a plain text file "
                  "(.txt or .md).")))


# Characters that are not text: the C0 controls but tab, line feed, form feed and escape (which
# terminal and printer output carry), DEL, the C1 controls and U+FFFD (a byte that did not decode).
# A text may hold a few (stray_characters.py offers to clean them); one made of many is not text.
_UNREADABLE = re.compile("[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f-\x9f\ufffd]")
UNREADABLE_SHARE = 0.1  # more than this share of unreadable characters: not text


def check_corpus_text(text: str) -> None:
    """Refuses an empty text, one of only blanks, and one that is mostly not text. A few stray
    control characters (colour codes, NULs, backspaces) are no reason to refuse."""
    if not text:
        raise CorpusError(Message(QT_TRANSLATE_NOOP(
            "Engine", "The corpus is empty: type or paste some text, or open a text file.")))
    if not text.strip():
        raise CorpusError(Message(QT_TRANSLATE_NOOP(
            "Engine", "The corpus holds only spaces and blank lines: add some text.")))
    sample = text[:100_000]
    unreadable = len(_UNREADABLE.findall(sample))
    if unreadable > max(10, UNREADABLE_SHARE * len(sample)):
        raise NotText(Message(QT_TRANSLATE_NOOP(
            "Engine", "The corpus does not look like text (it holds many control or unreadable "
                      "characters). Open a plain text file instead.")))
