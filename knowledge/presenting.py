"""A decision as plain text for the terminal (`sammen ask "…"`): what a user would be shown.

The wording comes from the interface catalogues (`handlers/locales`), the same the chat uses, so
the command line and the chat say the same thing; the caller hands in that translator, since
knowledge sits below the core and never imports it.
"""

from __future__ import annotations

from collections.abc import Callable

from knowledge.engine import Decision
from knowledge.model import Contact, KnowledgeBase, pick_text


def render_contact(contact: Contact, lang: str) -> str:
    role = pick_text(contact.role, lang)
    head = ", ".join(part for part in (contact.name, role, contact.organisation) if part)
    lines = [f"  • {head}"]
    lines += [f"    {value}" for value in (contact.phone, contact.email) if value]
    return "\n".join(lines)


#: (language, message key, arguments) -> plain text.
Translate = Callable[..., str]


def render_decision(decision: Decision, kb: KnowledgeBase, region: str | None, translate: Translate) -> str:
    lang = decision.lang

    def t(key: str, **args: object) -> str:
        return translate(lang, key, **args)

    if decision.kind == "smalltalk":
        return t(f"smalltalk-{decision.smalltalk or 'greeting'}")
    if decision.kind == "answer" and decision.entry is not None:
        entry = decision.entry
        parts = [entry.display_title(lang), "", kb.text(entry.answer, lang)]
        if entry.regions and region is None:
            names = ", ".join(pick_text(r.name, lang) if (r := kb.region(code)) else code for code in entry.regions)
            parts += ["", t("applies-to", regions=names)]
        contacts = [kb.contacts[c] for c in entry.contacts if c in kb.contacts]
        if contacts:
            parts += ["", t("contact-heading") + ":", *(render_contact(contact, lang) for contact in contacts)]
        if entry.links:
            parts += ["", *(f"  → {link.title}: {link.url}" for link in entry.links)]
        return "\n".join(parts)
    if decision.kind == "suggest" and decision.suggestions:
        options = [f"  {n}. {entry.display_title(lang)}" for n, entry in enumerate(decision.suggestions, 1)]
        return "\n".join([t("suggest-intro"), *options])
    return t("ask-offtopic" if decision.off_topic else "ask-unknown")
