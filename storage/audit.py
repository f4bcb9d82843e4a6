"""The audit log: who did what, when. Every staff action goes through `record`, in the same unit of
work as the action itself, so the log and the change are committed together or not at all."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from storage.models import AuditLog, Staff

if TYPE_CHECKING:
    from storage.uow import UnitOfWork


async def record(
    uow: UnitOfWork, staff: Staff | None, action: str, target: str | None = None, **detail: Any
) -> AuditLog:
    """Add one audit row; `staff` None means the system or the command line acted."""
    row = AuditLog(
        staff_id=staff.id if staff is not None else None,
        action=action[:64],
        target=(str(target)[:120] if target is not None else None),
        detail={k: _jsonable(v) for k, v in detail.items()},
    )
    uow.session.add(row)
    await uow.session.flush()
    return row


async def recent(
    uow: UnitOfWork, limit: int = 200, before_id: int | None = None
) -> list[tuple[AuditLog, Staff | None]]:
    """The newest rows first, each with its staff member (None when deleted or the system acted)."""
    stmt = select(AuditLog, Staff).outerjoin(Staff, Staff.id == AuditLog.staff_id).order_by(AuditLog.id.desc())
    if before_id is not None:
        stmt = stmt.where(AuditLog.id < before_id)
    rows = await uow.session.execute(stmt.limit(limit))
    return [(log, staff) for log, staff in rows.all()]


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return str(value)
