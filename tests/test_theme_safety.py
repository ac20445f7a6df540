"""Settings that would call a third party are refused (file, line, fix) or made safe (with a word).

Each case is a real mkdocs.yml, checked by ``statuskit validate`` and ``statuskit build`` (and, for
one, by mkdocs' own build with the plugin); the sites that build are opened in Chromium with a
request log: not one request leaves 127.0.0.1.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import browser
import pytest
from browser import open_page, serve
from conftest import EPOCH, REPO, TestSite

from generator.theme_safety import is_remote

chromium = browser.chromium  # the session's headless Chromium (a fixture: pytest finds it here)

INCIDENT = """\
title: Database outage
impact: major
components: [api]
updates:
  - at: 2026-11-22T09:00:00Z
    status: investigating
    message: We are looking into it.
"""

FAQ = "# FAQ\n\nAsk us :smile:.\n\n```mermaid\ngraph LR\n  a --> b\n```\n"


def config(theme: str = "  name: material\n  font: false\n", top: str = "", plugins: str = "") -> str:
    return (
        "site_name: Test Status\nsite_url: https://status.example.com/\ndocs_dir: site_src\n"
        f"theme:\n{theme}"
        f"{top}"
        f"plugins:\n  - search\n{plugins}  - statuskit:\n"
        "      components:\n        - id: api\n          name: Public API\n"
    )


@pytest.fixture
def site(tmp_path: Path) -> Callable[[str], TestSite]:
    def make(yml: str) -> TestSite:
        root = tmp_path / "root"
        (root / "incidents").mkdir(parents=True, exist_ok=True)
        (root / "site_src").mkdir(exist_ok=True)
        (root / "site_src" / "faq.md").write_text(FAQ, encoding="utf-8")
        (root / "site_src" / "mermaid.min.js").write_text("window.mermaid = {};\n", encoding="utf-8")
        (root / "incidents" / "2026-11-22-db.yaml").write_text(INCIDENT, encoding="utf-8")
        (root / "mkdocs.yml").write_text(yml, encoding="utf-8")
        return TestSite(root)

    return make


def line_of(site: TestSite, pattern: str) -> int:
    """The 1-based line of mkdocs.yml that matches ``pattern``."""
    lines = site.config.read_text(encoding="utf-8").splitlines()
    return next(n for n, text in enumerate(lines, 1) if re.search(pattern, text))


def refused(site: TestSite, pattern: str, message: str) -> None:
    """validate and build both exit 1 naming mkdocs.yml:<line of pattern> with ``message`` and a fix;
    nothing is built."""
    line = line_of(site, pattern)
    for args in (("validate",), ("build", "--site-dir", str(site.root / "site"))):
        result = site.cli(*args)
        assert result.exit_code == 1, (args, result.output)
        assert re.search(rf"mkdocs\.yml:{line}:\d+: [^\n]*{message}[^\n]*\n    fix: \S", result.output), (
            args, line, result.output,
        )
        assert "Traceback" not in result.output
    assert not (site.root / "site").exists()


def foreign_requests(chromium, built: Path) -> list[str]:
    """Every request that left 127.0.0.1 while each page loaded (and settled)."""
    found: list[str] = []
    with serve(built) as base:
        for path in ("", "incidents/2026-11-22-db/", "faq/", "history/"):
            with open_page(chromium, base + path) as visit:
                visit.page.wait_for_load_state("networkidle")
                found += visit.foreign()
    return found


# --- what the site would load from elsewhere -----------------------------------------------------


@pytest.mark.parametrize(
    ("theme", "pattern", "message"),
    [
        ("  name: material\n  font:\n    text: Inter\n", r"^  font:", "fonts.googleapis.com"),
        ("  name: material\n  font: true\n", r"^  font:", "fonts.googleapis.com"),
        ("  name: material\n  font: false\n  logo: https://cdn.example.com/l.png\n", r"logo:", "theme.logo"),
        ("  name: material\n  font: false\n  favicon: //cdn.example.com/f.ico\n", r"favicon:", "favicon"),
        ("  name: mkdocs\n  highlightjs: true\n", r"highlightjs:", "cdnjs.cloudflare.com"),
        ("  name: readthedocs\n  highlightjs: true\n", r"highlightjs:", "cdnjs.cloudflare.com"),
        ("  name: mkdocs\n  highlightjs: false\n  analytics:\n    gtag: G-1\n", r"gtag:", "tag manager"),
        ("  name: material\n  font: false\n  direction: 'rtl\" onload=\"x'\n", r"direction:", "ltr or rtl"),
    ],
    ids=["font-mapping", "font-true", "logo", "favicon", "mkdocs-hljs", "rtd-hljs", "gtag", "direction"],
)
def test_theme_settings_that_call_out_are_refused(site, theme, pattern, message):
    refused(site(config(theme=theme)), pattern, message)


MERMAID_FENCE = (
    "markdown_extensions:\n  - pymdownx.superfences:\n      custom_fences:\n        - name: mermaid\n"
    "          class: mermaid\n          format: !!python/name:pymdownx.superfences.fence_code_format\n"
)


@pytest.mark.parametrize(
    ("top", "pattern", "message"),
    [
        ("extra_css:\n  - https://cdn.example.com/x.css\n", r"cdn\.example", "extra_css loads"),
        ("extra_css:\n  - HTTPS://cdn.example.com/x.css\n", r"cdn\.example", "extra_css loads"),
        ("extra_javascript:\n  - //cdn.example.com/x.js\n", r"cdn\.example", "extra_javascript loads"),
        ("extra_javascript:\n  - '\\\\cdn.example.com/x.js'\n", r"cdn\.example", "extra_javascript loads"),
        ("extra_javascript:\n  - path: https://cdn.example.com/m.js\n    type: module\n", r"cdn\.example",
         "extra_javascript loads"),
        ("extra_css:\n  - 'a\" onload=\"x.css'\n", r"onload", "not allowed in a URL"),
        ("extra:\n  analytics:\n    provider: google\n    property: G-1\n", r"^  analytics:", "tag manager"),
        ("extra:\n  polyfills:\n    - https://cdn.example.com/p.js\n", r"cdn\.example", "extra.polyfills"),
        ("google_analytics: [UA-1, auto]\n", r"google_analytics", "Google Analytics"),
        ("markdown_extensions:\n  - pymdownx.emoji\n", r"pymdownx\.emoji", "CDN"),
        ("markdown_extensions:\n  - pymdownx.emoji:\n"
         "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
         "      emoji_generator: !!python/name:material.extensions.emoji.to_svg\n",
         r"pymdownx\.emoji", "CDN"),
        ("markdown_extensions:\n  - pymdownx.superfences:\n      custom_fences:\n        - name: mermaid\n"
         "          class: mermaid\n          format: !!python/name:pymdownx.superfences.fence_code_format\n",
         r"pymdownx\.superfences", "unpkg.com"),
        ("extra_css:\n  - 'data:text/css,body{background:url(https://cdn.example.com/x.png)}'\n",
         r"data:text/css", "extra_css"),
        ("extra_javascript:\n  - 'data:text/javascript,fetch(1)'\n", r"data:text/javascript",
         "extra_javascript"),
        ("extra:\n  polyfills:\n    - 'data:text/javascript,fetch(1)'\n", r"data:", "extra.polyfills"),
        ("markdown_extensions:\n  - pymdownx.emoji:\n"
         "      options: {image_path: 'https://cdn.example.com/e/', non_standard_image_path: img/}\n",
         r"pymdownx\.emoji", "CDN"),
        ("markdown_extensions:\n  - pymdownx.emoji:\n      options: {image_path: img/}\n",
         r"pymdownx\.emoji", "CDN"),
        ("extra_javascript: [js/my-mermaid-setup.js]\n" + MERMAID_FENCE, r"pymdownx\.superfences",
         "unpkg.com"),
        ("extra_javascript: [missing/mermaid.min.js]\n" + MERMAID_FENCE, r"pymdownx\.superfences",
         "unpkg.com"),
        ("extra_javascript: ['https://cdn.example.com/mermaid.min.js']\n" + MERMAID_FENCE, r"cdn\.example",
         "loads"),
    ],
    ids=["css", "css-upper-scheme", "js-scheme-relative", "js-backslashes", "js-mapping", "css-quote",
         "analytics", "polyfills", "google-analytics", "emoji-cdn", "emoji-material-svg", "mermaid",
         "css-data", "js-data", "polyfill-data", "emoji-remote-image-path", "emoji-cdn-non-standard",
         "mermaid-named-script", "mermaid-missing-file", "mermaid-remote"],
)
def test_settings_that_load_from_elsewhere_are_refused(site, top, pattern, message):
    made = site(config(top=top))
    (made.root / "site_src" / "js").mkdir()
    (made.root / "site_src" / "js" / "my-mermaid-setup.js").write_text("mermaid.initialize({})\n", "utf-8")
    refused(made, pattern, message)


@pytest.mark.parametrize("plugin", ["social", "privacy", "material/info"])
def test_plugins_that_need_the_network_are_refused(site, plugin):
    refused(site(config(plugins=f"  - {plugin}\n")), rf"- {plugin}$", "a build must not need the network")


def test_a_disabled_network_plugin_is_fine(site):
    built = site(config(plugins="  - privacy:\n      enabled: false\n"))
    assert built.cli("validate").exit_code == 0


@pytest.mark.parametrize(
    ("top", "pattern", "message"),
    [
        ("repo_url: https://git.example.com/x\"onmouseover=\"alert(1)\n", r"repo_url", "not allowed in"),
        ("edit_uri: 'javascript:alert(1)//'\n", r"edit_uri", "not a web address"),
        ("extra:\n  social:\n    - icon: fontawesome/brands/mastodon\n      link: javascript:alert(1)\n",
         r"javascript:", "not a web address"),
        ("extra:\n  social:\n    - icon: fontawesome/brands/mastodon\n      link: ' JaVaScRiPt:alert(1)'\n",
         r"JaVaScRiPt", "not a web address"),
        ("extra:\n  homepage: 'data:text/html,<script>alert(1)</script>'\n", r"homepage", "not a web"),
        ("extra:\n  homepage: '/a\" onclick=\"alert(1)'\n", r"homepage", "not allowed in a URL"),
        ("extra:\n  alternate:\n    - {name: X, link: 'vbscript:x', lang: en}\n", r"vbscript", "not a web"),
        ("nav:\n  - index.md\n  - Help: 'javascript:alert(1)'\n", r"javascript:", "not a web address"),
        ("nav:\n  - More:\n      - Help: ' JavaScript:alert(1)'\n", r"JavaScript", "not a web address"),
    ],
    ids=["repo-url-quote", "edit-uri-javascript", "social-javascript", "social-mixed-case", "homepage-data",
         "homepage-quote", "alternate-vbscript", "nav-javascript", "nav-section-javascript"],
)
def test_links_the_theme_prints_raw_must_be_web_addresses(site, top, pattern, message):
    refused(site(config(top=top)), pattern, message)


def test_every_problem_is_reported_at_once_with_the_incident_errors(site):
    broken = site(config(theme="  name: material\n  font: {text: Inter}\n",
                         top="extra_css: [https://cdn.example.com/x.css]\n"))
    (broken.incidents / "2026-11-23-bad.yaml").write_text("title: x\nimpact: nope\nupdates: []\n", "utf-8")
    result = broken.cli("validate")
    assert result.exit_code == 1
    assert "mkdocs.yml:" in result.output and "theme.font" in result.output and "extra_css" in result.output
    assert "incidents/2026-11-23-bad.yaml:" in result.output
    assert re.search(r"\d+ errors in 2 files", result.output), result.output


def test_mkdocs_build_with_the_plugin_refuses_too(site):
    bad = site(config(top="extra_css: [https://cdn.example.com/x.css]\n"))
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH), "PYTHONPATH": str(REPO)}
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(bad.config), "-d", str(bad.root / "out")],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )
    assert run.returncode == 1, run.stderr
    assert re.search(r"mkdocs\.yml:\d+:\d+: extra_css loads .*\n    fix: ", run.stderr), run.stderr
    assert "Traceback" not in run.stderr


# --- what is made safe, and said ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("theme", "said", "looked_for"),
    [
        ("  name: material\n", "Google Fonts", "fonts.googleapis.com"),
        ("  name: mkdocs\n", "highlight.js", "cdnjs.cloudflare.com"),
        ("  name: readthedocs\n", "highlight.js", "cdnjs.cloudflare.com"),
    ],
    ids=["material-font", "mkdocs-hljs", "readthedocs-hljs"],
)
def test_an_unset_default_that_calls_out_is_turned_off_and_said(chromium, site, theme, said, looked_for):
    safe = site(config(theme=theme))
    out = safe.root / "site"
    result = safe.cli("build", "--site-dir", str(out))
    assert result.exit_code == 0, result.output
    warning = rf"WARNING.*mkdocs\.yml: .*{said}.*statuskit (set|turned)"
    assert len(re.findall(warning, result.output)) == 1, result.output  # once, though loaded twice
    with safe.config.open("a", encoding="utf-8") as yml:
        yml.write("# changed\n")  # a new text is warned about again (once per text and process)
    checked = safe.cli("validate")
    assert checked.exit_code == 0, checked.output
    assert re.search(warning, checked.output), checked.output
    for page in out.rglob("*.html"):
        assert looked_for not in page.read_text(encoding="utf-8"), page
    assert foreign_requests(chromium, out) == []


def test_the_repository_link_fetches_no_facts_from_github(chromium, site):
    """material's script asks api.github.com for a GitHub repo_url's stars and forks; ours does not."""
    built = site(config(top="repo_url: https://github.com/example/status\n")).build()
    html = (built / "index.html").read_text(encoding="utf-8")
    assert 'href="https://github.com/example/status"' in html
    assert 'data-md-component="source"' not in html
    assert foreign_requests(chromium, built) == []


def test_local_mermaid_and_emoji_as_text_are_fine(chromium, site):
    extensions = textwrap.dedent("""\
        extra_javascript: [mermaid.min.js]
        markdown_extensions:
          - pymdownx.emoji:
              emoji_index: !!python/name:material.extensions.emoji.twemoji
              emoji_generator: !!python/name:pymdownx.emoji.to_alt
          - pymdownx.superfences:
              custom_fences:
                - name: mermaid
                  class: mermaid
                  format: !!python/name:pymdownx.superfences.fence_code_format
        """)
    built = site(config(top=extensions)).build()
    faq = (built / "faq" / "index.html").read_text(encoding="utf-8")
    assert 'class="mermaid"' in faq and "😄" in faq
    assert foreign_requests(chromium, built) == []


@pytest.mark.parametrize(
    ("theme", "pattern", "message"),
    [
        ("  name: material\n  font: false\n  language:\n", r"language:", "theme.language is empty"),
        ("  name: material\n  font: false\n  language: ''\n", r"language:", "theme.language is empty"),
        ("  name: null\n  custom_dir: site_src\n", r"name: null", "theme.name is missing"),
    ],
    ids=["language-null", "language-empty", "no-theme-name"],
)
def test_theme_settings_the_build_could_not_use_are_refused(site, theme, pattern, message):
    refused(site(config(theme=theme)), pattern, message)


def test_an_unknown_theme_is_named_in_a_warning(site):
    root_theme = site(config(theme="  name: null\n  custom_dir: my_theme\n"))
    (root_theme.root / "my_theme").mkdir()
    base = "<html><title>{{ page.title }}</title>{% block content %}{{ page.content }}{% endblock %}</html>"
    (root_theme.root / "my_theme" / "base.html").write_text(base, "utf-8")
    result = root_theme.cli("validate")
    assert result.exit_code == 0, result.output
    assert "check its pages' requests" in result.output
    page = root_theme.build() / "incidents" / "2026-11-22-db" / "index.html"
    assert "Database outage" in page.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("url", "remote"),
    [
        ("https://x/a.css", True), ("HTTPS://x/a.css", True), ("//x/a.css", True), ("\\\\x/a.css", True),
        ("/\\x/a.css", True), ("\\/x/a.css", True), (" https://x/", True), ("ftp://x/", True),
        ("data:text/css,a", False), ("a.css", False), ("/a.css", False), ("../a.css", False),
        ("assets/x:y.css", False), ("/\t/x/a.css", True), ("\x01//x/a.css", True), ("ht\ntps://x/", True),
        ("\x00data:text/css,a", False),
    ],
)
def test_is_remote_reads_urls_as_browsers_do(url, remote):
    assert is_remote(url) is remote


# --- what the theme could not build with at all (validate 0 means build 0) -----------------------


@pytest.mark.parametrize(
    ("setting", "pattern"),
    [
        ("theme:\n  name: material\n  font: false\n  icon:\n    logo: material/no-such-icon\n", r"logo:"),
        ("theme:\n  name: material\n  font: false\n  icon:\n    repo: ../../../../etc/passwd\n", r"repo:"),
        ("theme:\n  name: material\n  font: false\n  icon:\n    admonition:\n      note: x/y\n", r"note:"),
        ("theme:\n  name: material\n  font: false\n  palette:\n    - toggle: {icon: nope, name: Dark}\n",
         r"toggle:"),
        ("theme:\n  name: material\n  font: false\nextra:\n  social:\n    - {icon: nope/x, link: /}\n",
         r"nope/x"),
    ],
    ids=["logo", "traversal", "admonition", "palette-toggle", "social"],
)
def test_an_icon_the_theme_does_not_have_is_refused(site, setting, pattern):
    theme, _, rest = setting.partition("extra:")
    yml = config(theme=theme.removeprefix("theme:\n"), top=f"extra:{rest}" if rest else "")
    refused(site(yml), pattern, "is not an icon of the theme")


def test_an_icon_of_the_custom_dir_is_fine(site):
    custom = site(config(theme="  name: material\n  font: false\n  custom_dir: overrides\n"
                         "  icon:\n    logo: own/mark\n"))
    (custom.root / "overrides" / ".icons" / "own").mkdir(parents=True)
    (custom.root / "overrides" / ".icons" / "own" / "mark.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"></svg>', "utf-8"
    )
    assert custom.cli("validate").exit_code == 0
    assert 'viewBox="0 0 1 1"' in (custom.build() / "index.html").read_text("utf-8")


def test_a_site_url_that_would_leave_the_canonical_link_is_refused(site):
    yml = config().replace("site_url: https://status.example.com/",
                           "site_url: 'https://status.example.com/a\"onmouseover=\"alert(1)/'")
    refused(site(yml), r"^site_url:", "site_url .* not allowed in a URL")


def test_a_setting_from_an_inherited_file_is_reported_there(site: Callable[[str], TestSite]) -> None:
    made = site(config())
    (made.root / "base.yml").write_text("theme:\n  name: material\n  font:\n    text: Roboto\n", "utf-8")
    child = config(theme="  name: material\n").replace("theme:\n  name: material\n", "")
    made.config.write_text("INHERIT: base.yml\n" + child, encoding="utf-8")
    result = made.cli("validate")
    assert result.exit_code == 1, result.output
    assert "base.yml:3:3: theme.font loads fonts from fonts.googleapis.com" in result.output
