"""Asking: a question goes to the knowledge engine and comes back as an answer with its contact
cards, as "Did you mean…?" suggestions, or as an honest "I don't know". Every question is stored
with what was done with it; feedback buttons vote on the stored question."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select, update

from handlers.callbacks import CallbackData
from handlers.context import Context
from handlers.escalation import offer_buttons
from handlers.feature import Feature
from handlers.i18n import Translator
from handlers.markup import bold, esc, link, short
from handlers.menu import back_to_menu
from handlers.questions import answer_language, ask_and_record
from handlers.regions import name_of
from handlers.types import Button
from knowledge.model import Contact, Entry, pick_text
from storage.models import Feedback as FeedbackVote
from storage.models import Question, User
from storage.uow import UnitOfWork

feature = Feature("ask")


@dataclass(frozen=True, slots=True)
class Feedback(CallbackData, prefix="fb"):
    question: int
    helpful: bool


@dataclass(frozen=True, slots=True)
class Suggestion(CallbackData, prefix="sg"):
    question: int
    index: int


@dataclass(frozen=True, slots=True)
class NoSuggestion(CallbackData, prefix="sgn"):
    question: int


@feature.fallback
async def ask(ctx: Context, text: str) -> None:
    text = text.strip()
    if not text:
        ctx.say(ctx.t("ask-prompt"))
        return
    decision, question = await ask_and_record(ctx, text)
    lang = answer_language(ctx, text, decision.lang)
    t = Translator(lang)
    if decision.kind == "smalltalk":
        ctx.say(t(f"smalltalk-{decision.smalltalk or 'greeting'}"), back_to_menu(ctx))
    elif decision.kind == "answer" and decision.entry is not None:
        show_entry(ctx, decision.entry, lang, question.id)
    elif decision.kind == "suggest" and decision.suggestions:
        buttons = [
            [Button(short(e.display_title(lang), 60), Suggestion(question.id, i).pack())]
            for i, e in enumerate(decision.suggestions[:3])
        ]
        buttons.append([Button(t("suggest-none"), NoSuggestion(question.id).pack())])
        ctx.say(t("suggest-intro"), buttons)
    else:
        ctx.say(t("ask-offtopic" if decision.off_topic else "ask-unknown"), offer_buttons(t, question.id))


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
                Button(t("feedback-helpful"), Feedback(question_id, True).pack()),
                Button(t("feedback-not-helpful"), Feedback(question_id, False).pack()),
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


async def own_question(ctx: Context, question_id: int) -> Question | None:
    """The user's own stored question; None for someone else's (a forged button) or a deleted one."""
    question = await ctx.uow.questions.get(question_id)
    return question if question is not None and question.user_id == ctx.user.id else None


@feature.action(Feedback)
async def on_feedback(ctx: Context, data: Feedback) -> None:
    question = await own_question(ctx, data.question)
    if question is None:
        ctx.say(ctx.t("stale-button"))
        return
    helpful = data.helpful
    await ctx.uow.feedback.vote(question.id, ctx.user.id, helpful)
    if helpful:
        ctx.say(ctx.t("feedback-thanks"), back_to_menu(ctx))
    else:
        ctx.say(ctx.t("feedback-sorry"), offer_buttons(ctx.t, question.id))


@feature.action(Suggestion)
async def on_suggestion(ctx: Context, data: Suggestion) -> None:
    question = await own_question(ctx, data.question)
    if question is None or data.index >= len(question.suggestions):
        ctx.say(ctx.t("stale-button"))
        return
    entry = ctx.knowledge.kb.entry(question.suggestions[data.index])
    if entry is None or not entry.serves(ctx.user.region):
        ctx.say(ctx.t("stale-button"))
        return
    question.entry_id = entry.id
    lang = answer_language(ctx, question.text, question.language)
    show_entry(ctx, entry, lang, question.id)


@feature.action(NoSuggestion)
async def on_no_suggestion(ctx: Context, data: NoSuggestion) -> None:
    question = await own_question(ctx, data.question)
    if question is None:
        ctx.say(ctx.t("stale-button"))
        return
    t = Translator(answer_language(ctx, question.text, question.language))
    ctx.say(t("ask-unknown"), offer_buttons(t, question.id))


@feature.command("ask", order=30)
async def ask_command(ctx: Context, args: str) -> None:
    if args.strip():
        await ask(ctx, args)
    else:
        ctx.say(ctx.t("ask-prompt"))


@feature.command("contacts", order=60)
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


feature.menu_item("menu-ask", "ask", order=10)
feature.menu_item("menu-contacts", "contacts", order=20)


async def _export_questions(uow: UnitOfWork, user: User) -> list[dict[str, object]]:
    stmt = select(Question).where(Question.user_id == user.id).order_by(Question.id)
    votes = dict(
        (await uow.session.execute(select(FeedbackVote.question_id, FeedbackVote.helpful).where(
            FeedbackVote.user_id == user.id))).tuples().all()
    )  # fmt: skip
    return [
        {"asked": q.created_at.isoformat(), "text": q.text, "answered_with": q.entry_id, "helpful": votes.get(q.id)}
        for q in (await uow.session.execute(stmt)).scalars()
    ]


async def _erase_questions(uow: UnitOfWork, user: User) -> None:
    """The statistics keep what was decided; the words, and the votes, go."""
    await uow.session.execute(update(Question).where(Question.user_id == user.id).values(text=""))
    await uow.session.execute(delete(FeedbackVote).where(FeedbackVote.user_id == user.id))


feature.stores("questions", _export_questions, _erase_questions)
