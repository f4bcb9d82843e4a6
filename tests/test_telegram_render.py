"""Reply → Telegram parts: escaping, splitting at 4096 visible characters, and keyboards."""

from __future__ import annotations

import random

import pytest

from bot.telegram.render import EMPTY_TEXT, MAX_MESSAGE, keyboard_for, render, split_html
from handlers.markup import bold, esc, link
from handlers.types import Button, Reply
from tests.telegram_api import parse_html, utf16_len


def visible(html_text: str) -> str:
    return parse_html(html_text)


def check_parts(parts: list[str], limit: int) -> None:
    for part in parts:
        text = visible(part)  # raises if Telegram could not parse the part
        assert text.strip(), part
        assert utf16_len(text) <= limit, (utf16_len(text), part[:80])


def test_short_reply_is_one_part_with_escaped_html():
    reply = Reply(bold("Tilskudd & <lån>") + "\n" + esc('a < b > c & "d" *e* [f]'), [[Button("Ja", "1|fb|1|y")]])
    [part] = render(reply)
    assert part.html == '<b>Tilskudd &amp; &lt;lån&gt;</b>\na &lt; b &gt; c &amp; "d" *e* [f]'
    assert visible(part.html) == 'Tilskudd & <lån>\na < b > c & "d" *e* [f]'
    assert part.keyboard.inline_keyboard[0][0].callback_data == "1|fb|1|y"


def test_paragraph_boundary_is_preferred():
    paragraphs = ["word " * 300, "line\n" * 200, "x" * 3000]
    html_text = "\n\n".join(p.strip() for p in paragraphs)
    parts = split_html(html_text)
    check_parts(parts, MAX_MESSAGE)
    first, second, third = (p.strip() for p in paragraphs)
    assert [visible(p) for p in parts] == [f"{first}\n\n{second}", third]  # paragraphs that fit are packed


def test_falls_back_to_line_then_word_then_hard_cut():
    lines = "\n".join(["ord " * 20] * 100)  # no paragraph breaks
    parts = split_html(esc(lines), 1000)
    check_parts(parts, 1000)
    assert all(not visible(p).endswith(("\n", " ")) for p in parts)
    assert all(visible(p).startswith("ord") for p in parts)
    words = " ".join(["abcdefghij"] * 500)
    parts = split_html(words, 1000)
    check_parts(parts, 1000)
    assert all(len(w) == 10 for p in parts for w in visible(p).split(" "))
    solid = "y" * 2500
    assert [len(p) for p in split_html(solid, 1000)] == [1000, 1000, 500]


def test_tags_are_closed_and_reopened_at_a_cut():
    html_text = "<b>" + "fet " * 400 + '<a href="https://x.no/?a=1&amp;b=2">' + "lenke " * 300 + "</a></b> slutt"
    parts = split_html(html_text, 1000)
    check_parts(parts, 1000)
    assert len(parts) >= 3
    assert all(p.startswith("<b>") for p in parts[:-1])
    assert any(p.startswith('<b><a href="https://x.no/?a=1&amp;b=2">') for p in parts)
    assert "".join(visible(p) + " " for p in parts).split() == visible(html_text).split()


def test_entities_are_never_cut_and_count_as_one():
    html_text = "&amp;" * 5000
    parts = split_html(html_text)
    check_parts(parts, MAX_MESSAGE)
    assert [utf16_len(visible(p)) for p in parts] == [4096, 904]
    assert parts[0] == "&amp;" * 4096


def test_utf16_units_are_counted():
    parts = split_html("\U0001f600" * 3000)  # 6000 UTF-16 units
    check_parts(parts, MAX_MESSAGE)
    assert [len(p) for p in parts] == [2048, 952]


def test_random_markup_always_parses_and_fits():
    rng = random.Random(4)
    alphabet = ["ord", "&", "<", ">", '"', "*", "[", "]", "\n", "\n\n", " ", "æøå", "\U0001f600", "x" * 50]
    for _ in range(60):
        pieces = []
        for _ in range(rng.randint(50, 600)):
            token = esc("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 6))))
            roll = rng.random()
            pieces.append(
                bold(token) if roll < 0.1 else link(token, "https://e.no/a?b=c&d=e") if roll < 0.15 else token
            )
        reply = Reply(" ".join(pieces))
        limit = rng.choice([50, 300, MAX_MESSAGE])
        parts = render(reply, limit)
        check_parts([p.html for p in parts], limit)
        joined = "".join(visible(p.html) for p in parts)
        assert joined.replace(" ", "").replace("\n", "") == visible(reply.html()).replace(" ", "").replace("\n", "")


def test_6000_character_message_with_buttons_on_the_last_part():
    text = "\n\n".join(esc(f"Avsnitt {i}: <{'ø' * 80}> & mer") for i in range(60))
    reply = Reply(text, [[Button("Meny", "1|menu|open")]])
    assert len(reply.html()) > 6000
    parts = render(reply)
    assert len(parts) == 2
    check_parts([p.html for p in parts], MAX_MESSAGE)
    assert parts[0].keyboard is None and parts[1].keyboard is not None
    assert visible(parts[0].html).endswith("& mer") and visible(parts[1].html).startswith("Avsnitt")


def test_buttons_only_reply_gets_invisible_text():
    [part] = render(Reply("", [[Button("Start", "1|menu|open")]]))
    assert part.html == EMPTY_TEXT and part.keyboard is not None


def test_keyboard_url_and_callback_buttons_and_long_rows():
    rows = [
        [Button("Nettside", url="https://innovasjonnorge.no"), Button("Velg", "1|sg|4|0")],
        [Button(str(i), f"1|x|{i}") for i in range(10)],
    ]
    keyboard = keyboard_for(rows).inline_keyboard
    assert keyboard[0][0].url == "https://innovasjonnorge.no" and keyboard[0][0].callback_data is None
    assert keyboard[0][1].callback_data == "1|sg|4|0"
    assert [len(r) for r in keyboard] == [2, 8, 2]
    assert keyboard_for([]) is None


@pytest.mark.parametrize("limit", [1, 2, 3])
def test_tiny_limits_terminate(limit):
    parts = split_html("<b>ab\U0001f600 c</b>", limit)
    assert "".join(visible(p) for p in parts).replace(" ", "") == "ab\U0001f600c"
