"""The archives a check asks, in order: per-archive endpoints, limits, trust and the fallback loop.

``settings.archives`` lists them (empty: the one archive ``cdx_url``/``replay_url``/
``memento_url`` describe, the Internet Archive by default). Each batch of references goes
to the first archive; the references it left at ``no-captures`` or ``error``, or at
``candidates`` (captures of the outlet that day, none of them the article), go to the
next, and so on. A later archive's verification wins; a failed archive's ``error`` is
never turned into ``no-captures`` by another archive that has nothing, so a fault in one
archive cannot produce a false verdict. Each archive keeps its own rate limit (the
Fetcher's per-host limits) and its own breaker (per host).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import math
from collections.abc import Callable, Iterable
from typing import Any, Protocol
from urllib.parse import urlsplit

from ..config import (
    ARCHIVE_PRESETS,
    CC_DATA_URL,
    IA_CDX_URL,
    IA_REPLAY_URL,
    ArchiveSpec,
    Settings,
)
from ..models import ReferenceCheck
from ..net.fetch import host_key
from .client import ArchiveClient, trusted_archive_hosts
from .targets import Target

LOGGER = logging.getLogger(__name__)

#: Verdicts a later archive is asked about: the earlier ones found nothing, failed, or found
#: the outlet's pages of the day but not the article (the usual gap a second archive fills).
ASK_NEXT = frozenset({"no-captures", "error", "candidates"})
#: Which verdict wins when two archives disagree: verified (or a URL's capture found), then
#: a failure (retried next run, never hidden by another archive's "nothing"), then
#: candidates, then no captures.
PRECEDENCE = {"verified": 0, "archived": 0, "error": 1, "candidates": 2, "no-captures": 3}
NO_ARCHIVE_NOTE = "no configured archive searches by outlet and date (Memento needs a URL)"


class Run(Protocol):
    """What a per-archive check run offers (``run.CheckRun`` and its subclasses)."""

    settings: Settings

    def plan(self, targets: list[Target], depth: int = 0) -> None: ...

    def check_batch(self, batch: list[Target]) -> list[ReferenceCheck]: ...


# ---------------------------------------------------------------- configuration


def archive_list(settings: Settings) -> tuple[ArchiveSpec, ...]:
    """The archives to ask, in order (the ``ia`` preset when none are configured)."""
    return settings.archives or (ARCHIVE_PRESETS["ia"],)


def is_default(settings: Settings) -> bool:
    """True when only the archive of cdx_url/replay_url/memento_url is asked (as before)."""
    specs = archive_list(settings)
    return len(specs) == 1 and specs[0].kind == "ia-cdx" and not (specs[0].url or specs[0].cdx)


def _join(base: str, path: str) -> str:
    return f"{base.rstrip('/')}{path}"


def archive_settings(spec: ArchiveSpec, settings: Settings) -> Settings:
    """The settings one archive's run sees: its endpoints, threshold and window.

    Args:
        spec: the archive.
        settings: the run's settings.

    Returns:
        A copy with cdx_url, replay_url and memento_url set for this archive, the verify
        threshold divided by its trust (trust 0: it never verifies), and its window.
    """
    base = spec.url
    if spec.kind in ("ia-cdx", "pywb-cdx") and not (base or spec.cdx):
        cdx, replay, memento = settings.cdx_url, settings.replay_url, settings.memento_url
    elif spec.kind == "ia-cdx":
        cdx = spec.cdx or _join(base, "/cdx/search/cdx")
        replay, memento = spec.replay or _join(base, "/web"), spec.timemap
    elif spec.kind == "pywb-cdx":
        cdx, replay, memento = spec.cdx or _join(base, "/cdx"), spec.replay or base, spec.timemap
    elif spec.kind == "memento-timemap":
        memento = spec.timemap or base
        cdx, replay = "", spec.replay or memento
    else:  # commoncrawl: the index lists crawls; records come from the data host
        cdx, replay, memento = "", spec.data or CC_DATA_URL, None
    threshold = settings.verify_threshold / spec.trust if spec.trust > 0 else math.inf
    after = settings.window_after_days
    if spec.window_after_days is not None:
        after = max(after, spec.window_after_days)
    return dataclasses.replace(
        settings,
        cdx_url=cdx,
        replay_url=replay,
        memento_url=memento,
        verify_threshold=threshold,
        window_after_days=after,
    )


def primary_settings(settings: Settings) -> Settings:
    """The first archive's settings (the plan line and query counts use them)."""
    return archive_settings(archive_list(settings)[0], settings)


def _hosts(spec: ArchiveSpec, settings: Settings) -> set[str]:
    """The hosts an archive's requests go to."""
    own = archive_settings(spec, settings)
    urls = [own.cdx_url, own.replay_url, own.memento_url, spec.url, spec.data]
    return {host_key(u) for u in urls if u and urlsplit(u).hostname}


def fetch_settings(settings: Settings) -> Settings:
    """The settings for the shared Fetcher: each archive's own rate on its hosts."""
    limits = dict(settings.rate_limits)
    for spec in archive_list(settings):
        if spec.rate is not None:
            limits.update(dict.fromkeys(_hosts(spec, settings), spec.rate))
    return dataclasses.replace(settings, rate_limits=limits)


