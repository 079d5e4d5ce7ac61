"""Endnotes: the numbered notes at a document's end, read as the citations of the
claims that point to them.

China Brief and Terrorism Monitor give their sources in notes. A claim ends in a marker,
"… official data.[1]", and the note at the end reads "[1] “China's overseas lending
falls,” Xinhua, March 3, 2020, http://…". Markdown writes the same as "[^1]" and
"[^1]: …". ``link`` reads each note with the citation grammar and gives its references
to every marker that points to it: the marker becomes a citation whose raw text is its
note (the report shows it, and the store keeps it), and the notes are no claims.

A line that starts with "[7]" is a note only when a marker "[7]" comes before it, and
the last such line is the note: a hard-wrapped line that starts with a marker is not.
"Ibid." gives the references of the note before it, and a note's author ("John Smith,
“Title,” China Brief, …") is not read as a source, nor its lead-in ("See, for example:")
or the language and translations it gives ("(in Chinese)", “标题” [Title]).
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..models import Link, ParenKind, Parenthetical, Reference
from .extract import _classify
from .grammar import place
from .linkindex import LinkIndex

__all__ = ["Linked", "link"]

#: A note's opening at a line's start: "[12] " or Markdown's "[^label]: ".
#: Or, from a Word copy or Markdown's <sup>1</sup>, a superscript number: "¹ …".
DEFINITION_RE = re.compile(
    r"^[ \t]*(?:\[(?:(\d{1,3})\]|\^([^\]\s]{1,40})\]:)|([⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}))[ \t]*(?=\S)", re.M
)
#: A marker: "[3]", "[3, 4]", "[3-5]", "[3–5]"; or Markdown's "[^label]" (not its note's
#: opening "[^label]:", nor a link "[3](…)" or "[text][3]"; "[3][4]" is two).
MARKER_RE = re.compile(
    r"(?<![^\d]\])\[(\d{1,3}(?:[ \t]*[,–-][ \t]*\d{1,3})*|\^[^\]\s]{1,40})\](?![(:])"
)
#: A superscript marker: "data.¹", "said,²³" ("km²" is a unit, so only after punctuation).
SUPERSCRIPT_MARKER_RE = re.compile(r"(?<=[.,;:!?)\]”\"’»])[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}")
SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
Marker = tuple[int, int, list[str]]  # start, end, labels
#: Where a note ends: a blank line (or the next note's opening).
BLANK_LINE_RE = re.compile(r"\n[ \t]*\n")
#: The line that heads the notes: "Notes", "Endnotes:", "## References", "Примечания", "注释".
_HEADING = (
    r"(?im)^[ \t]*(?:#{1,6}[ \t]*)?(?:end[ \t]?notes?|foot[ \t]?notes?|notes?|references"
    r"|sources|примечания|источники|примітки|джерела|注释|参考文献)[ \t]*[:：]?[ \t]*"
)
HEADING_RE = re.compile(_HEADING + r"\n\s*\Z")  # right above the first note
NOTES_LINE_RE = re.compile(_HEADING + "$")
#: Under such a line, a numbered list is the notes too: "1. Xinhua, March 3, 2020."
NUMBERED_RE = re.compile(r"^[ \t]*(?:(\d{1,3})\.|\((\d{1,3})\))[ \t]+(?=\S)", re.M)  # or "(1) "
IBID_RE = re.compile(r"(?i)ibid(?:em)?\b")
#: A note's lead-in: "See:", "For example, see:", "See, for example:" (read as "see"), or
#: "For example:" (dropped).
LEAD_RE = re.compile(
    r"(?i)(?:(?:for example|for instance|e\.g\.),?\s+)?(?P<see>see(?: also)?|cf\.)"
    r"(?:,?\s+(?:for example|for instance|e\.g\.))?\s*:\s*"
    r"|(?:for example|for instance|e\.g\.)\s*:\s*"
)
#: What a note says beside its source that the grammar does not read: the language,
#: "(in Chinese)", and a title's or name's translation after it, “标题” [Title],
#: 人民日报 (People's Daily).
ASIDE_RE = re.compile(
    r"\s*[(\[](?:in|text in)\s+[A-Z][a-z]+(?:\s+(?:and|&)\s+[A-Z][a-z]+)?[)\]]"
    r"|(?<=[”\"»])\s*(?:\[[^\]\n]{1,200}\]|\([^)\n]{1,200}\))"
    r"|(?<=[\u4e00-\u9fff》])\s*\([A-Za-z][^)\n]{0,100}\)"
)
#: A note's punctuation that a parenthetical citation writes otherwise: "Xinhua (March 3,
#: 2020)", "<https://…>", "March 3, 2020. Accessed March 5, 2020".
DATE_IN_BRACKETS_RE = re.compile(
    r" \(((?:[A-Z][a-z]{2,8}\.? \d{1,2},? \d{4})|\d{1,2} [A-Z][a-z]{2,8}\.? \d{4})\)"
)
ANGLE_URL_RE = re.compile(r"<(https?://[^\s<>]+)>")
ACCESSED_RE = re.compile(r"\.\s+(?=[Aa]ccessed\b)")
#: Labels said in one problem line.
SHOWN = 5
#: A range "3–40" is read as its notes up to this many.
MAX_RANGE = 50


@dataclass
class Note:
    """One note: its label, its text and where it is, and the references read from it."""

    label: str
    start: int  # its line's start: the note is ``text[start:end]``, no claim
    text_start: int
    end: int
    references: tuple[Reference, ...] = ()


@dataclass
class Linked:
    """What ``link`` made of a document's notes."""

    parentheticals: list[Parenthetical]  # the markers made citations, the notes' own gone
    skip: list[tuple[int, int]] = field(default_factory=list)  # the notes: no claims
    problems: list[str] = field(default_factory=list)  # one line each


