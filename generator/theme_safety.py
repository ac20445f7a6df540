"""mkdocs.yml settings that would make a reader's browser (or the build) call a third party.

statuskit promises pages with no third-party requests, but the theme and
mkdocs make some by default or on one setting: mkdocs-material loads Google
Fonts unless ``theme.font: false``, mkdocs' own ``mkdocs`` and ``readthedocs``
themes load highlight.js from a CDN unless ``highlightjs: false``, analytics
load Google's tag manager, a remote logo, favicon, stylesheet or script is a
request to its host, Mermaid diagrams load mermaid.js from unpkg.com, emoji
images come from a CDN, and material's ``social``, ``privacy`` and ``info``
plugins download at build time. URL settings printed raw into attributes must
not be able to leave them, and links must not run script. (And one thing the
theme cannot build with at all: an icon name that is not one of its icons, so
that ``validate`` exit 0 still means ``build`` succeeds.)

:func:`check` returns a :class:`Problem` (file, line, fix) for each such
setting the operator wrote, and sets the safe value itself, with a warning,
where the operator wrote nothing and only the default calls out (the font,
highlight.js). It runs with every load of the site (``validate``, ``build``,
``mkdocs build`` through the plugin's ``on_config``), so ``validate`` says
exactly what ``build`` would refuse. (material's repository facts, which its
JavaScript fetches from GitHub's or GitLab's API for ``repo_url``, are turned
off in the theme layer, ``templates/theme/partials/source.html``.)
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Mapping
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote

import yaml

from . import urls
from .configtext import ConfigText
from .errors import Problem

warn = logging.getLogger("statuskit")  # outside "mkdocs": a warning here never fails --strict

# What a URL printed raw in an attribute must not contain (percent-encode it instead).
_UNSAFE_URL = re.compile(r"[\"'<>`\\\s\x00-\x1f\x7f]")
LINK_SCHEMES = tuple(sorted(urls.LINK_SCHEMES))
FETCHING_PLUGINS = {
    "social": "draws its own preview cards and downloads fonts from Google Fonts at build time "
    "(statuskit already makes a preview card for every page)",
    "privacy": "downloads every external asset at build time (statuskit pages have none to download)",
    "info": "asks GitHub for material's latest release at every build",
}
CDN_THEMES = ("mkdocs", "readthedocs")  # mkdocs' own themes: highlight.js from cdnjs unless turned off
LOCAL_EMOJI = ("pymdownx.emoji.to_alt",)  # the emoji as text; every image generator defaults to a CDN
# (material's own to_svg inlines its icons but hands every Unicode emoji to pymdownx: cdn.jsdelivr.net)
_WARNED: set[tuple[str, str]] = set()  # (mkdocs.yml and its text, message) already warned about


class _Source(ConfigText):
    """Where each setting stands in mkdocs.yml or a file it inherits (best effort), for problems."""

    def __init__(self, path: Path | None) -> None:
        super().__init__(path)
        self.key = ""  # the file and its text: what a warning was given for
        if path is not None:
            try:
                self.key = f"{path.resolve()}\0{hash(path.read_bytes())}"
            except OSError:
                self.key = ""

    def entry(self, key: str, *names: str) -> tuple[str | int, ...]:
        """Steps to the entry of list ``key`` (``plugins``, ``markdown_extensions``) named one of
        ``names``, written as ``- name`` or ``- name: {...}``; just ``(key,)`` if not found."""
        node = self.node(key)
        if isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                if isinstance(item, yaml.ScalarNode) and item.value in names:
                    return (key, index)
                if isinstance(item, yaml.MappingNode) and any(
                    isinstance(k, yaml.ScalarNode) and k.value in names for k, _ in item.value
                ):
                    return (key, index)
        if isinstance(node, yaml.MappingNode):
            for name in names:
                if self.node(key, name) is not None:
                    return (key, name)
        return (key,)

    def written(self, *steps: str | int) -> bool:
        """Whether mkdocs.yml itself (or a file it inherits) sets this value, not a theme's default."""
        return self.node(*steps) is not None

    def problem(self, steps: tuple[str | int, ...], message: str, hint: str) -> Problem:
        """A problem at the key of ``steps`` (where its line starts), or at the nearest written parent."""
        return Problem(*self.top(*steps, key=True), message, hint)


def is_remote(url: str, data: bool = True) -> bool:
    """Whether a browser would fetch ``url`` from another host: it has a scheme (but ``data:``,
    which needs no network, when ``data``) or names a host (``//host/``, ``\\\\host``); read as
    :mod:`generator.urls` reads every address, the way the URL standard does. A stylesheet or
    script is never allowed ``data:``: its text can fetch what it likes."""
    ref = urls.read(url)
    return ref.form == "network" or (ref.form == "absolute" and (ref.scheme != "data" or not data))


