"""The staff dashboard at `/staff`: server-rendered pages (Jinja2), no scripts, no CDN.

`ROUTES` is the whole surface, each route with the permission it needs (from the one table in
`handlers.staffdesk`); the access-control tests walk it. Only `/staff/login` and the stylesheet
are reachable without a session.
"""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from bot.dashboard import views_admin, views_auth, views_briefing, views_desk, views_groups, views_offers
from bot.dashboard.web import PREFIX, SERVICES
from bot.services import Services

STATIC = Path(__file__).with_name("static")

#: (method, path, handler); the handler carries its permission as `.permission`.
ROUTES = [
    ("GET", "", views_desk.home),
    ("GET", "/", views_desk.home),
    ("GET", "/queue", views_desk.queue),
    ("GET", "/meeting", views_desk.meeting),
    ("GET", "/meeting.md", views_desk.meeting_markdown),
    ("GET", "/meeting.csv", views_desk.meeting_csv),
    ("GET", "/tickets/{id}", views_desk.ticket),
    ("POST", "/tickets/{id}/answer", views_desk.answer),
    ("POST", "/tickets/{id}/note", views_desk.note),
    ("POST", "/tickets/{id}/reassign", views_desk.reassign),
    ("POST", "/tickets/{id}/close", views_desk.close),
    ("POST", "/tickets/{id}/reopen", views_desk.reopen),
    ("POST", "/tickets/{id}/erase-user", views_desk.erase_user),
    ("GET", "/tickets/{id}/knowledge", views_desk.learn_form),
    ("POST", "/tickets/{id}/knowledge", views_desk.learn),
    ("GET", "/stats", views_admin.stats),
    ("GET", "/knowledge", views_admin.knowledge),
    ("POST", "/knowledge/reload", views_admin.reload_knowledge),
    ("GET", "/audit", views_admin.audit_log),
    ("GET", "/staff", views_admin.staff_page),
    ("POST", "/staff", views_admin.staff_add),
    ("POST", "/staff/{id}", views_admin.staff_change),
    ("GET", "/offers", views_offers.offers),
    ("GET", "/offers/{id}", views_offers.offer),
    ("POST", "/offers/{id}/approve", views_offers.approve),
    ("POST", "/offers/{id}/reject", views_offers.reject),
    ("POST", "/offers/{id}/withdraw", views_offers.withdraw),
    ("GET", "/groups", views_groups.groups_page),
    ("POST", "/groups", views_groups.create),
    ("GET", "/groups/group/{id}", views_groups.gathering_page),
    ("GET", "/groups/group/{id}/members.csv", views_groups.gathering_csv),
    ("POST", "/groups/group/{id}/message", views_groups.message),
    ("POST", "/groups/group/{id}/change", views_groups.change),
    ("POST", "/groups/group/{id}/cancel", views_groups.cancel_definition),
    ("GET", "/groups/event/{id}", views_groups.gathering_page),
    ("GET", "/groups/event/{id}/members.csv", views_groups.gathering_csv),
    ("POST", "/groups/event/{id}/message", views_groups.message),
    ("POST", "/groups/event/{id}/change", views_groups.change),
    ("POST", "/groups/event/{id}/cancel", views_groups.cancel_definition),
    ("GET", "/briefing", views_briefing.briefing),
    ("GET", "/news", views_briefing.news),
    ("POST", "/news", views_briefing.news_post),
    ("POST", "/news/{id}/withdraw", views_briefing.news_withdraw),
    ("POST", "/logout", views_auth.logout),
]


def setup_dashboard(app: web.Application, services: Services) -> None:
    app[SERVICES] = services
    app.router.add_get(f"{PREFIX}/login", views_auth.login_form)
    app.router.add_post(f"{PREFIX}/login", views_auth.login)
    app.router.add_static(f"{PREFIX}/static", STATIC, append_version=True)
    for method, path, handler in ROUTES:
        app.router.add_route(method, PREFIX + path, handler)


__all__ = ["ROUTES", "setup_dashboard"]