def trusted_hosts(settings: Settings) -> list[str]:
    """Every configured archive's hosts (trusted: loopback allowed)."""
    hosts = set(trusted_archive_hosts(settings)) if is_default(settings) else set()
    for spec in archive_list(settings):
        hosts |= _hosts(spec, settings)
    return sorted(hosts)


def tag_targets(targets: Iterable[Target], settings: Settings) -> None:
    """Add the archives asked, each by name and endpoints, to each target's key, so a
    changed list re-checks references, and so does a changed endpoint: a wrong
    ``--cdx-url`` put right (its "no-captures" were final). Answers already cached for
    unchanged endpoints are not asked again.

    With the Internet Archive's own endpoints alone the keys stay as they were.
    """
    if is_default(settings) and _internet_archive(settings):
        return
    tag = ",".join(_identity(spec, settings) for spec in archive_list(settings))
    for target in targets:
        target.key += f"|archives={tag}"


def _internet_archive(settings: Settings) -> bool:
    return (settings.cdx_url, settings.replay_url, settings.memento_url) == (
        IA_CDX_URL,
        IA_REPLAY_URL,
        None,
    )


def _identity(spec: ArchiveSpec, settings: Settings) -> str:
    """An archive's name and the endpoints its lookups go to."""
    own = archive_settings(spec, settings)
    urls = (own.cdx_url, own.replay_url, own.memento_url, spec.data)
    return " ".join([spec.name, *(u for u in urls if u)])


# ---------------------------------------------------------------- asking in order


def _serves(spec: ArchiveSpec, target: Target) -> bool:
    """Memento TimeMaps answer for a URL only; the CDX kinds also search by domain and date."""
    return spec.kind != "memento-timemap" or bool(target.url)


def _copy_for(settings: Settings, target: Target) -> Target:
    """A target for one archive: its own queries, and the archive's (wider) window after."""
    window = target.window
    if window and target.date:
        end = target.date + dt.timedelta(days=settings.window_after_days)
        window = (window[0], max(window[1], end))
    return dataclasses.replace(target, window=window, queries=[])


def merge(old: ReferenceCheck | None, new: ReferenceCheck, prefix: bool) -> ReferenceCheck:
    """The verdict of two archives' checks of one reference (see PRECEDENCE)."""
    if prefix and new.error and new.archive:
        new.error = f"{new.archive}: {new.error}"
    if old is None:
        return new
    rank_old, rank_new = PRECEDENCE.get(old.status, 9), PRECEDENCE.get(new.status, 9)
    if old.status == new.status == "error":
        old.error = "; ".join(e for e in (old.error, new.error) if e)
        return old
    return new if rank_new < rank_old else old


class ArchiveRuns:
    """Asks the configured archives in order, one per-archive run each."""

    def __init__(
        self,
        client: ArchiveClient,
        settings: Settings,
        make_run: Callable[[ArchiveClient, Settings], Any],
    ):
        """Build one run per archive.

        Args:
            client: the shared archive client (cache, retries, breaker per host).
            settings: the run's settings.
            make_run: builds the run of a CDX or Memento archive (``run.CheckRun``).
        """
        self.settings = settings
        self.runs: list[tuple[ArchiveSpec, Any]] = []
        for spec in archive_list(settings):
            own = archive_settings(spec, settings)
            if spec.kind == "commoncrawl":
                from .commoncrawl import CommonCrawlRun

                self.runs.append((spec, CommonCrawlRun(client, own, spec)))
            else:
                self.runs.append((spec, make_run(client, own)))
        self._labels: dict[int, str] = {}
        self.named = not is_default(settings)  # the default archive alone is not named

    def label(self, ref_id: int) -> str:
        """Progress text of a reference."""
        return self._labels.get(ref_id, str(ref_id))

    def check_batch(self, batch: list[Target]) -> list[ReferenceCheck]:
        """Check a batch in the first archive, then what it left open in the next ones.

        Args:
            batch: targets (their keys already tagged).

        Returns:
            One ReferenceCheck per target, in order, naming the archive of its evidence.
        """
        self._labels.update({t.ref_id: t.label for t in batch})
        results: dict[int, ReferenceCheck] = {}
        pending = batch
        prefix = len(self.runs) > 1
        for spec, run in self.runs:
            mine = [_copy_for(run.settings, t) for t in pending if _serves(spec, t)]
            if not mine:
                continue
            run.plan(mine)
            for check in run.check_batch(mine):
                check.archive = spec.name
                seen = results.get(check.reference_id)
                asked = [*(seen.archives if seen else []), spec.name]
                results[check.reference_id] = merge(seen, check, prefix)
                results[check.reference_id].archives = asked
            pending = [t for t in pending if _open(results.get(t.ref_id))]
        checks = [results.get(t.ref_id) or _nowhere(t) for t in batch]
        if not self.named:  # stored exactly as before the archive list existed
            for one in checks:
                one.archive, one.archives = None, []
        return checks


def _open(check: ReferenceCheck | None) -> bool:
    """Whether the next archive should be asked about a reference."""
    return check is None or (check.status in ASK_NEXT and not check.note)


def _nowhere(target: Target) -> ReferenceCheck:
    """The verdict of a reference no configured archive can search (a Memento-only list)."""
    return ReferenceCheck(
        reference_id=target.ref_id,
        status=target.nowhere or "no-captures",
        domains=target.domains,
        note=NO_ARCHIVE_NOTE,
        target_key=target.key,
    )
