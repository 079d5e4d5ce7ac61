"""Factories for table-driven extraction and date tests: rows list only what differs."""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from provenance.models import CitedDate, Link, Reference

#: The sample article's publication date; the default for extraction tables.
PUBLISHED = dt.date(2016, 11, 17)


class Ref(NamedTuple):
    """What a table row expects of one Reference."""

    outlet: str
    iso: str | None = None
    prefix: str | None = None
    accessed: bool = False
    url: str | None = None


def ref(outlet: str, iso: str | None = None, **overrides: Any) -> Ref:
    """An expected reference: ``ref("News.tj", "2016-10-20", prefix="see")``."""
    return Ref(outlet, iso, **overrides)


def refs(outlet: str, *isos: str | None, **overrides: Any) -> list[Ref]:
    """Several expected references of one outlet.

    ``refs("News.tj", "2016-10-20", "2016-10-21")`` gives two.
    """
    return [Ref(outlet, iso, **overrides) for iso in isos]


def summary(reference: Reference) -> Ref:
    """The comparable summary of an extracted Reference."""
    iso = reference.date.iso if reference.date else None
    return Ref(reference.outlet, iso, reference.prefix, reference.accessed, reference.url)


def cited(
    text: str,
    year: int | None,
    month: int | None = None,
    day: int | None = None,
    **overrides: Any,
) -> CitedDate:
    """An expected CitedDate; ``year_inferred`` and ``anomaly`` default to False/None."""
    return CitedDate(text, year, month, day, **overrides)


def link_on(text: str, needle: str, url: str, occurrence: int = 0) -> Link:
    """A Link covering the ``occurrence``-th appearance of ``needle`` in ``text``."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    return Link(start, start + len(needle), url, needle)


def scan_markdown(tmp_path: Any, body: str, date: str = "2016-11-17", title: str = "") -> Any:
    """Scan ``tmp_path/a.md`` (front matter with ``date`` and ``title``, then ``body``)
    into ``tmp_path/p.db`` and ``tmp_path/r``; returns the run's Settings."""
    from provenance import pipeline
    from provenance.config import Settings

    front = f"date: {date}\n" + (f"title: {title}\n" if title else "")
    (tmp_path / "a.md").write_text(f"---\n{front}---\n\n{body}\n", encoding="utf-8")
    settings = Settings(db=str(tmp_path / "p.db"), reports=str(tmp_path / "r"))
    pipeline.scan([tmp_path / "a.md"], settings)
    return settings


def report_of(tmp_path: Any) -> str:
    """The text of the one document report ``scan_markdown`` wrote."""
    (path,) = [p for p in (tmp_path / "r").glob("*.md") if p.name != "index.md"]
    return path.read_text(encoding="utf-8")
