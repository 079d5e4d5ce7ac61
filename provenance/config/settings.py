"""The settings of a run, declared once: each field's default, help text and lowest value."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

LOGGER = logging.getLogger(__name__)

VERSION = "0.1.0"  # the package's version (pyproject.toml says the same; a test checks)

IA_CDX_URL = "https://web.archive.org/cdx/search/cdx"
IA_REPLAY_URL = "https://web.archive.org/web"
IA_AVAILABILITY_URL = "https://archive.org/wayback/available"
IA_SPN_URL = "https://web.archive.org/save"
CONTACT_URL = "https://github.com/provenance-tool/provenance"
CC_INDEX_URL = "https://index.commoncrawl.org"
CC_DATA_URL = "https://data.commoncrawl.org"
ARCHIVE_KINDS = ("ia-cdx", "pywb-cdx", "commoncrawl", "memento-timemap")
ARCHIVE_KEYS = frozenset(
    {
        "name",
        "kind",
        "url",
        "cdx",
        "replay",
        "timemap",
        "data",
        "rate",
        "trust",
        "window_after_days",
    }
)


@dataclass(frozen=True)
class ArchiveSpec:
    """One archive asked for sources: its kind, endpoints, rate limit and trust.

    ``url`` is the base the endpoints derive from (``<url>/cdx`` for pywb,
    ``<url>/timemap/link/<URL>`` for Memento, ``<url>/collinfo.json`` for Common Crawl);
    ``cdx``, ``replay``, ``timemap`` and ``data`` override single endpoints. ``rate`` is
    seconds between requests to the archive's hosts (None: ``rate_limits``); a
    candidate from it counts as verified when score x ``trust`` reaches the threshold.
    """

    name: str
    kind: str
    url: str = ""
    cdx: str | None = None
    replay: str | None = None
    timemap: str | None = None
    data: str | None = None
    rate: float | None = None
    trust: float = 1.0
    window_after_days: int | None = None  # wider capture window (Common Crawl crawls monthly)


#: Archives that need no URL: ``ia`` is the one cdx_url / replay_url / memento_url describe.
ARCHIVE_PRESETS: dict[str, ArchiveSpec] = {
    "ia": ArchiveSpec("ia", "ia-cdx"),
    "commoncrawl": ArchiveSpec(
        "commoncrawl",
        "commoncrawl",
        CC_INDEX_URL,
        data=CC_DATA_URL,
        rate=2.0,
        window_after_days=60,
    ),
}


@dataclass(frozen=True)
class Settings:
    """Every option of a provenance run. Build one with ``load_settings``."""

    db: str = "db/provenance.db"
    reports: str = "reports"
    strict: bool = False
    exclude: tuple[str, ...] = ()  # globs a scan leaves out (besides its own outputs)
    db_timeout: float = 60.0  # seconds to wait for another run's write to the database
    jobs: int = 0  # processes a scan reads and renders documents in (0: one per CPU, up to 4)
    # --- archives (check)
    cdx_url: str = IA_CDX_URL
    replay_url: str = IA_REPLAY_URL
    availability_url: str = IA_AVAILABILITY_URL
    memento_url: str | None = None  # a TimeGate/TimeMap base, e.g. http://127.0.0.1:8080/coll
    archives: tuple[ArchiveSpec, ...] = ()  # asked in order; empty: the one above ("ia")
    window_before_days: int = 1
    window_after_days: int = 3
    max_candidates: int = 5  # candidate pages fetched per reference
    verify_threshold: float = 0.6
    content_check: bool = False  # also read the page of a reference that carries its URL
    max_requests: int = 0  # archive requests per run (0: no limit); the rest waits
    refresh: bool = False
    offline: bool = False
    no_archive: bool = False  # linkcheck: no replacement suggestions from the archive
    # --- politeness (check and linkcheck)
    user_agent: str = f"provenance/0.1 (+{CONTACT_URL})"
    timeout: float = 20.0
    rate_limits: dict[str, float] = field(
        default_factory=lambda: {"web.archive.org": 2.5, "archive.org": 2.5}
    )  # seconds between requests, per host
    host_concurrency: int = 2
    global_concurrency: int = 16
    max_retries: int = 3
    breaker_threshold: int = 3  # 429s, or requests without an answer, in a row: given up
    max_body_bytes: int = 5_000_000
    allow_private: bool = False
    allow_hosts: tuple[str, ...] = ()  # HOST[:PORT] entries let past the SSRF guard
    allow_nets: tuple[str, ...] = ()  # CIDR networks let past the SSRF guard
    # --- linkcheck
    link_delay: float = 1.0  # seconds between requests to one live host
    dead_after: int = 3
    dead_days: int = 3
    fail_on: str = "new"  # new | any | never
    outage_ratio: float = 0.9
    outlets: str | None = None  # outlet entries merged over the bundled registry (JSON)
    # --- save (Save Page Now 2)
    spn_url: str = IA_SPN_URL
    save_days: int = 30  # a capture this close to the cited date (or a save this recent) is enough
    save_poll: float = 5.0  # seconds between job status polls
    save_job_timeout: float = 600.0  # a job still pending after this is left (checked next run)


HELP: dict[str, str] = {
    "db": "SQLite database file.",
    "reports": "Directory the Markdown reports are written to.",
    "strict": "Exit non-zero when any document fails.",
    "exclude": "Glob of files or folders a scan leaves out (repeatable); with a / it "
    "matches the path from the working directory.",
    "db_timeout": "Seconds to wait while another run writes to the database.",
    "jobs": "Processes that read, scan and render documents (0: one per CPU, at most 4; "
    "1: no worker processes).",
    "cdx_url": "CDX endpoint (Internet Archive JSON or pywb NDJSON).",
    "replay_url": "Replay base; captures are fetched as <replay_url>/<ts>id_/<url>.",
    "availability_url": "Wayback availability API endpoint.",
    "memento_url": "Memento TimeGate/TimeMap base of any Memento archive or aggregator.",
    "archives": "Archives asked in order, e.g. ia,commoncrawl,pywb-cdx=http://host/coll.",
    "window_before_days": "Days before the cited date to search captures in.",
    "window_after_days": "Days after the cited date to search captures in.",
    "max_candidates": "Candidate captures fetched and scored per reference.",
    "verify_threshold": "Score from which a candidate counts as verified.",
    "content_check": "Also read (and score) the capture of a reference that carries its URL.",
    "max_requests": "Archive requests per run (0: no limit); the rest is checked next run.",
    "refresh": "Bypass the archive response cache.",
    "offline": "Answer from the cache only; never touch the network.",
    "offline_links": "Ask no archive for replacement suggestions (cached ones still show).",
    "no_archive": "Suggest no archive replacements for broken links at all.",
    "user_agent": "User-Agent header sent with every request.",
    "timeout": "Seconds before a request times out.",
    "rate_limits": "Seconds between requests per host, e.g. web.archive.org=2.5.",
    "host_concurrency": "Concurrent requests per host.",
    "global_concurrency": "Concurrent requests in all.",
    "max_retries": "Retries after a 429, a 5xx, a timeout or a reset (Retry-After honoured).",
    "breaker_threshold": "Consecutive 429s, or requests without an answer, before an archive "
    "host is given up for the run.",
    "max_body_bytes": "Largest response body read.",
    "allow_private": "Allow document URLs that resolve to private or loopback addresses.",
    "allow_hosts": "HOST[:PORT] that document URLs may reach though private (repeatable).",
    "allow_nets": "CIDR network that document URLs may reach though private (repeatable).",
    "link_delay": "Seconds between link-check requests to one host.",
    "dead_after": "Consecutive failures before a link is dead.",
    "dead_days": "Days the failures must span before a link is dead.",
    "fail_on": "When linkcheck exits 2: new, any or never.",
    "outage_ratio": "Share of failed checks from which a run counts as a network outage.",
    "outlets": "Your outlet entries (JSON) merged over the bundled registry.",
    "spn_url": "Save Page Now 2 endpoint (POST <spn_url>, GET <spn_url>/status/<job>).",
    "save_days": "Save a cited URL without a capture this many days around its cited date.",
    "save_poll": "Seconds between Save Page Now job status polls.",
    "save_job_timeout": "Seconds a Save Page Now job may stay pending before it is left.",
}


#: Lowest accepted value of numeric settings (flags, environment and files alike).
RANGES: dict[str, float] = {
    "window_before_days": 0,
    "window_after_days": 0,
    "max_candidates": 1,
    "verify_threshold": 0.0,
    "max_requests": 0,
    "timeout": 0.1,
    "db_timeout": 0.0,
    "jobs": 0,
    "host_concurrency": 1,
    "global_concurrency": 1,
    "max_retries": 0,
    "breaker_threshold": 1,
    "max_body_bytes": 1024,
    "link_delay": 0.0,
    "dead_after": 1,
    "dead_days": 0,
    "outage_ratio": 0.0,
    "save_days": 1,
    "save_poll": 0.0,
    "save_job_timeout": 1.0,
}


DEFAULT_SETTINGS = Settings()
