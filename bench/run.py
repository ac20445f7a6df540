"""statuskit's benchmark: build time, memory, page sizes and preview latency against the stack's floor.

    python bench/run.py [--sizes 100,1000,5000] [--runs 3] [--quick]

For each N it writes a synthetic site (bench/synth.py) into bench/work/, then, interleaved run by
run so all see the same machine load (the order rotates with the run index), times three builds:

- ``statuskit build`` with a **cold** preview-card cache: ``STATUSKIT_CACHE_DIR`` is a fresh empty
  directory (bench/work/nN/cache-cold-I, deleted afterwards) for every such run, as on a first
  build or in CI without a cache;
- ``statuskit build`` with a **warm** cache: ``STATUSKIT_CACHE_DIR`` is bench/work/nN/cache-warm,
  filled by one untimed priming build first, as on a rebuild or in CI with the cache restored;
- a bare ``mkdocs build`` of the same text as plain Markdown (the floor).

The user's own cache (~/.cache/statuskit) is never used, and ``STATUSKIT_NO_CACHE`` is removed
from the environment. Each run is a subprocess; its wall time is measured with
``time.perf_counter``, its CPU time and peak RSS with ``os.wait4`` (per child, not cumulative).
Then, all with the warm cache: ``statuskit validate``, statuskit's own stages in-process
(bench/stages.py: cards and the other on_post_build outputs separately) and, on the preview size,
the latency of ``statuskit serve`` from saving an incident file to the change showing over HTTP,
split by serve's log into change detection and its own rebuild time. Also the sizes of the pages
that must not grow with N, the search index and the history pages. Prints one Markdown table
and writes it to bench/results.md (raw numbers: bench/work/results.json).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
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
BUILT = re.compile(r"Documentation built in ([0-9.]+) seconds")  # mkdocs' log line after each build
DETECTED = "Detected file changes"  # mkdocs' serve log line when its watcher fires
NAN = float("nan")

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
class Edit:
    """One preview edit: seconds from saving the file, by what showed when."""

    shown: float  # the sentence is served over HTTP (inf: never, within PREVIEW_TIMEOUT)
    detected: float  # serve's log says "Detected file changes" (NaN: never)
    rebuild: float  # serve's own "Documentation built in X seconds" for this change (NaN: none)
    builds: int  # rebuilds serve logged for this one edit (1 expected)


@dataclass
class SizeResult:
    """Everything measured for one N."""

    n: int
    probe: str
    cold: list[Run] = field(default_factory=list)  # statuskit build, fresh empty card cache
    warm: list[Run] = field(default_factory=list)  # statuskit build, primed card cache
    floor: list[Run] = field(default_factory=list)
    prime: Run | None = None  # the untimed build that filled the warm cache
    warm_cache: tuple[int, int] = (0, 0)  # (files, bytes) of the warm cache after priming
    validate: list[Run] = field(default_factory=list)
    load_before: float = 0.0
    load_after: float = 0.0
    sizes: dict[str, int] = field(default_factory=dict)
    stages: dict[str, Any] = field(default_factory=dict)
    preview: list[float] = field(default_factory=list)  # edit -> shown, seconds
    preview_edits: list[Edit] = field(default_factory=list)
    preview_first_build: float = NAN  # serve's first full build, from its log

    @property
    def ours(self) -> list[Run]:
        """Every timed statuskit build, cold and warm."""
        return self.cold + self.warm


def environment(cache_dir: Path | None = None) -> dict[str, str]:
    """The builds' environment: a fixed "now", no mkdocs 2 banner, the given card cache (if any)."""
    env = dict(os.environ)
    env["SOURCE_DATE_EPOCH"] = synth.SOURCE_DATE_EPOCH
    env["NO_MKDOCS_2_WARNING"] = "1"
    env.pop("STATUSKIT_NO_CACHE", None)  # the cache is what cold vs warm measures
    env.pop("STATUSKIT_CACHE_DIR", None)  # never the user's: each caller says which
    if cache_dir is not None:
        env["STATUSKIT_CACHE_DIR"] = str(cache_dir)
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


