"""A state body named through its country: "Russia's Defense Ministry", "Ministry of
Defense of the Russian Federation", "Ukraine's Foreign Ministry".

English writes one ministry three ways: with the country's adjective ("Russian Defense
Ministry"), with its name in the possessive ("Russia's Defense Ministry"), or after the
body ("Ministry of Defence of the Russian Federation"), and the body itself as "Defense
Ministry", "Ministry of Defense" or "MoD". The registry lists a few of these as aliases.
``body_key`` folds every form to one key, (country, body), and the resolver matches a
name that no alias matched on the key of the registry's own aliases: a key that two
outlets share matches neither, and a body the registry does not have stays unknown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Generic, TypeVar

__all__ = ["BodyIndex", "body_key"]

T = TypeVar("T")

#: Country names and adjectives (casefolded) to one code each.
COUNTRIES = {
    "russia": "ru",
    "russian": "ru",
    "russian federation": "ru",
    "ukraine": "ua",
    "ukrainian": "ua",
    "belarus": "by",
    "belarusian": "by",
    "kazakhstan": "kz",
    "kazakh": "kz",
    "kazakhstani": "kz",
    "kyrgyzstan": "kg",
    "kyrgyz": "kg",
    "tajikistan": "tj",
    "tajik": "tj",
    "tajikistani": "tj",
    "uzbekistan": "uz",
    "uzbek": "uz",
    "turkmenistan": "tm",
    "turkmen": "tm",
    "armenia": "am",
    "armenian": "am",
    "azerbaijan": "az",
    "azerbaijani": "az",
    "georgia": "ge",
    "georgian": "ge",
    "moldova": "md",
    "moldovan": "md",
    "china": "cn",
    "chinese": "cn",
    "prc": "cn",
    "people's republic of china": "cn",
    "turkey": "tr",
    "turkish": "tr",
    "türkiye": "tr",
    "us": "us",
    "u.s.": "us",
    "united states": "us",
    "american": "us",
}
#: Names of a body (casefolded) to one code each.
BODIES = {
    "defense ministry": "defence",
    "defence ministry": "defence",
    "ministry of defense": "defence",
    "ministry of defence": "defence",
    "ministry of national defense": "defence",
    "ministry of national defence": "defence",
    "national defense ministry": "defence",
    "department of defense": "defence",
    "defense department": "defence",
    "defence department": "defence",
    "mod": "defence",
    "foreign ministry": "foreign",
    "ministry of foreign affairs": "foreign",
    "foreign affairs ministry": "foreign",
    "mfa": "foreign",
    "state department": "foreign",
    "department of state": "foreign",
    "president": "president",
    "presidency": "president",
    "presidential administration": "president",
    "office of the president": "president",
    "presidential office": "president",
    "government": "government",
    "interior ministry": "interior",
    "ministry of internal affairs": "interior",
    "ministry of the interior": "interior",
    "ministry of interior": "interior",
    "finance ministry": "finance",
    "ministry of finance": "finance",
    "commerce ministry": "commerce",
    "ministry of commerce": "commerce",
    "mofcom": "commerce",
    "state council": "state-council",
}


def _alternatives(names: dict[str, str]) -> str:
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


_COUNTRY = rf"(?:the )?(?:republic of )?(?P<country>{_alternatives(COUNTRIES)})"
_BODY = rf"(?P<body>{_alternatives(BODIES)})"
FORMS = (
    re.compile(rf"{_COUNTRY}(?:'s?)? {_BODY}"),  # "russian defense ministry", "belarus' mod"
    re.compile(rf"{_BODY} of {_COUNTRY}"),  # "ministry of defence of the russian federation"
)


def body_key(key: str) -> tuple[str, str] | None:
    """``(country, body)`` of a normalised name of a state body, else None.

    Args:
        key: a name as ``normalise_name`` gives it, e.g. ``"russia's defense ministry"``.

    Returns:
        E.g. ``("ru", "defence")`` for that name, for ``"russian ministry of defence"`` and
        for ``"ministry of defense of the russian federation"``; None for other names.
    """
    for form in FORMS:
        m = form.fullmatch(key)
        if m is not None:
            return COUNTRIES[m["country"]], BODIES[m["body"]]
    return None


class BodyIndex(Generic[T]):
    """The items whose names name a state body, by ``body_key``; a key two items share
    is kept as ambiguous and matches neither."""

    def __init__(self, named: Iterable[tuple[str, T]]):
        """Index ``named``: (normalised name, item) pairs, e.g. each alias of each outlet."""
        self._items: dict[tuple[str, str], T | None] = {}
        for name, item in named:
            if (key := body_key(name)) is not None:
                if self._items.setdefault(key, item) is not item:
                    self._items[key] = None

    def get(self, name: str) -> T | None:
        """The one item naming the body that the normalised ``name`` names, else None."""
        key = body_key(name)
        return None if key is None else self._items.get(key)
