"""What an item of a citation says besides naming its source or its date.

Bracketed and dashed notes ("October 3 [in Russian]", "Kommersant [via BBC Monitoring]",
"October 5, 2016—in Russian") and source notes after the dates ("citing the General
Staff", "cited in EDM", "updated May 4") are dropped from the item's references; the
grammar's ``items`` asks here.
"""

from __future__ import annotations

import re

from . import dates

#: Languages a bracketed note may name: "[in Russian]", "[Tajik]".
NOTE_LANGUAGES = (
    r"(?:russian|tajik|uzbek|kazakh|kyrgyz|turkmen|persian|farsi|dari|pashto|chinese|english"
    r"|arabic|ukrainian|belarusian|georgian|armenian|azerbaijani|azeri|turkish|urdu|hindi"
    r"|mongolian|french|german|spanish)"
)
#: The inside of a bracketed note an item may end with: "October 3 [in Russian]",
#: "Kommersant [via BBC Monitoring]", "[subscription]". Matched whole, per ","/";" part.
BRACKET_NOTE_RE = re.compile(
    rf"""
    (?:(?:in|original(?:ly)?\s+in)\s+)?{NOTE_LANGUAGES}(?:\s*(?:and|&|/)\s*{NOTE_LANGUAGES})*
      (?:\s+(?:language|version|only|original|text|translation))?
    |(?:via|through|from|translated\s+by|translation\s+by|cited\s+(?:in|by)|quoted\s+(?:in|by))\s.+
    |(?:subscription|registration|login|sign-?in)(?:\s+(?:required|needed|only))?
    |pay-?wall(?:ed)?|paid|premium
    |archived?(?:\s.*)?|(?:web\s+)?archive(?:\s+copy)?|cached
    |(?:machine\s+|google\s+)?translat(?:ed|ion)(?:\s.*)?
    |pdf|doc|video|audio|podcast|image|photo|map|tweet|(?:in\s+)?print(?:\s+edition)?
    |dead(?:\s+link)?|(?:link\s+)?(?:broken|dead|offline|removed|deleted|no\s+longer\s+available)
    |(?:accessed|retrieved|viewed)\s.+|sic|emphasis\s+added|updated|corrected
    """,
    re.IGNORECASE | re.VERBOSE,
)
#: Where a bracketed note may list several notes: "[in Russian; paywall]".
NOTE_SEP_RE = re.compile(r"\s*[,;]\s*")

#: An item after the outlet saying whom it quotes, where it was read or when it was updated:
#: "citing the General Staff", "as cited by BBC Monitoring", "updated May 4". Dropped, like a
#: bracketed note.
TRAILING_SOURCE_NOTE_RE = re.compile(
    r"(?:as\s+)?(?:citing|quoting|cited\s+(?:by|in)|quoted\s+(?:by|in)|reported\s+(?:by|in)"
    r"|according\s+to|via|translated\s+by|translation\s+by"
    r"|(?:reprinted|republished)\s+from|originally\s+(?:published\s+)?(?:in|by|from)"
    # "(Vedomosti, May 3, 2016, updated May 4)": the date cited is the first
    r"|(?:last\s+)?(?:updated|modified|revised)(?:\s+on)?|обновлено|изменено)\s+\S.*",
    re.IGNORECASE,
)

#: A remark after the dates on what the source shows: "(see EDM, June 18, for two earlier
#: examples)", "for details". In small letters only: no outlet's name opens so.
REMARK_RE = re.compile(r"for\s+\S.*")

#: A note after a dash at the end of an item: "October 5, 2016—in Russian".
DASH_NOTE_RE = re.compile(r"\s*[—–]\s*(?P<note>[^—–]+)$")


def is_note(note: str) -> bool:
    """True when bracketed or dashed text reads as a note ("in Russian; paywall")."""
    note = note.strip()
    return bool(note) and all(BRACKET_NOTE_RE.fullmatch(part) for part in NOTE_SEP_RE.split(note))


def without_notes(item: str) -> str:
    """``item`` without its trailing notes ("[in Russian]", "(in Russian)", "—in Russian").

    A bracket is a note when its text reads as one (``BRACKET_NOTE_RE``, each ","/";"
    part) or, for square brackets, when it follows a date ("2016 [Dushanbe]");
    otherwise it qualifies an outlet name and stays ("Asia-Plus [Dushanbe]",
    "Ministry of Defense (MoD)"). A dash before a note drops it too.

    Returns:
        The item, right-trimmed, without the notes ("" when it was only notes).
    """
    while item and item[-1] in "])":
        opening = item.rfind("[" if item[-1] == "]" else "(")
        if opening < 0:
            break
        head = item[:opening].rstrip()
        dated = item[-1] == "]" and head and dates.tokenize_dates(head, 0, len(head)) is not None
        if not is_note(item[opening + 1 : -1]) and not dated:
            break
        item = head
    m = DASH_NOTE_RE.search(item)
    if m and is_note(m.group("note")):
        item = item[: m.start()].rstrip()
    return item