def timed(cmd: list[str], cwd: Path, log: Path, cache_dir: Path | None = None) -> Run:
    """Run ``cmd`` once: wall and CPU time, this child's own peak RSS (os.wait4), exit code, warnings.

    The disk is flushed first (``os.sync``), so a run pays for its own writes, not for the
    write-back of the run before it (a cold build leaves ~100 MB of dirty pages behind).
    """
    env = environment(cache_dir)
    os.sync()
    with log.open("w") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
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


def log_since(log: Path, offset: int) -> str:
    """What a running child has written to ``log`` after byte ``offset``."""
    with log.open("rb") as handle:
        handle.seek(offset)
        return handle.read().decode("utf-8", "replace")


def watch_edit(page: str, marker: str, log: Path, offset: int, proc: subprocess.Popen[bytes]) -> Edit:
    """Poll the page and serve's log every 50 ms after an edit, until the edit shows and is built.

    The page may show the edit before mkdocs logs the end of the build (pages are written
    before on_post_build), so both are waited for: the next edit never overlaps a rebuild.
    """
    start = time.perf_counter()
    shown = detected = NAN
    rebuilds: list[float] = []
    while time.perf_counter() - start < PREVIEW_TIMEOUT and proc.poll() is None:
        now = time.perf_counter() - start
        text = log_since(log, offset)
        if detected != detected and DETECTED in text:
            detected = now
        rebuilds = [float(x) for x in BUILT.findall(text)]
        if shown != shown:
            body = fetch(page)
            if body is not None and marker in body:
                shown = time.perf_counter() - start
        if shown == shown and rebuilds:
            break
        time.sleep(0.05)
    return Edit(
        shown=float("inf") if shown != shown else shown,
        detected=detected,
        rebuild=sum(rebuilds) if rebuilds else NAN,
        builds=len(rebuilds),
    )


def measure_preview(
    site_dir: Path, probe: str, edits: int, log: Path, cache_dir: Path
) -> tuple[list[Edit], float]:
    """Latency of ``statuskit serve``: save an edit to one incident, poll its page until it shows.

    Returns every edit and serve's first full build time (from its log).
    """
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    page = f"{base}incidents/{probe}/"
    source = site_dir / "incidents" / f"{probe}.yaml"
    original = source.read_bytes()
    cmd = [*tool("statuskit"), "serve", "--dev-addr", f"127.0.0.1:{port}"]
    measured: list[Edit] = []
    first_build = NAN
    with log.open("w") as out:
        proc = subprocess.Popen(
            cmd, cwd=site_dir, env=environment(cache_dir), stdout=out, stderr=subprocess.STDOUT
        )
        try:
            started = wait_for(page, "</html>", SERVE_START_TIMEOUT, proc)
            if started is None:
                print(f"  ! serve did not come up; see {log}", file=sys.stderr)
                return [], first_build
            time.sleep(2.0)  # let the watcher settle after the first build
            built = BUILT.findall(log_since(log, 0))
            first_build = float(built[0]) if built else NAN
            print(f"  serve answered after {started:.1f} s (first full build {fmt(first_build)} s)")
            for index in range(edits):
                marker = f"Benchmark edit {index + 1} at {time.time_ns()}."
                offset = log.stat().st_size
                synth.append_sentence(source, marker)
                edit = watch_edit(page, marker, log, offset, proc)
                measured.append(edit)
                print(
                    f"  edit {index + 1}: shown {edit.shown:.2f} s, detected {fmt(edit.detected)} s, "
                    f"serve rebuild {fmt(edit.rebuild)} s ({edit.builds} build(s))"
                )
                time.sleep(2.0)  # no overlapping rebuilds
        finally:
            source.write_bytes(original)
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    return measured, first_build


