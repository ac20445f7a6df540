"""``statuskit init DIR``: scaffold a working status site."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import click

from .. import requirement
from ..clock import build_now
from ..requirement import requirements_txt
from ..times import iso
from .common import BadInput, file_error, text_value

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
    """Write the scaffold; refuse to overwrite any existing file, and leave nothing half-written."""
    if not directory.strip():
        raise BadInput(
            "DIRECTORY is empty\n    fix: name the directory of the new site, e.g. statuskit init my-status"
        )
    text_value(name, "--name")
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
    found = requirement.current()
    try:
        clashes = [_target(rel, first) for rel, _ in files if (root / _target(rel, first)).exists()]
        blocked = next((p for p in [root, *root.parents] if p.exists() and not p.is_dir()), None)
    except OSError as exc:
        raise file_error(str(root), exc) from None
    if blocked is not None:
        raise BadInput(f"{blocked}: is a file, not a directory\n    fix: choose another DIRECTORY")
    inside = _enclosing_site(root)
    if inside is not None:
        raise BadInput(
            f"{root}: is inside the status site of {inside / 'mkdocs.yml'}; its files would mix with that "
            "site's (an incidents/ folder would read them as incidents)\n"
            "    fix: choose a directory outside it, e.g. statuskit init ../my-status"
        )
    if clashes:
        raise BadInput(
            "\n".join(f"{root / c}: already exists" for c in clashes)
            + "\n    fix: choose an empty directory, or move these files away"
        )
    made: list[Path] = []  # files and directories this run created, to take back on failure
    try:
        for rel, source in files:
            text = source.read_text(encoding="utf-8")
            if rel == "requirements.txt":
                text = requirements_txt(found)
            if rel.endswith((".yml", ".yaml", ".md")) and "{" in text and not rel.startswith(".github"):
                for key, value in values.items():
                    text = text.replace("{" + key + "}", value)
            path = root / _target(rel, first)
            for parent in reversed([path.parent, *path.parent.parents]):
                if not parent.exists():
                    parent.mkdir()
                    made.append(parent)
            with path.open("x", encoding="utf-8") as handle:
                made.append(path)
                handle.write(text)
    except OSError as exc:
        for path in reversed(made):
            if path.is_dir():
                path.rmdir()
            else:
                path.unlink(missing_ok=True)
        where = exc.filename or root
        raise file_error(str(where), exc, f"nothing was left behind in {root}") from None
    click.echo(f"created a status site in {root}")
    if found.advice:
        shown = root / "requirements.txt"
        click.echo(
            f"warning: {shown} {'names ' + found.line if found.line else 'has no statuskit line'}: "
            f"{found.advice}",
            err=True,
        )
    else:
        click.echo(f"requirements.txt: {found.line} (what the workflows install)")
    click.echo(f"next: cd {root} && statuskit serve")


def _enclosing_site(root: Path) -> Path | None:
    """The directory of a site's mkdocs.yml that ``root`` would sit inside (not ``root`` itself)."""
    try:
        real = root.resolve()
    except (OSError, RuntimeError):
        return None
    for parent in real.parents:
        config = parent / "mkdocs.yml"
        try:
            if config.is_file() and "statuskit" in config.read_text(encoding="utf-8", errors="replace"):
                return parent
        except OSError:
            continue
    return None


def _target(rel: str, first: datetime) -> str:
    if rel == "incidents/example.yaml":
        return f"incidents/{first:%Y-%m-%d}-slow-dashboard.yaml"
    return rel
