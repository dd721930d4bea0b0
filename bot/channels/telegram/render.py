"""Turns Signpost's replies into Telegram messages: HTML with every dynamic part escaped,
inline keyboards for buttons, and nothing over Telegram's 4,096-character limit."""

from __future__ import annotations

import html
import re
from dataclasses import fields
from typing import Any, Dict, List, Optional, Tuple

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from knowledge.notice import Notice, notice_text
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
    offers = card.get("offers") or []
    if offers:
        lines += ["", f"<b>{heading('offers')}</b>"]
        lines += [
            f"• {link(o.get('title'), o.get('url'))}"
            + (f": {escape(o['description'])}" if o.get("description") else "")
            for o in offers
        ]
    sources = card.get("sources") or []
    if sources:
        lines += ["", f"<b>{heading('sources')}</b>"] + [
            f"• {link(s.get('title'), s.get('url'))}" for s in sources
        ]
    return "\n".join(lines)


def notice_html(notice: Dict[str, Any]) -> str:
    """A drafted notice as Telegram HTML: the notice itself as one block Telegram's apps
    copy with a tap, with its placeholders ("[paste the link here]"), then where to send it
    and what happens next."""
    language = notice.get("language")

    def words(key: str) -> str:
        return escape(label("notice", key, language))

    draft = Notice(**{f.name: notice.get(f.name) for f in fields(Notice)})
    lines = [f"<b>{escape(draft.title)}</b>", words("intro_text"), ""]
    lines += [f"<pre>{escape(notice_text(draft))}</pre>", f"<i>{escape(draft.hint)}</i>"]
    for platform in draft.platforms:
        lines += ["", f"<b>{escape(platform.get('name'))}</b>"]
        if platform.get("notice_url"):
            lines.append(
                f"• {link(label('notice', 'notice_url', language), platform['notice_url'])}"
            )
        if platform.get("in_app"):
            lines.append(f"• {words('in_app')}: {escape(platform['in_app'])}")
        if platform.get("dsa_contact"):
            lines.append(f"• {words('dsa_contact')}: {escape(platform['dsa_contact'])}")
    if draft.reporting_points:
        lines += ["", f"<b>{words('reporting_points')}</b>"]
        lines += [f"• {contact_html(c)}" for c in draft.reporting_points]
    if draft.next:
        lines += ["", f"<b>{words('next')}</b>", escape(draft.next)]
    if draft.note:
        lines += ["", f"<i>{escape(draft.note)}</i>"]
    return "\n".join(lines)


def contact_html(contact: Dict[str, Any]) -> str:
    """A contact on one line: its name, what it is and where (as the card names them, in
    the card's language), then the ways to reach it; a web address is shown without its
    scheme, so no word needs translating."""
    about = [contact.get(key) for key in ("role_name", "jurisdiction_name") if contact.get(key)]
    line = f"<b>{escape(contact.get('name'))}</b>"
    if about:
        line += f" ({escape(', '.join(about))})"
    reach = [escape(contact[key]) for key in ("phone", "email") if contact.get(key)]
    url = str(contact.get("url") or "")
    if url.startswith(("https://", "http://")):  # anything else is not shown at all
        reach.append(link(url.split("://", 1)[1].rstrip("/"), url))
    return f"{line}: {', '.join(reach)}" if reach else line


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
    """Pieces of at most ``limit`` characters, each balanced HTML on its own.

    A cut falls between lines if that fills at least half a piece, else between words, else
    inside a long word, never inside a tag or an entity; elements open at a cut are closed
    there and opened again at the start of the next piece, as Telegram parses each message
    alone and refuses one whose tags do not match.
    """
    atoms = _ATOM.findall(text)
    n = 0
    while n < len(atoms):  # a start tag taking over half a piece (only absurd links): as text
        if _START_TAG.fullmatch(atoms[n]) and len(atoms[n]) * 2 > limit:
            end = _element_end(atoms, n)
            atoms[n:end] = _ATOM.findall(escape(plain("".join(atoms[n:end]))))
        n += 1
    pieces: List[str] = []
    opened: List[Tuple[str, str]] = []  # (name, start tag) open where the next piece starts
    start = 0
    while start < len(atoms):
        end, opened_after = _cut(atoms, start, opened, limit)
        if end == start:  # one word longer than a piece: cut inside it
            word = atoms[start]
            room = limit - sum(len(tag) for _, tag in opened) - _closing_length(opened)
            atoms[start : start + 1] = [word[: max(room, 1)], word[max(room, 1) :]]
            continue
        piece = "".join(tag for _, tag in opened) + "".join(atoms[start:end])
        piece += "".join(f"</{name}>" for name, _ in reversed(opened_after))
        piece = _EMPTY_ELEMENT.sub("", piece).strip()
        if _TAG.sub("", piece).strip():
            pieces.append(piece)
        opened, start = opened_after, end
        while start < len(atoms) and atoms[start].isspace():  # the cut's space or line break
            start += 1
    return pieces


