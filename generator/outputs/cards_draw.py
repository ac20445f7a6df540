"""Drawing one preview card with Pillow: a palette PNG from a handful of text lines.

Only imported when a card is not in the cache (and in the worker processes that draw
cache misses in parallel), so a fully warm build never loads Pillow's drawing code.
Text is rasterised as glyph coverage and mapped onto the colour ramps of the fixed
palette of :mod:`cards_layout`; the parts every card of a site shares (background,
frame, site name) are drawn once and reused.
"""

from __future__ import annotations

import io
import itertools
from functools import lru_cache
from importlib import resources

from PIL import Image, ImageDraw, ImageFont, features

from .cards_layout import (
    ACCENT_INDEX,
    HEIGHT,
    LEVELS,
    MARGIN,
    MUTED_BASE,
    PALETTE,
    WIDTH,
    coverage_lut,
    is_rtl,
)
from .cards_png import Background

RAQM = features.check("raqm")  # right-to-left layout needs libraqm; without it, text runs left-to-right
MUTED_LUT = coverage_lut(MUTED_BASE)
TITLE_TOP, TITLE_STEP, STATUS_TOP, TIME_TOP = 170, 82, 430, 500
SLACK = 4  # px: a line this close to the limit is measured whole
DOT, DOT_GAP = 14, 16  # the status dot and the space after it
FRAME, FOOTER = 25, 16  # the accent bar on the left and the one at the bottom
# Rows drawn per card: from well above the title (tall accents) to the footer. The status
# line's band starts below the title's descenders, the time line's below the status line's.
BODY_TOP, STATUS_BAND, TIME_BAND, BODY_BOTTOM = 130, 412, 486, HEIGHT - FOOTER
# Images are drawn one column wider, shifted right by X0: column 0 stays 0, which is PNG's
# "no filter" byte in front of each row, so the bytes of a row are already a PNG row.
X0 = 1
# The body split between text lines: each region's inked rows are encoded on their own.
REGIONS = (BODY_TOP, 248, 330, STATUS_BAND, TIME_BAND, BODY_BOTTOM)


@lru_cache(maxsize=8)
def font(size: int, bold: bool = True) -> ImageFont.FreeTypeFont:
    """The shipped DejaVu Sans at ``size`` px (basic layout when raqm is missing)."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    data = resources.files("generator").joinpath(f"assets/fonts/{name}").read_bytes()
    engine = ImageFont.Layout.RAQM if RAQM else ImageFont.Layout.BASIC
    return ImageFont.truetype(io.BytesIO(data), size, layout_engine=engine)


@lru_cache(maxsize=4096)
def _length(text: str, face: ImageFont.FreeTypeFont) -> float:
    """The advance width of ``text`` (titles share many words)."""
    return face.getlength(text, "L")


def _pieces(
    draw: ImageDraw.ImageDraw, word: str, face: ImageFont.FreeTypeFont, width: int
) -> list[tuple[str, float]]:
    """``word`` cut into pieces that each fit ``width`` (a word too long for one line), with their widths."""
    length = _length(word, face)
    if length <= width:
        return [(word, length)]
    out: list[str] = []
    current = ""
    for char in word:
        if current and draw.textlength(current + char, font=face) > width:
            out.append(current)
            current = char
        else:
            current += char
    return [(piece, draw.textlength(piece, font=face)) for piece in [*out, current]]


def wrap(
    draw: ImageDraw.ImageDraw, text: str, face: ImageFont.FreeTypeFont, width: int, lines: int
) -> list[str]:
    """Greedy word wrap into at most ``lines`` lines, the last one cut with an ellipsis.

    A word wider than a line is broken between characters, so no line runs off the card.
    Each word is measured once: a line's width is the sum of its words and spaces, and only
    a line within ``SLACK`` px of the limit is measured as a whole (kerning across a space).
    """
    space = _length(" ", face)
    # (piece, starts a word, width): pieces of one over-long word are joined without a space
    tokens = [
        (piece, n == 0, length)
        for word in text.split()
        for n, (piece, length) in enumerate(_pieces(draw, word, face, width))
    ]

    def join(parts: list[tuple[str, bool, float]]) -> str:
        out = ""
        for piece, spaced, _ in parts:
            out += (" " if spaced and out else "") + piece
        return out

    def fits(parts: list[tuple[str, bool, float]]) -> bool:
        estimate = sum(length + (space if spaced and n else 0) for n, (_, spaced, length) in enumerate(parts))
        if abs(estimate - width) > SLACK:
            return estimate < width
        return draw.textlength(join(parts), font=face) <= width

    out: list[str] = []
    current: list[tuple[str, bool, float]] = []
    for index, token in enumerate(tokens):
        if not current or fits([*current, token]):
            current.append(token)
            continue
        out.append(join(current))
        current = [token]
        if len(out) == lines - 1:
            full = join(tokens[index:])
            # the longest start of the rest that fits with an ellipsis (widths grow with length)
            low, high = 0, len(full)
            while low < high:
                middle = (low + high + 1) // 2
                if draw.textlength(full[:middle] + "…", font=face) <= width:
                    low = middle
                else:
                    high = middle - 1
            rest = full[:low]
            return [*out, rest.rstrip() + ("…" if rest != full else "")]
    return [*out, join(current)] if current else out


def _line(
    draw: ImageDraw.ImageDraw, y: int, text: str, face: ImageFont.FreeTypeFont, fill: int, indent: int = 0
) -> None:
    """One line at ``y``, from the left margin or, for RTL text, the right one.

    ``indent`` moves the line inwards (away from the margin it starts at).
    """
    if RAQM and is_rtl(text):
        xy = (X0 + WIDTH - MARGIN - indent, y)
        draw.text(xy, text, font=face, fill=fill, anchor="ra", direction="rtl")
    else:
        draw.text((X0 + MARGIN + indent, y), text, font=face, fill=fill)


def _status(
    draw: ImageDraw.ImageDraw, y: int, text: str, face: ImageFont.FreeTypeFont, fill: int
) -> tuple[int, int, int, int]:
    """The status line, indented for its dot; returns the dot's box (on the right for RTL text)."""
    _, cap_top, _, baseline = draw.textbbox((0, y), "H", font=face)
    top = int(cap_top + baseline) // 2 - DOT // 2
    left = X0 + (WIDTH - MARGIN - DOT if RAQM and is_rtl(text) else MARGIN)
    _line(draw, y, text, face, fill, indent=DOT + DOT_GAP)
    return (left, top, left + DOT, top + DOT)


