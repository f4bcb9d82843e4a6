"""The buttons of shop-local offers (typed button data, each ≤ 64 bytes)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from handlers.callbacks import CallbackData


@dataclass(frozen=True, slots=True)
class OfferGo(CallbackData, prefix="ofg"):
    """The posting dialog: publish, edit a field, cancel, skip the optional step, confirm the date."""

    op: Literal["publish", "edit", "cancel", "skip", "done", "default"]


@dataclass(frozen=True, slots=True)
class OfferField(CallbackData, prefix="off"):
    """From the preview: change one field."""

    name: Literal["title", "description", "category", "delivery", "price", "until", "image", "contact"]


@dataclass(frozen=True, slots=True)
class OfferCategoryPick(CallbackData, prefix="ofc"):
    category: str


@dataclass(frozen=True, slots=True)
class OfferDelivery(CallbackData, prefix="ofd"):
    """Toggle one way to get the offer (several allowed)."""

    mode: Literal["home", "pickup", "store", "online"]


@dataclass(frozen=True, slots=True)
class OfferRegionPick(CallbackData, prefix="ofr"):
    region: str


@dataclass(frozen=True, slots=True)
class OfferModerate(CallbackData, prefix="ofm"):
    """Approve or reject, pressed in the staff chat."""

    offer: int
    verdict: Literal["ok", "no"]


@dataclass(frozen=True, slots=True)
class OfferMine(CallbackData, prefix="ofy"):
    """The poster's own offer: edit (back to pending), withdraw, extend by 14 days."""

    offer: int
    op: Literal["edit", "withdraw", "extend", "sure"]


@dataclass(frozen=True, slots=True)
class OfferBrowse(CallbackData, prefix="ofb"):
    """Browsing: the next page, or a filter (an empty value shows the choices; "*" means any)."""

    op: Literal["more", "cat", "home", "region", "search", "clear"]
    value: str = ""
