"""`/start` onboarding and the settings it shares with `/language`, `/region` and `/profile`.

The dialog keeps its step in the database (`dialog_states`): flow "onboarding" walks language →
region → business (optional name and organisation number); flow "business" is the same last part
started from the profile. A restart in the middle continues where the user was.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from handlers import orgnumber
from handlers.callbacks import CallbackData
from handlers.context import Context
from handlers.feature import Erasing, Feature
from handlers.i18n import UI_LANGUAGES, ui_language
from handlers.markup import bold, esc
from handlers.menu import Menu, menu_buttons
from handlers.regions import NO_REGION, find_region, match_typed_region, name_of, region_name, regions
from handlers.types import Button

if TYPE_CHECKING:
    from storage.models import DialogState, User
    from storage.uow import UnitOfWork

ONBOARDING = "onboarding"
BUSINESS = "business"

feature = Feature("onboarding")


@dataclass(frozen=True, slots=True)
class Language(CallbackData, prefix="lang"):
    code: str


@dataclass(frozen=True, slots=True)
class Region(CallbackData, prefix="reg"):
    region: str


@dataclass(frozen=True, slots=True)
class Business(CallbackData, prefix="biz"):
    choice: Literal["add", "skip"]

LANGUAGE_NAMES = {"nb": "Norsk (bokmål)", "da": "Dansk", "sv": "Svenska", "en": "English"}
TYPED_LANGUAGES = {
    "norsk": "nb", "bokmål": "nb", "bokmal": "nb", "nynorsk": "nb", "norwegian": "nb", "nb": "nb", "no": "nb",
    "dansk": "da", "danish": "da", "da": "da", "svenska": "sv", "svensk": "sv", "swedish": "sv", "sv": "sv",
    "english": "en", "engelsk": "en", "engelska": "en", "en": "en",
}  # fmt: skip


@feature.command("start", order=10)
async def start(ctx: Context, _args: str = "") -> None:
    """Begin (or begin again) onboarding, with the channel's language preselected."""
    await ctx.uow.dialogs.set(ctx.user.id, ONBOARDING, "language")
    ctx.say(ctx.t("onboarding-welcome") + "\n" + ctx.t("privacy-line"))
    ask_language(ctx)


def ask_language(ctx: Context) -> None:
    current = ctx.user.language or ui_language(ctx.msg.language, "")
    buttons = [
        Button(("✓ " if code == current else "") + LANGUAGE_NAMES[code], Language(code).pack()) for code in UI_LANGUAGES
    ]
    ctx.say(ctx.t("choose-language"), [buttons[:2], buttons[2:]])


def ask_region(ctx: Context) -> None:
    options = [
        Button(("✓ " if r.id == ctx.user.region else "") + region_name(r, ctx.lang), Region(r.id).pack())
        for r in regions(ctx)
    ]
    rows = [options[i : i + 2] for i in range(0, len(options), 2)]
    rows.append([Button(ctx.t("region-none"), Region(NO_REGION).pack())])
    ctx.say(ctx.t("choose-region"), rows)


@feature.action(Language)
async def on_language(ctx: Context, data: Language) -> None:
    code = data.code
    if code not in UI_LANGUAGES:
        ctx.say(ctx.t("stale-button"))
        return
    ctx.user.language = code
    state = await ctx.uow.dialogs.get(ctx.user.id)
    if state and state.flow == ONBOARDING and state.step == "language":
        await ctx.uow.dialogs.set(ctx.user.id, ONBOARDING, "region")
        ctx.say(ctx.t("language-set", language=LANGUAGE_NAMES[code]))
        ask_region(ctx)
    else:
        ctx.say(ctx.t("language-set", language=LANGUAGE_NAMES[code]), menu_buttons(ctx))


@feature.action(Region)
async def on_region(ctx: Context, data: Region) -> None:
    region_id = data.region
    if region_id != NO_REGION and find_region(ctx, region_id) is None:
        ctx.say(ctx.t("stale-button"))
        ask_region(ctx)
        return
    await _set_region(ctx, None if region_id == NO_REGION else region_id)


async def _set_region(ctx: Context, region_id: str | None) -> None:
    ctx.user.region = region_id
    name = name_of(ctx, region_id)
    confirmation = ctx.t("region-set", region=esc(name)) if name else ctx.t("region-cleared")
    state = await ctx.uow.dialogs.get(ctx.user.id)
    if state and state.flow == ONBOARDING and state.step == "region":
        await ctx.uow.dialogs.set(ctx.user.id, ONBOARDING, "business")
        ctx.say(confirmation)
        offer_business(ctx)
    else:
        ctx.say(confirmation, menu_buttons(ctx))


@feature.action(Business)
async def on_business(ctx: Context, data: Business) -> None:
    choice = data.choice
    state = await ctx.uow.dialogs.get(ctx.user.id)
    flow = state.flow if state and state.flow in (ONBOARDING, BUSINESS) else BUSINESS
    if choice == "add":
        await ctx.uow.dialogs.set(ctx.user.id, flow, "business_name")
        ctx.say(ctx.t("business-name-ask"), _skip(ctx))
    else:
        if state and state.step == "org_number" and state.data.get("business_name"):
            ctx.user.business_name = state.data["business_name"]
        await finish(ctx, flow)