def _setting(config: Any, *steps: str | int) -> Any:
    """The effective value at ``steps`` in the loaded config (None when absent)."""
    value: Any = config
    for step in steps:
        if isinstance(step, str) and hasattr(value, "get"):
            value = value.get(step)
        elif isinstance(step, int) and isinstance(value, list) and 0 <= step < len(value):
            value = value[step]
        else:
            return None
    return value


def check(config: Any) -> list[Problem]:
    """Every setting that would call a third party (or run script), as problems to report;
    where only an unwritten default calls out, the safe value is set and a warning says so."""
    path = Path(config.config_file_path) if config.config_file_path else None
    source = _Source(path)
    problems = [*_theme(config, source), *_resources(config, source), *_links(config, source)]
    problems += [*_markdown(config, source), *_plugins(config, source)]
    if config.theme.name == "material":
        problems += list(_icons(config, source))
    return problems


def _has_base(theme: Any) -> bool:
    """Whether the theme's directories (custom_dir, without a named theme) give the base.html
    statuskit's pages extend."""
    return any((Path(d) / "base.html").is_file() for d in getattr(theme, "dirs", ()))


def _warn_once(source: _Source, message: str) -> None:
    """Warn once per mkdocs.yml text and process: ``statuskit build`` validates, then builds (two
    loads), and ``serve`` rebuilds; a changed mkdocs.yml is warned about again."""
    key = (source.key or source.name, message)
    if key not in _WARNED:
        _WARNED.add(key)
        warn.warning("%s: %s", source.name, message)


def _theme(config: Any, source: _Source) -> Iterator[Problem]:
    theme = config.theme
    name = theme.name
    if name == "material":
        yield from _material(config, source)
    elif name in CDN_THEMES:
        if theme.get("highlightjs"):
            if source.written("theme", "highlightjs"):
                yield source.problem(
                    ("theme", "highlightjs"),
                    f"theme '{name}' with highlightjs: true loads highlight.js from cdnjs.cloudflare.com "
                    "on every page (a third-party request)",
                    "set highlightjs: false under theme:",
                )
            else:
                theme["highlightjs"] = False
                _warn_once(
                    source,
                    f"theme '{name}' loads highlight.js from cdnjs.cloudflare.com unless told otherwise; "
                    "statuskit turned it off (add 'highlightjs: false' under 'theme:' to say so yourself)",
                )
        if _setting(theme, "analytics", "gtag"):
            yield source.problem(
                ("theme", "analytics", "gtag"),
                "theme.analytics.gtag loads Google's tag manager on every page (a third-party request)",
                "remove analytics from theme: (statuskit pages make no third-party requests)",
            )
    elif not name and not _has_base(theme):
        yield source.problem(
            ("theme", "name"),
            "theme.name is missing and custom_dir has no base.html: statuskit's pages extend "
            "a theme's base.html",
            "write name: material under theme:",
        )
    else:
        _warn_once(
            source,
            "statuskit knows which settings of the themes material, mkdocs and readthedocs call third "
            f"parties, but not of theme '{name or theme.get('custom_dir')}': check its pages' requests",
        )
    direction = theme.get("direction")
    if direction not in (None, "", "ltr", "rtl"):
        yield source.problem(
            ("theme", "direction"),
            f"theme.direction must be ltr or rtl, not {direction!r}",
            "remove it (the language decides) or write direction: rtl",
        )
    if _setting(config, "google_analytics"):
        yield source.problem(
            ("google_analytics",),
            "google_analytics loads Google Analytics on every page (a third-party request)",
            "remove google_analytics from mkdocs.yml",
        )


def _material(config: Any, source: _Source) -> Iterator[Problem]:
    theme = config.theme
    if theme.get("font") is not False:
        if source.written("theme", "font"):
            yield source.problem(
                ("theme", "font"),
                "theme.font loads fonts from fonts.googleapis.com on every page (a third-party request)",
                "write font: false under theme: (pages use the reader's system fonts)",
            )
        else:
            theme["font"] = False
            _warn_once(
                source,
                "mkdocs-material loads Google Fonts unless theme.font is false; statuskit set it to false "
                "(add 'font: false' under 'theme:' to say so yourself)",
            )
    for key in ("logo", "favicon"):
        value = theme.get(key)
        if isinstance(value, str) and is_remote(value):
            yield source.problem(
                ("theme", key),
                f"theme.{key} '{value}' is fetched from another host on every page",
                f"put the image in {Path(config.docs_dir).name}/ and give its path (e.g. {key}: img/x.png)",
            )
    if _setting(config, "extra", "analytics"):
        yield source.problem(
            ("extra", "analytics"),
            "extra.analytics loads Google's tag manager on every page (a third-party request)",
            "remove analytics from extra: (statuskit pages make no third-party requests)",
        )
    for index, script in enumerate(_setting(config, "extra", "polyfills") or []):
        if is_remote(str(script), data=False):
            yield source.problem(
                ("extra", "polyfills", index),
                f"extra.polyfills loads '{script}' from another host on every page",
                "remove it, or copy the script into the docs directory and give its path",
            )


