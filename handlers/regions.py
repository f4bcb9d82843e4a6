"""Regions the user can choose, taken from the knowledge base, and their display names."""

from __future__ import annotations

from rapidfuzz import fuzz, process

from handlers.context import Context
from knowledge.model import Region, pick_text
from knowledge.normalise import fold

NO_REGION = "-"


def regions(ctx: Context) -> list[Region]:
    return sorted(ctx.knowledge.kb.regions, key=lambda r: region_name(r, ctx.lang).casefold())


def region_name(region: Region, lang: str) -> str:
    return pick_text(region.name, lang) or region.id.replace("-", " ").title()


def find_region(ctx: Context, region_id: str | None) -> Region | None:
    return ctx.knowledge.kb.region(region_id) if region_id else None


def name_of(ctx: Context, region_id: str | None) -> str | None:
    region = find_region(ctx, region_id)
    return region_name(region, ctx.lang) if region else None


def match_typed_region(ctx: Context, text: str) -> Region | None:
    """A region the user typed instead of pressing its button ('barum' finds Bærum)."""
    typed = fold(text.strip())
    if not typed or len(typed) > 40:
        return None
    names = {fold(name): r.id for r in ctx.knowledge.kb.regions for name in {*r.name.values(), r.id.replace("-", " ")}}
    best = process.extractOne(typed, list(names), scorer=fuzz.ratio)
    if best and best[1] >= 85:
        return find_region(ctx, names[best[0]])
    return None
