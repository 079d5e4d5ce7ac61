"""Line breaks (<br>) of an HTML page: a new paragraph, or a wrap inside one."""

from __future__ import annotations

import re

# The markers htmltext writes into the page's text (private-use characters): BREAK
# between blocks, LINE for a <br>, OPEN/CLOSE around link text, HEAD before a heading.
BREAK, LINE = "\ue000", "\ue004"
NO_LINK_MARKERS = dict.fromkeys(map(ord, "\ue001\ue002"))  # OPEN, CLOSE
#: One <br> or more in a row, with spaces (whitespace is collapsed before) between them.
LINES_RE = re.compile("\ue004(?: ?\ue004)*")
#: How a line that stands apart from a capital after it ends: a sentence, a citation.
LINE_ENDS = (".", "!", "?", "…", ")", "]", '"', "'", "”", "’", "»")
#: A line at least this long that ends in a lower-case word was wrapped by hand
#: (old CMS pages wrap at 60-80 characters); shorter ones (a dateline, a list) stand apart.
WRAPPED_LINE = 60
#: Two lines of at most two words each, the second not ending as a sentence or a clause
#: does, are items of a list.
LIST_ITEM_WORDS = 2
LIST_GOES_ON = (*LINE_ENDS, ",", ";")


def line_breaks(raw: str) -> str:
    """Replace each run of LINE markers in ``raw`` by a space or a BREAK.

    Old CMS pages (EDM archives, Central Asian outlets) wrap their lines with <br> and
    part paragraphs with <br><br>. Two <br> or more are a paragraph break. One <br> is
    a space when the sentence visibly goes on (``_goes_on``): a lower-case word or a
    comma, or a long line ending in a lower-case word. It is a paragraph break after a
    colon, after a full stop or a citation before a capital, between a short line and a
    capital (a dateline) and between lines of a word or two (a list).
    """
    out: list[str] = []
    last = 0
    for m in LINES_RE.finditer(raw):
        if m.end() - m.start() == 1 and _goes_on(raw, m.start(), m.end()):
            out.append(raw[last : m.start()].rstrip(" "))
            out.append(" ")  # one space, not the spaces around the <br> as well
            last = m.end() + raw.startswith(" ", m.end())
        else:
            out.append(raw[last : m.start()])
            out.append(BREAK)
            last = m.end()
    out.append(raw[last:])
    return "".join(out)


def _goes_on(raw: str, start: int, end: int) -> bool:
    """Whether the line before the <br> at ``start`` goes on after it (``end``)."""
    line = raw.rfind(LINE, 0, start)  # the nearest <br> or block first: no long scans
    before = raw[max(line, raw.rfind(BREAK, max(line, 0), start)) + 1 : start]
    before = before.translate(NO_LINK_MARKERS).rstrip()
    line = _find(raw, LINE, end)
    stop = raw.find(BREAK, end, line)
    after = raw[end : line if stop < 0 else stop].translate(NO_LINK_MARKERS).lstrip()
    if not before or not after or before[-1] == ":":
        return False  # a lead-in: "Exports fell:<br>wheat<br>cotton"
    if before.count(" ") < LIST_ITEM_WORDS > after.count(" ") and not after.endswith(LIST_GOES_ON):
        return False  # a list of short lines: "oil<br>grain<br>crude oil"
    if after[0].islower():
        return True  # "said on Monday that<br>the plan", "(TASS, May 3)<br>and then"
    if before.endswith(LINE_ENDS):
        return False
    if before[-1] == ",":
        return True  # "On Monday,<br>President..."
    word = before[before.rfind(" ") + 1 :]
    return len(before) >= WRAPPED_LINE and word[:1].islower() and after[0].isalnum()


def _find(text: str, sub: str, start: int) -> int:
    """``text.find(sub, start)``, or the length of ``text`` when it is not there."""
    found = text.find(sub, start)
    return len(text) if found < 0 else found
