"""Text fitting: every post fits its network, keeps its link whole and never cuts a grapheme or a URL."""

from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.announce.text import (
    ELLIPSIS,
    Parts,
    count_graphemes,
    count_mastodon,
    count_utf16,
    cut_text,
    fit,
    graphemes,
)

LINK = "https://status.example.com/incidents/2026-12-04-api/#update-3"
PIECES = [
    "The API is down.",
    "Wir untersuchen das Problem!",
    "数据库出现故障。",
    "正在调查",
    "نحن نحقق في المشكلة.",
    "שגיאות ב־API?",
    "👩‍👩‍👧",
    "🇺🇦",
    "é",  # e + combining acute: one grapheme, two code points
    "नमस्ते",
    "https://example.com/a/very/long/path?with=query&and=more",
    "word",
    " ",
    "\n",
]
texts = st.lists(st.sampled_from(PIECES) | st.text(max_size=8), max_size=60).map("".join)
counters = st.sampled_from([count_graphemes, count_mastodon, count_utf16, len])


@settings(max_examples=300, deadline=None)
@given(title=texts, body=texts, promise=texts, limit=st.integers(80, 600), count=counters)
def test_fit_respects_the_limit_and_keeps_the_link(title, body, promise, limit, count):
    post = fit(Parts(title.strip(), "Investigating", body.strip(), promise.strip(), LINK), limit, count)
    assert count(post) <= limit
    assert post.endswith(LINK)
    assert "Investigating" in post or count(f"Investigating\n\n{LINK}") > limit


@settings(max_examples=300, deadline=None)
@given(body=texts, budget=st.integers(1, 200))
def test_cut_is_a_grapheme_aligned_prefix_that_never_splits_a_url(body, budget):
    cut = cut_text(body, lambda t: count_graphemes(t) <= budget)
    assert count_graphemes(cut) <= budget
    kept = cut.removesuffix(ELLIPSIS).rstrip()
    assert body.startswith(kept)
    assert graphemes(body)[: len(graphemes(kept))] == graphemes(kept)  # no grapheme split
    for url in regex.finditer(r"https?://\S+", body):  # each URL is kept whole or not at all
        assert url.end() <= len(kept) or url.start() >= len(kept), (url.group(), kept)


def test_cut_prefers_a_sentence_then_a_word_then_a_hard_cut():
    text = "The database failed over. Writes are queued until the new primary is ready."
    assert cut_text(text, lambda t: len(t) <= 40) == "The database failed over."
    long_sentence = "Writes are queued until the new primary is ready and caught up"
    assert cut_text(long_sentence, lambda t: len(t) <= 30) == "Writes are queued until the…"
    assert cut_text("数据库出现故障正在调查原因", lambda t: len(t) <= 5) == "数据库出…"
    assert cut_text("数据库出现故障。正在调查原因。", lambda t: len(t) <= 10) == "数据库出现故障。"


def test_a_url_is_dropped_rather_than_cut():
    text = "See https://example.com/" + "x" * 50
    assert cut_text(text, lambda t: len(t) <= 30) == "See…"


def test_graphemes_are_counted_as_people_see_them():
    assert count_graphemes("👩‍👩‍👧🇺🇦é") == 3
    assert count_utf16("👩‍👩‍👧") == 8
    assert count_mastodon("down: https://example.com/" + "a" * 100) == len("down: ") + 23


def test_promise_goes_before_the_title_is_cut():
    parts = Parts(
        "A very long incident title " * 3, "Identified", "Body text here.", "Next update by 14:00 UTC", LINK
    )
    post = fit(parts, 130, count_graphemes)
    assert post.endswith(LINK) and "Next update" not in post and "Identified" in post
    assert count_graphemes(post) <= 130


def test_short_text_is_laid_out_whole():
    parts = Parts("API errors", "Investigating", "We look into it.", "Next update by 11:00 UTC", LINK)
    assert fit(parts, 500) == (
        f"API errors — Investigating\n\nWe look into it.\n\nNext update by 11:00 UTC\n\n{LINK}"
    )


clusters = st.lists(
    st.sampled_from(["👩‍👩‍👧", "🇺🇦", "é", "नमस्ते", "데", "a", "ع"]), min_size=1, max_size=30
).map("".join)


@settings(max_examples=300, deadline=None)
@given(body=clusters, budget=st.integers(2, 40))
def test_a_hard_cut_never_splits_a_grapheme(body, budget):
    cut = cut_text(body, lambda t: len(t) <= budget)  # code points: a cut inside a cluster would fit
    kept = cut.removesuffix(ELLIPSIS)
    assert len(cut) <= budget and body.startswith(kept)
    assert graphemes(body)[: len(graphemes(kept))] == graphemes(kept)
