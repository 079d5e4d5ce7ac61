"""Split the document body into paragraphs and sentences (models.Claim), never inside brackets."""

from __future__ import annotations

import logging
import operator
import re
from collections.abc import Sequence

from ..models import Claim, ParenKind, Parenthetical
from .cjk import ideograph
from .encoding import printable
from .paragraphs import HAS_TEXT_RE, find_paragraphs

LOGGER = logging.getLogger(__name__)

CITATION = ParenKind.CITATION  # compared for every parenthetical inside a sentence
BY_START = operator.attrgetter("start")  # sort keys called from C: no Python frame each
MATCH_START = operator.methodcaller("start")

# A candidate sentence end: terminal punctuation, optional closing quotes/brackets, then
# whitespace and an opening quote/bracket, capital letter or digit. All linear: no nesting.
# Capitals of the sources' scripts: Latin (with Latin-1 and Extended-A: Ş, Ł, Ğ), Greek,
# Cyrillic (with the Ukrainian, Kazakh, Kyrgyz and Tajik letters: Ґ, Қ, Ә, Ү, Ҳ), Armenian
# and Georgian (whose everyday letters have no case), and the CJK ideographs. The
# Extended-A and Cyrillic supplement ranges hold their small letters too: those rarely
# open a word after a full stop.
_UPPER = (
    "A-Z0-9\u00c0-\u00d6\u00d8-\u00de\u0100-\u017f\u0391-\u03a9\u0400-\u042f"
    "\u0460-\u04ff\u0531-\u0556\u10a0-\u10ff\u3400-\u9fff"
)
OPENERS = "([{\"'\u201c\u2018\u00ab"
# A footnote marker after the full stop: "illegal.[3]", "illegal.(3)", "illegal.\u00b9".
FOOTNOTE = r"(?:\[\d{1,3}\]|\(\d{1,3}\)|\[\^[\w-]{1,20}\]|[¹²³⁰⁴-⁹]{1,3})?"
CLOSERS = ")]\"'\u201d\u2019\u00bb"
WIDE_CLOSERS = CLOSERS + "）」』"
# One pattern per terminator so that each starts with a literal: re finds a literal
# prefix ~10x faster than a character class ("[.!?]" scans at ~120 MB/s).
# An ellipsis never ends a sentence, so "\u2026" needs no pattern of its own.
CANDIDATE_RES = tuple(
    (
        first,
        re.compile(
            rf"(?P<punct>{re.escape(first)}[.!?\u2026]*)[{re.escape(CLOSERS)}]*{FOOTNOTE}"
            rf"[{re.escape(CLOSERS)}]*(?P<space>\s+)"
            rf"(?=[{re.escape(OPENERS)}]*[{_UPPER}])"
        ),
    )
    for first in ".?!"
)
# Chinese ends a sentence at 。！？ with no space after, before any character (its script
# has no capitals); a closing quote or bracket goes with the sentence it closes. Looked
# for only in a text that writes "。" (one scan of a Latin text, not three).
WIDE_CANDIDATE_RES = tuple(
    re.compile(
        rf"(?P<punct>{first}[。！？!?]*)[{re.escape(WIDE_CLOSERS)}]*{FOOTNOTE}"
        rf"(?P<space>\s*)(?=[^\s{re.escape(WIDE_CLOSERS)}])"
    )
    for first in "。！？"
)
NEXT_WORD_RE = re.compile(r"[\"'\u201c\u2018\u00ab(\[]*(?P<word>[^\W\d_][\w'\u2019-]*)")
NEXT_IS_DIGIT_RE = re.compile(r"[(\[]?\d")
BRACKET_RE = re.compile(r"[()\[\]]")
MAX_UNCLOSED = 250  # an unclosed bracket protects at most this many characters
# A bracket pair reaching further than this is taken for a stray "(" that some later stray
# ")" ("a) ... b)") happens to close: it protects only MAX_UNCLOSED characters, like an
# unclosed one, so one typo cannot make a whole paragraph one sentence. The scanner in
# provenance.scan.brackets gives up on a group open this long for the same reason.
MAX_BRACKET_REACH = 1000
TOKEN_LOOKBACK = 40
DOTTED_RE = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")  # U.S, p.m, U.S.A, e.g, Ph.D
LIST_MARK_RE = re.compile(r"\d{1,3}|[ivxlcIVXLC]{1,5}|[A-Za-z]")

