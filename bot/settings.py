"""Typed settings, one class per concern, read from the environment and `.env`.

Every setting is listed with a comment in `.env.example`. Tokens are `SecretStr`, so they never show
up in logs, reprs or error messages.
"""

from __future__ import annotations

from datetime import time
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar
from urllib.parse import unquote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

import knowledge
from handlers.i18n import UI_LANGUAGES

BUNDLED_KNOWLEDGE = Path(knowledge.__file__).resolve().parent / "data"


def _config(prefix: str = "") -> SettingsConfigDict:
    return SettingsConfigDict(env_prefix=prefix, env_file=".env", env_file_encoding="utf-8", extra="ignore")


def _split_ids(value: Any) -> Any:
    if isinstance(value, str):
        return [part.strip() for part in value.replace(";", ",").split(",") if part.strip()]
    if isinstance(value, int):
        return [value]
    return value


def _empty_is_none(value: Any) -> Any:
    """An empty variable (`FOO=` in .env) means "not set"."""
    return None if value == "" else value


def _http_url(value: str) -> str:
    if value is not None and not value.startswith(("http://", "https://")):
        raise ValueError("must start with http:// or https://")
    return value


class TelegramSettings(BaseSettings):
    """The Telegram channel; it runs whenever a bot token is set."""

    model_config = _config("TELEGRAM_")

    bot_token: SecretStr | None = None
    api_base_url: str = "https://api.telegram.org/bot"
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    rate_global: float = Field(30.0, gt=0)
    rate_per_chat: float = Field(1.0, gt=0)
    #: Bulk sends (the daily briefing) carry `allow_paid_broadcast` and the rate becomes `paid_broadcast_rate`.
    allow_paid_broadcast: bool = False
    paid_broadcast_rate: float = Field(1000.0, gt=0, le=1000)

    _empty = field_validator("bot_token", "webhook_secret", "webhook_url", mode="before")(_empty_is_none)

    @field_validator("api_base_url")
    @classmethod
    def _no_trailing_slash(cls, value: str) -> str:
        return _http_url(value).rstrip("/")

    @field_validator("webhook_url")
    @classmethod
    def _https_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("must be a full URL starting with https://")
        return value


class TeamsSettings(BaseSettings):
    """The Microsoft Teams channel; it runs whenever an app id is set (or anonymous mode, for local tests)."""

    model_config = _config("TEAMS_")

    #: The Azure bot's Microsoft App ID: the audience every incoming token must name.
    app_id: str | None = None
    #: The app's client secret, for the connector's tokens (client-credentials flow).
    app_password: SecretStr | None = None
    #: The Entra tenant of a single-tenant bot; empty: multi-tenant (tokens from botframework.com).
    tenant_id: str | None = None
    #: Local development only (the Bot Framework Emulator): requests without a token are accepted.
    allow_anonymous: bool = False
    #: Where connector tokens come from; empty: Microsoft's endpoint for the tenant (or botframework.com).
    token_url: str | None = None
    #: The connector for the staff channel until a message from that channel tells its own.
    service_url: str = "https://smba.trafficmanager.net/teams/"

    _empty = field_validator("app_id", "app_password", "tenant_id", "token_url", mode="before")(_empty_is_none)
    _urls = field_validator("token_url", "service_url")(_http_url)

    @field_validator("allow_anonymous", "service_url", mode="before")
    @classmethod
    def _default_when_empty(cls, value: Any, info: Any) -> Any:
        if value == "":
            return cls.model_fields[info.field_name].default
        return value

    @property
    def enabled(self) -> bool:
        return self.app_id is not None or self.allow_anonymous

    @property
    def token_endpoint(self) -> str:
        if self.token_url:
            return self.token_url
        tenant = self.tenant_id or "botframework.com"
        return f"https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token"


class EmbeddingsSettings(BaseSettings):
    """The knowledge engine's semantic stage: the bundled model (default), an OpenAI-compatible
    embeddings endpoint, or off (the lexical engine alone)."""

    model_config = _config("EMBEDDINGS_")

    mode: Literal["bundled", "endpoint", "off"] = Field("bundled", validation_alias="EMBEDDINGS")
    url: str | None = None
    model: str | None = None
    cache_dir: Path = Path("data") / "vectors"

    _empty = field_validator("url", "model", mode="before")(_empty_is_none)
    _url = field_validator("url")(_http_url)

    @model_validator(mode="after")
    def _endpoint_needs_url(self) -> EmbeddingsSettings:
        if self.mode == "endpoint" and not self.url:
            raise ValueError("EMBEDDINGS=endpoint needs EMBEDDINGS_URL")
        return self


