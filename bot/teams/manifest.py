"""`sammen teams manifest`: the Teams app package (manifest.json and the two icons in one zip) to upload
in Teams (Apps → Manage your apps → Upload an app) or the Teams admin center.

Manifest schema 1.17: the app and bot id are TEAMS_APP_ID, the developer pages and the valid domain
come from PUBLIC_URL; the bot works in personal chats (the users) and in teams (the staff channel);
its command list is the core's own (the first ten, in the default language). The icons are drawn here
with a few lines of pure Python (a PNG is zlib-compressed rows plus three chunks): a 192×192 colour
icon and a 32×32 outline icon, white on transparent, as Teams requires.
"""

from __future__ import annotations

import json
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bot.settings import Settings

SCHEMA = "https://developer.microsoft.com/en-us/json-schemas/teams/v1.17/MicrosoftTeams.schema.json"
MANIFEST_VERSION = "1.17"
ACCENT = (0x1F, 0x6F, 0x5C)  # Sammen green
WHITE = (255, 255, 255)
#: Teams' limits
MAX_COMMANDS = 10


class ManifestError(Exception):
    """A setting the package needs is missing (one line for the command to print)."""


def manifest(settings: Settings, *, version: str = "1.0.0", developer: str = "Sammen") -> dict[str, Any]:
    app_id = settings.teams.app_id
    if not app_id:
        raise ManifestError("TEAMS_APP_ID is not set: the Azure bot's Microsoft App ID is the app's id")
    if not settings.public_url or not settings.public_url.startswith("https://"):
        raise ManifestError("PUBLIC_URL must be this server's public https:// address (e.g. https://sammen.example.no)")
    base = settings.public_url.rstrip("/")
    domain = urlsplit(base).hostname or ""
    return {
        "$schema": SCHEMA,
        "manifestVersion": MANIFEST_VERSION,
        "version": version,
        "id": app_id,
        "developer": {
            "name": developer[:32],
            "websiteUrl": base + "/",
            "privacyUrl": base + "/",
            "termsOfUseUrl": base + "/",
        },
        "name": {"short": "Sammen", "full": "Sammen: help for local businesses"},
        "description": {
            "short": "Support schemes, contacts and answers for local businesses.",
            "full": (
                "Sammen answers questions about support schemes, fee deferrals, grants and layoffs from a "
                "curated knowledge base, names the right contact person, and passes what it cannot answer to "
                "the advisory staff, whose answer comes back here. Norwegian, Danish, Swedish and English."
            ),
        },
        "icons": {"color": "color.png", "outline": "outline.png"},
        "accentColor": "#{:02X}{:02X}{:02X}".format(*ACCENT),
        "bots": [
            {
                "botId": app_id,
                "scopes": ["personal", "team"],
                "supportsFiles": False,
                "isNotificationOnly": False,
                "commandLists": [{"scopes": ["personal"], "commands": commands(settings.default_language)}],
            }
        ],
        "permissions": ["identity", "messageTeamMembers"],
        "validDomains": [domain],
    }


def commands(lang: str) -> list[dict[str, str]]:
    """The command menu as the features registered it (as Telegram's), within Teams' limits."""
    from handlers.feature import Registry
    from handlers.features import FEATURES
    from handlers.i18n import Translator
    from handlers.markup import to_plain

    t = Translator(lang)
    listed = Registry(tuple(FEATURES)).listed_commands()[:MAX_COMMANDS]
    return [{"title": c.name[:32], "description": to_plain(t(f"command-{c.name}"))[:128]} for c in listed]


def write_package(settings: Settings, out: Path, **kw: Any) -> Path:
    data = manifest(settings, **kw)
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("manifest.json", json.dumps(data, indent=2, ensure_ascii=False))
        package.writestr("color.png", color_icon())
        package.writestr("outline.png", outline_icon())
    return out


# ---------------------------------------------------------------------- icons
def color_icon(size: int = 192) -> bytes:
    """Two white rings overlapping ("together") on the accent colour, full bleed."""
    return png(size, [[_pixel_color(x, y, size) for x in range(size)] for y in range(size)])


def outline_icon(size: int = 32) -> bytes:
    """The same rings in white on transparent."""
    rows = [[(*WHITE, 255) if _on_rings(x, y, size) else (0, 0, 0, 0) for x in range(size)] for y in range(size)]
    return png(size, rows)


def _pixel_color(x: int, y: int, size: int) -> tuple[int, int, int, int]:
    return (*WHITE, 255) if _on_rings(x, y, size) else (*ACCENT, 255)


def _on_rings(x: int, y: int, size: int) -> bool:
    cx, cy, r = size / 2, size / 2, size * 0.22
    width = max(1.5, size * 0.05)
    for dx in (-size * 0.12, size * 0.12):
        d = ((x + 0.5 - cx - dx) ** 2 + (y + 0.5 - cy) ** 2) ** 0.5
        if abs(d - r) <= width / 2:
            return True
    return False


def png(size: int, rows: list[list[tuple[int, int, int, int]]]) -> bytes:
    """An RGBA PNG (8 bits a channel, no filtering)."""
    raw = b"".join(b"\x00" + bytes(channel for pixel in row for channel in pixel) for row in rows)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
