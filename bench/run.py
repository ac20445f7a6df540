"""statuskit's benchmark: build time, memory, page sizes and preview latency against the stack's floor.

    python bench/run.py [--sizes 100,1000,5000] [--runs 3] [--quick]

For each N it writes a synthetic site (bench/synth.py) into bench/work/, then, interleaved run by
run so both see the same machine load, times ``statuskit build`` and a bare ``mkdocs build`` of
the same text as plain Markdown (the floor). Each run is a subprocess; its wall time is measured
with ``time.perf_counter`` and its peak RSS with ``os.wait4`` (per child, not cumulative). Then
``statuskit validate``, the sizes of the pages that must not grow with N, the search index, the
history pages, statuskit's own stages in-process (bench/stages.py: cards and the other
on_post_build outputs separately) and, on the preview size, the latency of ``statuskit serve``
from saving an incident file to the change showing over HTTP. Prints one Markdown table and
writes it to bench/results.md (raw numbers: bench/work/results.json).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synth  # a sibling script, not a package

BENCH = Path(__file__).resolve().parent
WORK = BENCH / "work"
RESULTS = BENCH / "results.md"
MB = 1024 * 1024
PREVIEW_TIMEOUT = 300.0  # seconds to wait for one edit to show
SERVE_START_TIMEOUT = 900.0  # the first serve build at N=1000 includes every card

# Targets of issue 7 (floors, not goals).
TARGET_RATIO = 1.0  # statuskit / floor at N=1000
TARGET_GROWTH = 5.5  # t(5000) / t(1000)
TARGET_RSS_MB = 400  # peak at N=5000
TARGET_VALIDATE_S = 3.0  # validate of 5000 files
TARGET_SEARCH_GZ = 300 * 1024  # search_index.json gzip at N=1000
TARGET_PREVIEW_S = 2.0  # serve at N=1000: one edited incident shows


@dataclass
class Run:
    """One timed subprocess."""

    seconds: float
    cpu: float  # user + system CPU seconds of the child: far less sensitive to machine load
    rss_mb: float
    returncode: int
    warnings: int


@dataclass
class SizeResult:
    """Everything measured for one N."""

    n: int
    probe: str
    ours: list[Run] = field(default_factory=list)
    floor: list[Run] = field(default_factory=list)
    validate: list[Run] = field(default_factory=list)
    load_before: float = 0.0
    load_after: float = 0.0
    sizes: dict[str, int] = field(default_factory=dict)
    stages: dict[str, Any] = field(default_factory=dict)
    preview: list[float] = field(default_factory=list)


def environment() -> dict[str, str]:
    """The builds' environment: a fixed "now" and no mkdocs 2 banner."""
    env = dict(os.environ)
    env["SOURCE_DATE_EPOCH"] = synth.SOURCE_DATE_EPOCH
    env["NO_MKDOCS_2_WARNING"] = "1"
    return env


def tool(name: str) -> list[str]:
    """A console script of this interpreter's environment (``statuskit``, ``mkdocs``)."""
    script = Path(sys.executable).parent / name
    if script.exists():
        return [str(script)]
    found = shutil.which(name)
    if found is None:
        sys.exit(f"{name}: not found; install statuskit (pip install -e .) first")
    return [found]


def timed(cmd: list[str], cwd: Path, log: Path) -> Run:
    """Run ``cmd`` once: wall and CPU time, this child's own peak RSS (os.wait4), exit code, warnings."""
    with log.open("w") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=environment(), stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    text = log.read_text(errors="replace")
    if proc.returncode != 0:
        print(f"  ! {' '.join(cmd)} exited {proc.returncode}; see {log}\n{text[-2000:]}", file=sys.stderr)
    warnings = sum(1 for line in text.splitlines() if line.startswith("WARNING"))
    cpu = usage.ru_utime + usage.ru_stime
    return Run(seconds, cpu, usage.ru_maxrss / 1024, proc.returncode, warnings)


def median(runs: list[Run], attr: str = "seconds") -> float:
    """Median of one attribute over the successful runs (NaN when none)."""
    values = [getattr(r, attr) for r in runs if r.returncode == 0]
    return statistics.median(values) if values else float("nan")


