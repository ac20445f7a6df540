"""What every command shares: finding mkdocs.yml, loading the model, failing well."""

from __future__ import annotations

import logging
import os
import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .. import upstream
from ..errors import InputError, Problem, format_problems
from ..limits import visible

if TYPE_CHECKING:
    from datetime import datetime

    from mkdocs.config.defaults import MkDocsConfig

    from ..configtext import ConfigText
    from ..load import LoadMemo
    from ..model import Site, SiteConfig
    from ..plugin import StatuskitPlugin

config_option = click.option(
    "--config-file",
    "-f",
    type=click.Path(dir_okay=False),
    default=None,
    help="Path to mkdocs.yml (default: ./mkdocs.yml).",
)


class Choice(click.Choice):  # type: ignore[type-arg,unused-ignore]
    """click's Choice, with a did-you-mean when the value is close to one of the choices."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter as exc:
            from ..suggest import did_you_mean

            hint = did_you_mean(str(value), [str(c) for c in self.choices]).strip()
            if hint:
                exc.message = f"{exc.message} ({hint})"
            raise


class BadInput(click.ClickException):
    """Bad input from the operator: printed as is, exit 1."""

    exit_code = 1

    def show(self, file: Any = None) -> None:
        click.echo(self.format_message(), err=True)


DEBUG_ENV = "STATUSKIT_DEBUG"
_DEBUG_KEY = "statuskit.debug"


def set_debug(ctx: click.Context, _param: Any, value: bool) -> None:
    """Callback of ``--verbose``: remember it for the whole invocation."""
    if value:
        ctx.find_root().meta[_DEBUG_KEY] = True


verbose_option = click.option(
    "--verbose",
    "-v",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=set_debug,
    help=f"Show progress messages, and the traceback of an unexpected error (or set {DEBUG_ENV}=1).",
)


def debug_enabled() -> bool:
    """True with ``--verbose`` (anywhere on the command line) or ``STATUSKIT_DEBUG=1``."""
    if os.environ.get(DEBUG_ENV, "").strip().lower() in ("1", "true", "yes", "on"):
        return True
    ctx = click.get_current_context(silent=True)
    return bool(ctx is not None and ctx.find_root().meta.get(_DEBUG_KEY))


def unexpected(exc: BaseException, what: str = "statuskit failed unexpectedly", note: str = "") -> BadInput:
    """The friendly error for a bug of ours (or a theme's): with its traceback when debugging."""
    text = f"{what}: {type(exc).__name__}: {exc}\n"
    text += (note + "; " if note else "") + "please report this with the file and the command you ran"
    if debug_enabled():
        trace = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        return BadInput(trace.rstrip("\n") + "\n" + text)
    return BadInput(text + f"\n    (run with --verbose or {DEBUG_ENV}=1 to see the traceback)")


def config_path(config_file: str | None) -> Path:
    """The mkdocs.yml to use, or a clear error."""
    path = Path(config_file) if config_file else Path("mkdocs.yml")
    if not path.is_file():
        raise BadInput(
            f"{path}: no such file\n    fix: run statuskit from the site's root "
            "(where mkdocs.yml is), pass --config-file PATH, or create a site with `statuskit init DIR`"
        )
    return path


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg,unused-ignore]
    """Writes to whatever sys.stderr is at the time (click's test runner swaps it)."""

    @property  # type: ignore[override,unused-ignore]
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        pass


def setup_logging(verbose: bool | None = None) -> None:
    """mkdocs' and statuskit's messages on stderr as ``WARNING - ...`` (INFO with verbose).

    statuskit's own warnings (an overdue next-update promise, for one) go to the
    ``statuskit`` logger, outside ``mkdocs`` so that they never fail ``--strict``;
    it gets the same handler, or they would reach the terminal only through
    logging's last-resort handler (and not at all when the root logger has one).
    """
    if verbose is None:
        verbose = debug_enabled()
    for name in ("mkdocs", "statuskit"):
        logger = logging.getLogger(name)
        logger.setLevel(logging.INFO if verbose else logging.WARNING)
        if any(getattr(h, "_statuskit", False) for h in logger.handlers):
            continue
        handler = _StderrHandler()
        handler._statuskit = True  # type: ignore[attr-defined]
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        logger.addHandler(handler)
        logger.propagate = False


CONFIG_HINTS = {
    "site_name": "name the page at the top of mkdocs.yml, e.g. site_name: Example Status",
    "site_url": "write the page's public address, e.g. site_url: https://status.example.com/",
    "docs_dir": "create the folder of hand-written pages or set docs_dir: to it (statuskit init: site_src)",
    "theme": "statuskit is built for the material theme: theme: {name: material}",
    "plugins": "install the plugin (pip install ...) or remove it from plugins:",
}


