"""Small objects a report run keeps for every document, and how they travel."""

from __future__ import annotations

from typing import Any, TypeVar

__all__ = ["by_fields", "shared"]

T = TypeVar("T")

_SHARED: dict[object, object] = {}


def shared(value: T) -> T:
    """One object for each distinct small value that every document keeps until index.md
    (its outlet uses and category counts): a large corpus then holds pointers, not copies,
    and the scan's memory stays flat."""
    return _SHARED.setdefault(value, value)  # type: ignore[return-value]


def by_fields(obj: Any) -> tuple[type, tuple[Any, ...]]:
    """``__reduce__`` of a slotted dataclass: its class and its fields in order.

    Python 3.11's slotted dataclasses pickle through a ``__getstate__`` that calls
    ``dataclasses.fields`` for every object; an index entry travels to the index's spill
    and back with about twenty of them, which made that a third of a re-scan's time.
    """
    return type(obj), tuple(getattr(obj, name) for name in obj.__slots__)
