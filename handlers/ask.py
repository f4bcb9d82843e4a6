"""Asking: a question goes to the knowledge engine and comes back as an answer with its contact
cards, as "Did you mean…?" suggestions, or as an honest "I don't know". Every question is stored
with what was done with it; feedback buttons vote on the stored question."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select, update

from handlers.callbacks import CallbackData
from handlers.context import Context
from handlers.escalation import offer_buttons
from handlers.feature import Erasing, Feature
from handlers.i18n import Translator
from handlers.markup import bold, esc, link, short
from handlers.menu import back_to_menu
from handlers.questions import answer_language, ask_all_and_record, own_question
from handlers.regions import name_of, region_name
from handlers.types import Button, Reply
from knowledge.engine import Decision
from knowledge.model import Contact, Entry, pick_text
from storage.models import Feedback as FeedbackVote
from storage.models import KeyValue, Question, User
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


@dataclass(frozen=True, slots=True)
class SaveRegion(CallbackData, prefix="rgs"):
    """The answer to "shall I remember <region> as yours?", asked once of a user who named a place."""

    region: str
    save: bool


#: A KeyValue row per user once the offer to save a named region was made, so it is made only once.
_REGION_OFFERED = "region-offered:{}"


@feature.fallback
async def ask(ctx: Context, text: str) -> None:
    """Answer each question of the message (up to three), then, for a user without a region who named
    one, offer once to remember it."""
    text = text.strip()
    if not text:
        ctx.say(ctx.t("ask-prompt"))
        return
    answered = await ask_all_and_record(ctx, text)
    found = await _find(ctx, text, answer_language(ctx, text, answered[0][0].lang if answered else None))
    for decision, question in answered:
        if found and decision.kind == "abstain" and not decision.unknown_place:
            continue  # an offer or a group matched: that is the answer, not "I don't know"
        present(ctx, decision, question, answer_language(ctx, decision.question or text, decision.lang))
    ctx.replies += found
    named = next((d.place for d, _ in answered if d.place and d.kind == "answer"), None)
    if named and ctx.user.region is None:
        first = answered[0][0]
        await _offer_region(ctx, named, answer_language(ctx, first.question or text, first.lang))


async def _find(ctx: Context, text: str, lang: str) -> list[Reply]:
    """What the features' finders say about the question, kept aside to follow the answer."""
    mark = len(ctx.replies)
    for finder in ctx.registry.finders:
        await finder(ctx, text, lang)
    found = ctx.replies[mark:]
    del ctx.replies[mark:]
    return found


def present(ctx: Context, decision: Decision, question: Question, lang: str) -> None:
    t = Translator(lang)
    if decision.unknown_place and decision.kind == "abstain":
        covered = ", ".join(sorted(region_name(r, lang) for r in ctx.knowledge.kb.regions))
        ctx.say(
            t("ask-unknown-place", place=esc(decision.unknown_place), regions=esc(covered)),
            offer_buttons(t, question.id),
            lang,
        )
    elif decision.kind == "smalltalk":
        ctx.say(t(f"smalltalk-{decision.smalltalk or 'greeting'}"), back_to_menu(ctx), lang)
    elif decision.kind == "answer" and decision.entry is not None:
        show_entry(ctx, decision.entry, lang, question.id)
    elif decision.kind == "suggest" and decision.suggestions:
        buttons = [
            [Button(short(e.display_title(lang), 60), Suggestion(question.id, i).pack())]
            for i, e in enumerate(decision.suggestions[:3])
        ]
        buttons.append([Button(t("suggest-none"), NoSuggestion(question.id).pack())])
        ctx.say(t("suggest-intro"), buttons, lang)
    else:
        ctx.say(t("ask-offtopic" if decision.off_topic else "ask-unknown"), offer_buttons(t, question.id), lang)


async def _offer_region(ctx: Context, region_id: str, lang: str) -> None:
    key = _REGION_OFFERED.format(ctx.user.id)
    if await ctx.uow.session.get(KeyValue, key) is not None:
        return
    ctx.uow.session.add(KeyValue(key=key, value=region_id))
    t = Translator(lang)
    name = esc(name_of(ctx, region_id) or region_id)
    ctx.say(
        t("region-offer", region=name),
        [[Button(t("region-offer-yes", region=name), SaveRegion(region_id, True).pack()),
          Button(t("region-offer-no"), SaveRegion(region_id, False).pack())]],
        lang,
    )  # fmt: skip


@feature.action(SaveRegion)
async def on_save_region(ctx: Context, data: SaveRegion) -> None:
    if not data.save:
        ctx.say(ctx.t("region-offer-declined"), back_to_menu(ctx))
        return
    if ctx.knowledge.kb.region(data.region) is None:
        ctx.say(ctx.t("stale-button"), back_to_menu(ctx))
        return
    ctx.user.region = data.region
    ctx.say(ctx.t("region-set", region=esc(name_of(ctx, data.region) or data.region)), back_to_menu(ctx))


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
    ctx.say("\n\n".join(parts), buttons, lang)


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
        return
    entry = ctx.knowledge.kb.entry(question.entry_id) if question.entry_id else None
    cards = [contact_card(c, ctx.lang) for c in _contacts(ctx, entry)] if entry is not None else []
    text = ctx.t("feedback-sorry")
    if cards:  # the people who know this subject, as the message says
        text += "\n\n" + bold(ctx.t("feedback-sorry-contacts")) + "\n" + "\n\n".join(cards)
    ctx.say(text, offer_buttons(ctx.t, question.id))


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


async def _erase_questions(uow: UnitOfWork, user: User, _erasing: Erasing) -> None:
    """The statistics keep what was decided; the words, and the votes, go."""
    await uow.session.execute(update(Question).where(Question.user_id == user.id).values(text=""))
    await uow.session.execute(delete(FeedbackVote).where(FeedbackVote.user_id == user.id))


feature.stores("questions", _export_questions, _erase_questions)
