"""The tables. The schema itself is owned by the Alembic migrations in `migrations/`; these models
must match them (a test compares the two on SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    return datetime.now(UTC)


def aware(moment: datetime) -> datetime:
    """A stored time as an aware UTC time: SQLite hands back naive datetimes (stored as UTC)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    type_annotation_map = {datetime: DateTime(timezone=True), dict[str, Any]: JSON, list[Any]: JSON}


class User(Base):
    """A person on one channel. The same person on Telegram and the web is two users."""

    __tablename__ = "users"
    __table_args__ = (UniqueConstraint("channel", "external_id", name="uq_users_channel_external"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(128))
    display_name: Mapped[str | None] = mapped_column(String(200))
    language: Mapped[str | None] = mapped_column(String(8))
    region: Mapped[str | None] = mapped_column(String(64))
    business_name: Mapped[str | None] = mapped_column(String(200))
    org_number: Mapped[str | None] = mapped_column(String(20))
    org_country: Mapped[str | None] = mapped_column(String(2))
    onboarded: Mapped[bool] = mapped_column(Boolean, default=False)
    unreachable: Mapped[bool] = mapped_column(Boolean, default=False)
    #: what the channel needs besides `external_id` to send to this user unprompted (`Address.ref`;
    #: Teams: the conversation reference), stored from the user's messages; empty for Telegram and the web
    address_ref: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)


