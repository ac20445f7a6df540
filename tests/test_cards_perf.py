"""Preview cards made fast: palette PNGs, drawn in worker processes, served from the cache.

Whatever path a card takes (drawn here, drawn in a worker process, read from the cache),
its bytes are the same, and it is a valid 1200x630 palette PNG.
"""

from __future__ import annotations

import hashlib
import io
import multiprocessing
import os
import struct
import subprocess
import sys
import zlib
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
import yaml
from conftest import REPO
from PIL import Image

from generator.outputs import cards, cards_draw
from generator.outputs.cards_layout import ACCENT, BACKGROUND, HEIGHT, WIDTH
from generator.outputs.cards_png import adler32_combine

HEBREW = "קו התמיכה הטלפוני אינו זמין"
TITLES = [
    "Partial outage of Content delivery network in São Paulo",
    HEBREW,
    "Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenversicherungsanstalt " * 3,
    "Elevated error rates",
    "",
]


def jobs(count: int = cards.PARALLEL_FROM + 8) -> list[cards.Parts]:
    """Varied cards: every impact, long and right-to-left titles, an empty one, two sites."""
    impacts = list(ACCENT)
    return [
        (
            "Bench Status" if n % 7 else "Северный статус",
            f"{TITLES[n % len(TITLES)]} {n}".strip(),
            f"Investigating · Impact: {impacts[n % len(impacts)].title()}",
            f"{1 + n % 28} Nov 2026, 10:{n % 60:02d} CET",
            ACCENT[impacts[n % len(impacts)]],
        )
        for n in range(count)
    ]


@pytest.fixture(autouse=True)
def cache_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache is on (each test gives its own directory)."""
    monkeypatch.delenv("STATUSKIT_NO_CACHE", raising=False)


def serial(work: list[cards.Parts]) -> list[bytes]:
    return list(cards.draw_all(work, workers=1))


def test_parallel_and_serial_rendering_give_identical_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    work = jobs()
    assert len(work) >= cards.PARALLEL_FROM
    expected = serial(work)
    here: list[object] = []  # cards drawn in this process: none, unless the pool fell back
    monkeypatch.setattr(cards, "card", lambda *parts: here.append(parts))
    assert list(cards.draw_all(work, workers=2)) == expected
    assert here == []


def test_with_other_threads_running_workers_start_fresh(monkeypatch: pytest.MonkeyPatch) -> None:
    """No fork of a threaded process: a fork server (or spawn) starts the workers, same bytes."""
    monkeypatch.setattr(cards.threading, "active_count", lambda: 2)
    assert cards._context().get_start_method() in ("forkserver", "spawn")
    work = jobs(cards.PARALLEL_FROM)
    expected = serial(work)
    here: list[object] = []
    monkeypatch.setattr(cards, "card", lambda *parts: here.append(parts))
    assert list(cards.draw_all(work, workers=2)) == expected
    assert here == []


def test_a_fresh_process_draws_the_same_bytes() -> None:
    """A spawned interpreter (nothing inherited: fonts, backgrounds, caches) agrees byte for byte."""
    work = jobs(12)
    chunks = [work[:5], work[5:]]
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        drawn = [data for chunk in pool.map(cards_draw.cards, chunks) for data in chunk]
    assert drawn == serial(work)


def test_pool_that_cannot_start_falls_back_to_drawing_here(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("no semaphores here")

    work = jobs(cards.PARALLEL_FROM + 2)
    expected = serial(work)
    monkeypatch.setattr(cards, "ProcessPoolExecutor", refuse)
    assert list(cards.draw_all(work, workers=2)) == expected


def test_cache_hit_returns_the_bytes_of_a_fresh_render(tmp_path: Path) -> None:
    work = jobs(cards.PARALLEL_FROM + 4)
    first = list(cards.cards(str(tmp_path), work))
    assert len(list((tmp_path / "cards").glob("*.png"))) == len(work)
    from_disk = list(cards.cards(str(tmp_path), work))
    assert first == from_disk == serial(work)


def test_no_cache_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STATUSKIT_NO_CACHE", "1")
    work = jobs(3)
    assert list(cards.cards(str(tmp_path), work)) == serial(work)
    assert not (tmp_path / "cards").exists()


def test_a_warm_cache_never_loads_pillow(tmp_path: Path) -> None:
    """A fully cached build reads files: no Pillow drawing code is imported."""
    work = jobs(4)
    expected = hashlib.sha256(b"".join(cards.cards(str(tmp_path), work))).hexdigest()
    script = (
        "import hashlib, sys\n"
        "from generator.outputs import cards\n"
        f"data = b''.join(cards.cards({str(tmp_path)!r}, {work!r}))\n"
        f"assert hashlib.sha256(data).hexdigest() == {expected!r}\n"
        "print(sorted(m for m in sys.modules if m.startswith('PIL')))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("STATUSKIT_NO_CACHE", None)
    command = [sys.executable, "-c", script]
    proc = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "['PIL', 'PIL._version']"  # the version, for the cache key


def idat(data: bytes) -> bytes:
    """The concatenated IDAT data of a PNG (chunk CRCs checked on the way)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, out = 8, b""
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        (crc,) = struct.unpack(">I", data[position + 8 + length : position + 12 + length])
        assert crc == zlib.crc32(kind + body), kind
        if kind == b"IDAT":
            out += body
        position += 12 + length
    return out


