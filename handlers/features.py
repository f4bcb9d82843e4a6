"""The features this assistant offers, one line each: adding a feature is adding its line here.

Order matters only for text hooks (earlier first) and is otherwise free; clashes are refused at start.
"""

from __future__ import annotations

from handlers import ask, briefing, downloads, escalation, groups, menu, onboarding, privacy, reminders, staffchat
from handlers.feature import Feature

FEATURES: tuple[Feature, ...] = (
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
