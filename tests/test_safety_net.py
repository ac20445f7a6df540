"""The safety net itself (issue 11): hermetic tests, caches that cannot be corrupted."""

from __future__ import annotations

import os
import pwd
from pathlib import Path

from conftest import HERMETIC

from generator import cachedir
from generator.sitewriter import SiteWriter


def test_the_suite_never_touches_the_real_home() -> None:
    real_home = Path(pwd.getpwuid(os.getuid()).pw_dir).resolve()
    for found in (cachedir.cache_home(), Path.home(), Path(os.environ["XDG_CACHE_HOME"])):
        resolved = found.resolve()
        assert resolved.is_relative_to(HERMETIC.resolve()), found
        assert not resolved.is_relative_to(real_home) or real_home.is_relative_to(HERMETIC), found


def test_a_rewritten_file_never_changes_the_cache_entry_it_was_linked_from(tmp_path: Path) -> None:
    """serve keeps its site between rebuilds: a card linked from the cache, then changed, must be
    replaced in the site and stay as it was in the cache (and in every other site linked to it)."""
    cache = tmp_path / "cache" / "cards"
    cache.mkdir(parents=True)
    entry = cache / "0123abcd.png"
    entry.write_bytes(b"the cached card")
    site = tmp_path / "site"
    other_site = tmp_path / "other"
    for target in (site, other_site):
        writer = SiteWriter(target, keep=True)
        writer.write("incidents/x/card.png", entry)
        writer.finish()
    assert (site / "incidents/x/card.png").read_bytes() == b"the cached card"

    writer = SiteWriter(site, keep=True)  # the next rebuild: the card's content changed
    writer.write("incidents/x/card.png", b"a new card")
    writer.finish()
    assert (site / "incidents/x/card.png").read_bytes() == b"a new card"
    assert entry.read_bytes() == b"the cached card"
    assert (other_site / "incidents/x/card.png").read_bytes() == b"the cached card"
