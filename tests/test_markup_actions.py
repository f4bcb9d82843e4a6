from dataclasses import dataclass
from typing import Literal

import pytest

from handlers.ask import Feedback
from handlers.callbacks import BadCallback, CallbackData, unpack
from handlers.markup import bold, esc, link, to_html, to_plain
from handlers.types import Button


def test_html_escapes_everything_but_our_markup() -> None:
    text = (
        bold("<Tom & Jerry>")
        + " said "
        + esc("**not bold** [x](http://e.vil)")
        + " "
        + link("a<b", "https://x.no/?a=1&b=2")
    )
    html = to_html(text)
    assert "<b>&lt;Tom &amp; Jerry&gt;</b>" in html
    assert "**not bold** [x](http://e.vil)" in html
    assert '<a href="https://x.no/?a=1&amp;b=2">a&lt;b</a>' in html
    assert "<script" not in to_html("<script>alert(1)</script>")


def test_bold_text_ending_in_a_star_stays_literal() -> None:
    assert to_html(bold("Hei *deg*") + " og " + bold("a\\")) == "<b>Hei *deg*</b> og <b>a\\</b>"
    assert to_plain(bold("x*")) == "x*"


def test_plain_rendering() -> None:
    assert to_plain(bold("Hi") + " " + link("NAV", "https://nav.no")) == "Hi NAV (https://nav.no)"
    assert to_plain(esc("a*b [c]")) == "a*b [c]"


@dataclass(frozen=True, slots=True)
class _Probe(CallbackData, prefix="probe"):
    text: str
    count: int = 0
    mode: Literal["a", "b"] | None = None


def test_actions_round_trip_and_refuse_forgeries() -> None:
    data = Feedback(123, True).pack()
    assert data == "1|fb|123|1"
    action = unpack(data)
    assert action == Feedback(123, True) and Feedback.parse(data).question == 123
    for forged in ["", "x", "2|fb|1", "1|", "1|f b|2", "garbage" * 20, None, "1|fb|abc|1", "1|fb|1|2", "1|fb|1",
                   "1|fb|1|1|9", "1|probe|x|-3", "1|probe|x|1|c", "1|fb|²|1"]:  # fmt: skip
        with pytest.raises(BadCallback):
            unpack(forged)
    assert unpack("1|probe|x") == _Probe("x") and _Probe("x", 2, "b").pack() == "1|probe|x|2|b"
    assert _Probe("x").pack() == "1|probe|x|0"


def test_actions_never_exceed_64_bytes() -> None:
    with pytest.raises(ValueError):
        _Probe("å" * 40).pack()
    with pytest.raises(ValueError):
        Button("x", action="1|" + "a" * 70)
    with pytest.raises(ValueError):
        _Probe("a|b").pack()
    with pytest.raises(ValueError):

        @dataclass(frozen=True)
        class _Clash(CallbackData, prefix="fb"):
            other: int
