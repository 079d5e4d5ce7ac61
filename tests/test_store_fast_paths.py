"""Fast paths of the scan's main process (issue 10) held to what they replaced: a report
written from the UTF-8 bytes a worker sends, as from its text."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.store import files

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
