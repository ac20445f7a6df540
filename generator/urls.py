"""Operator-provided URLs read the way browsers read them, and the one policy for them.

Every address an operator writes that becomes an HTML attribute (links and images
in Markdown, on pages and in feeds; ``video``; ``contact``, the incident's or the
site's) goes through :func:`allowed`. It decides on what a browser's URL parser
(WHATWG URL Standard) would see, not on the text as written:

- HTML attribute decoding first (:func:`attribute_value`): ``&#x6A;avascript:`` is
  ``javascript:``;
- leading and trailing C0 controls and spaces are stripped, ASCII tab and newline
  removed anywhere (``java\\tscript:`` is ``javascript:``);
- a scheme is ``[A-Za-z][A-Za-z0-9+.-]*`` before the first ``:`` and case-insensitive;
  percent-encoding never makes one (``%6Aavascript:`` is a relative path);
- without a scheme, the reference is resolved against the page or feed, always a
  special (http, https, file) URL, where ``\\`` counts as ``/``: two leading slashes
  of either kind (``//host``, ``/\\host``, ``\\/host``, ``\\\\host``) name another host.

The policy:

========  ==================================================================
use       allowed
========  ==================================================================
link      http, https, mailto, tel; ``//host`` (http(s) to another host);
          ``/path``, ``path``, ``../path``, ``?query``, ``#fragment``, empty
image     ``/path``, ``path``, ``../path`` only: the site's own files, so a
          reader's browser or feed reader never calls a third party
contact   http, https, mailto, tel only (anything else is shown as text)
video     http, https only
========  ==================================================================

Everything else (``javascript:``, ``vbscript:``, ``data:``, ``file:``, unknown
schemes) is dropped. tests/test_safe_urls.py checks the reading against a real
WHATWG parser (ada, through the ``ada-url`` package).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.entities import html5
from typing import Literal

Use = Literal["link", "image", "contact", "video"]
Form = Literal["absolute", "network", "path", "relative"]

LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
WEB_SCHEMES = frozenset({"http", "https"})
SPECIAL_SCHEMES = frozenset({"ftp", "file", "http", "https", "ws", "wss"})

_STRIP = "".join(map(chr, range(0x21)))  # C0 controls and space
_TAB_NEWLINE = re.compile("[\t\n\r]")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*(?=:)")
_LEADING_SLASHES = re.compile(r"[/\\]*")
# A character reference as the HTML tokenizer finds it (names: the longest known prefix wins).
_CHARREF = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z0-9]+;?)")
_LONGEST_NAME = max(map(len, html5))


@dataclass(frozen=True, slots=True)
class Reference:
    """An address as a browser's URL parser reads it."""

    text: str  # what the parser works on: stripped, tabs and newlines removed
    scheme: str  # lowercase; "" for a reference without one
    form: Form  # absolute (has a scheme), network (//host), path (/x), relative (x, ?q, #f, "")


def _numeric(ref: str) -> str:
    """``#106`` or ``#x6A`` as the HTML tokenizer decodes it (controls are kept, C1 codes remapped)."""
    num = int(ref[2:].rstrip(";"), 16) if ref[1] in "xX" else int(ref[1:].rstrip(";"))
    if num == 0 or num > 0x10FFFF or 0xD800 <= num <= 0xDFFF:
        return "\ufffd"
    if 0x80 <= num <= 0x9F:  # HTML's table is windows-1252's, where that defines the byte
        try:
            return bytes([num]).decode("cp1252")
        except UnicodeDecodeError:
            return chr(num)
    return chr(num)


def _named(match: re.Match[str]) -> str:
    """One character reference decoded as in an attribute value (the HTML tokenizer's rules)."""
    ref = match.group(1)
    if ref.startswith("#"):
        return _numeric(ref)
    if ref.endswith(";") and ref in html5:
        return html5[ref]
    name = ref.rstrip(";")
    for size in range(min(len(name), _LONGEST_NAME), 1, -1):
        if name[:size] in html5:  # a legacy name without ';'
            rest = ref[size:]
            after = rest[:1] or match.string[match.end() : match.end() + 1]
            if (after.isalnum() and after.isascii()) or after == "=":
                return match.group(0)  # in attributes, "&not=" and "&notx" stay as written
            return html5[name[:size]] + rest
    return match.group(0)


def attribute_value(raw: str) -> str:
    """The value a browser gets from ``raw`` written in an HTML attribute (character references decoded)."""
    return _CHARREF.sub(_named, raw) if "&" in raw else raw


def read(value: str) -> Reference:
    """``value`` (an attribute's decoded value) as the URL parser reads it, against a special base."""
    text = _TAB_NEWLINE.sub("", value.strip(_STRIP))
    scheme = _SCHEME.match(text)
    if scheme:
        return Reference(text, scheme.group(0).lower(), "absolute")
    slashes = len(_LEADING_SLASHES.match(text).group(0))  # type: ignore[union-attr]
    form: Form = "network" if slashes >= 2 else "path" if slashes == 1 else "relative"
    return Reference(text, "", form)


def allowed(value: str, use: Use) -> str | None:
    """The address to publish for ``value`` used as ``use``, or None when the policy drops it.

    ``value`` is what the browser will see (decode attribute text first with
    :func:`attribute_value`); the result is the parser's input (stripped, no tabs or
    newlines), so what is published is exactly what was checked.
    """
    ref = read(value)
    if use == "image":
        ok = ref.form == "path" or (ref.form == "relative" and ref.text[:1] not in ("", "?", "#"))
    elif use == "link":
        ok = ref.form != "absolute" or ref.scheme in LINK_SCHEMES
    elif use == "contact":
        ok = ref.scheme in LINK_SCHEMES
    else:
        ok = ref.scheme in WEB_SCHEMES
    return ref.text if ok else None


def is_external(value: str) -> bool:
    """True for an address that leaves the site: http(s) with a scheme, or ``//host``."""
    ref = read(value)
    return ref.scheme in WEB_SCHEMES or ref.form == "network"


def without_scheme(value: str) -> str:
    """``mailto:a@b`` -> ``a@b``, ``tel:+1`` -> ``+1`` (any case); other addresses as they are."""
    ref = read(value)
    if ref.scheme in ("mailto", "tel"):
        return ref.text[len(ref.scheme) + 1 :]
    return ref.text


def host_and_path(value: str) -> tuple[str, str, str]:
    """(host, path, query) of an http(s) address as a browser splits it; ("", "", "") otherwise.

    The authority ends at the first ``/``, ``\\``, ``?`` or ``#``; user info (up to the
    last ``@`` in it) and the port are not the host; ``\\`` in the path is ``/``.
    The host is lowercased, not percent-decoded or IDNA-mapped (callers compare it
    with ASCII names, so a host in another spelling just does not match).
    """
    ref = read(value)
    if ref.scheme not in WEB_SCHEMES:
        return "", "", ""
    rest = ref.text[len(ref.scheme) + 1 :].lstrip("/\\")
    end = re.search(r"[/\\?#]", rest)
    authority, tail = (rest[: end.start()], rest[end.start() :]) if end else (rest, "")
    host = authority.rpartition("@")[2]
    host = host.split("]")[0] + "]" if host.startswith("[") else host.partition(":")[0]
    tail = tail.split("#", 1)[0]
    path, _, query = tail.partition("?")
    return host.lower(), path.replace("\\", "/") or "/", query
