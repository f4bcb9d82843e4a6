"""Asking: a question goes to the knowledge engine and comes back as an answer with its contact
cards, as "Did you mean…?" suggestions, or as an honest "I don't know". Every question is stored
with what was done with it; feedback buttons vote on the stored question."""

from __future__ import annotations

from bot.db.models import Question
from handlers.actions import Action, encode
from handlers.context import Context
from handlers.escalation import offer_buttons
from handlers.i18n import Translator, ui_language
from handlers.markup import bold, esc, link
from handlers.menu import back_to_menu
from handlers.questions import ask_and_record
from handlers.regions import name_of
from handlers.types import Button
from knowledge.model import Contact, Entry, pick_text

#: Texts shorter than this many words are answered in the user's own language, whatever they look like.
MIN_WORDS_TO_SWITCH_LANGUAGE = 4


async def ask(ctx: Context, text: str) -> None:
    text = text.strip()
    if not text:
        ctx.say(ctx.t("ask-prompt"))
        return
    decision, question = await ask_and_record(ctx, text)
    lang = _answer_language(ctx, text, decision.lang)
    t = Translator(lang)
    if decision.kind == "smalltalk":
        ctx.say(t(f"smalltalk-{decision.smalltalk or 'greeting'}"), back_to_menu(ctx))
    elif decision.kind == "answer" and decision.entry is not None:
        show_entry(ctx, decision.entry, lang, question.id)
    elif decision.kind == "suggest" and decision.suggestions:
        buttons = [
            [Button(_short(e.display_title(lang)), encode("sg", question.id, i))]
            for i, e in enumerate(decision.suggestions[:3])
        ]
        buttons.append([Button(t("suggest-none"), encode("sgn", question.id))])
        ctx.say(t("suggest-intro"), buttons)
    else:
        ctx.say(t("ask-offtopic" if decision.off_topic else "ask-unknown"), offer_buttons(t, question.id))


def _answer_language(ctx: Context, text: str, detected: str | None) -> str:
    """The language to answer in.

    A user who chose a language keeps it, except across the English/Scandinavian divide: detection
    among nb, nn, da and sv is unreliable on short texts and the languages are mutually readable,
    while an English question from a bokmål user clearly wants English (and the other way round).
    A user who chose nothing gets the language of a longer question.
    """
    chosen = ctx.user.language
    long_enough = detected is not None and len(text.split()) >= MIN_WORDS_TO_SWITCH_LANGUAGE
    if chosen is None:
        return detected if long_enough and detected else ui_language(ctx.msg.language, ctx.config.default_language)
    if long_enough and (detected == "en") != (chosen == "en"):
        return str(detected)
    return chosen


def _short(label: str, limit: int = 60) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def show_entry(ctx: Context, entry: Entry, lang: str, question_id: int | None) -> None:
    t = Translator(lang)
    parts = [bold(entry.display_title(lang)), esc(pick_text(entry.answer, lang))]
    if entry.regions and ctx.user.region is None:
        names = ", ".join(name_of(ctx, r) or r for r in entry.regions)
        parts.append(t("applies-to", regions=esc(names)))
    cards = [contact_card(c, lang) for c in _contacts(ctx, entry)]
    if cards:
        parts.append(bold(t("contact-heading")) + "\n" + "\n\n".join(cards))
    if entry.links:
        parts.append("\n".join("→ " + link(ln.title, ln.url) for ln in entry.links))
    buttons: list[list[Button]] = []
    if question_id is not None:
        buttons.append(
            [
                Button(t("feedback-helpful"), encode("fb", question_id, 1)),
                Button(t("feedback-not-helpful"), encode("fb", question_id, 0)),
            ]
        )
    ctx.say("\n\n".join(parts), buttons)


def _contacts(ctx: Context, entry: Entry) -> list[Contact]:
    contacts = ctx.knowledge.kb.contacts
    return [contacts[cid] for cid in entry.contacts if cid in contacts]


def contact_card(contact: Contact, lang: str) -> str:
    role = pick_text(contact.role, lang)
    head = bold(contact.name)
    detail = ", ".join(esc(x) for x in (role, contact.organisation) if x)
    lines = [f"{head}, {detail}" if detail else head]
    if contact.phone:
        lines.append(
            "☎ " + link(contact.phone, "tel:" + "".join(ch for ch in contact.phone if ch.isdigit() or ch == "+"))
        )
    if contact.email:
        lines.append("✉ " + link(contact.email, "mailto:" + contact.email))
    return "\n".join(lines)


async def _own_question(ctx: Context, raw_id: str) -> Question | None:
    if not raw_id.isdigit():
        return None
    question = await ctx.uow.questions.get(int(raw_id))
    return question if question is not None and question.user_id == ctx.user.id else None


async def on_feedback(ctx: Context, action: Action) -> None:
    question = await _own_question(ctx, action.arg(0))
    if question is None or action.arg(1) not in ("0", "1"):
        ctx.say(ctx.t("stale-button"))
        return
    helpful = action.arg(1) == "1"
    await ctx.uow.feedback.vote(question.id, ctx.user.id, helpful)
    if helpful:
        ctx.say(ctx.t("feedback-thanks"), back_to_menu(ctx))
    else:
        ctx.say(ctx.t("feedback-sorry"), offer_buttons(ctx.t, question.id))


async def on_suggestion(ctx: Context, action: Action) -> None:
    question = await _own_question(ctx, action.arg(0))
    index = action.arg(1)
    if question is None or not index.isdigit() or int(index) >= len(question.suggestions):
        ctx.say(ctx.t("stale-button"))
        return
    entry = ctx.knowledge.kb.entry(question.suggestions[int(index)])
    if entry is None or not entry.serves(ctx.user.region):
        ctx.say(ctx.t("stale-button"))
        return
    question.entry_id = entry.id
    lang = _answer_language(ctx, question.text, question.language)
    show_entry(ctx, entry, lang, question.id)


async def on_no_suggestion(ctx: Context, action: Action) -> None:
    question = await _own_question(ctx, action.arg(0))
    if question is None:
        ctx.say(ctx.t("stale-button"))
        return
    t = Translator(_answer_language(ctx, question.text, question.language))
    ctx.say(t("ask-unknown"), offer_buttons(t, question.id))


async def ask_command(ctx: Context, args: str) -> None:
    if args.strip():
        await ask(ctx, args)
    else:
        ctx.say(ctx.t("ask-prompt"))


async def show_contacts(ctx: Context, _args: str = "") -> None:
    """The contact people for the user's region (all of them when no region is chosen)."""
    region = ctx.user.region
    contacts = [c for c in ctx.knowledge.kb.contacts.values() if region is None or not c.regions or region in c.regions]
    if not contacts:
        ctx.say(ctx.t("contacts-none"), back_to_menu(ctx))
        return
    contacts.sort(key=lambda c: (c.organisation.casefold(), c.name.casefold()))
    heading = (
        ctx.t("contacts-title-region", region=esc(name_of(ctx, region) or region))
        if region
        else ctx.t("contacts-title")
    )
    cards = [contact_card(c, ctx.lang) for c in contacts]
    ctx.say(bold(heading) + "\n\n" + "\n\n".join(cards), back_to_menu(ctx))
