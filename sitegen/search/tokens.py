"""Search tokens: CJK bigrams and unigrams, Latin words, exact identifiers.

Chinese has no spaces, and citizens expect any substring of a title or body to
be findable, so the index uses overlapping character bigrams instead of a word
dictionary; one-character queries are served by unigrams of the short fields
only (title and metadata). The client (themes/default/static/js/search.js)
tokenises queries the same way; keep the two in step.

Token namespaces (the first character tells them apart):
    最低          CJK bigram          税     CJK unigram (short fields only)
    2024, covid  Latin/digit word    nian'bao  pinyin syllable pair (pinyin.py)
    #zwgk        pinyin initials     =清民发〔2025〕3号  exact identifier
"""
from __future__ import annotations

import re
import unicodedata
import zlib
from typing import Iterable, Iterator

from ..doc_numbers import canonical_doc_no, find_doc_numbers, parse_doc_no

# Field bits: a posting keeps every kind of field the term occurs in, so that the client can tell
# 教育局 in the unit name from 教育 in a title plus 育局 in another unit's name.
TITLE, META, BODY = 4, 2, 1

# CJK Extension A, Unified Ideographs, Compatibility Ideographs, 〇 (inclusive code point ranges).
CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x3007, 0x3007))
_CJK = "[" + "".join(f"{chr(low)}-{chr(high)}" for low, high in CJK_RANGES) + "]"
CJK_RUN = re.compile(_CJK + "+")
CJK_CHAR = re.compile(_CJK)
CJK_PAIR = re.compile(f"(?=({_CJK}{{2}}))")      # every two adjacent CJK characters, overlapping
LATIN_RUN = re.compile(r"[a-z0-9]+")
MAX_WORD = 24
# Long digit runs in running text are phone numbers and amounts: noise in a body, kept in metadata.
MAX_BODY_DIGITS = 4
EXACT = "="
MAX_AGENCY = 8          # longest 机关代字 ending kept as a key for a cited 文号


# What NFKC makes of the compatibility characters every Chinese text is full of: full-width
# punctuation, letters and digits, the ideographic space, the ellipsis. Each maps to its whole
# compatibility decomposition, so NFKC of the text with them replaced equals NFKC of the text.
_COMMON_COMPATIBILITY = {chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)} | {"\u3000": " ",
                                                                                           "\u2026": "..."}
_COMMON_COMPATIBLE = re.compile("[\uff01-\uff5e\u3000\u2026]")


def _replace_common_compatibility(text: str) -> str:
    """text.translate(_COMMON_COMPATIBILITY), one str.replace per distinct character found.

    A text holds a handful of distinct ones (，：；（）) many times over; translate looks up
    every character in a dict, about 8 times slower on a real body.
    """
    found = _COMMON_COMPATIBLE.search(text)
    while found is not None:
        char = found.group()
        text = text.replace(char, _COMMON_COMPATIBILITY[char])
        # Nothing before the first occurrence changed, so the search resumes there.
        found = _COMMON_COMPATIBLE.search(text, found.start())
    return text


def normalise(text: str) -> str:
    """NFKC (full-width letters and digits to ASCII) and lower case."""
    # Replacing those first leaves most texts normalised already, and checking costs far less
    # than normalising the whole text.
    text = _replace_common_compatibility(text)
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return text.lower()


def cjk_runs(text: str) -> list[str]:
    return CJK_RUN.findall(text)


def latin_words(normalised: str, body: bool = False) -> Iterator[str]:
    for word in LATIN_RUN.findall(normalised):
        if len(word) > MAX_WORD or (body and word.isdigit() and len(word) > MAX_BODY_DIGITS):
            continue
        yield word


def text_tokens(text: str, unigrams: bool) -> set[str]:
    """Bigrams (and, for short fields, unigrams) of every CJK run, plus Latin words."""
    normalised = normalise(text)
    tokens: set[str] = set(latin_words(normalised, body=not unigrams))
    tokens.update(CJK_PAIR.findall(normalised))     # in C: a third faster than pairing each run
    if unigrams:
        tokens.update(CJK_CHAR.findall(normalised))
    return tokens


def identifier_key(text: str) -> str:
    """The exact-lookup form of a 索引号 or 文号 key: NFKC, upper case, no spaces."""
    return EXACT + re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).upper()


def doc_no_tokens(doc_no: str) -> tuple[set[str], str]:
    """(parts of the 文号 as written, exact key of its canonical form)."""
    return text_tokens(doc_no, unigrams=True), identifier_key(canonical_doc_no(doc_no))


def cited_doc_no_keys(text: str) -> set[str]:
    """Exact keys of every 文号 cited in running text.

    Without a dictionary of 机关代字 a citation swallows the words before it (根据清政发〔2022〕7号),
    so each ending of the agency of two characters or more is a key too.
    """
    keys = set()
    for canonical in find_doc_numbers(text):
        number = parse_doc_no(canonical)
        agency, rest = number.agency, canonical[len(number.agency):]
        for start in range(max(0, len(agency) - MAX_AGENCY), len(agency) - 1):
            keys.add(identifier_key(agency[start:] + rest))
    return keys


def index_no_tokens(index_no: str) -> set[str]:
    """Parts of a 索引号 (prefix code, year, serial with and without zeros), for partial lookups."""
    words = set(LATIN_RUN.findall(normalise(index_no)))
    words.update(w.lstrip("0") for w in list(words) if w.isdigit() and w.lstrip("0"))
    return words


KNOWN_HASHES: dict[str, int] = {}      # the vocabulary is small (bigrams recur in every document)
MAX_HASHES = 1_000_000


def token_hash(token: str) -> int:
    """Stable across processes and languages: the client computes the same CRC-32 of UTF-8."""
    value = KNOWN_HASHES.get(token)
    if value is None:
        if len(KNOWN_HASHES) >= MAX_HASHES:      # a long-running preview server: keep the memo bounded
            KNOWN_HASHES.clear()
        value = KNOWN_HASHES[token] = zlib.crc32(token.encode("utf-8"))
    return value


def add_field(target: dict[str, int], tokens: Iterable[str], field_bit: int) -> None:
    """Record that tokens occur in a kind of field (TITLE, META or BODY)."""
    # One dict operation per token. (Set operations between the tokens and the keys cost as much
    # for a body's thousand tokens, and walk all the keys for each of a dozen short fields.)
    known = target.get
    for token in tokens:
        target[token] = known(token, 0) | field_bit
