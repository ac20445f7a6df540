"""Every use of mkdocs' or mkdocs-material's internals, each naming the upstream code it mirrors.

statuskit runs as an mkdocs plugin, and a few of its jobs need what neither
project offers as API: the page mkdocs is rendering, the function that renders
a theme's static template, the search plugin's dirty-build state and its
attribute stripping, the plugin collection's record of who registered an event,
and the wording of two of mkdocs' log messages. Each sits here, as one small
function or constant, with the file and version it was read from (mkdocs 1.6.1,
mkdocs-material 9.7/9.8): when an upstream release (or a fork such as
ProperDocs) changes one of them, this is the one module to read and change.
The core (load, model, outputs) never imports this module, nor mkdocs.
"""

from __future__ import annotations

import re
from typing import Any

# mkdocs/structure/pages.py (1.6.1), Page._RelativePathTreeprocessor.path_to_url: the note
# logged for a link to a page whose file is InclusionLevel.EXCLUDED.
EXCLUDED_LINK = "which is excluded from the built site"

# mkdocs/config/config_options.py (1.6.1), Plugins.load_plugin_with_namespace: the prefix of every
# warning about an option of our block ("Plugin 'statuskit' option 'contatc': Unrecognised ...").
OUR_PLUGIN = "Plugin 'statuskit' "
OUR_OPTION = OUR_PLUGIN + "option "


def set_current_page(config: Any, page: Any) -> None:
    """Tell mkdocs which page is being rendered (``None``: none), as its page loop does.

    mkdocs/commands/build.py (1.6.1), ``_build_page``: sets ``config._current_page`` around the
    theme render; the ``url`` template filter and ``config_options.ExtraScriptValue`` read it.
    """
    config._current_page = page


def build_theme_template(name: str, env: Any, files: Any, config: Any, nav: Any) -> None:
    """Render and write one of the theme's static templates (``sitemap.xml``) as mkdocs does.

    mkdocs/commands/build.py (1.6.1), ``_build_theme_template(template_name, env, files, config, nav)``.
    """
    from mkdocs.commands.build import _build_theme_template

    _build_theme_template(name, env, files, config, nav)


def rebuild_always(file: Any) -> None:
    """Make mkdocs' dirty build (``serve``) rebuild this page every time.

    mkdocs/commands/build.py (1.6.1), ``_build_page``: with ``dirty``, a page whose
    ``file.is_modified()`` is false is skipped (mkdocs/structure/files.py, ``File.is_modified``
    compares the source's and the output's mtimes).
    """
    file.is_modified = lambda: True


def event_origin(config: Any, method: Any) -> str:
    """The plugin (or hook) name that registered ``method`` for an event.

    mkdocs/plugins.py (1.6.1), ``PluginCollection._event_origins`` (filled by ``_register_event``).
    """
    return str(config.plugins._event_origins.get(method, "<unknown>"))


def config_keys() -> list[str]:
    """The top-level keys mkdocs.yml may have, sorted.

    mkdocs/config/defaults.py (1.6.1), ``MkDocsConfig._schema`` (built by ``base.Config``'s
    ``__init_subclass__`` from the class attributes).
    """
    from mkdocs.config.defaults import MkDocsConfig

    return sorted(name for name, _ in MkDocsConfig._schema)


def search_plugin(config: Any) -> Any | None:
    """The enabled search plugin whose index takes entries (material's), if any.

    material/plugins/search/plugin.py (9.7/9.8): ``SearchPlugin.search_index`` is a
    ``SearchIndex`` whose ``entries`` list is written by ``generate_search_index``.
    """
    for plugin in config.plugins.values():
        index = getattr(plugin, "search_index", None)
        enabled = getattr(getattr(plugin, "config", None), "enabled", True)
        if enabled and isinstance(getattr(index, "entries", None), list):
            return plugin
    return None


def search_entries(plugin: Any) -> list[dict[str, str]]:
    """The list the search plugin writes to ``search_index.json``, to append entries to.

    material/plugins/search/plugin.py (9.7/9.8), ``SearchIndex.entries``.
    """
    return plugin.search_index.entries


def index_afresh(plugin: Any) -> None:
    """Make the search plugin index every page anew instead of merging with the previous build.

    material/plugins/search/plugin.py (9.7/9.8): ``on_startup`` sets ``is_dirty`` from
    ``serve --dirty``; ``on_post_build`` then keeps ``search_index_prev`` and merges it next time.
    """
    plugin.is_dirty = False
    plugin.search_index_prev = None


# material/plugins/search/plugin.py (9.7/9.8), SearchPlugin.on_page_context: the pattern whose
# matches it removes from every page's content after indexing it.
_SEARCH_ATTR = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")
_VALUED = re.compile(r"data-search-\w+=\"[^\"]+\"")


def search_stripped(html: str) -> str:
    """What material's search plugin does to every page's content: drop ``data-search-*``
    attributes that have a value (ours have none, so this is usually a scan that finds nothing).

    material/plugins/search/plugin.py (9.7/9.8), ``SearchPlugin.on_page_context``.
    """
    at = html.find("data-search-")
    while at >= 0:
        if _VALUED.match(html, at):
            return _SEARCH_ATTR.sub("", html)
        at = html.find("data-search-", at + 12)
    return html


def _engine() -> str:
    """What the generator tag names as the engine: the MkDocs 1.x line and statuskit's version."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"1.x, statuskit-{version('statuskit')}"
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "1.x, statuskit"


def same_generator(context: Any) -> None:
    """Name the engine in material's generator tag alike under MkDocs and ProperDocs, so that both
    build byte-identical sites: ``mkdocs-1.x, statuskit-0.1.0, mkdocs-material-9.8.2``.

    mkdocs/commands/build.py (1.6.1), ``get_context``: ``mkdocs_version=mkdocs.__version__``
    ("1.6.1"); ProperDocs 1.6.7 passes "ProperDocs 1.6.7" there. material/templates/base.html
    (9.7/9.8) prints ``<meta name="generator" content="mkdocs-{{ mkdocs_version }}, ...">``.
    """
    if "mkdocs_version" in context:
        context["mkdocs_version"] = _engine()
