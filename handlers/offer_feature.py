"""The shop-local feature's registration point and the names its modules share.

`handlers.offers` gathers the modules that register on this feature: posting
(`offer_posting`), the staff chat's buttons (`offer_staffchat`), finding offers (`offer_browse`) and
managing one's own with the expiry job and personal data (`offer_mine`).
"""

from __future__ import annotations

from datetime import timedelta

from handlers.feature import Feature

feature = Feature("offers")

#: Dialog flows (kept in `dialog_states`): posting an offer, and typing a search while browsing.
FLOW = "offer"
SEARCH_FLOW = "offer-search"
#: The fields of an offer, asked in this order.
STEPS = ("title", "description", "category", "delivery", "price", "until", "image", "contact")
#: A draft untouched this long is let go: the next typed text is a question again.
DRAFT_TTL = timedelta(hours=6)
#: A staff member's pending "reason for rejecting" is forgotten after this long.
REASON_TTL = timedelta(minutes=30)