# Abbreviations that never end a sentence (titles before names, Latin, months).
NEVER_END = frozenset(
    "mr mrs ms dr gen lt col maj capt cpt sgt adm cmdr gov sen rep pres prof st mt ft rev hon "
    "messrs mme mlle vs v cf e.g i.e viz approx dept "
    "jan feb mar apr jun jul aug sep sept oct nov dec "
    "ул вул ген адм пр пер просп пл см див св проф акад".split()  # ул. Тверская, адм. Моисеев
)
# Abbreviations before a number ("No. 5", "Vol. 13"): an end only with none after ("no. Then")
NUMBER_ABBREVS = frozenset("no nos vol vols p pp art arts fig figs para ch sec nr".split())
# Abbreviations that often end a sentence too: split only before a typical sentence opener.
AMBIGUOUS = frozenset("inc ltd co corp bros llc plc etc al jr sr".split())
STARTERS = frozenset(
    "The A An This That These Those It Its He She They We I You His Her Their Our My There "
    "Then But And Or So Yet However Moreover Meanwhile Also In On At As After Before When "
    "While If Since Because Although Though For From By With Without To Of According Some "
    "Many Most Several One Two All Both Each Such Other Others Nor Not What Why How Who "
    "Where Which Still Now Later Earlier Today Yesterday Last Next Thus Therefore Instead "
    "Indeed Furthermore Nevertheless Even Only Under Over During Despite Unlike Among "
    "Between Here Until Once Every Neither Either Whether Few Another Much More Less".split()
)
# Claim.text tidying (whitespace runs -> one space, none before . , ; : ! ?): SPACING_RE is a
# literal first, fast to scan (~0.8 GB/s); with encoding.printable() it says when it is needed.
SPACING_RE = re.compile(r" [ .,;:!?]")
# a space before a mark that ends a word ("said ."), not before ":smile:" or ".NET"
SPACE_BEFORE_PUNCT_RE = re.compile(r" +(?=[.,;:!?]+(?:[\s\"'”’»)\]]|$))")


def split_claims(
    text: str,
    parentheticals: Sequence[Parenthetical],
    start: int = 0,
    end: int | None = None,
    skip: Sequence[tuple[int, int]] = (),
) -> list[Claim]:
    """Split ``text[start:end]`` into paragraphs and sentences.

    Paragraphs are separated by blank lines (or single newlines between long
    lines); only paragraphs holding a letter or digit count. The ``skip`` spans
    (headings, title lines) are neither claims nor paragraphs, and end the
    paragraph before them. Sentences end at
    . ! ? (plus closing quotes/brackets) before whitespace and a capital, digit or
    opening quote, and at Chinese 。！？ before anything, except inside a parenthetical
    or unclosed bracket, after abbreviations (Mr., Gen., Oct., e.g., No. 5), initials
    (V. Putin) and ellipses.

    Args:
        text: the document text.
        parentheticals: parentheticals of the text (brackets included); they are
            never split and citation ones are removed from ``Claim.text``.
        start: where the body starts.
        end: where the body ends (None: the end of the text).
        skip: ``(start, end)`` spans of the text that are metadata, not claims.

    Returns:
        Claims in text order; ``paragraph``/``sentence`` count from 0, the
        sentence number restarting in each paragraph.
    """
    end = len(text) if end is None else max(0, min(end, len(text)))
    start = max(0, min(start, end))
    parens = [p for p in parentheticals if start <= p.start < p.end <= end]
    parens.sort(key=BY_START)  # stable, as sorted(); attrgetter calls no Python frame
    paragraphs = find_paragraphs(text, start, end, skip)
    if not paragraphs:
        return []
    # A MALFORMED parenthetical may run on for pages: guard it like an unclosed bracket.
    given = [
        (p.start, min(p.end, p.start + MAX_UNCLOSED) if p.kind is ParenKind.MALFORMED else p.end)
        for p in parens
    ]
    protected = _protect(text, paragraphs, given)
    candidates = _candidates(text, paragraphs[0][0], paragraphs[-1][1])
    sentences = _sentence_spans(text, paragraphs, candidates, protected)
    # Whitespace checks: once for the whole body (newlines aside), then per paragraph
    # only when needed; a clean paragraph gives clean sentences, even after citations
    # are cut out (_claim_text drops the space before each one).
    body_messy = _needs_tidy(text[start:end].replace("\n", ""))
    return _build_claims(text, sentences, parens, body_messy)


