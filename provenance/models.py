"""Dataclasses shared by every pipeline stage: the vocabulary of provenance.

Stages hand these to each other, never bs4 tags, HTTP responses or SQLite rows.
Offsets (``start``/``end``) are always half-open character offsets into
``Document.text``, so ``document.text[start:end]`` gives back the quoted span.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field


# ---------------------------------------------------------------- ingest


@dataclass(frozen=True)
class Link:
    """A hyperlink found in HTML (`<a href>`) or Markdown (`[text](url)`)."""

    start: int  # offsets of the link text in Document.text
    end: int
    url: str
    text: str


@dataclass
class DocumentMeta:
    """Bibliographic metadata of a scanned document.

    ``sources`` maps each filled field name to where its value came from,
    e.g. ``{"title": "refworld-header", "published": "cli"}``.
    """

    title: str | None = None
    author: str | None = None
    publisher: str | None = None
    published: dt.date | None = None
    series: str | None = None  # e.g. "Eurasia Daily Monitor Volume: 13 Issue: 185"
    url: str | None = None  # the document's own URL (e.g. the Refworld address)
    original_url: str | None = None  # the original it republishes (e.g. jamestown.org)
    original_publisher: str | None = None
    republisher: str | None = None  # who republished it, e.g. "Refworld (UNHCR)"
    accessed: dt.date | None = None
    updated: dt.date | None = None
    sources: dict[str, str] = field(default_factory=dict)


@dataclass
class Document:
    """One ingested file: decoded plain text plus metadata and links.

    ``text`` is the text every offset points into: the decoded file for
    plain text and Markdown (front matter included, Markdown link syntax
    kept), and the extracted visible text for HTML.
    ``body_start`` is where the article body begins (after any header block
    or front matter); claims are only split from ``text[body_start:body_end]``.
    """

    path: str
    sha256: str
    format: str  # "txt" | "html" | "md"
    encoding: str
    text: str
    meta: DocumentMeta
    links: list[Link] = field(default_factory=list)
    body_start: int = 0
    body_end: int | None = None
    size: int = 0
    mtime_ns: int = 0
    warnings: list[str] = field(default_factory=list)  # one-line ingest warnings


# ---------------------------------------------------------------- extract


@dataclass(frozen=True)
class CitedDate:
    """A date as written in a citation, normalised.

    ``year`` is None when it could not be known (no year written and no
    publication date to infer it from). ``month``/``day`` are None for a
    year-only date such as ``(Minfin.gov.kz, 2015)``.
    """

    text: str
    year: int | None
    month: int | None = None
    day: int | None = None
    year_inferred: bool = False
    anomaly: str | None = None  # "after-publication" | "year-unknown" | None

    @property
    def iso(self) -> str | None:
        """``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY`` or None when the year is unknown."""
        if self.year is None:
            return None
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def as_date(self) -> dt.date | None:
        """The date as ``datetime.date`` when year, month and day are all known."""
        if self.year and self.month and self.day:
            try:
                return dt.date(self.year, self.month, self.day)
            except ValueError:
                return None
        return None


@dataclass(frozen=True)
class Reference:
    """One outlet-and-date pair inside a citation.

    ``(News.tj, October 20, 21)`` gives two references; ``(see EDM, October 14)``
    gives one with ``prefix="see"``. ``accessed`` is True for a date written as
    ``accessed 3 November 2019``: it is when the author read the source, not
    when the source was published.
    """

    outlet: str  # as written, e.g. "Sputnik-tj.com", "RFE/RL", "Радио Озоди"
    outlet_start: int
    outlet_end: int
    date: CitedDate | None
    prefix: str | None = None  # "see" | "cf." | "e.g." | None
    accessed: bool = False
    url: str | None = None  # from a wrapping link, or the bare URL itself
    id: int | None = field(default=None, compare=False)  # set when loaded from the store


class ParenKind(str, enum.Enum):
    """What a parenthetical is. Only CITATION produces references."""

    CITATION = "citation"
    ACRONYM = "acronym"  # (CSTO), (IRPT)
    ENDNOTE = "endnote"  # (7), [7]
    DATE_ASIDE = "date-aside"  # this week (March 4)
    CREDIT = "credit"  # (Source: TASS), (Photo: ...)
    UNIT = "unit"  # (about 5 miles), ($70 million)
    GLOSS = "gloss"  # (CSTO—of which Tajikistan is also a member), translations
    ASIDE = "aside"  # anything else
    MALFORMED = "malformed"  # unbalanced or too deeply nested


@dataclass(frozen=True)
class Parenthetical:
    """A parenthetical found in the text, kept whether or not it cites anything.

    ``start``/``end`` include the brackets: ``text[start:end] == raw``.
    """

    start: int
    end: int
    raw: str
    kind: ParenKind
    references: tuple[Reference, ...] = ()
    id: int | None = field(default=None, compare=False)  # set when loaded from the store

    @property
    def is_citation(self) -> bool:
        """True when the parenthetical names at least one source."""
        return self.kind is ParenKind.CITATION


@dataclass
class Claim:
    """A sentence of the body, with the parentheticals inside it.

    ``text`` is the sentence with citation parentheticals removed and
    whitespace tidied; ``start``/``end`` cover the raw sentence in
    ``Document.text``.
    """

    paragraph: int
    sentence: int
    start: int
    end: int
    text: str
    parentheticals: list[Parenthetical] = field(default_factory=list)
    id: int | None = field(default=None, compare=False)  # set when loaded from the store

    @property
    def citations(self) -> list[Parenthetical]:
        """The parentheticals that are source citations."""
        return [p for p in self.parentheticals if p.is_citation]

    @property
    def references(self) -> list[Reference]:
        """Every reference of every citation in this claim, in order."""
        return [r for p in self.citations for r in p.references]


# ---------------------------------------------------------------- resolve


class Category(str, enum.Enum):
    """Outlet categories used in reports and findings."""

    STATE_OWNED = "state-owned"
    STATE_AFFILIATED = "state-affiliated"
    PUBLIC_INTL_BROADCASTER = "public-intl-broadcaster"
    INDEPENDENT = "independent"
    EXILE_INDEPENDENT = "exile-independent"
    THINK_TANK = "think-tank"
    OFFICIAL = "official-gov/mil"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class OutletDomain:
    """A domain an outlet used, with the period it was used (ISO dates, open ends None)."""

    domain: str
    since: str | None = None
    until: str | None = None
    note: str | None = None
    status: str | None = None  # "current" | "former"; None = current unless ``until`` is set
    path: str | None = None  # e.g. "/russian": only URLs under this path belong to the outlet

    @property
    def is_current(self) -> bool:
        """True when the outlet still uses this domain (as far as the registry knows)."""
        if self.status is not None:
            return self.status == "current"
        return self.until is None


@dataclass(frozen=True)
class Outlet:
    """A registry entry: one news outlet, agency, institution or publisher."""

    id: str  # stable slug, e.g. "asia-plus"
    name: str
    aliases: tuple[str, ...] = ()
    domains: tuple[OutletDomain, ...] = ()
    country: str | None = None
    languages: tuple[str, ...] = ()
    owner: str | None = None
    category: Category = Category.UNKNOWN
    sources: tuple[str, ...] = ()  # URLs backing the labels
    notes: str | None = None
    rsp: str | None = None  # Wikipedia RSP status: "gr" | "nc" | "gu" | "d" | None (not found)
    parent: str | None = None  # id of the registry outlet this one belongs to (Ozodi -> rferl)

    def domain_on(self, when: dt.date | None) -> str | None:
        """The domain the outlet used on ``when`` (the current one when unknown)."""
        for d in self.domains_on(when):
            return d
        return None

    def domains_on(self, when: dt.date | None) -> list[str]:
        """Domains in use on ``when``, best first.

        1. No date: every domain, current ones first (registry order within each group).
        2. A date: the domains whose period contains it, best evidenced first: a period
           with known ends beats an open one, and a former domain without an ``until``
           ends where a current domain's ``since`` (the move date) begins. Partial ISO
           dates ("2019-08") compare at their own precision. When no period contains the
           date, the answer is as in 1.
        """
        if not self.domains:
            return []
        ordered = sorted(self.domains, key=lambda d: not d.is_current)  # stable sort
        everything = list(dict.fromkeys(d.domain for d in ordered))
        if when is None:
            return everything
        iso = when.isoformat()
        move = min((d.since for d in self.domains if d.is_current and d.since), default=None)
        scored: list[tuple[int, int, str]] = []
        for rank, d in enumerate(ordered):
            until = d.until if d.until is not None or d.is_current else move
            if d.since is not None and iso[: len(d.since)] < d.since:
                continue
            if until is not None and iso[: len(until)] > until:
                continue
            evidence = (d.since is not None) + (until is not None)
            scored.append((-evidence, rank, d.domain))
        hits = list(dict.fromkeys(domain for _, _, domain in sorted(scored)))
        return hits or everything


@dataclass(frozen=True)
class Resolution:
    """What an outlet as written resolved to.

    ``outlet`` is None for an unknown outlet; ``domain`` may still be set
    from a domain-like name (``Example.kz`` -> ``example.kz``).
    """

    written: str
    outlet: Outlet | None
    domain: str | None
    method: str  # "alias" | "domain" | "url" | "registrable-domain" | "unknown"
    self_citation: bool = False

    @property
    def known(self) -> bool:
        """True when the outlet is in the registry."""
        return self.outlet is not None


# ---------------------------------------------------------------- scan


@dataclass
class ScanResult:
    """What one document's scan produced: the unit stored in one transaction."""

    document: Document
    claims: list[Claim]
    parentheticals: list[Parenthetical] = field(default_factory=list)  # all, in text order
    problems: list[str] = field(default_factory=list)  # one-line warnings about this document
    id: int | None = None  # documents.id once stored
    resolutions: dict[str, Resolution] = field(default_factory=dict)  # by resolution_key(ref)

    def resolution(self, ref: Reference) -> Resolution | None:
        """The Resolution of ``ref`` (keyed by outlet, date and URL; outlet alone as fallback)."""
        return self.resolutions.get(resolution_key(ref)) or self.resolutions.get(ref.outlet)


def resolution_key(ref: Reference) -> str:
    """Key of a reference's Resolution: the outlet as written plus the cited date and URL.

    The date matters because an outlet's domain depends on when it was cited
    (Asia-Plus was news.tj in 2016 and asiaplustj.info after 2019).
    """
    iso = ref.date.iso if ref.date else ""
    return f"{ref.outlet}\x1f{iso}\x1f{ref.url or ''}"


@dataclass
class ScanSummary:
    """Counts for the summary line of ``provenance scan``."""

    scanned: int = 0
    unchanged: int = 0
    skipped: int = 0  # unsupported file types
    failed: int = 0
    claims: int = 0
    citations: int = 0
    references: int = 0
    errors: list[str] = field(default_factory=list)  # one line each: "path: problem"
    skipped_paths: list[str] = field(default_factory=list)
