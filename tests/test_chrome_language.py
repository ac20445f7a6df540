"""The chrome follows ``theme.language`` on a site made by ``statuskit init`` (issue 12).

``init`` used to write ``nav: [Status: ..., History: ..., FAQ: ...]`` into mkdocs.yml, so
a site switched to ``language: he`` kept English nav labels and an English "Status"
heading. Here the scaffold is built in every shipped language and the chrome (the
``<title>``, the header, the navigation, every heading statuskit writes) is searched for
each English string of ``generator/locales/en.json``. A key whose translation is the
English text itself (German "Status", French "Maintenance") cannot be told apart and is
reported as a warning, not searched.

Operator text (the site name, component names, incident titles and messages, the FAQ's
own questions) is not chrome; the test's incidents are written in made-up words.
"""

from __future__ import annotations

import json
import re
import textwrap
import warnings
from importlib import resources
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from conftest import EPOCH, TestSite

from generator.cli import main
from generator.i18n import languages, translator

SITE_NAME = "Qxz"
OPEN = "2026-11-23-zorblat"
PLANNED = "2026-12-05-vrelnik"
# The scaffold's own text (its components and example incident) and the test incidents' words.
OPERATOR_TEXT = ("Website", "Public API", "Dashboard", "Email notifications", "Public services",
                 "Customer tools", "Slow dashboard for some customers", "Zorblat", "Vrelnik", "Wibbet",
                 "Plonk")  # fmt: skip
# Words mkdocs or the old scaffold put in the chrome that are no key of ours.
EXTRA_ENGLISH = ("Home", "FAQ")


def english() -> dict[str, list[str]]:
    """Every English message of ours by key (each plural form on its own)."""
    data = json.loads(resources.files("generator").joinpath("locales/en.json").read_text(encoding="utf-8"))
    return {k: list(v.values()) if isinstance(v, dict) else [v] for k, v in data.items()}


def pattern(message: str) -> re.Pattern[str]:
    """A message as it shows with its placeholders filled in, as whole words."""
    parts = re.split(r"\{\w+\}", message)
    body = ".+?".join(re.escape(p) for p in parts)
    return re.compile(rf"(?<!\w){body}(?!\w)")


def scaffold(root: Path, language: str) -> TestSite:
    """``statuskit init`` in ``root`` with ``theme.language`` set, plus an open incident and a window."""
    env = {"SOURCE_DATE_EPOCH": str(EPOCH)}
    result = CliRunner().invoke(main, ["init", str(root), "--name", SITE_NAME], env=env)
    assert result.exit_code == 0, result.output
    site = TestSite(root)
    config = site.config.read_text(encoding="utf-8")
    assert "  language: en\n" in config and "\nnav:" not in config  # no English titles written
    site.config.write_text(config.replace("  language: en\n", f"  language: {language}\n"), encoding="utf-8")
    site.write(f"{OPEN}.yaml", """
        title: Zorblat
        impact: major
        components: {api: partial_outage}
        updates:
          - at: 2026-11-23T08:10:00Z
            status: investigating
            message: Plonk.
            next_update: 2026-11-23T14:00:00Z
        faq:
          - q: Wibbet?
            a: Plonk.
        """)
    site.write(f"{PLANNED}.yaml", """
        title: Vrelnik
        maintenance: {start: 2026-12-05T01:00:00Z, end: 2026-12-05T03:00:00Z}
        components: [website]
        updates:
          - at: 2026-11-20T09:00:00Z
            status: scheduled
            message: Plonk.
        """)
    return site


def chrome(soup: BeautifulSoup) -> str:
    """The page's chrome: title, header, navigation, headings and labels of ours."""
    parts = [soup.title.get_text() if soup.title else ""]
    for node in soup.select(".md-header__topic, nav.md-nav--primary .md-nav__link, .md-tabs, .md-path, h1"):
        if not node.find_parent(class_="md-nav--secondary"):  # a page's own table of contents
            parts.append(node.get_text(" ", strip=True))
    headings = soup.select("[class*=sk-] h2, [class*=sk-] h3, h2[id^=sk-]")
    parts += [h.get_text(" ", strip=True) for h in headings]
    parts += [str(el[a]) for a in ("aria-label", "title") for el in soup.select(f"[class*=sk-][{a}]")]
    text = " | ".join(parts).replace(SITE_NAME, " ")
    return re.sub(rf"\b({'|'.join(OPERATOR_TEXT)})\b", " ", text)


