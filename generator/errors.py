"""Problems in operator input, and how they are reported.

Every error a person can cause by editing a file is a :class:`Problem`: the
file, the line and column (when known), what is wrong and how to fix it.
Loaders collect problems instead of raising on the first one, so a single
run reports everything; :class:`InputError` carries them to the edge (the
CLI or the mkdocs plugin), which prints them and exits 1.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .limits import escaped

MAX_SHOWN = 10


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file, with the fix."""

    file: str
    line: int | None
    column: int | None
    message: str
    hint: str = ""

    def format(self) -> str:
        """``file:line:col: message (hint)`` on one or two lines.

        Characters a terminal would act on (escape sequences, bidi overrides) and line breaks
        in the file name or the message, both of which may quote the input, are shown escaped.
        """
        where = escaped(self.file)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}: {escaped(self.message)}"
        if self.hint:
            text += f"\n    fix: {escaped(self.hint, lines=False)}"
        return text


class InputError(Exception):
    """Raised with every problem found; nothing may be built from the input."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(format_problems(self.problems))


def summary_line(problems: tuple[Problem, ...] | list[Problem]) -> str:
    """``3 errors in 2 files``."""
    files = len({p.file for p in problems})
    n = len(problems)
    return f"{n} error{'s' if n != 1 else ''} in {files} file{'s' if files != 1 else ''}"


def format_problems(problems: tuple[Problem, ...] | list[Problem]) -> str:
    """The report a person reads: per file in line order, the first ten, then a summary line."""
    by_file: dict[str, list[Problem]] = {}
    for p in problems:
        by_file.setdefault(p.file, []).append(p)
    lines: list[str] = []
    for file, found in by_file.items():
        found.sort(key=lambda p: (p.line or 0, p.column or 0))
        lines.extend(p.format() for p in found[:MAX_SHOWN])
        hidden = len(found) - MAX_SHOWN
        if hidden > 0:
            lines.append(f"{file}: ... and {hidden} more error{'s' if hidden != 1 else ''}")
    lines.append(summary_line(problems))
    return "\n".join(lines)


class ProblemList:
    """Collects problems for one file; cheap to pass around."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.items: list[Problem] = []

    def add(
        self,
        message: str,
        line: int | None = None,
        column: int | None = None,
        hint: str = "",
    ) -> None:
        """Record one problem at a 1-based line and column."""
        self.items.append(Problem(self.file, line, column, message, hint))

    def __bool__(self) -> bool:
        return bool(self.items)
