"""Operator Markdown -> safe HTML.

Raw HTML in messages is shown as text (escaped), never passed through. Every
link and image address goes through the one URL policy (:func:`generator.urls.allowed`),
decided on what a browser would see: a link that is not http(s), mailto, tel or
relative is dropped, an image that is not the site's own file becomes its alt
text, so no incident text can run script in a reader's browser or make it call a
third party, on pages or in feeds.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import unescape
from html.parser import HTMLParser
from xml.etree.ElementTree import Element

import markdown
from markdown.serializers import RE_AMP
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE
from markupsafe import Markup

from . import urls


def browser_view(value: str) -> str:
    """What a browser reads from an attribute Markdown serialises from tree value ``value``.

    Markdown's serializer keeps ``&name;`` and ``&#N;`` as written (escaping other ``&``)
    and writes its placeholder for ``&`` (automatic mail links) as ``&``; the browser
    then decodes character references once.
    """
    if "&" not in value and AMP_SUBSTITUTE not in value:
        return value
    return urls.attribute_value(RE_AMP.sub("&amp;", value).replace(AMP_SUBSTITUTE, "&"))


def _published(checked: str) -> str:
    """A tree value that Markdown serialises into an attribute the browser reads as ``checked``."""
    return checked.replace("&", "&amp;")  # the serializer keeps "&amp;" as it is


class _SafeLinks(Treeprocessor):
    """Applies the URL policy to href/src and makes external links open safely."""

    def run(self, root: Element) -> None:
        for el in root.iter():
            if el.tag == "img":
                self._image(el)
                continue
            if el.get("href") is not None:
                self._link(el)
            if el.get("src") is not None:  # no other element of Markdown's has one
                del el.attrib["src"]

    @staticmethod
    def _image(el: Element) -> None:
        checked = urls.allowed(browser_view(el.get("src", "")), "image")
        if checked is None:  # images from third parties would track readers
            alt = el.get("alt", "")
            el.tag = "span"
            el.attrib.clear()
            el.text = alt
            return
        el.set("src", _published(checked))

    @staticmethod
    def _link(el: Element) -> None:
        checked = urls.allowed(browser_view(el.get("href", "")), "link")
        if checked is None:
            del el.attrib["href"]
            return
        el.set("href", _published(checked))
        if urls.is_external(checked):
            el.set("rel", "noopener")


class _NestHeadings(Treeprocessor):
    """Operator headings sit under the page's own h2 sections: the top level found becomes h3."""

    BASE = 3

    def run(self, root: Element) -> None:
        found = [el for el in root.iter() if el.tag in ("h1", "h2", "h3", "h4", "h5", "h6")]
        if not found:
            return
        shift = self.BASE - min(int(el.tag[1]) for el in found)
        for el in found:
            el.tag = f"h{min(6, max(1, int(el.tag[1]) + shift))}"


class _SafeExtension(markdown.Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.inlinePatterns.deregister("entity")
        md.treeprocessors.register(_SafeLinks(md), "statuskit_safe_links", 0)
        md.treeprocessors.register(_NestHeadings(md), "statuskit_nest_headings", 1)


@lru_cache(maxsize=1)
def _converter() -> markdown.Markdown:
    return markdown.Markdown(extensions=[_SafeExtension(), "sane_lists", "tables"], output_format="html")


# Characters with a meaning somewhere in Markdown (or HTML) that plain prose rarely needs.
_MARKUP_CHARS = frozenset("\\`*_{}[]<>#+|&=~\t\r")
_LIST_START = re.compile(r"\d+[.)]")
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]")  # all but \n


