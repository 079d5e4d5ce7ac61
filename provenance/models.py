"""Dataclasses shared by every pipeline stage: the vocabulary of provenance.

Stages hand these to each other, never bs4 tags, HTTP responses or SQLite rows.
Offsets (``start``/``end``) are always half-open character offsets into
``Document.text``, so ``document.text[start:end]`` gives back the quoted span.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable
from dataclasses import MISSING, dataclass, field, fields
from typing import Any, TypeVar
from urllib.parse import urlsplit


class cached:  # lower case: a decorator, named like the one it stands in for
    """``functools.cached_property`` without its lock: computed on first read, then
    kept in the instance. Python 3.11's takes an RLock on every first read, which
    doubled its cost (0.97 against 0.46 us) on the 76,580 references of a 10.7 MB scan.
    The values are pure, so two threads that race only compute one twice (Python 3.12
    dropped the lock for that reason)."""

    def __init__(self, func: Callable[[Any], Any]) -> None:
        self.func, self.name = func, func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.func(obj)
        return value


T = TypeVar("T")


def quick_init(cls: type[T]) -> type[T]:
    """Give a frozen dataclass an ``__init__`` that fills the instance's dict directly.

    The one ``dataclass(frozen=True)`` makes calls ``object.__setattr__`` once per
    field: on Python 3.11 a Reference took 2.4 us to make, against 1.0 us this way, and
    a scan makes one for each of its 76,580 references (a CitedDate: 1.6 against 0.7).
    The class stays frozen (its ``__setattr__`` still refuses), and the parameters,
    their order and their defaults are the generated ``__init__``'s.
    """
    params, lines, namespace = [], [], {}
    for f in fields(cls):  # type: ignore[arg-type]
        if not f.init or f.default_factory is not MISSING:
            raise TypeError(f"{cls.__name__}.{f.name}: quick_init takes plain defaults only")
        if f.default is MISSING:
            params.append(f.name)
        else:
            namespace[f"_{f.name}"] = f.default
            params.append(f"{f.name}=_{f.name}")
        lines.append(f"    d[{f.name!r}] = {f.name}")
    source = f"def __init__(self, {', '.join(params)}):\n    d = self.__dict__\n"
    exec(source + "\n".join(lines), namespace)  # noqa: S102 - made from field names
    init = namespace["__init__"]
    init.__qualname__, init.__module__ = f"{cls.__qualname__}.__init__", cls.__module__
    cls.__init__ = init  # type: ignore[misc]
    return cls


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
    plain text; for Markdown the decoded file with front matter kept and
    links reduced to their text (the URLs are in ``links``); for HTML the
    extracted visible text.
    ``body_start`` is where the article body begins (after any header block
    or front matter); claims are only split from ``text[body_start:body_end]``,
    leaving out the ``headings`` spans (titles and section headings are metadata).
    ``code`` holds the spans of Markdown code spans' text: literal, it holds no citation.
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
    headings: list[tuple[int, int]] = field(default_factory=list)  # spans, not stored
    code: list[tuple[int, int]] = field(default_factory=list)  # Markdown code spans' text


# ---------------------------------------------------------------- extract


@quick_init
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
    anomaly: str | None = None  # "after-publication" | "year-unknown" | "invalid-date"
    # | "ambiguous-date" (a slash date such as 3/10/2016 that reads both ways) | None

    @cached  # read about three times per reference (keys, rows, reports)
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

    @cached  # a CitedDate is shared by the references that cite it (``dates.dated``)
    def date_value(self) -> dt.date | None:
        """``as_date()``, made once: the report's timeline reads it for every reference."""
        return self.as_date()


