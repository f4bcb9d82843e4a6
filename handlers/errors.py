"""The core's own errors: a use case raises one, a channel maps it to its words by type.

Each also derives from the built-in it refines (LookupError, ValueError, PermissionError), so a
caller that only cares about the broad kind can still catch that; none is ever told apart by its
message text. `message_key` names the catalogue message that explains it to staff.
"""

from __future__ import annotations

from typing import ClassVar


class DomainError(Exception):
    message_key: ClassVar[str] = "ticket-error"


class NotAllowed(DomainError, PermissionError):
    """The acting staff member's role may not do this."""

    message_key = "error-forbidden"


class TicketNotFound(DomainError, LookupError):
    message_key = "error-not-found"


class StaffNotFound(DomainError, LookupError):
    message_key = "error-not-found"


class EmptyText(DomainError, ValueError):
    message_key = "ticket-error-empty"


class TextTooLong(DomainError, ValueError):
    message_key = "ticket-error-long"


class TicketWithdrawn(DomainError, ValueError):
    """The user took the question back: it cannot be answered."""

    message_key = "ticket-error-withdrawn"


class CannotAnswer(DomainError, ValueError):
    """The chosen colleague's role may not answer questions."""

    message_key = "ticket-error-assignee"


class NotClosed(DomainError, ValueError):
    """Only a closed ticket can be reopened."""


class UnknownAdditionKind(DomainError, ValueError):
    """Save as knowledge: neither a new entry nor a phrasing."""


class OfferNotFound(DomainError, LookupError):
    message_key = "error-not-found"


class OfferNotPending(DomainError, ValueError):
    """Only a pending offer can be approved or rejected (another staff member may have been first)."""

    message_key = "offers-error-not-pending"


class OfferNotLive(DomainError, ValueError):
    """Only a pending or shown offer can be withdrawn."""

    message_key = "offers-error-not-live"
