"""Text <-> token ids, read from tokenizer.json: the same ids GPT Studio gave this text.

A model only sees numbers. A tokenizer cuts text into pieces (tokens) and gives each a number (its
id); decoding glues the pieces back. tokenizer.json says which kind this is:

* "char": every character is a token.
* "word": words, single punctuation marks and runs of whitespace; a word the tokenizer never saw
  becomes <unk> ("unknown").
* "bpe": byte-level byte-pair encoding (GPT-2's scheme): text becomes bytes, and merge rules learned
  from the corpus join frequent neighbours into bigger tokens, most useful rule first.

The first ids are special tokens that are never text: <pad> fills short examples, <sos> starts one
and <eos> ends one. Only the Python standard library is used.
"""

import json
import re
import unicodedata


class Tokenizer:
    def __init__(self, path):
        with open(path, encoding="utf-8") as file:
            spec = json.load(file)
        self.kind = spec["kind"]
        self.specials = spec["specials"]
        self.pad_id, self.sos_id, self.eos_id = 0, 1, 2
        if self.kind == "char":
            self.pieces = self.specials + spec["chars"]
        elif self.kind == "word":
            self.pieces = self.specials + spec["words"]
            self.unk_id = self.specials.index("<unk>")
            self.pattern = re.compile(spec["pattern"])
        elif self.kind == "bpe":
            self.pieces = spec["tokens"]  # byte-level strings, specials included
            self.ranks = {tuple(pair): rank for rank, pair in enumerate(spec["merges"])}
            self.to_byte = {char: byte for byte, char in byte_level_alphabet().items()}
            self.split = gpt2_pretokenizer()
            self._cache = {}
        else:
            raise ValueError(f"unknown tokenizer kind {self.kind!r}")
        self.ids = {piece: i for i, piece in enumerate(self.pieces) if i >= len(self.specials)}
        self.vocab_size = len(self.pieces)

    def encode(self, text):
        if self.kind == "char":
            return [self.ids[c] for c in text]  # a KeyError names a character it never saw
        if self.kind == "word":
            ids = []
            for word in self.pattern.findall(text):
                if word in self.ids:
                    ids.append(self.ids[word])
                elif word.isspace():  # an unseen run of spaces: one space at a time
                    ids.extend(self.ids.get(c, self.unk_id) for c in word)
                else:
                    ids.append(self.unk_id)
            return ids
        ids = []
        for word in self.split(text):
            ids.extend(self._bpe(word))
        return ids

    def decode(self, ids):
        first = len(self.specials)
        if self.kind == "word":
            first = self.unk_id  # <unk> reads as "<unk>"
        pieces = [self.pieces[i] for i in ids if i >= first]
        if self.kind != "bpe":
            return "".join(pieces)
        data = bytes(self.to_byte[c] for piece in pieces for c in piece)
        return data.decode("utf-8", errors="replace")

    def _bpe(self, word):
        """One pre-token -> ids: start from its bytes, then apply the merge with the lowest rank
        (learned earliest) wherever it occurs, leftmost first, until no merge applies."""
        if word in self._cache:
            return self._cache[word]
        alphabet = byte_level_alphabet()
        parts = [alphabet[b] for b in word.encode("utf-8")]
        while len(parts) > 1:
            ranked = [(self.ranks.get(pair, float("inf")), i)
                      for i, pair in enumerate(zip(parts, parts[1:]))]
            rank, i = min(ranked)
            if rank == float("inf"):
                break
            parts[i:i + 2] = [parts[i] + parts[i + 1]]
        ids = [self.ids[p] for p in parts]
        self._cache[word] = ids
        return ids


def byte_level_alphabet():
    """GPT-2's printable stand-in character for each of the 256 byte values: printable ones stand
    for themselves, the others (control codes, space) move up to U+0100 and on, so that every
    token is a visible string."""
    printable = [*range(ord("!"), ord("~") + 1), *range(0xA1, 0xAD), *range(0xAE, 0x100)]
    table, shifted = {}, 0
    for byte in range(256):
        if byte in printable:
            table[byte] = chr(byte)
        else:
            table[byte] = chr(0x100 + shifted)
            shifted += 1
    return table


def gpt2_pretokenizer():
    """GPT-2's first cut, before any merge: contractions, letter runs, number runs, other symbols
    (each with one space before it), and whitespace. Merges never cross these pieces. Python's re
    has no \\p{L} (letters) or \\p{N} (numbers), so the classes are built from unicodedata."""
    letters, numbers = _category_class("L"), _category_class("N")
    space = _WHITE_SPACE
    pattern = re.compile(
        rf"'s|'t|'re|'ve|'m|'ll|'d| ?[{letters}]+| ?[{numbers}]+| ?[^{space}{letters}{numbers}]+"
        rf"|[{space}]+(?![^{space}])|[{space}]+")
    return pattern.findall


# Unicode's White_Space characters (what the tokenizer library means by \s).
_WHITE_SPACE = r"\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"


def _category_class(prefix):
    """A regex character class (without brackets) of every code point whose Unicode category
    starts with `prefix` ("L": letters, "N": numbers), as ranges."""
    ranges, start = [], None
    for code in range(0x110000):
        inside = unicodedata.category(chr(code)).startswith(prefix)
        if inside and start is None:
            start = code
        elif not inside and start is not None:
            ranges.append((start, code - 1))
            start = None
    if start is not None:
        ranges.append((start, 0x10FFFF))
    return "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
                   for a, b in ranges)
