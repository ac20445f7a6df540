"""STATUSKIT_VERIFY=1: every fast path is checked against its plain render, and a difference stops it."""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jinja2
import pytest
from conftest import EPOCH, REPO

from generator.render import verify
from generator.render.stamps import stamp


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_the_example_site_passes_verify_and_is_the_same_site(example_site: Path, tmp_path: Path) -> None:
    """A fresh process (its stamps made with the check on) builds every page both ways."""
    root = tmp_path / "example"
    root.mkdir()
    for name in ("mkdocs.yml", "incidents", "site_src"):
        (shutil.copytree if (REPO / name).is_dir() else shutil.copy)(REPO / name, root / name)
    env = {**os.environ, "STATUSKIT_VERIFY": "1", "SOURCE_DATE_EPOCH": str(EPOCH), "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-m", "generator.cli", "build", "--site-dir", str(root / "site"),
         "--config-file", str(root / "mkdocs.yml")],
        env=env, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    built, reference = _tree(root / "site"), _tree(example_site)
    assert built.keys() == reference.keys()
    different = [name for name in built if built[name] != reference[name]]
    assert not different, different[:10]
    assert not filecmp.dircmp(root / "site", example_site).diff_files


_MACROS = jinja2.Environment(autoescape=True).from_string(
    "{% macro branchy(x) %}{% if x == 'a' %}A{% endif %}{{ x }}{% endmacro %}"
    "{% macro plain(x) %}<b>{{ x }}</b>{% endmacro %}"
).module


def test_a_stamp_whose_macro_branches_on_a_field_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """The contract (fields only printed) broken: fine without the check, an error with it."""
    assert str(stamp(_MACROS.branchy, ("x",)).fill(x="a")) == "a"  # the fast path's wrong answer
    monkeypatch.setenv("STATUSKIT_VERIFY", "1")
    good = stamp(_MACROS.plain, ("x",))
    assert str(good.fill(x="<a&b>")) == "<b>&lt;a&amp;b&gt;</b>"
    with pytest.raises(verify.VerifyError, match=r"stamped macro differs .* character 0"):
        stamp(_MACROS.branchy, ("x",)).fill(x="a")



def test_same_names_the_first_difference() -> None:
    verify.same("x", "abc", "abc")
    with pytest.raises(verify.VerifyError, match=r"character 2:\n  fast:  'abX'\n  plain: 'abc'"):
        verify.same("x", "abX", "abc")