# a tag, an entity, a run of white space, a word, or a stray "<" or "&"
_ATOM = re.compile(r"<[^<>]*>|&#?\w+;|\s+|[^<&\s]+|[<&]")
_TAG = re.compile(r"<[^<>]*>")
_START_TAG = re.compile(r"<([a-zA-Z][\w-]*)[^<>]*>")
_END_TAG = re.compile(r"</([a-zA-Z][\w-]*)\s*>")
_EMPTY_ELEMENT = re.compile(r"<([a-zA-Z][\w-]*)[^<>]*></\1>")


def _cut(
    atoms: List[str], start: int, opened: List[Tuple[str, str]], limit: int
) -> Tuple[int, List[Tuple[str, str]]]:
    """Where the piece starting at ``atoms[start]`` ends, and the elements open there:
    the last line break that fits, else the last space, else as much as fits."""
    stack = list(opened)
    size = sum(len(tag) for _, tag in stack)
    best, best_rank, best_stack = start, -1, stack
    for end in range(start, len(atoms)):
        atom = atoms[end]
        stack = _after(stack, atom)
        size += len(atom)
        if size + _closing_length(stack) > limit:
            break
        following = atoms[end + 1] if end + 1 < len(atoms) else None
        if following is None:
            rank = 3
        elif following.isspace():  # a line break, unless it leaves the piece mostly empty
            rank = 2 if "\n" in following and size * 2 >= limit else 1
        else:
            rank = 0
        if rank >= best_rank:
            best, best_rank, best_stack = end + 1, rank, stack
    return best, best_stack


def _after(stack: List[Tuple[str, str]], atom: str) -> List[Tuple[str, str]]:
    """The open elements after ``atom``."""
    end = _END_TAG.fullmatch(atom)
    if end:
        names = [name for name, _ in stack]
        if end.group(1) in names:
            return stack[: len(names) - 1 - names[::-1].index(end.group(1))]
        return stack
    start = _START_TAG.fullmatch(atom)
    if start and not atom.endswith("/>"):
        return stack + [(start.group(1), atom)]
    return stack


def _element_end(atoms: List[str], start: int) -> int:
    """The index after the end tag closing the element that ``atoms[start]`` opens."""
    stack = _after([], atoms[start])
    end = start + 1
    while stack and end < len(atoms):
        stack = _after(stack, atoms[end])
        end += 1
    return end


def _closing_length(stack: List[Tuple[str, str]]) -> int:
    return sum(len(name) + 3 for name, _ in stack)


def plain(text: str) -> str:
    """Telegram HTML as plain text: tags dropped (a link's address kept after its words),
    entities read back, for a message Telegram refused to parse."""
    parts: List[str] = []
    links: List[str] = []
    for atom in _ATOM.findall(text):
        if _END_TAG.fullmatch(atom):
            if atom.startswith("</a") and links:
                url = links.pop()
                if url and not "".join(parts).endswith(url):
                    parts.append(f" ({url})")
        elif _START_TAG.fullmatch(atom):
            if atom.startswith("<a"):
                href = re.search(r'href="([^"]*)"', atom)
                links.append(html.unescape(href.group(1)) if href else "")
        else:
            parts.append(html.unescape(atom))
    return "".join(parts)
