"""The named states of stored things. They are `StrEnum`s: the database keeps the same short strings
as before, and a value read back compares equal to its member."""

from __future__ import annotations

from enum import IntEnum, StrEnum


class TicketStatus(StrEnum):
    OPEN = "open"  # waiting for the staff
    ANSWERED = "answered"  # the staff answered; the user may follow up
    CLOSED = "closed"  # solved, or closed by the staff
    WITHDRAWN = "withdrawn"  # the user took it back


class OutboxStatus(StrEnum):
    PENDING = "pending"  # due at next_attempt_at
    SENDING = "sending"  # claimed by a worker that is delivering it now
    SENT = "sent"
    FAILED = "failed"  # gave up after the last attempt
    UNREACHABLE = "unreachable"  # the user blocked the bot or is gone
    UNCERTAIN = "uncertain"  # claimed before a crash: it may have gone out, so it is never sent again
    SKIPPED = "skipped"  # done without doing anything (an edit of a message that was never delivered)


class InboxStatus(StrEnum):
    RECEIVED = "received"  # stored, not yet handled (or handled by a process that died before committing)
    ANSWERED = "answered"  # the core committed its changes and replies; the replies are not yet sent
    DONE = "done"  # replies sent (or nothing to send)
    FAILED = "failed"  # handling raised again and again: kept for the operator, never retried


class Lane(IntEnum):
    """Outbox lanes, stored as their number (claimed lowest first): interactive rows (someone is
    waiting: a relayed answer, a staff notice) always go before bulk rows (briefings, reminders), and
    each lane has its own share of the channel's rate."""

    INTERACTIVE = 0
    BULK = 1


class MemberStatus(StrEnum):
    """A business in a network group or signed up for an event."""

    MEMBER = "member"  # has a place
    WAITING = "waiting"  # on the waiting list, promoted in arrival order when a place frees


class GatheringKind(StrEnum):
    GROUP = "group"
    EVENT = "event"


class BriefingStatus(StrEnum):
    """A daily-briefing subscription."""

    ACTIVE = "active"
    PAUSED = "paused"  # kept, nothing sent until resumed
    STOPPED = "stopped"  # /stop, erased, or Telegram answered 403 (the user blocked the bot)


class BriefingDays(StrEnum):
    WEEKDAYS = "weekdays"  # Monday to Friday, in the subscriber's local time
    DAILY = "daily"


class OfferStatus(StrEnum):
    """A shop-local offer's life: staff see it while pending, everyone while approved and not past its date."""

    PENDING = "pending"  # new or edited: waiting for the staff
    APPROVED = "approved"  # shown in /offers, on the public page and in the feed
    REJECTED = "rejected"  # refused by the staff, with a reason the poster was told
    WITHDRAWN = "withdrawn"  # taken down by the poster or by the staff (with a reason)
    EXPIRED = "expired"  # past its valid-until date (the expiry job)
