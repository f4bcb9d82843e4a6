"""The public offers page (`/offers`) and its Atom feeds: what businesses offer, for anyone to open.

Server-rendered with Jinja2 (autoescaped), one small stylesheet, no scripts, readable on a phone.
Only approved offers that have not passed their date are shown. Image links posters gave are shown as
images by the visitor's browser (https only); the server never fetches them.
"""

from __future__ import annotations

from bot.public.views import setup_public

__all__ = ["setup_public"]
