"""Cross-script word matching: transliteration, spelling skeletons, fuzzy names.

Claims are written in English while the sources are often Russian or Tajik, so
a name such as ``Ishkoshim`` has to be found as ``Ишкашимском`` (and
``10,000`` as ``10 тысяч``: :mod:`provenance.amounts`). Everything here is pure
str/regex work plus rapidfuzz; a page is indexed once (:class:`TokenIndex`) and
then probed with each claim token. The claim side (proper names, keywords) is
:mod:`provenance.claimwords`.

Matching one claim token against a page (:func:`match_token`), first hit wins:

1. the same word, lowercased;
2. a Russian stem from :data:`RU_STEMS` (translations and exonyms that no
   transliteration can reach: China → Китай, exercises → учения);
3. the same *skeleton*: both sides transliterated to Latin and reduced so
   that common Russian/Tajik/English spelling variants coincide
   (``tadzhik``/``tajik``, ``rakhim``/``rahim``, ``guo``/``go``);
4. a fuzzy skeleton within :data:`FUZZY_CUTOFF` (``ishkoshim``/``ishkashim``),
   where page words are also indexed without Russian case endings.
"""

from __future__ import annotations

import bisect
import functools
import importlib.resources
import json
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from unidecode import unidecode

LOGGER = logging.getLogger(__name__)

FUZZY_CUTOFF = 80.0  # rapidfuzz ratio (0..100) from which two skeletons are the same name
MIN_FUZZY_LEN = 4  # shorter skeletons must match exactly: "guo" ~ "go" only via rules

# Russian and Tajik letters, in the spelling English-language press uses
# (BGN/PCGN-like); unidecode handles every other script.
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya", "ғ": "gh", "ӣ": "i", "қ": "q", "ӯ": "u", "ҳ": "h", "ҷ": "j", "і": "i",
    "ї": "yi", "є": "ye", "ґ": "g", "ў": "u",
}  # fmt: skip
_TRANSLIT_TABLE = {ord(k): v for k, v in _CYRILLIC.items()} | {
    ord(k.upper()): v.capitalize() for k, v in _CYRILLIC.items()
}

# Skeleton rewrites, in order: longer spellings before their parts.
_SKELETON_RULES = (
    ("shch", "sh"), ("sch", "sh"), ("dzh", "j"), ("dj", "j"), ("zh", "j"), ("kh", "h"),
    ("tsz", "c"), ("ts", "c"), ("tz", "c"), ("gh", "g"), ("yo", "o"), ("yu", "u"),
    ("ya", "a"), ("ye", "e"), ("iy", "i"), ("yi", "i"), ("ij", "i"), ("y", "i"),
    ("uo", "o"), ("q", "k"), ("w", "v"), ("ph", "f"), ("x", "ks"),
)  # fmt: skip
DOUBLE_LETTER_RE = re.compile(r"(.)\1+")
NON_ALNUM_RE = re.compile(r"[^a-z0-9]+")
WORD_RE = re.compile(r"[^\W\d_](?:[^\W_]|['’](?=[^\W\d_]))*")  # letters; apostrophes inside
CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")
LATIN_WORD_RE = re.compile(r"[a-z\u00c0-\u024f]")  # a word starting with a Latin letter
POSSESSIVE_RE = re.compile(r"['’]s?$")

# Russian case and adjective endings, longest first; stripped from page words
# so that "Ишкашимском" is also indexed as "Ишкашим".
_RU_ENDINGS = tuple(
    sorted(
        "ского ской ском ских скому ским скую ский ская ское ские ами ями ого его ому ему "
        "ыми ими ой ей ом ем ам ям ах ях ов ев ую юю ая яя ое ее ые ие ый ий "
        "а я е у ю ы и ь".split(),
        key=len,
        reverse=True,
    )
)
MIN_STEM_LEN = 4

GLOSSARY_LANGUAGES = ("ru", "uk", "tg", "zh")
CJK_RE = re.compile(r"[\u3400-\u9fff]")


