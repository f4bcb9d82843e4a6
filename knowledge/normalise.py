"""Words as the engine compares them: lower-cased, diacritic-folded, stemmed per language.

Folding maps every spelling of a Scandinavian letter to one form, so that a user without
the letters on the keyboard ("hjemkjoring", "hjemkjoering") meets the text ("hjemkjøring").
Stemming happens before folding, because the Snowball stemmers know the real letters.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

_STEMMER_NAMES = {"nb": "norwegian", "nn": "norwegian", "da": "danish", "sv": "swedish", "en": "english"}
_STEMMERS = {code: snowballstemmer.stemmer(name) for code, name in _STEMMER_NAMES.items()}

#: Letters without a decomposition (ø, æ) and the typed stand-ins for the Nordic letters.
_LETTERS = str.maketrans({"ø": "o", "æ": "a", "œ": "o", "ß": "ss", "ð": "d", "þ": "th", "ł": "l"})
_DIGRAPHS = re.compile(r"aa|ae|oe")
_DIGRAPH_FOLD = {"aa": "a", "ae": "a", "oe": "o"}
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_SENTENCE = re.compile(r"(?<=[.!?;:])\s+|\n+|\s+(?:-|–)\s+")


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """One canonical spelling: å/aa/ä -> a, ø/ö/oe -> o, æ/ae -> a, accents dropped."""
    word = word.lower().translate(_LETTERS)
    word = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
    return _DIGRAPHS.sub(lambda m: _DIGRAPH_FOLD[m.group()], word)


def words(text: str) -> list[str]:
    """The lower-cased words of a text (letters and digits; apostrophes kept inside words)."""
    return [w.replace("’", "'") for w in _WORD.findall(text.lower())]


def sentences(text: str) -> list[str]:
    return [part.strip() for part in _SENTENCE.split(text) if part and part.strip()]


@lru_cache(maxsize=400_000)
def stem(word: str, lang: str) -> str:
    """The folded Snowball stem of a lower-case word; a light extra step drops Nordic "-ing"."""
    stemmer = _STEMMERS.get(lang, _STEMMERS["nb"])
    stemmed = stemmer.stemWord(word.split("'")[0] if lang != "en" else word.replace("'", ""))
    return fold(stemmed)


@lru_cache(maxsize=200_000)
def stems(word: str, langs: tuple[str, ...]) -> tuple[str, ...]:
    """The distinct stems of a word under several languages' stemmers, most likely first."""
    out: list[str] = []
    for lang in langs:
        for candidate in _variants(stem(word, lang), lang):
            if candidate not in out:
                out.append(candidate)
    return tuple(out)


def _variants(stemmed: str, lang: str) -> tuple[str, ...]:
    # Norwegian/Danish/Swedish Snowball keep "-ering"/"-ing" nouns apart from their verbs
    # ("permittering" vs "permittere"); both forms mean the same to a user.
    if lang != "en" and len(stemmed) >= 8 and stemmed.endswith("ing"):
        return (stemmed, stemmed[:-3])
    return (stemmed,)


class Token(tuple[str, tuple[str, ...]]):
    """A word as compared: its folded spelling and its folded stems (one per stemmer tried)."""

    __slots__ = ()

    def __new__(cls, folded: str, stemmed: tuple[str, ...]) -> Token:
        return super().__new__(cls, (folded, stemmed))

    @property
    def folded(self) -> str:
        return self[0]

    @property
    def stems(self) -> tuple[str, ...]:
        return self[1]

    def keys(self) -> tuple[str, ...]:
        """Every form that may match: the stems first, then the folded spelling."""
        return (*self.stems, self.folded) if self.folded not in self.stems else self.stems


@lru_cache(maxsize=200_000)
def token(word: str, langs: tuple[str, ...]) -> Token:
    """One lower-case word as compared (cached: indexing and messages repeat the same words)."""
    return Token(fold(word), stems(word, langs))


def tokenize(text: str, langs: tuple[str, ...]) -> list[Token]:
    return [token(word, langs) for word in words(text)]
