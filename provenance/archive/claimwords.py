"""The claim side of cross-script matching: proper names, keywords and dates of a claim."""

from __future__ import annotations

import logging
import re

from .textmatch import POSSESSIVE_RE, stems_for, words

LOGGER = logging.getLogger(__name__)

_MONTHS = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|"
    r"января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря)"
)
# Dates inside a claim ("October 20–24", "February 25, 2016", "20 октября") are
# not quantities: blank them out before looking for numbers.
CLAIM_DATE_RE = re.compile(
    rf"\b{_MONTHS}\.?\s+\d{{1,2}}(?:\s*[–—-]\s*\d{{1,2}})?(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b"
    rf"|\b\d{{1,2}}(?:\s*[–—-]\s*\d{{1,2}})?\s+{_MONTHS}(?:\s+\d{{4}})?\b",
    re.IGNORECASE,
)
# Capitalised words; a hyphen joins parts (China-Tajikistan) but whitespace ends a word.
CAP_WORD_RE = re.compile(r"[^\W\d_][\w'’]*(?:-[^\W\d_][\w'’]*)*")
SENTENCE_GAP_RE = re.compile(r"^\s+$")

STOPWORDS = frozenset(  # English function words and reporting verbs, a few Russian ones
    """a about above according across after afterwards again against all almost along already also
    although always among an and another any anyway are around as at be became because become been
    before being below beside besides between beyond both but by can cannot could despite did do
    does doing down during each either else even ever every few for former formerly from further
    had has have having he her here hers herself him himself his how however i if in including
    indeed into
    is it its itself just last later latter least less like made make many may me meanwhile might
    more moreover most mostly much must my neither never nevertheless next no nor not now of off
    often on once one only onto or other others otherwise our ours out over own per perhaps rather
    reportedly same several she should since so some still such than that the their them themselves
    then there thereby therefore these they this those though through throughout thus to together
    too toward towards under unlike until up upon us very via was we well were what whatever when
    where whereas whether which while who whom whose why will with within without would yet you your
    said says say told according believes believe also new recent recently sort sorts quite
    и в во на не что с со по к ко от для из о об а но же это как до за при также его ее
    их""".split()
)
TITLE_WORDS = frozenset(
    "mr mrs ms dr gen general president minister prime colonel col lt sen senator "
    "monday tuesday wednesday thursday friday saturday sunday".split()
)
GENERIC_NAMES = frozenset(
    """tajikistan tajik tajikistani china chinese russia russian afghanistan afghan pakistan
    pakistani dushanbe moscow beijing central asia asian kremlin sino soviet union kyrgyzstan
    kazakhstan uzbekistan turkmenistan america american united states europe european west
    western eurasia eurasian""".split()
)
MONTH_WORDS = frozenset(
    re.sub(r"[()?:]", " ", _MONTHS.replace("|", " ")).lower().split() + ["sept"]
)

SENTENCE_INITIAL_RE = re.compile(r"(?:ing|ed|ly)$")  # "Following", "Reportedly": not names


def strip_dates(text: str) -> str:
    """Blank out dates ("October 20–24", "20 октября 2016"), keeping offsets.

    Args:
        text: a claim.

    Returns:
        The text with each date replaced by spaces of the same length.
    """
    return CLAIM_DATE_RE.sub(lambda m: " " * len(m.group(0)), text)


def keywords(text: str) -> list[str]:
    """Content words of a claim: lowercase, no stopwords or months, four letters or more.

    Args:
        text: a claim.

    Returns:
        The distinct keywords in order.
    """
    return list(
        dict.fromkeys(
            w for w in words(text) if len(w) >= 4 and w not in STOPWORDS and w not in MONTH_WORDS
        )
    )


def _is_name_word(word: str, at_start: bool) -> bool:
    """Whether a capitalised word can be part of a proper name."""
    lower = word.lower()
    return (
        word[:1].isupper()
        and not (word.isupper() and len(word) > 1)  # acronyms (PLA, CSTO) do not cross scripts
        and lower not in STOPWORDS
        and lower not in TITLE_WORDS
        and lower not in MONTH_WORDS
        and not (at_start and SENTENCE_INITIAL_RE.search(lower))
        # "Analysts attribute...": a dictionary word opening the sentence, not a name
        and not (at_start and lower not in GENERIC_NAMES and bool(stems_for(lower)))
    )


def proper_names(text: str) -> list[tuple[str, bool]]:
    """Runs of capitalised words: ``Sharali Mirzo``, ``People's Liberation Army``.

    A run ends at a possessive country (``Tajikistan's Ishkoshim`` gives two
    names) and leaves out titles, months, acronyms and sentence-initial verbs.

    Args:
        text: a claim.

    Returns:
        Distinct ``(name, generic)`` pairs in order; ``generic`` is True when
        every word is a country, capital or nationality (:data:`GENERIC_NAMES`).
    """
    runs: list[list[str]] = []
    open_run = False
    prev_end = 0
    for m in CAP_WORD_RE.finditer(text):
        word = m.group(0)
        bare = POSSESSIVE_RE.sub("", word)
        if not _is_name_word(bare, m.start() == 0):
            open_run = False
            continue
        if open_run and SENTENCE_GAP_RE.match(text[prev_end : m.start()]):
            runs[-1].append(word)
        else:
            runs.append([word])
        prev_end = m.end()
        # a possessive country ends the name: "Tajikistan's Ishkoshim region"
        open_run = not (bare != word and bare.lower() in GENERIC_NAMES)
    names: dict[str, tuple[str, bool]] = {}
    for run in runs:
        name = POSSESSIVE_RE.sub("", " ".join(run))
        generic = all(w in GENERIC_NAMES for w in words(name))
        names.setdefault(name.lower(), (name, generic))
    return list(names.values())