def link(
    text: str,
    parens: Sequence[Parenthetical],
    start: int,
    links: Sequence[Link],
    published: dt.date | None = None,
    day_first: bool | None = None,
) -> Linked | None:
    """Read the notes of ``text`` and make their markers citations; None without markers.

    Args:
        text: the document text.
        parens: its parentheticals (``extract.find_parentheticals``), in text order; a
            marker is none ("[" opens no parenthetical at the top level).
        start: where the body starts; notes may lie past its end.
        links: the document's links (a note's linked title gives its URL).
        published: the document's publication date, for the notes' dates.
        day_first: the writing's order of slash dates.
    """
    bracketed = text.find("[", start) >= 0 or text.find("¹", start) >= 0
    parenthesized = text.find("(1)", start) >= 0  # "border.(1)": the first marker's
    if not bracketed and not parenthesized:  # most documents: in C
        return None
    markers = _markers(text, start) if bracketed else []
    if not markers and not parenthesized:  # "[accessed …]": a bracket, but no marker
        return None
    openings = _openings(text, start)
    if parenthesized:
        markers = _with_paren_markers(text, parens, markers, openings)
    if not markers:
        return None
    bracket_at = {bracket for bracket, _, _ in openings.values()}
    markers = [m for m in markers if m[0] not in bracket_at]
    if not markers:  # only notes that nothing points to: the report says those
        return None
    notes = _notes(text, openings, markers)
    index = LinkIndex(links)
    _read(text, notes, index, published, day_first)
    return _linked(text, parens, markers, notes, index)


def _markers(text: str, start: int) -> list[Marker]:
    """The markers in ``text[start:]``, with the labels each points to."""
    found: list[Marker] = []
    for m in MARKER_RE.finditer(text, start):
        inner = m[1]
        labels = [inner] if inner[0] == "^" else _numbers(inner)
        if found and text[found[-1][1] : m.start()].strip(" \t,") == "":
            at, _, before = found.pop()  # "[3], [4]" and "[3][4]": one marker
            found.append((at, m.end(), before + labels))
        else:
            found.append((m.start(), m.end(), labels))
    if "¹" in text:  # every superscript list opens with note 1
        found += [
            (m.start(), m.end(), [m[0].translate(SUPERSCRIPT_DIGITS)])
            for m in SUPERSCRIPT_MARKER_RE.finditer(text, start)
        ]
        found.sort()
    return found


def _with_paren_markers(
    text: str, parens: Sequence[Parenthetical], markers: list[Marker], openings: dict
) -> list[Marker]:
    """``markers`` and the parenthesized ones when a note opens with one's number: "(1)"
    right after a word or mark ("border.(1)") or right before one ("reservoirs (2).");
    an enumeration, "two aims: (1) a map, and (2) crossings", is neither."""
    found = [
        (p.start, p.end, _numbers(p.raw[1:-1]))
        for p in parens
        if p.kind is ParenKind.ENDNOTE and _marks(text, p.start, p.end)
    ]
    if not any(label in openings for _, _, labels in found for label in labels):
        return markers  # no note for them: numbers in brackets, not markers
    return sorted([*markers, *found])


def _marks(text: str, start: int, end: int) -> bool:
    """Whether "(7)" at ``text[start:end]`` stands where a marker does."""
    before = text[start - 1 : start]
    return (before != "" and not before.isspace() and before not in "([") or (
        text[end : end + 1] in ("", ".", ",", ";", ":", "!", "?", "\n")
    )


