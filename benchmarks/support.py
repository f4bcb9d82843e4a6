"""What the benchmarks share: pinning a process to a core, reading its CPU time, a scratch
PostgreSQL database."""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import sys
from collections.abc import Coroutine, Iterator
from pathlib import Path
from typing import Any

PG_BASE = os.environ.get("TEST_DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")


def pin(cpu: int) -> None:
    """Run this process on one core (the other side of a benchmark gets the other)."""
    if hasattr(os, "sched_setaffinity") and (os.cpu_count() or 1) > 1:
        os.sched_setaffinity(0, {cpu % (os.cpu_count() or 1)})


def cpu_seconds(pid: int | None) -> float:
    """User + system CPU time of a process so far (Linux /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def _local_postgres_pids() -> list[int]:
    """The PostgreSQL server processes of this machine that this process can see (none when the
    database runs elsewhere)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if (entry / "comm").read_text().strip() in ("postgres", "postmaster"):
                    pids.append(int(entry.name))
    return pids


@contextlib.contextmanager
def postgres_on(cpus: set[int], url: str = PG_BASE) -> Iterator[bool]:
    """Run this machine's PostgreSQL server on `cpus` for the block (new backends inherit it from the
    server process), and on every core after it. True when it was moved; False when it could not be
    (another host, not this user's processes, one core)."""
    from sqlalchemy.engine import make_url

    local = (make_url(url).host or "localhost") in ("127.0.0.1", "localhost", "::1")
    if not hasattr(os, "sched_setaffinity") or (os.cpu_count() or 1) < 2 or not local:
        yield False
        return
    moved: list[int] = []
    for pid in _local_postgres_pids():
        with contextlib.suppress(OSError):
            os.sched_setaffinity(pid, cpus)
            moved.append(pid)
    try:
        yield bool(moved)
    finally:
        # Every core, not what it had before: a run killed inside the block would otherwise leave the
        # next run's "before" on one core. Backends started meanwhile by other clients are let be.
        every = set(range(os.cpu_count() or 1))
        for pid in moved:
            try:
                os.sched_setaffinity(pid, every)
            except ProcessLookupError:  # a backend that has ended since
                pass
            except OSError as exc:
                print(f"  PostgreSQL process {pid} stays on cores {sorted(cpus)}: {exc}", file=sys.stderr)


@contextlib.contextmanager
def scratch_postgres() -> Iterator[str | None]:
    """A new database on the server of TEST_DATABASE_URL for the block, dropped after it; None (and a
    note) when there is no PostgreSQL here."""
    from sqlalchemy.engine import make_url

    from tests.servers import pg_admin

    base = make_url(PG_BASE)
    name = f"sammen_bench_{secrets.token_hex(3)}"
    try:
        asyncio.run(pg_admin(base, f'CREATE DATABASE "{name}"'))
    except Exception as exc:
        print(f"  PostgreSQL not available ({type(exc).__name__}): SQLite only", file=sys.stderr)
        yield None
        return
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        asyncio.run(pg_admin(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def run_profiled(main: Coroutine[Any, Any, Any]) -> None:
    """Run `main`; with SAMMEN_BENCH_PROFILE set to a path, under cProfile, its statistics saved there."""
    profile_to = os.environ.get("SAMMEN_BENCH_PROFILE")
    if not profile_to:
        asyncio.run(main)
        return
    import cProfile

    profiler = cProfile.Profile()
    profiler.enable()
    try:
        asyncio.run(main)
    finally:
        profiler.disable()
        profiler.dump_stats(profile_to)
