"""Scan fast paths (issue 10, second round) held to the code they replaced: the control
bytes of valid UTF-8 looked for with memchr, not by deleting every other byte."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from provenance.scan import encoding

# text around the control bytes and the whitespace beside them (tab, LF, VT, FF, CR)
BYTES = st.lists(st.sampled_from([b"a", b"\xd0\x96", b"\t", b"\n", b"\x0b", b"\r", b" "])).map(
    b"".join
)


def old_no_controls(raw: bytes) -> bool:
    """``encoding._no_controls`` as it was."""
    return len(raw.translate(None, encoding.CONTROL_BYTES)) == len(raw)


@given(st.one_of(st.binary(), BYTES), st.integers(0, 255), st.integers(0, 64))
def test_control_bytes_are_found_as_before(raw: bytes, byte: int, at: int) -> None:
    spiked = raw[:at] + bytes([byte]) + raw[at:]
    for data in (raw, spiked):
        assert encoding._no_controls(data) is old_no_controls(data)


@given(st.text())
def test_valid_utf8_has_no_controls_when_the_pattern_finds_none(text: str) -> None:
    raw = text.encode("utf-8", "surrogatepass")
    assert encoding._no_controls(raw) is (encoding.CONTROL_RE.search(text) is None)
