"""mkdocs.yml inputs that used to validate and then fail the build (or build nonsense), issue 11.

Every row breaks one setting of a working site. ``validate`` and ``build``
must both refuse it the same way: exit 1, no traceback, a problem line
``file:LINE:COL: what`` whose LINE is the line of the broken setting, and a
``    fix:`` line under it; ``build`` writes no site. Rows that must keep
working (an empty incidents directory, a site_url with a path, ...) are
built for real: ``validate`` exit 0 means ``build`` exit 0.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import Result
from conftest import TestSite

from generator import config as config_module
from generator.plugin import StatuskitConfig

PROBLEM = re.compile(r"^(?P<file>[^\s:]+\.yml)(?::(?P<line>\d+):(?P<col>\d+))?: (?P<what>.+)$")


@dataclass(frozen=True)
class Row:
    """A change to mkdocs.yml and what the report must say about it.

    ``needle`` is text on the line the problem must point at (its last occurrence
    in ``file``); None when the setting is missing, so no line can be named.
    """

    change: Callable[[str], str]
    needle: str | None
    message: str
    fix: str
    file: str = "mkdocs.yml"
    env: tuple[tuple[str, str], ...] = ()
    extra_files: tuple[tuple[str, str], ...] = ()


def option(text: str) -> Callable[[str], str]:
    """Add a line to the statuskit block (just after ``contact:``)."""
    return lambda yml: yml.replace(
        "      contact: mailto:help@example.com\n", f"      contact: mailto:help@example.com\n      {text}\n"
    )


def replace(old: str, new: str) -> Callable[[str], str]:
    def change(yml: str) -> str:
        assert old in yml, old
        return yml.replace(old, new, 1)

    return change


def top(text: str) -> Callable[[str], str]:
    """Add a top-level setting at the end of mkdocs.yml."""
    return lambda yml: yml + text + "\n"


NAME = "          name: Public API\n"
GROUP = "          group: Platform\n"
LAST = "          name: Email\n"  # the last component: a line added here is the last of its kind

ROWS = {
    # -- the cases of the issue ------------------------------------------------------------------
    "language-unknown": Row(
        replace("language: en", "language: xx"), "language: xx", "theme.language 'xx'", "code"
    ),
    "component-id-300-chars": Row(
        replace("- id: api\n", f"- id: {'a' * 300}\n"), "- id: aaa", "at most 64", "id: api"
    ),
    "use-directory-urls-false": Row(
        top("use_directory_urls: false"), "use_directory_urls", "use_directory_urls: true", "true"
    ),
    "plugin-listed-twice": Row(top("  - statuskit"), "  - statuskit", "listed 2 times", "keep one"),
    "unknown-option-typo": Row(option("timezon: UTC"), "timezon:", "unknown option 'timezon'", "timezone"),
    "incidents-dir-missing": Row(
        option("incidents_dir: incidnets"), "incidents_dir", "does not exist", "mkdir"
    ),
    "incidents-dir-a-file": Row(
        option("incidents_dir: site_src/faq.md"), "incidents_dir", "is not a directory", "incidents_dir"
    ),
    "share-unknown-target": Row(option("share: [x, myspace]"), "share:", "'myspace' is not a share", "x"),
    # -- wrong types for every plugin option -----------------------------------------------------
    "feed-cap-text": Row(option('feed_cap: "100"'), "feed_cap", "feed_cap must be a whole number", "100"),
    "feed-cap-small": Row(option("feed_cap: 10"), "feed_cap", "at least 50", "feed_cap"),
    "feed-cap-bool": Row(option("feed_cap: true"), "feed_cap", "not true", "feed_cap"),
    "recent-days-text": Row(option('recent_days: "7"'), "recent_days", "recent_days must be", "7"),
    "recent-days-too-many": Row(option("recent_days: 400"), "recent_days", "from 1 to 90", "recent_days"),
    "components-mapping": Row(
        replace("      components:", "      components: {}\n      old_components:"),
        "components: {}",
        "components must be a list",
        "- id: api",
    ),
    "share-text": Row(option("share: x"), "share:", "share must be a list", "share: []"),
    "share-twice": Row(option("share: [x, email, x]"), "share:", "'x' is listed twice", "once"),
    "fast-pages-text": Row(option("fast_pages: maybe"), "fast_pages", "true or false", "fast_pages"),
    "timezone-number": Row(
        replace("timezone: UTC", "timezone: 5"), "timezone: 5", "time zone name, not the number 5", "UTC"
    ),
    "timezone-list": Row(replace("timezone: UTC", "timezone: [UTC]"), "timezone:", "not a list", "UTC"),
    "timezone-of-the-machine": Row(
        replace("timezone: UTC", "timezone: localtime"), "timezone:", "building machine's", "Europe/Budapest"
    ),
    "contact-number": Row(
        replace("contact: mailto:help@example.com", "contact: 5"),
        "contact: 5",
        "contact must be text",
        "quotes",
    ),
    "contact-control-character": Row(
        replace("contact: mailto:help@example.com", 'contact: "a\\u001bb"'), "contact:", "U+001B", "delete"
    ),
    "incidents-dir-number": Row(option("incidents_dir: 5"), "incidents_dir", "must be text", "quotes"),
    "incidents-dir-empty": Row(
        option('incidents_dir: ""'), "incidents_dir", "incidents_dir is empty", "quotes"
    ),
    "env-value-is-text": Row(
        option("feed_cap: !ENV [STATUSKIT_TEST_CAP, 100]"),
        "feed_cap",
        "feed_cap must be a whole number of at least 50, not the text 'ten'",
        "feed_cap",
        env=(("STATUSKIT_TEST_CAP", "ten"),),
    ),
    # -- components: names, groups, descriptions -------------------------------------------------
    "component-name-yes": Row(
        replace(NAME, "          name: yes\n"), "name: yes", "must be text, not true", "quotes"
    ),
    "component-name-number": Row(replace(NAME, "          name: 5\n"), "name: 5", "the number 5", "quotes"),
    "component-name-list": Row(replace(NAME, "          name: [a]\n"), "name: [a]", "not a list", "quotes"),
    "component-name-empty": Row(replace(NAME, '          name: ""\n'), 'name: ""', "has no name", "name:"),
    "component-name-control": Row(
        replace(NAME, '          name: "Public\\u001bAPI"\n'), 'name: "Public', "U+001B", "delete"
    ),
    "component-group-number": Row(
        replace(GROUP, "          group: 3\n"), "group: 3", "the number 3", "quotes"
    ),
    "component-group-empty": Row(
        replace(GROUP, '          group: " "\n'), 'group: " "', "group of component", "remove"
    ),
    "component-group-nul": Row(replace(GROUP, '          group: "a\\0b"\n'), 'group: "a', "U+0000", "delete"),
    "component-description-mapping": Row(
        replace(LAST, LAST + "          description: {a: 1}\n"), "description:", "not a mapping", "quotes"
    ),
    "component-description-empty": Row(
        replace(LAST, LAST + "          description:\n"), "description:", "is empty", "remove"
    ),
    "component-description-nonchar": Row(
        replace(LAST, LAST + '          description: "x\\uFFFE"\n'), "description:", "U+FFFE", "delete"
    ),
    "component-id-number": Row(replace("- id: api\n", "- id: 5\n"), "- id: 5", "the number 5", "quotes"),
    "component-id-newline": Row(
        replace("- id: api\n", '- id: "api\\n"\n'), '- id: "api', "'api\\n'", "id: api"
    ),
    # -- mkdocs settings around the block --------------------------------------------------------
    "site-url-no-scheme": Row(
        replace("site_url: https://status.example.com/", "site_url: status.example.com"),
        "site_url:",
        "site_url: The URL isn't valid",
        "https://status.example.com/",
    ),
    "site-url-ftp": Row(
        replace("site_url: https://status.example.com/", "site_url: ftp://status.example.com/"),
        "site_url:",
        "https:// or http://",
        "site_url: https://",
    ),
    "site-url-query": Row(
        replace("site_url: https://status.example.com/", "site_url: https://status.example.com/?a=1"),
        "site_url:",
        "?query",
        "site_url: https://",
    ),
    "site-url-password": Row(
        replace("site_url: https://status.example.com/", "site_url: https://me:pw@status.example.com/"),
        "site_url:",
        "user name or password",
        "site_url: https://",
    ),
    "site-name-missing": Row(
        replace("site_name: Test Status\n", ""), None, "site_name: Required", "site_name:"
    ),
    "site-name-empty": Row(
        replace("site_name: Test Status", 'site_name: " "'), "site_name", "empty", "site_name:"
    ),
    "site-name-control": Row(
        replace("site_name: Test Status", 'site_name: "Test\\u0007Status"'), "site_name", "U+0007", "delete"
    ),
    "site-description-control": Row(
        top('site_description: "a\\u001bb"'), "site_description", "U+001B", "delete"
    ),
    "docs-dir-missing": Row(
        replace("docs_dir: site_src", "docs_dir: pages"), "docs_dir", "docs_dir: The path", "docs_dir"
    ),
    "unknown-top-level-key": Row(
        top("site_urll: https://x.example/"), "site_urll", "unknown setting", "site_url"
    ),
    "theme-unknown": Row(
        replace("  name: material", "  name: materiall"), "theme:", "theme: Unrecognised", "material"
    ),
    "plugin-not-installed": Row(
        top("  - nosuchplugin"), "plugins:", 'plugins: The "nosuchplugin" plugin', "install"
    ),
    "python-tag-that-fails": Row(
        top("extra: !!python/object/apply:os.getcwd [1]"), None, "mkdocs cannot read this file", "mkdocs.org"
    ),
    "yaml-syntax": Row(top("nav: [a"), None, "YAML syntax error", "indentation"),
    # -- INHERIT -----------------------------------------------------------------------------------
    "inherit-error-in-parent": Row(
        lambda yml: "INHERIT: base.yml\nsite_name: Child Status\n",
        "timezone: Mars",
        "timezone 'Mars/Olympus'",
        "UTC",
        file="base.yml",
        extra_files=(("base.yml", "MKDOCS:timezone: UTC->timezone: Mars/Olympus"),),
    ),
    "inherit-loop": Row(
        lambda yml: "INHERIT: base.yml\n",
        "INHERIT: mkdocs.yml",
        "INHERIT makes a loop",
        "remove",
        file="base.yml",
        extra_files=(("base.yml", "INHERIT: mkdocs.yml\n"),),
    ),
    "inherit-missing": Row(
        lambda yml: "INHERIT: nope.yml\n", "INHERIT", "does not exist", "correct the path"
    ),
}


def apply(site: TestSite, row: Row) -> str:
    """Break the site; return the text of the file the problem must point into."""
    original = site.config.read_text(encoding="utf-8")
    site.config.write_text(row.change(original), encoding="utf-8")
    for name, content in row.extra_files:
        if content.startswith("MKDOCS:"):  # the working mkdocs.yml, with one change
            old, new = content.removeprefix("MKDOCS:").split("->")
            content = original.replace(old, new)
        (site.root / name).write_text(content, encoding="utf-8")
    return (site.root / row.file).read_text(encoding="utf-8")


def assert_refused(result: Result, row: Row, text: str) -> None:
    output = result.output
    assert result.exit_code == 1, output + repr(result.exception)
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in output
    lines = output.splitlines()
    for index, line in enumerate(lines):
        found = PROBLEM.match(line)
        if found is None or row.message not in found["what"]:
            continue
        assert found["file"] == row.file, line
        if row.needle is not None:
            expected = max(n for n, ln in enumerate(text.splitlines(), 1) if row.needle in ln)
            assert found["line"] is not None and int(found["line"]) == expected, (expected, output)
        assert index + 1 < len(lines) and lines[index + 1].startswith("    fix: "), output
        assert row.fix in lines[index + 1], output
        return
    raise AssertionError(f"no problem line with {row.message!r}:\n{output}")


def run(site: TestSite, row: Row, *args: str) -> Result:
    from click.testing import CliRunner

    from generator.cli import main

    env = {"SOURCE_DATE_EPOCH": "1795435200", **dict(row.env)}
    return CliRunner().invoke(main, [*args, "--config-file", str(site.config)], env=env)


@pytest.fixture
def site(make_site: Callable[..., TestSite]) -> TestSite:
    made = make_site(
        {
            "2026-11-20-api.yaml": """
            title: API errors
            impact: minor
            components: [api]
            updates:
              - at: 2026-11-20T10:00:00Z
                status: investigating
                message: We are looking into it.
            """
        }
    )
    return made


def test_the_unbroken_site_validates_and_builds(site: TestSite) -> None:
    assert site.cli("validate").exit_code == 0
    site.build()


@pytest.mark.parametrize("row", ROWS.values(), ids=ROWS.keys())
def test_validate_refuses_with_the_line_and_a_fix(site: TestSite, row: Row) -> None:
    text = apply(site, row)
    assert_refused(run(site, row, "validate"), row, text)


@pytest.mark.parametrize("row", ROWS.values(), ids=ROWS.keys())
def test_build_refuses_the_same_and_writes_nothing(site: TestSite, row: Row) -> None:
    text = apply(site, row)
    target = site.root / "public"
    assert_refused(run(site, row, "build", "--site-dir", str(target)), row, text)
    assert not target.exists()
    assert not [p.name for p in site.root.iterdir() if ".building-" in p.name]


# -- what must keep working: validate 0 and build 0 -----------------------------------------------
KEEP = {
    "empty-incidents-dir": (option("incidents_dir: empty"), ("empty",)),
    "site-url-with-a-path": (
        replace("site_url: https://status.example.com/", "site_url: https://example.github.io/status"),
        (),
    ),
    "env-default-used": (option("feed_cap: !ENV [STATUSKIT_TEST_UNSET_CAP, 100]"), ()),
    "language-with-region": (replace("language: en", "language: pt-BR"), ()),
    "share-none": (option("share: []"), ()),
    "component-id-64": (replace("- id: api\n", f"- id: {'a' * 64}\n"), ()),
}


@pytest.mark.parametrize(("change", "dirs"), KEEP.values(), ids=KEEP.keys())
def test_settings_that_validate_also_build(
    make_site: Callable[..., TestSite], change: Callable[[str], str], dirs: tuple[str, ...]
) -> None:
    site = make_site({})
    site.config.write_text(change(site.config.read_text(encoding="utf-8")), encoding="utf-8")
    for name in dirs:
        (site.root / name).mkdir()
    result = site.cli("validate")
    assert result.exit_code == 0, result.output
    out = site.build()
    assert (out / "index.html").is_file() and (out / "api/v2/summary.json").is_file()


def test_a_custom_language_partial_is_a_known_language(make_site: Callable[..., TestSite]) -> None:
    """A language the theme lacks is fine once the site's custom_dir provides its partial."""
    site = make_site({})
    (site.root / "overrides/partials/languages").mkdir(parents=True)
    english = Path(__import__("material").__file__).parent / "templates/partials/languages/en.html"
    (site.root / "overrides/partials/languages/xx.html").write_text(english.read_text(), encoding="utf-8")
    yml = site.config.read_text(encoding="utf-8")
    site.config.write_text(yml.replace("language: en", "language: xx\n  custom_dir: overrides"))
    assert site.cli("validate").exit_code == 0
    site.build()


def test_inherited_settings_are_read_and_checked_from_the_parent(make_site: Callable[..., TestSite]) -> None:
    site = make_site({})
    (site.root / "base.yml").write_text(site.config.read_text(encoding="utf-8"), encoding="utf-8")
    site.config.write_text("INHERIT: base.yml\nsite_name: Child Status\n", encoding="utf-8")
    assert site.cli("validate").exit_code == 0
    out = site.build()
    assert "Child Status" in (out / "index.html").read_text(encoding="utf-8")


def test_every_plugin_option_is_checked() -> None:
    """config.py's list of options is the plugin's: a new option cannot skip validation."""
    assert set(config_module.OPTIONS) == {name for name, _ in StatuskitConfig._schema}
