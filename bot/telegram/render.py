"""Reply → Telegram messages: HTML text split to Telegram's length limit, and an inline keyboard.

The core's markup is rendered with `handlers.markup.to_html`, which escapes every user- and
knowledge-supplied character. Telegram allows 4096 characters *after* entity parsing, counted in
UTF-16 code units, so the split works on the visible text: at paragraph breaks, else line breaks,
else spaces, else anywhere, but never inside a tag or an entity. Tags open at a cut are closed at the
end of one part and reopened at the start of the next, so every part parses on its own.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from handlers.types import Button, Reply

MAX_MESSAGE = 4096
#: Telegram shows at most 8 buttons in a row.
MAX_ROW = 8
#: Telegram refuses an empty text; a message that is only buttons gets this invisible separator.
EMPTY_TEXT = "\u2063"

_ATOM = re.compile(r"<[^>]*>|&#?\w+;|.", re.S)
_TAGS = re.compile(r"<[^>]*>")
_OPEN = re.compile(r"<([a-zA-Z][\w-]*)")
_SEPARATORS = ("\n\n", "\n", " ")


@dataclass(frozen=True, slots=True)
class Part:
    """One Telegram message: HTML text and, on the last part only, the keyboard."""

    html: str
    keyboard: InlineKeyboardMarkup | None = None


def render(reply: Reply, limit: int = MAX_MESSAGE) -> list[Part]:
    """The messages for one reply, in order; buttons go with the last one."""
    chunks = split_html(reply.html(), limit) or [EMPTY_TEXT]
    keyboard = keyboard_for(reply.buttons)
    return [Part(c, keyboard if i == len(chunks) - 1 else None) for i, c in enumerate(chunks)]


def keyboard_for(rows: list[list[Button]]) -> InlineKeyboardMarkup | None:
    """Action buttons become callback buttons (data passed back unchanged), link buttons url buttons."""
    keyboard: list[list[InlineKeyboardButton]] = []
    for row in rows:
        buttons = [
            InlineKeyboardButton(b.label, url=b.url)
            if b.url is not None
            else InlineKeyboardButton(b.label, callback_data=b.action)
            for b in row
        ]
        keyboard.extend(buttons[i : i + MAX_ROW] for i in range(0, len(buttons), MAX_ROW))
    return InlineKeyboardMarkup(keyboard) if keyboard else None


def utf16_len(text: str) -> int:
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def split_html(text: str, limit: int = MAX_MESSAGE) -> list[str]:
    """Split Telegram HTML into parts whose visible text is at most `limit` UTF-16 units each."""
    if utf16_len(text) <= limit:  # the visible text is never longer than the HTML: the common case
        return [text] if html.unescape(_TAGS.sub("", text)).strip() else []
    atoms = _ATOM.findall(text)
    # The visible characters, each with the index of the atom (a character or an entity) it comes from.
    visible: list[str] = []
    where: list[int] = []
    for i, atom in enumerate(atoms):
        if atom[0] == "<":
            continue
        visible.append(html.unescape(atom) if atom[0] == "&" else atom)
        where.append(i)
    if not visible:
        return []
    parts: list[str] = []
    start = 0
    for begin, end in _cuts(visible, limit):
        if begin >= end:
            continue
        first, last = where[begin], where[end - 1]
        while first > start and _is_open(atoms[first - 1]):
            first -= 1  # a tag opened just before the first character belongs to this part
        while last + 1 < len(atoms) and atoms[last + 1].startswith("</"):
            last += 1  # and a tag closed right after the last character
        before = _stack(atoms[:first])
        inside = atoms[first : last + 1]
        after = _stack(atoms[: last + 1])
        chunk = "".join(before) + "".join(inside) + "".join(f"</{_name(t)}>" for t in reversed(after))
        if html.unescape(_TAGS.sub("", chunk)).strip():
            parts.append(chunk)
        start = last + 1
    return parts


def _cuts(visible: list[str], limit: int) -> list[tuple[int, int]]:
    """(begin, end) ranges of visible characters, split at the best boundary before the limit."""
    ranges: list[tuple[int, int]] = []
    weights = [2 if ord(c) > 0xFFFF else 1 for c in visible]
    pos, n = 0, len(visible)
    while pos < n:
        end, used = pos, 0
        while end < n and used + weights[end] <= limit:
            used += weights[end]
            end += 1
        end = max(end, pos + 1)  # a limit below one character still makes progress
        if end >= n:
            cut = n
        else:
            cut = _best_cut(visible, pos, end)
        end_of_part = cut
        while end_of_part > pos + 1 and visible[end_of_part - 1].isspace():
            end_of_part -= 1
        ranges.append((pos, end_of_part))
        pos = cut
        while pos < n and visible[pos].isspace():
            pos += 1
    return ranges


def _best_cut(visible: list[str], pos: int, end: int) -> int:
    """Where to end a part that may not go past `end`: the last paragraph break, else line, else space."""
    ahead = "".join(visible[pos : end + 2])  # a separator may start right at the limit
    for sep in _SEPARATORS:
        at = ahead.rfind(sep, 0, end - pos + len(sep))
        if at > 0:
            return pos + at  # the separator itself (whitespace) is dropped
    return end


def _is_open(atom: str) -> bool:
    return atom.startswith("<") and not atom.startswith("</")


def _name(tag: str) -> str:
    m = _OPEN.match(tag)
    return m.group(1).lower() if m else ""


def _stack(atoms: list[str]) -> list[str]:
    """The opening tags still open after `atoms`, outermost first."""
    stack: list[str] = []
    for atom in atoms:
        if atom.startswith("</"):
            name = atom[2:-1].strip().lower()
            for i in range(len(stack) - 1, -1, -1):
                if _name(stack[i]) == name:
                    del stack[i:]
                    break
        elif atom.startswith("<") and not atom.endswith("/>"):
            stack.append(atom)
    return stack
