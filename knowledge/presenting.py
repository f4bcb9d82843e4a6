"""A decision as plain text for the terminal (`sammen ask`): what a user would be shown."""

from __future__ import annotations

from knowledge.engine import Decision
from knowledge.model import Contact, KnowledgeBase, pick_text

_UI: dict[str, dict[str, str]] = {
    "did_you_mean": {"nb": "Mente du", "nn": "Meinte du", "da": "Mente du", "sv": "Menade du",
                     "en": "Did you mean"},
    "dont_know": {
        "nb": "Beklager, det vet jeg ikke svaret på. Prøv å si det med andre ord, eller spør om noe annet.",
        "nn": "Orsak, det veit eg ikkje svaret på. Prøv å seie det med andre ord, eller spør om noko anna.",
        "da": "Beklager, det kender jeg ikke svaret på. Prøv at sige det med andre ord, eller spørg om noget andet.",
        "sv": "Tyvärr vet jag inte svaret på det. Försök säga det med andra ord, eller fråga om något annat.",
        "en": "Sorry, I don't know the answer to that. Try putting it another way, or ask about something else.",
    },
    "greeting": {"nb": "Hei! Hva kan jeg hjelpe deg med?", "nn": "Hei! Kva kan eg hjelpe deg med?",
                 "da": "Hej! Hvad kan jeg hjælpe dig med?", "sv": "Hej! Vad kan jag hjälpa dig med?",
                 "en": "Hi! What can I help you with?"},
    "thanks": {"nb": "Bare hyggelig!", "nn": "Berre hyggeleg!", "da": "Selv tak!", "sv": "Varsågod!",
               "en": "You're welcome!"},
    "who": {
        "nb": "Jeg er Sammen, en assistent for lokale bedrifter: spør meg om støtte, nettverk og hvem du kan kontakte.",
        "nn": "Eg er Sammen, ein assistent for lokale bedrifter: spør meg om støtte, nettverk og kven du kan kontakte.",
        "da": "Jeg er Sammen, en assistent for lokale virksomheder: spørg mig om støtte, netværk og hvem "
        "du kan kontakte.",
        "sv": "Jag är Sammen, en assistent för lokala företag: fråga mig om stöd, nätverk och vem du kan kontakta.",
        "en": "I'm Sammen, an assistant for local businesses: ask me about support, networks and whom to contact.",
    },
    "bye": {"nb": "Ha det bra!", "nn": "Ha det bra!", "da": "Hav det godt!", "sv": "Ha det bra!", "en": "Goodbye!"},
}


def ui(key: str, lang: str) -> str:
    return pick_text(_UI[key], lang)


def render_contact(contact: Contact, lang: str) -> str:
    role = pick_text(contact.role, lang)
    head = ", ".join(part for part in (contact.name, role, contact.organisation) if part)
    lines = [f"  • {head}"]
    lines += [f"    {value}" for value in (contact.phone, contact.email) if value]
    return "\n".join(lines)


def render_decision(decision: Decision, kb: KnowledgeBase) -> str:
    lang = decision.lang
    if decision.kind == "smalltalk":
        return ui(decision.smalltalk or "greeting", lang)
    if decision.kind == "answer" and decision.entry is not None:
        entry = decision.entry
        parts = [entry.display_title(lang), "", kb.text(entry.answer, lang)]
        contacts = [kb.contacts[c] for c in entry.contacts if c in kb.contacts]
        if contacts:
            parts += ["", *(render_contact(contact, lang) for contact in contacts)]
        if entry.links:
            parts += ["", *(f"  → {link.title}: {link.url}" for link in entry.links)]
        return "\n".join(parts)
    if decision.kind == "suggest" and decision.suggestions:
        options = [f"  {n}. {entry.display_title(lang)}" for n, entry in enumerate(decision.suggestions, 1)]
        return "\n".join([f"{ui('did_you_mean', lang)}:", *options])
    return ui("dont_know", lang)