def loadavg() -> float:
    """The 1-minute load average."""
    return os.getloadavg()[0]


def tree_bytes(path: Path, pattern: str = "*") -> tuple[int, int]:
    """(files, bytes) of every file under ``path`` matching ``pattern``."""
    files = [p for p in path.rglob(pattern) if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def measure_sizes(site: Path, floor_site: Path, probe: str) -> dict[str, int]:
    """Bytes of the pages that must not grow with N, the search index and the history pages."""
    index = (site / "search" / "search_index.json").read_bytes()
    floor_index = (floor_site / "search" / "search_index.json").read_bytes()
    history = [p for p in (site / "history").rglob("*.html")]
    files, total = tree_bytes(site)
    html_files, html_total = tree_bytes(site, "*.html")
    return {
        "index_html": (site / "index.html").stat().st_size,
        "probe_html": (site / "incidents" / probe / "index.html").stat().st_size,
        "search_json": len(index),
        "search_gz": len(gzip.compress(index, 9, mtime=0)),
        "floor_search_gz": len(gzip.compress(floor_index, 9, mtime=0)),
        "history_pages": len(history),
        "history_bytes": sum(p.stat().st_size for p in history),
        "history_max": max((p.stat().st_size for p in history), default=0),
        "history_index": (site / "history" / "index.html").stat().st_size,
        "site_files": files,
        "site_bytes": total,
        "html_files": html_files,
        "html_bytes": html_total,
        "floor_site_bytes": tree_bytes(floor_site)[1],
    }


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> str | None:
    """The body at ``url``, or None while the server is not answering."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return str(response.read().decode("utf-8", "replace"))
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def wait_for(url: str, marker: str, timeout: float, proc: subprocess.Popen[bytes]) -> float | None:
    """Seconds until ``marker`` appears at ``url`` (None on timeout or a dead server)."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if proc.poll() is not None:
            return None
        body = fetch(url)
        if body is not None and marker in body:
            return time.perf_counter() - start
        time.sleep(0.05)
    return None


def measure_preview(site_dir: Path, probe: str, edits: int, log: Path) -> list[float]:
    """Latency of ``statuskit serve``: save an edit to one incident, poll its page until it shows."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    page = f"{base}incidents/{probe}/"
    source = site_dir / "incidents" / f"{probe}.yaml"
    original = source.read_bytes()
    cmd = [*tool("statuskit"), "serve", "--dev-addr", f"127.0.0.1:{port}"]
    latencies: list[float] = []
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, cwd=site_dir, env=environment(), stdout=out, stderr=subprocess.STDOUT)
        try:
            started = wait_for(page, "</html>", SERVE_START_TIMEOUT, proc)
            if started is None:
                print(f"  ! serve did not come up; see {log}", file=sys.stderr)
                return []
            print(f"  serve answered after {started:.1f} s (first full build)")
            time.sleep(2.0)  # let the watcher settle after the first build
            for edit in range(edits):
                marker = f"Benchmark edit {edit + 1} at {time.time_ns()}."
                start = time.perf_counter()
                synth.append_sentence(source, marker)
                seen = wait_for(page, marker, PREVIEW_TIMEOUT, proc)
                latency = time.perf_counter() - start if seen is not None else float("inf")
                latencies.append(latency)
                print(f"  edit {edit + 1}: {latency:.2f} s")
                time.sleep(2.0)  # no overlapping rebuilds
        finally:
            source.write_bytes(original)
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    return latencies


def stages(config: Path, log: Path) -> dict[str, Any]:
    """statuskit's own stages in-process (bench/stages.py), as a dict."""
    proc = subprocess.run(
        [sys.executable, str(BENCH / "stages.py"), str(config)],
        env=environment(),
        capture_output=True,
        text=True,
        check=False,
    )
    log.write_text(proc.stdout + proc.stderr)
    if proc.returncode != 0:
        print(f"  ! stages failed; see {log}", file=sys.stderr)
        return {}
    return dict(json.loads(proc.stdout))


def bench_size(n: int, runs: int, preview_edits: int) -> SizeResult:
    """Write the N site and its floor twin, then measure everything for this N."""
    root = WORK / f"n{n}"
    ours_dir, floor_dir = root / "statuskit", root / "floor"
    incidents = synth.write_site(ours_dir, n)
    synth.write_floor(floor_dir, incidents)
    result = SizeResult(n, synth.probe_id(incidents), load_before=loadavg())
    statuskit, mkdocs = tool("statuskit"), tool("mkdocs")
    for index in range(runs):
        # Alternate the order so neither side always runs first (warm caches, load drift).
        pair = [("ours", ours_dir), ("floor", floor_dir)]
        for which, cwd in pair if index % 2 == 0 else reversed(pair):
            if which == "ours":
                cmd = [*statuskit, "build", "--site-dir", str(ours_dir / "site")]
            else:
                cmd = [*mkdocs, "build", "--quiet", "--site-dir", str(floor_dir / "site")]
            run = timed(cmd, cwd, root / f"{which}-{index}.log")
            getattr(result, which).append(run)
            print(
                f"  N={n} {which:5} run {index + 1}: {run.seconds:6.2f} s wall {run.cpu:6.2f} s CPU "
                f"{run.rss_mb:5.0f} MB (load {loadavg():.1f})"
            )
    for index in range(runs):
        result.validate.append(timed([*statuskit, "validate"], ours_dir, root / f"validate-{index}.log"))
    print(f"  N={n} validate median {median(result.validate):.2f} s")
    result.load_after = loadavg()
    result.sizes = measure_sizes(ours_dir / "site", floor_dir / "site", result.probe)
    result.stages = stages(ours_dir / "mkdocs.yml", root / "stages.log")
    if preview_edits:
        result.preview = measure_preview(ours_dir, result.probe, preview_edits, root / "serve.log")
    return result


# -- the report ---------------------------------------------------------------------------------


def fmt(value: float, digits: int = 2) -> str:
    """A number for the table; "n/a" for NaN."""
    return "n/a" if value != value else f"{value:.{digits}f}"


def kib(value: int | None) -> str:
    """Bytes as KiB with one decimal."""
    return "n/a" if value is None else f"{value / 1024:,.1f} KiB"


def verdict(ok: bool | None) -> str:
    """PASS / FAIL / n/a."""
    return "n/a" if ok is None else ("PASS" if ok else "**FAIL**")


def source_revision() -> str:
    """The commit measured, and whether generator/ had uncommitted changes."""
    root = BENCH.parent

    def git(*args: str) -> str:
        proc = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
        return proc.stdout.strip() if proc.returncode == 0 else ""

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--", "generator")
    return f"{head}{' + uncommitted changes in generator/' if dirty else ''}"


def report(results: list[SizeResult], command: str, runs: int) -> str:
    """The Markdown report: context, then one table with every number and target."""
    by_n = {r.n: r for r in results}
    ns = [r.n for r in results]
    at = {n: by_n.get(n) for n in (1000, 5000)}
    r1k, r5k = at[1000], at[5000]
    rows: list[tuple[str, list[str], str, str]] = []

    def row(label: str, cells: list[str], target: str = "", ok: bool | None = None) -> None:
        rows.append((label, cells, target, verdict(ok) if target else ""))

    ours = {r.n: median(r.ours) for r in results}
    floor = {r.n: median(r.floor) for r in results}
    ours_cpu = {r.n: median(r.ours, "cpu") for r in results}
    floor_cpu = {r.n: median(r.floor, "cpu") for r in results}
    ratio = {n: ours[n] / floor[n] for n in ns}
    ratio_cpu = {n: ours_cpu[n] / floor_cpu[n] for n in ns}
    row("statuskit build, median wall s", [fmt(ours[n]) for n in ns])
    row("statuskit build, all runs wall s", [" / ".join(fmt(x.seconds, 1) for x in by_n[n].ours) for n in ns])
    row("statuskit build, median CPU s (user+sys)", [fmt(ours_cpu[n]) for n in ns])
    row("floor: bare mkdocs-material, median wall s", [fmt(floor[n]) for n in ns])
    row("floor, all runs wall s", [" / ".join(fmt(x.seconds, 1) for x in by_n[n].floor) for n in ns])
    row("floor, median CPU s", [fmt(floor_cpu[n]) for n in ns])
    for label, values in (("wall", ratio), ("CPU", ratio_cpu)):
        row(
            f"ratio statuskit / floor ({label})",
            [fmt(values[n]) for n in ns],
            f"≤ {TARGET_RATIO} at N=1000",
            None if r1k is None else values[1000] <= TARGET_RATIO,
        )
    for label, mine, theirs in (("wall", ours, floor), ("CPU", ours_cpu, floor_cpu)):
        growth = growth_floor = float("nan")
        if r1k and r5k:
            growth, growth_floor = mine[5000] / mine[1000], theirs[5000] / theirs[1000]
        row(
            f"growth t(5000)/t(1000) {label}: statuskit (floor)",
            ["" for _ in ns[:-1]] + [f"{fmt(growth)} ({fmt(growth_floor)})"],
            f"≤ {TARGET_GROWTH}",
            None if growth != growth else growth <= TARGET_GROWTH,
        )
    rss = {n: max((x.rss_mb for x in by_n[n].ours), default=float("nan")) for n in ns}
    row(
        "statuskit build peak RSS MB (max of runs)",
        [fmt(rss[n], 0) for n in ns],
        f"≤ {TARGET_RSS_MB} MB at N=5000",
        None if r5k is None else rss[5000] <= TARGET_RSS_MB,
    )
    row("floor peak RSS MB", [fmt(max(x.rss_mb for x in by_n[n].floor), 0) for n in ns])
    val = {n: median(by_n[n].validate) for n in ns}
    row(
        "statuskit validate, median s",
        [fmt(val[n]) for n in ns],
        f"≤ {TARGET_VALIDATE_S} s at N=5000",
        None if r5k is None else val[5000] <= TARGET_VALIDATE_S,
    )
    row("statuskit validate, median CPU s", [fmt(median(by_n[n].validate, "cpu")) for n in ns])
    row("validate peak RSS MB", [fmt(max(x.rss_mb for x in by_n[n].validate), 0) for n in ns])
    size = {n: by_n[n].sizes for n in ns}
    same_home = same_probe = None
    if r1k and r5k:
        same_home = size[1000]["index_html"] == size[5000]["index_html"]
        same_probe = size[1000]["probe_html"] == size[5000]["probe_html"]
    row("index.html bytes", [f"{size[n]['index_html']:,}" for n in ns], "equal at 1000 and 5000", same_home)
    row(
        "probe incident page bytes",
        [f"{size[n]['probe_html']:,}" for n in ns],
        "equal at 1000 and 5000",
        same_probe,
    )
    row(
        "search_index.json raw / gzip -9",
        [f"{kib(size[n]['search_json'])} / {kib(size[n]['search_gz'])}" for n in ns],
        "gzip ≤ 300 KiB at N=1000",
        None if r1k is None else size[1000]["search_gz"] <= TARGET_SEARCH_GZ,
    )
    row("floor search_index.json gzip", [kib(size[n]["floor_search_gz"]) for n in ns])
    row(
        "history pages: count, total, largest",
        [
            f"{size[n]['history_pages']}, {kib(size[n]['history_bytes'])}, {kib(size[n]['history_max'])}"
            for n in ns
        ],
    )
    row("history/index.html bytes", [f"{size[n]['history_index']:,}" for n in ns])
    row(
        "site: files, total MB (floor MB)",
        [
            f"{s['site_files']:,}, {s['site_bytes'] / MB:.1f} ({s['floor_site_bytes'] / MB:.1f})"
            for s in (size[n] for n in ns)
        ],
    )
    row("HTML: pages, total MB", [f"{size[n]['html_files']:,}, {size[n]['html_bytes'] / MB:.1f}" for n in ns])
    for label, key in (("stage: load + validate s", "load_validate_s"), ("stage: model s", "model_s")):
        row(label, [fmt(by_n[n].stages.get(key, float("nan"))) for n in ns])
    row(
        "stage: our page HTML s (all pages)",
        [
            fmt(sum(by_n[n].stages.get("pages_s", {}).values()) if by_n[n].stages else float("nan"))
            for n in ns
        ],
    )
    for name in ("cards", "feeds", "api", "calendar", "badges"):
        cells = []
        for n in ns:
            found = by_n[n].stages.get("outputs", {}).get(name)
            cells.append(
                f"{fmt(found['s'])} s, {found['files']:,} files, {kib(found['bytes'])}" if found else "n/a"
            )
        row(f"on_post_build {name}", cells)
    preview = [r for r in results if r.preview]
    for r in preview:
        latency = statistics.median(r.preview)
        row(
            f"preview: edit → shown at N={r.n}, median s (edits)",
            [(f"{fmt(latency)} ({', '.join(fmt(x, 1) for x in r.preview)})" if n == r.n else "") for n in ns],
            f"≤ {TARGET_PREVIEW_S} s at N=1000",
            latency <= TARGET_PREVIEW_S if r.n == 1000 else None,
        )
    row(
        "load average (1 min) before → after",
        [f"{by_n[n].load_before:.1f} → {by_n[n].load_after:.1f}" for n in ns],
    )
    row(
        "build warnings (statuskit / floor, run 1)",
        [f"{by_n[n].ours[0].warnings} / {by_n[n].floor[0].warnings}" for n in ns],
    )

    head = "| metric | " + " | ".join(f"N={n:,}" for n in ns) + " | target | verdict |"
    sep = "|---|" + "---|" * len(ns) + "---|---|"
    lines = [head, sep] + [
        f"| {label} | " + " | ".join(cells) + f" | {t} | {v} |" for label, cells, t, v in rows
    ]
    versions = ", ".join(f"{p} {metadata.version(p)}" for p in ("mkdocs", "mkdocs-material", "statuskit"))
    versions += f", statuskit tree {source_revision()}"
    probes = ", ".join(f"N={r.n}: `{r.probe}`" for r in results)
    return "\n".join(
        [
            "# statuskit benchmark results",
            "",
            f"Command: `{command}`",
            "",
            f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} CPUs, Python "
            f"{platform.python_version()}, {versions}; {runs} run(s) per size, statuskit and floor "
            "interleaved; medians. Peak RSS per process (os.wait4). Load averages show how busy "
            "the shared machine was.",
            "",
            f"Probe incident: {probes}.",
            "",
            *lines,
            "",
        ]
    )