class DialogState(Base):
    """Where a user is in a multi-step dialog; kept here so a restart or another worker loses nothing."""

    __tablename__ = "dialog_states"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    flow: Mapped[str] = mapped_column(String(32))
    step: Mapped[str] = mapped_column(String(32))
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Question(Base):
    """Every question asked and what the assistant did with it: statistics and the staff desk read it."""

    __tablename__ = "questions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(8))
    region: Mapped[str | None] = mapped_column(String(64))
    decision: Mapped[str] = mapped_column(String(16))
    entry_id: Mapped[str | None] = mapped_column(String(120))
    score: Mapped[float] = mapped_column(Float, default=0.0)
    suggestions: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class Feedback(Base):
    """A helpful / not helpful vote on an answer; a second vote replaces the first."""

    __tablename__ = "feedback"
    __table_args__ = (UniqueConstraint("question_id", "user_id", name="uq_feedback_question_user"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    helpful: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class KeyValue(Base):
    """Small values the system generates once and keeps (e.g. the Telegram webhook secret)."""

    __tablename__ = "kv"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Staff(Base):
    """A staff member: a dashboard login (email + password), a Telegram id, or both."""

    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    #: admin (everything, incl. managing staff), staff (answer, approve, broadcast), viewer (read only)
    role: Mapped[str] = mapped_column(String(16), default="staff")
    password_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class StaffIdentity(Base):
    """Who a staff member is on a chat channel (a Telegram user id, a Teams user id): how a button press
    or a message in the staff conversation is recognised as theirs."""

    __tablename__ = "staff_identities"
    __table_args__ = (UniqueConstraint("channel", "external_id", name="uq_staff_identities_channel_external"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(128))


class StaffSession(Base):
    """A dashboard login. Only a hash of the cookie value is stored; sessions expire."""

    __tablename__ = "staff_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)


class LoginAttempt(Base):
    """Failed logins, by a key such as the client address or the email, for rate limiting."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(300), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class Ticket(Base):
    """A question forwarded to the staff's daily advisory meeting, with its thread."""

    __tablename__ = "tickets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int | None] = mapped_column(ForeignKey("questions.id", ondelete="SET NULL"))
    channel: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(8))
    region: Mapped[str | None] = mapped_column(String(64))
    #: The assistant's best guesses: [{"entry": id, "score": float}, ...]
    guesses: Mapped[list[Any]] = mapped_column(default=list)
    topic: Mapped[str | None] = mapped_column(String(120))
    #: open, answered, closed, withdrawn
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    assigned_to: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    first_answered_at: Mapped[datetime | None] = mapped_column()
    closed_at: Mapped[datetime | None] = mapped_column()


class TicketMessage(Base):
    """One turn in a ticket's thread: the user's question or follow-up, or a staff answer or note."""

    __tablename__ = "ticket_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    #: user, staff (an answer sent to the user) or note (internal)
    author: Mapped[str] = mapped_column(String(8))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class OutboxMessage(Base):
    """A message to a user who did not just write (a relayed answer, a reminder, a briefing).

    Written in the same unit of work as the change that causes it, delivered by the outbox worker:
    it survives a crash, and a row claimed for sending is never sent a second time.
    """

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_lane_id", "status", "lane", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    #: the id the channel addresses: a user's external id, a conversation id, or "staff"
    address: Mapped[str] = mapped_column(String(255))
    #: the rest of the channel's address (`handlers.channel.Address.ref`), e.g. a Teams conversation reference
    address_ref: Mapped[dict[str, Any]] = mapped_column(default=dict)
    #: `storage.states.Lane`: 0 interactive (claimed first), 1 bulk
    lane: Mapped[int] = mapped_column(Integer, default=0)
    #: [{"text": markup, "buttons": [[{"label", "action"|"url"}]]}]
    payload: Mapped[list[Any]] = mapped_column(default=list)
    dedupe_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    #: pending, sending, sent, failed, unreachable, uncertain, skipped (nothing to do: an edit with nothing to edit)
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_at: Mapped[datetime | None] = mapped_column()
    #: set (committed) just before the call to the channel: after a crash, a claimed row without it
    #: was never attempted and is handed back; with it, its outcome is unknown (uncertain)
    attempt_started_at: Mapped[datetime | None] = mapped_column()
    sent_at: Mapped[datetime | None] = mapped_column()
    error: Mapped[str | None] = mapped_column(Text)
    #: what to tell the sender afterwards, e.g. {"ticket_message": 12}
    ref: Mapped[dict[str, Any]] = mapped_column(default=dict)
    #: the channel's id for the delivered message (Telegram: the message id), from the delivery's receipt
    external_id: Mapped[str | None] = mapped_column(String(64))
    #: set on a row that edits the message an earlier row delivered (that row's id) instead of sending a new one;
    #: it is not claimed while that row is still pending or sending
    edits: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class KnowledgeAddition(Base):
    """Knowledge staff created from answered questions: a new entry, or an extra example phrasing.

    Served together with the YAML files (validated the same way) and exported with `sammen kb export`.
    """

    __tablename__ = "knowledge_additions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: entry (data is a whole entry in the YAML format) or phrasing (data: {"lang", "text"})
    kind: Mapped[str] = mapped_column(String(16))
    entry_id: Mapped[str] = mapped_column(String(120), index=True)
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id", ondelete="SET NULL"))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditLog(Base):
    """Every staff action: who, what, when."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"), index=True)
    action: Mapped[str] = mapped_column(String(64))
    target: Mapped[str | None] = mapped_column(String(120))
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class InboxUpdate(Base):
    """An update a channel received, stored before the channel confirms it (Telegram's next offset,
    a webhook's 200), so a crash or a restart loses nothing: handling works from here, a duplicate
    delivery is handled once, and the core's replies are kept with its changes until they are sent.
    """

    __tablename__ = "inbox"
    __table_args__ = (UniqueConstraint("channel", "update_id", name="uq_inbox_channel_update"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    update_id: Mapped[str] = mapped_column(String(64))
    #: the channel's own update, as it arrived (Telegram's JSON); emptied once the update is done
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    #: `storage.states.InboxStatus`: received, answered (the core's replies are stored), done, failed
    status: Mapped[str] = mapped_column(String(16), default="received", index=True)
    #: the core's replies, stored in the same transaction as what it changed, until they are sent
    replies: Mapped[list[Any]] = mapped_column(default=list)
    #: how many of the replies' messages went out, when there are several: a restart sends the rest
    sent: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    handled_at: Mapped[datetime | None] = mapped_column()


class GatheringSlot(Base):
    """The places of one group or event: the database, not Python, keeps `taken` within `capacity`.

    Every join and leave first updates this row (on PostgreSQL that locks it until the commit), so
    concurrent joins queue here; `seq` numbers them in the order they got the lock (the waiting list's
    arrival order). `capacity` is copied from the knowledge at each join (NULL: no cap).
    """

    __tablename__ = "gathering_slots"
    __table_args__ = (
        CheckConstraint("capacity IS NULL OR taken <= capacity", name="ck_gathering_slots_capacity"),
        CheckConstraint("taken >= 0", name="ck_gathering_slots_taken"),
    )

    kind: Mapped[str] = mapped_column(String(8), primary_key=True)
    target: Mapped[str] = mapped_column(String(120), primary_key=True)
    capacity: Mapped[int | None] = mapped_column(Integer)
    taken: Mapped[int] = mapped_column(Integer, default=0)
    seq: Mapped[int] = mapped_column(Integer, default=0)


class GatheringMember(Base):
    """A business in a group (a member) or signed up for an event, or waiting for a place.

    One row per business per group or event (`business`: the organisation number when the user gave
    one, else the user), enforced by a unique constraint."""

    __tablename__ = "gathering_members"
    __table_args__ = (
        UniqueConstraint("kind", "target", "business", name="uq_gathering_members_business"),
        UniqueConstraint("kind", "target", "user_id", name="uq_gathering_members_user"),
        Index("ix_gathering_members_target", "kind", "target", "status", "position"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))
    target: Mapped[str] = mapped_column(String(120))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    business: Mapped[str] = mapped_column(String(64))
    #: `storage.states.MemberStatus`: member (has a place) or waiting
    status: Mapped[str] = mapped_column(String(16))
    #: the slot's `seq` when the user joined: the waiting list's order
    position: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    promoted_at: Mapped[datetime | None] = mapped_column()


class GatheringChange(Base):
    """An occurrence the organiser moved or cancelled (by its original local start, `occurrence`).

    `sequence` rises with every change: the calendar's SEQUENCE, so calendars replace the old time."""

    __tablename__ = "gathering_changes"
    __table_args__ = (UniqueConstraint("kind", "target", "occurrence", name="uq_gathering_changes_occurrence"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))
    target: Mapped[str] = mapped_column(String(120), index=True)
    occurrence: Mapped[str] = mapped_column(String(16))
    #: the new local start ("20260306T0930") when moved
    new_start: Mapped[str | None] = mapped_column(String(16))
    minutes: Mapped[int | None] = mapped_column(Integer)
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)
    sequence: Mapped[int] = mapped_column(Integer, default=1)
    changed_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class GatheringAbsence(Base):
    """"Can't come" to one meeting of a group: no more reminders for it, and the organiser sees it."""

    __tablename__ = "gathering_absences"
    __table_args__ = (
        UniqueConstraint("kind", "target", "occurrence", "user_id", name="uq_gathering_absences_user"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))
    target: Mapped[str] = mapped_column(String(120))
    occurrence: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Download(Base):
    """A file handed to a user as a link (a channel that cannot attach it: Teams), kept for a day.

    The token in the link is the only key: it is random and long, so the link is the permission."""

    __tablename__ = "downloads"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    mime: Mapped[str] = mapped_column(String(100))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)


class BriefingSubscription(Base):
    """One user's daily briefing: when (a slot in their local time, on which days), what (topics) and
    where it stands. `checked_at` is the slot moment last processed for them (sent or nothing new), so
    a second run of the same morning finds them not due; `last_slot_at` is the moment the last briefing
    actually sent was composed (the end of the period it covered), the "since" of the next one."""

    __tablename__ = "briefing_subscriptions"
    __table_args__ = (Index("ix_briefing_due", "status", "timezone", "slot_minute", "user_id"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    #: `storage.states.BriefingStatus`
    status: Mapped[str] = mapped_column(String(16), default="active")
    #: minutes after local midnight (450 = 07:30)
    slot_minute: Mapped[int] = mapped_column(Integer)
    #: `storage.states.BriefingDays`
    days: Mapped[str] = mapped_column(String(16), default="weekdays")
    topics: Mapped[list[Any]] = mapped_column(default=list)
    timezone: Mapped[str] = mapped_column(String(64))
    checked_at: Mapped[datetime | None] = mapped_column()
    last_slot_at: Mapped[datetime | None] = mapped_column()
    #: the start of the period the last briefing covered (its "More" pages are rebuilt from it)
    last_since: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class BriefingKnowledge(Base):
    """A content hash per knowledge entry, so the briefing says what was added or changed: a reload that
    changes nothing changes no hash. `added_at` is None for entries present when tracking began."""

    __tablename__ = "briefing_knowledge"

    entry_id: Mapped[str] = mapped_column(String(120), primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    added_at: Mapped[datetime | None] = mapped_column()
    changed_at: Mapped[datetime | None] = mapped_column(index=True)


class NewsItem(Base):
    """A short news item staff post on the dashboard for the daily briefing: one region or all."""

    __tablename__ = "news_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    region: Mapped[str | None] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(String(500))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)


class Offer(Base):
    """A "shop local" offer a business posted: shown once staff approved it, until its date.

    The business's name and organisation number are copied from the poster's profile when posted, so
    the offer keeps saying who offers it. `words` is the folded text search reads (title,
    description, business, price); `delivers_home` mirrors "home" in `delivery` for an index.
    """

    __tablename__ = "offers"
    __table_args__ = (
        Index("ix_offers_browse", "status", "region", "approved_at"),
        Index("ix_offers_newest", "status", "approved_at"),
        Index("ix_offers_home", "status", "delivers_home", "region", "approved_at"),
        Index("ix_offers_business", "org_number", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    business_name: Mapped[str] = mapped_column(String(200))
    org_country: Mapped[str | None] = mapped_column(String(2))
    org_number: Mapped[str] = mapped_column(String(20))
    region: Mapped[str | None] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(80))
    description: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(32))
    #: ["home", "pickup", "store", "online"], at least one
    delivery: Mapped[list[Any]] = mapped_column(default=list)
    delivers_home: Mapped[bool] = mapped_column(Boolean, default=False)
    price: Mapped[str] = mapped_column(String(200), default="")
    valid_until: Mapped[date] = mapped_column(Date)
    #: an https image link (never fetched by the server) or None
    image_url: Mapped[str | None] = mapped_column(String(500))
    #: a Telegram photo's file id or None
    photo_file_id: Mapped[str | None] = mapped_column(String(255))
    contact: Mapped[str] = mapped_column(String(300), default="")
    words: Mapped[str] = mapped_column(Text, default="")
    #: `storage.states.OfferStatus`
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    #: why it was rejected or withdrawn by the staff (shown to the poster)
    reason: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    approved_at: Mapped[datetime | None] = mapped_column()
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    #: the valid-until date the poster was last warned about (so the notice goes once per date)
    warned_for: Mapped[date | None] = mapped_column(Date)
