"""Backups of the embedded database. SQLite's online backup copies a consistent snapshot while the
server writes; a restore checks the file is a Sammen database first. PostgreSQL has its own tools
(pg_dump, pg_restore): the commands say so rather than half-doing it."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from sqlalchemy.engine import make_url

PG_HINT = (
    "This is a PostgreSQL database: use its own tools, e.g. "
    "pg_dump --format=custom --file=sammen.dump DBNAME, and pg_restore --clean --dbname=DBNAME sammen.dump "
    "(see the README)."
)


class BackupError(Exception):
    """One line to print: why the backup or restore was not done."""


def _sqlite_path(url: str) -> Path:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        raise BackupError(PG_HINT)
    if not parsed.database or parsed.database == ":memory:":
        raise BackupError("There is no database file to back up (an in-memory database).")
    return Path(parsed.database)


def backup_sqlite(url: str, target: Path) -> int:
    source = _sqlite_path(url)
    if not source.exists():
        raise BackupError(f"No database at {source} yet: nothing to back up.")
    if target.exists():
        raise BackupError(f"{target} exists already: choose a new file name.")
    target.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)
    return target.stat().st_size


def restore_sqlite(url: str, backup: Path) -> None:
    target = _sqlite_path(url)
    if not backup.exists():
        raise BackupError(f"No backup at {backup}.")
    try:
        with closing(sqlite3.connect(f"file:{backup}?mode=ro", uri=True)) as src:
            src.execute("SELECT version_num FROM alembic_version").fetchone()
            if src.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError(f"{backup} is damaged (integrity check failed); nothing was changed.")
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{backup} is not a Sammen database ({exc}); nothing was changed.") from None
    target.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(f"file:{backup}?mode=ro", uri=True)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)