def mkdocs_config(config_file: str | None, **overrides: Any) -> MkDocsConfig:
    """Load mkdocs.yml as mkdocs does, but every error becomes BadInput with its line and a fix.

    This is mkdocs' own ``load_config`` with the reporting changed: mkdocs logs each error
    and aborts with "Aborted with a configuration error!"; here they are collected as
    problems of mkdocs.yml. An unknown top-level key is an error (a typo must not drop a
    setting silently); mkdocs' other warnings are logged as mkdocs logs them.
    """
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.exceptions import MkDocsException

    from ..configtext import ConfigText, inherit_problem

    path = config_path(config_file)
    problem = inherit_problem(path)
    if problem is not None:
        raise BadInput(format_problems([problem]))
    try:
        with path.open("rb") as handle:
            config = MkDocsConfig(config_file_path=str(path))
            config.load_file(handle)
    except MkDocsException as exc:
        raise BadInput(_read_error(path, exc)) from None
    except (OSError, ValueError, TypeError, RecursionError) as exc:  # e.g. a Python tag mkdocs' YAML runs
        raise BadInput(
            f"{path.name}: mkdocs cannot read this file: {type(exc).__name__}: {exc}\n"
            "    fix: check the line the error names (see https://www.mkdocs.org/user-guide/configuration/)"
        ) from None
    config.load_dict({key: value for key, value in overrides.items() if value is not None})
    errors, warnings = config.validate()
    text = ConfigText(path)
    problems = [_config_problem(text, key, str(error)) for key, error in errors]
    rest = []
    for key, warning in warnings:
        message = str(warning)
        if message.startswith(upstream.OUR_PLUGIN):  # config.py reports these as errors
            continue
        if message == f"Unrecognised configuration name: {key}":
            problems.append(_unknown_key(text, key))
        else:
            rest.append((key, message))
    if not problems:
        log = logging.getLogger("mkdocs.config")
        for key, message in rest:
            log.warning(f"Config value '{key}': {message}")
        if config.strict and rest:
            problems = [
                _config_problem(text, key, f"{message} (a warning: --strict refuses it)")
                for key, message in rest
            ]
    if problems:
        raise BadInput(format_problems(problems))
    return config


def _read_error(path: Path, exc: Exception) -> str:
    """mkdocs could not read the YAML: point at the line when the parser knows it."""
    import yaml

    cause = exc.__context__
    if isinstance(cause, yaml.MarkedYAMLError) and cause.problem_mark is not None:
        from ..yamlsource import line_of
        from ..yamltraps import syntax_trap

        mark = cause.problem_mark
        what = cause.problem or cause.context or "invalid YAML"
        hint = "check indentation and quoting on this line and the one above"
        column: int | None = mark.column + 1
        try:
            source = line_of(path.read_text(encoding="utf-8"), mark.line + 1)
        except (OSError, UnicodeDecodeError):
            source = ""
        trap = syntax_trap(source, what, collections=None)  # any setting of mkdocs.yml may hold a list
        if trap is not None:
            what, hint, at = trap
            column = at or column
        problem = Problem(path.name, mark.line + 1, column, f"YAML syntax error: {what}", hint)
        return format_problems([problem])
    message = exc.format_message() if isinstance(exc, click.ClickException) else str(exc)
    return f"{path.name}: {message}\n    fix: see https://www.mkdocs.org/user-guide/configuration/"


def _config_problem(text: ConfigText, key: str, message: str) -> Problem:
    where = text.top(key, key=True)
    hint = CONFIG_HINTS.get(key, f"see https://www.mkdocs.org/user-guide/configuration/#{key}")
    return Problem(where[0], where[1], where[2], f"{key}: {message}", hint)


def _unknown_key(text: ConfigText, key: str) -> Problem:
    import difflib

    known = upstream.config_keys()
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    where = text.top(key, key=True)
    return Problem(
        where[0],
        where[1],
        where[2],
        f"unknown setting '{key}'",
        (f"did you mean '{close[0]}'? " if close else "")
        + "remove it, or move a value for a theme or plugin under extra:",
    )


def printable(value: str) -> str:
    """A value as it can be shown in a message: newlines and the like escaped (``abc\\n``)."""
    return value if value.isprintable() else repr(value)[1:-1]


def text_value(value: str, option: str) -> str:
    """A text option as given, refused (BadInput) when blank or holding characters no file may hold."""
    from ..chars import CHAR_HINT, bad_character

    if not value.strip():
        raise BadInput(f"{option} is empty\n    fix: write the text after {option}")
    found = bad_character(value)
    if found is not None:
        raise BadInput(
            f"{option}: the text holds {found[1]} at character {found[0] + 1}\n    fix: {CHAR_HINT}"
        )
    if not visible(value):  # only invisible formatting, lone accents, blank letters
        raise BadInput(f"{option} is empty: it shows nothing\n    fix: write the text after {option}")
    return value


