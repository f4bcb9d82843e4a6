"""The main menu and help: the entry points a user can always come back to.

Both list what the registered features offer (their menu items and commands), in the user's language.
"""

from __future__ import annotations

from dataclasses import dataclass

from handlers.callbacks import CallbackData
from handlers.context import Context
from handlers.feature import Feature
from handlers.types import Button

feature = Feature("menu")


@dataclass(frozen=True, slots=True)
class Menu(CallbackData, prefix="menu"):
    """A menu button: "open" shows the menu, any other item runs the command of that name."""

    item: str


def menu_buttons(ctx: Context) -> list[list[Button]]:
    buttons = [Button(ctx.t(item.label), Menu(item.command).pack()) for item in ctx.registry.menu]
    return [buttons[i : i + 2] for i in range(0, len(buttons), 2)]


def back_to_menu(ctx: Context) -> list[list[Button]]:
    return [[Button(ctx.t("menu-open"), Menu("open").pack())]]


@feature.command("menu", order=20)
async def show_menu(ctx: Context, _args: str = "") -> None:
    ctx.say(ctx.t("menu-title"), menu_buttons(ctx))


@feature.command("help", order=1000)
async def show_help(ctx: Context, _args: str = "") -> None:
    lines = [f"/{c.name} – {ctx.t(f'command-{c.name}')}" for c in ctx.registry.listed_commands()]
    ctx.say(ctx.t("help-text") + "\n" + "\n".join(lines), back_to_menu(ctx))


feature.menu_item("menu-help", "help", order=1000)


@feature.action(Menu)
async def on_menu(ctx: Context, data: Menu) -> None:
    command = ctx.registry.commands.get(data.item)
    if data.item == "open":
        await show_menu(ctx)
    elif command is not None and data.item != "start":
        await command.handler(ctx, "")
    else:
        ctx.say(ctx.t("stale-button"), menu_buttons(ctx))
