"""Which words say nothing about the topic (stop words) and which say little (weak words)."""

from __future__ import annotations

from knowledge.lexicon_files import read_lexicon
from knowledge.normalise import fold, words


def _folded(text: str) -> frozenset[str]:
    return frozenset(fold(word) for word in words(text))


_DATA = read_lexicon("stopwords")

#: Stop words of all five languages together, folded: a message may mix languages.
STOP: frozenset[str] = frozenset().union(*(_folded(text) for text in _DATA["stop"].values()))
#: Generic words ("help", "company", "municipality") that count far less than topic words.
WEAK: frozenset[str] = _folded(_DATA["weak"])
#: Negations matter inside phrases ("kan ikke betale"), so phrases keep them.
NEGATIONS: frozenset[str] = _folded("ikke ikkje ikk inte ej not no cant can't cannot won't ingen aldri never")
