"""Badges: accessible well-formed SVG and shields.io endpoint JSON, deterministic."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
import yaml
from conftest import EPOCH
from lxml import etree

from generator import paths
from generator.config import site_config
from generator.load import incident_files, load_text
from generator.model import Incident, Site
from generator.outputs import MACHINE_OUTPUTS, badges

NOW = datetime.fromtimestamp(EPOCH, UTC)
SVG_NS = "{http://www.w3.org/2000/svg}"

COMPONENTS = """
        - id: api
          name: Public API
        - id: dashboard
          name: R&D <dashboard> "beta"
        - id: email
          name: Email
"""
DEGRADED = """
    title: Slow API
    impact: minor
    components: [api]
    updates:
      - at: 2026-11-23T09:00:00Z
        status: investigating
        message: The API is slow.
"""


def load_site(test_site) -> Site:
    mkdocs = yaml.safe_load(test_site.config.read_text(encoding="utf-8"))
    options = next(p["statuskit"] for p in mkdocs["plugins"] if isinstance(p, dict) and "statuskit" in p)
    config = site_config(options, mkdocs["site_name"], mkdocs["site_url"], "en", test_site.config)
    found = []
    for path in incident_files(test_site.incidents):
        item = load_text(path.read_text(encoding="utf-8"), path.stem, config, NOW, path.name)
        assert isinstance(item, Incident), item
        found.append(item)
    return Site.build(config, found, NOW)


@pytest.fixture
def degraded(make_site):
    return make_site({"2026-11-23-slow-api.yaml": DEGRADED}, components=COMPONENTS)


def test_every_badge_is_accessible_svg(degraded):
    out = badges.render(load_site(degraded))
    names = ["status", "api", "dashboard", "email"]
    assert sorted(out) == sorted([paths.badge(n) for n in names] + [paths.badge(n, "json") for n in names])
    spoken = {
        "status": "status: Partially Degraded Service",  # one degraded component (Statuspage's words)
        "api": "Public API: Degraded performance",
        "dashboard": 'R&D <dashboard> "beta": Operational',
        "email": "Email: Operational",
    }
    for name, text in spoken.items():
        root = etree.fromstring(out[paths.badge(name)])  # well-formed XML, or this raises
        assert root.tag == f"{SVG_NS}svg"
        assert root.get("role") == "img"
        assert root.get("aria-label") == text
        title = root.find(f"{SVG_NS}title")
        assert title is not None and title.text == text
        # the two halves add up to the badge's width
        rects = root.findall(f"{SVG_NS}g/{SVG_NS}rect")
        assert int(rects[0].get("width")) + int(rects[1].get("width")) == int(root.get("width"))
        assert root.get("height") == "20"


def test_endpoint_json_for_degraded_component(degraded):
    out = badges.render(load_site(degraded))
    api = json.loads(out[paths.badge("api", "json")])
    assert api == {
        "schemaVersion": 1,
        "label": "Public API",
        "message": "Degraded performance",
        "color": "yellow",
    }
    assert list(api) == ["schemaVersion", "label", "message", "color"]
    overall = json.loads(out[paths.badge("status", "json")])
    assert (overall["label"], overall["message"], overall["color"]) == (
        "status",
        "Partially Degraded Service",  # the same words as status.json
        "yellow",
    )
    email = json.loads(out[paths.badge("email", "json")])
    assert (email["message"], email["color"]) == ("Operational", "brightgreen")
    svg = etree.fromstring(out[paths.badge("api")])
    fills = [r.get("fill") for r in svg.findall(f"{SVG_NS}g/{SVG_NS}rect")]
    assert fills[1] == badges.STATUS_COLORS["degraded_performance"][0]


def test_all_clear_and_outage_colours(make_site):
    quiet = badges.render(load_site(make_site({}, components=COMPONENTS)))
    assert json.loads(quiet["badges/status.json"])["message"] == "All Systems Operational"
    assert json.loads(quiet["badges/status.json"])["color"] == "brightgreen"
    down = DEGRADED.replace("impact: minor", "impact: critical")
    loud = badges.render(load_site(make_site({"2026-11-23-slow-api.yaml": down}, components=COMPONENTS)))
    assert json.loads(loud["badges/api.json"])["message"] == "Major outage"
    assert json.loads(loud["badges/api.json"])["color"] == "red"
    assert json.loads(loud["badges/status.json"])["message"] == "Major System Outage"


def test_deterministic_bytes(degraded):
    first = badges.render(load_site(degraded))
    second = badges.render(load_site(degraded))
    assert first == second
    assert all(isinstance(v, bytes) for v in first.values())


def test_text_width_table():
    assert badges.text_width("") == 0
    assert badges.text_width("iiii") < badges.text_width("WWWW")
    assert badges.text_width("é") == badges.text_width("e")  # accents fall back to the base letter
    assert badges.text_width("状") > badges.text_width("a")  # wide characters take an em
    # "Operational" in Verdana units: O 1626 + p 1276 + e 1220 + r 874 + a 1229 + t 807 + i 562
    # + o 1243 + n 1296 + a 1229 + l 562 = 11_924; at 11 px: 11_924 * 11 / 2048 = 64.05 -> 65
    assert badges.text_width("Operational") == 65


def test_registered_and_written_by_the_build(degraded):
    assert "badges" in MACHINE_OUTPUTS
    site_dir = degraded.build()
    assert (site_dir / "badges" / "status.svg").is_file()
    data = json.loads((site_dir / "badges" / "api.json").read_text(encoding="utf-8"))
    assert data["message"] == "Degraded performance"