class BriefingSettings(BaseSettings):
    """The daily briefing: the times subscribers may choose, what nothing new means, and its sender."""

    model_config = _config("BRIEFING_")

    first_slot: time = time(6, 0)
    last_slot: time = time(10, 0)
    slot_minutes: int = Field(30, ge=5, le=240)
    #: A subscriber with nothing new gets a short "nothing new" (else nothing that day).
    nothing_new: bool = False
    #: A slot missed while the server was down is sent on start until this local time, else skipped.
    late_until: time = time(12, 0)
    #: Briefings in flight at once: what a crash (kill -9) can leave uncertain, at most.
    concurrency: int = Field(16, ge=1, le=256)
    #: Tries per briefing (the Telegram sender's own retries of 5xx and network errors come on top).
    max_attempts: int = Field(3, ge=1, le=20)
    retry_backoff: float = Field(30.0, gt=0)

    @model_validator(mode="after")
    def _slots(self) -> BriefingSettings:
        if self.last_slot < self.first_slot:
            raise ValueError("BRIEFING_LAST_SLOT is before BRIEFING_FIRST_SLOT")
        return self

    @property
    def slots(self) -> tuple[int, ...]:
        first = self.first_slot.hour * 60 + self.first_slot.minute
        last = self.last_slot.hour * 60 + self.last_slot.minute
        return tuple(range(first, last + 1, self.slot_minutes))


