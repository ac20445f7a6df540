"""Profile one ``statuskit build`` with cProfile and say where the time goes.

    python bench/profile_build.py [--n 1000] [--top 15]

Writes the synthetic site (bench/synth.py) into bench/work/n<N>/statuskit, runs
``generator.commands.build.run`` under cProfile in this process (same environment as the
bench: fixed SOURCE_DATE_EPOCH, NO_MKDOCS_2_WARNING=1), saves the raw profile to
bench/work/profile-n<N>.prof (open it with ``python -m pstats`` or snakeviz) and prints, and
writes to bench/profile.md:

1. the build split into phases, from the cumulative time of the functions that start each
   phase (they do not nest in each other, so the phases add up to the profiled total);
2. the top functions by cumulative time, leaving out the outer wrappers, with their group;
3. self time (tottime) summed per package, which adds up exactly to the total.

cProfile adds overhead (more on many small calls, like Markdown's), so compare the shares, not
the absolute seconds, with bench/run.py's wall times.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synth  # a sibling script, not a package

BENCH = Path(__file__).resolve().parent
WORK = BENCH / "work"
OUT = BENCH / "profile.md"

Key = tuple[str, int, str]
# (file path suffix, function name) -> the group a function belongs to, most specific first.
GROUPS: tuple[tuple[str, str], ...] = (
    ("generator/load.py", "yaml load/validate (ours)"),
    ("generator/yamlsource.py", "yaml load/validate (ours)"),
    ("generator/config.py", "yaml load/validate (ours)"),
    ("/yaml/", "yaml load/validate (PyYAML)"),
    ("generator/model.py", "model (ours)"),
    ("generator/uptime.py", "model (ours)"),
    ("generator/outputs/cards.py", "on_post_build: cards (ours)"),
    ("/PIL/", "on_post_build: cards (Pillow)"),
    ("generator/outputs/feeds.py", "on_post_build: feeds (ours)"),
    ("/feedgen/", "on_post_build: feeds (feedgen)"),
    ("/lxml/", "on_post_build: feeds (feedgen)"),
    ("generator/outputs/api.py", "on_post_build: api (ours)"),
    ("generator/outputs/calendar.py", "on_post_build: calendar (ours)"),
    ("/icalendar/", "on_post_build: calendar (ours)"),
    ("generator/outputs/badges.py", "on_post_build: badges (ours)"),
    ("generator/templates/", "page rendering (ours: templates)"),
    ("generator/", "page rendering (ours)"),
    ("material/templates/", "material theme render"),
    ("material/plugins/search/", "search plugin"),
    ("/material/", "material (other)"),
    ("/jinja2/", "jinja2 (ours and theme)"),
    ("/markupsafe/", "jinja2 (ours and theme)"),
    ("/markdown/", "markdown (mkdocs and ours)"),
    ("/pymdownx/", "markdown (mkdocs and ours)"),
    ("mkdocs/", "mkdocs core"),
    ("/html/parser.py", "search plugin (HTMLParser)"),
    ("/re/", "re"),
    ("/shutil.py", "writing files"),
    ("/pathlib.py", "writing files"),
)

# Phases: (label, [(file suffix, function name), ...]); the cumulative times of the listed
# functions are summed. Ordered as the build runs; none of them calls another listed one.
PHASES: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("mkdocs config load (x2: validate + staging)", (("mkdocs/config/base.py", "load_config"),)),
    ("yaml load + validate (x2: fail-fast + on_config)", (("generator/load.py", "load_incidents"),)),
    ("model (Site.build, x2)", (("generator/model.py", "build"),)),
    (
        "mkdocs get_files + on_files + nav",
        (
            ("mkdocs/structure/files.py", "get_files"),
            ("mkdocs/plugins.py", "on_files"),
            ("mkdocs/structure/nav.py", "get_navigation"),
        ),
    ),
    ("mkdocs markdown render (Page.render)", (("mkdocs/structure/pages.py", "render"),)),
    ("our page HTML: home, history, FAQ (on_page_content)", (("generator/plugin.py", "on_page_content"),)),
    ("our head data (on_page_context: alternates, preview)", (("generator/plugin.py", "on_page_context"),)),
    (
        "search plugin: index each page (on_page_context)",
        (("material/plugins/search/plugin.py", "on_page_context"),),
    ),
    ("mkdocs page loop: theme render + write (_build_page)", (("mkdocs/commands/build.py", "_build_page"),)),
    ("mkdocs copies assets", (("mkdocs/structure/files.py", "copy_static_files"),)),
    ("incident pages: content (BuildSession.incident_content)",
     (("generator/session.py", "incident_content"),)),
    ("incident pages: shell + fill (minus content)", (("generator/incident_pages.py", "pages"),)),
    ("sitemap with the incident pages", (("generator/incident_pages.py", "write_sitemap"),)),
    ("search entries (one per incident)", (("generator/search_entries.py", "add"),)),
    ("waiting for background cards (Prefetch.wait)", (("generator/outputs/cards_prefetch.py", "wait"),)),
    ("search plugin: write index (on_post_build)", (("material/plugins/search/plugin.py", "on_post_build"),)),
    ("on_post_build: feeds", (("generator/outputs/feeds.py", "render"),)),
    ("on_post_build: api", (("generator/outputs/api.py", "render"),)),
    ("on_post_build: calendar", (("generator/outputs/calendar.py", "render"),)),
    ("on_post_build: badges", (("generator/outputs/badges.py", "render"),)),
    ("on_post_build: cards (Pillow PNG per incident)", (("generator/outputs/cards.py", "render"),)),
    ("waiting for the writer thread (SiteWriter.finish)", (("generator/sitewriter.py", "finish"),)),
    ("atomic swap (rename + rmtree of the old site)", (("generator/commands/build.py", "swap"),)),
)


def group_of(filename: str) -> str:
    """The group of a function's file (built-ins by their own name)."""
    path = filename.replace(os.sep, "/")
    if path == "~":
        return "built-in"
    for fragment, label in GROUPS:
        if fragment in path:
            return label
    return "other (stdlib)"


