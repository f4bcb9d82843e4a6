"""Turning raw YAML (or database) dicts into model records, noting every problem on the way.

Each `parse_*` function returns a record even when it found problems (or None when nothing
usable is left), so that one pass reports everything that is wrong with a file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import urlparse
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from knowledge.model import LANGUAGES, Contact, Entry, Link, OfferCategory, Region
from knowledge.problems import Problem

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
COUNTRIES = ("no", "dk", "se")
TOP_LEVEL_KEYS = ("entries", "contacts", "synonyms", "regions", "offer_categories", "groups", "events")


def line_of(node: Any) -> int | None:
    """The 1-based line a YAML node started on, when the reader recorded it."""
    return getattr(node, "line", None)


@dataclass
class Report:
    """Collects problems for one source (a file, or the database)."""

    file: str
    problems: list[Problem] = field(default_factory=list)

    def add(self, message: str, entry: str | None = None, line: int | None = None) -> None:
        self.problems.append(Problem(file=self.file, entry=entry, message=message, line=line))


class _Fields:
    """Reads typed fields of one mapping, reporting problems against its id and line."""

    def __init__(self, report: Report, raw: dict[str, Any], owner: str | None, line: int | None) -> None:
        self.report, self.raw, self.owner, self.line = report, raw, owner, line

    def problem(self, message: str) -> None:
        self.report.add(message, self.owner, self.line)

    def string(self, key: str, *, required: bool = False) -> str | None:
        value = self.raw.get(key)
        if value is None:
            if required:
                self.problem(f"missing {key}")
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.problem(f"{key} must be a string, not {type(value).__name__}")
            return None
        text = str(value).strip()
        if required and not text:
            self.problem(f"{key} is empty")
        return text

    def strings(self, key: str) -> list[str]:
        value = self.raw.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(f"{key} must be a list of strings, not {type(value).__name__}")
            return []
        out: list[str] = []
        for item in value:
            if isinstance(item, bool) or not isinstance(item, str | int | float):
                self.problem(f"{key} must hold strings, found {type(item).__name__}")
                continue
            if str(item).strip():
                out.append(str(item).strip())
        return out

    def ids(self, key: str) -> list[str]:
        values = self.strings(key)
        for value in values:
            if not ID_PATTERN.match(value):
                self.problem(f"{key}: bad id {value!r} (use a-z, 0-9 and -)")
        return [value for value in values if ID_PATTERN.match(value)]

    def _languages(self, key: str, value: dict[Any, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for code, text in value.items():
            if code not in LANGUAGES:
                self.problem(f"{key}: unknown language code {code!r} (use {', '.join(LANGUAGES)})")
                continue
            out[str(code)] = text
        return out

    def texts(self, key: str, *, required: bool = False) -> dict[str, str]:
        value = self.raw.get(key)
        if value is None:
            if required:
                self.problem(f"missing {key}")
            return {}
        if isinstance(value, str):
            self.problem(f"{key} must be a mapping of language to text, e.g. {{nb: ...}}, not a string")
            return {}
        if not isinstance(value, dict):
            self.problem(f"{key} must be a mapping of language to text, not {type(value).__name__}")
            return {}
        out: dict[str, str] = {}
        for code, text in self._languages(key, value).items():
            if isinstance(text, bool) or not isinstance(text, str | int | float):
                self.problem(f"{key}.{code} must be a string, not {type(text).__name__}")
            elif str(text).strip():
                out[code] = str(text).strip()
        if not out and (required or value):
            self.problem(f"{key} has no text in any language")
        return out

    def text_lists(self, key: str) -> dict[str, list[str]]:
        value = self.raw.get(key)
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.problem(f"{key} must be a mapping of language to a list of texts, not {type(value).__name__}")
            return {}
        out: dict[str, list[str]] = {}
        for code, texts in self._languages(key, value).items():
            if isinstance(texts, str):
                texts = [texts]
            if not isinstance(texts, list):
                self.problem(f"{key}.{code} must be a list of strings, not {type(texts).__name__}")
                continue
            good = [str(t).strip() for t in texts if isinstance(t, str | int | float) and not isinstance(t, bool)]
            if len(good) != len(texts):
                self.problem(f"{key}.{code} must hold strings only")
            if good := [t for t in good if t]:
                out[code] = good
        return out

    def day(self, key: str) -> date | None:
        value = self.raw.get(key)
        if value is None:
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.problem(f"{key}: bad date {value!r} (use YYYY-MM-DD)")
        return None


def check_url(url: str) -> bool:
    parsed = urlparse(url)
    return parsed.scheme in ("http", "https") and bool(parsed.netloc) and " " not in url and "." in parsed.netloc


def _mapping(report: Report, raw: Any, what: str, index: int, parent_line: int | None) -> dict[str, Any] | None:
    if isinstance(raw, dict):
        return raw
    report.add(f"{what} #{index + 1} must be a mapping, not {type(raw).__name__}", None, parent_line)
    return None


def _checked_id(fields: _Fields, what: str, index: int) -> str | None:
    raw_id = fields.raw.get("id")
    if raw_id is None:
        fields.report.add(f"{what} #{index + 1} has no id", None, fields.line)
        return None
    if not isinstance(raw_id, str) or not ID_PATTERN.match(raw_id):
        fields.report.add(f"bad id {raw_id!r} (use a-z, 0-9 and -)", str(raw_id), fields.line)
        return None
    return raw_id


def parse_entry(report: Report, raw: Any, index: int, parent_line: int | None = None) -> Entry | None:
    data = _mapping(report, raw, "entry", index, parent_line)
    if data is None:
        return None
    line = line_of(data)
    fields = _Fields(report, data, None, line)
    entry_id = _checked_id(fields, "entry", index)
    fields.owner = entry_id or str(data.get("id") or f"#{index + 1}")
    answer = fields.texts("answer", required=True)
    title = fields.texts("title")
    questions = fields.text_lists("questions")
    keywords = fields.strings("keywords")
    contacts = fields.ids("contacts")
    tags = fields.strings("tags")
    regions = fields.ids("regions")
    valid_until = fields.day("valid_until")
    links = _links(fields)
    if entry_id is None:
        return None
    # kept even without an answer, so that duplicate ids and contacts are still checked
    return Entry(
        id=entry_id, title=title, questions=questions, keywords=keywords, answer=answer,
        contacts=contacts, links=links, tags=tags, regions=regions, valid_until=valid_until,
        source=report.file,
    )


def _links(fields: _Fields) -> list[Link]:
    value = fields.raw.get("links")
    if value is None:
        return []
    if not isinstance(value, list):
        fields.problem(f"links must be a list, not {type(value).__name__}")
        return []
    links: list[Link] = []
    for item in value:
        if isinstance(item, str):
            item = {"url": item}
        if not isinstance(item, dict):
            fields.problem(f"a link must be a mapping with title and url, not {type(item).__name__}")
            continue
        link = _Fields(fields.report, item, fields.owner, line_of(item) or fields.line)
        url = link.string("url", required=True)
        title = link.string("title")
        if url is None:
            continue
        if not check_url(url):
            link.problem(f"bad url {url!r} (must start with http:// or https:// and name a host)")
            continue
        links.append(Link(title=title or urlparse(url).netloc, url=url))
    return links


def parse_contact(report: Report, raw: Any, index: int, parent_line: int | None = None) -> Contact | None:
    data = _mapping(report, raw, "contact", index, parent_line)
    if data is None:
        return None
    fields = _Fields(report, data, None, line_of(data))
    contact_id = _checked_id(fields, "contact", index)
    fields.owner = f"contact {contact_id or data.get('id') or f'#{index + 1}'}"
    name = fields.string("name", required=True)
    role = fields.texts("role")
    organisation = fields.string("organisation") or ""
    phone = fields.string("phone")
    email = fields.string("email")
    if email and not EMAIL_PATTERN.match(email):
        fields.problem(f"bad email {email!r}")
        email = None
    topics = fields.strings("topics")
    regions = fields.ids("regions")
    if contact_id is None or not name:
        return None
    return Contact(
        id=contact_id, name=name, role=role, organisation=organisation, phone=phone or None,
        email=email, topics=topics, regions=regions,
    )


def parse_region(report: Report, raw: Any, index: int, parent_line: int | None = None) -> Region | None:
    data = _mapping(report, raw, "region", index, parent_line)
    if data is None:
        return None
    fields = _Fields(report, data, None, line_of(data))
    region_id = _checked_id(fields, "region", index)
    fields.owner = f"region {region_id or data.get('id') or f'#{index + 1}'}"
    name = fields.texts("name")
    country = data.get("country")
    if country is False:  # YAML 1.1 reads an unquoted `no` (Norway) as false
        country = "no"
    if country is not None and country not in COUNTRIES:
        fields.problem(f"unknown country {country!r} (use {', '.join(COUNTRIES)})")
        country = None
    aliases = fields.strings("aliases")
    for alias in aliases:
        if len(alias) > 60 or not any(character.isalpha() for character in alias):
            fields.problem(f"aliases: {alias!r} is not a place name")
    aliases = [alias for alias in aliases if len(alias) <= 60 and any(c.isalpha() for c in alias)]
    timezone = fields.string("timezone") or None
    if timezone is not None and not _known_zone(timezone):
        fields.problem(f"unknown timezone {timezone!r} (an IANA name such as Europe/Copenhagen)")
        timezone = None
    if region_id is None:
        return None
    if not name:
        pretty = "-".join(part.capitalize() for part in region_id.split("-"))
        name = {"nb": pretty, "en": pretty}
    return Region(id=region_id, name=name, country=country, aliases=tuple(dict.fromkeys(aliases)), timezone=timezone)


def _known_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def parse_offer_category(report: Report, raw: Any, index: int, parent_line: int | None = None) -> OfferCategory | None:
    """`{id: food, name: {nb: Mat og drikke, ...}}`: a category of shop-local offers."""
    data = _mapping(report, raw, "offer category", index, parent_line)
    if data is None:
        return None
    fields = _Fields(report, data, None, line_of(data))
    category_id = _checked_id(fields, "offer category", index)
    fields.owner = f"offer category {category_id or f'#{index + 1}'}"
    name = fields.texts("name")
    if category_id is None:
        return None
    if len(category_id) > 24:
        fields.problem("an offer category id has at most 24 characters")
        return None
    if not name:
        fields.problem("an offer category needs a name")
        return None
    return OfferCategory(id=category_id, name=name)


def parse_synonyms(report: Report, raw: Any, index: int, parent_line: int | None = None) -> list[str] | None:
    if not isinstance(raw, list):
        report.add(f"synonym group #{index + 1} must be a list of words, not {type(raw).__name__}",
                   None, line_of(raw) or parent_line)
        return None
    words = [str(word).strip() for word in raw if isinstance(word, str | int | float) and not isinstance(word, bool)]
    if len(words) != len(raw):
        report.add(f"synonym group #{index + 1} must hold strings only", None, line_of(raw) or parent_line)
    words = [word for word in words if word]
    if len(words) < 2:
        report.add(f"synonym group #{index + 1} needs at least two words", None, line_of(raw) or parent_line)
        return None
    return words