@quick_init
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
    title: str | None = None  # the cited article's title, when quoted: (“Title,” EDM, May 4)
    source_kind: str | None = None  # "generic", "interview" or a document type; see below
    id: int | None = field(default=None, compare=False)  # set when loaded from the store

    @property
    def unverifiable(self) -> bool:
        """True for a generic source ("local media"), an interview or a document type.

        ``source_kind`` is "generic" for an unnamed source ("Russian agencies"),
        "interview" for the author's interview or a personal communication, and the
        document type as written ("press release", "transcript") otherwise: none of
        them points to one findable page, so reports flag them.
        """
        return self.source_kind is not None

    @cached
    def resolution_key(self) -> str:
        """See :func:`resolution_key`; computed once per reference (reports look it up often)."""
        iso = self.date.iso if self.date else ""
        return f"{self.outlet}\x1f{iso}\x1f{self.url or ''}"


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


@quick_init
@dataclass(frozen=True)
class Parenthetical:
    """A parenthetical found in the text, kept whether or not it cites anything.

    ``start``/``end`` include the brackets: ``text[start:end] == raw``. Except for an
    endnote marker ("[1]") whose note was read: it is a citation whose ``raw`` is the
    note it points to, "[1] “Title,” Xinhua, March 3, 2020", one line a note.
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

    @property
    def from_endnote(self) -> bool:
        """True for an endnote marker whose references its note gives (``raw`` is the note)."""
        return self.raw[:1] == "[" and len(self.raw) != self.end - self.start


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
    PLATFORM = "platform"  # a social network or messenger: the account is the source
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
    # None for the outlet's own site; "edition" (a foreign-language or regional edition),
    # "mirror" or "short" (a link shortener): found by host, never the domain picked
    # for a date while the outlet's own site covers it.
    role: str | None = None

    @property
    def is_current(self) -> bool:
        """True when the outlet still uses this domain (as far as the registry knows)."""
        if self.status is not None:
            return self.status == "current"
        return self.until is None


@dataclass(frozen=True)
class OutletStatus:
    """Something that happened to an outlet: blocked somewhere, closed, labelled, moved."""

    kind: str  # "blocked" | "closed" | "suspended" | "banned" | "foreign-agent" | ...
    where: str | None = None  # the country (or "EU") it applies in; None: everywhere
    since: str | None = None  # ISO (partial) dates
    until: str | None = None
    source: str | None = None  # a URL backing it
    note: str | None = None

    def describe(self) -> str:
        """One line for reports: "blocked in Russia since 2022-03"."""
        text = self.kind.replace("-", " ")
        if self.where:
            text += f" in {self.where}"
        if self.since:
            text += f" since {self.since}"
        if self.until:
            text += f" until {self.until}"
        return text


@dataclass(frozen=True)
class CategoryPeriod:
    """A period in which an outlet's category was another than today's: Gazeta.ru was
    privately owned before Sberbank bought its owner. Dates are ISO (partial); open ends
    reach to the outlet's start or to today."""

    category: Category
    since: str | None = None
    until: str | None = None
    source: str | None = None  # a URL backing it

    def holds(self, iso: str) -> bool:
        """Whether the ISO date ``iso`` falls in the period, each end at its own precision."""
        return (self.since is None or iso[: len(self.since)] >= self.since) and (
            self.until is None or iso[: len(self.until)] <= self.until
        )


#: Read once: an Enum member read off its class is a Python-level call in 3.11, and reports
#: ask every reference whether its outlet is a platform.
_PLATFORM = Category.PLATFORM


def _host(d: OutletDomain) -> str:
    return d.domain


