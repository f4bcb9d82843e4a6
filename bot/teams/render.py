"""Reply → Teams activities: plain replies as message text (Teams' HTML subset), replies with buttons,
contact people or a file as one Adaptive Card (1.5, which Teams renders on desktop, web and mobile).

Text: Sammen's markup (`**bold**`, `[label](url)`, line breaks) becomes `<b>`, `<a href>` and `<br>`,
with everything else HTML-escaped (`handlers.markup.to_html`). In a card, the same markup becomes the
Adaptive Card markdown subset, with every other markdown character backslash-escaped, one TextBlock per
line (Teams does not break a TextBlock at a single newline). Buttons: one ActionSet per row; an action
button is `Action.Submit` with `data: {"action": <the packed callback data>}` (it comes back as the
activity's `value` and is handed to the core unchanged), a link button `Action.OpenUrl`. A contact
person (the core's contact lines: a bold name, then ☎ and ✉ lines) is its own emphasised container.
The card layouts are JSON templates in `cards/` (`"${name}"` placeholders, filled here).
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from handlers.markup import _TOKEN, to_html, to_plain
from handlers.types import Button, Reply

CARD = "application/vnd.microsoft.card.adaptive"
CARD_VERSION = "1.5"
CARDS = Path(__file__).with_name("cards")
#: Teams refuses messages over about 28 KB; longer texts are cut to this many characters per message.
MAX_TEXT = 20_000
#: Teams shows at most this many actions side by side (more fold into an overflow menu).
MAX_ROW = 6
#: Link schemes a button may open.
SAFE_SCHEMES = ("http", "https", "mailto", "tel")
#: What Adaptive Card markdown gives a meaning to (bold, italic, code, links); HTML is never rendered
#: in a card, and a list marker only counts at the start of a line (`_LIST_START`).
_MD_SPECIAL = re.compile(r"([\\`*_\[\]])")
_LIST_START = re.compile(r"^(\s*)([-+]|\d+\.)(\s)")
_CONTACT_LINE = ("☎ ", "✉ ")


@cache
def template(name: str) -> Any:
    return json.loads((CARDS / f"{name}.json").read_text(encoding="utf-8"))


def fill(node: Any, values: dict[str, Any]) -> Any:
    """A copy of a template with every `"${key}"` string replaced by its value; a list value put in a
    list is spliced into it."""
    if isinstance(node, str) and node.startswith("${") and node.endswith("}"):
        return values[node[2:-1]]
    if isinstance(node, dict):
        return {k: fill(v, values) for k, v in node.items()}
    if isinstance(node, list):
        out: list[Any] = []
        for item in node:
            filled = fill(item, values)
            if isinstance(item, str) and isinstance(filled, list):
                out.extend(filled)
            else:
                out.append(filled)
        return out
    return node


def render(reply: Reply, file_url: str | None = None) -> dict[str, Any]:
    """The activity for one reply. `file_url`: where the reply's attachment can be downloaded."""
    text = reply.text[:MAX_TEXT]
    activity: dict[str, Any] = {"type": "message"}
    if reply.lang:
        activity["locale"] = reply.lang
    if not reply.buttons and reply.attachment is None and not _has_contact(text):
        activity.update(textFormat="xml", text=to_html(text).replace("\n", "<br>"))
        return activity
    activity["summary"] = to_plain(text)[:200]
    activity["attachments"] = [{"contentType": CARD, "content": card(reply, file_url)}]
    return activity


def card(reply: Reply, file_url: str | None = None) -> dict[str, Any]:
    body = blocks(reply.text[:MAX_TEXT])
    if reply.attachment is not None:
        name = reply.attachment.filename
        if file_url is not None:
            body.append(fill(template("file"), {"label": md_escape("📎 " + name), "download": "⬇ " + name,
                                                "url": file_url}))  # fmt: skip
        else:
            body.append(text_block(md_escape("📎 " + name)))
    body.extend(action_sets(reply.buttons))
    return dict(fill(template("reply"), {"body": body}))


def blocks(text: str) -> list[dict[str, Any]]:
    """TextBlocks for the text, a container per contact person."""
    out: list[dict[str, Any]] = []
    for p, paragraph in enumerate(text.split("\n\n")):
        lines = paragraph.split("\n")
        i = 0
        first = True
        while i < len(lines):
            j = i + 1
            while j < len(lines) and lines[j].startswith(_CONTACT_LINE):
                j += 1
            spacing = "Medium" if first and p else "None" if not first else "Default"
            if j > i + 1 and lines[i].startswith("**"):
                details = [{**text_block(to_markdown(x)), "spacing": "None"} for x in lines[i + 1 : j]]
                contact = fill(template("contact"), {"name": to_markdown(lines[i]), "lines": details})
                contact["spacing"] = "Medium" if first and p else "Small"
                out.append(contact)
                i = j
            else:
                if lines[i].strip():
                    block = text_block(to_markdown(lines[i]))
                    block["spacing"] = spacing
                    out.append(block)
                i += 1
            first = False
    return out


def text_block(markdown: str) -> dict[str, Any]:
    return {"type": "TextBlock", "text": markdown, "wrap": True}


def action_sets(rows: list[list[Button]]) -> list[dict[str, Any]]:
    """One ActionSet per row of buttons; a row longer than Teams shows is continued in the next set."""
    sets: list[dict[str, Any]] = []
    for row in rows:
        actions = [a for a in (action(b) for b in row) if a is not None]
        for start in range(0, len(actions), MAX_ROW):
            sets.append({"type": "ActionSet", "actions": actions[start : start + MAX_ROW]})
    return sets


def action(button: Button) -> dict[str, Any] | None:
    if button.action is not None:
        return {"type": "Action.Submit", "title": button.label, "data": {"action": button.action}}
    assert button.url is not None
    if urlsplit(button.url).scheme.lower() not in SAFE_SCHEMES:
        return None
    return {"type": "Action.OpenUrl", "title": button.label, "url": button.url}


def to_markdown(text: str) -> str:
    """Sammen's markup → the Adaptive Card markdown subset (bold, links), everything else literal."""
    out: list[str] = []
    pos = 0
    for m in _TOKEN.finditer(text):
        out.append(md_escape(text[pos : m.start()]))
        if m.group(1) is not None:
            out.append(md_escape(m.group(1)))
        elif m.group(2) is not None:
            out.append(f"**{to_markdown(m.group(2))}**")
        else:
            label = to_markdown(m.group(3))
            url = m.group(4).replace("(", "%28").replace(")", "%29")
            out.append(f"[{label}]({url})")
        pos = m.end()
    out.append(md_escape(text[pos:]))
    return _LIST_START.sub(_literal_marker, "".join(out))


def _literal_marker(m: re.Match[str]) -> str:
    """A line that starts like a list item ("- ", "1. ") stays text."""
    marker = m.group(2)
    marker = marker.replace(".", "\\.") if marker[0].isdigit() else "\\" + marker
    return m.group(1) + marker + m.group(3)


def md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def _has_contact(text: str) -> bool:
    return "\n☎ " in text or "\n✉ " in text
