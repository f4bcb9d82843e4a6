"""The web chat channel: a plain HTML/CSS/JS page at ``/`` backed by a small JSON API."""

from bot.webchat.routes import setup_webchat

__all__ = ["setup_webchat"]
