"""The features this assistant offers, one line each: adding a feature is adding its line here.

Order matters only for text hooks (earlier first) and is otherwise free; clashes are refused at start.
"""

from __future__ import annotations

from handlers import (
    ask,
    briefing,
    downloads,
    escalation,
    groups,
    menu,
    offers,
    onboarding,
    privacy,
    reminders,
    staffchat,
)
from handlers.feature import Feature

FEATURES: tuple[Feature, ...] = (
    offers.feature,  # first: its text hook takes a staff member's reason for rejecting an offer
    staffchat.feature,
    menu.feature,
    onboarding.feature,
    ask.feature,
    escalation.feature,
    reminders.feature,
    briefing.feature,
    privacy.feature,
    groups.feature,
    downloads.feature,
)