def stages(config: Path, log: Path, cache_dir: Path) -> dict[str, Any]:
    """statuskit's own stages in-process (bench/stages.py), as a dict; cards use ``cache_dir``."""
    proc = subprocess.run(
        [sys.executable, str(BENCH / "stages.py"), str(config)],
        env=environment(cache_dir),
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
    build = [*statuskit, "build", "--site-dir", str(ours_dir / "site")]

    warm_cache = root / "cache-warm"
    shutil.rmtree(warm_cache, ignore_errors=True)
    warm_cache.mkdir(parents=True)
    result.prime = timed(build, ours_dir, root / "prime.log", warm_cache)
    result.warm_cache = tree_bytes(warm_cache)
    print(
        f"  N={n} priming build (untimed): {result.prime.seconds:.2f} s wall; warm cache "
        f"{result.warm_cache[0]:,} files, {result.warm_cache[1] / MB:.1f} MB"
    )

    kinds = ["cold", "warm", "floor"]
    for index in range(runs):
        # Rotate the order so no kind always runs first or last (OS caches, load drift).
        shift = index % len(kinds)
        for which in kinds[shift:] + kinds[:shift]:
            log = root / f"{which}-{index}.log"
            if which == "cold":
                cold_cache = root / f"cache-cold-{index}"
                shutil.rmtree(cold_cache, ignore_errors=True)
                cold_cache.mkdir(parents=True)
                run = timed(build, ours_dir, log, cold_cache)
                shutil.rmtree(cold_cache, ignore_errors=True)  # up to ~200 MB of cards at N=5000
            elif which == "warm":
                run = timed(build, ours_dir, log, warm_cache)
            else:
                cmd = [*mkdocs, "build", "--quiet", "--site-dir", str(floor_dir / "site")]
                run = timed(cmd, floor_dir, log)
            getattr(result, which).append(run)
            print(
                f"  N={n} {which:5} run {index + 1}: {run.seconds:6.2f} s wall {run.cpu:6.2f} s CPU "
                f"{run.rss_mb:5.0f} MB (load {loadavg():.1f})"
            )
    for index in range(runs):
        result.validate.append(
            timed([*statuskit, "validate"], ours_dir, root / f"validate-{index}.log", warm_cache)
        )
    print(f"  N={n} validate median {median(result.validate):.2f} s")
    result.load_after = loadavg()
    result.sizes = measure_sizes(ours_dir / "site", floor_dir / "site", result.probe)
    result.stages = stages(ours_dir / "mkdocs.yml", root / "stages.log", warm_cache)
    if preview_edits:
        result.preview_edits, result.preview_first_build = measure_preview(
            ours_dir, result.probe, preview_edits, root / "serve.log", warm_cache
        )
        result.preview = [e.shown for e in result.preview_edits]
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

    kinds = (("cold", "cold cache"), ("warm", "warm cache"))
    wall = {kind: {r.n: median(getattr(r, kind)) for r in results} for kind, _ in kinds}
    cpu = {kind: {r.n: median(getattr(r, kind), "cpu") for r in results} for kind, _ in kinds}
    floor = {r.n: median(r.floor) for r in results}
    floor_cpu = {r.n: median(r.floor, "cpu") for r in results}

    def all_runs(runs: list[Run]) -> str:
        return " / ".join(fmt(x.seconds, 1) for x in runs)

    for kind, name in kinds:
        row(f"statuskit build, {name}, median wall s", [fmt(wall[kind][n]) for n in ns])
        row(f"statuskit build, {name}, all runs wall s", [all_runs(getattr(by_n[n], kind)) for n in ns])
        row(f"statuskit build, {name}, median CPU s (user+sys)", [fmt(cpu[kind][n]) for n in ns])
    row("floor: bare mkdocs-material, median wall s", [fmt(floor[n]) for n in ns])
    row("floor, all runs wall s", [all_runs(by_n[n].floor) for n in ns])
    row("floor, median CPU s", [fmt(floor_cpu[n]) for n in ns])
    for kind, name in kinds:
        for label, mine, theirs in (("wall", wall[kind], floor), ("CPU", cpu[kind], floor_cpu)):
            ratio = {n: mine[n] / theirs[n] for n in ns}
            row(
                f"ratio statuskit {name} / floor ({label})",
                [fmt(ratio[n]) for n in ns],
                f"≤ {TARGET_RATIO} at N=1000",
                None if r1k is None or ratio[1000] != ratio[1000] else ratio[1000] <= TARGET_RATIO,
            )
    for kind, name in kinds:
        for label, mine, theirs in (("wall", wall[kind], floor), ("CPU", cpu[kind], floor_cpu)):
            growth = growth_floor = NAN
            if r1k and r5k:
                growth, growth_floor = mine[5000] / mine[1000], theirs[5000] / theirs[1000]
            row(
                f"growth t(5000)/t(1000) {label}: statuskit {name} (floor)",
                ["" for _ in ns[:-1]] + [f"{fmt(growth)} ({fmt(growth_floor)})"],
                f"≤ {TARGET_GROWTH}",
                None if growth != growth else growth <= TARGET_GROWTH,
            )
    rss = {n: max((x.rss_mb for x in by_n[n].ours), default=NAN) for n in ns}
    row(
        "statuskit build peak RSS MB (max of all cold and warm runs)",
        [fmt(rss[n], 0) for n in ns],
        f"≤ {TARGET_RSS_MB} MB at N=5000",
        None if r5k is None else rss[5000] <= TARGET_RSS_MB,
    )
    row(
        "warm card cache after priming: files, MB",
        [f"{by_n[n].warm_cache[0]:,}, {by_n[n].warm_cache[1] / MB:.1f}" for n in ns],
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
        row(f"on_post_build {name}" + (" (warm cache)" if name == "cards" else ""), cells)
    preview = [r for r in results if r.preview]

    def only_at(r: SizeResult, text: str) -> list[str]:
        return [text if n == r.n else "" for n in ns]

    def spread(values: list[float]) -> str:
        finite = [x for x in values if x == x]
        middle = statistics.median(finite) if finite else NAN
        return f"{fmt(middle)} ({', '.join(fmt(x, 1) for x in values)})"

    for r in preview:
        latency = statistics.median(r.preview)
        row(
            f"preview (warm cache): edit → shown at N={r.n}, median s (edits)",
            only_at(r, spread(r.preview)),
            f"≤ {TARGET_PREVIEW_S} s at N=1000",
            latency <= TARGET_PREVIEW_S if r.n == 1000 else None,
        )
        row(
            f'preview: edit → serve logs "{DETECTED}" at N={r.n}, median s (edits)',
            only_at(r, spread([e.detected for e in r.preview_edits])),
        )
        builds = [e.builds for e in r.preview_edits]
        row(
            f'preview: serve\'s rebuild ("Documentation built in") at N={r.n}, median s (edits); first build',
            only_at(
                r,
                f"{spread([e.rebuild for e in r.preview_edits])}; {fmt(r.preview_first_build)}"
                + ("" if all(b == 1 for b in builds) else f"; builds per edit {builds}"),
            ),
        )
    row(
        "load average (1 min) before → after",
        [f"{by_n[n].load_before:.1f} → {by_n[n].load_after:.1f}" for n in ns],
    )
    row(
        "build warnings (statuskit cold / warm / floor, run 1)",
        [" / ".join(str(getattr(by_n[n], k)[0].warnings) for k in ("cold", "warm", "floor")) for n in ns],
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
            f"{platform.python_version()}, {versions}; {runs} run(s) per size of statuskit with a cold "
            "card cache (fresh empty STATUSKIT_CACHE_DIR per run), statuskit with a warm one (per-N "
            "directory filled by one untimed priming build) and the floor, interleaved with the "
            "order rotating by run; medians. validate, stages and the preview use the warm cache. "
            "Peak RSS per process (os.wait4). Load averages show how busy the shared machine was.",
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
