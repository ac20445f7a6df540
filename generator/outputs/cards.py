"""Preview cards: a 1200x630 PNG per incident (and one for the site) for Open Graph.

Drawn with Pillow and the DejaVu Sans font shipped in the package (see :mod:`cards_draw`),
so the bytes depend only on the input: the same model gives the same PNG. Text that
contains right-to-left script is laid out right-to-left (Pillow with raqm).

Cards are cached by content, in memory and on disk, and a cache hit costs a hash and a
file read: Pillow is only imported when a card has to be drawn. When more than a handful
miss, they are drawn in worker processes (one per core), in chunks, and streamed back in
order, so memory stays flat however many incidents there are.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import multiprocessing
import os
import sys
import threading
import zlib
from collections import deque
from collections.abc import Generator, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from importlib import resources
from pathlib import Path
from typing import Any

import PIL  # only the package, for its version: the drawing modules load with the first miss

from .. import cachedir, paths
from ..i18n import translator
from ..model import Incident, Site
from ..render.htmlkit import Clock
from .cards_layout import ACCENT, BACKGROUND, HEIGHT, MARGIN, MUTED, TEXT, WIDTH, is_rtl

log = logging.getLogger("statuskit")

__all__ = [
    "ACCENT",
    "BACKGROUND",
    "HEIGHT",
    "MARGIN",
    "MUTED",
    "TEXT",
    "WIDTH",
    "cached_card",
    "card",
    "incident_card",
    "is_rtl",
    "render",
    "site_card",
]

CARD_VERSION = 3  # bump when the drawing changes in a way the source hash below would miss
PARALLEL_FROM = 32  # misses from which worker processes pay off (fewer take < 0.1 s here)
CHUNK = 16  # cards per task sent to a worker
Parts = tuple[str, str, str, str, tuple[int, int, int]]  # site name, title, status, time, accent


def _drawing_source() -> str:
    """A hash of the drawing code, so a change to it never serves a stale cached card."""
    digest = hashlib.sha256()
    for name in ("cards_layout.py", "cards_draw.py", "cards_png.py"):
        try:
            digest.update(resources.files(__package__).joinpath(name).read_bytes())
        except OSError:
            digest.update(name.encode())
    return digest.hexdigest()[:16]


_FINGERPRINT = [CARD_VERSION, _drawing_source(), PIL.__version__, zlib.ZLIB_RUNTIME_VERSION]


def __getattr__(name: str) -> Any:
    """``font``, ``wrap`` and the other drawing helpers, loaded (with Pillow) on first use."""
    if name in ("font", "wrap", "RAQM"):
        from . import cards_draw

        return getattr(cards_draw, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def card(site_name: str, title: str, status_line: str, time_line: str, accent: tuple) -> bytes:
    """The PNG bytes of one card, drawn now (no cache)."""
    from .cards_draw import card as draw

    return draw(site_name, title, status_line, time_line, accent)


def card_key(parts: Sequence[object]) -> str:
    """The cache key of a card: every input, the drawing code, Pillow's and zlib's versions."""
    material = json.dumps([*_FINGERPRINT, *parts], ensure_ascii=False, default=list)
    return hashlib.sha256(material.encode()).hexdigest()


def _store(path: str, data: bytes) -> None:
    """Write one cached card atomically; a read-only cache just makes the next build slower."""
    tmp = f"{path}.{os.getpid()}.{threading.get_ident()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(tmp, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except OSError as exc:
        log.info("statuskit: a card could not be kept in the cache (%s); it is drawn again next time", exc)
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def _cached(path: str | None) -> bytes | None:
    if path is None:
        return None
    try:
        with open(path, "rb") as cached:
            return cached.read()
    except OSError:
        return None


def cards(cache_dir: str, jobs: Sequence[Parts], workers: int | None = None) -> Iterator[bytes]:
    """The PNG bytes of each card in ``jobs``, in order: from the cache, else drawn.

    Misses are drawn in up to ``workers`` processes (default: one per core) when there are
    more than a handful, else here. ``STATUSKIT_NO_CACHE=1`` draws every card.
    """
    use_cache = cachedir.enabled()
    folder = os.path.join(cache_dir, "cards") if cache_dir and use_cache else None
    keys = [card_key(parts) if use_cache else "" for parts in jobs]
    files = [os.path.join(folder, f"{key}.png") if folder else None for key in keys]
    missing = [
        n for n in range(len(jobs)) if not use_cache or not _isfile(files[n])
    ]
    drawn = draw_all([jobs[n] for n in missing], workers)
    missing_set = set(missing)
    try:
        for n, parts in enumerate(jobs):
            if n in missing_set:
                data = next(drawn)
                stored = files[n]
                if stored is not None:
                    _store(stored, data)
            else:  # a hit (a file gone since we looked is drawn here)
                data = _cached(files[n]) or card(*parts)
            yield data
    finally:
        drawn.close()  # a consumer that stops early also stops the workers


def _isfile(path: str | None) -> bool:
    return path is not None and os.path.isfile(path)


def cached_card(cache_dir: str, *parts: Any) -> bytes:
    """``card(*parts)``, reused when the same inputs were drawn before (the disk cache).

    The key covers every input, the drawing code and Pillow's version, so a cached card
    is byte-for-byte what drawing it again would give.
    """
    return next(cards(cache_dir, [parts]))


def draw_all(jobs: Sequence[Parts], workers: int | None = None) -> Generator[bytes, None, None]:
    """Draw ``jobs`` in order: in a process pool when there are enough, else here."""
    workers = workers if workers is not None else _cores()
    if workers > 1 and len(jobs) >= PARALLEL_FROM and not multiprocessing.current_process().daemon:
        return _in_pool(jobs, workers)
    return (card(*parts) for parts in jobs)


def _cores() -> int:
    """The cores this process may run on (a container's CPU set, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _context() -> multiprocessing.context.BaseContext:
    """How workers start: fork when nothing else runs in this process (Linux), else fresh ones.

    A fork starts at once and re-runs nothing; with other threads running it could inherit a
    held lock, so then a fork server (or spawn) starts clean workers instead.
    """
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and sys.platform == "linux" and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["generator.outputs.cards_draw"])
        return context
    return multiprocessing.get_context("spawn")


