"""Persistence: the SQLAlchemy models, the database handle with its migrations, and the unit of work."""

from bot.db.database import Database
from bot.db.uow import UnitOfWork

__all__ = ["Database", "UnitOfWork"]
