"""Resolve stage: match outlet names as written in citations to the bundled outlet registry."""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
from collections.abc import Iterable, Iterator
from typing import Any

from ...errors import ConfigError
from ...models import GENERIC_METHOD, Outlet, Reference, Resolution
from .. import accounts
from . import bodies, services
from .eras import Eras, era_bounds, era_of

# Names as written: the key they match on, and the hosts in them (names.py).
from .names import _extractor as _extractor
from .names import citing_publisher as citing_publisher
from .names import is_public_suffix
from .names import normalise_name as normalise_name
from .names import registrable_domain as registrable_domain
from .names import split_host as split_host

# Loading the registry is registry.py's work; these names stay importable from here.
from .registry import BUNDLED as BUNDLED
from .registry import LOCAL_OVERRIDE as LOCAL_OVERRIDE
from .registry import OUTLET_COLUMNS as OUTLET_COLUMNS
from .registry import RSP_CODES as RSP_CODES
from .registry import load_registry as load_registry
from .registry import merge_entries as merge_entries
from .registry import outlet_from_dict as outlet_from_dict
from .registry import outlet_to_dict as outlet_to_dict
from .registry import registry_for as registry_for
from .registry import registry_rows as registry_rows
from .registry import title_site
from .spelling import SpellingIndex

#: ``Resolution.method`` of a name matched by its romanisation (``spelling.romanised_key``).
SPELLING_METHOD = "spelling"
#: ``Resolution.method`` of a name read as an owner and its part, "RFE/RL's Russian
#: Service" or "Kommersant's Vlast" (``services.owned_part``).
OWNER_METHOD = "owner"
#: ``Resolution.method`` of a state body named in another form than its aliases
#: ("Russia's Defense Ministry" for "Russian Defense Ministry": ``bodies.body_key``).
BODY_METHOD = "body"
#: ``Resolution.method`` of an account on a platform the registry cannot place further
#: ("Telegram channel of the Defense Ministry"): the platform, and nothing to look up.
PLATFORM_METHOD = "platform"
#: ``Resolution.method`` of an outlet cited by its own account on a platform ("Kremlin
#: YouTube channel", "(Kommersant, Telegram, …)"): the outlet is the source, and the check
#: searches its site (or the account's address, when the citation gives a handle).
CHANNEL_METHOD = "channel"

LOGGER = logging.getLogger(__name__)

#: Source kinds that name no outlet (``Reference.source_kind``): they resolve to "generic".
GENERIC_KINDS = frozenset({"generic", "interview"})
#: Resolutions memoised per registry before the memo is emptied (bounds memory on huge corpora).
CACHE_MAX = 200_000

#: A Chinese paper's edition after its name: 人民日报海外版 is 人民日报's (People's Daily).
CJK_EDITION_RE = re.compile(r"[·・]?(?:海外|英文|中文|国际|网络|电子|手机)版$")
# A bracketed qualifier: "Asia-Plus [Dushanbe]", "Ministry of Defense of Tajikistan (MoD)".
BRACKETED_RE = re.compile(r"\s*[(\[]([^()\[\]]*)[)\]]\s*")