def find(stats: dict[Key, tuple], suffix: str, name: str) -> list[Key]:
    """Profile keys of the functions ``name`` defined in a file ending with ``suffix``."""
    return [k for k in stats if k[2] == name and k[0].replace(os.sep, "/").endswith(suffix)]


def cumulative(stats: dict[Key, tuple], suffix: str, name: str) -> float:
    """Cumulative seconds of every function ``name`` in files ending with ``suffix``."""
    return sum(stats[k][3] for k in find(stats, suffix, name))


def short(key: Key) -> str:
    """``package/module.py:line(function)`` with the site-packages prefix cut."""
    path = key[0].replace(os.sep, "/")
    for marker in ("site-packages/", "/work/main/", "lib/python3.11/"):
        if marker in path:
            path = path.split(marker, 1)[1]
            break
    return f"{path}:{key[1]}({key[2]})" if path != "~" else key[2]


def summarise(profile: Path, wall: float, top: int, n: int) -> str:
    """The Markdown summary of one profile."""
    stats = pstats.Stats(str(profile))
    raw: dict[Key, tuple] = stats.stats  # type: ignore[attr-defined]
    total = max(v[3] for v in raw.values())
    lines = [
        f"# Where the time goes: statuskit build at N={n:,} (cProfile)",
        "",
        f"Profiled wall time {wall:.1f} s (cProfile overhead included; total cumulative {total:.1f} s). "
        f"Command: `python bench/profile_build.py --n {n}`; raw profile: bench/work/profile-n{n}.prof.",
        "",
        "## Phases",
        "",
        "| phase | seconds | share |",
        "|---|---:|---:|",
    ]
    accounted = 0.0
    for label, functions in PHASES:
        seconds = sum(cumulative(raw, suffix, name) for suffix, name in functions)
        if label.startswith("incident pages: shell"):  # Renderer.pages calls incident_content()
            seconds = max(0.0, seconds - cumulative(raw, "generator/session.py", "incident_content"))
        accounted += seconds
        lines.append(f"| {label} | {seconds:.2f} | {seconds / total:.0%} |")
    rest = total - accounted
    lines += [f"| everything else (imports, nav, context, ...) | {rest:.2f} | {rest / total:.0%} |", ""]

    lines += [
        f"## Top {top} functions by cumulative time (wrappers, event dispatch, comprehensions left out)",
        "",
        "| # | function | calls | cumulative s | own s | group |",
        "|---:|---|---:|---:|---:|---|",
    ]
    ranked = sorted(raw.items(), key=lambda item: item[1][3], reverse=True)
    shown = 0
    for key, (_cc, nc, tt, ct, _callers) in ranked:
        wrapper = key[0].endswith("mkdocs/plugins.py") or key[2].startswith(
            "<"
        )  # event dispatch, comprehensions
        if ct >= 0.9 * total or wrapper or key[0].startswith("<frozen") or "exec" in key[2]:
            continue
        shown += 1
        lines.append(f"| {shown} | `{short(key)}` | {nc:,} | {ct:.2f} | {tt:.2f} | {group_of(key[0])} |")
        if shown == top:
            break

    own: dict[str, float] = defaultdict(float)
    builtins: dict[str, float] = defaultdict(float)
    for key, (_cc, _nc, tt, _ct, _callers) in raw.items():
        own[group_of(key[0])] += tt
        if key[0] == "~":
            builtins[key[2]] += tt
    lines += [
        "",
        "## Own time by group (adds up to the total)",
        "",
        "| group | own s | share |",
        "|---|---:|---:|",
    ]
    lines += [f"| {g} | {s:.2f} | {s / total:.0%} |" for g, s in sorted(own.items(), key=lambda x: -x[1])]
    lines += ["", "Largest built-ins (C code: Pillow drawing, zlib, I/O, regex):", ""]
    lines += [f"- `{name}`: {s:.2f} s" for name, s in sorted(builtins.items(), key=lambda x: -x[1])[:8]]
    return "\n".join(lines) + "\n"


def main() -> None:
    """Write the site, profile one build, print and save the summary."""
    parser = argparse.ArgumentParser(description="cProfile one statuskit build")
    parser.add_argument("--n", type=int, default=1000, help="incidents (default 1000)")
    parser.add_argument("--top", type=int, default=15, help="functions in the top list (default 15)")
    args = parser.parse_args()
    site = WORK / f"n{args.n}" / "statuskit"
    synth.write_site(site, args.n)
    os.environ["SOURCE_DATE_EPOCH"] = synth.SOURCE_DATE_EPOCH
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    os.chdir(site)
    from generator.commands.build import run

    profile = WORK / f"profile-n{args.n}.prof"
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    run(None, str(site / "site"), False)
    profiler.disable()
    wall = time.perf_counter() - start
    profiler.dump_stats(str(profile))
    text = summarise(profile, wall, args.top, args.n)
    OUT.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
