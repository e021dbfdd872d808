"""Files as people have them: encodings recognised (or chosen), line ends, binaries refused by name,
stray control characters no reason to refuse, and the size limit before a byte is read."""

import pytest

from gptstudio.engine.errors import CorpusError, CorpusTooBig
from gptstudio.engine.text_files import (
    ENCODING_NAMES,
    MAX_CORPUS_BYTES,
    check_corpus_text,
    decode_corpus_bytes,
    read_corpus_file,
)

# Texts in the scripts each encoding is used for, long enough to recognise (a user's file is longer).
SIMPLIFIED = (
    "床前明月光，疑是地上霜。举头望明月，低头思故乡。\n"
    "白日依山尽，黄河入海流。欲穷千里目，更上一层楼。\n"
    "春眠不觉晓，处处闻啼鸟。夜来风雨声，花落知多少。\n"
    "千山鸟飞绝，万径人踪灭。孤舟蓑笠翁，独钓寒江雪。\n"
    "红豆生南国，春来发几枝。愿君多采撷，此物最相思。\n"
    "空山不见人，但闻人语响。返景入深林，复照青苔上。\n")
TRADITIONAL = (
    "床前明月光，疑是地上霜。舉頭望明月，低頭思故鄉。\n"
    "白日依山盡，黃河入海流。欲窮千里目，更上一層樓。\n"
    "春眠不覺曉，處處聞啼鳥。夜來風雨聲，花落知多少。\n"
    "千山鳥飛絕，萬徑人蹤滅。孤舟蓑笠翁，獨釣寒江雪。\n"
    "紅豆生南國，春來發幾枝。願君多採擷，此物最相思。\n")
JAPANESE = (
    "吾輩は猫である。名前はまだ無い。\n"
    "どこで生れたかとんと見当がつかぬ。何でも薄暗いじめじめした所でニャーニャー泣いていた事だけは"
    "記憶している。吾輩はここで始めて人間というものを見た。しかもあとで聞くとそれは書生という人間"
    "中で一番獰悪な種族であったそうだ。\n")
KOREAN = (
    "대한민국은 민주공화국이다. 대한민국의 주권은 국민에게 있고, 모든 권력은 국민으로부터 나온다.\n"
    "대한민국의 국민이 되는 요건은 법률로 정한다. 국가는 법률이 정하는 바에 의하여 재외국민을 "
    "보호할 의무를 진다.\n오늘은 날씨가 맑고 바람이 시원합니다. 우리는 공원에서 책을 읽었습니다.\n")
WESTERN = (
    "“Café au lait” — naïve résumé of a façade, déjà vu. L’été dernier, nous sommes allés à la mer; "
    "c’était très agréable… ‘Quoted’ prices: 5 € or £4.\n"
    "Über die Brücke gehen wir gemütlich; die Straße ist schön. Grüße aus München – „Anführung“.\n")

CASES = [  # (text, how it is written to disk, the encoding that must be recognised)
    (WESTERN, "utf-8", "utf-8"), (WESTERN, "utf-8-sig", "utf-8"),
    (SIMPLIFIED, "utf-16", "utf-16"), (WESTERN, "utf-16-le", "utf-16"),
    (WESTERN, "utf-16-be", "utf-16"),
    (SIMPLIFIED, "gb18030", "gb18030"), (SIMPLIFIED, "gbk", "gb18030"),
    (TRADITIONAL, "big5", "big5"), (JAPANESE, "shift_jis", "cp932"), (KOREAN, "euc_kr", "cp949"),
    (WESTERN, "cp1252", "cp1252"),
]