def main() -> None:
    """Parse options, run every size, print and save the table."""
    parser = argparse.ArgumentParser(description="statuskit benchmark (issue 7)")
    parser.add_argument("--sizes", default="100,1000,5000", help="comma-separated N (default 100,1000,5000)")
    parser.add_argument("--runs", type=int, default=3, help="timed builds per size and tool (default 3)")
    parser.add_argument("--quick", action="store_true", help="smoke test: N=100,300, 1 run, 1 preview edit")
    parser.add_argument(
        "--preview-size", type=int, default=1000, help="N for the serve latency (default 1000)"
    )
    parser.add_argument("--edits", type=int, default=3, help="preview edits (default 3; 0 skips the preview)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    runs, edits, preview_n = args.runs, args.edits, args.preview_size
    if args.quick:
        sizes, runs, edits, preview_n = [100, 300], 1, min(edits, 1), 300
    command = "python bench/run.py " + " ".join(sys.argv[1:])
    WORK.mkdir(parents=True, exist_ok=True)
    results = []
    for n in sizes:
        print(f"N={n}: writing the site and its floor twin (load {loadavg():.1f})")
        results.append(bench_size(n, runs, edits if n == preview_n else 0))
    text = report(results, command.strip(), runs)
    (WORK / "results.json").write_text(json.dumps([asdict(r) for r in results], indent=2, default=str))
    RESULTS.write_text(text, encoding="utf-8")
    print()
    print(text)
    print(f"written to {RESULTS.relative_to(BENCH.parent)}")


if __name__ == "__main__":
    main()
