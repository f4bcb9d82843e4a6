import pytest

from handlers.orgnumber import clean, validate


@pytest.mark.parametrize(
    ("typed", "country", "expected"),
    [
        ("964 951 284", "no", ("no", "964 951 284")),  # Horten kommune
        ("964951284", None, ("no", "964 951 284")),
        ("NO 974 760 673 MVA", "no", ("no", "974 760 673")),  # Brønnøysundregistrene
        ("13585628", "dk", ("dk", "13585628")),
        ("DK-13 58 56 28", None, ("dk", "13585628")),
        ("556036-0793", "se", ("se", "556036-0793")),
        ("5560360793", None, ("se", "556036-0793")),
        ("212000-1355", "se", ("se", "212000-1355")),
    ],
)
def test_valid_numbers(typed: str, country: str | None, expected: tuple[str, str]) -> None:
    assert validate(typed, country) == expected


@pytest.mark.parametrize(
    ("typed", "country"),
    [
        ("964 951 285", "no"),  # wrong check digit
        ("96495128", "no"),  # too short
        ("164951284", "no"),  # Norwegian organisation numbers start with 8 or 9
        ("13585627", "dk"),
        ("03585628", "dk"),
        ("1358562", "dk"),
        ("556036-0794", "se"),
        ("55603607931", "se"),
        ("abcdefghi", None),
        ("", None),
        ("13585628", "no"),  # a valid CVR is not a Norwegian number
    ],
)
def test_invalid_numbers(typed: str, country: str | None) -> None:
    assert validate(typed, country) is None


def test_clean_strips_what_people_type() -> None:
    assert clean(" no 964.951.284 mva ") == "964951284"