def _address(d: OutletDomain) -> str:
    """``d``'s domain with its path, when the outlet holds only that part of the host."""
    return d.domain + d.path.rstrip("/") if d.path else d.domain


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
    status: tuple[OutletStatus, ...] = ()  # "blocked in Russia since 2022-03", "closed 2023"
    # periods of another category than ``category`` (today's): see ``category_on``
    categories: tuple[CategoryPeriod, ...] = ()

    @property
    def is_platform(self) -> bool:
        """A social network or messenger (Telegram, YouTube), not a publisher: the account
        cited is the source, and the platform alone names nothing to look up."""
        return self.category is _PLATFORM

    def category_on(self, when: dt.date | str | None) -> Category:
        """The category on ``when`` (a date, or an ISO date, partial or not): that of the
        period holding it, else today's."""
        if when is not None and self.categories:
            iso = when if isinstance(when, str) else when.isoformat()
            for period in self.categories:
                if period.holds(iso):
                    return period.category
        return self.category

    def status_on(self, when: dt.date | None = None) -> list[OutletStatus]:
        """The statuses in force on ``when`` (today's, as far as known, when None)."""
        iso = when.isoformat() if when else None
        return [
            s
            for s in self.status
            if iso is None
            and s.until is None
            or iso is not None
            and (s.since is None or iso[: len(s.since)] >= s.since)
            and (s.until is None or iso[: len(s.until)] <= s.until)
        ]

    def domain_on(self, when: dt.date | None) -> str | None:
        """The domain the outlet used on ``when`` (the current one when unknown)."""
        for d in self.domains_on(when):
            return d
        return None

    def domains_on(self, when: dt.date | None, paths: bool = False) -> list[str]:
        """Domains in use on ``when``, best first.

        1. No date: every domain, current ones first (registry order within each group).
        2. A date: the domains whose period contains it, the outlet's own sites before its
           editions, mirrors and short-link hosts, then best evidenced first: a period
           with known ends beats an open one, and a former domain without an ``until``
           ends where a current domain's ``since`` (the move date) begins; between two
           periods with as many known ends, the more precise dates win. Partial ISO dates
           ("2019-08") compare at their own precision. When no period contains the date,
           the answer is as in 1.

        With ``paths``, a domain the outlet holds only under a path comes with it
        ("bbc.com/russian", "t.me/rybar"): the address to search, not the whole host.
        """
        if not self.domains:
            return []
        # own sites first, then current before former (stable: registry order within)
        ordered = sorted(self.domains, key=lambda d: (d.role is not None, not d.is_current))
        name = _address if paths else _host
        everything = list(dict.fromkeys(name(d) for d in ordered))
        if when is None:
            return everything
        iso = when.isoformat()
        move = min((d.since for d in self.domains if d.is_current and d.since), default=None)
        scored: list[tuple[int, int, int, str]] = []
        for rank, d in enumerate(ordered):
            until = d.until if d.until is not None or d.is_current else move
            if d.since is not None and iso[: len(d.since)] < d.since:
                continue
            if until is not None and iso[: len(until)] > until:
                continue
            known = [b for b in (d.since, until) if b is not None]
            scored.append((d.role is not None, -len(known), -sum(map(len, known)), rank, name(d)))
        hits = list(dict.fromkeys(item[-1] for item in sorted(scored)))
        return hits or everything


#: The resolution method of a generic source or an interview ("local media"): no outlet.
GENERIC_METHOD = "generic"


@quick_init
@dataclass(frozen=True)
class Resolution:
    """What an outlet as written resolved to.

    ``outlet`` is None for an unknown outlet; ``domain`` may still be set
    from a domain-like name (``Example.kz`` -> ``example.kz``).
    """

    written: str
    outlet: Outlet | None
    domain: str | None
    # "alias" | "spelling" | "owner" | "body" | "platform" | "channel" | "domain" | "url"
    # | "registrable-domain" | "generic" | "unknown"
    method: str
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


def bare_host(url: str) -> str:
    """The host of a URL as outlets are named: lowercase, no port, no leading ``www.``.

    Args:
        url: an absolute URL (a scheme-less string has no host).

    Returns:
        e.g. "asiaplustj.info" for "https://www.AsiaPlusTJ.info:443/news"; "" without a host.

    Raises:
        ValueError: ``urlsplit`` rejects the URL (e.g. an unclosed "[").
    """
    return (urlsplit(url).hostname or "").removeprefix("www.")


