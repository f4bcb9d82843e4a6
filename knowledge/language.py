"""Which of the five languages a message is in: py3langid narrowed to them, plus marker words.

py3langid alone confuses Bokmål and Danish on short messages and has no "nb" label (it says
"no"); a handful of words that only one of the languages uses settles most of those cases.
"""

from __future__ import annotations

import threading
from functools import lru_cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from knowledge.model import LANGUAGES
from knowledge.normalise import words

_LABELS = {"no": "nb", "nn": "nn", "da": "da", "sv": "sv", "en": "en"}
#: Words typical of one language only (lower-case, with their letters); each adds evidence.
_MARKERS: dict[str, frozenset[str]] = {
    "nb": frozenset("jeg ikke hva hvordan hvem hvorfor hvilke hvilken noen mye bedriften bedrifter bedriftene "
                    "kommunen nå også hjelp hjelpe trenger lurer dere vår våre når skal fått gjøre gjør være "
                    "ansatte tilbud støtte søke søker finnes fins det er til og av på med kan hvor meg min "
                    "mitt mine oss vi har ha noe sammen mellom etter eller fra om nytt ny nye gratis folk "
                    "byen ukas dagens næringslivet næringsliv kontaktperson kontakt".split()),
    "nn": frozenset("eg ikkje kva korleis kven kvifor kvar nokon noko mykje bedrifta verksemd verksemda òg "
                    "treng dykk dykkar vere vore korso berre frå søkje tilsette ein eit meir fekk "
                    "heile veit".split()),
    "da": frozenset("jeg ikke hvad hvordan hvem hvorfor nogen noget meget virksomhed virksomheden virksomheder "
                    "kommunen nu også hjælp hjælpe har brug vores jeres hvornår skal gøre gør være "
                    "ansatte medarbejdere tilbud støtte søge ansøge rigtig gerne lige mig dig sig det er til "
                    "og af på med kan hvor min mit mine os vi noget mellem efter eller fra om ny nye "
                    "erhvervslivet erhverv kontaktperson kontakt findes".split()),
    "sv": frozenset("jag inte vad hur vem varför några mycket företag företaget företagen kommunen nu också "
                    "hjälp hjälpa behöver undrar vår våra när ska göra vara anställda erbjudande "
                    "stöd söka och att är för med på finns det till av kan var mig min mitt mina oss vi har "
                    "något mellan efter eller från om ny nya näringslivet kontaktperson kontakt".split()),
    "en": frozenset("the is are what how who why can my our we you your do does need company business and "
                    "with of there where which when help want would should could about any".split()),
}
_BOKMAL_ONLY = frozenset("jeg ikke hva hvordan hvem hvorfor hvilke hvilken hvor noen noe mye "
                         "bedriften hjem".split())
_LETTERS = {"æ": ("nb", "nn", "da"), "ø": ("nb", "nn", "da"), "ä": ("sv",), "ö": ("sv",)}
#: Endings that tell the close languages apart where whole words do not (kommunale/kommunala,
#: avgiftene/afgifterne/avgifterna); each adds a little evidence.
_SUFFIXES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("arna", ("sv",)), ("orna", ("sv",)), ("erna", ("sv",)), ("ala", ("sv",)), ("liga", ("sv",)),
    ("erne", ("da",)), ("ene", ("nb", "nn")), ("ane", ("nn",)), ("ale", ("nb", "nn", "da")),
    ("lige", ("da",)), ("lig", ("nb", "nn", "da")), ("else", ("nb", "nn", "da")),
)  # fmt: skip
#: Beginnings of business words that only one language writes so ("næringsråd", "erhvervsliv",
#: "näringsliv", "företagare"): each adds a marker's evidence.
_PREFIXES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("nærings", ("nb", "nn")), ("naerings", ("nb", "nn")), ("erhverv", ("da",)), ("närings", ("sv",)),
    ("företag", ("sv",)), ("virksomhed", ("da",)), ("bedrift", ("nb", "nn")),
)  # fmt: skip
_lock = threading.Lock()
MARKER = 0.4
SUFFIX = 0.15


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(_LABELS))
    return identifier


def load_model() -> None:
    """Decompress the language model now (about 0.5 s), not on the first question: there it held up
    the server's event loop, and every message that came in meanwhile, for as long."""
    _identifier()


def _scores(text: str) -> dict[str, float]:
    with _lock:  # the identifier keeps state between calls
        ranked = _identifier().rank(text)
    scores = dict.fromkeys(LANGUAGES, 0.0)
    for label, probability in ranked:
        scores[_LABELS[label]] += float(probability)
    return scores


def detect_language(text: str, hint: str | None = None) -> str:
    """One of nb, nn, da, sv, en; `hint` (the channel's language) decides for very short text."""
    hint = hint if hint in LANGUAGES else None
    tokens = list(dict.fromkeys(words(text)))  # a repeated word is one word ("permittering permittering")
    if not tokens:
        return hint or "nb"
    if len(tokens) < len(words(text)):
        text = " ".join(tokens)
    scores = {lang: 0.5 * value for lang, value in _scores(text).items()}
    for token in tokens:
        marked = [lang for lang, markers in _MARKERS.items() if token in markers]
        for lang in marked:  # a word of one language only says more than one shared by three
            scores[lang] += MARKER / len(marked)
        for prefix, langs in _PREFIXES:
            if token.startswith(prefix) and token not in _MARKERS[langs[0]]:
                for lang in langs:
                    scores[lang] += MARKER / len(langs)
                break
        if len(token) >= 6:
            for suffix, langs in _SUFFIXES:
                if token.endswith(suffix):
                    for lang in langs:
                        scores[lang] += SUFFIX / len(langs)
                    break
        for letter, langs in _LETTERS.items():
            if letter in token:
                for lang in langs:
                    scores[lang] += 0.1
    best = max(scores, key=lambda lang: scores[lang])
    if best in ("nb", "da"):
        # Nynorsk shares most words with Bokmål; its own question words and pronouns decide
        nynorsk = sum(token in _MARKERS["nn"] for token in tokens)
        bokmal = sum(token in _BOKMAL_ONLY for token in tokens)
        if nynorsk > bokmal:
            best = "nn"
    if hint is not None and (len(tokens) <= 2 or len(text) < 15):
        # one or two words say too little; keep the hint unless the evidence is clear
        if scores[hint] >= scores[best] - 0.5:
            return hint
    return best