def _numbers(inner: str) -> list[str]:
    """The notes "3, 4" or "3–5" point to, as labels."""
    labels: list[str] = []
    for part in inner.split(","):
        first, _, last = part.strip().replace("–", "-").partition("-")
        low, high = int(first), int(last or first)
        if low <= high < low + MAX_RANGE:
            labels += [str(n) for n in range(low, high + 1)]
        else:
            labels.append(str(low))
    return labels


def _openings(text: str, start: int) -> dict[str, tuple[int, int, int]]:
    """The last line opening "[7] " (or "[^7]: ", "⁷ ") of each label in ``text[start:]``,
    and "7. " under the last "Notes" line: (the bracket, the line's start, the note
    text's start). An earlier one is a marker that a wrapped line opens with."""
    found = {}
    for m in DEFINITION_RE.finditer(text, start):
        bracket = m.start() + len(m[0]) - len(m[0].lstrip())
        label = m[1] or (f"^{m[2]}" if m[2] else m[3].translate(SUPERSCRIPT_DIGITS))
        found[label] = (bracket, m.start(), m.end())
    headings = list(NOTES_LINE_RE.finditer(text, start))
    if headings:  # under the last one
        for m in NUMBERED_RE.finditer(text, headings[-1].end()):
            number = 1 if m[1] else 2
            found.setdefault(m[number], (m.start(number), m.start(), m.end()))
    return found


def _notes(
    text: str, openings: dict[str, tuple[int, int, int]], markers: list[Marker]
) -> dict[str, Note]:
    """The notes by label: each the last opening of its label, after a marker of it."""
    first: dict[str, int] = {}
    for at, _, labels in markers:
        for label in labels:
            first.setdefault(label, at)
    kept = {
        label: (line, text_start)
        for label, (bracket, line, text_start) in openings.items()
        if label in first and first[label] < bracket
    }
    places = sorted(line for line, _ in kept.values())
    notes = {}
    for label, (line, text_start) in kept.items():
        after = bisect.bisect_right(places, line)  # the next note's line, or the end
        limit = places[after] if after < len(places) else len(text)
        blank = BLANK_LINE_RE.search(text, text_start, limit)
        end = len(text[text_start : blank.start() if blank else limit].rstrip()) + text_start
        notes[label] = Note(label, line, text_start, end)
    return notes


def _read(
    text: str,
    notes: dict[str, Note],
    index: LinkIndex,
    published: dt.date | None,
    day_first: bool | None,
) -> None:
    """Read each note's references, in text order ("Ibid." takes the last note's)."""
    last: tuple[Reference, ...] = ()
    for note in sorted(notes.values(), key=lambda n: n.start):
        body = text[note.text_start : note.end]
        if IBID_RE.match(body):
            note.references = last
            continue
        kind, protos = _classify(_readable(body), day_first)
        if kind is ParenKind.CITATION and protos:
            refs = place(protos, note.text_start, index, published)
            refs = _without_author(refs, text, note.text_start)
            note.references = _linked_title(refs, note, index)
        last = note.references


def _readable(body: str) -> str:
    """A note as the citation grammar reads it: its lead-in and asides blanked, its
    punctuation made a citation's (each the same length, so every offset still points
    into the document), and no end punctuation."""
    if (m := LEAD_RE.match(body)) is not None:
        see = m["see"] or ""
        body = see + " " * (m.end() - len(see)) + body[m.end() :]
    if "(" in body or "[" in body:
        body = ASIDE_RE.sub(lambda m: " " * len(m[0]), body)
        body = DATE_IN_BRACKETS_RE.sub(lambda m: f", {m[1]} ", body)
    if "<" in body:
        body = ANGLE_URL_RE.sub(lambda m: f" {m[1]} ", body)
    if "ccessed" in body:
        body = ACCESSED_RE.sub(lambda m: "," + " " * (len(m[0]) - 1), body)
    return body[: len(body.rstrip(" \t.;,"))]


def _without_author(refs: tuple[Reference, ...], text: str, at: int) -> tuple[Reference, ...]:
    """``refs`` without an author read as a source: "John Smith, “Title,” China Brief"
    gives the title to both names, and the first stands before it."""
    if len(refs) < 2 or not refs[0].title or refs[1].title != refs[0].title:
        return refs
    title_at = text.find(refs[0].title, at)
    return refs[1:] if refs[0].outlet_end <= title_at else refs