def resolution_key(ref: Reference) -> str:
    """Key of a reference's Resolution: the outlet as written plus the cited date and URL.

    The date matters because an outlet's domain depends on when it was cited
    (Asia-Plus was news.tj in 2016 and asiaplustj.info after 2019).
    """
    return ref.resolution_key


@dataclass
class ScanSummary:
    """Counts for the summary line of ``provenance scan``."""

    scanned: int = 0
    unchanged: int = 0
    skipped: int = 0  # unsupported file types
    failed: int = 0  # files or folders that could not be scanned
    claims: int = 0
    citations: int = 0
    references: int = 0
    errors: list[str] = field(default_factory=list)  # one line each: "path: problem"
    warnings: list[tuple[str, str]] = field(default_factory=list)  # the same, (path, problem)
    failures: list[tuple[str, str]] = field(default_factory=list)  # the warnings of ``failed``
    skipped_paths: list[str] = field(default_factory=list)
    document_ids: list[int] = field(default_factory=list)  # documents (re)written by this run
    removed: list[str] = field(default_factory=list)  # stored paths whose files are gone
    # (report path, cause) of each report that could not be written (also in ``errors``)
    unwritten: list[tuple[str, str]] = field(default_factory=list)


# ---------------------------------------------------------------- check

# Verdicts of ``provenance check``; every one but "error" is final (not retried unless --refresh).
# "archived": a reference that carries its URL has a capture near the cited date (its
# content is read only with --content-check). "generic-source": a generic source or an
# interview ("local media") without a URL names no outlet, so there is nothing to look up;
# "unresolved-outlet" is a named outlet the registry could not place on a domain.
# "vague-date": a dated search is all an outlet without a URL allows, and the cited date
# (a year, a day without its year, only an access date) bounds none, so nothing was asked.
VERDICTS = (
    "verified",
    "archived",
    "candidates",
    "no-captures",
    "unresolved-outlet",
    "generic-source",
    "vague-date",
    "error",
)
FINAL_VERDICTS = tuple(v for v in VERDICTS if v != "error")


#: The reasons of a score that list what a page and a claim share (``archive.verify``):
#: a verified candidate's first reason, "verified: date exact; matched …", says them all.
SCORE_MATCH_LISTS = ("names ", "title shares: ", "text shares: ")


@dataclass
class Candidate:
    """One archived capture that may be the cited article, with its verification score.

    ``score`` is None when the capture was ranked but not fetched; ``reasons``
    are short human-readable lines ("date matches", "numbers: 10,000").
    """

    original_url: str
    timestamp: str  # 14-digit capture timestamp, YYYYMMDDhhmmss
    archive_url: str = ""  # the replay URL (id_ form) of this capture
    mimetype: str | None = None
    rank: int = 0  # position after URL ranking, 0 = first
    title: str | None = None
    page_date: str | None = None  # ISO date found on the page
    score: float | None = None
    reasons: list[str] = field(default_factory=list)
    components: dict[str, float] = field(default_factory=dict)
    http_status: int | None = None  # status of the replayed capture
    verified: bool = False
    error: str | None = None  # why the capture could not be fetched or read
    id: int | None = field(default=None, compare=False)  # set when loaded from the store
    # Claim words its URL slug and home-page headline carry (ranking only, not stored).
    hint: float = field(default=0.0, compare=False)


