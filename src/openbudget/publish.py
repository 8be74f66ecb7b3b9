"""Publishing a built folder (``datapackage/``, ``site/``) in one step, one build at a time.

A folder is built beside its target under a hidden name (``.datapackage-XXXX``) and, once
complete, exchanged with the target in a single atomic ``renameat2(RENAME_EXCHANGE)``: a
reader sees the old folder or the new one, never a mix and never nothing. Where the kernel
cannot exchange (another system, another filesystem), the old folder is renamed aside and
the new one into place; the new one carries a ``.complete`` mark, so a build interrupted
between the two renames is finished by the next one. Every build first takes a lock on the
folder that holds the targets (so a second build in the same checkout stops with a clear
message; the kernel releases it even when a build is killed) and removes the staging
folders an interrupted build left behind.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from openbudget.errors import SourceError

COMPLETE = ".complete"  # marks a staging folder that is whole and ready to publish
RENAME_EXCHANGE = 2
AT_FDCWD = -100


@contextmanager
def publishing(*targets: Path) -> Iterator[None]:
    """Hold the locks of the folders that hold ``targets`` and tidy up after interrupted
    builds, for as long as the build publishes there."""
    parents = sorted({target.resolve().parent for target in targets})
    handles: list[int] = []
    try:
        for parent in parents:
            parent.mkdir(parents=True, exist_ok=True)
            handles.append(os.open(parent, os.O_RDONLY))
            try:
                fcntl.flock(handles[-1], fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise SourceError(
                    parent,
                    "another openbudget build is publishing here; wait for it to finish and "
                    "run this again",
                ) from None
        for target in targets:
            recover(target)
        yield
    finally:
        for handle in handles:
            os.close(handle)  # releases the lock


def staging_folder(target: Path) -> Path:
    """A fresh hidden folder beside ``target`` to build into (readable by everyone)."""
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    staging.chmod(0o755)
    return staging


def recover(target: Path) -> None:
    """Finish or clean up what an interrupted build left beside ``target``: a complete
    staging folder whose swap was cut between its two renames is published; every other
    staging folder, and the old folder set aside, is removed."""
    leftovers = sorted(target.parent.glob(f".{target.name}-*"))
    if not target.exists():
        complete = [p for p in leftovers if (p / COMPLETE).exists()]
        if complete:
            (complete[-1] / COMPLETE).unlink()
            complete[-1].rename(target)
    for path in leftovers:
        if path.exists():
            shutil.rmtree(path, ignore_errors=True)


def publish(staging: Path, target: Path) -> None:
    """Put the whole ``staging`` folder in the place of ``target`` in one step."""
    if not target.exists():
        staging.rename(target)
        return
    if exchange(staging, target):
        shutil.rmtree(staging, ignore_errors=True)  # it now holds the old folder
        return
    (staging / COMPLETE).touch()
    old = target.with_name(f".{target.name}-old")
    target.rename(old)
    staging.rename(target)
    (target / COMPLETE).unlink()
    shutil.rmtree(old, ignore_errors=True)


def exchange(first: Path, second: Path) -> bool:
    """Swap two folders atomically (Linux ``renameat2``); False where that is unavailable."""
    libc_name = ctypes.util.find_library("c")
    if libc_name is None:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EXDEV, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(second))