@functools.lru_cache(maxsize=1)
def glossary() -> dict[str, dict[str, tuple[str, ...]]]:
    """The bilingual glossary (provenance/data/glossary.json): English word prefix ->
    language -> stems of its translations and exonyms (China -> Китай, 中国).

    Returns:
        Prefix -> {language: stems}; Cyrillic stems start page words, Chinese ones occur
        anywhere in the text (Chinese is written without spaces).
    """
    resource = importlib.resources.files("provenance").joinpath("data", "glossary.json")
    terms = json.loads(resource.read_text(encoding="utf-8"))["terms"]
    return {
        key: {lang: tuple(entry.get(lang, ())) for lang in GLOSSARY_LANGUAGES}
        for key, entry in terms.items()
    }


# English word prefix -> Russian stems (the glossary's Russian column).
RU_STEMS: dict[str, tuple[str, ...]] = {k: v["ru"] for k, v in glossary().items() if v["ru"]}
_RU_KEYS = tuple(sorted(RU_STEMS, key=len, reverse=True))
_KEYS = tuple(sorted(glossary(), key=len, reverse=True))


def translit(text: str) -> str:
    """Transliterate Cyrillic (Russian, Tajik, Ukrainian) and other scripts to Latin.

    Args:
        text: any text.

    Returns:
        The text in ASCII Latin letters, case kept: ``Душанбе`` -> ``Dushanbe``.
    """
    return unidecode(text.translate(_TRANSLIT_TABLE))


@functools.lru_cache(maxsize=65536)
def skeleton(word: str) -> str:
    """Reduce a word to a canonical Latin form that absorbs spelling variants.

    Args:
        word: one word in any script.

    Returns:
        Lowercase ASCII, e.g. ``Таджикистан`` and ``Tajikistan`` both give
        ``tajikistan``, ``Рахимзода`` and ``Rahimzoda`` both ``rahimzoda``.
    """
    out = translit(word).lower()
    for old, new in _SKELETON_RULES:
        if old in out:
            out = out.replace(old, new)
    return DOUBLE_LETTER_RE.sub(r"\1", NON_ALNUM_RE.sub("", out))


def ru_stem(word: str) -> str:
    """Strip one Russian case or adjective ending, keeping at least four letters.

    Args:
        word: a lowercase Cyrillic word.

    Returns:
        The word without its ending (``ишкашимском`` -> ``ишкашим``), or unchanged.
    """
    for ending in _RU_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM_LEN:
            return word[: -len(ending)]
    return word


@functools.lru_cache(maxsize=4096)
def ru_stems_for(word: str) -> tuple[str, ...]:
    """Russian stems that translate an English word, from :data:`RU_STEMS`.

    Args:
        word: a lowercase English word.

    Returns:
        The stems of the longest matching key, or ``()``.
    """
    for key in _RU_KEYS:
        if word.startswith(key):
            return RU_STEMS[key]
    return ()


@functools.lru_cache(maxsize=4096)
def stems_for(word: str, languages: tuple[str, ...] = GLOSSARY_LANGUAGES) -> tuple[str, ...]:
    """Translation stems of an English word from the glossary (the longest key it starts with).

    Args:
        word: a lowercase English word.
        languages: the glossary columns to use.

    Returns:
        The stems, Russian first, or ``()``.
    """
    for key in _KEYS:
        if word.startswith(key):
            entry = glossary()[key]
            return tuple(dict.fromkeys(s for lang in languages for s in entry[lang]))
    return ()


def words(text: str) -> list[str]:
    """Split text into lowercase words (letters only; hyphens split words).

    Args:
        text: any text.

    Returns:
        The words in order, possessive ``'s`` removed.
    """
    return [POSSESSIVE_RE.sub("", w.lower().replace("’", "'")) for w in WORD_RE.findall(text)]