def _in_pool(jobs: Sequence[Parts], workers: int) -> Generator[bytes, None, None]:
    """Draw ``jobs`` in worker processes, ``CHUNK`` at a time, yielding in order.

    At most two chunks per worker are in flight, so only those wait in memory. When a pool
    cannot start or breaks, the cards not yet yielded are drawn here instead.
    """
    from . import cards_draw

    chunks = [list(jobs[start : start + CHUNK]) for start in range(0, len(jobs), CHUNK)]
    done = 0
    try:
        pool = ProcessPoolExecutor(min(workers, len(chunks)), mp_context=_context())
    except (OSError, RuntimeError, ImportError, NotImplementedError, ValueError):
        pool = None
    if pool is not None:
        try:
            pending: deque[Future[list[bytes]]] = deque()
            for chunk in chunks[: 2 * workers]:
                pending.append(pool.submit(cards_draw.cards, chunk))
            queued = len(pending)
            while pending:
                batch = pending.popleft().result()
                if queued < len(chunks):
                    pending.append(pool.submit(cards_draw.cards, chunks[queued]))
                    queued += 1
                for data in batch:
                    done += 1
                    yield data
        except (OSError, RuntimeError, ImportError, NotImplementedError):
            pass  # the pool broke (a worker died, or none could start): drawn below, here
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
    for parts in jobs[done:]:
        yield card(*parts)


def _labels(site: Site) -> tuple[Any, Clock]:
    """The translator and the clock of the site's language and timezone."""
    return translator(site.config.language), Clock(site.config.timezone, site.config.language)


def _incident_parts(site: Site, incident: Incident, t: Any, clock: Clock) -> Parts:
    """What an incident's card shows: title, status, impact and when it last changed."""
    status = f"{t(incident.status)} · {t('impact')}: {t('impact_' + incident.impact)}"
    updated = clock.text(incident.updated_at)
    return (site.config.site_name, incident.title, status, updated, ACCENT[incident.impact])


def _site_parts(site: Site, t: Any, clock: Clock) -> Parts:
    """What the site's card shows: its overall state."""
    name = site.config.site_name
    return (name, t(site.state.message_key), name, clock.text(site.now), ACCENT[site.indicator])


def incident_card(site: Site, incident: Incident) -> bytes:
    """The card of one incident: title, status, impact and when it last changed."""
    return cached_card(site.config.cache_dir, *_incident_parts(site, incident, *_labels(site)))


def site_card(site: Site) -> bytes:
    """The card of the whole site: its overall state."""
    return cached_card(site.config.cache_dir, *_site_parts(site, *_labels(site)))


def render(site: Site) -> Iterator[tuple[str, bytes | Path]]:
    """Every card, one at a time: one per incident, and the site's.

    A card already in the on-disk cache comes as that file (the site links it instead of
    copying 20 KB per incident); the others as bytes, drawn (and cached) now.
    """
    labels = _labels(site)
    made = [(paths.incident_card(i.id), _incident_parts(site, i, *labels)) for i in site.incidents]
    made.append((paths.SITE_CARD, _site_parts(site, *labels)))
    todo = made
    if site.config.cache_dir and cachedir.enabled():
        folder = Path(site.config.cache_dir) / "cards"
        todo = []
        for rel, parts in made:
            cached = folder / f"{card_key(parts)}.png"
            if cached.is_file():
                yield rel, cached
            else:
                todo.append((rel, parts))
    drawn = cards(site.config.cache_dir, [parts for _, parts in todo])
    for (rel, _), data in zip(todo, drawn, strict=True):
        yield rel, data
