"""Objects a run keeps until its end, on disk rather than in memory.

A scan keeps one index entry per document until it writes reports/index.md. Held in
memory they grow with the corpus; pickled into an anonymous temporary file they cost
8 bytes each (their offset), and a keyed spill adds its key's place in a dict. The
file has no name, so it is gone when the spill is closed or the process dies.
"""

from __future__ import annotations

import pickle
import sqlite3
import tempfile
from array import array
from collections.abc import Hashable, Iterator
from types import TracebackType
from typing import Any

__all__ = ["SortedSpill", "Spill"]


class Spill:
    """Pickled objects in the order they were added, read back in that order or by key."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile()
        self._offsets = array("q", [0])  # where each object starts, and the end
        self._keys: dict[Hashable, int] = {}

    def add(self, obj: Any, key: Hashable = None) -> None:
        """Append ``obj``, findable by ``key`` when one is given."""
        self.add_raw(pickle.dumps(obj, pickle.HIGHEST_PROTOCOL), key)

    def add_raw(self, data: bytes, key: Hashable = None) -> None:
        """Append an object already pickled (:meth:`raw` of another spill)."""
        end = self._offsets[-1]
        self._file.seek(end)
        self._file.write(data)
        if key is not None:
            self._keys[key] = len(self._offsets) - 1
        self._offsets.append(end + len(data))

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def __contains__(self, key: Hashable) -> bool:
        return key in self._keys

    def raw(self, key: Hashable) -> bytes:
        """The pickled bytes of the object added with ``key``."""
        return self._read(self._keys[key])

    def _read(self, i: int) -> bytes:
        self._file.seek(self._offsets[i])
        return self._file.read(self._offsets[i + 1] - self._offsets[i])

    def __getitem__(self, key: Hashable) -> Any:
        return pickle.loads(self.raw(key))

    def __iter__(self) -> Iterator[Any]:
        """Every object, in the order added (including any added while iterating)."""
        i = 0
        while i < len(self):
            yield pickle.loads(self._read(i))
            i += 1

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> Spill:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class SortedSpill:
    """Rows sorted on disk: ``add(key, value)``, then :meth:`values` in key order.

    A private temporary SQLite database does the sorting, so memory holds only its page
    cache however many rows there are. Keys are tuples of ints, floats and strings
    (compared as Python compares them: strings by code point); values are pickled.
    """

    def __init__(self) -> None:
        self._db = sqlite3.connect("")  # "": a nameless database on disk, gone when closed
        self._width = -1
        self._count = 0

    def add(self, key: tuple[Any, ...], value: Any) -> None:
        if self._width < 0:
            self._width = len(key)
            columns = ", ".join(f"k{i}" for i in range(self._width))
            self._db.execute(f"create table rows ({columns}, value blob)")
            self._insert = f"insert into rows values ({', '.join('?' * (self._width + 1))})"
        self._db.execute(self._insert, (*key, pickle.dumps(value, pickle.HIGHEST_PROTOCOL)))
        self._count += 1

    def __len__(self) -> int:
        return self._count

    def values(self) -> Iterator[Any]:
        """The values, in the order of their keys (ties in the order added)."""
        if self._width < 0:
            return
        order = ", ".join(f"k{i}" for i in range(self._width))
        for (data,) in self._db.execute(f"select value from rows order by {order}, rowid"):
            yield pickle.loads(data)

    def close(self) -> None:
        self._db.close()
