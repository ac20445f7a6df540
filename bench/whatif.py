"""What-if builds: how much a recommendation would save, measured before anyone writes it.

    python bench/whatif.py [--n 1000] [--runs 1]

Builds the bench site of size N (bench/synth.py) in a subprocess per variant and reports CPU
seconds and peak RSS (os.wait4):

- ``as is``: ``statuskit build`` unchanged;
- ``no share``: ``share: []`` in the plugin block (no share blocks: the pages and the
  search plugin's HTML parse shrink);
- ``no cards``: the ``cards`` output left out of MACHINE_OUTPUTS (the cost a card cache removes
  on a warm build, and the memory of holding every PNG at once);
- ``no share, no cards``: both.

Nothing in generator/ is edited: variants patch the config file or the output tuple in the
build process only.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synth  # a sibling script, not a package

WORK = Path(__file__).resolve().parent / "work"
BUILD = """
import sys
import generator.outputs as outputs
if {no_cards}:
    outputs.MACHINE_OUTPUTS = tuple(o for o in outputs.MACHINE_OUTPUTS if o != "cards")
from generator.commands.build import run
run({config!r}, {site!r}, False)
"""


def build(site: Path, no_share: bool, no_cards: bool) -> tuple[float, float]:
    """CPU seconds and peak RSS MB of one build variant."""
    config = site / ("mkdocs-noshare.yml" if no_share else "mkdocs.yml")
    if no_share:
        config.write_text(
            synth.mkdocs_yml().replace("      timezone: UTC", "      share: []\n      timezone: UTC")
        )
    code = BUILD.format(no_cards=no_cards, config=str(config), site=str(site / "site-whatif"))
    env = {**os.environ, "SOURCE_DATE_EPOCH": synth.SOURCE_DATE_EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=site, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"variant failed (share off: {no_share}, cards off: {no_cards})")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> None:
    """Build every variant and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    site = WORK / f"whatif-n{args.n}"
    synth.write_site(site, args.n)
    print(f"| variant (N={args.n:,}) | CPU s (median of {args.runs}) | peak RSS MB |")
    print("|---|---:|---:|")
    for label, no_share, no_cards in (
        ("as is", False, False),
        ("no share blocks", True, False),
        ("no cards", False, True),
        ("no share blocks, no cards", True, True),
    ):
        results = [build(site, no_share, no_cards) for _ in range(args.runs)]
        cpu = statistics.median(r[0] for r in results)
        print(f"| {label} | {cpu:.1f} | {max(r[1] for r in results):.0f} |", flush=True)


if __name__ == "__main__":
    main()
