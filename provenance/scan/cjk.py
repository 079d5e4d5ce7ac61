"""Chinese punctuation in citations: full-width separators and brackets read as ASCII ones.

Chinese writing puts a citation in full-width brackets and separates its items with the
full-width comma "，", the ideographic comma "、" and the full-width semicolon "；":
"（人民日报，2月28日；环球时报，3月1日）"; title marks 《》 hold a paper's name or an
article's title. The grammar reads "," ";" and «», so a parenthetical holding such marks
is read from a copy with each folded to its kin, one character for one: every offset the
reading gives is an offset into the document's own text, and the texts a reference
carries (outlet, date, title) are taken back from that text.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

LOGGER = logging.getLogger(__name__)

#: Full-width marks and the ASCII ones the grammar reads in their place.
#: Title marks 《》 hold a newspaper's name or an article's title, as «» do.
FOLD = str.maketrans({"，": ",", "、": ",", "；": ";", "（": "(", "）": ")", "《": "«", "》": "»"})


def folded(inner: str) -> str | None:
    """``inner`` with its full-width separators, brackets and title marks folded (``FOLD``).

    Returns:
        The folded copy (as long as ``inner``), or None when ``inner`` has none of them.
    """
    if "，" in inner or "；" in inner or "、" in inner or "（" in inner or "《" in inner:
        return inner.translate(FOLD)  # ("）" without "（" is a stray: nothing to fold for)
    return None


def restored(protos: Sequence[tuple], inner: str, copy: str) -> tuple[tuple, ...]:
    """The grammar's ``protos`` read from ``copy`` (``folded(inner)``), with the outlet,
    date and title texts as ``inner`` writes them ("新华社、人民日报" stays so)."""
    out = []
    for proto in protos:
        outlet, start, end, spec, prefix, accessed, url, title, kind, ds, de = proto
        if copy[start:end] == outlet:
            outlet = inner[start:end]
        if spec is not None and de > ds and copy[ds:de] == spec[0]:
            spec = (inner[ds:de], *spec[1:])
        if title is not None and (at := copy.find(title)) >= 0:
            title = inner[at : at + len(title)]
        out.append((outlet, start, end, spec, prefix, accessed, url, title, kind, ds, de))
    return tuple(out)


def ideograph(char: str) -> bool:
    """A CJK ideograph or kana: words in those scripts are written without spaces."""
    return "\u2e80" <= char <= "\u9fff"
