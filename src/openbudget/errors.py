"""Errors that name the file and what is wrong with it, for clear messages on bad input."""

from __future__ import annotations

from pathlib import Path


class SourceError(Exception):
    """A source document that cannot be read or is not a budget disclosure."""

    def __init__(self, path: Path | str, message: str) -> None:
        self.path = str(path)
        self.message = message
        super().__init__(f"{self.path}: {message}")

    def __reduce__(self) -> tuple[type[SourceError], tuple[str, str]]:
        """Keep both arguments when the error crosses from a worker process."""
        return (SourceError, (self.path, self.message))


def duplicate_disclosure(path: Path, first: Path, document_id: object) -> SourceError:
    """A second copy of a disclosure (the same department, year and kind), naming both."""
    return SourceError(
        path,
        f"it is the same disclosure ({document_id}: department, year and kind) as {first}; "
        "keep one of them",
    )
