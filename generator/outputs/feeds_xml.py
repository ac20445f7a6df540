"""Byte-exact RSS 2.0 and Atom serialisation for feeds.py, without building XML trees.

The output is, byte for byte, what feedgen 1.0 writes for the fields feeds.py sets
(``rss_str``/``atom_str`` with ``pretty=True``, serialised by lxml/libxml2): the same
element order, two-space indentation, libxml2's escaping, and feedgen's rules for
empty values. Each entry is serialised once per format at the indentation it has in
every feed, so a feed is its head, the bytes of its entries, and a closing tag.
tests/test_feeds.py compares the result with feedgen itself on awkward input.

Two things feedgen cannot write are ours (the comparison adds them to feedgen's
output): each Atom entry carries its language (``xml:lang``, for the day entries of
one feed differ), and RSS's channel ``<description>`` is HTML, so its plain text is
HTML-escaped before the XML escaping (a component named ``<b>`` stays text).
Every other text value is plain text in its format (Atom ``title``, ``subtitle``,
``name``, category ``label``: type text; RSS ``title`` and ``category``: character
data), so it is XML-escaped once; the entry HTML is Atom ``type="html"`` and RSS
``<description>``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from html import escape

XML_DECLARATION = "<?xml version='1.0' encoding='UTF-8'?>\n"
RSS_DOCS = "http://www.rssboard.org/rss-specification"
DC = "http://purl.org/dc/elements/1.1/"  # dc:creator, an RSS item's author without an e-mail address
GENERATOR = "statuskit"  # no library version: upgrades must not change the bytes
# lxml refuses these in text and attributes (ValueError): so do we, rather than write bad XML.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# feedgen formats RFC 822 dates in the C locale: English names whatever the process locale.
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _check(value: str) -> str:
    if _NOT_XML.search(value):
        raise ValueError(
            "All strings must be XML compatible: Unicode or ASCII, no NULL bytes or control characters"
        )
    return value


def text(value: str) -> str:
    """``value`` escaped as element content, as libxml2 does: & < > and CR."""
    return (
        _check(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    )


def attr(value: str) -> str:
    """``value`` escaped as a double-quoted attribute value, as libxml2 does."""
    return text(value).replace('"', "&quot;").replace("\t", "&#9;").replace("\n", "&#10;")


def rfc822(at: datetime) -> str:
    """An RSS date, as feedgen's ``formatRFC2822`` (``%a, %d %b %Y %H:%M:%S %z`` in the C locale)."""
    return at.strftime(f"{_DAYS[at.weekday()]}, %d {_MONTHS[at.month - 1]} %Y %H:%M:%S %z")


@dataclass(frozen=True, slots=True)
class Categories:
    """The category elements of an entry, in both formats."""

    atom: str
    rss: str


def categories(pairs: Iterable[tuple[str, str]]) -> Categories:
    """Category elements for (term, label) pairs; the RSS text is the label, even when empty."""
    atom, rss = [], []
    for term, label in pairs:
        shown = f' label="{attr(label)}"' if label else ""
        atom.append(f'    <category term="{attr(term)}"{shown}/>\n')
        rss.append(f"      <category>{text(label)}</category>\n")
    return Categories("".join(atom), "".join(rss))


@lru_cache(maxsize=64)
def _lang(language: str) -> str:
    """The ``xml:lang`` attribute of an entry ("" for no language)."""
    return f' xml:lang="{attr(language)}"' if language else ""


@dataclass(frozen=True, slots=True)
class EntryXml:
    """One entry serialised for both formats, with when it last changed for the feed-level date."""

    atom: bytes
    rss: bytes
    iso: str  # Atom time of the last change
    rfc: str  # RSS time of the last change
    changed: datetime