@pytest.mark.parametrize("parts", jobs(6), ids=lambda parts: parts[1][:12])
def test_card_is_a_valid_palette_png_of_the_right_size(parts: cards.Parts) -> None:
    data = cards.card(*parts)
    with Image.open(io.BytesIO(data)) as image:
        image.verify()
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG"
        assert image.mode == "P"
        assert image.size == (WIDTH, HEIGHT) == (1200, 630)
        rgb = image.convert("RGB")
    assert rgb.getpixel((WIDTH // 2, 20)) == BACKGROUND
    assert rgb.getpixel((5, 5)) == rgb.getpixel((WIDTH // 2, HEIGHT - 3)) == parts[4]  # the frame
    # the whole zlib stream checks out (Adler-32 included), one unfiltered row after another
    rows = zlib.decompress(idat(data))
    assert len(rows) == HEIGHT * (WIDTH + 1)
    assert set(rows[:: WIDTH + 1]) == {0}


def test_text_is_antialiased_onto_the_background() -> None:
    parts = ("Site", "Antialiased", "Resolved · Impact: Minor", "1 Nov 2026, 10:00 UTC", ACCENT["minor"])
    data = cards.card(*parts)
    with Image.open(io.BytesIO(data)) as image:
        used = {colour for _, colour in image.convert("RGB").getcolors(1 << 16) or []}
    greys = {c for c in used if c not in (BACKGROUND, ACCENT["minor"], (255, 255, 255))}
    assert len(greys) > 20, "glyph edges blend from the background to the text colour"


def test_a_colour_outside_the_palette_still_draws() -> None:
    data = cards.card("Site", "Custom", "Resolved", "1 Nov 2026, 10:00 UTC", (1, 2, 3))
    with Image.open(io.BytesIO(data)) as image:
        assert image.convert("RGB").getpixel((5, 5)) == (1, 2, 3)


def test_adler32_combine_matches_zlib() -> None:
    first, second = os.urandom(1000), bytes(70000) + os.urandom(99)
    combined = adler32_combine(zlib.adler32(first), zlib.adler32(second), len(second))
    assert combined == zlib.adler32(first + second)


def test_render_streams_every_card_in_order(tmp_path: Path) -> None:
    """Misses drawn in a pool come back in order, between hits, each written to the cache."""
    work = jobs(cards.PARALLEL_FROM * 3)
    expected = serial(work)
    list(cards.cards(str(tmp_path), work[::3]))  # every third one is cached already
    assert list(cards.cards(str(tmp_path), work, workers=2)) == expected


# --- the card cache between CI runs -------------------------------------------------------------


@pytest.fixture(scope="module")
def scaffold(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from click.testing import CliRunner

    from generator.cli import main

    root = tmp_path_factory.mktemp("init") / "status"
    result = CliRunner().invoke(main, ["init", str(root)])
    assert result.exit_code == 0, result.output
    return root


def test_github_workflow_keeps_the_card_cache(scaffold: Path) -> None:
    workflow = yaml.safe_load((scaffold / ".github/workflows/status.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["deploy"]["steps"]
    [cache] = [s for s in steps if str(s.get("uses", "")).startswith("actions/cache@")]
    [build] = [s for s in steps if "statuskit build" in str(s.get("run", ""))]
    assert steps.index(cache) < steps.index(build)
    assert cache["with"]["path"] == build["env"]["STATUSKIT_CACHE_DIR"]
    assert "hashFiles('incidents/**'" in cache["with"]["key"]
    assert cache["with"]["key"].startswith(cache["with"]["restore-keys"].strip())


def test_gitlab_pipeline_keeps_the_card_cache_inside_the_project(scaffold: Path) -> None:
    pipeline = yaml.safe_load((scaffold / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert pipeline["variables"]["STATUSKIT_CACHE_DIR"] == "$CI_PROJECT_DIR/.cache/statuskit"
    paths = [path for cache in pipeline["pages"]["cache"] for path in cache["paths"]]
    assert {".cache/statuskit", ".cache/pip"} <= set(paths)


def test_prefetch_fills_the_cache_with_the_cards_render_would_draw(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cards drawn in the background from on_config are the cards; render then only links them."""
    from dataclasses import replace

    from generator.commands.common import mkdocs_config, plugin_options
    from generator.outputs import cards_prefetch
    from generator.sitebuild import load_site

    sys.path.insert(0, str(REPO / "bench"))
    import synth

    synth.write_site(tmp_path / "site", cards.PARALLEL_FROM + 10)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", synth.SOURCE_DATE_EPOCH)
    config = mkdocs_config(str(tmp_path / "site" / "mkdocs.yml"))
    site = load_site(config, plugin_options(config))
    site = replace(site, config=replace(site.config, cache_dir=str(tmp_path / "cache")))
    monkeypatch.setattr(cards, "_cores", lambda: 2)  # one worker beside the build, on any machine
    assert len(cards_prefetch.missing(site)) == len(site.incidents) + 1
    prefetch = cards_prefetch.Prefetch(site)
    assert prefetch.thread is not None
    prefetch.wait()
    assert cards_prefetch.missing(site) == []
    drawn_here: list[object] = []
    monkeypatch.setattr(cards, "card", lambda *parts: drawn_here.append(parts))
    made = dict(cards.render(site))
    assert drawn_here == [] and all(isinstance(v, Path) for v in made.values())
    labels = cards._labels(site)
    first = site.incidents[0]
    fresh = cards_draw.card(*cards._incident_parts(site, first, *labels))
    assert made[f"incidents/{first.id}/card.png"].read_bytes() == fresh
