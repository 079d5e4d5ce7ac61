"""The links of a document, sorted for finding the link that overlaps an outlet or a date."""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from ..models import Link


class LinkIndex:
    """Links sorted by start, for finding the link that overlaps an outlet."""

    def __init__(self, links: Sequence[Link] = ()):
        """Index ``links`` (any order)."""
        self.links = sorted(links, key=lambda link: (link.start, link.end))
        self.starts = [link.start for link in self.links]

    def url_for(self, start: int, end: int) -> str | None:
        """The URL of a link overlapping ``[start, end)``, or None."""
        i = bisect.bisect_left(self.starts, end)
        for link in reversed(self.links[max(0, i - 4) : i]):
            if link.end > start:
                return link.url
        return None
