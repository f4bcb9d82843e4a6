"""Staff accounts: creating them, their passwords (argon2id), and the staff named in the settings.

Used by `sammen staff ...`, the dashboard's login and staff page, and start-up
(`STAFF_TELEGRAM_IDS`). Every change is audited; the command line acts as "the system" (no staff).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select

from handlers.staffdesk import ROLES
from storage import audit
from storage.models import Staff
from storage.sessions import end_all

if TYPE_CHECKING:
    from storage.database import Database
    from storage.uow import UnitOfWork

MIN_PASSWORD = 10
MAX_PASSWORD = 1024
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

_hasher = PasswordHasher()
#: Verified against when the email is unknown, so a login takes as long whether or not it exists.
_DUMMY_HASH = _hasher.hash("not a password of anyone")


class AccountError(ValueError):
    """A reason the account cannot be created or changed, to show as it is."""


def normalise_email(email: str) -> str:
    email = email.strip().lower()
    if not EMAIL.match(email) or len(email) > 254:
        raise AccountError(f"not an email address: {email!r}")
    return email


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"the password must have at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise AccountError("the password is too long")


def hash_password(password: str) -> str:
    check_password(password)
    return _hasher.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    """Constant work whether or not there is a stored hash; never raises on a bad hash."""
    try:
        return _hasher.verify(stored or _DUMMY_HASH, password[:MAX_PASSWORD]) and stored is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    return _hasher.check_needs_rehash(stored)


def check_role(role: str) -> str:
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r} (use {', '.join(ROLES)})")
    return role


async def by_email(uow: UnitOfWork, email: str) -> Staff | None:
    stmt = select(Staff).where(func.lower(Staff.email) == email.strip().lower())
    return (await uow.session.execute(stmt)).scalar_one_or_none()


async def add_staff(
    uow: UnitOfWork, email: str, role: str, password: str, *, name: str = "", actor: Staff | None = None
) -> Staff:
    """A new dashboard account; raises AccountError for a bad email, role or password, or a taken email."""
    email = normalise_email(email)
    check_role(role)
    if await by_email(uow, email) is not None:
        raise AccountError(f"{email} already has an account")
    staff = Staff(email=email, name=name.strip()[:200], role=role, password_hash=hash_password(password))
    uow.session.add(staff)
    await uow.session.flush()
    await audit.record(uow, actor, "staff.add", f"staff:{staff.id}", email=email, role=role)
    return staff


async def set_role(uow: UnitOfWork, staff: Staff, role: str, *, actor: Staff | None = None) -> None:
    check_role(role)
    before, staff.role = staff.role, role
    await audit.record(uow, actor, "staff.role", f"staff:{staff.id}", before=before, after=role)


async def set_active(uow: UnitOfWork, staff: Staff, active: bool, *, actor: Staff | None = None) -> None:
    """Deactivating also ends the member's dashboard sessions."""


    staff.active = active
    if not active:
        await end_all(uow, staff.id)
    await audit.record(uow, actor, "staff.activate" if active else "staff.deactivate", f"staff:{staff.id}")


async def set_password(uow: UnitOfWork, staff: Staff, password: str, *, actor: Staff | None = None) -> None:


    staff.password_hash = hash_password(password)
    await end_all(uow, staff.id)
    await audit.record(uow, actor, "staff.password", f"staff:{staff.id}")


async def all_staff(uow: UnitOfWork) -> list[Staff]:
    return list((await uow.session.execute(select(Staff).order_by(Staff.active.desc(), Staff.id))).scalars())


async def ensure_chat_staff(database: Database, channel: str, external_ids: list[str]) -> int:
    """Make sure every id configured as staff on a chat channel (STAFF_TELEGRAM_IDS) has a staff row
    (role staff); returns how many were added.

    An existing row keeps its role and active flag: deactivating someone on the dashboard sticks.
    """
    if not external_ids:
        return 0
    added = 0
    async with database.uow() as uow:
        known = await uow.staff.known_identities(channel, external_ids)
        for external_id in dict.fromkeys(external_ids):
            if external_id in known:
                continue
            # no name yet: the staff chat fills in the display name on first use
            staff = await uow.staff.add_with_identity(channel, external_id, name="", role="staff")
            await audit.record(
                uow, None, "staff.add", f"staff:{staff.id}", channel=channel, id=external_id, role="staff"
            )
            added += 1
    return added
