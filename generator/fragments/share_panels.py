"""Share panels of incident pages: the ``_crisis.html`` share macro stamped once per site, filled per page.

A site's panels have the same targets, labels and markup on every page; only
the shared address, the title and (for an update's panel) its time differ.
So the macro is rendered once with placeholders (:mod:`.stamps`) and every
panel is that stamp filled with the percent-encoded and escaped values: the
bytes the macro would give, without a template call and ten share URLs built
per panel.
"""

from __future__ import annotations

from functools import lru_cache

from markupsafe import Markup, escape

from .. import share
from ..i18n import translator
from ..render.macros import module
from ..render.stamps import Stamp, slot, stamp


@lru_cache(maxsize=64)
def _stamp(targets: tuple[str, ...], language: str, compact: bool) -> Stamp:
    """The panel for ``targets`` in ``language``; fields url, title, when, t and u (encoded title, URL)."""
    t = translator(language)
    labels = [share.label(target, t) for target in targets]

    def links(text: str, url: str) -> tuple[share.ShareLink, ...]:
        patterns = [share.HREF_PATTERNS[target] for target in targets]
        hrefs = [pattern.format(t=text, u=url, both=f"{text}%20{url}") for pattern in patterns]
        return tuple(map(share.ShareLink, targets, labels, hrefs))

    fields = ("url", "title", "when") if compact else ("url", "title")
    label = t("share_update") if compact else t("share")
    macro = module("_crisis.html", language).share

    def plain(values: dict[str, object]) -> object:
        shown = {name: values[name] for name in fields}
        return macro(**shown, links=links(str(values["t"]), str(values["u"])), label=label, compact=compact)

    inner = ("t", "u")
    return stamp(macro, fields, inner, plain, links=links(slot("t"), slot("u")), label=label, compact=compact)


@lru_cache(maxsize=256)
def _fragment(anchor: str) -> tuple[str, str]:
    """``#anchor`` percent-encoded and HTML-escaped (the same few anchors on every page)."""
    fragment = "#" + anchor
    return share.encode(fragment), str(escape(fragment))


class Panels:
    """The share panels of one page: the page's own and one per update.

    Values are escaped once per page and handed to the stamps as Markup; the
    percent-encoded ones have nothing to escape.
    """

    def __init__(self, targets: tuple[str, ...], language: str, url: str, title: str) -> None:
        self._page, self._update = _stamp(targets, language, False), _stamp(targets, language, True)
        self._url, self._encoded_url = str(escape(url)), share.encode(url)
        self._title, self._encoded_title = escape(title), Markup(share.encode(title))

    def page(self) -> Markup:
        """The page's panel (for its own URL)."""
        url, encoded_url = Markup(self._url), Markup(self._encoded_url)
        return self._page.fill(t=self._encoded_title, u=encoded_url, url=url, title=self._title)

    def update(self, anchor: str, when: str) -> Markup:
        """The compact panel of the update at ``#anchor``, named by its time ``when``."""
        encoded, escaped = _fragment(anchor)
        return self._update.fill(
            t=self._encoded_title,
            u=Markup(self._encoded_url + encoded),
            url=Markup(self._url + escaped),
            title=self._title,
            when=when,
        )
