"""Line breaks (<br>) of an HTML page: a new paragraph, or a wrap inside one."""

from __future__ import annotations

import re

# The markers htmltext writes into the page's text (private-use characters): BREAK
# between blocks, LINE for a <br>, OPEN/CLOSE around link text, HEAD before a heading.
BREAK, LINE = "\ue000", "\ue004"
LINK_MARKERS = "\ue001\ue002"
#: One <br> or more in a row, with spaces (whitespace is collapsed before) between them.
LINES_RE = re.compile("\ue004(?: ?\ue004)*")
#: How a line that stands apart ends: a sentence, a lead-in ("Items:"), a citation.
LINE_ENDS = (".", "!", "?", ":", "…", ")", "]", '"', "'", "”", "’", "»")
#: A line at least this long that ends in a lower-case word was wrapped by hand
#: (old CMS pages wrap at 60-80 characters); shorter ones (a dateline, a list) stand apart.
WRAPPED_LINE = 60


def line_breaks(raw: str) -> str:
    """Replace each run of LINE markers in ``raw`` by a space or a BREAK.

    Old CMS pages (EDM archives, Central Asian outlets) wrap their lines with <br> and
    part paragraphs with <br><br>. Two <br> or more are a paragraph break. One <br> is
    a space when the sentence visibly goes on (``_goes_on``), else a paragraph break:
    after a full stop, a colon or a citation, before a capital after a short line
    (a dateline, a list of short lines).
    """
    out: list[str] = []
    last = 0
    for m in LINES_RE.finditer(raw):
        start = m.start()
        join = m.end() - start == 1 and _goes_on(raw, start, m.end())
        out.append(raw[last:start])
        out.append(" " if join else BREAK)
        last = m.end()
    out.append(raw[last:])
    text = "".join(out)
    return text.replace("  ", " ") if "  " in text else text


def _goes_on(raw: str, start: int, end: int) -> bool:
    """Whether the line before the <br> at ``start`` goes on after it (``end``)."""
    before = raw[max(raw.rfind(BREAK, 0, start), raw.rfind(LINE, 0, start)) + 1 : start]
    before = before.translate(NO_LINK_MARKERS).rstrip()
    stop = min(_find(raw, BREAK, end), _find(raw, LINE, end))
    after = raw[end:stop].translate(NO_LINK_MARKERS).lstrip()
    if not before or not after or before.endswith(LINE_ENDS):
        return False
    if before[-1] == "," or after[0].islower():
        return True  # "said on Monday that<br>the plan", "On Monday,<br>President..."
    word = before[before.rfind(" ") + 1 :]
    return len(before) >= WRAPPED_LINE and word[:1].islower() and after[0].isalnum()


NO_LINK_MARKERS = dict.fromkeys(map(ord, LINK_MARKERS))


def _find(text: str, sub: str, start: int) -> int:
    """``text.find(sub, start)``, or the length of ``text`` when it is not there."""
    found = text.find(sub, start)
    return len(text) if found < 0 else found
