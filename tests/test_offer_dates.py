"""The valid-until normaliser in front of dateparser, table-driven in bokmål, Danish, Swedish and
English: the forms dateparser misses or misreads, and the ones it reads, from a fixed today."""

from __future__ import annotations

from datetime import date

import pytest

from handlers.offer_dates import parse_until

#: Wednesday 2 December 2026.
TODAY = date(2026, 12, 2)
FRIDAY, SATURDAY = date(2026, 12, 4), date(2026, 12, 5)

CASES = [
    # bokmål
    ("nb", "31.12", date(2026, 12, 31)),
    ("nb", "31.12.2026", date(2026, 12, 31)),
    ("nb", "2026-12-31", date(2026, 12, 31)),
    ("nb", "2.1", date(2027, 1, 2)),  # a day already passed this year is next year's
    ("nb", "i dag", TODAY),
    ("nb", "i morgen", date(2026, 12, 3)),
    ("nb", "imorgen", date(2026, 12, 3)),
    ("nb", "i overmorgen", FRIDAY),
    ("nb", "i kveld", TODAY),
    ("nb", "kl 18", TODAY),
    ("nb", "i kveld kl. 18.30", TODAY),
    ("nb", "neste fredag", FRIDAY),
    ("nb", "på fredag", FRIDAY),
    ("nb", "fredag kl 18", FRIDAY),  # dateparser alone: 18 December
    ("nb", "lørdag", SATURDAY),
    ("nb", "lordag", SATURDAY),  # without ø
    ("nb", "onsdag", date(2026, 12, 9)),  # today's weekday: next week's
    ("nb", "om 2 uker", date(2026, 12, 16)),
    ("nb", "om en uke", date(2026, 12, 9)),
    ("nb", "om 10 dager", date(2026, 12, 12)),
    ("nb", "til og med 20.12", date(2026, 12, 20)),
    ("nb", "31. desember", date(2026, 12, 31)),
    ("nb", "31. desember kl 19", date(2026, 12, 31)),  # dateparser alone: the year 2119
    ("nb", "1. januar", date(2027, 1, 1)),
    # Danish
    ("da", "i morgen", date(2026, 12, 3)),
    ("da", "i overmorgen", FRIDAY),
    ("da", "næste fredag", FRIDAY),
    ("da", "naeste fredag", FRIDAY),
    ("da", "på lørdag", SATURDAY),
    ("da", "i aften", TODAY),
    ("da", "om 3 uger", date(2026, 12, 23)),
    ("da", "om 5 dage", date(2026, 12, 7)),
    ("da", "24. december", date(2026, 12, 24)),
    # Swedish
    ("sv", "i morgon", date(2026, 12, 3)),
    ("sv", "i övermorgon", FRIDAY),
    ("sv", "nästa fredag", FRIDAY),
    ("sv", "på lördag", SATURDAY),
    ("sv", "i kväll", TODAY),
    ("sv", "om två veckor", date(2026, 12, 16)),
    ("sv", "om 4 dagar", date(2026, 12, 6)),
    ("sv", "24 december", date(2026, 12, 24)),
    # English
    ("en", "tomorrow", date(2026, 12, 3)),
    ("en", "the day after tomorrow", FRIDAY),
    ("en", "next friday", FRIDAY),
    ("en", "on saturday", SATURDAY),
    ("en", "friday at 6pm", FRIDAY),
    ("en", "tonight", TODAY),
    ("en", "in 2 weeks", date(2026, 12, 16)),
    ("en", "in three days", date(2026, 12, 5)),
    ("en", "December 31", date(2026, 12, 31)),
    ("en", "until 20/12", date(2026, 12, 20)),
]


@pytest.mark.parametrize(("lang", "typed", "expected"), CASES, ids=[f"{c[0]}:{c[1]}" for c in CASES])
def test_a_date_people_type(lang: str, typed: str, expected: date) -> None:
    assert parse_until(typed, TODAY, lang) == expected


@pytest.mark.parametrize("typed", ["", "snart", "blah blah", "31.02", "2026-13-01", "om mange uker", "???", "x" * 80])
def test_what_is_not_a_date(typed: str) -> None:
    assert parse_until(typed, TODAY, "nb") is None


def test_past_and_far_dates_are_read_for_the_caller_to_refuse() -> None:
    assert parse_until("1.1.2020", TODAY, "nb") == date(2020, 1, 1)
    assert parse_until("om 100 dager", TODAY, "nb") == date(2027, 3, 12)


def test_offer_categories_live_in_the_knowledge_folder(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A region can change the list; the loader checks it like the rest of the knowledge."""
    from bot.settings import BUNDLED_KNOWLEDGE
    from knowledge.loader import check_knowledge, load_knowledge

    kb = load_knowledge(BUNDLED_KNOWLEDGE)
    assert [c.id for c in kb.offer_categories] == ["food", "retail", "services", "experiences", "other"]
    assert kb.offer_categories[0].name["sv"] == "Mat och dryck"
    (tmp_path / "cats.yaml").write_text(
        "offer_categories:\n  - id: fish\n    name: {nb: Fisk}\n  - id: fish\n    name: {nb: Fisk igjen}\n"
        "  - id: nameless\n  - id: " + "x" * 30 + "\n    name: {en: Long}\n",
        encoding="utf-8",
    )
    problems = [str(p) for p in check_knowledge(tmp_path)]
    assert any("duplicate offer category id" in p for p in problems)
    assert any("needs a name" in p for p in problems)
    assert any("at most 24 characters" in p for p in problems)
