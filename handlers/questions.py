"""Every question asked, with what the engine decided: the statistics and the staff desk read them."""

from __future__ import annotations

from bot.db.models import Question
from handlers.context import Context
from knowledge.engine import Decision


async def ask_and_record(ctx: Context, text: str) -> tuple[Decision, Question]:
    """Ask the engine and store the question with what it decided (statistics and the staff read it)."""
    decision = ctx.knowledge.engine.ask(text[: ctx.config.max_question_chars], region=ctx.user.region, lang=None)
    question = await ctx.uow.questions.add(
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
    return decision, question