def plain_paragraphs(text: str) -> str | None:
    """What Markdown makes of plain prose, without running it; None when the text may be markup.

    Prose here is lines of text with none of the characters above, none starting or ending
    with whitespace, none starting like a list item ("- ", "1.") and paragraphs apart by
    empty lines: Markdown turns that into ``<p>`` elements and nothing else. Tests compare
    the two on generated text.
    """
    if not _MARKUP_CHARS.isdisjoint(text) or _CONTROL.search(text):
        return None
    paragraphs: list[list[str]] = [[]]
    for line in text.strip("\n").split("\n"):
        if not line:
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        if line[0].isspace() or line[-1].isspace() or line[0] in "-" or _LIST_START.match(line):
            return None
        paragraphs[-1].append(line)
    return "\n".join(f"<p>{chr(10).join(lines)}</p>" for lines in paragraphs if lines)


@lru_cache(maxsize=65536)
def render(text: str) -> Markup:
    """Safe HTML for one Markdown message (memoized: pages, feeds and the API share one rendering)."""
    prose = plain_paragraphs(text)
    if prose is not None:
        return Markup(prose)
    md = _converter()
    md.reset()
    return Markup(md.convert(text))


@lru_cache(maxsize=65536)
def plain(text: str) -> str:
    """A one-line plain-text summary of Markdown, for previews and feeds titles."""
    html = str(render(text))
    without_tags = re.sub(r"</?(?:p|li|ul|ol|h\d|br|tr|td|th|table|blockquote|pre)\b[^>]*>", " ", html)
    without_tags = re.sub(r"<[^>]+>", "", without_tags)
    return " ".join(unescape(without_tags).split())


def excerpt(text: str, limit: int = 200) -> str:
    """At most ``limit`` characters of plain text, cut at a word."""
    flat = plain(text)
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1].rsplit(" ", 1)[0]
    return cut + "…"


_BLOCKS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "ul", "ol", "table", "hr"})


class _TextBlocks(HTMLParser):
    """Plain text of richtext's HTML: paragraphs apart by an empty line, list items and rows on lines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[list[str]] = []  # each block: its lines
        self.line: list[str] = []
        self.lists: list[int] = []  # per open list: the next number (0 for a bullet list)
        self.pre = 0

    def _end_line(self) -> None:
        text = "".join(self.line)
        text = text.strip("\n") if self.pre else " ".join(text.split())
        if text:
            if not self.blocks:
                self.blocks.append([])
            self.blocks[-1].append(text)
        self.line = []

    def _end_block(self) -> None:
        self._end_line()
        if self.blocks and self.blocks[-1]:
            self.blocks.append([])

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("ul", "ol") and self.lists:  # a nested list: its items are lines of the same block
            self._end_line()
        elif tag in _BLOCKS and not (tag == "p" and self.lists):
            self._end_block()
        if tag == "pre":
            self.pre += 1
        if tag in ("ul", "ol"):
            self.lists.append(1 if tag == "ol" else 0)
        elif tag == "li":
            self._end_line()
            depth = "  " * (len(self.lists) - 1)
            if self.lists and self.lists[-1]:
                self.line.append(f"{depth}{self.lists[-1]}. ")
                self.lists[-1] += 1
            else:
                self.line.append(f"{depth}- ")
        elif tag in ("br", "tr"):
            self._end_line()
        elif tag in ("td", "th") and "".join(self.line).strip():
            self.line.append(" | ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre":
            self.pre -= 1
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
            if self.lists:
                self._end_line()
                return
        if tag in _BLOCKS and not (tag == "p" and self.lists):
            self._end_block()
        elif tag in ("li", "tr"):
            self._end_line()

    def handle_data(self, data: str) -> None:
        if self.pre:
            for n, part in enumerate(data.split("\n")):
                if n:
                    self._end_line()
                self.line.append(part)
        else:
            self.line.append(data)


@lru_cache(maxsize=4096)
def plain_blocks(text: str) -> str:
    """Markdown as plain text that keeps its shape: paragraphs apart by an empty line, each list
    item (``- `` or ``1. ``) and table row on a line of its own. For calendars and other plain text."""
    parser = _TextBlocks()
    parser.feed(str(render(text)))
    parser.close()
    parser._end_line()
    return "\n\n".join("\n".join(lines) for lines in parser.blocks if lines)