class Settings(BaseSettings):
    """Everything the server, the console and the command line need."""

    model_config = _config()

    database_url: str = "sqlite+aiosqlite:///data/sammen.db"
    #: PostgreSQL connections kept open per process (opened at start): at most this many units of work at once.
    database_pool_size: int = Field(10, ge=1, le=200)
    knowledge_dir: Path = BUNDLED_KNOWLEDGE
    http_host: str = "127.0.0.1"
    http_port: int = Field(8080, ge=1, le=65535)
    default_language: str = "nb"
    timezone: str = "Europe/Oslo"
    staff_telegram_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    staff_chat_id: int | None = None
    #: A Teams channel (its conversation id, `19:…@thread.tacv2`) where forwarded questions are posted.
    staff_teams_channel: str | None = None
    #: Entra object ids (AAD) of staff on Teams, comma-separated.
    staff_teams_ids: Annotated[list[str], NoDecode] = Field(default_factory=list)
    #: This server's public HTTPS address (Teams download links, the Teams app manifest).
    public_url: str | None = None
    advisory_meeting_time: time = time(9, 0)
    #: Questions and forwarded questions older than this many days lose their words (a nightly job).
    retention_days: int = Field(365, ge=1, le=3650)
    log_level: str = "INFO"
    #: Shop local: live offers (pending or shown) one business may have at once.
    offers_max_active: int = Field(5, ge=1, le=100)
    #: Shop local: new offers one user may post within 24 hours.
    offers_per_day: int = Field(5, ge=1, le=100)
    #: Shop local: a Telegram channel (its numeric id, such as -1001234567890) that gets each approved offer.
    offers_channel_id: str | None = None
    #: On SIGTERM: how long the updates already taken in may take to finish (what is left stays in the
    #: inbox and is handled after the restart); within systemd's default 90 s stop timeout.
    shutdown_grace: float = Field(25.0, gt=0, le=80)
    telegram: TelegramSettings = Field(default_factory=lambda: TelegramSettings())
    teams: TeamsSettings = Field(default_factory=lambda: TeamsSettings())
    #: named so that the EMBEDDINGS variable (its mode) is not read as this whole group
    semantic: EmbeddingsSettings = Field(default_factory=lambda: EmbeddingsSettings())
    briefing: BriefingSettings = Field(default_factory=lambda: BriefingSettings())

    @field_validator("staff_telegram_ids", "staff_teams_ids", mode="before")
    @classmethod
    def _ids(cls, value: Any) -> Any:
        return _split_ids(value)

    @field_validator("staff_teams_channel", "public_url", mode="before")
    @classmethod
    def _empty_text(cls, value: Any) -> Any:
        return _empty_is_none(value)

    @field_validator("staff_teams_channel")
    @classmethod
    def _teams_channel(cls, value: str | None) -> str | None:
        """As copied from the channel's link (`19%3a…%40thread.tacv2`) or as it is."""
        return unquote(value).strip() if value is not None else None

    @field_validator("public_url")
    @classmethod
    def _public_url(cls, value: str | None) -> str | None:
        return _http_url(value).rstrip("/") if value is not None else None

    @field_validator("offers_channel_id", mode="before")
    @classmethod
    def _offers_channel(cls, value: Any) -> Any:
        if value in ("", None):
            return None
        text = str(value).strip()
        if not text.lstrip("-").isdigit():
            raise ValueError("must be the Telegram channel's numeric id, such as -1001234567890")
        return text

    @field_validator("staff_chat_id", mode="before")
    @classmethod
    def _empty_chat(cls, value: Any) -> Any:
        return None if value == "" else value

    @field_validator("knowledge_dir", mode="before")
    @classmethod
    def _knowledge(cls, value: Any) -> Any:
        return BUNDLED_KNOWLEDGE if value in ("", None) else value

    @field_validator("knowledge_dir")
    @classmethod
    def _knowledge_exists(cls, value: Path) -> Path:
        if not value.is_dir():
            raise ValueError(f"folder {value} does not exist")
        return value

    @field_validator("default_language")
    @classmethod
    def _language(cls, value: str) -> str:
        value = value.strip().lower()
        if value not in UI_LANGUAGES:
            raise ValueError(f"must be one of {', '.join(UI_LANGUAGES)}")
        return value

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError("is not a known time zone such as Europe/Oslo") from exc
        return value

    @field_validator("database_url")
    @classmethod
    def _database(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://", "postgresql://")):
            raise ValueError("must start with sqlite+aiosqlite:// or postgresql+asyncpg://")
        if value.startswith("postgresql://"):
            value = "postgresql+asyncpg://" + value.removeprefix("postgresql://")
        return value

    @field_validator("log_level")
    @classmethod
    def _level(cls, value: str) -> str:
        value = value.upper()
        if value not in ("DEBUG", "INFO", "WARNING", "ERROR"):
            raise ValueError("must be DEBUG, INFO, WARNING or ERROR")
        return value

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class SettingsError(Exception):
    """One clear line naming the setting that is wrong, for start-up to print before exiting with 2."""


def _env_name(model: type[BaseSettings], field: str) -> str:
    aliases = {f.validation_alias for f in model.model_fields.values() if isinstance(f.validation_alias, str)}
    if field in aliases:  # the error names the variable itself
        return field
    prefix = model.model_config.get("env_prefix", "") or ""
    return f"{prefix}{field}".upper()


def load_settings(**overrides: Any) -> Settings:
    """Read settings; an invalid one raises `SettingsError` naming its environment variable."""
    return _read(
        Settings,
        telegram=_read(TelegramSettings),
        semantic=_read(EmbeddingsSettings),
        teams=_read(TeamsSettings),
        briefing=_read(BriefingSettings),
        **overrides,
    )


_S = TypeVar("_S", bound=BaseSettings)


def _read(kind: type[_S], **values: Any) -> _S:
    try:
        return kind(**values)
    except ValidationError as exc:
        raise SettingsError(_describe(kind, exc)) from None


def _describe(model: type[BaseSettings], exc: ValidationError) -> str:
    error = exc.errors()[0]
    message = str(error["msg"]).removeprefix("Value error, ")
    if not error["loc"]:  # a rule between settings: the message names them
        return f"Invalid settings: {message}"
    # Never echo the value: it may be a secret.
    return f"Invalid setting {_env_name(model, str(error['loc'][0]))}: {message}"


def settings_or_exit() -> Settings:
    """The command line's loader, shared by every `sammen` command: one line and exit status 2 on a bad setting."""
    import sys

    try:
        return load_settings()
    except SettingsError as exc:
        print(exc, file=sys.stderr)
        raise SystemExit(2) from None
