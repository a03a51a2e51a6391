"""Helpers for the initial content of stores (``store_initial_content``).

Each returns the plain JSON a store expects, so they mix freely with any
other JSON: ``{"files": [file_reference(a), file_reference(b)], "n": 3}``.
"""

from __future__ import annotations


def file_reference(file_id: str) -> dict[str, str]:
    """A file item, ``{"fileId": file_id}``, for a store whose items are files."""
    _require_id(file_id, "file_id")
    return {"fileId": file_id}


def dataset_reference(dataset_id: str) -> dict[str, str]:
    """A dataset item, ``{"datasetId": dataset_id}``, for a store whose items are datasets."""
    _require_id(dataset_id, "dataset_id")
    return {"datasetId": dataset_id}


def integer_range(end: int, *, start: int = 0, step: int = 1) -> dict[str, int]:
    """The content of a range store: ``{"start": start, "end": end, "step": step}``.

    Raises :class:`ValueError` for a ``step`` of 0, which would never end.
    """
    for name, value in (("end", end), ("start", start), ("step", step)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"{name} must be an integer, got {value!r}")
    if step == 0:
        raise ValueError("step must not be 0")
    return {"start": start, "end": end, "step": step}


def _require_id(value: object, name: str) -> None:
    if not isinstance(value, str) or not value:
        raise ValueError(f"{name} must be a non-empty string, got {value!r}")