@dataclass
class ReferenceCheck:
    """The archive check of one reference: verdict, best candidate and the evidence."""

    reference_id: int
    status: str  # one of VERDICTS
    best: Candidate | None = None
    others: list[Candidate] = field(default_factory=list)  # the next best, at most a few
    cdx_url: str | None = None  # the CDX/TimeMap query, for a reviewer to click through
    domains: list[str] = field(default_factory=list)  # where the search looked
    closest: Candidate | None = None  # URL references: capture closest to the cited date
    error: str | None = None  # for "error": what failed (retried next run)
    note: str | None = None  # e.g. why a date was too vague to search
    checked_at: str | None = None  # ISO timestamp (UTC)
    target_key: str | None = None  # what was looked up; a change re-checks the reference
    archive: str | None = None  # name of the archive the verdict's evidence came from
    archives: list[str] = field(default_factory=list)  # archives asked, in order

    @property
    def source_url(self) -> str | None:
        """Original URL of the best candidate (or of the closest capture)."""
        pick = self.best or self.closest
        return pick.original_url if pick else None

    @property
    def archive_url(self) -> str | None:
        """Replay URL of the best candidate (or of the closest capture)."""
        pick = self.best or self.closest
        return pick.archive_url if pick else None

    @property
    def archive_timestamp(self) -> str | None:
        """Capture timestamp of the best candidate (or of the closest capture)."""
        pick = self.best or self.closest
        return pick.timestamp if pick else None

    @property
    def match_score(self) -> float | None:
        """Score of the best candidate, None when nothing was scored."""
        return self.best.score if self.best else None


@dataclass
class CheckSummary:
    """Counts for the summary line of ``provenance check``."""

    total: int = 0  # references considered
    checked: int = 0  # references given a verdict in this run
    skipped: int = 0  # already had a final verdict (resume), not re-checked
    verdicts: dict[str, int] = field(default_factory=dict)  # this run's verdicts
    queries: int = 0  # distinct CDX/TimeMap queries needed (after coalescing)
    requests: int = 0  # network requests made
    cache_hits: int = 0
    breaker_open: list[str] = field(default_factory=list)  # archive hosts given up this run
    interrupted: bool = False
    errors: list[str] = field(default_factory=list)  # one line each
    left: int = 0  # not checked: the request budget (--max-requests) ran out
    not_cached: int = 0  # not checked: --offline and nothing cached for them
    causes: list[tuple[int, str]] = field(default_factory=list)  # (references, failure cause)

    def __str__(self) -> str:
        parts = [f"{n} {v}" for v, n in sorted(self.verdicts.items()) if n]
        text = (
            f"{self.checked} of {self.total} references checked"
            f" ({', '.join(parts) or ('none finished' if self.interrupted else 'nothing new')});"
            f" {self.skipped} already done;"
            f" {self.requests} requests, {self.cache_hits} from cache"
        )
        if self.breaker_open:
            text += f"; gave up on {', '.join(self.breaker_open)} for this run (see above)"
        if self.left:
            text += f"; request budget spent, {self.left} left for the next run"
        if self.interrupted:
            text += "; interrupted (run again to resume)"
        return text


# ---------------------------------------------------------------- linkcheck


class LinkVerdict(str, enum.Enum):
    """What a link check concluded about a URL.

    One check yields ALIVE, REDIRECTED, SOFT_404, BLOCKED, ERROR or FAILING
    (a failure: 4xx/5xx, transport error, redirect loop). DEAD is only ever
    derived from history: N consecutive failures spread over D days.
    """

    ALIVE = "alive"
    REDIRECTED = "redirected"
    FAILING = "failing"
    DEAD = "dead"
    SOFT_404 = "soft-404"
    BLOCKED = "blocked"  # 401/403/429: a bot wall or login, not evidence of death
    ERROR = "error"  # not checked: refused by the private-address guard, invalid URL


@dataclass
class LinkCheck:
    """One check of one URL in one run; appended to the history, never changed."""

    url: str
    verdict: LinkVerdict  # never DEAD: that is derived from history
    checked_at: dt.datetime
    http_status: int | None = None
    final_url: str | None = None
    redirects: list[tuple[str, int]] = field(default_factory=list)  # hops (url, status)
    method: str = "HEAD"  # the request whose answer decided: "HEAD" or "GET"
    elapsed: float = 0.0  # seconds for the whole check (all requests)
    error_kind: str | None = None  # FetchError.kind, "http", "private-address", soft-404 rule...
    reason: str | None = None  # one line for the report
    retry_after: float | None = None
    run_id: int | None = None

    @property
    def is_failure(self) -> bool:
        """True when this check counts towards a dead verdict (failing or soft-404)."""
        return self.verdict in (LinkVerdict.FAILING, LinkVerdict.SOFT_404)


