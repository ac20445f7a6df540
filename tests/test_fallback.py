"""A build without statuskit says so on the home page; a statuskit build does not (generator/fallback.py).

The notice's words live in fallback.py: the example's and the scaffold's site_src/index.md hold
that exact block, plain Markdown (what Zensical or any other renderer does with the page) shows
it, and the plugin takes it out of every page before Markdown sees it.
"""

from __future__ import annotations

import markdown
import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from conftest import REPO, TestSite

from generator import fallback
from generator.cli import main

HOMES = {
    "example": REPO / "site_src" / "index.md",
    "scaffold": REPO / "generator" / "scaffold" / "site_src" / "index.md",
}
WORDS = "This status page was built without statuskit"


@pytest.mark.parametrize("home", HOMES.values(), ids=HOMES.keys())
def test_the_hand_written_homes_carry_the_notice(home):
    assert fallback.BLOCK in home.read_text(encoding="utf-8")


@pytest.mark.parametrize("home", HOMES.values(), ids=HOMES.keys())
def test_plain_markdown_shows_the_notice_and_what_to_run(home):
    text = BeautifulSoup(markdown.markdown(home.read_text(encoding="utf-8")), "lxml").get_text(" ")
    assert WORDS in text
    assert "statuskit build" in text


def test_remove_takes_out_every_notice_and_nothing_else():
    page = f"# Hello\n\n{fallback.BLOCK}\nMiddle.\n\n{fallback.BLOCK}Tail.\n"
    assert fallback.remove(page) == "# Hello\n\n\nMiddle.\n\nTail.\n"
    assert fallback.remove("No notice here.\n") == "No notice here.\n"


def test_remove_accepts_retouched_markers():
    """The owner may reword the comment after the marker's name or reindent it."""
    page = "A\n<!--statuskit:fallback keep me -->\nShown alone.\n<!-- /statuskit:fallback  -->\nB\n"
    assert fallback.remove(page) == "A\nB\n"
    page = "A\n<!--statuskit:fallback-->\nShown.\n<!--/statuskit:fallback-->\nB\n"
    assert fallback.remove(page) == "A\nB\n"


def test_a_half_notice_is_left_visible():
    """Without its end marker nothing is removed: the notice stays visible, which the owner sees."""
    page = f"{fallback.START}\n\n{fallback.NOTICE}\n"
    assert fallback.remove(page) == page


def test_statuskit_build_shows_the_status_not_the_notice(make_site):
    site = make_site()
    (site.root / "site_src" / "index.md").write_text(
        f"{fallback.BLOCK}\nCall us on 555-0100.\n", encoding="utf-8"
    )
    home = (site.build() / "index.html").read_text(encoding="utf-8")
    assert WORDS not in home and "statuskit:fallback" not in home
    soup = BeautifulSoup(home, "lxml")
    assert soup.select_one(".sk-banner") is not None  # the generated status
    assert "Call us on 555-0100." in soup.get_text()  # and the rest of the hand-written page


def test_a_scaffolded_site_builds_without_the_notice(tmp_path):
    """`statuskit init`, then `statuskit build`: the notice in the scaffold's home never shows."""
    root = tmp_path / "status"
    assert CliRunner().invoke(main, ["init", str(root)]).exit_code == 0
    assert WORDS in (root / "site_src" / "index.md").read_text(encoding="utf-8")
    out = tmp_path / "out"
    built = TestSite(root).cli("build", "--site-dir", str(out), epoch=None)  # its incidents are of today
    assert built.exit_code == 0, built.output
    for page in out.rglob("*.html"):
        assert WORDS not in page.read_text(encoding="utf-8"), page
