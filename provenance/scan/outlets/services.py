"""An outlet's language service or title named through its owner: "RFE/RL's Russian Service".

Analysts name a broadcaster's language service by the broadcaster: "RFE/RL's Russian
Service", "Radio Liberty's Ukrainian Service", "the BBC's Russian service", "Voice of
America's Russian Service". A title of a publisher comes the same way: "Kommersant's
Vlast", "Jamestown's China Brief". The registry lists the services as outlets of their
own (Radio Svoboda, whose alias is "RFE/RL Russian Service", under RFE/RL), but no
registry can list every way of joining owner and service. Once no alias matched, the
resolver reads such a name as an owner and a part (``owned_part``), and the registry
places it (``Registry._owned``):

- "<owner>['s] <Language>[-language] service": the outlet of the owner's family that the
  registry calls "<…> <Language> Service" (Radio Svoboda for RFE/RL and Russian), else
  the owner itself when it publishes in that language (Voice of America in Russian, at
  golosameriki.com). A service the registry does not know stays unknown: its parent's
  site is not where its articles are (RFE/RL's Turkmen service is azathabar.com).
- "<owner>'s <part>": "<owner> <part>" when that is an alias ("Kommersant Vlast"), else
  the part when it is of the owner's family (China Brief is Jamestown's).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

from ...models import Outlet

__all__ = ["LANGUAGES", "OwnerIndex", "owned_part", "service_language"]

#: Languages by their English name (casefolded), as the registry's ``languages`` codes.
LANGUAGES = {
    "russian": "ru",
    "ukrainian": "uk",
    "belarusian": "be",
    "kazakh": "kk",
    "kyrgyz": "ky",
    "kirgiz": "ky",
    "tajik": "tg",
    "uzbek": "uz",
    "turkmen": "tk",
    "azerbaijani": "az",
    "azeri": "az",
    "armenian": "hy",
    "georgian": "ka",
    "romanian": "ro",
    "moldovan": "ro",
    "persian": "fa",
    "farsi": "fa",
    "tatar": "tt",
    "pashto": "ps",
    "dari": "prs",
    "chinese": "zh",
    "mandarin": "zh",
    "english": "en",
    "german": "de",
    "french": "fr",
}
#: "russian service", "russian-language service", "ukrainian service": of a normalised name.
SERVICE_RE = re.compile(r"(?P<language>[a-z]+)(?:[- ]language)? service\b")
#: "<owner>'s <part>" of a normalised name (quotes are straight after normalisation).
POSSESSIVE_RE = re.compile(r"(?P<owner>.+?)'s (?P<part>.+)")
#: "<owner> <language> service" without the possessive: "bbc ukrainian service".
OWNER_SERVICE_RE = re.compile(r"(?P<owner>.+?) (?P<service>[a-z]+(?:[- ]language)? service)")


def owned_part(key: str) -> tuple[str, str] | None:
    """The owner and the part that a normalised name names through its owner, else None.

    Args:
        key: a name as ``normalise_name`` gives it, e.g. ``"rfe/rl's russian service"``.

    Returns:
        E.g. ``("rfe/rl", "russian service")``, ``("kommersant", "vlast")`` or
        ``("bbc", "ukrainian service")``; None for a name of neither form.
    """
    if "'s " in key:
        m = POSSESSIVE_RE.fullmatch(key)
    elif key.endswith(" service"):
        m = OWNER_SERVICE_RE.fullmatch(key)
        if m is not None and service_language(m["service"]) is None:
            return None
    else:
        return None
    if m is None:
        return None
    return m["owner"], m.group(2)


def service_language(part: str) -> tuple[str, str] | None:
    """``(language word, code)`` of a part that is a language service, else None.

    Args:
        part: e.g. ``"russian service"`` or ``"ukrainian-language service"``.
    """
    m = SERVICE_RE.fullmatch(part)
    if m is None or (code := LANGUAGES.get(m["language"])) is None:
        return None
    return m["language"], code


def service_names(names: tuple[str, ...]) -> list[str]:
    """The language words of every "<…> <Language> Service" among an outlet's normalised
    names: ``["tajik"]`` for Radio Ozodi ("radio ozodi (rfe/rl tajik service)")."""
    found = []
    for name in names:
        for m in SERVICE_RE.finditer(name):
            if m["language"] in LANGUAGES:
                found.append(m["language"])
    return found


class OwnerIndex:
    """Places a part named through its owner among the registry's outlets."""

    def __init__(
        self,
        outlets: Iterable[Outlet],
        aliases: Mapping[str, Outlet],
        family: Callable[[Outlet], Outlet],
    ):
        """Index the language services of ``outlets`` by family and language word.

        Args:
            outlets: every registry entry.
            aliases: outlets by normalised alias (the registry's own index).
            family: the root of an outlet's ``parent`` chain.
        """
        self.outlets, self.aliases, self.family = list(outlets), aliases, family
        self.services: dict[tuple[str, str], Outlet | None] = {}
        for outlet in self.outlets:
            names = tuple(n.casefold() for n in (outlet.name, *outlet.aliases))
            for word in service_names(names):
                key = (family(outlet).id, word)
                if self.services.setdefault(key, outlet) is not outlet:
                    self.services[key] = None  # two outlets claim it: neither

    def part(self, owner: Outlet, owner_key: str, part: str) -> Outlet | None:
        """The outlet that ``part`` of ``owner`` (named ``owner_key``) is, else None."""
        if (service := service_language(part)) is not None:
            return self.service(owner, *service)
        if (joined := self.aliases.get(f"{owner_key} {part}")) is not None:
            return joined  # "kommersant vlast"
        named = self.aliases.get(part)
        if named is not None and self.family(named) is self.family(owner):
            return named  # "jamestown's china brief"
        return None

    def service(self, owner: Outlet, word: str, code: str) -> Outlet | None:
        """``owner``'s service in a language: the family's "<Language> Service", else
        its one outlet in that language first, else the owner when it publishes in it."""
        root = self.family(owner)
        found = self.services.get((root.id, word))
        if found is None:
            speakers = [
                o
                for o in self.outlets
                if o.languages[:1] == (code,) and o.parent and self.family(o) is root
            ]
            found = speakers[0] if len(speakers) == 1 else None
        if found is None and code in owner.languages:
            found = owner
        return found
