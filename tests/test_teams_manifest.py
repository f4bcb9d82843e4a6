"""`sammen teams manifest --out sammen-teams.zip`: the app package Teams takes, checked after unzipping."""

from __future__ import annotations

import json
import struct
import zipfile
import zlib
from pathlib import Path

import jsonschema
import pytest

from bot.cli import run

SCHEMA = Path(__file__).parent / "data" / "teams_manifest_subset.schema.json"
APP_ID = "5c2b1a0e-0000-4000-8000-000000000001"


def schema_problems(manifest: dict) -> list[str]:
    """The manifest checked against `tests/data/teams_manifest_subset.schema.json`: our own subset of
    the Teams app manifest 1.17 (the fields `sammen teams manifest` writes), written from Microsoft's
    public documentation."""
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}" for e in validator.iter_errors(manifest)]


def _png(data: bytes) -> tuple[int, int, int, list[bytes]]:
    """(width, height, colour type, rows) of an unfiltered 8-bit PNG, read back from its chunks."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        assert crc == zlib.crc32(kind + body) & 0xFFFFFFFF
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    assert depth == 8
    raw = zlib.decompress(idat)
    stride = 1 + width * 4
    return width, height, colour, [raw[i * stride + 1 : (i + 1) * stride] for i in range(height)]


def test_the_package_has_the_manifest_and_both_icons(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`sammen teams manifest --out …`, as the command line runs it."""
    out = tmp_path / "sammen-teams.zip"
    monkeypatch.setenv("TEAMS_APP_ID", "5c2b1a0e-0000-4000-8000-000000000001")
    monkeypatch.setenv("PUBLIC_URL", "https://sammen.example.no/")
    assert run(["teams", "manifest", "--out", str(out)]) == 0
    with zipfile.ZipFile(out) as package:
        assert sorted(package.namelist()) == ["color.png", "manifest.json", "outline.png"]
        manifest = json.loads(package.read("manifest.json"))
        color, outline = package.read("color.png"), package.read("outline.png")
    assert schema_problems(manifest) == []
    assert schema_problems({k: v for k, v in manifest.items() if k != "developer"})  # the check can fail
    assert manifest["manifestVersion"] == "1.17" and "v1.17" in manifest["$schema"]
    assert manifest["id"] == manifest["bots"][0]["botId"] == "5c2b1a0e-0000-4000-8000-000000000001"
    assert manifest["validDomains"] == ["sammen.example.no"]
    assert manifest["developer"]["websiteUrl"].startswith("https://sammen.example.no")
    for key in ("version", "developer", "name", "description", "icons", "accentColor"):
        assert manifest[key], key
    assert len(manifest["name"]["short"]) <= 30 and len(manifest["description"]["short"]) <= 80
    commands = manifest["bots"][0]["commandLists"][0]["commands"]
    assert 0 < len(commands) <= 10 and {"start", "human"} <= {c["title"] for c in commands}
    assert all(len(c["title"]) <= 32 and 0 < len(c["description"]) <= 128 for c in commands)

    width, height, _, rows = _png(color)
    assert (width, height) == (192, 192)
    width, height, colour, rows = _png(outline)
    assert (width, height, colour) == (32, 32, 6)
    pixels = {bytes(row[i : i + 4]) for row in rows for i in range(0, len(row), 4)}
    assert pixels == {b"\xff\xff\xff\xff", b"\x00\x00\x00\x00"}  # white on transparent, as Teams requires


def test_without_app_id_or_public_url_it_says_which(tmp_path: Path, monkeypatch, capsys) -> None:
    assert run(["teams", "manifest", "--out", str(tmp_path / "x.zip")]) == 2
    assert "TEAMS_APP_ID" in capsys.readouterr().err
    monkeypatch.setenv("TEAMS_APP_ID", "5c2b1a0e-0000-4000-8000-000000000001")
    monkeypatch.setenv("PUBLIC_URL", "http://sammen.example.no")  # Teams wants https
    assert run(["teams", "manifest", "--out", str(tmp_path / "x.zip")]) == 2
    assert "PUBLIC_URL" in capsys.readouterr().err
    assert not (tmp_path / "x.zip").exists()


def test_the_manifest_schema_refuses_what_teams_would(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each broken copy of a good manifest is refused by the schema, for the reason given."""
    from bot.settings import Settings
    from bot.teams.manifest import manifest

    monkeypatch.setenv("TEAMS_APP_ID", APP_ID)
    monkeypatch.setenv("PUBLIC_URL", "https://sammen.example.no/")
    good = manifest(Settings())
    assert schema_problems(good) == []
    bot = good["bots"][0]
    broken = {
        "name.short": {**good, "name": {**good["name"], "short": "S" * 31}},  # over 30 characters
        "description.short": {**good, "description": {**good["description"], "short": "d" * 81}},
        "description.full": {**good, "description": {**good["description"], "full": "d" * 4001}},
        "accentColor": {**good, "accentColor": "#1F6F5"},
        "id": {**good, "id": "not-a-guid"},
        "manifestVersion": {**good, "manifestVersion": "1.16"},
        "developer.websiteUrl": {**good, "developer": {**good["developer"], "websiteUrl": "http://x.no/"}},
        "bots/0/scopes": {**good, "bots": [{**bot, "scopes": ["personel"]}]},
        "bots/0/botid": {**good, "bots": [{**{k: v for k, v in bot.items() if k != "botId"}, "botid": APP_ID}]},
        "validDomains": {**good, "validDomains": ["https://sammen.example.no/"]},
        "icons": {**good, "icons": {"color": "color.png"}},
    }
    for what, data in broken.items():
        assert schema_problems(data), what
    assert any("'SSSS" in p and "too long" in p for p in schema_problems(broken["name.short"]))
