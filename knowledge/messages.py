"""Messages people read in the admin area, written in English where they arise and shown in
the reader's language where they are displayed.

A ``Message`` is the English text (so logs, the YAML import and the command line read as
before) that also remembers its gettext template and values; the admin pages look the
template up in their catalogues (``bot/admin/locale``) and fill in the values. ``N_`` marks
a fixed text for the catalogues without translating it where it is defined.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, Optional


def N_(text: str) -> str:
    """Mark ``text`` for the catalogues; it is translated where it is shown."""
    return text


class Message(str):
    """English text with its template (``%(name)s`` placeholders) and values."""

    template: str
    params: Dict[str, Any]

    def __new__(cls, template: str, **params: Any) -> Message:
        message = super().__new__(cls, template % params if params else template)
        message.template, message.params = template, params
        return message

    def translated(self, gettext: Callable[[str], str]) -> str:
        """In ``gettext``'s language; values that are messages themselves too."""
        text = gettext(self.template)
        if not self.params:
            return text
        return text % {
            k: translate(v, gettext) if isinstance(v, Message) else v
            for k, v in self.params.items()
        }


def translate(text: Optional[str], gettext: Callable[[str], str]) -> Optional[str]:
    """``text`` in the language of ``gettext``: a ``Message`` by its template, a marked fixed
    text as itself; text that is in no catalogue stays as it is."""
    if text is None or text == "":
        return text
    if isinstance(text, Message):
        return text.translated(gettext)
    return gettext(str(text))