def _resources(config: Any, source: _Source) -> Iterator[Problem]:
    """extra_css and extra_javascript: files every page loads."""
    for key in ("extra_css", "extra_javascript"):
        for index, item in enumerate(config.get(key) or []):
            url = str(item)
            if is_remote(url, data=False):
                yield source.problem(
                    (key, index),
                    f"{key} loads '{url}' "
                    + ("from another host" if is_remote(url) else "as a data: address (its code may fetch)")
                    + " on every page (a third-party request)",
                    f"download the file into {Path(config.docs_dir).name}/ and list its path instead",
                )
            elif _UNSAFE_URL.search(url):
                yield source.problem(
                    (key, index), f"{key} entry '{url}' has a character that is not allowed in a URL",
                    "percent-encode spaces, quotes, backslashes and angle brackets (e.g. %20 for a space)",
                )


def _links(config: Any, source: _Source) -> Iterator[Problem]:
    """URLs the theme prints raw into attributes: no quotes or spaces; links only to http(s),
    mailto, tel or a path (a ``javascript:`` link runs script when clicked)."""
    found: list[tuple[tuple[str | int, ...], Any, bool]] = [
        (("site_url",), config.get("site_url"), True),  # the canonical link, printed raw
        (("repo_url",), config.get("repo_url"), True),
        (("edit_uri",), config.get("edit_uri"), True),  # joined to repo_url: may be a whole address
        (("edit_uri_template",), config.get("edit_uri_template"), True),
        (("theme", "logo"), config.theme.get("logo"), False),
        (("theme", "favicon"), config.theme.get("favicon"), False),
        (("extra", "homepage"), _setting(config, "extra", "homepage"), True),
    ]
    for group in ("social", "alternate"):
        for index, item in enumerate(_setting(config, "extra", group) or []):
            if isinstance(item, Mapping):
                found.append((("extra", group, index, "link"), item.get("link"), True))
    found += [(steps, url, True) for steps, url in _nav_links(config.get("nav"), ("nav",))]
    for steps, url, is_link in found:
        if not isinstance(url, str) or not url:
            continue
        dotted = ".".join(str(s) for s in steps)
        if is_link and urls.allowed(url, "link") is None:
            yield source.problem(
                steps, f"{dotted} '{url}' is not a web address",
                f"use an address that starts with {', '.join(s + ':' for s in LINK_SCHEMES)} or a path",
            )
        elif _UNSAFE_URL.search(url):
            yield source.problem(
                steps, f"{dotted} '{url}' has a character that is not allowed in a URL",
                "percent-encode spaces, quotes, backslashes and angle brackets (e.g. %20 for a space)",
            )


