"""Dates written in URLs: ``/2016/10/20/``, ``/20161020/``, ``/2020-03/05/``.

A citation that gives only a link ("(https://www.vedomosti.ru/politics/articles/2020/03/05/…)",
or an endnote that is a URL) names no date in words, but news sites write the day in the
path. The scan dates such a reference by its URL; the archive check ranks captures by the
date in their URLs. Both read it here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

#: A year, month and day in a URL: with or without separators between them
#: (``/2016/10/20/``, ``20161020``, ``2016-02/26``); the day in one digit between slashes
#: (Ukrainska Pravda's ``/2020/03/5/``); or day, month and year between slashes (RBC's
#: ``/05/03/2020/``).
URL_DATE_RE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d\d)[/_.-]?(?P<m>0[1-9]|1[0-2])[/_.-]?(?P<d>0[1-9]|[12]\d|3[01])(?!\d)"
    r"|(?<=/)(?P<y1>(?:19|20)\d\d)/(?P<m1>0[1-9]|1[0-2])/(?P<d1>[1-9])(?=/)"
    r"|(?<=/)(?P<d2>0[1-9]|[12]\d|3[01])/(?P<m2>0[1-9]|1[0-2])/(?P<y2>(?:19|20)\d\d)(?=/)"
)


def url_dates(text: str) -> list[dt.date]:
    """The dates written in a URL (or its path and query): ``/2016/10/20/``, ``/20161020/``.

    Args:
        text: an original (not archive) URL, or a part of one.

    Returns:
        Every valid date in order of appearance (``/2016/02/30/`` is skipped).
    """
    return [day for _, day in _written(text)]


def url_date(url: str) -> dt.date | None:
    """The date in a URL path: ``/2016/10/20/``, ``/20161020/`` or ``/2016-02/26/``.

    Args:
        url: an original (not archive) URL.

    Returns:
        The first valid date, or None.
    """
    return next((day for _, day in _written(url)), None)


def written_url_date(url: str) -> tuple[str, dt.date] | None:
    """The first valid date in a URL, with the characters it is written in
    (``("2020/03/05", 2020-03-05)``); None when the URL holds none."""
    return next(_written(url), None)


def is_url_date(text: str | None, url: str | None) -> bool:
    """Whether a reference's date as written (``text``) is the date its URL gives: the
    scan read it from the link, since the citation wrote none beside it."""
    if not (text and url and text in url):
        return False
    found = written_url_date(url)
    return found is not None and found[0] == text


def _written(text: str) -> Iterator[tuple[str, dt.date]]:
    """Each valid date of ``text`` with the characters it is written in."""
    for m in URL_DATE_RE.finditer(text):
        y, mo, d = m.group("y", "m", "d") if m["y"] else m.group("y1", "m1", "d1")
        if y is None:
            y, mo, d = m.group("y2", "m2", "d2")
        try:
            yield m.group(0), dt.date(int(y), int(mo), int(d))
        except ValueError:
            continue
