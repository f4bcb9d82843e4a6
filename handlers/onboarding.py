"""`/start` onboarding and the settings it shares with `/language`, `/region` and `/profile`.

The dialog keeps its step in the database (`dialog_states`): flow "onboarding" walks language →
region → business (optional name and organisation number); flow "business" is the same last part
started from the profile. A restart in the middle continues where the user was.
"""

from __future__ import annotations

from handlers import orgnumber
from handlers.actions import Action, encode
from handlers.context import Context
from handlers.i18n import UI_LANGUAGES, ui_language
from handlers.markup import bold, esc
from handlers.menu import menu_buttons
from handlers.regions import NO_REGION, find_region, match_typed_region, name_of, region_name, regions
from handlers.types import Button

ONBOARDING = "onboarding"
BUSINESS = "business"
LANGUAGE_NAMES = {"nb": "Norsk (bokmål)", "da": "Dansk", "sv": "Svenska", "en": "English"}
TYPED_LANGUAGES = {
    "norsk": "nb", "bokmål": "nb", "bokmal": "nb", "nynorsk": "nb", "norwegian": "nb", "nb": "nb", "no": "nb",
    "dansk": "da", "danish": "da", "da": "da", "svenska": "sv", "svensk": "sv", "swedish": "sv", "sv": "sv",
    "english": "en", "engelsk": "en", "engelska": "en", "en": "en",
}  # fmt: skip


async def start(ctx: Context, _args: str = "") -> None:
    """Begin (or begin again) onboarding, with the channel's language preselected."""
    await ctx.uow.dialogs.set(ctx.user.id, ONBOARDING, "language")
    ctx.say(ctx.t("onboarding-welcome"))
    ask_language(ctx)


def ask_language(ctx: Context) -> None:
    current = ctx.user.language or ui_language(ctx.msg.language, "")
    buttons = [
        Button(("✓ " if code == current else "") + LANGUAGE_NAMES[code], encode("lang", code)) for code in UI_LANGUAGES
    ]
    ctx.say(ctx.t("choose-language"), [buttons[:2], buttons[2:]])


def ask_region(ctx: Context) -> None:
    options = [
        Button(("✓ " if r.id == ctx.user.region else "") + region_name(r, ctx.lang), encode("reg", r.id))
        for r in regions(ctx)
    ]
    rows = [options[i : i + 2] for i in range(0, len(options), 2)]
    rows.append([Button(ctx.t("region-none"), encode("reg", NO_REGION))])
    ctx.say(ctx.t("choose-region"), rows)


async def on_language(ctx: Context, action: Action) -> None:
    code = action.arg(0)
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


async def on_region(ctx: Context, action: Action) -> None:
    region_id = action.arg(0)
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


async def on_business(ctx: Context, action: Action) -> None:
    choice = action.arg(0)
    state = await ctx.uow.dialogs.get(ctx.user.id)
    flow = state.flow if state and state.flow in (ONBOARDING, BUSINESS) else BUSINESS
    if choice == "add":
        await ctx.uow.dialogs.set(ctx.user.id, flow, "business_name")
        ctx.say(ctx.t("business-name-ask"), _skip(ctx))
    elif choice == "skip":
        if state and state.step == "org_number" and state.data.get("business_name"):
            ctx.user.business_name = state.data["business_name"]
        await finish(ctx, flow)
    else:
        ctx.say(ctx.t("stale-button"))


async def on_text(ctx: Context, step: str, flow: str, text: str) -> bool:
    """Handle typed text while the dialog waits for it; False when the text is not an answer to the step."""
    if step == "language":
        code = TYPED_LANGUAGES.get(text.strip().casefold())
        if code is None:
            return False
        await on_language(ctx, Action("lang", (code,)))
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
    return [[Button(ctx.t("skip"), encode("biz", "skip"))]]


def offer_business(ctx: Context) -> None:
    ctx.say(
        ctx.t("business-offer"),
        [[Button(ctx.t("business-add"), encode("biz", "add")), Button(ctx.t("skip"), encode("biz", "skip"))]],
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


async def choose_language(ctx: Context, _args: str = "") -> None:
    ask_language(ctx)


async def choose_region(ctx: Context, _args: str = "") -> None:
    ask_region(ctx)


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
                Button(ctx.t("menu-language"), encode("menu", "language")),
                Button(ctx.t("menu-region"), encode("menu", "region")),
            ],
            [Button(ctx.t("business-edit"), encode("biz", "add")), Button(ctx.t("menu-open"), encode("menu", "open"))],
        ],
    )
