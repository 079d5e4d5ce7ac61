"""Romanisation variants of an outlet's name: "Rossiiskaya Gazeta" is "Rossiyskaya Gazeta".

English-language writing spells Russian, Ukrainian and Central Asian names in several
romanisations at once: й as y, i, j or ĭ ("Rossiyskaya", "Rossiiskaya", "Rossijskaja"),
я as ya, ia or ja, -ский as -sky, -skiy or -skii, х as kh or h, кс as ks or x, and a
soft sign as an apostrophe or nothing. A registry cannot list every spelling as an
alias, so the resolver falls back on a *romanised key* that folds these variants
together once no alias matched exactly.

The fold is deliberately narrow: only Latin-script names of at least ``MIN_KEY``
letters, and a key shared by two outlets belongs to neither (``SpellingIndex``), so a
short or ambiguous name never lands on the wrong outlet. Cyrillic and CJK names are
matched exactly (``normalise_name``): "АП" must not become "AP".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Generic, TypeVar

__all__ = ["MIN_KEY", "SpellingIndex", "romanised_key"]

T = TypeVar("T")

#: Keys shorter than this fold too much ("ria" and "ra" would meet): no fallback.
MIN_KEY = 6
_MARKS_RE = re.compile(r"[\u0300-\u036f]")  # combining marks left by NFKD: ĭ -> i
_NOT_ALNUM_RE = re.compile(r"[^a-z0-9]+")  # spaces, hyphens, dots, apostrophes (soft signs)
# Letter groups with a shorter twin in other systems: dzh/j (дж: Tadzhikistan, Tajikistan),
# kh/h (х), ks/x (кс), gh/g (Ferghana), tz/ts (ц). Applied in this order, one pass each.
_DIGRAPHS = (("dzh", "j"), ("kh", "h"), ("ks", "x"), ("gh", "g"), ("tz", "ts"))
_Y_TO_I = str.maketrans("jy", "ii")  # й, the y of я/ю/е, and ы: y, i or j
_REPEATED_I_RE = re.compile(r"i{2,}")  # -skii, -iy after the y -> i fold
_I_GLIDE_RE = re.compile(r"i(?=[aeou])")  # ia/ya/ja, iu/yu, ie/ye, io/yo: the glide goes


def romanised_key(key: str) -> str | None:
    """The key that folds romanisation variants of a normalised name together.

    Args:
        key: a name as ``normalise_name`` gives it (casefolded, spaces collapsed).

    Returns:
        E.g. ``"rossiiskaya gazeta"`` and ``"rossijskaja gazeta"`` both give
        ``"rossiskaagazeta"``, as ``"rossiyskaya gazeta"`` does; None for a name with
        non-Latin letters or shorter than ``MIN_KEY`` once folded.
    """
    if not key.isascii():
        key = _MARKS_RE.sub("", unicodedata.normalize("NFKD", key))
        if not key.isascii():
            return None
    key = _NOT_ALNUM_RE.sub("", key)
    for digraph, letter in _DIGRAPHS:
        if digraph in key:
            key = key.replace(digraph, letter)
    key = _I_GLIDE_RE.sub("", _REPEATED_I_RE.sub("i", key.translate(_Y_TO_I)))
    return key if len(key) >= MIN_KEY else None


class SpellingIndex(Generic[T]):
    """Romanised keys of names, each to the one item that has it.

    A key two items share is kept as ambiguous and matches neither: folding must not
    pick between two outlets whose names differ only in their romanisation.
    """

    def __init__(self, named: Iterable[tuple[str, T]]):
        """Index ``named``: (normalised name, item) pairs, e.g. each alias of each outlet."""
        self._items: dict[str, T | None] = {}
        for name, item in named:
            key = romanised_key(name)
            if key is None:
                continue
            seen = self._items.setdefault(key, item)
            if seen is not item:
                self._items[key] = None  # two items: the key names neither

    def get(self, name: str) -> T | None:
        """The one item whose name folds like ``name`` (normalised), else None."""
        key = romanised_key(name)
        return None if key is None else self._items.get(key)

    def ambiguous(self) -> list[str]:
        """The keys two items share, sorted (for tests and registry maintenance)."""
        return sorted(key for key, item in self._items.items() if item is None)
