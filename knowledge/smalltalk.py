"""Greetings, thanks, "who are you" and goodbyes, in five languages, recognised before searching."""

from __future__ import annotations

from functools import cache

from knowledge.lexicon_files import read_lexicon
from knowledge.normalise import fold, words

KINDS = ("greeting", "thanks", "who", "bye")
#: Longer messages are questions even when they start politely.
MAX_WORDS = 8


@cache
def _phrases() -> tuple[list[tuple[tuple[str, ...], str]], frozenset[str]]:
    data = read_lexicon("smalltalk")
    phrases = [
        (tuple(fold(w) for w in words(str(phrase))), kind) for kind in KINDS for phrase in data[kind]
    ]
    phrases = [(p, kind) for p, kind in phrases if p]
    phrases.sort(key=lambda item: -len(item[0]))  # longest first: "takk for hjelpen" before "takk"
    filler = frozenset(fold(w) for phrase in data["filler"] for w in words(str(phrase)))
    return phrases, filler


def smalltalk_kind(text: str) -> str | None:
    """The kind of small talk a short message is, or None if it asks something else too."""
    tokens = [fold(w) for w in words(text)]
    if not tokens or len(tokens) > MAX_WORDS:
        return None
    phrases, filler = _phrases()
    found: list[str] = []
    position = 0
    while position < len(tokens):
        for phrase, kind in phrases:
            if tuple(tokens[position : position + len(phrase)]) == phrase:
                found.append(kind)
                position += len(phrase)
                break
        else:
            if tokens[position] not in filler:
                return None
            position += 1
    if not found:
        return None
    # "hei, takk for hjelpen" is thanks; "hei, hvem er du" is who: the last social act counts most,
    # except that a greeting never overrides anything said after it.
    for kind in ("who", "thanks", "bye"):
        if kind in found:
            return kind
    return found[0]
