"""What each "render once, fill many" fast path of ``generator/render`` saves, at one size.

Each mechanism is switched off in turn and the same work timed again (median of ``--runs``):

- **shell** (``render/shell.py``): the theme around every incident page rendered once and filled,
  against the theme rendered per page (``fast_pages: false``): whole ``statuskit build`` runs,
  warm card cache, wall seconds.
- **views** (``render/views.py``): the incident page's own template stamped per shape of its
  view, against a Jinja render per page (``page_directly``).
- **stamped macros** (``render/stamps.py``): the timeline item and share panel macros rendered once
  with placeholders, against calling the macro for every update.

Run: ``python bench/fastpaths.py --n 1000 [--runs 3]``. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))

import run as bench_run
import synth


def _median(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


@contextmanager
def _patched(target: Any, name: str, value: object) -> Iterator[None]:
    old = getattr(target, name)
    setattr(target, name, value)
    try:
        yield
    finally:
        setattr(target, name, old)


def _load(config_file: Path) -> Any:
    from generator.clock import build_now
    from generator.commands.common import mkdocs_config, plugin_options
    from generator.load import load_incidents
    from generator.model import Site
    from generator.sitebuild import site_settings

    config = mkdocs_config(str(config_file))
    site_cfg, incidents_dir, root = site_settings(config, plugin_options(config))
    return Site.build(site_cfg, load_incidents(incidents_dir, site_cfg, build_now(), root), build_now())


def in_process(config_file: Path, runs: int) -> dict[str, float]:
    """Seconds for every incident page's content, with each in-process fast path on and off."""
    from generator.fragments import incident_view
    from generator.render import stamps

    site = _load(config_file)

    def every_page(render: Callable[[Any, Any], str]) -> Callable[[], None]:
        return lambda: [render(site, incident) for incident in site.incidents]

    every_page(incident_view.page)()  # warm: stamps made, messages rendered once per process
    out = {"all on": _median(every_page(incident_view.page), runs)}
    out["views off"] = _median(every_page(incident_view.page_directly), runs)

    stamped = stamps.Stamp.fill_from

    def plain_fill(self: stamps.Stamp, values: dict[str, object]) -> Any:
        if self.plain_render is None:  # a view's stamp: the "views" row measures those
            return stamped(self, values)
        return self.plain_render(dict(values))

    with _patched(stamps.Stamp, "fill_from", plain_fill):
        out["stamped macros off"] = _median(every_page(incident_view.page), runs)

    return out


def builds(site: Path, runs: int) -> dict[str, float]:
    """Wall seconds of ``statuskit build`` with the shell and without it (warm cache)."""
    cache = site / ".bench-cache"
    out: dict[str, float] = {}
    config = site / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    for label, setting in (("shell on", "true"), ("shell off", "false")):
        option = f"      timezone: UTC\n      fast_pages: {setting}"
        config.write_text(text.replace("      timezone: UTC", option), encoding="utf-8")
        cmd = [*bench_run.tool("statuskit"), "build", "--site-dir", str(site / "out")]
        bench_run.timed(cmd, site, site / "warm.log", cache)  # warms the card cache and templates
        seconds = [bench_run.timed(cmd, site, site / "build.log", cache).seconds for _ in range(runs)]
        out[label] = statistics.median(seconds)
    config.write_text(text, encoding="utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-builds", action="store_true", help="skip the whole-build shell comparison")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="statuskit-fastpaths-") as tmp:
        site = Path(tmp) / "site"
        synth.write_site(site, args.n)
        subprocess.run(["git", "init", "-q"], cwd=site, check=True)
        import os

        os.environ["SOURCE_DATE_EPOCH"] = synth.SOURCE_DATE_EPOCH
        pages = in_process(site / "mkdocs.yml", args.runs)
        whole = {} if args.no_builds else builds(site, args.runs)
    command = f"python bench/fastpaths.py --n {args.n} --runs {args.runs}"
    print(f"N = {args.n}, median of {args.runs}: `{command}`\n")
    print("| every incident page's content | seconds | cost of switching it off |\n|---|---|---|")
    for label, seconds in pages.items():
        extra = "" if label == "all on" else f"+{seconds - pages['all on']:.2f} s"
        print(f"| {label} | {seconds:.2f} | {extra} |")
    if whole:
        print("\n| `statuskit build`, warm | wall seconds |\n|---|---|")
        for label, seconds in whole.items():
            print(f"| {label} | {seconds:.2f} |")


if __name__ == "__main__":
    main()