class Registry:
    """The outlet registry with its lookup indexes and a memo of resolutions."""

    def __init__(self, outlets: Iterable[Outlet]):
        """Index ``outlets`` by id, normalised alias and domain.

        Args:
            outlets: registry entries; ids, aliases and domains must not clash.

        Raises:
            ConfigError: two entries share an id, a normalised alias or a domain.
        """
        self.outlets: dict[str, Outlet] = {}
        self._aliases: dict[str, Outlet] = {}
        self._domains: dict[str, list[tuple[Outlet, str | None]]] = {}
        self._memo: dict[tuple[Any, ...], Resolution] = {}
        self._matches: dict[tuple[str, str | None], tuple[Outlet | None, str, str | None]] = {}
        self._by_reference: dict[tuple[Any, ...], Resolution] = {}
        self._bounds: dict[tuple[str, str | None, str | None], tuple[str, ...]] = {}
        self._eras = Eras(self.outlets)  # entries as they were on a date (``as_of``)
        for outlet in outlets:
            self._add(outlet)
        for outlet in self.outlets.values():
            # Display names match too, but never take a key that is another outlet's alias.
            self._aliases.setdefault(normalise_name(outlet.name), outlet)

    def _add(self, outlet: Outlet) -> None:
        if outlet.id in self.outlets:
            raise ConfigError(f"outlet registry: duplicate id {outlet.id!r}")
        self.outlets[outlet.id] = outlet
        for written in outlet.aliases:
            other = self._aliases.setdefault(normalise_name(written), outlet)
            if other is not outlet:
                raise ConfigError(
                    f"outlet registry: alias {written!r} of {outlet.id!r} is already {other.id!r}'s"
                )
        for d in outlet.domains:
            claims = self._domains.setdefault(d.domain, [])
            if any(d.path == path for _, path in claims):
                raise ConfigError(f"outlet registry: domain {d.domain!r} claimed twice")
            claims.append((outlet, d.path))
            claims.sort(key=lambda claim: claim[1] is None)  # bbc.com/russian before bbc.com

    @functools.cached_property
    def _spellings(self) -> SpellingIndex[Outlet]:
        """Every alias and name by its romanised key: built when a name first misses."""
        return SpellingIndex(
            (normalise_name(written), outlet)
            for outlet in self.outlets.values()
            for written in (*outlet.aliases, outlet.name)
        )

    def _on_platform(self, platform: str, name: str | None) -> tuple[Outlet | None, str]:
        """The outlet ``name`` names on ``platform`` (its channel there, else the outlet
        itself), else the platform."""
        host = self._aliases.get(platform)
        if host is None or not host.is_platform:
            return None, PLATFORM_METHOD
        hosts = {d.domain for d in host.domains}
        owner = None
        if name:
            key = normalise_name(name)
            owner = self._aliases.get(key) or self._spelled(name, key) or self._bodies.get(key)
        if owner is not None and any(d.domain in hosts for d in owner.domains):
            return owner, "alias"  # a channel the registry knows on that platform
        if owner is not None and not owner.is_platform:
            return owner, CHANNEL_METHOD  # "Kremlin YouTube channel": the Kremlin says it
        return host, PLATFORM_METHOD

    @functools.cached_property
    def _owners(self) -> services.OwnerIndex[Outlet]:
        """Language services and titles by their owner: built when a name first misses."""
        return services.OwnerIndex(self.outlets.values(), self._aliases, self.family)

    @functools.cached_property
    def _bodies(self) -> bodies.BodyIndex[Outlet]:
        """State bodies by (country, body): built when a name first misses."""
        return bodies.BodyIndex(
            (normalise_name(written), outlet)
            for outlet in self.outlets.values()
            for written in (outlet.name, *outlet.aliases)
        )

    def _owned(self, key: str) -> Outlet | None:
        """The outlet a name reads as through its owner (``services``), else None."""
        split = services.owned_part(key)
        if split is None:
            return None
        owner = self._aliases.get(split[0]) or self._spelled(split[0], split[0])
        return None if owner is None else self._owners.part(owner, *split)

    def _spelled(self, written: str, key: str) -> Outlet | None:
        """The outlet ``written`` names in another romanisation (``SpellingIndex``)."""
        outlet = self._spellings.get(key)
        if outlet is None and BRACKETED_RE.search(written):
            outlet = self._spellings.get(normalise_name(BRACKETED_RE.sub(" ", written)))
        return outlet

    def __iter__(self) -> Iterator[Outlet]:
        return iter(self.outlets.values())

    def __len__(self) -> int:
        return len(self.outlets)

    def get(self, outlet_id: str) -> Outlet | None:
        """The outlet with this id, or None."""
        return self.outlets.get(outlet_id)

    def as_of(self, outlet: Outlet | None, when: dt.date | str | None) -> Outlet | None:
        """``outlet`` as it was on ``when`` (``eras.Eras.as_of``): its category then."""
        return self._eras.as_of(outlet, when)

    def family(self, outlet: Outlet) -> Outlet:
        """The root of ``outlet``'s ``parent`` chain (Radio Ozodi -> RFE/RL)."""
        seen = {outlet.id}
        while outlet.parent and outlet.parent in self.outlets and outlet.parent not in seen:
            outlet = self.outlets[outlet.parent]
            seen.add(outlet.id)
        return outlet

    def by_host(self, host: str, path: str = "") -> Outlet | None:
        """The outlet owning ``host`` or its closest registered parent domain.

        ``rus.ozodi.org`` finds Radio Ozodi through ``ozodi.org``; a domain entry with a
        ``path`` (BBC Russian on bbc.com/russian) only matches URLs under that path. A
        parent that is a public suffix (a portal's gov.cn, gov.kz) owns no other host.

        Args:
            host: lowercase host without "www.".
            path: the URL path, "" when only a name was written.

        Returns:
            The outlet, or None.
        """
        labels = host.split(".")
        for i in range(len(labels) - 1):
            entries = self._domains.get(parent := ".".join(labels[i:]))
            if not entries:
                continue
            if i and is_public_suffix(parent):
                return None  # the State Council's gov.cn owns www.gov.cn, not ndrc.gov.cn
            for outlet, prefix in entries:
                if prefix is None or path == prefix or path.startswith(prefix.rstrip("/") + "/"):
                    return outlet
        return None

    def resolve(
        self,
        written: str,
        *,
        url: str | None = None,
        when: dt.date | None = None,
        publisher: str | None = None,
    ) -> Resolution:
        """Resolve an outlet as written in a citation.

        Args:
            written: the outlet as written, e.g. ``"News.tj"``, ``"Радио Озоди"``.
            url: the URL of a link wrapping the reference, if any.
            when: the cited date, to pick the domain the outlet used then.
            publisher: the citing document's publisher, for self-citation.

        Returns:
            The Resolution (memoised: equal arguments give the same object).
        """
        key = (written, url, when, publisher)
        hit = self._memo.get(key)
        if hit is not None:
            return hit
        outlet, method, host = self._match(written, url)
        domain = host
        if outlet is not None:
            domain = self._own_host(outlet, host, url) or _account_host(method, url)
            domain = domain or title_site(outlet, self).domain_on(when)
        own = self._match(publisher, None)[0] if publisher else None
        self_citation = (
            outlet is not None and own is not None and self.family(outlet) is self.family(own)
        )
        res = Resolution(written, self.as_of(outlet, when), domain, method, self_citation)
        if len(self._memo) >= CACHE_MAX:
            self._memo.clear()
        self._memo[key] = res
        return res

    def resolve_reference(self, ref: Reference, publisher: str | None = None) -> Resolution:
        """Resolve a citation's reference: ``resolve`` of its outlet, URL and cited date.

        The scan calls this once per reference. The answer is memoised per outlet as
        written, URL, publisher and *era*: the cited date only picks among the outlet's
        dated domains, so dates between the same domain boundaries (most outlets have
        none) share one answer, and no date needs building.

        Args:
            ref: the reference.
            publisher: the citing document's publisher, for self-citation.

        Returns:
            What ``resolve(ref.outlet, url=ref.url, when=<cited date>, publisher=publisher)``
            returns.
        """
        if ref.source_kind in GENERIC_KINDS:
            # "local media", "author's interview": no outlet to find, by design
            return Resolution(ref.outlet, None, None, GENERIC_METHOD)
        key = (ref.outlet, ref.url, publisher)
        hit = self._by_reference.get(key)  # an undated outlet's answer: under the key alone
        if hit is None:  # inline, as the rest: a call costs a scan 0.13 M instructions a document
            bounds = self._bounds.get(key)
            if bounds is None:
                outlet, _, host = self._match(ref.outlet, ref.url)
                dated = outlet is not None and not self._own_host(outlet, host, ref.url)
                bounds = self._bounds[key] = era_bounds(title_site(outlet, self)) if dated else ()
            when = None
            memo_key: tuple[Any, ...] = key
            if bounds:
                when = ref.date.as_date() if ref.date else None
                memo_key = (key, None if when is None else era_of(when.isoformat(), bounds))
                hit = self._by_reference.get(memo_key)
            if hit is None:
                hit = self.resolve(ref.outlet, url=ref.url, when=when, publisher=publisher)
                if len(self._by_reference) >= CACHE_MAX:
                    self._by_reference.clear()
                    self._bounds.clear()
                self._by_reference[memo_key] = hit
        if hit.outlet is not None and hit.outlet.categories:  # Gazeta.ru, private until 2020
            hit = self._eras.then(hit, ref.date.iso if ref.date else None)
        return hit

    def _own_host(self, outlet: Outlet, host: str | None, url: str | None) -> str | None:
        """The host written (or linked) when it belongs to ``outlet``, else None."""
        linked = split_host(url) if url else None
        for candidate in ((host, ""), linked):
            if candidate and candidate[0] and self.by_host(*candidate) is outlet:
                return candidate[0]
        return None

    def _match(self, written: str, url: str | None) -> tuple[Outlet | None, str, str | None]:
        """Memoised cascade: ``(outlet, method, host as written or linked)``."""
        key = (written, url)
        hit = self._matches.get(key)
        if hit is None:
            hit = self._cascade(written, url)
            if len(self._matches) >= CACHE_MAX:
                self._matches.clear()
            self._matches[key] = hit
        return hit

    def _named_otherwise(self, written: str, key: str) -> tuple[Outlet, str] | None:
        """The outlet and method of a name (no host) in a form its aliases do not list."""
        # 3b. Another romanisation of a name: "Rossiiskaya Gazeta" for "Rossiyskaya Gazeta",
        # with a bracketed qualifier ("Rossiiskaya Gazeta [Moscow]") or without.
        if (outlet := self._spelled(written, key)) is not None:
            return outlet, SPELLING_METHOD
        # 3c. On a platform: "Rybar Telegram channel" is Rybar's channel when the registry
        # has it there, else an account on Telegram that it cannot place.
        if (on := accounts.platform_phrase(key)) is not None:
            outlet, method = self._on_platform(*on)
            if outlet is not None:
                return outlet, method
        # 3d. Through its owner: "RFE/RL's Russian Service" is Radio Svoboda, "Voice of
        # America's Russian Service" VOA itself, "Kommersant's Vlast" Kommersant's.
        if (outlet := self._owned(key)) is not None:
            return outlet, OWNER_METHOD
        # 3e. A state body in another form: "Russia's Defense Ministry", "Ministry of
        # Defense of the Russian Federation" for the alias "Russian Defense Ministry".
        if (outlet := self._bodies.get(key)) is not None:
            return outlet, BODY_METHOD
        return None

    def _cascade(self, written: str, url: str | None) -> tuple[Outlet | None, str, str | None]:
        split = split_host(written)
        host = split[0] if split else None
        # 1. Exact alias after normalisation (Cyrillic and other scripts included).
        key = normalise_name(written)
        outlet = self._aliases.get(key)
        if outlet is None and "版" in key:  # 人民日报海外版: the paper's overseas edition
            outlet = self._aliases.get(CJK_EDITION_RE.sub("", key))
        if outlet is not None:
            return outlet, "alias", host
        # 2. Bracketed qualifiers: the part outside the brackets, then each bracket's content.
        if BRACKETED_RE.search(written):
            parts = [BRACKETED_RE.sub(" ", written), *BRACKETED_RE.findall(written)]
            for part in parts:
                outlet = self._aliases.get(normalise_name(part))
                if outlet is not None:
                    return outlet, "alias", None
                part_split = split_host(part)
                if part_split and (outlet := self.by_host(*part_split)) is not None:
                    return outlet, "domain", part_split[0]
        # 3. A domain-like name or URL as written, its subdomains included.
        if split and (outlet := self.by_host(*split)) is not None:
            return outlet, "domain", host
        found = self._named_otherwise(written, key) if split is None else None  # 3b-3e
        if found is not None and found[1] != PLATFORM_METHOD:
            return found[0], found[1], None
        # 4. The URL of a link or account ("Telegram/@mod_russia"), before a bare platform.
        linked = split_host(url) if url else None
        if linked and (outlet := self.by_host(*linked)) is not None:
            if found is None or not outlet.is_platform:
                return outlet, "url", linked[0]
        if found is not None:
            return found[0], found[1], None
        # 5. Unknown host: keep its registrable domain so reports can still group by site.
        for candidate in (split, linked):
            if candidate and (domain := registrable_domain(candidate[0])):
                return None, "registrable-domain", domain
        return None, "unknown", None  # 6. Nothing known.


def _account_host(method: str, url: str | None) -> str | None:
    """The platform's host of an outlet cited by its account there ("YouTube/@rybar":
    youtube.com, not Rybar's t.me), where the check looks it up."""
    split = split_host(url) if url and method == CHANNEL_METHOD else None
    return split[0] if split else None
