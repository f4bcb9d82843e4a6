"""What every channel adapter offers the server: start, stop and send to one of its users."""

from __future__ import annotations

from typing import Protocol

from handlers.types import Reply


class Channel(Protocol):
    name: str

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    async def send(self, user_id: str, replies: list[Reply]) -> bool:
        """Deliver replies to a user who did not just write; False means the user is unreachable."""
        ...