def _build_claims(
    text: str,
    sentences: list[list[tuple[int, int]]],
    parens: list[Parenthetical],
    body_messy: bool,
) -> list[Claim]:
    """One Claim per sentence span, with the parentheticals inside it (``parens`` sorted)."""
    claims: list[Claim] = []
    cursor = 0  # first parenthetical not before the current sentence
    n_parens = len(parens)
    for number, spans in enumerate(sentences):
        ps, pe = spans[0][0], spans[-1][1]
        messy = text.find("\n", ps, pe) >= 0 or (body_messy and _needs_tidy(text[ps:pe]))
        index = 0
        for s, e in spans:
            while cursor < n_parens and parens[cursor].start < s:
                cursor += 1
            inside: list[Parenthetical] = []
            i = cursor
            while i < n_parens and parens[i].start < e:
                if parens[i].end <= e:
                    inside.append(parens[i])
                i += 1
            if index and inside and inside[0].start == s and inside[0].kind is CITATION:
                s = _take_leading(text, claims, inside, s, e)  # they back the sentence before
                if s >= e:
                    continue
            sentence = _claim_text(text, s, e, inside) if inside else text[s:e]
            if messy:
                sentence = _tidy(sentence)
            claims.append(Claim(number, index, s, e, sentence, inside))
            index += 1
    return claims


def _take_leading(
    text: str, claims: list[Claim], inside: list[Parenthetical], start: int, end: int
) -> int:
    """Give the citations that open a sentence ("...at dawn. (TASS, May 4) Officials
    declined...", or "(See TASS, May 8.)" alone) to the sentence before; returns where
    the rest of the sentence starts (``end`` when nothing but them is left)."""
    lead = []
    while inside and inside[0].start == start and inside[0].kind is CITATION:
        lead.append(inside.pop(0))
        start = lead[-1].end
        while start < end and text[start].isspace():
            start += 1
    if not HAS_TEXT_RE.search(text, start, end) and all(p.start < start for p in inside):
        start = end  # only punctuation after them: "(TASS, May 3)."
        lead += inside  # and what they hold
        inside.clear()
    last = claims[-1]
    stop = end if start >= end else lead[-1].end
    claims[-1] = Claim(
        last.paragraph, last.sentence, last.start, stop, last.text, [*last.parentheticals, *lead]
    )
    return start


