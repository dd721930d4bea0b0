"""Telegram rendering: escaping, links, keyboards, and the 4,096-character limit."""

from __future__ import annotations

from bot.telegram import render


def test_every_dynamic_part_of_a_card_is_escaped():
    card = {
        "title": "<script>x</script>",
        "urgency": "today",
        "steps": ["a & b"],
        "contacts": [{"name": "<b>Evil</b>", "phone": "+49 30 1", "url": "javascript:alert(1)"}],
        "sources": [{"title": "DSA", "url": "https://eur-lex.europa.eu/x?a=1&b=2"}],
    }
    html = render.card_html(card)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "1. a &amp; b" in html
    assert "javascript:" not in html  # only http(s) becomes a link
    assert "&lt;b&gt;Evil&lt;/b&gt;" in html and "+49 30 1" in html
    assert '<a href="https://eur-lex.europa.eu/x?a=1&amp;b=2">DSA</a>' in html


def test_split_keeps_lines_whole_and_under_the_limit():
    text = "\n".join(f"<b>{n}</b> " + "y" * 50 for n in range(200))
    pieces = render.split(text, limit=500)
    assert all(len(p) <= 500 for p in pieces)
    assert "\n".join(pieces) == text
    assert render.split("z" * 1200, limit=500) == ["z" * 500, "z" * 500, "z" * 200]


def test_keyboard_callbacks_are_short_keys_for_the_payloads():
    markup, choices = render.keyboard([{"title": "Yes", "payload": '/inform{"illegal":"yes"}'}])
    assert markup.inline_keyboard[0][0].callback_data == "c0"
    assert choices["c0"]["payload"] == '/inform{"illegal":"yes"}'
