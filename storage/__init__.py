"""Persistence: the SQLAlchemy models, the database handle with its migrations, and the unit of work."""

from storage.database import Database
from storage.uow import UnitOfWork

__all__ = ["Database", "UnitOfWork"]
