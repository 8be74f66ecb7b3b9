"""Limits on what one source document may cost to parse.

A published disclosure is a few megabytes and parses in seconds; a file that is far bigger,
unpacks to far more, claims millions of cells or keeps a parser busy for minutes is damaged
or hostile, and is refused with ``error: FILE: …`` instead of exhausting the machine. Each
limit can be raised for a genuinely large document with an environment variable:

==========================  =======  ======================================================
variable                    default  what it bounds
==========================  =======  ======================================================
OPENBUDGET_MAX_FILE_MB      100      the size of the file
OPENBUDGET_MAX_UNPACKED_MB  300      what a DOCX or XLSX unpacks to (its ZIP entries)
OPENBUDGET_MAX_CELLS        1000000  cells actually present in a workbook
OPENBUDGET_MAX_SECONDS      300      wall time of parsing one document (build workers)
OPENBUDGET_MAX_MEMORY_MB    3072     address space of a parsing worker process
==========================  =======  ======================================================
"""

from __future__ import annotations

import os
import resource
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from openbudget.errors import SourceError

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """The limits in force (from the environment, else the defaults)."""

    file_mb: int = 100
    unpacked_mb: int = 300
    cells: int = 1_000_000
    seconds: int = 300
    memory_mb: int = 3072

    @classmethod
    def from_environment(cls) -> Limits:
        """The defaults, each replaced by its ``OPENBUDGET_MAX_…`` variable where set."""
        names = {
            "file_mb": "OPENBUDGET_MAX_FILE_MB",
            "unpacked_mb": "OPENBUDGET_MAX_UNPACKED_MB",
            "cells": "OPENBUDGET_MAX_CELLS",
            "seconds": "OPENBUDGET_MAX_SECONDS",
            "memory_mb": "OPENBUDGET_MAX_MEMORY_MB",
        }
        values = {}
        for field, variable in names.items():
            text = os.environ.get(variable, "").strip()
            if text:
                if not text.isdecimal() or int(text) <= 0:
                    raise SourceError(
                        Path(variable), f"must be a positive whole number, not {text!r}"
                    )
                values[field] = int(text)
        return cls(**values)


def limits() -> Limits:
    """The limits in force now."""
    return Limits.from_environment()


def check_file_size(path: Path, size: int) -> None:
    """Refuse a file bigger than the limit before reading it."""
    limit = limits().file_mb
    if size > limit * MB:
        raise SourceError(
            path,
            f"the file is {size / MB:.0f} MB, more than the limit of {limit} MB for one "
            "document (raise OPENBUDGET_MAX_FILE_MB if it is genuine)",
        )


def check_unpacked_size(path: Path, size: int, what: str) -> None:
    """Refuse an Office package whose parts unpack to more than the limit (a ZIP bomb)."""
    limit = limits().unpacked_mb
    if size > limit * MB:
        raise SourceError(
            path,
            f"the {what} unpacks to {size / MB:.0f} MB, more than the limit of {limit} MB "
            "(raise OPENBUDGET_MAX_UNPACKED_MB if it is genuine)",
        )


def check_cells(path: Path, count: int) -> None:
    """Refuse a workbook holding more cells than the limit."""
    limit = limits().cells
    if count > limit:
        raise SourceError(
            path,
            f"the workbook holds {count} cells, more than the limit of {limit} "
            "(raise OPENBUDGET_MAX_CELLS if it is genuine)",
        )


def bound_memory() -> None:
    """Cap this process's address space (run in each parsing worker, never in the main
    process): a parse that needs more fails with MemoryError, which is reported."""
    limit = limits().memory_mb * MB
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard == resource.RLIM_INFINITY or limit < hard:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


class TooSlow(BaseException):
    """Raised in a worker when parsing one document ran past its wall-time limit (a
    BaseException, so no handler of damaged input mistakes it for a reader's error)."""


@contextmanager
def time_bound(path: Path) -> Iterator[None]:
    """Stop parsing ``path`` with a clear error once it takes longer than the limit; out of
    memory under :func:`bound_memory` becomes a clear error too. Only in a worker's main
    thread (it uses SIGALRM)."""
    seconds = limits().seconds

    def expire(signum: int, frame: object) -> None:
        raise TooSlow

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    except TooSlow:
        raise SourceError(
            path,
            f"parsing took longer than the limit of {seconds} s (raise OPENBUDGET_MAX_SECONDS "
            "if the document is genuine)",
        ) from None
    except MemoryError:
        raise SourceError(
            path,
            f"parsing needed more than the limit of {limits().memory_mb} MB of memory (raise "
            "OPENBUDGET_MAX_MEMORY_MB if the document is genuine)",
        ) from None
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