def entry(
    entry_id: str,
    title: str,
    link: str,
    times: tuple[datetime, datetime],
    html: str,
    cats: Categories,
    language: str = "",
    author: tuple[str, str] = ("", ""),
) -> EntryXml:
    """An Atom ``<entry>`` (depth 1) and an RSS ``<item>`` (depth 2) for one update.

    ``times`` is (published, last changed): Atom has both, RSS's ``pubDate`` is the
    last change (a corrected update is dated when it changed). ``author`` is (name,
    e-mail or ""): Atom ``<author>``; RSS ``<author>email (name)</author>``, which must
    hold an address, else ``<dc:creator>name</dc:creator>`` (feedgen's order for both).
    """
    published, changed = times
    iso, rfc = changed.isoformat(), rfc822(changed)
    eid, etitle, body = text(entry_id), text(title), text(html)
    lang = _lang(language)
    # feedgen writes an empty Atom content without text (but with its type).
    content = f'<content type="html">{body}</content>' if html else '<content type="html"/>'
    name, email = author
    atom_author = rss_author = creator = ""
    if name:
        mail = f"      <email>{text(email)}</email>\n" if email else ""
        atom_author = f"    <author>\n      <name>{text(name)}</name>\n{mail}    </author>\n"
        if email:
            rss_author = f"      <author>{text(f'{email} ({name})')}</author>\n"
        else:
            creator = f"      <dc:creator>{text(name)}</dc:creator>\n"
    atom = (
        f"  <entry{lang}>\n    <id>{eid}</id>\n    <title>{etitle}</title>\n    <updated>{iso}</updated>\n"
        f'{atom_author}    {content}\n    <link href="{attr(link)}"/>\n{cats.atom}'
        f"    <published>{iso if published is changed else published.isoformat()}</published>\n  </entry>\n"
    )
    rss = (
        f"    <item>\n      <title>{etitle}</title>\n      <link>{text(link)}</link>\n"
        f"      <description>{body}</description>\n{rss_author}"
        f'      <guid isPermaLink="false">{eid}</guid>\n{cats.rss}'
        f"      <pubDate>{rfc}</pubDate>\n{creator}    </item>\n"
    )
    return EntryXml(atom.encode(), rss.encode(), iso, rfc, changed)


@dataclass(frozen=True, slots=True)
class Head:
    """The feed-level fields, as feeds.py gives them to feedgen."""

    feed_id: str
    title: str
    subtitle: str
    alternate: str  # the HTML page (RSS <link>)
    language: str
    author: str

    def __post_init__(self) -> None:
        if not (self.feed_id and self.title and self.subtitle and self.alternate):
            raise ValueError("Required fields not set")  # feedgen refuses these too


def atom(head: Head, self_url: str, mime: str, entries: list[EntryXml], updated: str) -> bytes:
    """A whole Atom feed: ``entries`` already serialised, newest first."""
    lang = f' xml:lang="{attr(head.language)}"' if head.language else ""
    author = f"  <author>\n    <name>{text(head.author)}</name>\n  </author>\n" if head.author else ""
    top = (
        f'{XML_DECLARATION}<feed xmlns="http://www.w3.org/2005/Atom"{lang}>\n'
        f"  <id>{text(head.feed_id)}</id>\n  <title>{text(head.title)}</title>\n"
        f"  <updated>{updated}</updated>\n{author}"
        f'  <link href="{attr(self_url)}" rel="self" type="{mime}"/>\n'
        f'  <link href="{attr(head.alternate)}" rel="alternate" type="text/html"/>\n'
        f"  <generator>{GENERATOR}</generator>\n  <subtitle>{text(head.subtitle)}</subtitle>\n"
    )
    return b"".join([top.encode(), *(e.atom for e in entries), b"</feed>\n"])


def rss(head: Head, self_url: str, mime: str, entries: list[EntryXml], updated: str) -> bytes:
    """A whole RSS 2.0 feed: ``entries`` already serialised, newest first."""
    lang = f"    <language>{text(head.language)}</language>\n" if head.language else ""
    top = (
        f'{XML_DECLARATION}<rss xmlns:dc="{DC}" xmlns:atom="http://www.w3.org/2005/Atom"'
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/" version="2.0">\n'
        f"  <channel>\n    <title>{text(head.title)}</title>\n    <link>{text(head.alternate)}</link>\n"
        f"    <description>{text(escape(head.subtitle, quote=False))}</description>\n"  # HTML in RSS
        f'    <atom:link href="{attr(self_url)}" rel="self" type="{mime}"/>\n'
        f"    <docs>{RSS_DOCS}</docs>\n    <generator>{GENERATOR}</generator>\n{lang}"
        f"    <lastBuildDate>{updated}</lastBuildDate>\n"
    )
    return b"".join([top.encode(), *(e.rss for e in entries), b"  </channel>\n</rss>\n"])
