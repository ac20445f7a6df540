"""Incident pages are stamped once per shape and filled per page (render/views.py, render/stamps.py):
each must be exactly what Jinja renders from the same view, whatever the incident holds; and pages
that must not grow with history do not (home page content at N=40 and N=120)."""

from __future__ import annotations

import random
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

import pytest

from generator import share
from generator.commands.common import mkdocs_config, plugin_options
from generator.fragments import incident_view, pages
from generator.load import load_incidents
from generator.model import FaqItem, Incident, Site
from generator.sitebuild import site_settings

REPO = Path(__file__).resolve().parent.parent
EPOCH = datetime.fromtimestamp(1795435200, UTC)  # the fixed "now" of the example site's tests


def load_site(config_file: Path, now: datetime, **config_changes: object) -> Site:
    """The model of the site of ``config_file``, its plugin settings changed by ``config_changes``."""
    config = mkdocs_config(str(config_file))
    site_cfg, incidents_dir, root = site_settings(config, plugin_options(config))
    site_cfg = replace(site_cfg, **config_changes)
    return Site.build(site_cfg, load_incidents(incidents_dir, site_cfg, now, root), now)


def variants(incident: Incident) -> list[Incident]:
    """``incident`` and versions of it with every optional part of the page on, off and odd."""
    out = [incident]
    for contact in ("", "tel:+36 1 555 0142", "mailto:", "https://help.example/", "Call <us> & {ask}", "ftp://x"):
        out.append(replace(incident, contact=contact))
    out.append(replace(incident, video="https://videos.example/statement.mp4", transcript="We *said* this."))
    out.append(replace(incident, video="https://youtu.be/Qm7tR2xKp4w", transcript=""))
    out.append(replace(incident, video="", transcript="Not shown without a video."))
    out.append(replace(incident, postmortem="   ", faq=(FaqItem("Empty answer?", ""),)))
    out.append(replace(incident, postmortem="## Cause\n\nA <b>bad</b> switch.", faq=()))
    out.append(replace(incident, title='Outage & "quotes" <b> {braces} %20 \\ 100% \ue000'))
    latest = replace(incident.updates[-1], next_update=incident.updates[-1].at + timedelta(hours=1))
    out.append(replace(incident, updates=(*incident.updates[:-1], latest), phase="open"))
    out.append(replace(incident, resolved_at=None, monitoring_at=None))
    out.append(replace(incident, resolved_at=incident.started_at))  # a zero duration is not shown
    return out


@pytest.mark.parametrize("language", ["en", "he", "de", "fa", "ja"])
@pytest.mark.parametrize("targets", [None, (), ("copy",), ("email", "x", "copy")])
def test_stamped_incident_pages_equal_the_template(language: str, targets: tuple[str, ...] | None) -> None:
    changes: dict[str, object] = {"language": language}
    if targets is not None:
        changes["share"] = targets
    site = load_site(REPO / "mkdocs.yml", EPOCH, **changes)
    assert site.incidents
    for incident in site.incidents:
        for variant in variants(incident):
            stamped = incident_view.page(site, variant)
            assert stamped == incident_view.page_directly(site, variant), (variant.id, variant.title)
            assert stamped == incident_view.page(site, variant)  # the second time from the stamp


def test_share_encoding_is_quote_without_safe_characters() -> None:
    rng = random.Random(7)
    alphabet = "ab c/:?#&=%+é日\u200f~_.-!*'()\"<>\\\t\n\U0001f600"
    for text in ["", *("".join(rng.choice(alphabet) for _ in range(40)) for _ in range(500))]:
        assert share.encode(text) == quote(text, safe=""), text
    for code in range(0x250):
        assert share.encode(chr(code)) == quote(chr(code), safe="")


def test_home_page_content_does_not_grow_with_history(tmp_path: Path) -> None:
    sys.path.insert(0, str(REPO / "bench"))
    import synth

    now = datetime.fromtimestamp(int(synth.SOURCE_DATE_EPOCH), UTC)
    homes = []
    for n in (40, 120):
        synth.write_site(tmp_path / f"n{n}", n)
        homes.append(pages.home(load_site(tmp_path / f"n{n}" / "mkdocs.yml", now)))
    assert homes[0] == homes[1]
