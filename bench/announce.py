"""``statuskit announce`` at scale: C webhook channels x N pending deliveries to a local receiver.

    python bench/announce.py [--channels 50] [--updates 1000] [--runs 3] [--quick]

Writes a site with N updates (N/4 incidents of 4 updates, all within the last day) and C webhook
channels into bench/work/announce/, a git repository whose origin is a local bare repository. A
first run with no incidents records every channel's (empty) baseline; the incidents are then
committed and the bare repository kept as a snapshot. Each timed run starts from that snapshot,
so all C x N deliveries are pending, and runs the engine in-process with its stages timed:
loading the site (mkdocs.yml, incidents), fetching the ledger, planning, the claim push, composing
the messages, sending, and the outcome pushes. The receiver is a separate process (a
ThreadingHTTPServer answering 200), so it does not share the engine's interpreter. Prints a
Markdown table and writes it to bench/results-announce.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import textwrap
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work" / "announce"
sys.path.insert(0, str(ROOT))

RECEIVER = """
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
class H(BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(200); self.send_header("Content-Length", "0"); self.end_headers()
    def log_message(self, *a): pass
s = ThreadingHTTPServer(("127.0.0.1", 0), H); s.daemon_threads = True; s.request_queue_size = 256
print(s.server_address[1], flush=True); s.serve_forever()
"""


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def write_site(root: Path, channels: int) -> None:
    (root / "incidents").mkdir(parents=True)
    (root / "site_src").mkdir()
    (root / "site_src" / "faq.md").write_text("# FAQ\n", encoding="utf-8")
    entry = "    - {{id: hook-{:02d}, type: webhook, url_env: HOOK_URL}}\n"
    hooks = "".join(entry.format(n) for n in range(channels))
    block = "announce:\n  max_age: 3d\n  channels:\n" + hooks
    (root / "mkdocs.yml").write_text(
        "site_name: Bench Status\nsite_url: https://status.example.com/\ndocs_dir: site_src\n"
        "theme:\n  name: material\n  font: false\nplugins:\n  - statuskit:\n      timezone: UTC\n"
        "      components:\n        - {id: api, name: API}\n        - {id: web, name: Website}\n"
        + textwrap.indent(block, "      "),
        encoding="utf-8",
    )


def write_incidents(root: Path, updates: int) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    statuses = ("investigating", "identified", "monitoring", "resolved")
    for n in range(updates // 4):
        start = now - timedelta(hours=20) + timedelta(seconds=n * 60)
        lines = [f"title: Incident {n}", "impact: minor", "components: [api]", "updates:"]
        for k, status in enumerate(statuses):
            at = (start + timedelta(seconds=k * 10)).strftime("%Y-%m-%dT%H:%M:%SZ")
            lines += [f"  - at: {at}", f"    status: {status}", f"    message: Update {k} of incident {n}."]
        (root / "incidents" / f"inc-{n:04d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


class Stages:
    """Wall time per stage (sending is the wall time of the sending phase, not a sum over threads)."""

    def __init__(self) -> None:
        self.times: dict[str, float] = defaultdict(float)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.times[name] += time.perf_counter() - start

    def wrap(self, obj: Any, attr: str, name: str) -> None:
        original: Callable[..., Any] = getattr(obj, attr)

        def timed(*args: Any, **kwargs: Any) -> Any:
            with self.stage(name):
                return original(*args, **kwargs)

        setattr(obj, attr, timed)


def cpu_of(pid: int) -> float:
    """CPU seconds (user + system) a process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def one_run(site: Path, receiver: int) -> tuple[dict[str, float], int]:
    from generator import load
    from generator.announce.channels import make_channel
    from generator.announce.ledger import Ledger
    from generator.announce.run import Run
    from generator.announce.settings import check
    from generator.commands.common import load_model, mkdocs_config, plugin_options
    from generator.configtext import ConfigText, Report

    load._LOADED.clear()  # every run reads and validates the incident files afresh
    load._SEEN.clear()
    stages = Stages()
    cpu, served = time.process_time(), cpu_of(receiver)
    with stages.stage("total"):
        with stages.stage("load site"):
            config = mkdocs_config(str(site / "mkdocs.yml"))
            model = load_model(config)
            raw = plugin_options(config).get("announce")
            ids = frozenset(c.id for c in model.config.components)
            settings = check(raw, Report(ConfigText(site / "mkdocs.yml")), "en", ids)
            channels = {s.id: make_channel(s.options, os.environ) for s in settings.channels}
        for channel in channels.values():
            stages.wrap(channel, "send", "send (sum over threads)")
        ledger = Ledger(site, "origin", settings.ledger_branch)
        stages.wrap(ledger, "fetch", "ledger fetch")
        original_update = ledger.update

        def update(change: Any, message: str) -> Any:
            with stages.stage("claim push" if message.endswith("claim") else "outcome pushes"):
                return original_update(change, message)

        ledger.update = update  # type: ignore[method-assign]
        engine = Run(model, settings, channels, ledger)  # type: ignore[arg-type]
        stages.wrap(engine, "_plan", "plan")
        stages.wrap(engine.composer, "message", "compose")
        with stages.stage("execute"):
            engine.execute()
        ledger.close()
    sent = sum(len(t.sent) for t in engine.tallies.values())
    failed = sum(len(t.failed) + len(t.unknown) for t in engine.tallies.values())
    assert failed == 0, f"{failed} deliveries failed"
    times = dict(stages.times)
    times["claim push"] -= times.get("plan", 0.0)  # the plan is computed inside the claim's update
    before = sum(times.get(k, 0.0) for k in ("ledger fetch", "plan", "claim push", "compose"))
    times["sending phase (wall)"] = times["execute"] - before
    times["engine CPU"] = time.process_time() - cpu
    times["receiver CPU"] = cpu_of(receiver) - served
    return times, sent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--channels", type=int, default=50)
    parser.add_argument("--updates", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="5 channels x 200 updates, 1 run")
    args = parser.parse_args()
    if args.quick:
        args.channels, args.updates, args.runs = 5, 200, 1
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    for var in ("HOME", "XDG_CACHE_HOME"):
        os.environ[var] = str(WORK / "home")
    (WORK / "home").mkdir()
    os.environ.pop("SOURCE_DATE_EPOCH", None)
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    receiver = subprocess.Popen([sys.executable, "-c", RECEIVER], stdout=subprocess.PIPE, text=True)
    try:
        assert receiver.stdout is not None
        os.environ["HOOK_URL"] = f"http://127.0.0.1:{receiver.stdout.readline().strip()}/hook"
        site, remote, snapshot = WORK / "site", WORK / "remote.git", WORK / "snapshot.git"
        git(WORK, "init", "-q", "--bare", "-b", "main", str(remote))
        write_site(site, args.channels)
        git(site, "init", "-q", "-b", "main")
        git(site, "remote", "add", "origin", str(remote))
        one_run(site, receiver.pid)  # every channel's (empty) baseline
        write_incidents(site, args.updates)
        shutil.copytree(remote, snapshot)
        results: list[dict[str, float]] = []
        for n in range(args.runs):
            shutil.rmtree(remote)
            shutil.copytree(snapshot, remote)
            times, sent = one_run(site, receiver.pid)
            assert sent == args.channels * args.updates, (sent, n)
            results.append(times)
            print(f"run {n + 1}: {times['total']:.1f} s, {sent} sent", flush=True)
    finally:
        receiver.terminate()
        receiver.wait()
    report(args, results)


def report(args: argparse.Namespace, results: list[dict[str, float]]) -> None:
    order = ["total", "load site", "ledger fetch", "plan", "claim push", "compose", "sending phase (wall)",
             "outcome pushes", "send (sum over threads)", "engine CPU", "receiver CPU"]  # fmt: skip
    deliveries = args.channels * args.updates
    total = statistics.median(r["total"] for r in results)
    lines = [
        "# statuskit announce benchmark",
        "",
        f"{args.channels} webhook channels x {args.updates} pending updates = {deliveries} deliveries "
        f"to a local receiver; median of {args.runs} run(s); Python {platform.python_version()} on "
        f"{os.cpu_count()} cores ({platform.machine()}). `python bench/announce.py`.",
        "",
        "| stage | median s | share |",
        "|---|---:|---:|",
    ]
    for name in order:
        value = statistics.median(r.get(name, 0.0) for r in results)
        share = f"{100 * value / total:.0f}%" if name in order[:7] else ""
        lines.append(f"| {name} | {value:.2f} | {share} |")
    lines += ["", f"Throughput: {deliveries / total:.0f} deliveries/s end to end."]
    text = "\n".join(lines) + "\n"
    print(text)
    (ROOT / "bench" / "results-announce.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
