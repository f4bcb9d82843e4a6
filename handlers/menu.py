"""The main menu and help: the entry points a user can always come back to."""

from __future__ import annotations

from handlers.actions import encode
from handlers.context import Context
from handlers.types import Button

#: Commands every channel offers, in menu order (the Telegram command menu is built from these).
COMMANDS = ("start", "menu", "ask", "human", "questions", "contacts", "profile", "language", "region", "help")


def menu_buttons(ctx: Context) -> list[list[Button]]:
    t = ctx.t
    return [
        [Button(t("menu-ask"), encode("menu", "ask")), Button(t("menu-contacts"), encode("menu", "contacts"))],
        [Button(t("menu-human"), encode("menu", "human")), Button(t("menu-questions"), encode("menu", "questions"))],
        [Button(t("menu-profile"), encode("menu", "profile")), Button(t("menu-help"), encode("menu", "help"))],
    ]


async def show_menu(ctx: Context, _args: str = "") -> None:
    ctx.say(ctx.t("menu-title"), menu_buttons(ctx))


async def show_help(ctx: Context, _args: str = "") -> None:
    ctx.say(ctx.t("help-text"), [[Button(ctx.t("menu-open"), encode("menu", "open"))]])


def back_to_menu(ctx: Context) -> list[list[Button]]:
    return [[Button(ctx.t("menu-open"), encode("menu", "open"))]]
