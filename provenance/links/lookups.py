"""Failed archive lookups of a link-check or save run: one line for them all, and a
stop after a few in a row (the archive is down or does not answer)."""

from __future__ import annotations

import logging

from ..errors import FetchError

LOGGER = logging.getLogger(__name__)


class Failures:
    """The run's failed archive lookups: said in one line at the end, not one a URL, and
    after ``threshold`` in a row the archive is not asked again this run."""

    def __init__(self, threshold: int) -> None:
        self.threshold, self.streak, self.count, self.left = max(1, threshold), 0, 0, 0
        self.first: str | None = None

    def asks(self) -> bool:
        """Whether to ask the archive now; a lookup not asked is counted as left."""
        if self.streak < self.threshold:
            return True
        self.left += 1
        return False

    def answered(self) -> None:
        """The archive answered: the failures in a row start again from none."""
        self.streak = 0

    def add(self, source: str, url: str, exc: FetchError) -> None:
        self.streak, self.count = self.streak + 1, self.count + 1
        self.first = self.first or f"{source} lookup for {url} failed: {exc}"

    def say(self) -> None:
        if not self.count:
            return
        more = f" (and {self.count - 1} more)" if self.count > 1 else ""
        left = f"; gave up after {self.streak} in a row, {self.left} left for the next run"
        LOGGER.warning("%s%s%s", self.first, more, left if self.left else "")
