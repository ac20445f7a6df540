"""Loading a site from a loaded mkdocs config: the plugin block, the incident files, the Site.

The CLI (validate, build, new, update) and the plugin load a site the same way, through here.
It reads a config as data (its file path, names, theme folders); mkdocs is imported for types
only, so this runs under ProperDocs or any tool that gives a config of that shape.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import example_clock, theme_safety, theme_text
from .cachedir import cache_home
from .clock import build_now
from .config import incidents_dir, site_config
from .errors import InputError
from .load import LoadMemo, load_incidents
from .mkdocs_settings import MkdocsFacts, require_incidents_dir
from .model import Site, SiteConfig

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


def mkdocs_facts(config: MkDocsConfig) -> MkdocsFacts:
    """What config.py checks outside the plugin block: directory URLs, duplicates, theme languages."""
    listed = sum(1 for name in config.plugins if name == "statuskit" or name.startswith("statuskit #"))
    languages: set[str] = set()
    has_list = False
    for directory in config.theme.dirs:
        folder = Path(directory) / "partials" / "languages"
        if folder.is_dir():
            has_list = True
            languages.update(p.stem for p in folder.glob("*.html"))
    return MkdocsFacts(
        use_directory_urls=config.use_directory_urls,
        instances=listed,
        theme_languages=frozenset(languages) if has_list else None,
        site_description=config.site_description,
    )


def site_settings(config: MkDocsConfig, options: Any) -> tuple[SiteConfig, Path, Path]:
    """The validated plugin block, the incidents directory and the site root."""
    config_path = Path(config.config_file_path) if config.config_file_path else None
    root = config_path.parent if config_path else Path.cwd()
    language = config.theme.get("language")
    facts = mkdocs_facts(config)
    name = theme_text.plain(config.site_name)  # raw, even after on_config escaped it for the theme
    site_cfg = site_config(dict(options), name, config.site_url, language, config_path, facts)
    site_cfg = replace(site_cfg, cache_dir=str(cache_home()))
    return site_cfg, incidents_dir(options, root), root


def load_site(config: MkDocsConfig, options: Any, memo: LoadMemo | None = None) -> Site:
    """Validate mkdocs.yml (the plugin block, and settings that would call a third party) and every
    incident file into a Site; every problem of all of them is reported at once."""
    problems = theme_safety.check(config)
    try:
        site_cfg, directory, root = site_settings(config, options)
        require_incidents_dir(directory, Path(config.config_file_path) if config.config_file_path else None)
        now = build_now()
        if site_cfg.example_clock:  # an example site: its times follow the build (example_clock.py)
            incidents = example_clock.load(directory, site_cfg, now, root, memo)
        else:
            incidents = load_incidents(directory, site_cfg, now, root, memo)
    except InputError as exc:
        raise InputError([*problems, *exc.problems]) from None
    if problems:
        raise InputError(problems)
    return Site.build(site_cfg, incidents, now)
