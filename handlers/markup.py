"""Sammen's simple markup, rendered by each channel.

Only three things are marked: ``**bold**``, ``[label](https://url)`` and line breaks. Text that comes
from users or the knowledge base is passed through `esc` before it is put into markup, so a stray
``*`` or ``[`` in it stays literal; renderers then escape HTML themselves.
"""

from __future__ import annotations

import html
import re

_SPECIAL = re.compile(r"([\\*\[\]])")
_TOKEN = re.compile(
    r"\\([\\*\[\]])"  # an escaped special character
    r"|\*\*((?:\\.|[^\\])+?)\*\*"  # **bold**, escapes consumed whole
    r"|\[((?:\\.|[^\]\\])+)\]\((https?://[^\s)]+|mailto:[^\s)]+|tel:[^\s)]+)\)",  # [label](url)
    re.S,
)


def esc(text: str) -> str:
    """Make arbitrary text literal inside markup."""
    return _SPECIAL.sub(r"\\\1", text)


def bold(text: str) -> str:
    return f"**{esc(text)}**"


def link(label: str, url: str) -> str:
    return f"[{esc(label)}]({url})"


def short(text: str, limit: int) -> str:
    """Plain text on one line, cut at a word with "…" when it is longer than `limit` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _unesc(text: str) -> str:
    return re.sub(r"\\([\\*\[\]])", r"\1", text)


def to_html(text: str) -> str:
    """Render to the HTML subset that Telegram and the web chat both accept (<b>, <a>)."""
    out: list[str] = []
    pos = 0
    for m in _TOKEN.finditer(text):
        out.append(html.escape(text[pos : m.start()], quote=False))
        if m.group(1) is not None:
            out.append(html.escape(m.group(1), quote=False))
        elif m.group(2) is not None:
            out.append(f"<b>{to_html(m.group(2))}</b>")
        else:
            url = html.escape(m.group(4), quote=True)
            out.append(f'<a href="{url}">{html.escape(_unesc(m.group(3)), quote=False)}</a>')
        pos = m.end()
    out.append(html.escape(text[pos:], quote=False))
    return "".join(out)


def to_plain(text: str) -> str:
    """Render for a terminal or a notification: markers dropped, links as 'label (url)'."""
    out: list[str] = []
    pos = 0
    for m in _TOKEN.finditer(text):
        out.append(text[pos : m.start()])
        if m.group(1) is not None:
            out.append(m.group(1))
        elif m.group(2) is not None:
            out.append(to_plain(m.group(2)))
        else:
            label = _unesc(m.group(3))
            url = m.group(4)
            out.append(label if label == url else f"{label} ({url})")
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)
