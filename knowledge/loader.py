"""Reading a knowledge directory (every *.yaml below it) plus database entries into one checked base."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from knowledge.gatherings import Event, Group, parse_event, parse_group
from knowledge.model import Contact, Entry, KnowledgeBase, OfferCategory, Region, region_from_id
from knowledge.normalise import fold
from knowledge.problems import KnowledgeError, Problem
from knowledge.schema import (
    TOP_LEVEL_KEYS,
    Report,
    _Fields,
    line_of,
    parse_contact,
    parse_entry,
    parse_offer_category,
    parse_region,
    parse_synonyms,
)

__all__ = ["KnowledgeError", "Problem", "check_knowledge", "load_knowledge", "read_knowledge"]

DATABASE = "<database>"


class _LineDict(dict[str, Any]):
    """A YAML mapping that remembers the line it started on, for problem reports."""

    line: int | None = None


class _LineList(list[Any]):
    line: int | None = None


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that records line numbers and leaves impossible dates as strings to report."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _LineDict:
    data = _LineDict()
    data.line = node.start_mark.line + 1
    data.update({str(key): value for key, value in loader.construct_mapping(node, deep=True).items()})
    return data


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> _LineList:
    data = _LineList(loader.construct_sequence(node, deep=True))
    data.line = node.start_mark.line + 1
    return data


def _construct_timestamp(loader: _LineLoader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def _read_yaml(path: Path, report: Report) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        report.add(f"cannot read: {error}")
        return None
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = getattr(error, "problem", None) or str(error).splitlines()[0]
        report.add(f"malformed YAML: {reason}", None, line)
        return None


def knowledge_files(root: Path) -> list[Path]:
    """Every YAML file under `root`, in a stable order (a single file is allowed too)."""
    if root.is_file():
        return [root]
    return sorted(p for p in root.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())


class _Collector:
    """Gathers records from all sources, then checks what spans them (ids, references)."""

    def __init__(self) -> None:
        self.entries: list[tuple[Entry, Report, int | None]] = []
        self.contacts: dict[str, Contact] = {}
        self.synonyms: list[list[str]] = []
        self.regions: dict[str, Region] = {}
        self.alias_owner: dict[str, str] = {}  # folded alias -> region id
        self.reports: list[Report] = []
        self.extensions: list[tuple[dict[str, Any], Report]] = []
        self.groups: list[tuple[Group, Report, int | None]] = []
        self.events: list[tuple[Event, Report, int | None]] = []
        self.offer_categories: dict[str, OfferCategory] = {}

    def add_document(self, data: Any, report: Report) -> None:
        self.reports.append(report)
        if data is None:
            return
        if not isinstance(data, dict):
            report.add(f"the file must be a mapping with {', '.join(TOP_LEVEL_KEYS)}, not {type(data).__name__}")
            return
        for key in data:
            if key not in TOP_LEVEL_KEYS:
                report.add(f"unknown top-level key {key!r} (expected {', '.join(TOP_LEVEL_KEYS)})",
                           None, line_of(data))
        for key in TOP_LEVEL_KEYS:
            items = data.get(key)
            if items is None:
                continue
            if not isinstance(items, list):
                report.add(f"{key} must be a list, not {type(items).__name__}", None, line_of(data))
                continue
            self._add_items(key, items, report)

    def _add_items(self, key: str, items: list[Any], report: Report) -> None:
        parent = line_of(items)
        for index, raw in enumerate(items):
            if key == "entries":
                self.add_entry(raw, index, report, parent)
            elif key == "contacts":
                contact = parse_contact(report, raw, index, parent)
                if contact is not None:
                    if contact.id in self.contacts:
                        report.add("duplicate contact id", f"contact {contact.id}", line_of(raw))
                    self.contacts[contact.id] = contact
            elif key in ("groups", "events"):
                self.add_gathering(key, raw, index, report, parent)
            elif key == "synonyms":
                group = parse_synonyms(report, raw, index, parent)
                if group is not None:
                    self.synonyms.append(group)
            elif key == "offer_categories":
                category = parse_offer_category(report, raw, index, parent)
                if category is not None:
                    if category.id in self.offer_categories:
                        report.add("duplicate offer category id", f"offer category {category.id}", line_of(raw))
                    self.offer_categories[category.id] = category
            else:
                region = parse_region(report, raw, index, parent)
                if region is not None:
                    if region.id in self.regions:
                        report.add("duplicate region id", f"region {region.id}", line_of(raw))
                    for alias in region.aliases:
                        other = self.alias_owner.setdefault(fold(alias), region.id)
                        if other != region.id:
                            report.add(f"alias {alias!r} names two regions ({other}, {region.id})",
                                       f"region {region.id}", line_of(raw))
                    self.regions[region.id] = region

    def add_gathering(self, key: str, raw: Any, index: int, report: Report, parent: int | None = None) -> None:
        if key == "groups":
            group = parse_group(report, raw, index, parent)
            if group is not None:
                self.groups.append((group, report, line_of(raw)))
        else:
            event = parse_event(report, raw, index, parent)
            if event is not None:
                self.events.append((event, report, line_of(raw)))

    def _gatherings(self) -> tuple[list[Group], list[Event]]:
        """Groups and events with their references checked: unique ids, organisers, an event's group."""
        groups: dict[str, Group] = {}
        events: dict[str, Event] = {}
        firsts: dict[str, str] = {}
        for group, report, line in self.groups:
            if group.id in groups:
                report.add(f"duplicate group id (first defined in {firsts['g' + group.id]})", f"group {group.id}", line)
                continue
            firsts["g" + group.id] = report.file
            if group.organiser and group.organiser not in self.contacts:
                report.add(f"unknown organiser (contact id) {group.organiser!r}", f"group {group.id}", line)
            groups[group.id] = group
        for event, report, line in self.events:
            if event.id in events:
                report.add(f"duplicate event id (first defined in {firsts['e' + event.id]})", f"event {event.id}", line)
                continue
            firsts["e" + event.id] = report.file
            if event.organiser and event.organiser not in self.contacts:
                report.add(f"unknown organiser (contact id) {event.organiser!r}", f"event {event.id}", line)
            if event.group and event.group not in groups:
                report.add(f"unknown group {event.group!r}", f"event {event.id}", line)
            events[event.id] = event
        return list(groups.values()), list(events.values())

    def add_entry(self, raw: Any, index: int, report: Report, parent: int | None = None) -> None:
        entry = parse_entry(report, raw, index, parent)
        if entry is not None:
            self.entries.append((entry, report, line_of(raw)))

    def add_extension(self, raw: dict[str, Any], index: int, report: Report) -> None:
        """`{extends: <entry id>, questions: {...}, keywords: [...]}`: more phrasings for an entry."""
        target = raw.get("extends")
        owner = f"extends {target}" if isinstance(target, str) else f"extension #{index + 1}"
        for key in raw:
            if key not in ("extends", "questions", "keywords"):
                report.add(f"unknown key {key!r} in an extension (only questions and keywords)", owner)
        if not isinstance(target, str) or not target.strip():
            report.add("extends must be an entry id", owner)
            return
        fields = _Fields(report, raw, owner, None)
        questions, keywords = fields.text_lists("questions"), fields.strings("keywords")
        if not questions and not keywords:
            report.add("an extension needs questions or keywords", owner)
            return
        self.extensions.append(({"extends": target, "questions": questions, "keywords": keywords}, report))

    def _extend(self, entries: list[Entry]) -> list[Entry]:
        index = {entry.id: n for n, entry in enumerate(entries)}
        for ext, report in self.extensions:
            n = index.get(ext["extends"])
            if n is None:
                report.add(f"extends unknown entry id {ext['extends']!r}", f"extends {ext['extends']}")
                continue
            entry = entries[n]
            questions = {code: list(texts) for code, texts in entry.questions.items()}
            for code, texts in ext["questions"].items():
                questions[code] = list(dict.fromkeys(questions.get(code, []) + texts))
            keywords = list(dict.fromkeys(entry.keywords + ext["keywords"]))
            entries[n] = replace(entry, questions=questions, keywords=keywords)
        return entries

    def finish(self) -> tuple[KnowledgeBase, list[Problem]]:
        seen: dict[str, str] = {}
        entries: list[Entry] = []
        for entry, report, line in self.entries:
            if entry.id in seen:
                report.add(f"duplicate id (first defined in {seen[entry.id]})", entry.id, line)
                continue
            seen[entry.id] = report.file
            for contact_id in entry.contacts:
                if contact_id not in self.contacts:
                    report.add(f"unknown contact id {contact_id!r}", entry.id, line)
            entries.append(entry)
        entries = self._extend(entries)
        groups, events = self._gatherings()
        regions = dict(self.regions)
        used: Iterable[str] = [r for e in entries for r in e.regions] + [
            r for c in self.contacts.values() for r in c.regions
        ] + [r for g in groups for r in g.regions] + [r for e in events for r in e.regions]
        for region_id in used:
            regions.setdefault(region_id, region_from_id(region_id))
        kb = KnowledgeBase(
            entries=entries, contacts=dict(self.contacts), synonyms=self.synonyms,
            regions=sorted(regions.values(), key=lambda r: r.id), groups=groups, events=events,
            offer_categories=list(self.offer_categories.values()),
        )
        return kb, [problem for report in self.reports for problem in report.problems]


