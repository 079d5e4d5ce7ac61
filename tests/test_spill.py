"""Objects kept on disk until the end of a run, and files written line by line."""

from __future__ import annotations

import datetime as dt
import os
import random
import tempfile
from pathlib import Path

import pytest

from provenance.report.corpus import OutletUse
from provenance.report.document import IndexEntry
from provenance.report.findings import DocumentStats
from provenance.store import files
from provenance.store.spill import SortedSpill, Spill


def _entry(i: int) -> IndexEntry:
    uses = (OutletUse("news-tj", "News.tj", "independent", i),)
    return IndexEntry(
        f"doc{i}", f"Title {i}", dt.date(2016, 1, 1 + i % 28), DocumentStats(i), outlets=uses
    )


def test_a_spill_gives_back_what_was_added_in_order_and_by_key() -> None:
    with Spill() as spill:
        for i in range(50):
            spill.add(_entry(i), key=1000 + i if i % 2 else None)
        assert len(spill) == 50
        assert [e.slug for e in spill] == [f"doc{i}" for i in range(50)]
        assert spill[1007] == _entry(7)  # a lookup between two passes
        assert 1007 in spill and 1008 not in spill
        assert [e.stats.claims for e in spill][-3:] == [47, 48, 49]


def test_raw_bytes_move_between_spills_unchanged() -> None:
    with Spill() as first, Spill() as second:
        first.add({"a": 1}, key="x")
        first.add([1, 2, 3], key="y")
        second.add("before")
        second.add_raw(first.raw("y"))
        second.add_raw(first.raw("x"), key="x")
        assert list(second) == ["before", [1, 2, 3], {"a": 1}]
        assert second["x"] == {"a": 1}
        with pytest.raises(KeyError):
            second.raw("y")


def test_objects_added_while_iterating_are_read_too() -> None:
    with Spill() as spill:
        spill.add(1)
        seen = []
        for n in spill:
            seen.append(n)
            if n < 4:
                spill.add(n + 1)
        assert seen == [1, 2, 3, 4]


def test_a_spill_leaves_no_named_file(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    spill = Spill()
    spill.add("x" * 100_000)
    assert os.listdir(tmp_path) == []  # open, yet nameless: gone however the run ends
    assert list(spill) == ["x" * 100_000]
    spill.close()
    with pytest.raises(ValueError):
        spill.add("after close")


def test_lines_are_written_only_when_they_change(tmp_path: Path) -> None:
    path = tmp_path / "index.md"
    lines = [f"| row {i} |" for i in range(1000)]
    assert files.write_lines_if_changed(path, iter(lines)) is True
    assert path.read_text(encoding="utf-8") == "\n".join(lines) + "\n"
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    assert files.write_lines_if_changed(path, iter(lines)) is False
    assert path.stat().st_mtime_ns == 1_000_000_000  # same bytes: left alone
    assert files.write_lines_if_changed(path, iter(lines[:-1] + ["| changed |"])) is True
    assert path.read_text(encoding="utf-8").endswith("| changed |\n")
    assert sorted(os.listdir(tmp_path)) == ["index.md"]  # no temporary file is left


def test_line_endings_alone_do_not_rewrite_the_file(tmp_path: Path) -> None:
    """A Windows checkout (core.autocrlf) turns index.md's LF into CRLF; the reports are
    compared as text, so index.md must be too, or every run would rewrite it."""
    path = tmp_path / "index.md"
    lines = [f"| row {i} | Душанбе |" for i in range(20_000)]  # longer than one chunk
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    assert files.write_lines_if_changed(path, iter(lines)) is False
    assert path.stat().st_mtime_ns == 1_000_000_000
    assert files.write_lines_if_changed(path, iter(lines[:-1])) is True  # one line fewer
    assert path.read_bytes().endswith(
        b"| row 19998 | \xd0\x94\xd1\x83\xd1\x88\xd0\xb0\xd0\xbd\xd0\xb1\xd0\xb5 |\n"
    )


def test_a_failed_line_leaves_the_old_file_whole(tmp_path: Path) -> None:
    path = tmp_path / "index.md"
    path.write_text("old\n", encoding="utf-8")

    def broken():
        yield "new"
        raise RuntimeError("rendering failed")

    with pytest.raises(RuntimeError):
        files.write_lines_if_changed(path, broken())
    assert path.read_text(encoding="utf-8") == "old\n"
    assert sorted(os.listdir(tmp_path)) == ["index.md"]


def test_a_sorted_spill_orders_as_python_sorts_and_keeps_ties_in_order() -> None:
    rng = random.Random(7)
    words = ["a", "B", "b", "ä", "Zeta", "é", "日本", ""]
    rows = [((rng.random() < 0.3, -rng.randint(0, 3), rng.choice(words)), i) for i in range(500)]
    spill = SortedSpill()
    for key, value in rows:
        spill.add(key, value)
    assert len(spill) == 500
    assert list(spill.values()) == [v for _, v in sorted(rows, key=lambda row: row[0])]
    spill.close()
    assert list(SortedSpill().values()) == []


def test_the_index_sorted_on_disk_is_the_index_sorted_in_memory() -> None:
    from provenance.report.index import index_lines, render_index

    rng = random.Random(3)
    entries = []
    for i in range(300):
        stats = DocumentStats(claims=i % 40, references=rng.randint(0, 9), findings=i % 7)
        entries.append(
            IndexEntry(
                f"doc{i}",
                rng.choice(["Alpha", "alpha", "Ärger", "Beta"]),
                None if i % 9 == 0 else dt.date(2016, 1 + i % 12, 1 + i % 28),
                stats,
                verified=rng.choice([None, 0, 1]),
                verdicts=rng.choice([None, (("verified", 1), ("no-captures", 0))]),
                uncited_checkable=rng.choice([0, 0, 2, 5]),
            )
        )
    on_disk = "\n".join(index_lines(entries, SortedSpill)) + "\n"
    assert on_disk == render_index(entries)
    assert on_disk.count("\n| [") >= 300  # every document has its row
