"""Every question asked, with what the engine decided: the statistics and the staff desk read them."""

from __future__ import annotations

from handlers.context import Context
from handlers.i18n import ui_language
from knowledge.engine import Decision
from storage.models import Question


async def own_question(ctx: Context, question_id: int) -> Question | None:
    """The user's own stored question; None for someone else's (a forged button) or a deleted one."""
    question = await ctx.uow.questions.get(question_id)
    return question if question is not None and question.user_id == ctx.user.id else None


async def ask_and_record(ctx: Context, text: str) -> tuple[Decision, Question]:
    """Ask the engine about the whole message and store it with what was decided (a question typed for
    a person: the staff see the engine's guesses)."""
    async with ctx.uow.outside_lock():  # the engine thinks (and may encode in a thread) without the lock
        decision = await ctx.knowledge.aask(text[: ctx.config.max_question_chars], region=ctx.user.region)
    return decision, await _record(ctx, text, decision)


async def ask_all_and_record(ctx: Context, text: str) -> list[tuple[Decision, Question]]:
    """Ask the engine about each question of the message (up to three) and store each with its decision;
    the stored text is the part it answers, or the whole message when it asks one thing."""
    async with ctx.uow.outside_lock():
        decisions = await ctx.knowledge.aask_all(text[: ctx.config.max_question_chars], region=ctx.user.region)
    return [(decision, await _record(ctx, decision.question or text, decision)) for decision in decisions]


async def _record(ctx: Context, text: str, decision: Decision) -> Question:
    return await ctx.uow.questions.add(
        Question(
            user_id=ctx.user.id,
            channel=ctx.msg.channel,
            text=text,
            language=decision.lang,
            region=ctx.user.region,
            decision=decision.kind,
            entry_id=decision.entry.id if decision.entry else None,
            score=float(decision.score),
            suggestions=[e.id for e in decision.suggestions],
        )
    )


#: Texts shorter than this many words are answered in the user's own language, whatever they look like.
MIN_WORDS_TO_SWITCH_LANGUAGE = 4


def answer_language(ctx: Context, text: str, detected: str | None) -> str:
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
