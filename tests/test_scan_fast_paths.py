"""Each fast path of the scan gives what the slower code it bypasses gives (issue 10)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.models import ParenKind
from provenance.scan import brackets, encoding, items
from provenance.scan.datetokens import DateToken
from provenance.scan.outletnames import OutletItem

TOKENS = [
    "(", ")", "[", "]", "(", ")", "](", "\n", "\n\n", " \n \n", "a", "News.tj, May 3", " ",
    "x" * 400,
]  # fmt: skip
bracket_texts = st.one_of(
    st.lists(st.sampled_from(TOKENS), max_size=60).map("".join),
    st.text(alphabet="()[]\n ab", max_size=300),
)


def _scan_by_frames(text: str, start: int, end: int) -> list[brackets.Span]:
    """``brackets.find_groups`` as it was: every group through ``_group`` and its frames."""
    out: list[brackets.Span] = []
    pos = start
    while (pos := text.find("(", pos, end)) >= 0:
        pos = brackets._group(text, pos, start, end, out)
        if pos < 0:
            break
    return out


@settings(max_examples=400, deadline=None)
@given(bracket_texts, st.integers(0, 40), st.integers(0, 40))
def test_scan_fast_path_matches_frames(text: str, cut_start: int, cut_end: int) -> None:
    start = min(cut_start, len(text))
    end = max(start, len(text) - cut_end)
    assert brackets.find_groups(text, start, end) == _scan_by_frames(text, start, end)


@settings(max_examples=400, deadline=None)
@given(bracket_texts, st.lists(st.booleans(), max_size=80))
def test_full_width_brackets_group_as_ascii_ones(text: str, widen: list[bool]) -> None:
    """Any of the '(' and ')' written '（' and '）' (Chinese writing, mixed as it may be)
    in a text that writes '（' (the first character here): the same groups, at the same
    offsets, as the ASCII text gives."""
    text = "(" + text
    chars, i = ["（"] + list(text[1:]), 0
    for at, ch in enumerate(chars):
        if ch in "()":
            if i < len(widen) and widen[i]:
                chars[at] = "（" if ch == "(" else "）"
            i += 1
    wide = "".join(chars)
    assert brackets.find_groups(wide, 0, len(wide)) == brackets.find_groups(text, 0, len(text))


def test_scan_fast_path_keeps_markdown_targets_silent() -> None:
    text = "[News.tj](https://news.tj/a) (TASS, May 3) ](x)"
    assert brackets.find_groups(text, 0, len(text)) == [(29, 42, False)]
    assert brackets.find_groups(text, 10, len(text)) == [(29, 42, False)]


offsets = st.integers(0, 500)


@given(
    st.lists(st.tuples(st.sampled_from(["md", "day", "year"]), offsets, offsets)),
    st.integers(1, 300),
)
def test_moved_date_tokens_match_the_namedtuple(spans: list, by: int) -> None:
    tokens = tuple(DateToken(k, s, e, 2016, 10, 20, "Oct.") for k, s, e in spans)
    moved = items._moved("d", tokens, by)
    expected = [t._replace(start=t.start + by, end=t.end + by) for t in tokens]
    assert moved == expected
    assert all(type(t) is DateToken for t in moved)


@given(st.lists(st.tuples(offsets, offsets, st.sampled_from([None, "https://x.tj"]))))
def test_moved_outlets_match_replace(spans: list) -> None:
    outlets = tuple(OutletItem("News.tj", s, e, "domain", url, None) for s, e, url in spans)
    moved = items._moved("o", outlets, 7)
    assert moved == [o._replace(start=o.start + 7, end=o.end + 7) for o in outlets]
    assert all(type(o) is OutletItem for o in moved)


def test_split_at_holds_commas_in_every_quote() -> None:
    for opener, closer in [("“", "”"), ("«", "»"), ("„", "“"), ('"', '"')]:
        s = f"{opener}Moscow, Beijing{closer} EDM, May 3"
        parts = [s[a:b] for a, b in items.split_at(s, 0, len(s), ",")]
        assert parts == [f"{opener}Moscow, Beijing{closer} EDM", " May 3"]


@settings(max_examples=300)
@given(st.text(alphabet=st.characters(max_codepoint=0x4FF), max_size=200))
def test_no_controls_agrees_with_the_regex(text: str) -> None:
    raw = text.encode("utf-8")
    expected = not encoding.CONTROL_RE.search(text)
    assert encoding._no_controls(raw) is expected


def test_control_bytes_are_the_regex_class() -> None:
    chars = "".join(map(chr, encoding.CONTROL_BYTES))
    assert re.fullmatch(f"{encoding.CONTROL_RE.pattern}+", chars)
    others = [chr(c) for c in range(128) if c not in encoding.CONTROL_BYTES]
    assert not any(encoding.CONTROL_RE.match(c) for c in others)


def test_paren_kind_raw_value_is_value() -> None:
    # store.rows reads ``_value_`` to skip enum's ``value`` property
    assert all(kind._value_ == kind.value for kind in ParenKind)
