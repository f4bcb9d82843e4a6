"""Knowledge the staff added from answered questions (`knowledge_additions`): served and exported.

Two kinds of rows: `entry` (data is a whole entry in the YAML format) and `phrasing` (data is
`{"lang", "text"}`: one more example question for an existing entry). `to_extra` turns them into the
loader's `extra` list, a phrasing on an entry from the YAML files becoming an `extends` form, so they
are validated exactly like the files; `export` writes everything back as a knowledge folder in the
bundled format that `sammen kb check` accepts.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from sqlalchemy import delete, select

from knowledge.loader import DATABASE, knowledge_files, read_knowledge
from knowledge.model import LANGUAGES
from knowledge.problems import Problem
from storage import audit
from storage.models import KnowledgeAddition

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

    from storage.database import Database

#: The file `export` writes the staff's new entries to.
ADDITIONS_FILE = "staff-additions.yaml"
#: An example phrasing longer than this is cut (a long question is a poor example).
MAX_PHRASING = 300
#: Tag put on entries created from the staff desk, so they can be found in the files later.
TAG = "staff-desk"


class AdditionRejected(ValueError):
    """The addition would make the knowledge invalid; `problems` says why, as `sammen kb check` would."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(p.message for p in problems))


def phrasing_text(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_PHRASING else text[: MAX_PHRASING - 1].rstrip() + "…"


def content_language(code: str | None) -> str:
    return code if code in LANGUAGES else "nb"


def suggest_id(text: str, region: str | None = None, taken: Iterable[str] = ()) -> str:
    """A readable entry id from a title or question: "Husleie for kafé?" -> "horten-husleie-for-kafe"."""
    folded = unicodedata.normalize("NFKD", text.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a"))
    words = re.findall(r"[a-z0-9]+", folded.encode("ascii", "ignore").decode())[:6]
    base = "-".join(([region] if region else []) + words) or "staff-entry"
    base = base[:80].strip("-")
    taken = set(taken)
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def entry_data(
    entry_id: str,
    *,
    language: str,
    question: str,
    answer: str,
    title: str = "",
    region: str | None = None,
    contacts: Iterable[str] = (),
) -> dict[str, Any]:
    """A new entry in the YAML format, with the user's question as its first example phrasing."""
    data: dict[str, Any] = {"id": entry_id.strip()}
    if title.strip():
        data["title"] = {language: title.strip()}
    data["questions"] = {language: [phrasing_text(question)]}
    data["answer"] = {language: answer.strip()}
    if contacts := [c.strip() for c in contacts if c.strip()]:
        data["contacts"] = contacts
    data["tags"] = [TAG]
    if region:
        data["regions"] = [region]
    return data


def to_extra(rows: Iterable[KnowledgeAddition]) -> list[dict[str, Any]]:
    """The rows as the loader's `extra`: entries, then one `extends` form per entry from the files."""
    rows = sorted(rows, key=lambda r: r.id if r.id is not None else float("inf"))
    entries: dict[str, dict[str, Any]] = {}
    gatherings: list[dict[str, Any]] = []
    for row in rows:
        if row.kind == "entry":
            entries[row.entry_id] = _copy(row.data)
        elif row.kind in ("group", "event"):  # a network group or event the staff created
            gatherings.append({"add": f"{row.kind}s", "data": _copy(row.data)})
    extends: dict[str, dict[str, Any]] = {}
    for row in rows:
        if row.kind != "phrasing":
            continue
        lang, text = str(row.data.get("lang") or "nb"), str(row.data.get("text") or "")
        target = entries.get(row.entry_id)
        if target is None:
            target = extends.setdefault(row.entry_id, {"extends": row.entry_id, "questions": {}})
        questions = target.setdefault("questions", {})
        if not isinstance(questions, dict):  # a broken entry: let the loader report it
            continue
        texts = questions.setdefault(lang, [])
        if isinstance(texts, list) and text not in texts:
            texts.append(text)
    return list(entries.values()) + list(extends.values()) + gatherings


def _copy(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _copy(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_copy(v) for v in data]
    return data


async def rows(session: AsyncSession) -> list[KnowledgeAddition]:
    return list((await session.execute(select(KnowledgeAddition).order_by(KnowledgeAddition.id))).scalars())


def extra_loader(database: Database) -> Callable[[], Awaitable[list[dict[str, Any]]]]:
    """The `KnowledgeStore` extra loader: the additions as they are in the database now."""

    async def load() -> list[dict[str, Any]]:
        async with database.uow() as uow:
            return to_extra(await rows(uow.session))

    return load


def check_addition(knowledge_dir: Path, existing: list[KnowledgeAddition], new: KnowledgeAddition) -> list[Problem]:
    """The problems `new` would add to the knowledge (the loader's own validation, files included).

    Problems the stored additions already have are not blamed on the new one.
    """
    _, before = read_knowledge(knowledge_dir, extra=to_extra(existing) or None)
    _, after = read_knowledge(knowledge_dir, extra=to_extra([*existing, new]))
    seen = set(before)
    return [p for p in after if p not in seen and p.file == DATABASE]


# -- export ----------------------------------------------------------------------------------------


def export(knowledge_dir: Path, extra: list[dict[str, Any]], out: Path) -> list[Path]:
    """Write the files plus the additions to `out` as one knowledge folder in the bundled format.

    Files that gain phrasings are rewritten (their comments are lost, so a header says so); the
    others are copied byte for byte. New entries go to `staff-additions.yaml`.
    """
    src = Path(knowledge_dir)
    new_entries = [e for e in extra if "extends" not in e and "add" not in e]
    added = {key: [e["data"] for e in extra if e.get("add") == key] for key in ("groups", "events")}
    extends = {e["extends"]: e for e in extra if "extends" in e}
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for file in knowledge_files(src):
        target = out / (file.name if src.is_file() else file.relative_to(src))
        target.parent.mkdir(parents=True, exist_ok=True)
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        hits = _extend_document(data, extends) if isinstance(data, dict) else False
        if hits:
            header = f"# Exported by `sammen kb export` from {file.name} with phrasings added by the staff.\n"
            target.write_text(header + _dump(data), encoding="utf-8")
        else:
            shutil.copyfile(file, target)
        written.append(target)
    if new_entries or any(added.values()):
        target = out / ADDITIONS_FILE
        if target in written:  # exporting over an earlier export: add to its file
            data = yaml.safe_load(target.read_text(encoding="utf-8")) or {}
        else:
            data = {}
            written.append(target)
        for key, items in (("entries", new_entries), *added.items()):
            if items:
                data[key] = [*(data.get(key) or []), *items]
        header = "# Entries created from answered questions on the staff desk (`sammen kb export`).\n"
        target.write_text(header + _dump(data), encoding="utf-8")
    return written


def _extend_document(data: dict[str, Any], extends: dict[str, dict[str, Any]]) -> bool:
    changed = False
    for entry in data.get("entries") or []:
        if not isinstance(entry, dict) or entry.get("id") not in extends:
            continue
        ext = extends[entry["id"]]
        questions = entry.setdefault("questions", {})
        for lang, texts in (ext.get("questions") or {}).items():
            existing = questions.setdefault(lang, [])
            existing.extend(t for t in texts if t not in existing)
        if ext.get("keywords"):
            keywords = entry.setdefault("keywords", [])
            keywords.extend(k for k in ext["keywords"] if k not in keywords)
        changed = True
    return changed


class _Dumper(yaml.SafeDumper):
    """Block style like the bundled files, but short lists of ids on one line."""


def _represent_list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    flow = bool(data) and all(isinstance(x, str) and re.fullmatch(r"[a-z0-9-]+", x) for x in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(list, _represent_list)


def _dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=110, default_flow_style=False)


async def export_from_database(database: Database, knowledge_dir: Path, out: Path) -> tuple[list[Path], list[int]]:
    """`sammen kb export`: the files written and the ids of the additions that went into them."""
    async with database.uow() as uow:
        found = await rows(uow.session)
    return export(knowledge_dir, to_extra(found), out), [row.id for row in found]


async def clear_additions(database: Database, ids: list[int]) -> None:
    """Forget additions that are in the files now (after `sammen kb export --clear-additions`)."""
    async with database.uow() as uow:
        await uow.session.execute(delete(KnowledgeAddition).where(KnowledgeAddition.id.in_(ids)))
        await audit.record(uow, None, "knowledge.clear", "knowledge_additions", count=len(ids))