def _sentence_spans(
    text: str,
    paragraphs: list[tuple[int, int]],
    candidates: list[re.Match[str]],
    protected: list[tuple[int, int]],
) -> list[list[tuple[int, int]]]:
    """Sentence spans of each paragraph: the candidates that are real, unprotected ends."""
    result: list[list[tuple[int, int]]] = []
    c = k = 0  # first candidate / protected span not yet passed
    n_candidates, n_protected = len(candidates), len(protected)
    for ps, pe in paragraphs:
        while c < n_candidates and candidates[c].start() < ps:
            c += 1
        spans: list[tuple[int, int]] = []
        sentence_start = ps
        while c < n_candidates and (cut := candidates[c].start("space")) < pe:
            m = candidates[c]
            c += 1
            if m.start() < sentence_start:
                continue  # overlaps the previous candidate ("?..." seen from "?" and ".")
            while k < n_protected and protected[k][1] <= cut:
                k += 1
            if k < n_protected and protected[k][0] < cut:
                continue  # inside brackets
            # fast path: one "." right after a bracket or quote ("...August 8). Next") ends
            dot = m.start()
            after_closer = dot > ps and text[dot - 1] in CLOSERS and m.end("punct") == dot + 1
            if after_closer or _is_boundary(text, m, sentence_start):
                spans.append((sentence_start, cut))
                sentence_start = m.end()
        spans.append((sentence_start, pe))
        # Every later sentence starts with a letter or digit (the candidates' lookahead);
        # a first "sentence" without one ("* ." or "...") joins the next.
        if len(spans) > 1 and not HAS_TEXT_RE.search(text, spans[0][0], spans[0][1]):
            spans[:2] = [(spans[0][0], spans[1][1])]
        result.append(spans)
    return result


def _candidates(text: str, start: int, end: int) -> list[re.Match[str]]:
    """Every candidate sentence end in ``text[start:end]``, by position."""
    found = [
        list(pattern.finditer(text, start, end))
        for terminator, pattern in CANDIDATE_RES
        if text.find(terminator, start, end) >= 0
    ]
    if text.find("。", start, end) >= 0:
        found += [list(pattern.finditer(text, start, end)) for pattern in WIDE_CANDIDATE_RES]
    if len(found) == 1:
        return found[0]
    return sorted([m for ms in found for m in ms], key=MATCH_START)


