"""Rich text: HTML sanitised on save, its plain-text form and the reading time."""

from __future__ import annotations

import pytest

from hub.content.richtext import plain_text, reading_minutes, sanitise


@pytest.mark.parametrize(
    "dangerous",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        '<a href="JaVaScRiPt:alert(1)">x</a>',
        '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
        '<p onclick="alert(1)">x</p>',
        "<style>body{display:none}</style>",
        '<iframe src="https://example.org"></iframe>',
        '<svg onload="alert(1)"></svg>',
        '<p style="background:url(javascript:alert(1))">x</p>',
    ],
)
def test_sanitise_removes_scripts_handlers_and_dangerous_links(dangerous):
    clean = sanitise(f"<p>Салом</p>{dangerous}").lower()
    for marker in (
        "<script",
        "alert",
        "onerror",
        "onclick",
        "javascript:",
        "data:",
        "<style",
        "<iframe",
        "<svg",
        "style=",
    ):
        assert marker not in clean
    assert "<p>салом</p>" in clean


def test_sanitise_keeps_formatting_and_safe_links():
    html = (
        '<h2>Сарлавҳа</h2><p lang="ru">Матн <strong>ғафс</strong> <em>каҷ</em></p>'
        "<ul><li>як</li></ul><blockquote>иқтибос</blockquote>"
        '<a href="https://example.org" title="Сомона">пайванд</a>'
    )
    clean = sanitise(html)
    for kept in ("<h2>", '<p lang="ru">', "<strong>", "<em>", "<ul><li>", "<blockquote>"):
        assert kept in clean
    assert 'href="https://example.org"' in clean
    assert 'rel="noopener noreferrer nofollow"' in clean


def test_sanitise_drops_unknown_tags_but_keeps_their_text():
    assert sanitise("<div><marquee>Салом</marquee></div>") == "Салом"


def test_plain_text_separates_blocks_and_unescapes_entities():
    assert plain_text("<p>Як</p><p>Ду</p>") == "Як Ду"
    assert plain_text("<p>A&amp;B &lt;3</p><br>охир") == "A&B <3 охир"
    assert plain_text("<ul><li>як</li><li>ду</li></ul>") == "як ду"
    assert plain_text("  <p>  бисёр   фосила </p> ") == "бисёр фосила"


def test_plain_text_of_nothing_is_empty():
    assert plain_text("") == ""


@pytest.mark.parametrize(("words", "minutes"), [(0, 1), (50, 1), (200, 1), (400, 2), (1000, 5)])
def test_reading_minutes_count_words_at_two_hundred_a_minute(words, minutes):
    assert reading_minutes("<p>" + " ".join(["калима"] * words) + "</p>") == minutes


def test_reading_minutes_ignore_markup():
    words = " ".join(["калима"] * 400)
    assert reading_minutes(f'<p><a href="https://example.org">{words}</a></p>') == 2
