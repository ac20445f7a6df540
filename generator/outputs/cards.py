"""Preview cards: a 1200x630 PNG per incident (and one for the site) for Open Graph.

Drawn with Pillow and the DejaVu Sans font shipped in the package, so the
bytes depend only on the input: the same model gives the same PNG. Text that
contains right-to-left script is laid out right-to-left (Pillow with raqm).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from pathlib import Path

import PIL
from PIL import Image, ImageDraw, ImageFont, features

from .. import paths
from ..i18n import translator
from ..model import Incident, Site
from .htmlkit import Clock

CARD_VERSION = 2  # bump when the drawing changes: it is part of the cache key
WIDTH, HEIGHT = 1200, 630
MARGIN = 72
ACCENT = {
    "none": (26, 127, 55),
    "minor": (176, 120, 0),
    "major": (194, 65, 12),
    "critical": (180, 35, 24),
    "maintenance": (29, 78, 216),
}
BACKGROUND = (17, 24, 39)
TEXT = (255, 255, 255)
MUTED = (203, 213, 225)


@lru_cache(maxsize=8)
def font(size: int, bold: bool = True) -> ImageFont.FreeTypeFont:
    """The shipped DejaVu Sans at ``size`` px (basic layout when raqm is missing)."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    data = resources.files("generator").joinpath(f"assets/fonts/{name}").read_bytes()
    engine = ImageFont.Layout.RAQM if features.check("raqm") else ImageFont.Layout.BASIC
    return ImageFont.truetype(io.BytesIO(data), size, layout_engine=engine)


def is_rtl(text: str) -> bool:
    """True when the first strong character is right-to-left."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def _pieces(draw: ImageDraw.ImageDraw, word: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """``word`` cut into pieces that each fit ``width`` (a word too long for one line)."""
    if draw.textlength(word, font=face) <= width:
        return [word]
    out: list[str] = []
    current = ""
    for char in word:
        if current and draw.textlength(current + char, font=face) > width:
            out.append(current)
            current = char
        else:
            current += char
    return [*out, current]


def wrap(
    draw: ImageDraw.ImageDraw, text: str, face: ImageFont.FreeTypeFont, width: int, lines: int
) -> list[str]:
    """Greedy word wrap into at most ``lines`` lines, the last one cut with an ellipsis.

    A word wider than a line is broken between characters, so no line runs off the card.
    """
    # (piece, starts a word): pieces of one over-long word are joined without a space
    tokens = [
        (piece, n == 0) for word in text.split() for n, piece in enumerate(_pieces(draw, word, face, width))
    ]

    def join(parts: list[tuple[str, bool]]) -> str:
        out = ""
        for piece, spaced in parts:
            out += (" " if spaced and out else "") + piece
        return out

    out: list[str] = []
    current: list[tuple[str, bool]] = []
    for index, token in enumerate(tokens):
        if not current or draw.textlength(join([*current, token]), font=face) <= width:
            current.append(token)
            continue
        out.append(join(current))
        current = [token]
        if len(out) == lines - 1:
            full = join(tokens[index:])
            rest = full
            while rest and draw.textlength(rest + "…", font=face) > width:
                rest = rest[:-1]
            return [*out, rest.rstrip() + ("…" if rest != full else "")]
    return [*out, join(current)] if current else out


def draw_text(
    draw: ImageDraw.ImageDraw,
    y: int,
    text: str,
    face: ImageFont.FreeTypeFont,
    fill: tuple,
    indent: int = 0,
) -> None:
    """One line at ``y``, from the left margin, or from the right one for RTL text.

    ``indent`` moves the line inwards (away from the margin it starts at).
    """
    if is_rtl(text) and features.check("raqm"):
        draw.text((WIDTH - MARGIN - indent, y), text, font=face, fill=fill, anchor="ra", direction="rtl")
    else:
        draw.text((MARGIN + indent, y), text, font=face, fill=fill)


def draw_status(
    draw: ImageDraw.ImageDraw, y: int, text: str, face: ImageFont.FreeTypeFont, accent: tuple
) -> None:
    """The status line with its coloured dot in front (on the right for RTL text), not under it."""
    size, gap = 14, 16
    _, cap_top, _, baseline = draw.textbbox((0, y), "H", font=face)
    top = (cap_top + baseline) // 2 - size // 2
    left = WIDTH - MARGIN - size if is_rtl(text) and features.check("raqm") else MARGIN
    draw.rounded_rectangle((left, top, left + size, top + size), radius=size // 2, fill=accent)
    draw_text(draw, y, text, face, TEXT, indent=size + gap)


def card(site_name: str, title: str, status_line: str, time_line: str, accent: tuple) -> bytes:
    """The PNG bytes of one card."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 24, HEIGHT), fill=accent)
    draw.rectangle((0, HEIGHT - 16, WIDTH, HEIGHT), fill=accent)
    draw_text(draw, MARGIN, site_name, font(34, bold=False), MUTED)
    y = 170
    for line in wrap(draw, title, font(64), WIDTH - 2 * MARGIN, 3):
        draw_text(draw, y, line, font(64), TEXT)
        y += 82
    draw_status(draw, 430, status_line, font(40), accent)
    draw_text(draw, 500, time_line, font(32, bold=False), MUTED)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False, compress_level=1)
    return buffer.getvalue()