@feature.flow(ONBOARDING, BUSINESS)
async def on_dialog_text(ctx: Context, state: DialogState, text: str) -> bool:
    """A typed answer to the waiting step; anything else is a question, answered, with the step
    repeated once: a user who ignores it again just wants answers, so the dialog is let go."""
    if await on_text(ctx, state.step, state.flow, text):
        return True
    await ctx.registry.answer(ctx, text)
    if state.data.get("reminded"):
        await ctx.uow.dialogs.clear(ctx.user.id)
    else:
        await ctx.uow.dialogs.set(ctx.user.id, state.flow, state.step, {**state.data, "reminded": True})
        prompt_again(ctx, state.step)
    return True


async def on_text(ctx: Context, step: str, flow: str, text: str) -> bool:
    """Handle typed text while the dialog waits for it; False when the text is not an answer to the step."""
    if step == "language":
        code = TYPED_LANGUAGES.get(text.strip().casefold())
        if code is None:
            return False
        await on_language(ctx, Language(code))
        return True
    if step == "region":
        region = match_typed_region(ctx, text)
        if region is None:
            return False
        await _set_region(ctx, region.id)
        return True
    if step == "business_name":
        name = " ".join(text.split())
        if not 2 <= len(name) <= 200:
            ctx.say(ctx.t("business-name-invalid"), _skip(ctx))
            return True
        await ctx.uow.dialogs.set(ctx.user.id, flow, "org_number", {"business_name": name})
        ctx.say(ctx.t("org-number-ask", country=_country(ctx)), _skip(ctx))
        return True
    if step == "org_number":
        result = orgnumber.validate(text, _country(ctx))
        if result is None:
            ctx.say(
                ctx.t("org-number-invalid", country=_country(ctx), typed=esc(text.strip()[:40])),
                _skip(ctx),
            )
            return True
        state = await ctx.uow.dialogs.get(ctx.user.id)
        if state and state.data.get("business_name"):
            ctx.user.business_name = state.data["business_name"]
        ctx.user.org_country, ctx.user.org_number = result
        await finish(ctx, flow)
        return True
    return False


def _skip(ctx: Context) -> list[list[Button]]:
    return [[Button(ctx.t("skip"), Business("skip").pack())]]


def offer_business(ctx: Context) -> None:
    ctx.say(
        ctx.t("business-offer"),
        [[Button(ctx.t("business-add"), Business("add").pack()), Button(ctx.t("skip"), Business("skip").pack())]],
    )


def _country(ctx: Context) -> str:
    region = find_region(ctx, ctx.user.region)
    return region.country if region and region.country in orgnumber.COUNTRIES else "any"


async def finish(ctx: Context, flow: str) -> None:
    await ctx.uow.dialogs.clear(ctx.user.id)
    if flow == ONBOARDING:
        ctx.user.onboarded = True
        ctx.say(ctx.t("onboarding-done"), menu_buttons(ctx))
    else:
        await show_profile(ctx)


def prompt_again(ctx: Context, step: str) -> None:
    """Repeat what the dialog is waiting for (after a restart, or after an off-step message)."""
    if step == "language":
        ask_language(ctx)
    elif step == "region":
        ask_region(ctx)
    elif step == "business":
        offer_business(ctx)
    elif step == "business_name":
        ctx.say(ctx.t("business-name-ask"), _skip(ctx))
    elif step == "org_number":
        ctx.say(ctx.t("org-number-ask", country=_country(ctx)), _skip(ctx))


@feature.command("language", order=80)
async def choose_language(ctx: Context, _args: str = "") -> None:
    ask_language(ctx)


@feature.command("region", order=90)
async def choose_region(ctx: Context, _args: str = "") -> None:
    ask_region(ctx)


@feature.command("profile", order=70)
async def show_profile(ctx: Context, _args: str = "") -> None:
    user = ctx.user
    none = ctx.t("profile-none")
    lines = [
        bold(ctx.t("profile-title")),
        ctx.t("profile-language", language=LANGUAGE_NAMES.get(ctx.lang, ctx.lang)),
        ctx.t("profile-region", region=esc(name_of(ctx, user.region) or none)),
        ctx.t("profile-business", business=esc(user.business_name or none)),
        ctx.t("profile-org-number", number=esc(user.org_number or none)),
    ]
    ctx.say(
        "\n".join(lines),
        [
            [
                Button(ctx.t("menu-language"), Menu("language").pack()),
                Button(ctx.t("menu-region"), Menu("region").pack()),
            ],
            [Button(ctx.t("business-edit"), Business("add").pack()), Button(ctx.t("menu-open"), Menu("open").pack())],
        ],
    )


feature.menu_item("menu-profile", "profile", order=50)


async def _export_profile(uow: UnitOfWork, user: User) -> dict[str, object]:
    return {
        "channel": user.channel,
        "id": user.external_id,
        "name": user.display_name,
        "language": user.language,
        "region": user.region,
        "business": user.business_name,
        "org_number": user.org_number,
        "org_country": user.org_country,
        "since": user.created_at.isoformat() if user.created_at else None,
        # where unprompted messages go (a Teams conversation reference), when the channel needs one
        "address": user.address_ref,
    }


async def _erase_profile(uow: UnitOfWork, user: User, _erasing: Erasing) -> None:
    user.display_name = user.business_name = user.org_number = user.org_country = None
    user.address_ref = None
    await uow.dialogs.clear(user.id)


feature.stores("profile", _export_profile, _erase_profile)
