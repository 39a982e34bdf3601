"""ASCII output names that survive FAT32/exFAT sticks and ISO 9660/Joliet discs.

Every path component is lower-case ASCII, at most 64 characters, so no two
paths can differ only in letter case.
"""
from __future__ import annotations

import hashlib
import re

MAX_COMPONENT = 64
SAFE_SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")
_NON_SLUG = re.compile(r"[^a-z0-9]+")


# Syllables already looked up. The build pipeline keeps them in its cache, so a
# rebuild need not load pypinyin's phrase tables (half a second) at all.
PINYIN_MEMO: dict[str, tuple[str, ...]] = {}


def pinyin_syllables(text: str) -> tuple[str, ...]:
    syllables = PINYIN_MEMO.get(text)
    if syllables is None:
        from pypinyin import lazy_pinyin   # imported on first need: its tables are large
        # Non-Chinese runs come back unchanged as one item; they are split later.
        syllables = PINYIN_MEMO[text] = tuple(lazy_pinyin(text, errors="default"))
    return syllables


def pinyin_key(text: str) -> str:
    """Sort key that orders Chinese names the way a reader expects (pinyin order)."""
    return " ".join(pinyin_syllables(text)).lower()


def _clean(text: str) -> str:
    return _NON_SLUG.sub("-", text.lower()).strip("-")


def initials_slug(name: str) -> str:
    """Column and unit folder names the way Chinese government URLs spell them:
    pinyin initials (政务公开 -> zwgk); Latin letters and digits kept as words."""
    parts: list[str] = []
    for syllable in pinyin_syllables(name):
        if syllable and all("\u4e00" <= ch <= "\u9fff" for ch in syllable):
            continue  # a character pypinyin could not romanise
        cleaned = _clean(syllable)
        if not cleaned:
            continue
        # A syllable is one lower-case ASCII word; a Latin run keeps its hyphens.
        parts.append(cleaned[0] if _is_syllable(syllable) else f"-{cleaned}-")
    return limit(_clean("".join(parts)) or "x")


def words_slug(name: str) -> str:
    """File names: full pinyin syllables joined by hyphens (附件1-预算表 -> fu-jian-1-yu-suan-biao)."""
    return limit(_clean("-".join(pinyin_syllables(name))) or "file")


def _is_syllable(token: str) -> bool:
    return token.isascii() and token.isalpha() and token.islower() and len(token) <= 6


def limit(slug: str, width: int = MAX_COMPONENT) -> str:
    """Cut a slug to `width`, keeping it unique with a short hash of the whole."""
    if len(slug) <= width:
        return slug
    digest = hashlib.sha1(slug.encode()).hexdigest()[:6]
    return f"{slug[: width - 7].rstrip('-')}-{digest}"


def index_no_slug(index_no: str) -> str:
    """An item's page and files folder name from its 索引号: 00525312X/2021-00008 ->
    00525312x-2021-00008(.html); short enough for the page's name to fit MAX_COMPONENT."""
    return limit(_clean(index_no) or "doc", MAX_COMPONENT - len(".html"))


def is_safe_slug(slug: str) -> bool:
    return len(slug) <= MAX_COMPONENT and bool(SAFE_SLUG.match(slug))


def uniquify(slug: str, taken: set[str]) -> str:
    """Return slug, or slug-2, slug-3 … whichever is not yet taken; records it."""
    candidate, n = slug, 2
    while candidate in taken:
        suffix = f"-{n}"
        candidate = limit(slug, MAX_COMPONENT - len(suffix)) + suffix
        n += 1
    taken.add(candidate)
    return candidate
