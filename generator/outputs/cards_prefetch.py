"""Draw the cards missing from the cache in the background, while mkdocs builds the pages.

Cards are the last output written, but their inputs are known as soon as the model is
loaded. ``Prefetch(site)`` (called from the plugin's ``on_config``) forks worker processes
at once, from the main thread: one per core but the one the build goes on using. A collector
thread stores each drawn card in the on-disk cache; ``wait()`` (called before the outputs
are written) joins it, and ``cards.render`` then finds every card in the cache. On a cold
cache the drawing overlaps the rest of the build on the other cores instead of following
it. Anything that goes wrong here only means ``render`` draws the card itself.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor

from .. import cachedir
from ..model import Site
from . import cards as c

log = logging.getLogger("statuskit")


def missing(site: Site) -> list[tuple[str, c.Parts]]:
    """(cache file, parts) of every card of ``site`` not in the cache yet."""
    folder = os.path.join(site.config.cache_dir, "cards")
    labels = c._labels(site)
    jobs = [c._incident_parts(site, incident, *labels) for incident in site.incidents]
    jobs.append(c._site_parts(site, *labels))
    out = []
    for parts in jobs:
        key = c.card_key(parts)
        path = os.path.join(folder, f"{key}.png")
        if not os.path.isfile(path):
            out.append((path, parts))
    return out


class Prefetch:
    """Cards being drawn into the cache by worker processes; ``wait()`` until they are."""

    def __init__(self, site: Site) -> None:
        self.thread: threading.Thread | None = None
        if not cachedir.enabled() or not site.config.cache_dir:
            return
        workers = c._cores() - 1  # the build itself keeps one core
        todo = missing(site)
        if workers < 1 or len(todo) < c.PARALLEL_FROM or multiprocessing.current_process().daemon:
            return  # render() draws the few there are
        chunks = [todo[start : start + c.CHUNK] for start in range(0, len(todo), c.CHUNK)]
        try:
            pool = ProcessPoolExecutor(min(workers, len(chunks)), mp_context=c._context())
            from . import cards_draw

            pending = deque(
                (chunk, pool.submit(cards_draw.cards, [parts for _, parts in chunk]))
                for chunk in chunks[: 2 * workers]  # the workers start now, from this thread
            )
        except (OSError, RuntimeError, ImportError, NotImplementedError, ValueError) as exc:
            log.info("statuskit: cards are drawn in the build, not beside it (%s: %s)", type(exc).__name__,
                     exc)
            return
        rest = deque(chunks[len(pending) :])
        self.thread = threading.Thread(
            target=self._collect, args=(pool, pending, rest), name="statuskit-cards", daemon=True
        )
        self.thread.start()

    @staticmethod
    def _collect(
        pool: ProcessPoolExecutor,
        pending: deque[tuple[list[tuple[str, c.Parts]], Future[list[bytes]]]],
        rest: deque[list[tuple[str, c.Parts]]],
    ) -> None:
        from . import cards_draw

        try:
            while pending:
                chunk, future = pending.popleft()
                if rest:
                    following = rest.popleft()
                    pending.append((following, pool.submit(cards_draw.cards, [p for _, p in following])))
                for (path, _), data in zip(chunk, future.result(), strict=True):
                    c._store(path, data)
        except Exception as exc:  # whatever failed is drawn again by render(), in the build
            log.info("statuskit: drawing cards in the background stopped (%s: %s)", type(exc).__name__, exc)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def wait(self) -> None:
        """Until every card started here is in the cache (or has failed)."""
        if self.thread is not None:
            self.thread.join()
            self.thread = None
