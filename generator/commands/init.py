"""``statuskit init DIR``: scaffold a working status site."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import click

from ..clock import build_now
from ..times import iso
from .common import BadInput

SCHEMA_URL = "https://status.example.com/schemas/incident.schema.json"


def _walk(node: Traversable, prefix: str = "") -> list[tuple[str, Traversable]]:
    out = []
    for child in sorted(node.iterdir(), key=lambda c: c.name):
        name = child.name
        if name in ("__pycache__",):
            continue
        rel = f"{prefix}{'.' + name[1:] if name.startswith('_') else name}"
        if child.is_dir():
            out += _walk(child, rel + "/")
        else:
            out.append((rel, child))
    return out


def run(directory: str, name: str) -> None:
    """Write the scaffold; refuse to overwrite any existing file."""
    root = Path(directory)
    now = build_now().replace(second=0, microsecond=0)
    first = now - timedelta(hours=2)
    values = {
        "name": json.dumps(name, ensure_ascii=False),
        "schema_url": SCHEMA_URL,
        "at1": iso(first),
        "at2": iso(first + timedelta(minutes=45)),
    }
    files = _walk(resources.files("generator").joinpath("scaffold"))
    clashes = [_target(rel, first) for rel, _ in files if (root / _target(rel, first)).exists()]
    if clashes:
        raise BadInput(
            "\n".join(f"{root / c}: already exists" for c in clashes)
            + "\n    fix: choose an empty directory, or move these files away"
        )
    for rel, source in files:
        text = source.read_text(encoding="utf-8")
        if rel.endswith((".yml", ".yaml", ".md")) and "{" in text and not rel.startswith(".github"):
            for key, value in values.items():
                text = text.replace("{" + key + "}", value)
        path = root / _target(rel, first)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    click.echo(f"created a status site in {root}")
    click.echo(f"next: cd {root} && statuskit serve")


def _target(rel: str, first: datetime) -> str:
    if rel == "incidents/example.yaml":
        return f"incidents/{first:%Y-%m-%d}-slow-dashboard.yaml"
    return rel
