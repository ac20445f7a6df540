"""Shared fixtures: temporary sites, the CLI run in-process, the built example site."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import settings as hypothesis_settings

from generator.cli import main

REPO = Path(__file__).resolve().parent.parent
EPOCH = 1795435200  # 2026-11-23T12:00:00Z: "now" for every test build
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

# Hermetic: no test reads or writes the real home, its caches or its config. Every process of the
# suite (each xdist worker, and every subprocess it starts) gets a home and caches of its own.
HERMETIC = Path(tempfile.mkdtemp(prefix="statuskit-tests-"))
atexit.register(shutil.rmtree, HERMETIC, ignore_errors=True)
for _var, _sub in (
    ("HOME", "home"),
    ("XDG_CACHE_HOME", "home/.cache"),
    ("XDG_CONFIG_HOME", "home/.config"),
    ("XDG_DATA_HOME", "home/.local/share"),
    ("STATUSKIT_CACHE_DIR", "home/.cache/statuskit"),
):
    (HERMETIC / _sub).mkdir(parents=True, exist_ok=True)
    os.environ[_var] = str(HERMETIC / _sub)
hypothesis_settings.register_profile("hermetic", database=None)  # no examples kept between runs
hypothesis_settings.load_profile("hermetic")

COMPONENTS = """
        - id: api
          name: Public API
          group: Platform
        - id: dashboard
          name: Dashboard
          group: Platform
          description: The web app
        - id: database
          name: Database
          group: Data
        - id: email
          name: Email
"""


def mkdocs_yml(components: str = COMPONENTS, extra: str = "", language: str = "en",
               timezone: str = "UTC", site_url: str = "https://status.example.com/") -> str:
    """A minimal mkdocs.yml using the plugin."""
    return (
        "site_name: Test Status\n"
        f"site_url: {site_url}\n"
        "docs_dir: site_src\n"
        "theme:\n  name: material\n  font: false\n"
        f"  language: {language}\n"
        "plugins:\n  - search\n  - statuskit:\n"
        f"      timezone: {timezone}\n"
        "      contact: mailto:help@example.com\n"
        f"      components:{components.rstrip()}\n" + textwrap.indent(extra, "      ")
    )


@dataclass
class TestSite:
    """A site in a temporary directory."""

    __test__ = False  # not a test class, despite the name
    root: Path

    @property
    def config(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def incidents(self) -> Path:
        return self.root / "incidents"

    def write(self, name: str, text: str) -> Path:
        """Write ``incidents/<name>`` (dedented)."""
        path = self.incidents / name
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    def cli(self, *args: str, epoch: int | None = EPOCH) -> Result:
        """Run ``statuskit ARGS --config-file <site>/mkdocs.yml`` in-process."""
        env = {"SOURCE_DATE_EPOCH": str(epoch)} if epoch is not None else {}
        argv = [*args, "--config-file", str(self.config)]
        return CliRunner().invoke(main, argv, env=env, catch_exceptions=True)

    def build(self, out: Path | None = None) -> Path:
        """Build into ``out`` (default <root>/site); assert success."""
        target = out or self.root / "site"
        result = self.cli("build", "--site-dir", str(target))
        assert result.exit_code == 0, result.output + repr(result.exception)
        return target


@pytest.fixture
def make_site(tmp_path: Path) -> Callable[..., TestSite]:
    """Factory: a site with the test components and the given incident files."""

    def make(incidents: dict[str, str] | None = None, **yml: str) -> TestSite:
        root = tmp_path / "site-root"
        (root / "incidents").mkdir(parents=True, exist_ok=True)
        (root / "site_src").mkdir(exist_ok=True)
        (root / "site_src" / "faq.md").write_text("# FAQ\n\nAsk us.\n", encoding="utf-8")
        (root / "mkdocs.yml").write_text(mkdocs_yml(**yml), encoding="utf-8")
        site = TestSite(root)
        for name, text in (incidents or {}).items():
            site.write(name, text)
        return site

    return make


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's example site, built once at the fixed EPOCH."""
    root = tmp_path_factory.mktemp("example")
    for name in ("mkdocs.yml", "incidents", "site_src"):
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, root / name)
        else:
            shutil.copy(src, root / name)
    site = TestSite(root)
    return site.build(root / "site")