def _protect(
    text: str, paragraphs: list[tuple[int, int]], given: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Disjoint sorted spans inside which no sentence may end.

    The given parentheticals, plus every bracket pair found here within one
    paragraph; an unclosed "(" or "[", or a pair longer than MAX_BRACKET_REACH,
    protects up to MAX_UNCLOSED characters.
    """
    merged = _merge(given)
    start, end = paragraphs[0][0], paragraphs[-1][1]
    # Fast path: no bracket outside the given parentheticals (C-speed `in` on the gaps).
    ends, starts = [start] + [e for _, e in merged], [s for s, _ in merged] + [end]
    gaps = "".join([text[a:b] for a, b in zip(ends, starts)])
    if not ("(" in gaps or ")" in gaps or "[" in gaps or "]" in gaps):
        return merged
    spans = list(given)
    stack: list[tuple[str, int]] = []
    p = 0
    pe = paragraphs[0][1]
    for m in BRACKET_RE.finditer(text, start, end):
        pos = m.start()
        if pos >= pe:  # a new paragraph: what is still open there stays unclosed
            spans.extend((o, min(o + MAX_UNCLOSED, pe)) for _, o in stack)
            stack.clear()
            while p < len(paragraphs) and paragraphs[p][1] <= pos:
                p += 1
            pe = paragraphs[p][1] if p < len(paragraphs) else end
        char = m.group()
        if char in "([":
            stack.append((char, pos))
            continue
        opener = "(" if char == ")" else "["
        if not any(o == opener for o, _ in stack):
            continue  # a stray closer protects nothing
        while stack:
            o, at = stack.pop()
            if o == opener:
                if m.end() - at <= MAX_BRACKET_REACH:
                    spans.append((at, m.end()))
                else:
                    spans.append((at, min(at + MAX_UNCLOSED, pe)))
                break
            spans.append((at, min(at + MAX_UNCLOSED, pe)))
    spans.extend((o, min(o + MAX_UNCLOSED, pe)) for _, o in stack)
    return _merge(spans)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, disjoint union of half-open spans."""
    if len(spans) < 2:
        return list(spans)
    spans = sorted(spans)
    merged = [spans[0]]
    for s, e in spans[1:]:
        if s < merged[-1][1]:
            if e > merged[-1][1]:
                merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return merged


def _is_boundary(text: str, m: re.Match[str], sentence_start: int) -> bool:
    """Decide whether the candidate ``m`` really ends a sentence."""
    punct = m["punct"]
    # 1. "!" and "?" always end a sentence; ellipses never do
    if punct != ".":
        return "." not in punct and "\u2026" not in punct
    # 2. the word before the period
    dot = m.start()
    lo = max(sentence_start, dot - TOKEN_LOOKBACK)
    space = max(text.rfind(" ", lo, dot), text.rfind("\n", lo, dot))
    word = text[max(space + 1, lo) : dot]
    if not word or word.isspace():
        return True
    if not word.isprintable():  # a tab or an odd space: fall back to a full split
        word = text[lo:dot].split()[-1]
    if word[0] in OPENERS:
        word = word.lstrip(OPENERS)
        if not word:
            return True
    if not word[-1].isalnum():
        return True  # "...August 8). Historically": a bracket or quote ends the word
    if len(word) > 6 and "." not in word:
        return True  # the common case: an ordinary word; every abbreviation is shorter
    low = word.lower()
    # 3. titles, Latin abbreviations and months: never
    if low in NEVER_END:
        return False
    # 4. "No. 5", "Vol. 13", "p. 4": not before a number
    if low in NUMBER_ABBREVS and NEXT_IS_DIGIT_RE.match(text, m.end()):
        return False
    # 5. list numbering at the start of a sentence: "1. The first point"
    if space < sentence_start and dot - sentence_start <= 6 and LIST_MARK_RE.fullmatch(word):
        return False
    # 6. initials, dotted abbreviations (U.S., p.m.) and Inc./Ltd./etc.: only before a
    #    typical sentence opener ("the U.S. The next..." but "V. Putin", "U.S. Army")
    dotted = "." in word and DOTTED_RE.fullmatch(word)
    if (len(word) == 1 and word.isalpha()) or low in AMBIGUOUS or dotted:
        if word.islower() and len(word) == 1:
            return False
        nxt = NEXT_WORD_RE.match(text, m.end())  # "N. A. Yevmenov": "A." is an initial
        return nxt is not None and nxt["word"] in STARTERS and not text.startswith(".", nxt.end())
    return True


def _claim_text(text: str, start: int, end: int, inside: list[Parenthetical]) -> str:
    """The sentence without its citation parentheticals (and the space before each)."""
    sentence = text[start:end]
    if inside:
        pieces = []
        pos = start
        for p in inside:
            if p.kind is CITATION and p.start >= pos:  # nested in a removed citation: gone
                # drop the space before "(...)" too, unless a word follows right after it
                pieces.append(text[pos : p.start].rstrip())
                if p.end < end and text[p.end].isalnum() and not ideograph(text[p.end]):
                    pieces.append(" ")
                pos = p.end
                if pos < end and text[pos] == "." and pieces[-1].endswith((".", "\u2026")):
                    pos += 1  # "by the U.S. (Reuters, May 3)." reads "by the U.S.", not "U.S.."
        if pos != start:
            pieces.append(text[pos:end])
            sentence = "".join(pieces).strip()
    return sentence


def _needs_tidy(chunk: str) -> bool:
    """Whether ``chunk`` has whitespace to collapse or a space before punctuation."""
    return not printable(chunk) or SPACING_RE.search(chunk) is not None


def _tidy(sentence: str) -> str:
    """Collapse whitespace runs to one space and drop spaces before . , ; : ! ?"""
    return SPACE_BEFORE_PUNCT_RE.sub("", " ".join(sentence.split()))
