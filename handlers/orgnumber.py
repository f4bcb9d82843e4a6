"""Organisation numbers of Norway, Denmark and Sweden, validated by their check digits.

Norway: 9 digits, weights 3 2 7 6 5 4 3 2, mod 11 (organisasjonsnummer).
Denmark: CVR, 8 digits, weights 2 7 6 5 4 3 2 1, sum divisible by 11.
Sweden: organisationsnummer, 10 digits (NNNNNN-NNNN), Luhn over all ten.
"""

from __future__ import annotations

import re

COUNTRIES = ("no", "dk", "se")
LENGTH = {"no": 9, "dk": 8, "se": 10}


def clean(text: str) -> str:
    """Strip the spaces, dots and dashes people type, and a leading country code."""
    value = re.sub(r"[\s.\-]", "", text.strip().upper())
    for prefix in ("NO", "DK", "SE"):
        if value.startswith(prefix):
            value = value[2:]
    value = value.removesuffix("MVA")
    return value


def valid_no(digits: str) -> bool:
    if not re.fullmatch(r"\d{9}", digits) or digits[0] not in "89":
        return False
    weights = (3, 2, 7, 6, 5, 4, 3, 2)
    remainder = sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 11
    check = 0 if remainder == 0 else 11 - remainder
    return check != 10 and check == int(digits[8])


def valid_dk(digits: str) -> bool:
    if not re.fullmatch(r"\d{8}", digits) or digits[0] == "0":
        return False
    weights = (2, 7, 6, 5, 4, 3, 2, 1)
    return sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11 == 0


def valid_se(digits: str) -> bool:
    if not re.fullmatch(r"\d{10}", digits):
        return False
    total = 0
    for i, d in enumerate(digits):
        n = int(d) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


_RULES = {"no": valid_no, "dk": valid_dk, "se": valid_se}


def validate(text: str, country: str | None) -> tuple[str, str] | None:
    """(country, normalised number) when valid; None otherwise.

    With no country known (the user chose no region), the length decides which rule applies.
    """
    digits = clean(text)
    candidates = [country] if country in _RULES else [c for c in COUNTRIES if LENGTH[c] == len(digits)]
    for candidate in candidates:
        if candidate and _RULES[candidate](digits):
            return candidate, format_number(candidate, digits)
    return None


def format_number(country: str, digits: str) -> str:
    if country == "no":
        return f"{digits[:3]} {digits[3:6]} {digits[6:]}"
    if country == "se":
        return f"{digits[:6]}-{digits[6:]}"
    return digits
