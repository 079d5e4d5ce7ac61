"""Fast paths of the scan's main process (issue 10) held to what they replaced: a report
written from the UTF-8 bytes a worker sends, as from its text; a document's lookup ids
read from what the run knows in C."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.store import files, slim
from provenance.store.database import insert_tuples, next_id, open_db
from provenance.store.saving import lookup_ids

# Reports are mostly ASCII with a few marks ("→", "†"); line ends of every kind, and old
# files that are not UTF-8 at all.
PIECES = ["a", "b", " ", "\n", "\r", "\r\n", "→", "†", "é", "\ufeff"]
TEXT = st.lists(st.sampled_from(PIECES)).map("".join)
OLD = st.one_of(
    st.none(),
    TEXT.map(lambda t: t.encode("utf-8")),
    TEXT.map(lambda t: t.replace("\n", "\r\n").encode("utf-8")),
    st.binary(max_size=8),
)


def _written(folder: str, name: str, old: bytes | None, text: str | bytes) -> tuple[bool, bytes]:
    path = os.path.join(folder, name)
    if old is not None:
        Path(path).write_bytes(old)
    changed = files.write_if_changed(path, text, 0)
    return changed, Path(path).read_bytes()


@settings(max_examples=400, deadline=None)
@given(old=OLD, text=TEXT)
def test_a_report_written_from_its_utf8_bytes_is_written_as_from_its_text(
    old: bytes | None, text: str
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        as_text = _written(folder, "text.md", old, text)
        as_bytes = _written(folder, "bytes.md", old, text.encode("utf-8"))
        assert as_bytes == as_text
        assert sorted(os.listdir(folder)) == ["bytes.md", "text.md"]  # no temporary left


def test_an_unchanged_report_checked_out_with_crlf_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "doc.md"
    path.write_bytes(b"# Title\r\n\r\nA claim \xe2\x80\xa0.\r\n")
    assert files.write_if_changed(path, "# Title\n\nA claim †.\n".encode()) is False
    assert path.read_bytes() == b"# Title\r\n\r\nA claim \xe2\x80\xa0.\r\n"
    assert files.write_if_changed(path, b"# Title\n") is True
    assert path.read_bytes() == b"# Title\n"


def old_lookup_ids(db: Any, table: str, columns: Any, keys: Any, known: Any = None) -> dict:
    """``saving.lookup_ids`` before it read the known ids in C."""
    wanted = list(dict.fromkeys(keys))
    found: dict = {}
    if known:
        found.update((key, known[key]) for key in wanted if key in known)
        wanted = [key for key in wanted if key not in found]
    firsts = [v for v in dict.fromkeys(k[0] for k in wanted) if v is not None]
    for start in range(0, len(firsts), 500):
        chunk = firsts[start : start + 500]
        sql = "select id, {} from {} where {} in ({}) order by id".format(
            ", ".join(columns), table, columns[0], ", ".join("?" * len(chunk))
        )
        for row in db.execute(sql, chunk):
            found.setdefault(tuple(row[1:]), row[0])
    if any(k[0] is None for k in wanted):
        sql = f"select id, {', '.join(columns)} from {table} where {columns[0]} is null"
        for row in db.execute(sql + " order by id"):
            found.setdefault(tuple(row[1:]), row[0])
    missing = [k for k in wanted if k not in found]
    if missing:
        first = next_id(db, table)
        rows = [(first + i, *key) for i, key in enumerate(missing)]
        insert_tuples(db, table, ("id", *columns), rows)
        found.update((key, first + i) for i, key in enumerate(missing))
    return found


# cited_dates keys: few values per column, so that keys share a first column, repeat,
# and lie in the table twice (equal rows: the lower id is the one)
DATE_KEYS = st.tuples(
    st.sampled_from(["May 3", "2016", None]),
    st.sampled_from(["2016-05-03", None]),
    st.sampled_from([2016, None]),
    st.just(5),
    st.just(3),
    st.integers(0, 1),
    st.just(None),
    st.integers(0, 1),
)


@settings(max_examples=150, deadline=None)
@given(
    stored=st.lists(DATE_KEYS, max_size=6),
    keys=st.lists(DATE_KEYS, max_size=8),
    known_share=st.lists(st.booleans(), max_size=6),
)
def test_lookup_ids_are_found_and_made_as_before(
    stored: list, keys: list, known_share: list[bool]
) -> None:
    table, columns = "cited_dates", slim.DATE_COLUMNS
    answers, contents = [], []
    for lookup in (old_lookup_ids, lookup_ids):
        with tempfile.TemporaryDirectory() as folder:
            db = open_db(os.path.join(folder, "p.db"))
            rows = [(i + 1, *key) for i, key in enumerate(stored)]
            insert_tuples(db, table, ("id", *columns), rows)
            # what the run knows: some of the stored rows' ids (the first of equal rows)
            true_ids: dict = {}
            for row in rows:
                true_ids.setdefault(row[1:], row[0])
            known = {k: v for (k, v), kept in zip(true_ids.items(), known_share) if kept}
            answers.append(lookup(db, table, columns, keys, known))
            contents.append(db.execute(f"select * from {table} order by id").fetchall())
            db.conn.close()
    assert answers[1] == answers[0]
    assert contents[1] == contents[0]
