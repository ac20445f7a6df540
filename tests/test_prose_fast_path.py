"""Plain prose skips Markdown: it must come out exactly as Markdown would make it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from generator import richtext

# Words and separators chosen to hit every rule: list starts, setext and heading marks, breaks,
# quotes, digits, whitespace of every kind, RTL text and the characters Markdown treats specially.
PIECES = [
    "word", "Outage", "2026", "1.", "2)", "10.", "-", "- ", "+", "*", "_", "#", "=", "===", "---",
    ">", "<", "&", "&amp;", "`", "\\", "|", "[", "]", "(", ")", "!", ":", ";", "'", '"', "?", ".",
    ",", " ", "  ", "\t", "\n", "\n\n", "\n\n\n", "\r\n", "\u00a0", "\u2028", "\x0c", "קו", "€", "😀",
    "https://example.com", "a@b.c", "~", "^", "%", "/", "    ",
]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30))
def test_prose_equals_markdown(pieces: list[str]) -> None:
    text = "".join(pieces)
    fast = richtext.plain_paragraphs(text)
    if fast is not None:
        md = richtext._converter()
        md.reset()
        assert fast == md.convert(text), repr(text)


def test_real_updates_take_the_fast_path() -> None:
    text = (
        "Many virtual servers in our Budapest data centre stopped responding at about 05:58.\n"
        "We are working on it (with the utility) and will post again by 08:00.\n\n"
        "Your data is safe; it's the power, not the disks."
    )
    assert richtext.plain_paragraphs(text) is not None
    assert str(richtext.render(text)) == (
        "<p>Many virtual servers in our Budapest data centre stopped responding at about 05:58.\n"
        "We are working on it (with the utility) and will post again by 08:00.</p>\n"
        "<p>Your data is safe; it's the power, not the disks.</p>"
    )


def test_markup_goes_through_markdown() -> None:
    for text in ("- a list", "1. first", "Some *emphasis*", "a <b>tag</b>", "x & y", "Title\n===", "a  \nb"):
        assert richtext.plain_paragraphs(text) is None, text
