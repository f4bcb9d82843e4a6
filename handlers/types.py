"""The normalised messages that cross the boundary between a channel adapter and the core."""

from __future__ import annotations

from base64 import b64decode, b64encode
from dataclasses import dataclass, field
from typing import Any

#: Telegram's limit for callback_data, applied to every channel so a button works everywhere.
MAX_ACTION_BYTES = 64

CHANNELS = ("telegram", "web", "console", "teams")


@dataclass(frozen=True, slots=True)
class Incoming:
    """One thing a user did: typed text or pressed a button.

    `user_id` is the channel's own id for the user (the chat id on Telegram, the cookie on the web).
    `language` is the channel's hint (Telegram's language_code, the browser's Accept-Language).
    """

    channel: str
    user_id: str
    text: str | None = None
    action: str | None = None
    language: str | None = None
    display_name: str | None = None
    #: Who acted, when that differs from the conversation (a staff member in a Telegram group).
    actor_id: str | None = None
    #: The channel's id of the stored update this came from (`storage.inbox`): the core records its
    #: replies there in the same transaction as its changes, and does not handle an update twice.
    update_id: str | None = None
    #: The channel's reference for sending to this user unprompted (`Address.ref`: a Teams conversation
    #: reference), stored on the user row when it changed.
    ref: dict[str, Any] | None = field(default=None, hash=False, compare=False)
    #: A photo the user sent with the message, as the channel's id for the file (Telegram's file_id).
    photo: str | None = None


@dataclass(frozen=True, slots=True)
class Button:
    """A button: either an action sent back to the core when pressed, or a link to open."""

    label: str
    action: str | None = None
    url: str | None = None

    def __post_init__(self) -> None:
        if (self.action is None) == (self.url is None):
            raise ValueError("a button has exactly one of action or url")
        if self.action is not None and len(self.action.encode()) > MAX_ACTION_BYTES:
            raise ValueError(f"button action over {MAX_ACTION_BYTES} bytes: {self.action!r}")


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file that goes with a reply (the user's own data as JSON): each channel sends it its way."""

    filename: str
    mime: str
    data: bytes


@dataclass(slots=True)
class Reply:
    """A message to show: text in Sammen's simple markup (see `handlers.markup`) and rows of buttons."""

    text: str
    buttons: list[list[Button]] = field(default_factory=list)
    #: The interface language the reply is written in, so a channel can match its own chrome to it
    #: (the web page's placeholder and labels); None when the reply is not in one user's language.
    lang: str | None = None
    attachment: Attachment | None = None
    #: A photo to show before the text, as the channel's own file id (a Telegram file_id); channels
    #: that cannot show it (the web chat, the console) leave it out.
    photo: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The stored form (outbox payloads)."""
        data: dict[str, Any] = {
            "text": self.text,
            "buttons": [[{"label": b.label, "action": b.action, "url": b.url} for b in row] for row in self.buttons],
        }
        if self.lang:
            data["lang"] = self.lang
        if self.attachment is not None:
            file = self.attachment
            data["attachment"] = {"filename": file.filename, "mime": file.mime, "data": b64encode(file.data).decode()}
        if self.photo:
            data["photo"] = self.photo
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Reply:
        rows = [
            [Button(b["label"], action=b.get("action"), url=b.get("url")) for b in row]
            for row in data.get("buttons", [])
        ]
        lang = data.get("lang")
        file = data.get("attachment")
        attachment = None
        if isinstance(file, dict):
            attachment = Attachment(str(file["filename"]), str(file["mime"]), b64decode(file["data"]))
        photo = data.get("photo")
        return cls(
            str(data["text"]), rows, lang if isinstance(lang, str) else None, attachment,
            photo if isinstance(photo, str) else None,
        )  # fmt: skip

    def plain(self) -> str:
        from handlers.markup import to_plain

        return to_plain(self.text)

    def html(self) -> str:
        from handlers.markup import to_html

        return to_html(self.text)