def _nav_links(nav: Any, steps: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every address in ``nav`` that is not a page of the docs directory (the theme prints it)."""
    if isinstance(nav, list):
        for index, item in enumerate(nav):
            yield from _nav_links(item, (*steps, index))
    elif isinstance(nav, Mapping):
        for title, value in nav.items():
            yield from _nav_links(value, (*steps, str(title)))
    elif isinstance(nav, str) and not nav.endswith(".md"):
        yield steps, nav


_MERMAID_FILE = re.compile(r"mermaid(?:\.esm)?(?:\.min)?\.m?js")


def _in_docs(config: Any, script: str) -> bool:
    """Whether ``script`` is a path to a file in the docs directory (what defines ``mermaid``)."""
    ref = urls.read(script)
    relative = unquote(re.split(r"[?#]", ref.text.replace("\\", "/"), maxsplit=1)[0]).lstrip("/")
    if ref.form in ("network", "absolute") or not relative:
        return False
    docs = Path(config.docs_dir).resolve()
    path = (docs / relative).resolve()
    return path.is_relative_to(docs) and path.is_file()


def _markdown(config: Any, source: _Source) -> Iterator[Problem]:
    """Markdown extensions whose output makes the browser fetch: Mermaid fences (material loads
    mermaid.js from unpkg.com unless a page script defines it) and emoji drawn as CDN images."""
    mdx = config.get("mdx_configs") or {}
    extensions = [str(e) for e in config.get("markdown_extensions") or []]
    fences = (mdx.get("pymdownx.superfences") or {}).get("custom_fences") or []
    scripts = [str(s) for s in config.get("extra_javascript") or []]
    local_mermaid = any(
        _MERMAID_FILE.fullmatch(PurePosixPath(s).name) and _in_docs(config, s) for s in scripts
    )
    mermaid = any(isinstance(f, Mapping) and "mermaid" in str(f.get("class", "")) for f in fences)
    if mermaid and not local_mermaid:
        yield source.problem(
            source.entry("markdown_extensions", "pymdownx.superfences"),
            "a Mermaid fence (pymdownx.superfences custom_fences) makes mkdocs-material load mermaid.js "
            "from unpkg.com on every page with a diagram",
            "download mermaid.min.js into the docs directory and list it under extra_javascript, "
            "or remove the mermaid fence",
        )
    if "pymdownx.emoji" in extensions:
        emoji = mdx.get("pymdownx.emoji") or {}
        generator = emoji.get("emoji_generator")
        name = f"{getattr(generator, '__module__', '')}.{getattr(generator, '__name__', '')}"
        options = emoji.get("options") or {}
        own_images = all(  # a path left out is the CDN's default
            isinstance(options.get(k), str) and not is_remote(options[k], data=False)
            for k in ("image_path", "non_standard_image_path")
        )
        if name not in LOCAL_EMOJI and not own_images:
            yield source.problem(
                source.entry("markdown_extensions", "pymdownx.emoji"),
                "pymdownx.emoji draws emoji as images from a CDN (a third-party request on every page "
                "with an emoji)",
                "set emoji_generator: !!python/name:pymdownx.emoji.to_alt (the emoji as text), or give "
                "options: {image_path: ..., non_standard_image_path: ...} directories of your site "
                "with the images",
            )


def _plugins(config: Any, source: _Source) -> Iterator[Problem]:
    """material's plugins that need the network while building."""
    for key, plugin in config.plugins.items():
        name = key.removeprefix("material/")
        if name not in FETCHING_PLUGINS or not getattr(plugin, "config", {}).get("enabled", True):
            continue
        yield source.problem(
            source.entry("plugins", name, f"material/{name}"),
            f"the {name} plugin {FETCHING_PLUGINS[name]}: a build must not need the network",
            f"remove '{name}' from plugins: (or give it enabled: false)",
        )


_ICON_NAME = re.compile(r"^[A-Za-z0-9_-]+(/[A-Za-z0-9_.-]+)*$")


def _icon_settings(config: Any) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    """Every icon name material includes as ``.icons/<name>.svg`` from mkdocs.yml."""
    icons = config.theme.get("icon") or {}
    if isinstance(icons, Mapping):
        for key, value in icons.items():
            if isinstance(value, Mapping):  # admonition, tag: a name per kind
                for kind, name in value.items():
                    yield ("theme", "icon", key, kind), name
            else:
                yield ("theme", "icon", key), value
    palette = config.theme.get("palette")
    for index, option in enumerate(palette if isinstance(palette, list) else [palette]):
        toggle = option.get("toggle") if isinstance(option, Mapping) else None
        if isinstance(toggle, Mapping):
            yield ("theme", "palette", index, "toggle", "icon"), toggle.get("icon")
    for index, social in enumerate(_setting(config, "extra", "social") or []):
        if isinstance(social, Mapping):
            yield ("extra", "social", index, "icon"), social.get("icon")


def _icons(config: Any, source: _Source) -> Iterator[Problem]:
    """Icon names that are not icons of the theme (or of custom_dir's ``.icons/``): the build
    would stop with a template error."""
    dirs = [Path(d) for d in config.theme.dirs]
    for steps, name in _icon_settings(config):
        if name is None or (isinstance(name, str) and not name):
            continue
        dotted = ".".join(str(s) for s in steps)
        ok = isinstance(name, str) and _ICON_NAME.match(name) and ".." not in name.split("/")
        if ok and any((d / ".icons" / f"{name}.svg").is_file() for d in dirs):
            continue
        yield source.problem(
            steps, f"{dotted} '{name}' is not an icon of the theme",
            "use a name from https://squidfunk.github.io/mkdocs-material/reference/icons-emojis/ "
            "(e.g. material/library), or put the SVG in .icons/ under theme.custom_dir",
        )