@pytest.mark.parametrize("line_end", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("text, codec, expected", CASES)
def test_each_encoding_round_trips_the_original_characters(tmp_path, text, codec, expected, line_end):
    path = tmp_path / "corpus.txt"
    path.write_bytes(text.replace("\n", line_end).encode(codec))
    decoded = read_corpus_file(path)
    assert decoded.text == text  # every character as written; line ends become "\n"
    assert decoded.encoding == expected
    assert decoded.encoding_name() == ENCODING_NAMES[expected]


def test_how_the_encoding_was_found_is_reported():
    assert decode_corpus_bytes(WESTERN.encode()).how == "valid"
    assert decode_corpus_bytes(WESTERN.encode("utf-8-sig")).how == "mark"
    assert decode_corpus_bytes(SIMPLIFIED.encode("gb18030")).how == "detected"


def test_a_chosen_encoding_overrides_the_guess():
    raw = SIMPLIFIED.encode("gb18030")
    assert decode_corpus_bytes(raw, "gb18030").text == SIMPLIFIED
    wrong = decode_corpus_bytes(raw, "big5")  # what a wrong choice gives: other characters
    assert wrong.encoding == "big5" and wrong.how == "chosen" and wrong.text != SIMPLIFIED


def test_terminal_colour_codes_do_not_hide_a_chinese_encoding():
    """The teacher's file: poems with ANSI-coloured titles and "%" lines, here in GB18030."""
    poems = "%\n".join(f"\x1b[32m题目:《诗{i}》\x1b[m\n\x1b[33m作者:李白\x1b[m\n{SIMPLIFIED}"
                       for i in range(5))
    decoded = decode_corpus_bytes(poems.encode("gb18030"))
    assert decoded.encoding == "gb18030" and decoded.text == poems  # the codes stay (cleaned later)


@pytest.mark.parametrize("raw, what", [
    (b"%PDF-1.7\n...", "a PDF document"), (b"\x89PNG\r\n\x1a\n\x00\x00", "a PNG image"),
    (b"PK\x03\x04\x14\x00", "a zip archive"), (b"\x7fELF\x02\x01\x01", "a program"),
])
def test_binary_files_are_refused_by_name(raw, what):
    with pytest.raises(CorpusError, match=what):
        decode_corpus_bytes(raw)


@pytest.mark.parametrize("raw", [
    b"abc\x00\x00\x01\x02def", bytes(range(256)) * 4, b"\x00\x01\x02\x03" * 1000 + b"text",
])
def test_files_that_are_mostly_not_text_are_refused(raw):
    with pytest.raises(CorpusError, match="not"):
        decode_corpus_bytes(raw)


def test_stray_control_characters_in_real_text_are_no_reason_to_refuse():
    text = "A line with a NUL\x00 in it.\n" + ("\x1b[1mBold\x1b[0m and a form feed\x0c.\n"
                                                "Under\x08_lined and a zero\u200bwidth space.\n") * 20
    assert decode_corpus_bytes(text.encode()).text == text
    check_corpus_text(text)


@pytest.mark.parametrize("text", ["", "   \n\n\t "])
def test_empty_corpus_is_refused(text):
    with pytest.raises(CorpusError):
        check_corpus_text(text)


def test_bytes_no_encoding_reads_fall_back_to_latin_1():
    # 0x81 and 0x8d mean nothing in cp1252: the bytes are read as Latin-1.
    assert decode_corpus_bytes(b"caf\xe9 \x81na\xefve\x8d").text == "café \x81naïve\x8d"


def test_one_undefined_byte_leaves_a_windows_files_quotes_and_dashes_alone():
    text = "“Hello,” she said — it’s café… €5.\n" * 30
    decoded = decode_corpus_bytes(text.encode("cp1252") + b"\x81")
    assert decoded.encoding == "cp1252" and decoded.text == text + "\x81"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_chinese_utf16_without_a_mark_is_read(codec):
    assert decode_corpus_bytes(SIMPLIFIED.encode(codec)).text == SIMPLIFIED


def test_a_short_file_with_one_nul_is_text():
    assert decode_corpus_bytes(b"a short note\x00 with a NUL\n").text == "a short note\x00 with a NUL\n"


# -- size -------------------------------------------------------------------------------------------

def sparse_file(path, size):
    """A file of `size` bytes that takes no disk space (and would take the memory if it were read)."""
    with open(path, "wb") as file:
        file.truncate(size)
    return path


@pytest.mark.parametrize("size, shown", [(200_000_000, "200 MB"),
                                         (MAX_CORPUS_BYTES + 1, "just over 50 MB")])
def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path, size, shown):
    path = sparse_file(tmp_path / "big.txt", size)
    with pytest.raises(CorpusTooBig) as caught:
        read_corpus_file(path)
    assert str(caught.value) == (f"This file is {shown}; GPT Studio works with corpora up to "
                                 "50 MB. Use a part of it.")
    assert caught.value.size == size and caught.value.limit == MAX_CORPUS_BYTES


def test_a_file_at_the_limit_is_read(tmp_path):
    line = b"To be, or not to be, that is the question.\n"
    path = tmp_path / "at-limit.txt"
    path.write_bytes(line * (MAX_CORPUS_BYTES // len(line)) + b"x" * (MAX_CORPUS_BYTES % len(line)))
    assert path.stat().st_size == MAX_CORPUS_BYTES
    assert len(read_corpus_file(path).text) == MAX_CORPUS_BYTES
