"""Line breaks (<br>) of an HTML page: a new paragraph, or a wrap inside one."""

from __future__ import annotations

# The markers htmltext writes into the page's text (private-use characters): BREAK
# between blocks, LINE for a <br>, OPEN/CLOSE around link text, HEAD before a heading.
BREAK, LINE = "\ue000", "\ue004"
OPEN, CLOSE = "\ue001", "\ue002"
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
    parts = raw.split(LINE)  # the text between one <br> and the next
    out = [parts[0]]
    i, n = 1, len(parts)
    while i < n:
        j = i  # a run of <br>: only spaces between them
        while j < n - 1 and (not parts[j] or parts[j] == " "):
            j += 1
        after = parts[j]
        if j == i and _goes_on(parts[i - 1], after):
            out[-1] = out[-1].rstrip(" ")  # one space, not the spaces around the <br> too
            out.append(" ")
            out.append(after[1:] if after[:1] == " " else after)
        else:
            out.append(BREAK)
            out.append(after)
        i = j + 1
    return "".join(out)


def _goes_on(before: str, after: str) -> bool:
    """Whether the line ``before`` a <br> goes on in the line ``after`` it (each the
    text between this <br> and the next <br> or block)."""
    before = _unmarked(before[before.rfind(BREAK) + 1 :]).rstrip()
    if (stop := after.find(BREAK)) >= 0:
        after = after[:stop]
    after = _unmarked(after).lstrip()
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


def _unmarked(line: str) -> str:
    """``line`` without link markers (str.translate would be ten times slower)."""
    if OPEN in line or CLOSE in line:
        return line.replace(OPEN, "").replace(CLOSE, "")
    return line
