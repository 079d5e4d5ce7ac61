"""An outlet as it was on a date: the era of its domains, and its category then.

A reference's resolution is memoised per era (``Registry.resolve_reference``): dates that
compare alike with every bound of an outlet's dated domains get the same domains. And an
outlet whose owner changed (``Outlet.categories``) is shown, for a reference, with the
category of the day cited: a copy of the entry, one per outlet and category.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from ...models import Outlet, Resolution


def era_bounds(outlet: Outlet) -> tuple[str, ...]:
    """The ISO (partial) dates at which ``outlet.domains_on`` may change its answer.

    ``domains_on`` compares a date with each domain's ``since`` and ``until`` (a former
    domain's open end being the move date) at their own precision, so two dates that
    compare alike with every bound get the same domains. Empty when no domain is dated.
    """
    found = {b for d in outlet.domains for b in (d.since, d.until) if b is not None}
    return tuple(sorted(found))


def era_of(iso: str, bounds: tuple[str, ...]) -> tuple[int, ...]:
    """How ``iso`` compares (-1, 0, 1) with each bound, at the bound's precision."""
    return tuple((iso[: len(b)] > b) - (iso[: len(b)] < b) for b in bounds)


class Eras:
    """The registry's entries as they were: copies with another category, memoised."""

    def __init__(self, outlets: Mapping[str, Outlet]) -> None:
        self.outlets = outlets  # the registry's, by id (today's entries)
        self._then: dict[tuple[str, Any], Outlet] = {}
        self._resolutions: dict[tuple[int, Any], tuple[Resolution, Resolution]] = {}

    def as_of(self, outlet: Outlet | None, when: dt.date | str | None) -> Outlet | None:
        """``outlet`` as it was on ``when`` (a date or an ISO date, partial or not): a copy
        with that day's category when it had another then (``Outlet.categories``), else
        the entry itself."""
        if outlet is None or not outlet.categories:
            return outlet
        entry = self.outlets.get(outlet.id, outlet)  # as the registry has it, today's
        category = entry.category_on(when)
        if category is entry.category:
            return entry
        key = (entry.id, category)
        then = self._then.get(key)
        if then is None:
            then = self._then[key] = replace(entry, category=category)
        return then

    def then(self, res: Resolution, when: str | None) -> Resolution:
        """``res`` with its outlet as it was on ``when`` (an ISO date, partial or not)."""
        outlet = self.as_of(res.outlet, when)
        if outlet is res.outlet:
            return res
        key = (id(res), outlet.category if outlet is not None else None)
        hit = self._resolutions.get(key)
        if hit is None or hit[0] is not res:  # an id reused after the memo was emptied
            hit = self._resolutions[key] = (res, replace(res, outlet=outlet))
        return hit[1]
