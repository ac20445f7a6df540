"""What a preview card looks like: size, positions, colours and its fixed palette.

Pure Python (no Pillow), so the cache path can use it without loading the image library.
"""

from __future__ import annotations

import unicodedata

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

# The card is drawn as 8-bit palette indices: the background, then for each text colour a
# ramp of LEVELS blends from the background to that colour (antialiased glyph edges), then
# the accents as solid colours. Text is rasterised as coverage (0-255) and mapped onto its
# ramp, so every pixel is exactly what blending the colour over the background would give,
# quantised to LEVELS steps.
LEVELS = 32
WHITE_BASE = 1  # indices 1..LEVELS: background -> TEXT (drawn as ink LEVELS onto 0: keep it at 1)
MUTED_BASE = WHITE_BASE + LEVELS  # indices LEVELS+1..2*LEVELS: background -> MUTED
ACCENT_BASE = MUTED_BASE + LEVELS  # one solid index per accent, in ACCENT's order
ACCENT_INDEX = {rgb: ACCENT_BASE + n for n, rgb in enumerate(ACCENT.values())}


def _ramp(colour: tuple[int, int, int]) -> list[int]:
    """LEVELS colours from just above the background up to ``colour`` (flat RGB triples)."""
    return [
        round(b + (c - b) * level / LEVELS)
        for level in range(1, LEVELS + 1)
        for b, c in zip(BACKGROUND, colour, strict=True)
    ]


PALETTE: list[int] = [
    *BACKGROUND,
    *_ramp(TEXT),
    *_ramp(MUTED),
    *(value for rgb in ACCENT.values() for value in rgb),
]


def coverage_lut(base: int) -> list[int]:
    """Glyph coverage 0-255 -> palette index on the ramp starting at ``base`` (0 stays background)."""
    lut = []
    for value in range(256):
        level = (value * LEVELS + 127) // 255
        lut.append(base + level - 1 if level else 0)
    return lut


def is_rtl(text: str) -> bool:
    """True when the first strong character is right-to-left."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False
