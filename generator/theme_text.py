"""Text the theme prints, handed to it escaped.

mkdocs' Jinja environment does not autoescape, and mkdocs-material prints
most settings raw (``{{ config.site_name }}``, ``{{ config.copyright }}``,
``{{ alt.name }}``...), some escaped (``{{ config.site_name | e }}``) and page
titles through ``striptags``. A value that is :class:`markupsafe.Markup`
survives all of these: printed raw it is already escaped, ``| e`` leaves it
alone, and the theme layer's ``<title>`` strips and escapes again
(``templates/theme/main.html``). So every text setting the theme shows is
replaced by its escaped Markup before the pages render, page titles follow
mkdocs' own convention (HTML text: escaped, no tags) and the navigation's
titles that come from mkdocs.yml or directory names are escaped too.

Escaping is idempotent (``escape(Markup)`` is the Markup itself), and
:func:`plain` gives the text back to code that needs it raw (feeds, the API).
"""

from __future__ import annotations

import html
from collections.abc import Iterable, MutableMapping
from typing import Any

from markupsafe import Markup, escape

TEXT_SETTINGS = ("site_name", "site_description", "site_author", "repo_name")
"""Top-level mkdocs.yml settings the theme prints as text."""

META_TEXT = ("title", "description", "author", "subtitle")
"""Page front-matter keys the theme prints (``<title>``, ``<meta>``, the header, the nav)."""

PALETTE_TEXT = ("media", "scheme", "primary", "accent")


def text(value: str) -> Markup:
    """``value`` (plain text) as HTML; a Markup is already HTML and stays as it is."""
    return escape(value)


def plain(value: object) -> str:
    """The plain text of a value that may have been escaped by :func:`text`."""
    return value.unescape() if isinstance(value, Markup) else str(value)


def _set_text(mapping: Any, key: Any) -> None:
    try:
        value = mapping[key]
    except (KeyError, IndexError, TypeError):
        return
    if isinstance(value, str):
        mapping[key] = text(value)


def _mappings(value: Any) -> Iterable[MutableMapping[Any, Any]]:
    """The mappings in a list of them (or in a single one)."""
    items = value if isinstance(value, list) else [value]
    return [item for item in items if isinstance(item, MutableMapping)]


def escape_config(config: Any) -> None:
    """Replace, in place, every text setting mkdocs-material prints with its escaped Markup.

    ``copyright`` is text too; its character references (``&copy;``, as material's own
    documentation writes it) are read first so that they still show as the character.
    """
    for key in TEXT_SETTINGS:
        _set_text(config, key)
    copyright_ = config.get("copyright")
    if isinstance(copyright_, str) and not isinstance(copyright_, Markup):
        config["copyright"] = escape(html.unescape(copyright_))
    extra = config.get("extra")
    if isinstance(extra, MutableMapping):
        _escape_extra(extra)
    palette = config.theme.get("palette") if config.get("theme") is not None else None
    for option in _mappings(palette):
        for key in PALETTE_TEXT:
            _set_text(option, key)
        for toggle in _mappings(option.get("toggle")):
            _set_text(toggle, "name")


def _escape_extra(extra: MutableMapping[str, Any]) -> None:
    """The values under ``extra`` that material prints: consent, social, alternate, status."""
    for consent in _mappings(extra.get("consent")):
        _set_text(consent, "title")
        _set_text(consent, "description")
        for cookies in _mappings(consent.get("cookies")):
            for name in list(cookies):
                if isinstance(cookies[name], MutableMapping):
                    _set_text(cookies[name], "name")
                else:
                    _set_text(cookies, name)
    for social in _mappings(extra.get("social")):
        _set_text(social, "name")
    for alternate in _mappings(extra.get("alternate")):
        _set_text(alternate, "name")
        _set_text(alternate, "lang")
    for status in _mappings(extra.get("status")):
        for name in list(status):
            _set_text(status, name)
    _set_text(extra, "scope")


def escape_meta(meta: MutableMapping[str, Any]) -> None:
    """A page's front-matter text (title, description, author, subtitle) as escaped Markup."""
    for key in META_TEXT:
        _set_text(meta, key)


def escape_nav(items: Iterable[Any]) -> None:
    """Escape every navigation title that is plain text: sections (from mkdocs.yml or a
    directory's name), links, and pages whose title mkdocs.yml gives. A page without one
    gets its title later, from its first heading, already as HTML text."""
    for item in items:
        if getattr(item, "is_page", False):
            if isinstance(vars(item).get("title"), str):
                item.title = text(item.title)
        elif isinstance(getattr(item, "title", None), str):
            item.title = text(item.title)
        children = getattr(item, "children", None)
        if children:
            escape_nav(children)