def _linked_title(
    refs: tuple[Reference, ...], note: Note, index: LinkIndex
) -> tuple[Reference, ...]:
    """``refs``, the one reference of a note whose one link is not on its outlet or date
    (but on its title, say) given that link's URL."""
    links = [
        link
        for link in index.links
        if note.text_start <= link.start < note.end and not link.url.startswith("#")
    ]
    if len(refs) != 1 or refs[0].url or len(links) != 1:
        return refs
    return (dataclasses.replace(refs[0], url=links[0].url),)


def _linked(
    text: str,
    parens: Sequence[Parenthetical],
    markers: list[Marker],
    notes: dict[str, Note],
    index: LinkIndex,
) -> Linked:
    """The parentheticals with the markers that cite made citations, the notes' spans
    (the parentheticals inside them gone), and the problems. A marker without a note that
    is a link ("[[1]](http://…)", <a href="http://…">[1]</a>) cites the page it links."""
    spans = _with_heading(text, sorted((n.start, n.end) for n in notes.values()))
    notes_at, enclosing = _Spans(spans), _Spans([(p.start, p.end) for p in parens])
    made, missing = [], []
    for at, end, labels in markers:
        if notes_at.holds(at) or enclosing.holds(at, strictly=True):
            continue  # a note's own opening, or "[3]" inside a parenthetical
        found = [notes[label] for label in labels if label in notes]
        if found:  # a note that names nothing readable is still the claim's citation
            raw = "\n".join(f"[{n.label}] {_flat(text[n.text_start : n.end])}" for n in found)
            refs = tuple(ref for note in found for ref in note.references)
            made.append(Parenthetical(at, end, raw, ParenKind.CITATION, refs))
        elif (url := index.url_for(at, end)) and url.startswith(("http://", "https://")):
            ref = Reference(url, at, end, None, url=url)  # no outlet written: the page's
            made.append(Parenthetical(at, end, text[at:end], ParenKind.CITATION, (ref,)))
            continue
        missing += [label for label in labels if label not in notes]
    cited = {p.start for p in made}  # "(1)": the marker's parenthetical is now its citation
    kept = [p for p in parens if not notes_at.holds(p.start) and p.start not in cited]
    merged = sorted([*kept, *made], key=lambda p: p.start)
    return Linked(merged, spans, _problems(text, notes, missing))


def _with_heading(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` and, when a line such as "Notes" heads the first note, that line."""
    if not spans:
        return spans
    first = spans[0][0]
    m = HEADING_RE.search(text, max(0, first - 200), first)
    return [(m.start(), first), *spans] if m else spans


def _flat(note: str) -> str:
    """A note on one line: its line breaks and runs of spaces as one space."""
    return " ".join(note.split())


class _Spans:
    """Sorted spans that do not overlap, asked which holds a place in log time (a page
    with a thousand markers and notes must not take a quadratic while)."""

    def __init__(self, spans: list[tuple[int, int]]):
        self.spans = sorted(spans)
        self.starts = [lo for lo, _ in self.spans]

    def holds(self, at: int, strictly: bool = False) -> bool:
        """Whether a span holds ``at`` (``strictly``: past its first character)."""
        i = bisect.bisect_right(self.starts, at - 1 if strictly else at) - 1
        return i >= 0 and at < self.spans[i][1]


def _problems(text: str, notes: dict[str, Note], missing: list[str]) -> list[str]:
    """One line for the notes no source could be read from, one for markers without a note."""
    problems = []
    unread = sorted((n for n in notes.values() if not n.references), key=lambda n: n.start)
    if unread:
        first = text[unread[0].text_start : unread[0].end]
        labels = [n.label for n in unread]
        problems.append(
            f"{_said(labels, 'endnote')} {'names' if len(labels) == 1 else 'name'} no source "
            f"that could be read (first: {first[:60]!r})"
        )
    if missing:
        problem = f"{_said(missing, 'endnote marker')} {_have(missing)} no note in the document"
        if not notes:  # none at all: say what that costs
            one = len(set(missing)) == 1
            problem += ": the sentence it marks is" if one else ": the sentences they mark are"
            problem += " not linked to a source"
        problems.append(problem)
    return problems


def _said(labels: list[str], noun: str) -> str:
    """ "endnote markers [1], [2], [3] and 4 more": each label once, in the order given."""
    unique = list(dict.fromkeys(labels))
    more = f" and {len(unique) - SHOWN} more" if len(unique) > SHOWN else ""
    shown = ", ".join(f"[{label}]" for label in unique[:SHOWN]) + more
    return f"{noun}{'' if len(unique) == 1 else 's'} {shown}"


def _have(labels: list[str]) -> str:
    return "has" if len(set(labels)) == 1 else "have"
