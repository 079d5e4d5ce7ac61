"""``provenance outlet NAME``: how names resolve in the registry, as text or JSON records.

An editor who reads "Outlets not in the registry: Mongolia's Defense Ministry" in a
report wants to know why, and after adding an entry to ``outlets.local.json``, whether
it now matches. This says, for each name: the entry it resolves to, how it matched
(alias, romanisation, owner, state body, domain...), the domain the check would search
for a cited date, and the facts the entry rests on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from ..models import CategoryPeriod, Outlet, Resolution

__all__ = ["describe", "record"]

#: How each ``Resolution.method`` is said.
MATCHED = {
    "alias": "by its alias",
    "spelling": "in another romanisation",
    "owner": "through its owner",
    "body": "as a state body in another form",
    "platform": "as a platform",
    "channel": "by its account on a platform",
    "domain": "by its domain",
    "url": "by its address (a link, or an account's: Telegram/@mod_russia)",
}


def describe(
    res: Resolution,
    when: dt.date | None,
    parent: Outlet | None = None,
    close: Sequence[Outlet] = (),
) -> list[str]:
    """The lines for one name: the entry and how it matched, then its facts indented.

    Args:
        res: the name's resolution.
        when: the cited date asked about, if any (it picks the domain).
        parent: the entry's parent outlet, when it has one.
        close: for a name not in the registry, the entries with the closest names.
    """
    outlet = res.outlet
    if outlet is None:
        site = f"; its site {res.domain}" if res.domain else ""
        lines = [f"{res.written}: not in the registry{site}"]
        if close:
            lines.append("  close: " + ", ".join(f"{o.name} [{o.id}]" for o in close))
        return lines
    how = MATCHED.get(res.method, res.method)
    lines = [f"{res.written}: {outlet.name} [{outlet.id}], {how}"]
    facts = [outlet.category.value, outlet.country, outlet.owner and f"owner {outlet.owner}"]
    lines.append("  " + "; ".join(f for f in facts if f))
    searched = _searched(outlet, res.domain)
    if when:
        lines.append(f"  domain searched for a citation of {when.isoformat()}: {searched}")
    else:
        lines.append(f"  domain (give --date for a cited day's): {searched}")
    own = ", ".join(_domain(d) for d in outlet.domains)
    none = "none of its own (its parent's are searched)" if outlet.parent else "none known"
    lines.append("  domains: " + (own or none))
    if parent is not None:
        lines.append(f"  part of: {parent.name} [{parent.id}]")
    if outlet.status:
        lines.append("  status: " + "; ".join(s.describe() for s in outlet.status))
    if outlet.categories:  # "category by date: independent until 2020-06"
        lines.append("  category by date: " + "; ".join(map(_period, outlet.categories)))
    if outlet.sources:
        lines.append("  sources: " + " ".join(outlet.sources))
    return lines


def record(res: Resolution, when: dt.date | None, close: Sequence[Outlet] = ()) -> dict[str, Any]:
    """One JSON-ready record for a name (``close``: as for :func:`describe`)."""
    outlet = res.outlet
    return {
        "written": res.written,
        "outlet_id": outlet.id if outlet else None,
        "outlet_name": outlet.name if outlet else None,
        "method": res.method,
        "date": when.isoformat() if when else None,
        "domain": res.domain,
        "category": outlet.category.value if outlet else None,
        "parent": outlet.parent if outlet else None,
        "sources": list(outlet.sources) if outlet else [],
        "close": [o.id for o in close],
    }


def _searched(outlet: Outlet, domain: str | None) -> str:
    """The domain, with the path the check searches under when the outlet holds only a
    path of it (a Telegram channel: t.me/rybar/)."""
    paths = [d.path for d in outlet.domains if d.domain == domain and d.path]
    return f"{domain}{paths[0]}/" if domain and paths else domain or "—"


def _period(period: CategoryPeriod) -> str:
    ends = [
        f"since {period.since}" if period.since else "",
        f"until {period.until}" if period.until else "",
    ]
    return " ".join([period.category.value, *filter(None, ends)])


def _domain(d: Any) -> str:
    text = d.domain + (d.path or "")
    if d.since and d.until:
        span = f"{d.since} to {d.until}"
    else:
        span = f"since {d.since}" if d.since else f"until {d.until}" if d.until else ""
    notes = [x for x in (d.role, span, "former" if not d.is_current else None) if x]
    return f"{text} ({', '.join(notes)})" if notes else text
