"""Boilerplate lines, wherever they appear: what a page adds around an article.

:func:`boilerplate_reason` says why one paragraph is boilerplate (or None). The
rules look at the paragraph alone plus the article's title and site names, so
they apply the same way to every format. Nothing is dropped silently: the caller
records each dropped line with its reason (see ``Article.dropped``).
"""

from __future__ import annotations

import re
from collections.abc import Collection

from ..words import squash

__all__ = ["boilerplate_reason", "fold", "is_related_marker", "is_rule_line"]

_STRIP = " \t\u00a0.…:>»›→←<«‹-–—|/\\*·•"
# Widgets and navigation, matched on the whole (folded) paragraph.
_WIDGETS = frozenset(
    {
        # English
        "continue",
        "continue reading",
        "read more",
        "read the full story",
        "read the full article",
        "share",
        "share this",
        "share this article",
        "share this page",
        "share this story",
        "share on facebook",
        "share on twitter",
        "share on x",
        "share on linkedin",
        "tweet",
        "email",
        "print",
        "print this page",
        "comments",
        "comment",
        "leave a comment",
        "leave a reply",
        "comments are closed",
        "advertisement",
        "sponsored",
        "page top",
        "back to top",
        "to top",
        "top of page",
        "skip to content",
        "skip to main content",
        "subscribe",
        "sign up",
        "follow us",
        "related",
        "related news",
        "related articles",
        "related stories",
        "related content",
        "related posts",
        "you may also like",
        "most read",
        "most popular",
        # French, Spanish, German, Italian, Portuguese
        "partager",
        "lire la suite",
        "haut de page",
        "compartir",
        "leer más",
        "teilen",
        "weiterlesen",
        "nach oben",
        "condividi",
        "leggi tutto",
        "compartilhar",
        "leia mais",
        # Japanese, Chinese, Korean, Russian
        "最新情報をチェック",
        "コメントを受け付けていません",
        "コメントする",
        "シェアする",
        "シェア",
        "ツイート",
        "関連記事",
        "続きを読む",
        "ページトップ",
        "ページの先頭へ",
        "分享",
        "分享到",
        "返回顶部",
        "相关新闻",
        "相关阅读",
        "阅读全文",
        "공유하기",
        "поделиться",
        "читать далее",
    }
)
_RELATED = frozenset(w for w in _WIDGETS if w.startswith(("related", "you may")))
_RELATED |= {"関連記事", "相关新闻", "相关阅读", "most read", "most popular"}
_SHARE_RE = re.compile(
    r"(?i)^(?:share|follow us|find us|like us)(?: this)?(?: on| via)?\s+"
    r"(?:facebook|twitter|x|linkedin|whatsapp|telegram|weibo|wechat|email)"
    r"(?:[\s,/|]+(?:facebook|twitter|x|linkedin|whatsapp|telegram|weibo|wechat|email))*$"
)
_WIRE_WORDS_RE = re.compile(
    r"\b(?:UPDATES?|ADDS?|CHANGES|RECASTS?|REPEATS?|WRITETHRU|WRITES THROUGH|CORRECTS?|"
    r"ADVISORY|REFILES?|ADVANCE|EMBARGOED|EDITORS?\s+NOTE)\b"
)
_WIRE_SHAPE_RE = re.compile(r"(?:\bWITH\b|\bHEADER\b|\bHEADLINE\b|\bPARAGRAPH|\bPARA\b|;|\bGRAF)")
_RULE_RE = re.compile(r"\\?(?:[#*_=~-]\s*){3,}")
_DOMAIN_RE = re.compile(r"(?i)(?:https?://)?(?:[a-z0-9-]+\.)+[a-z]{2,}(?:/\S*)?")
_TAG_SPLIT_RE = re.compile(r",\s{2,}|\s*[|•·]\s*|\s+/\s+|\s*>\s*|\s*»\s*")
_SENTENCE_END = '.!?。！？"”’)'
_PROSE_END = frozenset('.!?。！？"”’')


def fold(text: str) -> str:
    """The comparison key of a line: case-folded, spaces collapsed, decorations stripped."""
    return squash(text.strip(_STRIP)).casefold()


def is_rule_line(text: str) -> bool:
    """A Markdown/ASCII horizontal rule such as ``\\###``, ``***`` or ``- - -``."""
    return len(text) <= 80 and _RULE_RE.fullmatch(text.strip()) is not None


def is_related_marker(text: str) -> bool:
    """``Related News`` and the like: what follows at the end is a list of links."""
    return len(text) <= 40 and fold(text) in _RELATED


def _is_category_tags(text: str) -> bool:
    """``Asia Pacific,  Australia news,  Japan,  Nato`` or ``Home > World > Asia``."""
    if len(text) > 160 or text.rstrip()[-1:] in _SENTENCE_END:
        return False
    parts = [p.strip() for p in _TAG_SPLIT_RE.split(text)]
    if len(parts) < 3 or any(not p for p in parts):
        return False
    return all(len(p) <= 30 and len(p.split()) <= 4 and not p[0].islower() for p in parts)


def _is_wire_note(text: str) -> bool:
    """All-caps wire-desk notes: ``UPDATES WITH COMMENTS …; CHANGES HEADER``."""
    if not _WIRE_WORDS_RE.search(text) or not _WIRE_SHAPE_RE.search(text):
        return False
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 8 and sum(c.isupper() for c in letters) >= 0.9 * len(letters)


def boilerplate_reason(
    text: str, *, title: str | None = None, site_names: Collection[str] = ()
) -> str | None:
    """Why the paragraph ``text`` is boilerplate, or None when it is content."""
    if len(text) > 200:
        return None
    if len(text) > 40 and text[-1] in _PROSE_END and not text.isupper():
        # prose: only a repeated headline can be boilerplate here
        if title and abs(len(text) - len(title)) <= 8 and fold(text) == fold(title):
            return "headline repeated"
        return None
    key = fold(text)
    if not key:
        return "rule" if is_rule_line(text) else "decoration"
    if is_rule_line(text):
        return "rule"
    if key in _WIDGETS or _SHARE_RE.match(key):
        return "widget"
    if site_names and key in site_names:
        return "site name"
    if _DOMAIN_RE.fullmatch(text.strip()) and " " not in text.strip():
        return "site name"
    if title and key == fold(title):
        return "headline repeated"
    if _is_wire_note(text):
        return "wire note"
    if _is_category_tags(text):
        return "category tags"
    return None