@dataclass(frozen=True)
class LinkUse:
    """Where a URL is used: which document, claim and reference lose a source if it breaks."""

    kind: str  # citation | source | archive | outlet-home | document | document-original
    document_id: int | None = None
    claim_id: int | None = None
    reference_id: int | None = None
    outlet_id: str | None = None
    cited_date: str | None = None  # ISO date of the reference (or the document's publication)
    document: str | None = None  # document path, for reports
    claim_text: str | None = None
    claim_number: int | None = None  # its place among the document's claims, as reports say


@dataclass
class LinkStatus:
    """A URL's current state, derived from its whole history after a run."""

    url: str
    verdict: LinkVerdict | None  # None: no check yet outside outage runs ("unchecked")
    previous: LinkVerdict | None = None  # derived from the history before this run
    last: LinkCheck | None = None
    consecutive_failures: int = 0
    first_failed_at: dt.datetime | None = None
    replacement_url: str | None = None  # archive capture closest to the cited date
    moved_to: str | None = None  # the outlet's current domain when the URL's domain is former
    uses: list[LinkUse] = field(default_factory=list)

    @property
    def broken(self) -> bool:
        """True for the confirmed-broken verdicts (dead, soft-404)."""
        return self.verdict in BROKEN_VERDICTS

    @property
    def newly_broken(self) -> bool:
        """True when the link became dead or soft-404 in this run."""
        return self.broken and self.previous not in BROKEN_VERDICTS

    @property
    def recovered(self) -> bool:
        """True when a failing, dead or soft-404 link answers again."""
        return self.verdict in OK_VERDICTS and self.previous in FAILED_VERDICTS


BROKEN_VERDICTS = frozenset({LinkVerdict.DEAD, LinkVerdict.SOFT_404})
FAILED_VERDICTS = frozenset({LinkVerdict.DEAD, LinkVerdict.SOFT_404, LinkVerdict.FAILING})
OK_VERDICTS = frozenset({LinkVerdict.ALIVE, LinkVerdict.REDIRECTED})


@dataclass
class LinkRunSummary:
    """What ``provenance linkcheck`` did: counts, per-URL states and the trend."""

    run_id: int
    started_at: dt.datetime
    finished_at: dt.datetime | None = None
    resumed: bool = False  # continued an unfinished run of the same UTC day
    total: int = 0  # URLs known
    checked: int = 0  # URLs checked by this invocation
    skipped: int = 0  # already checked earlier in the resumed run
    deferred: int = 0  # not checked: the host asked to wait too long (Retry-After)
    network_checks: int = 0  # checks that reached the network (guard refusals excluded)
    transport_failures: int = 0  # dns, refused, tls, timeout, reset, other
    outage: bool = False
    dead_after: int = 3
    dead_days: int = 3
    counts: dict[str, int] = field(default_factory=dict)  # verdict value -> URLs
    links: list[LinkStatus] = field(default_factory=list)
    trend: list[tuple[str, dict[str, int]]] = field(
        default_factory=list
    )  # (date, counts), oldest first
    report_path: str | None = None  # its report, when ``run_linkcheck`` wrote it

    @property
    def newly_broken(self) -> list[LinkStatus]:
        """Links that became dead or soft-404 in this run."""
        return [s for s in self.links if s.newly_broken]

    @property
    def recovered(self) -> list[LinkStatus]:
        """Links that answer again after failing."""
        return [s for s in self.links if s.recovered]
