"""Putting a finished build in place of the previous site, and cleaning up after a killed one.

A build is made in ``.<name>.building-XXXXXXXX`` beside the target. On Linux
the two directories are exchanged in one atomic ``renameat2(RENAME_EXCHANGE)``
(there is never a moment without a site); elsewhere, or on a file system that
cannot exchange, the target is first renamed to ``.<name>.old-XXXXXXXX`` and
the new site renamed into place. A build killed at any point leaves only
directories of those two names beside the target, and the next build of the
same target repairs the state first (:func:`recover`): an ``old`` directory
goes back into place when the target is missing, every other leftover of ours
is removed. Builds of one target take turns (a lock on its parent directory).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

log = logging.getLogger("statuskit")
SUFFIX = "[a-z0-9_]{8}"  # tempfile.mkdtemp's random part
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_CANNOT_EXCHANGE = {errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP}


class SwapError(Exception):
    """The new site could not be put in place; the message says where the previous one is."""


def leftover_pattern(target: Path) -> re.Pattern[str]:
    """The names statuskit gives its directories beside ``target`` (and nothing else)."""
    return re.compile(rf"\.{re.escape(target.name)}\.(building|old)-{SUFFIX}")


def staging_dir(target: Path) -> Path:
    """A new, empty directory beside ``target`` with the permissions a published site needs."""
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=target.parent))
    umask = os.umask(0)
    os.umask(umask)
    staging.chmod(0o777 & ~umask)  # mkdtemp makes 0700
    return staging


def old_dir(staging: Path, target: Path) -> Path:
    """Where the two-rename swap parks the previous site of ``target``."""
    return target.with_name(f".{target.name}.old-{staging.name[-8:]}")


def _exchange(a: Path, b: Path) -> bool:
    """Swap two directories in one step; False where the system or file system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in _CANNOT_EXCHANGE:
        return False
    raise OSError(code, os.strerror(code), str(a), None, str(b))


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


FIX = (
    "    fix: check that the directory and its parent are writable, on one file system, "
    "and that the target is not a mount point (build into a directory inside it)"
)


def swap(staging: Path, target: Path) -> Path | None:
    """Put ``staging`` at ``target``; the directory now holding the previous site (to remove), if any.

    Raises SwapError when the new site cannot be put in place; the previous site is then at
    ``target`` (or, if even putting it back failed, where the message says).
    """
    if not target.exists():
        try:
            os.rename(staging, target)
        except OSError as exc:
            raise SwapError(f"cannot put the new site at {target}: {_reason(exc)}\n{FIX}") from None
        return None
    try:
        if _exchange(staging, target):
            return staging  # now holds the previous site
        old = old_dir(staging, target)
        os.rename(target, old)
    except OSError as exc:
        raise SwapError(
            f"cannot replace {target}: {_reason(exc)}\nthe previous site was left untouched\n{FIX}"
        ) from None
    try:
        os.rename(staging, target)
    except OSError as exc:
        said = _reason(exc)
        try:
            os.rename(old, target)
        except OSError as back:
            raise SwapError(
                f"cannot put the new site at {target}: {said}; nor put the previous site back: "
                f"{_reason(back)}\n    fix: the previous site is in {old}: move it back "
                f"(mv {old} {target}); the next build does so too"
            ) from None
        raise SwapError(
            f"cannot put the new site at {target}: {said}\nthe previous site was left untouched\n{FIX}"
        ) from None
    return old


def remove(path: Path) -> None:
    """Remove a directory statuskit made; say so (never silently) when it cannot."""
    if not path.exists() and not path.is_symlink():
        return
    try:
        shutil.rmtree(path)
    except OSError as exc:
        log.warning("cannot remove %s: %s (the next build tries again)", path, _reason(exc))


def recover(target: Path) -> None:
    """Repair what a killed build of ``target`` left beside it (only directories of our names)."""
    pattern = leftover_pattern(target)
    try:
        names = sorted(os.listdir(target.parent))
    except OSError as exc:
        log.warning("cannot look for leftovers of a killed build in %s: %s", target.parent, _reason(exc))
        return
    paths = [target.parent / name for name in names if pattern.fullmatch(name)]
    found = [p for p in paths if p.is_dir() and not p.is_symlink()]
    if not found:
        return
    if not target.exists() and not target.is_symlink():
        olds = [p for p in found if ".old-" in p.name]
        if olds:
            previous = max(olds, key=lambda p: p.stat().st_mtime_ns)
            try:
                os.rename(previous, target)
            except OSError as exc:
                raise SwapError(
                    f"an interrupted build left the previous site in {previous} and it cannot be put "
                    f"back at {target}: {_reason(exc)}\n    fix: move it back (mv {previous} {target})"
                ) from None
            log.warning("an interrupted build had left no site at %s: the previous site is back", target)
            found.remove(previous)
    for path in found:
        remove(path)


@contextlib.contextmanager
def locked(directory: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``directory`` (builds of one target take turns); none without fcntl."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError as exc:
        log.warning("cannot lock %s (%s): builds into it at the same time may clash", directory, _reason(exc))
        yield
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log.warning("another build into %s is running: waiting for it", directory)
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)
