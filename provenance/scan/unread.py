"""The parts of citations the grammar could not read, by citation text.

``grammar.read_citation`` records a ';' group that holds a number but gives no reference
('"Novaya Gazeta", October 20') as it meets it; the scan then says so in one line rather
than drop it. Asking again would parse every group of every citation twice (a fifth
more work for a scan), so they are kept here, in this process, by the citation's text.
"""

from __future__ import annotations

import re

from .regexes import CREDIT_RE

#: A ';' group whose source's name is gone and whose dates remain: "(, April 8)",
#: "(Kommersant, May 5; , May 6)". The name was a link, lost when the text was copied;
#: the grammar keeps such a group as unread, and the scan says what it probably was.
#: ("(see , October 3)" too; not "(e.g., May 5)", whose comma is the abbreviation's.)
LOST_NAME_RE = re.compile(r"(?:see(?:\s+also)?\s*)?,", re.IGNORECASE)

#: Citations whose groups did not all read: a few in a corpus, so many are kept that
#: the scan's memo of citations (which spares it reading them again) always finds theirs.
_UNREAD: dict[str, tuple[str, ...]] = {}
KEPT = 65536
#: Those of them with no ';' ("TASS, May 3, 2016, 12": a day after the year). The scan
#: asks for the parts of a citation only when it has a ';' (a lone group that does not
#: read is no citation) or is one of these: asking of every citation cost a dict lookup
#: and a credit match each.
ONE_GROUP: set[str] = set()


def remember(inner: str, groups: tuple[str, ...]) -> None:
    """Keep ``groups`` for the citation ``inner``, letting the oldest go past KEPT (never
    all at once: a citation the scan's memo still holds is not read again)."""
    while len(_UNREAD) >= KEPT:
        try:
            ONE_GROUP.discard(oldest := next(iter(_UNREAD)))
            del _UNREAD[oldest]
        except (KeyError, RuntimeError, StopIteration):  # another thread got there first
            break
    _UNREAD[inner] = groups
    if ";" not in inner:
        ONE_GROUP.add(inner)


def refold(copy: str, inner: str) -> None:
    """Keep the groups found unread in ``copy``, the grammar's reading of ``inner`` with
    its full-width marks folded (``cjk.folded``), under ``inner`` and as ``inner`` writes
    them ("人民日报，45日"): ``unread_parts`` is asked with the document's own text."""
    parts = _UNREAD.pop(copy, ())  # each a slice of ``copy``: found there, and so in ``inner``
    ONE_GROUP.discard(copy)
    if parts:
        remember(inner, tuple(inner[(at := copy.find(part)) : at + len(part)] for part in parts))


def in_one_group(raw: str) -> bool:
    """Whether the citation ``raw`` (brackets included) is one of ``ONE_GROUP``, after a
    credit too ("(Source: TASS, May 3, 2016, 12)")."""
    inner = raw[1:-1]
    return inner in ONE_GROUP or (":" in inner[:12] and bool(unread_parts(inner)))


def unread_parts(inner: str) -> tuple[str, ...]:
    """The unread groups of the citation ``inner`` (the text between its brackets), read
    before in this process; a credit ("Source: TASS, May 4; ...") is read without it."""
    found = _UNREAD.get(inner, ())
    if not found and (credit := CREDIT_RE.match(inner)) is not None and credit.group("source"):
        found = _UNREAD.get(inner[credit.end() :], ())
    return found
