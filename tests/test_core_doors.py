"""The core (load, model, outputs, fragments, render) imports no mkdocs: it outlives mkdocs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CORE = """
import importlib, pkgutil, sys
import generator.load, generator.model, generator.sitebuild, generator.session
import generator.outputs, generator.fragments, generator.render
for package in (generator.outputs, generator.fragments, generator.render):
    for info in pkgutil.iter_modules(package.__path__):
        importlib.import_module(package.__name__ + "." + info.name)
bad = sorted(name for name in sys.modules if name.split(".")[0] in ("mkdocs", "material"))
print(" ".join(bad))
"""


def test_core_imports_no_mkdocs() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", CORE], env=env, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "", f"the core imported {done.stdout.strip()}"


def test_upstream_is_the_only_door_to_internals() -> None:
    """mkdocs' private names appear in upstream.py only (each with the upstream file it mirrors)."""
    private = ("._current_page", " _build_theme_template", "._event_origins", "._schema", "search_index_prev")
    found = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in sorted((ROOT / "generator").rglob("*.py"))
        if path.name != "upstream.py"
        for name in private
        if name in path.read_text(encoding="utf-8")
    ]
    assert found == []
