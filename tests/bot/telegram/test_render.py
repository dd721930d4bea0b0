"""Telegram rendering: escaping, links, keyboards, and the 4,096-character limit."""

from __future__ import annotations

import pytest

from bot.channels.telegram import render
from tests.bot.fake_rasa import LONG_CARD
from tests.bot.telegram.fake_bot_api import ApiError, parse_html


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


def test_a_long_card_is_cut_between_elements_and_each_piece_parses():
    html = render.card_html(LONG_CARD)
    pieces = render.split(html)
    assert len(pieces) >= 3 and all(len(p) <= render.MAX_LENGTH for p in pieces)
    shown = [parse_html(p) for p in pieces]  # raises as Telegram would on unbalanced HTML
    assert " ".join(" ".join(s.split()) for s in shown) == " ".join(parse_html(html).split())
    assert "Contact 11" in shown[-1] and "+49 30 0011" in shown[-1]


@pytest.mark.parametrize("limit", [100, 123, 150, 333])
def test_open_elements_are_closed_at_a_cut_and_opened_again(limit):
    html = (
        "<b>Call us</b> <i>or write: keep calm &amp; note the <b>time</b> it was shared</i> "
        '<a href="https://example.org/a?b=1&amp;c=2">a link with several words in it</a>'
    )
    pieces = render.split(html, limit=limit)
    assert all(len(p) <= limit for p in pieces)
    for piece in pieces:
        parse_html(piece)
        assert "&amp" not in piece or "&amp;" in piece  # never an entity cut in two
    words = " ".join(parse_html(p) for p in pieces).split()
    assert words == parse_html(html).split()


def test_an_element_whose_tag_takes_over_half_a_piece_is_sent_as_plain_text():
    html = '<i>see</i> <a href="https://example.org/guide">the guide</a> now'
    pieces = render.split(html, limit=40)
    assert pieces == ["<i>see</i> the guide", "(https://example.org/guide) now"]


def test_the_stand_in_refuses_what_telegram_refuses():
    for bad in ("<b>open", "<i>x</b>", "a < b", "a & b", "<br>", "x</i>"):
        with pytest.raises(ApiError):
            parse_html(bad)
    assert parse_html('<b>a</b> &lt;&amp; <a href="https://x">y</a>') == "a <& y"


def test_plain_text_keeps_the_words_and_the_link_addresses():
    html = '<b>Team &amp; co</b>, +49 30 1, <a href="https://x.org/?a=1&amp;b=2">website</a>'
    assert render.plain(html) == "Team & co, +49 30 1, website (https://x.org/?a=1&b=2)"


def test_keyboard_callbacks_are_short_keys_for_the_payloads():
    markup, choices = render.keyboard([{"title": "Yes", "payload": '/inform{"illegal":"yes"}'}])
    assert markup.inline_keyboard[0][0].callback_data == "c0"
    assert choices["c0"]["payload"] == '/inform{"illegal":"yes"}'


def test_a_contact_is_named_in_words_and_its_website_needs_no_translation():
    contact = {
        "name": "Meldestelle REspect!",
        "role": "reporting_point",
        "role_name": "Meldestelle",
        "jurisdiction": "DE",
        "jurisdiction_name": "Deutschland",
        "phone": None,
        "email": None,
        "url": "https://meldestelle-respect.de/",
    }
    html = render.contact_html(contact)
    assert html == (
        "<b>Meldestelle REspect!</b> (Meldestelle, Deutschland): "
        '<a href="https://meldestelle-respect.de/">meldestelle-respect.de</a>'
    )
    assert "reporting_point" not in html and "website" not in html