_MEMO: dict[str, bytes] = {}  # lives across `serve` rebuilds


def cached_card(cache_dir: str, *parts: object) -> bytes:
    """``card(*parts)``, reused when the same inputs were drawn before (memory, then disk).

    The key covers every input, this module's drawing code and Pillow's version, so a
    cached card is byte-for-byte what drawing it again would give.
    """
    material = json.dumps([CARD_VERSION, PIL.__version__, *parts], ensure_ascii=False, default=list)
    key = hashlib.sha256(material.encode()).hexdigest()
    if os.environ.get("STATUSKIT_NO_CACHE"):
        return card(*parts)  # type: ignore[arg-type]
    if key in _MEMO:
        return _MEMO[key]
    path = Path(cache_dir) / "cards" / f"{key}.png" if cache_dir else None
    if path is not None and path.is_file():
        data = path.read_bytes()
    else:
        data = card(*parts)  # type: ignore[arg-type]
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_suffix(f".{os.getpid()}.tmp")
                tmp.write_bytes(data)
                tmp.replace(path)
            except OSError:
                pass  # a read-only checkout still builds, just slower
    if len(_MEMO) > 512:  # bounded: the disk cache holds the rest
        _MEMO.clear()
    _MEMO[key] = data
    return data


def incident_card(site: Site, incident: Incident) -> bytes:
    """The card of one incident: title, status, impact and when it last changed."""
    t = translator(site.config.language)
    clock = Clock(site.config.timezone, site.config.language)
    status = f"{t(incident.status)} · {t('impact')}: {t('impact_' + incident.impact)}"
    return cached_card(
        site.config.cache_dir,
        site.config.site_name,
        incident.title,
        status,
        clock.text(incident.updated_at),
        ACCENT[incident.impact],
    )


def site_card(site: Site) -> bytes:
    """The card of the whole site: its overall state."""
    t = translator(site.config.language)
    clock = Clock(site.config.timezone, site.config.language)
    state = t("indicator_" + site.indicator)
    return cached_card(
        site.config.cache_dir,
        site.config.site_name,
        state,
        site.config.site_name,
        clock.text(site.now),
        ACCENT[site.indicator],
    )


def render(site: Site) -> Iterator[tuple[str, bytes]]:
    """Every card, one at a time: one per incident, and the site's."""
    for incident in site.incidents:
        yield paths.incident_card(incident.id), incident_card(site, incident)
    yield paths.SITE_CARD, site_card(site)