def pages(out: Path) -> dict[str, Path]:
    resolved = next(p for p in (out / "incidents").iterdir() if p.name not in (OPEN, PLANNED))
    return {
        "home": out / "index.html",
        "open incident": out / "incidents" / OPEN / "index.html",
        "resolved incident": resolved / "index.html",
        "maintenance": out / "incidents" / PLANNED / "index.html",
        "history": out / "history" / "index.html",
        "history year": out / "history" / "2026" / "index.html",
        "history month": out / "history" / "2026" / "11" / "index.html",
        "faq": out / "faq" / "index.html",
        "not found": out / "404.html",
    }


@pytest.mark.parametrize("language", [code for code in languages() if code != "en"])
def test_no_english_chrome_on_a_scaffolded_site(tmp_path, language):
    out = scaffold(tmp_path / "site-root", language).build()
    t = translator(language)
    untranslated, searched = [], []
    for key, messages in english().items():
        found = t.message(key)
        own = found[0] if found is not None and found[1] == language else None
        own_forms = list(own.values()) if isinstance(own, dict) else [own]
        if own is None or set(own_forms) & set(messages):
            untranslated.append(key)
            continue
        searched += [(key, pattern(m)) for m in messages]
    searched += [(word, pattern(word)) for word in EXTRA_ENGLISH]
    if untranslated:
        warnings.warn(f"{language}: same as English, not checked: {', '.join(untranslated)}", stacklevel=1)
    problems = []
    for kind, path in pages(out).items():
        shown = chrome(BeautifulSoup(path.read_text(encoding="utf-8"), "lxml"))
        problems += [f"{kind}: {key} in {shown!r}" for key, rx in searched if rx.search(shown)]
    assert not problems, "\n".join(problems)


def nav_labels(soup: BeautifulSoup) -> list[str]:
    return [a.get_text(" ", strip=True) for a in soup.select("nav.md-nav--primary > ul > li > .md-nav__link")]


def test_without_a_nav_the_generated_entries_come_first_in_the_site_language(tmp_path):
    out = scaffold(tmp_path / "site-root", "he").build()
    t = translator("he")
    home = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "lxml")
    assert nav_labels(home) == [t("status"), t("history"), t("faq_page")]
    assert home.select_one("article h1").get_text(strip=True) == t("status")
    for rel, title in (("history/index.html", t("history")), ("faq/index.html", t("faq_page"))):
        soup = BeautifulSoup((out / rel).read_text(encoding="utf-8"), "lxml")
        assert soup.title.get_text() == f"{title} - {SITE_NAME}", rel
        assert [h.get_text(strip=True) for h in soup.select("article h1")] == [title], rel


@pytest.mark.parametrize(
    "nav, expected",
    [
        ("- Overview: index.md\n- Archive: history/index.md\n- Help: faq.md\n",
         ["Overview", "Archive", "Help"]),
        ("- index.md\n- history/index.md\n- faq.md\n", None),  # no titles: the locale's
    ],
    ids=["titled", "untitled"],
)
def test_a_nav_keeps_the_titles_it_gives(tmp_path, nav, expected):
    site = scaffold(tmp_path / "site-root", "he")
    site.config.write_text(
        site.config.read_text(encoding="utf-8") + "nav:\n" + textwrap.indent(nav, "  "), encoding="utf-8"
    )
    out = site.build()
    t = translator("he")
    expected = expected or [t("status"), t("history"), t("faq_page")]
    assert nav_labels(BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "lxml")) == expected
    for rel, title in (("history/index.html", expected[1]), ("faq/index.html", expected[2])):
        soup = BeautifulSoup((out / rel).read_text(encoding="utf-8"), "lxml")
        assert soup.title.get_text() == f"{title} - {SITE_NAME}", rel
        assert [h.get_text(strip=True) for h in soup.select("article h1")] == [title], rel


def test_a_hand_written_heading_stays(tmp_path):
    site = scaffold(tmp_path / "site-root", "he")
    faq = site.root / "site_src" / "faq.md"
    faq.write_text("# Zumba\n\n" + faq.read_text(encoding="utf-8"), encoding="utf-8")
    out = site.build()
    soup = BeautifulSoup((out / "faq" / "index.html").read_text(encoding="utf-8"), "lxml")
    assert soup.title.get_text() == f"Zumba - {SITE_NAME}"
    assert "Zumba" in nav_labels(soup)
