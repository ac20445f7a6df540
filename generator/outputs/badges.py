"""Status badges: an SVG per state and a shields.io endpoint JSON for each.

``badges/status.svg`` and ``badges/status.json`` show the overall state (the
page indicator in Statuspage's words); ``badges/<component id>.svg`` and
``.json`` show one component's current status. The SVG is shields.io's
"flat" style, drawn here (no network, no font files): text widths come from
a table of Verdana advance widths, and ``textLength`` makes every renderer
fit the text to that width, so the same input gives the same bytes and a
badge that looks the same everywhere. It is accessible: ``role="img"``, a
``<title>`` and an ``aria-label`` saying "label: message".

The colours are the page's own (white text on them passes WCAG AA); the JSON
uses shields.io's named colours of the same meaning.
"""

from __future__ import annotations

import json
import unicodedata
from xml.sax.saxutils import escape, quoteattr

from .. import paths
from ..i18n import translator
from ..model import Site

OVERALL = "status"

# Component status -> (SVG fill, shields.io named colour).
STATUS_COLORS: dict[str, tuple[str, str]] = {
    "operational": ("#1a7f37", "brightgreen"),
    "degraded_performance": ("#8a6100", "yellow"),
    "partial_outage": ("#c2410c", "orange"),
    "major_outage": ("#b42318", "red"),
    "under_maintenance": ("#1d4ed8", "blue"),
}
# Page indicator -> the component status of the same colour.
INDICATOR_STATUS = {
    "none": "operational",
    "minor": "degraded_performance",
    "major": "partial_outage",
    "critical": "major_outage",
    "maintenance": "under_maintenance",
}
LABEL_FILL = "#555"
FONT_SIZE = 11
PADDING = 5  # px each side of a text, as shields.io
HEIGHT = 20

# Verdana advance widths in font units (2048 to the em), printable ASCII from
# the space (32) to the tilde (126). At 11 px: width = units * 11 / 2048.
_VERDANA_UNITS = (
    # space ! " # $ % & ' ( ) * + , - . /
    720, 823, 1049, 1665, 1303, 2215, 1493, 563, 1033, 1033, 1303, 1665, 745, 875, 745, 1185,
    # 0-9
    1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303,
    # : ; < = > ? @
    873, 873, 1665, 1665, 1665, 1115, 2048,
    # A-Z
    1401, 1405, 1430, 1577, 1294, 1178, 1587, 1540, 861, 921, 1428, 1141, 1727,
    1532, 1626, 1235, 1626, 1439, 1400, 1245, 1499, 1401, 2032, 1403, 1240, 1403,
    # [ \ ] ^ _ `
    1033, 1185, 1033, 1665, 1303, 1303,
    # a-z
    1229, 1276, 1067, 1276, 1220, 720, 1276, 1296, 562, 686, 1184, 562, 1992,
    1296, 1243, 1276, 1276, 874, 1067, 807, 1296, 1184, 1665, 1184, 1184, 1051,
    # { | } ~
    1300, 1033, 1300, 1665,
)  # fmt: skip
_UNITS = {chr(32 + i): units for i, units in enumerate(_VERDANA_UNITS)}
_UNKNOWN = 1303  # an average letter (a digit's width)
_WIDE = 2048  # East Asian wide and full-width characters: one em


def char_units(char: str) -> int:
    """Estimated advance width of one character, in Verdana font units."""
    if char in _UNITS:
        return _UNITS[char]
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return _WIDE
    base = unicodedata.normalize("NFKD", char)[:1]  # é -> e, ﬁ -> f
    return _UNITS.get(base, _UNKNOWN)


def text_width(text: str) -> int:
    """Estimated width of ``text`` in Verdana 11 px, in whole pixels (rounded up)."""
    units = sum(char_units(c) for c in text)
    return -(-units * FONT_SIZE // 2048)


def svg(label: str, message: str, fill: str) -> bytes:
    """A flat, accessible badge: grey ``label`` on the left, ``message`` on ``fill``."""
    label_text, message_text = text_width(label), text_width(message)
    left, right = label_text + 2 * PADDING, message_text + 2 * PADDING
    width = left + right
    spoken = f"{label}: {message}"
    texts = "".join(
        f'<text x="{_half(x)}" y="15" fill="#010101" fill-opacity=".3" aria-hidden="true"'
        f' textLength="{n}">{escape(s)}</text>'
        f'<text x="{_half(x)}" y="14" textLength="{n}">{escape(s)}</text>'
        for s, x, n in ((label, left, label_text), (message, 2 * left + right, message_text))
    )
    out = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{HEIGHT}"'
        f' role="img" aria-label={quoteattr(spoken)}>'
        f"<title>{escape(spoken)}</title>"
        '<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/>'
        '<stop offset="1" stop-opacity=".1"/></linearGradient>'
        f'<clipPath id="r"><rect width="{width}" height="{HEIGHT}" rx="3" fill="#fff"/></clipPath>'
        f'<g clip-path="url(#r)"><rect width="{left}" height="{HEIGHT}" fill="{LABEL_FILL}"/>'
        f'<rect x="{left}" width="{right}" height="{HEIGHT}" fill="{fill}"/>'
        f'<rect width="{width}" height="{HEIGHT}" fill="url(#s)"/></g>'
        f'<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif"'
        f' font-size="{FONT_SIZE}" text-rendering="geometricPrecision">{texts}</g>'
        "</svg>\n"
    )
    return out.encode("utf-8")


def _half(doubled: int) -> str:
    """``doubled / 2`` as ``12`` or ``12.5`` (the centre of a box, exactly)."""
    whole, rest = divmod(doubled, 2)
    return f"{whole}.5" if rest else str(whole)


def endpoint(label: str, message: str, color: str) -> bytes:
    """A shields.io endpoint document (https://shields.io/badges/endpoint-badge)."""
    data = {"schemaVersion": 1, "label": label, "message": message, "color": color}
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def badge(name: str, label: str, message: str, status: str) -> dict[str, bytes]:
    """The SVG and the endpoint JSON of one badge, by site-relative path."""
    fill, named = STATUS_COLORS[status]
    return {
        paths.badge(name): svg(label, message, fill),
        paths.badge(name, "json"): endpoint(label, message, named),
    }


def render(site: Site) -> dict[str, bytes]:
    """Every badge: the overall state, then one per component (in the site's language).

    A component whose id is ``status`` would share the overall badge's path;
    the overall badge keeps it (config validation should reserve that id).
    """
    t = translator(site.config.language)
    out: dict[str, bytes] = {}
    for comp in site.config.components:
        status = site.component_status(comp.id)
        out.update(badge(comp.id, comp.name, t(status), status))
    state = site.state
    out.update(badge(OVERALL, t("badge_status"), t(state.message_key), INDICATOR_STATUS[state.indicator]))
    return out
