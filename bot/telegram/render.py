"""Turns Signpost's replies into Telegram messages: HTML with every dynamic part escaped,
inline keyboards for buttons, and nothing over Telegram's 4,096-character limit."""

from __future__ import annotations

import html
from typing import Any, Dict, List, Optional, Tuple

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from language.labels import label

MAX_LENGTH = 4096


def escape(value: Any) -> str:
    """Text for Telegram's HTML mode: &, < and > escaped (quotes matter only in attributes)."""
    return html.escape(str(value or ""), quote=False)


def card_html(card: Dict[str, Any]) -> str:
    """A recommendation as Telegram HTML; phone numbers stay plain so Telegram makes them
    tappable, and only http(s) addresses become links."""
    language = card.get("language")

    def heading(key: str) -> str:
        return escape(label("headings", key, language))

    lines = [f"<b>{escape(card.get('title'))}</b>"]
    urgency = label("urgency", card.get("urgency"), language)
    lines.append(f"{heading('urgency').capitalize()}: <b>{escape(urgency)}</b>")
    if card.get("who_acts"):
        lines.append(f"{heading('who_acts')}: {escape(card['who_acts'])}")
    if card.get("note"):  # e.g. parts of the advice not yet translated
        lines += ["", f"<i>{escape(card['note'])}</i>"]
    if card.get("rationale"):
        lines += ["", f"<i>{escape(card['rationale'])}</i>"]
    steps = card.get("steps") or []
    if steps:
        lines += ["", f"<b>{heading('what_to_do')}</b>"]
        lines += [f"{n}. {escape(step)}" for n, step in enumerate(steps, start=1)]
    contacts = card.get("contacts") or []
    if contacts:
        lines += ["", f"<b>{heading('contacts')}</b>"] + [f"• {contact_html(c)}" for c in contacts]
    sources = card.get("sources") or []
    if sources:
        lines += ["", f"<b>{heading('sources')}</b>"] + [
            f"• {link(s.get('title'), s.get('url'))}" for s in sources
        ]
    return "\n".join(lines)


def contact_html(contact: Dict[str, Any]) -> str:
    parts = [f"<b>{escape(contact.get('name'))}</b>"]
    if contact.get("phone"):
        parts.append(escape(contact["phone"]))
    if contact.get("email"):
        parts.append(escape(contact["email"]))
    if contact.get("url"):
        parts.append(link("website", contact["url"]))
    return ", ".join(parts)


def link(title: Any, url: Optional[str]) -> str:
    if url and str(url).startswith(("https://", "http://")):
        return f'<a href="{html.escape(str(url), quote=True)}">{escape(title)}</a>'
    return escape(title)


def keyboard(buttons: List[Dict[str, str]]) -> Tuple[InlineKeyboardMarkup, Dict[str, Dict]]:
    """An inline keyboard (one button a row) and the payload behind each callback."""
    choices = {f"c{n}": button for n, button in enumerate(buttons)}
    rows = [
        [InlineKeyboardButton(b.get("title", "?"), callback_data=key)] for key, b in choices.items()
    ]
    return InlineKeyboardMarkup(rows), choices


def split(text: str, limit: int = MAX_LENGTH) -> List[str]:
    """Pieces of at most ``limit`` characters, cut between lines (tags never span lines)."""
    pieces: List[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:  # one very long line: cut at a space
            cut = line.rfind(" ", 0, limit) if " " in line[:limit] else limit
            pieces.append(line[:cut])
            line = line[cut:].lstrip()
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            pieces.append(current)
            current = line
        else:
            current = candidate
    if current:
        pieces.append(current)
    return pieces