def read_knowledge(
    path: str | Path, *, extra: list[dict[str, Any]] | None = None
) -> tuple[KnowledgeBase, list[Problem]]:
    """Everything usable plus every problem: the base for `check_knowledge` and `load_knowledge`.

    `extra` holds entries from the database, `{extends: <id>, questions, keywords}` forms that add
    phrasings to an entry defined anywhere (a YAML file or the database), and `{add: groups|events,
    data: {...}}` for groups and events the staff created.
    """
    root = Path(path)
    collector = _Collector()
    if not root.exists():
        report = Report(str(root))
        report.add("no such file or directory")
        collector.reports.append(report)
    else:
        files = knowledge_files(root)
        if not files:
            report = Report(str(root))
            report.add("no *.yaml files found")
            collector.reports.append(report)
        for file in files:
            report = Report(str(file))
            collector.add_document(_read_yaml(file, report), report)
    if extra:
        report = Report(DATABASE)
        collector.reports.append(report)
        for index, raw in enumerate(extra):
            if isinstance(raw, dict) and "extends" in raw:
                collector.add_extension(raw, index, report)
            elif isinstance(raw, dict) and raw.get("add") in ("groups", "events"):
                collector.add_gathering(raw["add"], raw.get("data"), index, report)
            else:
                collector.add_entry(raw, index, report)
    return collector.finish()


def load_knowledge(path: str | Path, *, extra: list[dict[str, Any]] | None = None) -> KnowledgeBase:
    """The checked knowledge base; raises KnowledgeError listing every problem if there is any."""
    kb, problems = read_knowledge(path, extra=extra)
    if problems:
        raise KnowledgeError(problems)
    return kb


def check_knowledge(path: str | Path) -> list[Problem]:
    return read_knowledge(path)[1]


ExtraLoader = Callable[[], list[dict[str, Any]]]
