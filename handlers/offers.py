"""Shop local in the chat: businesses post offers (`/newoffer`), everyone finds them (`/offers`, and
questions such as "hvem leverer hjem?"), posters manage their own (`/myoffers`), staff approve or
reject them with buttons in the staff chat, and a job hides expired offers after warning the poster.

The posting dialog keeps its draft in the database (`dialog_states`, flow "offer"): a restart or
another worker continues where the poster was. Every bad input gets its reason and the same step
again, with what was typed shown back. A poster without a business profile (name and a valid
organisation number) is led through it first and then comes back to the offer.
"""

from __future__ import annotations

from handlers import offer_browse, offer_mine, offer_posting, offer_staffchat
from handlers.offer_browse import digest_offers, find_for_question
from handlers.offer_feature import FLOW, SEARCH_FLOW, STEPS, feature
from handlers.offer_mine import expire_and_warn

#: The modules above register on `feature` when imported; they are named here so they always are.
MODULES = (offer_posting, offer_staffchat, offer_browse, offer_mine)

__all__ = [
    "FLOW", "MODULES", "SEARCH_FLOW", "STEPS", "digest_offers", "expire_and_warn", "feature", "find_for_question",
]  # fmt: skip
