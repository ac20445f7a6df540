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
    written = {}
    for target in (site, other_site):
        writer = SiteWriter(target, {})
        writer.write("incidents/x/card.png", entry)
        writer.finish()
        written[target] = writer.now
    assert (site / "incidents/x/card.png").read_bytes() == b"the cached card"

    writer = SiteWriter(site, written[site])  # the next rebuild: the card's content changed
    writer.write("incidents/x/card.png", b"a new card")
    writer.finish()
    assert (site / "incidents/x/card.png").read_bytes() == b"a new card"
    assert entry.read_bytes() == b"the cached card"
    assert (other_site / "incidents/x/card.png").read_bytes() == b"the cached card"


HOOK = '''
def on_page_content(html, page, config, files):
    return html + '<p class="hooked-content">' + page.file.src_uri + "</p>"


def on_post_page(output, page, config):
    return output.replace("</body>", '<i class="hooked-post"></i></body>')
'''

ONE = """title: Elevated API errors
impact: minor
components: [api]
updates:
  - at: 2026-11-20T10:00:00Z
    status: investigating
    message: We are looking into it.
"""


def test_other_plugins_page_events_run_on_incident_pages(make_site) -> None:
    """fast_pages renders incident pages outside mkdocs' loop; a site with a hook that acts on
    pages gets them through the loop instead, so the hook sees every page, and is told why."""
    site = make_site({"2026-11-20-api.yaml": ONE})
    (site.root / "hooks.py").write_text(HOOK, encoding="utf-8")
    text = site.config.read_text(encoding="utf-8")
    site.config.write_text(text + "hooks:\n  - hooks.py\n", encoding="utf-8")
    result = site.cli("build", "--site-dir", str(site.root / "site"))
    assert result.exit_code == 0, result.output
    page = (site.root / "site/incidents/2026-11-20-api/index.html").read_text(encoding="utf-8")
    assert '<p class="hooked-content">incidents/2026-11-20-api.md</p>' in page
    assert '<i class="hooked-post"></i></body>' in page
    assert "mkdocs' page loop" in result.output and "hooks.py: on_page_content" in result.output
    home = (site.root / "site/index.html").read_text(encoding="utf-8")
    assert '<i class="hooked-post">' in home


def test_without_other_page_plugins_the_fast_path_stays_and_nothing_is_said(make_site) -> None:
    site = make_site({"2026-11-20-api.yaml": ONE})
    result = site.cli("build", "--site-dir", str(site.root / "site"))
    assert result.exit_code == 0, result.output
    assert "page loop" not in result.output


def test_an_unexpected_build_failure_is_friendly_and_shows_its_traceback_when_asked(
    make_site, monkeypatch
) -> None:
    """A bug inside mkdocs' build (ours or a theme's): the friendly text, exit 1, the previous
    site untouched; with STATUSKIT_DEBUG=1 the traceback too."""
    from generator.outputs import badges

    site = make_site({"2026-11-20-api.yaml": ONE})
    target = site.build()
    before = (target / "index.html").read_bytes()

    def broken(_site: object) -> dict[str, bytes]:
        raise RuntimeError("a bug of ours in the badges")

    monkeypatch.setattr(badges, "render", broken)
    quiet = site.cli("build", "--site-dir", str(target))
    assert quiet.exit_code == 1 and isinstance(quiet.exception, SystemExit)
    assert "the build failed unexpectedly: RuntimeError: a bug of ours in the badges" in quiet.output
    assert "Traceback" not in quiet.output and "--verbose" in quiet.output
    assert (target / "index.html").read_bytes() == before

    monkeypatch.setenv("STATUSKIT_DEBUG", "1")
    loud = site.cli("build", "--site-dir", str(target))
    assert loud.exit_code == 1
    assert "Traceback (most recent call last)" in loud.output and "in broken" in loud.output


def test_every_dependency_is_pinned_for_ci() -> None:
    """CI installs with .ci/constraints.txt: a dependency added to pyproject.toml without a pin
    would float, and its next release could turn CI red (as PyYAML 6.0.4 did)."""
    import re
    import tomllib

    from conftest import REPO
    from packaging.requirements import Requirement

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    pinned = {}
    for line in (REPO / ".ci/constraints.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            pinned[re.sub(r"[-_.]+", "-", name).lower()] = version
    for text in wanted:
        req = Requirement(text)
        key = re.sub(r"[-_.]+", "-", req.name).lower()
        assert key in pinned, f"{req.name} is not pinned: python3 .ci/constraints.py > .ci/constraints.txt"
        assert req.specifier.contains(pinned[key], prereleases=True), (req, pinned[key])
