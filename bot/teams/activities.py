"""Reading activities (the Agents SDK's `Activity` model) into what the core understands.

- A message's text (the bot's own @mention removed: in a channel the bot only hears messages that
  mention it) or, for a pressed `Action.Submit`, its `value.action`: the packed button data.
- `conversationUpdate` with the bot among `membersAdded` in a personal chat: the app was installed,
  so the onboarding starts (`/start`).
- Who: in a personal chat the user (their Entra object id, stable across conversations); in a team
  channel the channel (its id without the thread suffix: the staff channel is compared by it), the
  person who wrote being the actor, as in a Telegram group.
- The conversation reference (service URL, conversation, tenant, bot, user): stored with the user so
  that relayed answers, reminders and briefings can be sent to them unprompted.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from microsoft_agents.activity import Activity

from handlers.hygiene import clean_text
from handlers.types import Incoming

log = logging.getLogger(__name__)

CHANNEL = "teams"
#: Longest text taken from one message (the core cuts questions itself; this bounds the work).
MAX_TEXT = 4000


def parse(raw: Any) -> Activity | None:
    try:
        return Activity.model_validate(raw)
    except Exception:  # pydantic's ValidationError, or not a dict at all
        return None


def update_id(activity: Activity) -> str:
    """The inbox key: activity ids are unique within a conversation, so both go in (hashed to fit)."""
    conversation = activity.conversation.id if activity.conversation else ""
    return hashlib.sha256(f"{conversation}\n{activity.id or ''}".encode()).hexdigest()[:48]


def conversation_type(activity: Activity) -> str:
    conversation = activity.conversation
    return (conversation.conversation_type if conversation and conversation.conversation_type else "personal")


def channel_id(activity: Activity) -> str | None:
    """The team channel an activity comes from (`19:…@thread.tacv2`), if any."""
    data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
    channel = data.get("channel")
    if isinstance(channel, dict) and isinstance(channel.get("id"), str):
        return str(channel["id"])
    if conversation_type(activity) == "channel" and activity.conversation:
        return activity.conversation.id.split(";")[0]
    return None


def reference(activity: Activity) -> dict[str, Any]:
    """The SDK's conversation reference, without what changes with every message (activity id, locale)."""
    ref = activity.get_conversation_reference().model_dump(mode="json", by_alias=True, exclude_none=True)
    ref.pop("activityId", None)
    ref.pop("locale", None)
    tenant = _tenant(activity)
    if tenant:
        ref["tenantId"] = tenant
    return dict(ref)


def _tenant(activity: Activity) -> str | None:
    data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
    tenant = data.get("tenant")
    if isinstance(tenant, dict) and isinstance(tenant.get("id"), str):
        return str(tenant["id"])
    return activity.conversation.tenant_id if activity.conversation else None


def to_incoming(activity: Activity) -> Incoming | None:
    """What the user did, for the core; None for activities Sammen does not act on."""
    sender = activity.from_property
    if activity.conversation is None or sender is None or not activity.service_url:
        return None
    actor = sender.aad_object_id or sender.id
    kind = conversation_type(activity)
    if kind == "personal":
        user = actor
    elif kind == "channel":
        user = channel_id(activity) or activity.conversation.id
    else:
        user = activity.conversation.id
    common: dict[str, Any] = {
        "language": activity.locale,
        "display_name": sender.name,
        "actor_id": actor,
        "update_id": update_id(activity),
        "ref": reference(activity),
    }
    if activity.type == "conversationUpdate":
        bot = activity.recipient.id if activity.recipient else None
        added = [m.id for m in activity.members_added or []]
        if kind == "personal" and bot is not None and bot in added:
            return Incoming(CHANNEL, user, text="/start", **common)  # installed: the onboarding
        return None
    if activity.type != "message":
        return None
    value = activity.value
    if isinstance(value, dict) and isinstance(value.get("action"), str):
        return Incoming(CHANNEL, user, action=clean_text(value["action"])[:256], **common)
    text = _without_mentions(activity, activity.text or "")
    return Incoming(CHANNEL, user, text=clean_text(text).strip()[:MAX_TEXT], **common)


def uninstalled(activity: Activity) -> str | None:
    """The user who removed the app from their personal chat (`installationUpdate`, action remove)."""
    sender = activity.from_property
    if activity.type != "installationUpdate" or conversation_type(activity) != "personal" or sender is None:
        return None
    action = getattr(activity, "action", None)
    return (sender.aad_object_id or sender.id) if isinstance(action, str) and action.startswith("remove") else None


def _without_mentions(activity: Activity, text: str) -> str:
    """The text without the bot's `<at>Sammen</at>` (how a channel message reaches the bot)."""
    bot = activity.recipient.id if activity.recipient else None
    for entity in activity.entities or []:
        data = entity.model_dump(mode="json", by_alias=True, exclude_none=True)
        mentioned = data.get("mentioned") or {}
        if data.get("type") == "mention" and mentioned.get("id") == bot and isinstance(data.get("text"), str):
            text = text.replace(data["text"], " ")
    return text.replace("&nbsp;", " ")