@dataclass
class TokenIndex:
    """The words of one page, indexed for :func:`match_token`."""

    words: set[str]
    sorted_words: list[str]  # for prefix look-ups of Russian stems
    by_skeleton: dict[str, str]  # skeleton (also of the ending-less word) -> page word
    skeletons: list[str]  # keys of by_skeleton, for rapidfuzz
    latin_share: float = 1.0  # share of the distinct words written in Latin letters
    cjk: str = ""  # the Chinese runs of the text, for glossary stems (no spaces to split on)

    @classmethod
    def from_text(cls, text: str) -> TokenIndex:
        """Index the words of ``text``.

        Args:
            text: page title and/or body.

        Returns:
            The index.
        """
        unique = set(words(text))
        by_skeleton: dict[str, str] = {}
        for word in sorted(unique):  # sorted: the same page always gives the same reasons
            sk = skeleton(word)
            if sk:
                by_skeleton.setdefault(sk, word)
            if CYRILLIC_RE.match(word):
                stem_sk = skeleton(ru_stem(word))
                if stem_sk:
                    by_skeleton.setdefault(stem_sk, word)
        latin = sum(1 for word in unique if LATIN_WORD_RE.match(word))
        share = latin / len(unique) if unique else 1.0
        cjk = " ".join(w for w in unique if CJK_RE.search(w))
        return cls(unique, sorted(unique), by_skeleton, list(by_skeleton), share, cjk)

    def with_prefix(self, prefix: str) -> str | None:
        """The first page word starting with ``prefix``, or None."""
        i = bisect.bisect_left(self.sorted_words, prefix)
        if i < len(self.sorted_words) and self.sorted_words[i].startswith(prefix):
            return self.sorted_words[i]
        return None


@functools.lru_cache(maxsize=64)
def index_text(text: str) -> TokenIndex:
    """Cached :meth:`TokenIndex.from_text`: one page is scored against many claims."""
    return TokenIndex.from_text(text)


def match_token(token: str, index: TokenIndex, fuzzy: bool = True) -> str | None:
    """Find one claim word on a page, across scripts.

    Args:
        token: a claim word (any case, any script).
        index: the page's :class:`TokenIndex`.
        fuzzy: also try near skeletons (step 4); off for common words, where a near
            spelling is more often another word than a variant of the same one.

    Returns:
        The page word that matched, or None.
    """
    word = POSSESSIVE_RE.sub("", token.lower())
    # 1. the same word
    if word in index.words:
        return word
    # 2. a translation or exonym stem (China -> Китай, 中国)
    for stem in stems_for(word):
        if CJK_RE.match(stem):
            if stem in index.cjk:
                return stem
            continue
        hit = index.with_prefix(stem)
        if hit:
            return hit
    # 3. the same skeleton (Tajikistan ~ Таджикистан)
    sk = skeleton(word)
    if not sk:
        return None
    if sk in index.by_skeleton:
        return index.by_skeleton[sk]
    # 4. a near skeleton (Ishkoshim ~ Ишкашим); too risky for short words
    if not fuzzy or len(sk) < MIN_FUZZY_LEN or not index.skeletons:
        return None
    best = process.extractOne(sk, index.skeletons, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
    return index.by_skeleton[best[0]] if best else None


def match_name(name: str, index: TokenIndex) -> list[str | None]:
    """Match each word of a (possibly multiword) name.

    Args:
        name: e.g. ``Sharali Mirzo``.
        index: the page's :class:`TokenIndex`.

    Returns:
        One page word (or None) per word of the name.
    """
    return [match_token(w, index) for w in words(name)]


def names_match(name: str, page_tokens: TokenIndex | Iterable[str]) -> str | None:
    """Say whether a name occurs on a page, in any script.

    A multiword name matches when at least half of its words do.

    Args:
        name: e.g. ``Ishkoshim`` or ``Guo Shengkun``.
        page_tokens: a :class:`TokenIndex`, or the page's words.

    Returns:
        The matched page word(s) joined by spaces (``ишкашимском``), or None.
    """
    if isinstance(page_tokens, TokenIndex):
        index = page_tokens
    else:
        index = index_text(" ".join(page_tokens))
    hits = match_name(name, index)
    found = [h for h in hits if h]
    if hits and 2 * len(found) >= len(hits):
        return " ".join(found)
    return None
