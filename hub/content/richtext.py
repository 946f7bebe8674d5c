"""Rich text: HTML sanitised with nh3 on save, and its plain-text form."""

from __future__ import annotations

import html
import re

import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "u", "s", "blockquote", "ul", "ol", "li",
    "h2", "h3", "h4", "a", "figure", "figcaption", "hr", "span",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "span": {"lang"}, "p": {"lang"}}
_SPACE = re.compile(r"\s+")
_BLOCK_END = re.compile(r"</(p|li|h[2-4]|blockquote|figcaption)>|<br\s*/?>", re.I)


def sanitise(raw: str) -> str:
    return nh3.clean(
        raw,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    ).strip()


def plain_text(markup: str) -> str:
    # Block ends become spaces first, so that "<p>a</p><p>b</p>" reads "a b", not "ab".
    spaced = _BLOCK_END.sub(" ", markup)
    text = html.unescape(nh3.clean(spaced, tags=set()))
    return _SPACE.sub(" ", text).strip()


def reading_minutes(markup: str, words_per_minute: int = 200) -> int:
    words = len(plain_text(markup).split())
    return max(1, round(words / words_per_minute))