def candidate_problems(
    text: str, incident_id: str, config: SiteConfig, now: datetime, shown: str
) -> list[Problem]:
    """What ``validate`` would say of ``text`` as the file ``shown``: the size limit, then every rule."""
    from ..errors import ProblemList
    from ..load import load_text
    from ..yamlsource import decode

    problems = ProblemList(shown)
    if decode(text.encode("utf-8", "surrogatepass"), problems) is None:
        return problems.items
    result = load_text(text, incident_id, config, now, shown)
    return result if isinstance(result, list) else []


def file_error(shown: str, exc: OSError, note: str = "") -> BadInput:
    """A file that cannot be read or written, in the operator's words."""
    return BadInput(
        f"{shown}: {exc.strerror or exc}\n    fix: check the path, its permissions and the free space"
        + (f"\n{note}" if note else "")
    )


def plugin_instance(config: MkDocsConfig) -> StatuskitPlugin:
    """The statuskit plugin of a loaded config, or BadInput when the plugin is not enabled."""
    from ..plugin import StatuskitPlugin

    plugin = config.plugins.get("statuskit")
    if not isinstance(plugin, StatuskitPlugin):
        raise BadInput(
            f"{config.config_file_path}: the statuskit plugin is not enabled\n"
            "    fix: add '- statuskit' under 'plugins:' in mkdocs.yml"
        )
    return plugin


def plugin_options(config: MkDocsConfig) -> Any:
    """The statuskit plugin's options, or BadInput when the plugin is not enabled."""
    return plugin_instance(config).config


def settings(config: MkDocsConfig) -> tuple[SiteConfig, Path, Path]:
    """SiteConfig, incidents directory and site root, or BadInput."""
    from ..sitebuild import site_settings

    try:
        return site_settings(config, plugin_options(config))
    except InputError as exc:
        raise BadInput(str(exc)) from None


def load_model(config: MkDocsConfig, memo: LoadMemo | None = None) -> Site:
    """The validated Site for a loaded config, or BadInput with every problem.

    ``memo`` keeps the files validated, for a build that follows (``statuskit build``).
    """
    from ..sitebuild import load_site

    options = plugin_options(config)
    try:
        return load_site(config, options, memo)
    except InputError as exc:
        raise BadInput(str(exc)) from None


def choice_value(value: str, choices: tuple[str, ...], option: str, what: str, note: str = "") -> str:
    """``value`` when it is one of ``choices``; else BadInput naming ``option``, with did-you-mean."""
    from ..suggest import did_you_mean

    text_value(value, option)
    if value in choices:
        return value
    raise BadInput(
        f"{option} {printable(value)}: not {what}\n"
        f"    fix: {did_you_mean(value, choices)}use one of: {', '.join(choices)}"
        + (f"\n{note}" if note else "")
    )


FLAGS = {
    "title": "--title",
    "impact": "--impact",
    "message": "--message",
    "status": "--status",
    "next_update": "--next-update",
    "start": "--maintenance-start",
    "end": "--maintenance-end",
    "components": "--component",
    "q": "--template",
    "a": "--template",
}


def flag_for(text: str, line: int | None) -> str | None:
    """The option that wrote line ``line`` of a file ``new``/``update`` composed (None: not one)."""
    import re

    if line is None:
        return None
    lines = text.split("\n")[:line]
    for candidate in reversed(lines):
        found = re.match(r"^\s*(?:-\s+)?([a-z_]+):", candidate)
        if found is None:
            continue
        key = found.group(1)
        if key in FLAGS:
            return FLAGS[key]
        indent = len(candidate) - len(candidate.lstrip())
        if indent == 2 and any(row.startswith("components:") for row in lines):  # an ``  api: status`` row
            return "--component"
        return None
    return None


def named_by_flag(problems: list[Problem], text: str, first_line: int = 1) -> str:
    """The report on problems of a file ``new``/``update`` composed: those on lines from
    ``first_line`` on are told as problems of the options that wrote them (``--title: the title is
    299 characters long``), since the operator typed options, not that file."""
    flagged, rest = [], []
    for problem in problems:
        flag = flag_for(text, problem.line) if (problem.line or 0) >= first_line else None
        if flag is None:
            rest.append(problem)
        else:
            flagged.append(Problem(flag, None, None, problem.message, problem.hint).format())
    return "\n".join([*flagged, *([format_problems(rest)] if rest else [])])
