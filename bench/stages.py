"""Time statuskit's own stages in-process, without mkdocs: load, model, page HTML, each machine output.

``python bench/stages.py path/to/mkdocs.yml`` prints one JSON object: seconds and bytes per stage.
It complements the full-build timing (which includes mkdocs and the theme) and the cProfile run:
each of the on_post_build outputs (feeds, api, calendar, badges, cards) is timed on its own, so
an expensive one (the Pillow cards) shows up with its own number at every N.
"""

from __future__ import annotations

import importlib
import json
import sys
import time
from pathlib import Path
from typing import Any


def measure(config_file: Path) -> dict[str, Any]:
    """Seconds (and output bytes) per stage for the site of ``config_file``."""
    from generator.clock import build_now
    from generator.commands.common import mkdocs_config, plugin_options
    from generator.fragments.generated import page_list
    from generator.load import load_incidents
    from generator.model import Site
    from generator.outputs import MACHINE_OUTPUTS
    from generator.session import BuildSession
    from generator.sitebuild import site_settings

    out: dict[str, Any] = {}
    start = time.perf_counter()
    config = mkdocs_config(str(config_file))
    site_cfg, incidents_dir, root = site_settings(config, plugin_options(config))
    out["config_s"] = time.perf_counter() - start

    start = time.perf_counter()
    incidents = load_incidents(incidents_dir, site_cfg, build_now(), root)
    out["load_validate_s"] = time.perf_counter() - start

    start = time.perf_counter()
    site = Site.build(site_cfg, incidents, build_now())
    out["model_s"] = time.perf_counter() - start

    build = BuildSession(site)
    page_times: dict[str, float] = {}
    page_bytes: dict[str, int] = {}
    for page in page_list(site, build.months, config.site_name):
        start = time.perf_counter()
        html = page.content(build)
        page_times[page.kind] = page_times.get(page.kind, 0.0) + time.perf_counter() - start
        page_bytes[page.kind] = page_bytes.get(page.kind, 0) + len(html.encode())
    out["pages_s"] = page_times
    out["pages_bytes"] = page_bytes

    outputs: dict[str, dict[str, float]] = {}
    for name in MACHINE_OUTPUTS:
        module = importlib.import_module(f"generator.outputs.{name}")
        start = time.perf_counter()
        made = module.render(site)
        files = made if isinstance(made, dict) else dict(made)
        seconds = time.perf_counter() - start
        size = sum(b.stat().st_size if isinstance(b, Path) else len(b) for b in files.values())
        outputs[name] = {"s": seconds, "files": len(files), "bytes": size}
    out["outputs"] = outputs
    return out


def main() -> None:
    """Print the stage timings of one site as JSON."""
    if len(sys.argv) != 2:
        sys.exit("usage: python bench/stages.py path/to/mkdocs.yml")
    print(json.dumps(measure(Path(sys.argv[1])), indent=2))


if __name__ == "__main__":
    main()