def _rows(height: int) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    """Background-coloured rows to draw on, one column wider than the card (see ``X0``)."""
    image = Image.new("L", (X0 + WIDTH, height), 0)
    return image, ImageDraw.Draw(image)


@lru_cache(maxsize=64)
def _status_strip(text: str, accent_index: int) -> Image.Image:
    """The status line with its dot, as indices: the few statuses x impacts repeat on every card."""
    strip, draw = _rows(TIME_BAND - STATUS_BAND)
    dot = _status(draw, STATUS_TOP - STATUS_BAND, text, font(40), LEVELS)
    draw.rounded_rectangle(dot, radius=DOT // 2, fill=accent_index)
    return strip


@lru_cache(maxsize=16)
def _background(site_name: str, accent_index: int) -> Background:
    """What all cards of one site and accent share: background, frame and site name."""
    coverage, draw = _rows(HEIGHT)
    _line(draw, MARGIN, site_name, font(34, bold=False), 255)
    image = coverage.point(MUTED_LUT)
    draw = ImageDraw.Draw(image)
    draw.rectangle((X0, 0, X0 + FRAME - 1, HEIGHT), fill=accent_index)
    draw.rectangle((X0, HEIGHT - FOOTER, X0 + WIDTH, HEIGHT), fill=accent_index)
    draw.line((0, 0, 0, HEIGHT), fill=0)  # the filter bytes (ink run off the left edge is dropped)
    return Background(image.tobytes(), X0 + WIDTH, PALETTE)


def card(site_name: str, title: str, status_line: str, time_line: str, accent: tuple) -> bytes:
    """The PNG bytes of one card: an 8-bit palette image, the same for the same input.

    Title and status are drawn straight as indices of the white ramp (which starts at 1,
    right after the background, so drawing with ink LEVELS on 0 lands on it), the time
    line as coverage mapped onto the muted ramp. Only the rows with ink are encoded here;
    the others come from the site's background (see :mod:`cards_png`).
    """
    rgb = tuple(accent)
    palette = None
    accent_index = ACCENT_INDEX.get(rgb)
    if accent_index is None:  # a colour outside ACCENT: one more palette entry
        accent_index, palette = len(PALETTE) // 3, [*PALETTE, *rgb]
    body, draw = _rows(BODY_BOTTOM - BODY_TOP)
    body.paste(_status_strip(status_line, accent_index), (0, STATUS_BAND - BODY_TOP))
    y = TITLE_TOP - BODY_TOP
    for line in wrap(draw, title, font(64), WIDTH - 2 * MARGIN, 3):
        _line(draw, y, line, font(64), LEVELS)
        y += TITLE_STEP
    # the time line's band: coverage, then muted indices (the status line ends above it)
    muted, muted_draw = _rows(BODY_BOTTOM - TIME_BAND)
    _line(muted_draw, TIME_TOP - TIME_BAND, time_line, font(32, bold=False), 255)
    body.paste(muted.point(MUTED_LUT), (0, TIME_BAND - BODY_TOP))
    draw.line((0, 0, 0, body.height), fill=0)
    # the rows with ink, region by region (blank rows between lines come from the background)
    inked = []
    for top, bottom in itertools.pairwise(REGIONS):
        box = body.crop((X0 + FRAME, top - BODY_TOP, X0 + WIDTH, bottom - BODY_TOP)).getbbox()
        if box:
            inked.append((top - BODY_TOP + box[1], top - BODY_TOP + box[3]))
    draw.rectangle((X0, 0, X0 + FRAME - 1, body.height), fill=accent_index)
    rows = [(BODY_TOP + first, body.crop((0, first, X0 + WIDTH, last)).tobytes()) for first, last in inked]
    return _background(site_name, accent_index).png(rows, palette)


def cards(jobs: list[tuple]) -> list[bytes]:
    """The PNG bytes of several cards (one chunk of work for a worker process)."""
    return [card(*parts) for parts in jobs]
