"""The navigation entries and titles of statuskit's pages, in the site language.

mkdocs titles a page from mkdocs.yml's ``nav``, its front matter, its first heading, or
else its file name ("Home" for the home page): English whatever ``theme.language`` says.
statuskit titles its own pages (the status overview, the history) and the pages it
expects (``faq.md``) from the locale files instead, unless the operator gave a title.
Without a ``nav`` in mkdocs.yml the home page and the history come first, the history as
one entry (not a folder holding one page), then the hand-written pages in mkdocs' order.
"""

from __future__ import annotations

import re
from typing import Any

from .i18n import Translator

FAQ_URI = "faq.md"
HISTORY_URI = "history/index.md"
_HEADING = re.compile(r"<h1[\s>]", re.IGNORECASE)


def given(page: Any) -> bool:
    """True when mkdocs.yml's ``nav`` names ``page`` with a title (or a plugin set one)."""
    return "title" in vars(page)


def own_title(page: Any, html: str) -> bool:
    """True when a hand-written page titles itself: a nav title, front matter or a heading.

    A page without a ``<h1>`` gets one from its title from mkdocs-material, so the title
    supplied here is its heading too.
    """
    return given(page) or bool(page.meta.get("title")) or _HEADING.search(html) is not None


def expected_title(src_uri: str, t: Translator) -> str | None:
    """The locale's title for a hand-written page statuskit knows (``faq.md``), else None."""
    return t("faq_page") if src_uri == FAQ_URI else None


def _is_page(item: Any, src_uri: str) -> bool:
    return bool(getattr(item, "is_page", False)) and item.file.src_uri == src_uri


def _holds(item: Any, src_uri: str) -> bool:
    return any(_is_page(child, src_uri) for child in getattr(item, "children", None) or [])


def arrange(nav: Any, history_title: str) -> None:
    """Without a ``nav`` in mkdocs.yml: home first, then the history, then the rest.

    mkdocs makes the ``history/`` folder a section; holding only the history index it
    becomes that page, otherwise it keeps its children and gets the locale's title.
    """
    items = list(nav.items)
    home = [item for item in items if _is_page(item, "index.md")]
    history = []
    for item in items:
        if _is_page(item, HISTORY_URI):
            history.append(item)
        elif getattr(item, "is_section", False) and _holds(item, HISTORY_URI):
            if len(item.children) == 1:
                page = item.children[0]
                page.parent = None
                history.append(page)
            else:
                item.title = history_title
                history.append(item)
    placed = {id(item) for item in [*home, *history]}
    rest = [item for item in items if id(item) not in placed and not _holds(item, HISTORY_URI)]
    nav.items = [*home, *history, *rest]
    _relink(nav)


def _relink(nav: Any) -> None:
    """``nav.pages`` and each page's previous/next in the order of the entries."""
    ordered: list[Any] = []

    def walk(items: list[Any]) -> None:
        for item in items:
            if getattr(item, "is_page", False):
                ordered.append(item)
            walk(getattr(item, "children", None) or [])

    walk(nav.items)
    seen = {id(page) for page in ordered}
    ordered += [page for page in nav.pages if id(page) not in seen]
    for before, after in zip([None, *ordered], [*ordered, None], strict=True):
        if before is not None:
            before.next_page = after
        if after is not None:
            after.previous_page = before
    nav.pages = ordered
